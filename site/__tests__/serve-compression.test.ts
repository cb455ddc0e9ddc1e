// The portal server's wrapper (site/src/lib/portal-server.ts) on 127.0.0.1, around a small handler
// that answers like @astrojs/node: static files through `send` (as the adapter serves client/), and
// routes that call writeHead with their headers and then write the body in chunks.
import http from 'node:http';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import send from 'send';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSnapshot } from '../../domain/snapshot.ts';
import { seedSnapshot } from '../../pipeline/__tests__/fixtures.ts';
import { compressible, negotiateEncoding } from '../src/lib/compression.ts';
import { createPortalServer, preloadCatalogLogged, startPortalServer } from '../src/lib/portal-server.ts';
import { loadPortal, portalLoaded } from '../src/lib/portal.ts';
import { preloadCatalog } from '../src/lib/preload.ts';
import { securityHeaders } from '../src/lib/security-headers.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'odp-serve-'));
const client = path.join(dir, 'client');
const catalog = path.join(dir, 'catalog', 'snapshot.json');
const page = `<!doctype html><html><body>${Array.from({ length: 400 }, (_, i) => `<p class="odp-hit">Tập dữ liệu số ${i}</p>`).join('')}</body></html>`;
// Large enough to be sent in many chunks.
const css = Array.from({ length: 20_000 }, (_, i) => `.odp-c${i}{color:#${(i % 4096).toString(16).padStart(3, '0')}}`).join('\n');
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.alloc(5000, 7)]);
const json = JSON.stringify({ success: true, result: Array.from({ length: 200 }, (_, i) => `dataset-${i}`) });

let firstRequestSawCatalog: boolean | undefined;
const logged: string[] = [];
const log = { log: (m: string) => logged.push(m), error: (m: string) => logged.push(m) };

function handler(req: http.IncomingMessage, res: http.ServerResponse): void {
  firstRequestSawCatalog ??= portalLoaded(catalog);
  const url = new URL(req.url ?? '/', 'http://x');
  if (url.pathname === '/api/3/action/package_list') {
    // As the adapter writes a Response: headers in writeHead, then the body in pieces.
    res.writeHead(url.searchParams.has('missing') ? 404 : 200, { 'content-type': 'application/json; charset=utf-8' });
    res.write(json.slice(0, 500));
    res.write(json.slice(500));
    res.end();
    return;
  }
  if (url.pathname === '/pre-encoded') {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
    res.end(zlib.gzipSync(page));
    return;
  }
  send(req, url.pathname, { root: client }).pipe(res);
}

let server: http.Server;
let base: { port: number };

beforeAll(async () => {
  mkdirSync(client, { recursive: true });
  mkdirSync(path.dirname(catalog), { recursive: true });
  writeFileSync(path.join(client, 'page.html'), page);
  writeFileSync(path.join(client, 'app.css'), css);
  writeFileSync(path.join(client, 'small.html'), '<p>nhỏ</p>');
  writeFileSync(path.join(client, 'logo.png'), png);
  writeSnapshot(catalog, seedSnapshot());
  expect(portalLoaded(catalog)).toBe(false);
  server = createPortalServer({ handler, headers: { plain: securityHeaders({ https: false }), secure: securityHeaders({ https: true }) }, trustProxy: false });
  await startPortalServer(server, { port: 0, host: '127.0.0.1', load: () => preloadCatalog(catalog), log });
  base = { port: (server.address() as AddressInfo).port };
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  raw: Buffer;
}

function get(pathname: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: base.port, path: pathname, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, raw: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

function decoded(a: Answer): Buffer {
  const enc = a.headers['content-encoding'];
  if (enc === 'br') return zlib.brotliDecompressSync(a.raw);
  if (enc === 'gzip') return zlib.gunzipSync(a.raw);
  return a.raw;
}

describe('portal server: catalog loaded at start', () => {
  it('loads the catalog before it listens, and logs one line saying so', async () => {
    expect(portalLoaded(catalog)).toBe(true);
    await get('/small.html');
    expect(firstRequestSawCatalog).toBe(true);
    expect(logged.filter((l) => l.includes('catalog loaded'))).toEqual([expect.stringContaining(`(${loadPortal(catalog).datasets.length} datasets)`)]);
  });

  it('starts anyway when the snapshot is missing, saying why', async () => {
    const lines: string[] = [];
    const other = createPortalServer({ handler, headers: { plain: {}, secure: {} }, trustProxy: false });
    await startPortalServer(other, {
      port: 0,
      host: '127.0.0.1',
      load: () => preloadCatalog(path.join(dir, 'none.json')),
      log: { log: (m: string) => lines.push(m), error: (m: string) => lines.push(m) },
    });
    expect(other.listening).toBe(true);
    expect(lines).toEqual([expect.stringContaining('could not load the catalog')]);
    await new Promise((resolve) => other.close(resolve));
    expect(preloadCatalogLogged(() => ({ datasets: 3 }), { log: () => {}, error: () => {} })).toBe(true);
  });
});

describe('portal server: compression', () => {
  it.each(['/page.html', '/app.css', '/api/3/action/package_list', '/api/3/action/package_list?missing'])('sends %s as br and gzip that decode to the identity bytes', async (p) => {
    const identity = await get(p);
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.headers.vary).toMatch(/Accept-Encoding/);
    for (const [accept, enc] of [
      ['gzip, deflate, br', 'br'],
      ['gzip', 'gzip'],
      ['br;q=0.5, gzip', 'gzip'],
    ] as const) {
      const a = await get(p, { 'accept-encoding': accept });
      expect(a.status).toBe(identity.status);
      expect(a.headers['content-encoding']).toBe(enc);
      expect(a.headers['content-length']).toBeUndefined();
      expect(a.headers.vary).toMatch(/Accept-Encoding/);
      expect(a.raw.length).toBeLessThan(identity.raw.length);
      expect(decoded(a).equals(identity.raw)).toBe(true);
    }
  });

  it('keeps the status code and every security header', async () => {
    const a = await get('/api/3/action/package_list?missing', { 'accept-encoding': 'br' });
    expect(a.status).toBe(404);
    for (const [name, value] of Object.entries(securityHeaders({ https: false }))) expect(a.headers[name.toLowerCase()]).toBe(value);
  });

  it('leaves small, binary and already encoded bodies as they are', async () => {
    const small = await get('/small.html', { 'accept-encoding': 'br, gzip' });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.raw.toString()).toBe('<p>nhỏ</p>');
    const image = await get('/logo.png', { 'accept-encoding': 'br, gzip' });
    expect(image.headers['content-encoding']).toBeUndefined();
    expect(image.headers.vary).toBeUndefined();
    expect(image.raw.equals(png)).toBe(true);
    const pre = await get('/pre-encoded', { 'accept-encoding': 'br, gzip' });
    expect(pre.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(pre.raw).toString()).toBe(page);
  });

  it('answers range requests and HEAD without compressing', async () => {
    const range = await get('/app.css', { 'accept-encoding': 'br, gzip', range: 'bytes=0-99' });
    expect(range.status).toBe(206);
    expect(range.headers['content-encoding']).toBeUndefined();
    expect(range.raw.toString()).toBe(css.slice(0, 100));
    const head = await get('/page.html', { 'accept-encoding': 'br, gzip' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.raw.length).toBe(0);
    expect(head.headers['content-encoding']).toBeUndefined();
    expect(head.headers['content-length']).toBe(String(Buffer.byteLength(page)));
    expect(head.headers.vary).toMatch(/Accept-Encoding/);
    expect(head.headers['x-content-type-options']).toBe('nosniff');
  });

  it('negotiates br first, then gzip, honouring q=0 and *', () => {
    expect(negotiateEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(negotiateEncoding('gzip;q=1, br;q=0')).toBe('gzip');
    expect(negotiateEncoding('*')).toBe('br');
    expect(negotiateEncoding('identity')).toBeUndefined();
    expect(negotiateEncoding(undefined)).toBeUndefined();
    expect(['text/html; charset=utf-8', 'application/ld+json', 'text/turtle', 'text/csv', 'image/svg+xml', 'application/atom+xml', 'text/javascript'].every(compressible)).toBe(true);
    expect(['image/png', 'application/zip', 'application/pdf', undefined].some(compressible)).toBe(false);
  });
});
