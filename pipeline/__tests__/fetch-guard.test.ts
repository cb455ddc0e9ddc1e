// The server's fetchers (link check at build, health monitor, JSON-LD contexts at harvest) call an
// address an editor or a source typed only through the guarded fetch. Servers on 127.0.0.1 stand
// for the machine's own ports: each records whether it was called.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parseFetchAllow } from '../../platform/safe-fetch.ts';
import { readRdf } from '../harvest/read-rdf.ts';
import { runHealthPass } from '../health-monitor.ts';
import { profileDistributions } from '../profile-files.ts';
import { seedSnapshot } from './fixtures.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'odp-fetch-guard-'));
const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise<void>((r) => s.close(() => r()));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A server on 127.0.0.1 answering `body`, counting its requests. */
async function serve(body: string, type = 'text/plain'): Promise<{ url: string; port: number; calls: () => number }> {
  let calls = 0;
  const server = createServer((_req, res) => {
    calls++;
    res.writeHead(200, { 'content-type': type, 'content-length': Buffer.byteLength(body) }).end(body);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}`, port, calls: () => calls };
}

describe('fetches of addresses someone typed', () => {
  it('does not fetch a loopback accessURL at build (the page showed open ports)', async () => {
    const s = await serve('a,b\n1,2\n', 'text/csv');
    const snapshot = seedSnapshot();
    const [first] = snapshot.datasets;
    const dataset = { ...first!, distribution: [{ ...first!.distribution[0]!, id: 'cong-noi-bo', accessURL: `${s.url}/admin`, downloadURL: `${s.url}/admin` }] };
    const one = { ...snapshot, datasets: [dataset] };
    const o = { publicDir: path.join(dir, 'public'), cacheDir: path.join(dir, 'cache'), checkLinks: true };

    const refused = (await profileDistributions(one, o)).profiles['cong-noi-bo'];
    expect(refused).toMatchObject({ status: 'unreachable', answers: false });
    expect(refused?.httpStatus).toBeUndefined();
    expect(refused?.message?.vi).toContain('mạng nội bộ');
    expect(refused?.message?.en).toContain('private network');
    expect(s.calls()).toBe(0);

    // The same link on a server the operator allows is checked as any other.
    const allowed = (await profileDistributions(one, { ...o, allow: parseFetchAllow(`127.0.0.1:${s.port}`) })).profiles['cong-noi-bo'];
    expect(allowed).toMatchObject({ status: 'link-only', answers: true, httpStatus: 200 });
    expect(s.calls()).toBeGreaterThan(0);
  });

  it('does not call a loopback healthURL (the status page showed which ports answered)', async () => {
    const s = await serve('{"status":"ok"}', 'application/json');
    const file = path.join(dir, 'health.jsonl');
    const [refused] = await runHealthPass([{ service: 'dich-vu-noi-bo', url: `${s.url}/health` }], { file });
    expect(refused).toMatchObject({ ok: false, error: 'not a public address' });
    expect(refused?.status).toBeUndefined();
    expect(s.calls()).toBe(0);

    const [allowed] = await runHealthPass([{ service: 'dich-vu-noi-bo', url: `${s.url}/health` }], { file, allow: parseFetchAllow(`127.0.0.1:${s.port}`) });
    expect(allowed).toMatchObject({ ok: true, status: 200 });
    expect(s.calls()).toBe(1);
  });

  it('does not load a JSON-LD @context from a loopback address at harvest', async () => {
    const context = { '@context': { dcat: 'http://www.w3.org/ns/dcat#', title: 'http://purl.org/dc/terms/title' } };
    const s = await serve(JSON.stringify(context), 'application/ld+json');
    const doc = JSON.stringify({ '@context': `${s.url}/context.jsonld`, '@id': 'https://data.example.org/d/1', '@type': 'dcat:Dataset', title: 'Bãi giữ xe' });
    const refused = readRdf(doc, 'jsonld', 'nguon.jsonld');
    await expect(refused).rejects.toMatchObject({ code: 'HARVEST_CONTEXT' });
    await expect(refused).rejects.toThrow(/not fetching 127\.0\.0\.1/);
    expect(s.calls()).toBe(0);

    const store = await readRdf(doc, 'jsonld', 'nguon.jsonld', { allow: parseFetchAllow(`127.0.0.1:${s.port}`) });
    expect(store.getQuads(null, 'http://purl.org/dc/terms/title', null, null).map((q) => q.object.value)).toEqual(['Bãi giữ xe']);
    expect(s.calls()).toBe(1);
  });
});
