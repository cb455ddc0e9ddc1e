// The one way the server fetches an address that someone else typed: a distribution's link at build,
// a service's health URL, a harvest source, a JSON-LD context. Without it, an editor could make the
// server call the machine itself or the city's private network (and the status page then showed
// which ports answered). The guard:
// - resolves the host once (every address) and refuses when any address is not public, unless the
//   operator's allow-list (ODP_FETCH_ALLOW) names the host or its range;
// - connects to the addresses it checked (no second DNS answer between check and connect);
// - follows redirects itself, checking every hop, at most 5;
// - stops at a deadline and at a maximum response size.
import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { OdpError } from '../catalog-schema/src/errors.ts';
import { addressKind, canonicalHost, formatIp, hostKindLabel, isAllowed, parseAllowList, parseIp, type AllowList, type IpAddress } from '../catalog-schema/src/network-address.ts';

export type FetchAllowList = AllowList;

/**
 * ODP_FETCH_ALLOW: the city's internal services the server must reach although they are not public
 * (an LGSP on a private network): comma-separated host names, addresses or CIDR ranges, each
 * optionally with a port ("lgsp.tphcm.internal, 10.20.0.0/16, 10.30.0.5:8443"). Empty: none.
 */
export function parseFetchAllow(raw: string | undefined): FetchAllowList {
  try {
    return parseAllowList(raw);
  } catch (err) {
    throw new OdpError('CONFIG_INVALID', `ODP_FETCH_ALLOW: ${(err as Error).message}`, { cause: err });
  }
}

export class SafeFetchError extends OdpError {
  override name = 'SafeFetchError';
  /** A few words for logs and the status pages: "timeout", "ECONNREFUSED", "not a public address"… */
  readonly reason: string;
  constructor(code: string, reason: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.reason = reason;
  }
}

export interface ResolvedAddress {
  address: string;
  family: number;
}
/** Host name to addresses; the system resolver unless a test gives its own. */
export type Resolver = (host: string) => Promise<ResolvedAddress[]>;

const systemResolver: Resolver = (host) => dnsLookup(host, { all: true, verbatim: true });

export interface SafeFetchOptions {
  method?: 'GET' | 'HEAD';
  headers?: Record<string, string>;
  /** Hosts and ranges reachable although not public (parseFetchAllow). */
  allow?: FetchAllowList;
  /** For the whole exchange, redirects included. */
  timeoutMs?: number;
  /** Largest body read; a larger one is an error (FETCH_TOO_LARGE). */
  maxBytes?: number;
  /** 'follow' (default, at most `maxRedirects`) or 'manual' (a 3xx answer is returned as it is). */
  redirect?: 'follow' | 'manual';
  maxRedirects?: number;
  /** 'discard': the answer ends with its status and headers (link and health checks). */
  body?: 'read' | 'discard';
  resolve?: Resolver;
}

export interface SafeResponse {
  /** The address that answered, after redirects. */
  url: string;
  status: number;
  ok: boolean;
  headers: Headers;
  body: Buffer;
  text(): string;
  json(): unknown;
}

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

function target(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new SafeFetchError('FETCH_INVALID_URL', 'invalid URL', `Địa chỉ không hợp lệ / not a valid URL: ${text}`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) {
    throw new SafeFetchError('FETCH_INVALID_URL', 'invalid URL', `Chỉ gọi được địa chỉ http(s) có tên máy / only http(s) URLs with a host are fetched: ${text}`);
  }
  return url;
}

function portOf(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}

function untilDeadline<T>(p: Promise<T>, deadline: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(timeoutError(what)), Math.max(0, deadline - Date.now()));
    p.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

function timeoutError(what: string): SafeFetchError {
  return new SafeFetchError('FETCH_TIMEOUT', 'timeout', `Quá thời gian chờ / timed out: ${what}`);
}

/** The addresses a request to `url` may connect to, every one checked; throws when one is not allowed. */
async function checkedAddresses(url: URL, allow: FetchAllowList, resolve: Resolver, deadline: number): Promise<IpAddress[]> {
  const host = canonicalHost(url.hostname);
  const port = portOf(url);
  const literal = parseIp(host);
  let addresses: IpAddress[];
  if (literal) addresses = [literal];
  else {
    let found: ResolvedAddress[];
    try {
      found = await untilDeadline(resolve(host), deadline, host);
    } catch (err) {
      if (err instanceof SafeFetchError) throw err;
      const code = (err as NodeJS.ErrnoException).code ?? 'DNS';
      throw new SafeFetchError('FETCH_DNS', code, `Không tìm thấy máy / cannot resolve ${host} (${code})`, { cause: err });
    }
    addresses = found.map((a) => parseIp(a.address)).filter((a): a is IpAddress => !!a);
    if (!addresses.length) throw new SafeFetchError('FETCH_DNS', 'ENOTFOUND', `Không tìm thấy máy / cannot resolve ${host}`);
  }
  const nameAllowed = !literal && isAllowed(allow, { host, port });
  for (const a of addresses) {
    const kind = addressKind(a);
    if (kind === 'public' || nameAllowed || isAllowed(allow, { address: a, port })) continue;
    const label = hostKindLabel(kind);
    throw new SafeFetchError(
      'FETCH_NOT_PUBLIC',
      'not a public address',
      `Không gọi ${host} (${formatIp(a)}): ${label.vi}; chỉ gọi địa chỉ công khai hoặc máy chủ nội bộ được phép (ODP_FETCH_ALLOW) / ` +
        `not fetching ${host} (${formatIp(a)}): ${label.en}; only public addresses or allowed internal servers (ODP_FETCH_ALLOW) are fetched`,
    );
  }
  return addresses;
}

function toHeaders(raw: IncomingHttpHeaders): Headers {
  const h = new Headers();
  for (const [k, v] of Object.entries(raw)) {
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) h.append(k, one);
  }
  return h;
}

function response(url: URL, res: IncomingMessage, body: Buffer): SafeResponse {
  const status = res.statusCode ?? 0;
  const headers = toHeaders(res.headers);
  return {
    url: url.href,
    status,
    ok: status >= 200 && status < 300,
    headers,
    body,
    text() {
      const charset = /charset="?([^";\s]+)/i.exec(headers.get('content-type') ?? '')?.[1];
      try {
        return new TextDecoder(charset ?? 'utf-8').decode(body);
      } catch {
        return new TextDecoder('utf-8').decode(body);
      }
    },
    json() {
      return JSON.parse(this.text()) as unknown;
    },
  };
}

type Exchange = { redirectTo?: string; response: SafeResponse };

/** One request to `url`, connected to `addresses` only. */
function exchange(url: URL, method: 'GET' | 'HEAD', addresses: IpAddress[], o: SafeFetchOptions, deadline: number): Promise<Exchange> {
  const maxBytes = o.maxBytes ?? 10 * 1024 * 1024;
  const pinned = addresses.map((a): LookupAddress => ({ address: formatIp(a), family: a.version }));
  // Node asks this instead of the DNS: the answer is the list checked above, whatever the name.
  const lookup = (_host: string, opts: LookupOptions, cb: (err: Error | null, address: string | LookupAddress[], family?: number) => void) => {
    const wanted = opts.family === 4 || opts.family === 6 ? pinned.filter((a) => a.family === opts.family) : pinned;
    const list = wanted.length ? wanted : pinned;
    if (opts.all) cb(null, list);
    else cb(null, list[0]!.address, list[0]!.family);
  };
  return new Promise<Exchange>((resolve, reject) => {
    let settled = false;
    const finish = (f: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      f();
    };
    const fail = (err: Error) => finish(() => reject(err));
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    // agent: false, a connection of its own: no pooled socket can lead somewhere else.
    const req = send(url, { method, agent: false, lookup, headers: { 'user-agent': 'odp-portal', 'accept-encoding': 'identity', ...o.headers } }, (res) => {
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (redirectStatuses.has(status) && location && o.redirect !== 'manual') {
        res.destroy();
        return finish(() => resolve({ redirectTo: location, response: response(url, res, Buffer.alloc(0)) }));
      }
      if (method === 'HEAD' || o.body === 'discard') {
        res.destroy();
        return finish(() => resolve({ response: response(url, res, Buffer.alloc(0)) }));
      }
      const tooLarge = () => new SafeFetchError('FETCH_TOO_LARGE', 'response too large', `Câu trả lời lớn hơn / the answer is larger than ${maxBytes} bytes: ${url.href}`);
      if (Number(res.headers['content-length']) > maxBytes) {
        res.destroy();
        return fail(tooLarge());
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > maxBytes) {
          res.destroy();
          fail(tooLarge());
        } else chunks.push(c);
      });
      res.on('end', () => finish(() => resolve({ response: response(url, res, Buffer.concat(chunks)) })));
      res.on('error', (err) => fail(networkError(url, err)));
      res.on('close', () => fail(networkError(url, Object.assign(new Error('connection closed before the end of the answer'), { code: 'ECONNRESET' }))));
    });
    const timer = setTimeout(
      () => {
        fail(timeoutError(url.href));
        req.destroy();
      },
      Math.max(0, deadline - Date.now()),
    );
    req.on('error', (err) => fail(networkError(url, err)));
    req.end();
  });
}

function networkError(url: URL, err: Error): SafeFetchError {
  if (err instanceof SafeFetchError) return err;
  const code = (err as NodeJS.ErrnoException).code ?? 'network error';
  return new SafeFetchError('FETCH_NETWORK', code, `Không kết nối được / cannot reach ${url.href} (${code})`, { cause: err });
}

/**
 * Fetches an http(s) address as the guard allows (see the top of this file). Throws SafeFetchError:
 * FETCH_INVALID_URL, FETCH_NOT_PUBLIC, FETCH_DNS, FETCH_NETWORK, FETCH_TIMEOUT, FETCH_TOO_LARGE,
 * FETCH_TOO_MANY_REDIRECTS. An HTTP error status is an answer, not an error.
 */
export async function safeFetch(address: string, o: SafeFetchOptions = {}): Promise<SafeResponse> {
  const deadline = Date.now() + (o.timeoutMs ?? 15_000);
  const maxRedirects = o.maxRedirects ?? 5;
  let url = target(address);
  let method = o.method ?? 'GET';
  for (let hop = 0; ; hop++) {
    const addresses = await checkedAddresses(url, o.allow ?? [], o.resolve ?? systemResolver, deadline);
    const { redirectTo, response } = await exchange(url, method, addresses, o, deadline);
    if (redirectTo === undefined) return response;
    if (hop >= maxRedirects) {
      throw new SafeFetchError('FETCH_TOO_MANY_REDIRECTS', 'too many redirects', `Quá ${maxRedirects} lần chuyển hướng / more than ${maxRedirects} redirects from ${address}`);
    }
    let next: string;
    try {
      next = new URL(redirectTo, url).href;
    } catch {
      throw new SafeFetchError('FETCH_INVALID_URL', 'invalid URL', `Chuyển hướng tới địa chỉ không hợp lệ / redirect to an invalid URL: ${redirectTo}`);
    }
    url = target(next);
    if (response.status === 303 && method !== 'HEAD') method = 'GET';
  }
}
