// The guarded fetch against real HTTP servers on 127.0.0.1: nothing here leaves the machine.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, fetchAllowList, readConfig } from '../config.ts';
import { parseFetchAllow, safeFetch, SafeFetchError, type Resolver } from '../safe-fetch.ts';

interface Recorded {
  url: string;
  port: number;
  requests: IncomingMessage[];
}

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }
});

/** A server on 127.0.0.1 that records every request it gets. */
async function serve(handle: (req: IncomingMessage, res: ServerResponse) => void = (_q, res) => void res.end('hello')): Promise<Recorded> {
  const requests: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    requests.push(req);
    handle(req, res);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}`, port, requests };
}

async function refusal(p: Promise<unknown>): Promise<SafeFetchError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SafeFetchError);
  return err as SafeFetchError;
}

describe('the guarded fetch', () => {
  it('does not call a server on loopback (an editor could probe the machine)', async () => {
    const s = await serve();
    const err = await refusal(safeFetch(`${s.url}/admin`));
    expect(err.code).toBe('FETCH_NOT_PUBLIC');
    expect(err.reason).toBe('not a public address');
    expect(err.message).toContain('127.0.0.1');
    expect(err.message).toMatch(/Không gọi .* \/ not fetching/);
    expect(s.requests).toHaveLength(0);
  });

  it('does not call a host name that resolves to loopback (localhost)', async () => {
    const s = await serve();
    const err = await refusal(safeFetch(`http://localhost:${s.port}/`));
    expect(err.code).toBe('FETCH_NOT_PUBLIC');
    expect(s.requests).toHaveLength(0);
  });

  it('does not call loopback written as IPv6 or as IPv4 inside IPv6', async () => {
    const s = await serve();
    for (const url of [`http://[::1]:${s.port}/`, `http://[::ffff:127.0.0.1]:${s.port}/`, `http://[::ffff:7f00:1]:${s.port}/`, `http://0x7f.1:${s.port}/`]) {
      expect((await refusal(safeFetch(url))).code, url).toBe('FETCH_NOT_PUBLIC');
    }
    expect(s.requests).toHaveLength(0);
  });

  it('calls a loopback server the allow-list names (an internal service of the city)', async () => {
    const s = await serve((_q, res) => void res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('Xin chào'));
    const res = await safeFetch(`${s.url}/health`, { allow: parseFetchAllow(`127.0.0.1:${s.port}`) });
    expect({ status: res.status, ok: res.ok, text: res.text() }).toEqual({ status: 200, ok: true, text: 'Xin chào' });
    expect(s.requests.map((r) => r.url)).toEqual(['/health']);
    // A range allows every port; a name allows what it resolves to.
    expect((await safeFetch(s.url, { allow: parseFetchAllow('127.0.0.0/8') })).status).toBe(200);
    expect((await safeFetch(`http://localhost:${s.port}/`, { allow: parseFetchAllow('localhost') })).status).toBe(200);
  });

  it('refuses, at the hop, a redirect from an allowed server to a port the allow-list does not name', async () => {
    const inner = await serve();
    const outer = await serve((_q, res) => void res.writeHead(302, { location: `http://127.0.0.1:${inner.port}/secret` }).end());
    const err = await refusal(safeFetch(`${outer.url}/start`, { allow: parseFetchAllow(`127.0.0.1:${outer.port}`) }));
    expect(err.code).toBe('FETCH_NOT_PUBLIC');
    expect(outer.requests).toHaveLength(1);
    expect(inner.requests).toHaveLength(0);
  });

  it('follows redirects between allowed servers, at most 5', async () => {
    const target = await serve((_q, res) => void res.end('arrived'));
    const hops = await serve((req, res) => {
      const n = Number(req.url?.slice(1));
      res.writeHead(301, { location: n < 3 ? `/${n + 1}` : `http://127.0.0.1:${target.port}/end` }).end();
    });
    const allow = parseFetchAllow(`127.0.0.1:${hops.port}, 127.0.0.1:${target.port}`);
    const res = await safeFetch(`${hops.url}/0`, { allow });
    expect([res.text(), res.url]).toEqual(['arrived', `${target.url}/end`]);

    const loop = await serve((_q, res) => void res.writeHead(307, { location: '/again' }).end());
    const err = await refusal(safeFetch(loop.url, { allow: parseFetchAllow(`127.0.0.1:${loop.port}`) }));
    expect(err.code).toBe('FETCH_TOO_MANY_REDIRECTS');
    expect(loop.requests).toHaveLength(6);

    const manual = await safeFetch(loop.url, { allow: parseFetchAllow(`127.0.0.1:${loop.port}`), redirect: 'manual' });
    expect([manual.status, manual.headers.get('location')]).toEqual([307, '/again']);
  });

  it('refuses other schemes, and a redirect to one', async () => {
    for (const url of ['file:///etc/passwd', 'ftp://example.org/', 'gopher://127.0.0.1:25/', 'http://', 'not a url']) {
      expect((await refusal(safeFetch(url))).code, url).toBe('FETCH_INVALID_URL');
    }
    const s = await serve((_q, res) => void res.writeHead(302, { location: 'file:///etc/passwd' }).end());
    expect((await refusal(safeFetch(s.url, { allow: parseFetchAllow(`127.0.0.1:${s.port}`) }))).code).toBe('FETCH_INVALID_URL');
  });

  it('connects to the address it checked, not to a second DNS answer (a rebinding name)', async () => {
    const s = await serve();
    let calls = 0;
    // First answer: the allowed address; any later answer: another loopback address not allowed.
    const resolve: Resolver = () => Promise.resolve([{ address: calls++ === 0 ? '127.0.0.1' : '127.0.0.2', family: 4 }]);
    const res = await safeFetch(`http://rebind.example:${s.port}/`, { allow: parseFetchAllow('127.0.0.1/32'), resolve });
    expect(res.status).toBe(200);
    expect(calls).toBe(1);
    expect(s.requests[0]?.headers.host).toBe(`rebind.example:${s.port}`);
  });

  it('refuses a name when any of its addresses is not public', async () => {
    const resolve: Resolver = () =>
      Promise.resolve([
        { address: '93.184.216.34', family: 4 },
        { address: '10.0.0.7', family: 4 },
      ]);
    const err = await refusal(safeFetch('http://mixed.example/', { resolve }));
    expect(err.code).toBe('FETCH_NOT_PUBLIC');
    expect(err.message).toContain('10.0.0.7');
  });

  it('stops reading at the size limit, announced or not', async () => {
    const announced = await serve((_q, res) => void res.writeHead(200, { 'content-length': '5000' }).end('x'.repeat(5000)));
    const streamed = await serve((_q, res) => {
      res.writeHead(200);
      res.write('x'.repeat(3000));
      res.end('y'.repeat(3000));
    });
    const allow = parseFetchAllow('127.0.0.1');
    expect((await refusal(safeFetch(announced.url, { allow, maxBytes: 1000 }))).code).toBe('FETCH_TOO_LARGE');
    expect((await refusal(safeFetch(streamed.url, { allow, maxBytes: 4000 }))).code).toBe('FETCH_TOO_LARGE');
    expect((await safeFetch(streamed.url, { allow, maxBytes: 6000 })).body.length).toBe(6000);
  });

  it('gives up at the deadline', async () => {
    const silent = await serve(() => undefined);
    const err = await refusal(safeFetch(silent.url, { allow: parseFetchAllow('127.0.0.1'), timeoutMs: 200 }));
    expect([err.code, err.reason]).toEqual(['FETCH_TIMEOUT', 'timeout']);
  });

  it('reports a refused connection by its system code', async () => {
    const s = await serve();
    const port = s.port;
    servers.splice(0).forEach((x) => x.close());
    const err = await refusal(safeFetch(`http://127.0.0.1:${port}/`, { allow: parseFetchAllow('127.0.0.1') }));
    expect([err.code, err.reason]).toEqual(['FETCH_NETWORK', 'ECONNREFUSED']);
  });
});

describe('ODP_FETCH_ALLOW', () => {
  it('names the variable and the entry it cannot read', () => {
    expect(() => parseFetchAllow('10.0.0.0/8, 10.0.0.0/40')).toThrow(/^ODP_FETCH_ALLOW: .*"10\.0\.0\.0\/40"/);
    expect(parseFetchAllow(undefined)).toEqual([]);
    expect(parseFetchAllow(' , ')).toEqual([]);
  });

  it('is read with the rest of the configuration: a bad entry stops start-up, a good list reaches the fetchers', async () => {
    expect(() => readConfig({ ODP_FETCH_ALLOW: '10.0.0.0/40' })).toThrow(ConfigError);
    expect(fetchAllowList(readConfig({}))).toEqual([]);
    const s = await serve();
    const res = await safeFetch(s.url, { allow: fetchAllowList(readConfig({ ODP_FETCH_ALLOW: `lgsp.tphcm.internal, 127.0.0.1:${s.port}` })) });
    expect(res.status).toBe(200);
  });
});
