// Compression of what the portal server sends, static files and server routes alike. @astrojs/node
// compresses nothing, so site/serve.ts wraps each response: the body goes through a zlib stream
// chunk by chunk (large files are never held whole), and only the headers that describe the
// encoding change (status codes and security headers are left as they are).
import type http from 'node:http';
import zlib from 'node:zlib';

export type Encoding = 'br' | 'gzip';

/** Bodies smaller than this are sent as they are: the framing costs more than it saves. */
export const minCompressBytes = 1024;

const textTypes = new Set([
  'application/json',
  'application/ld+json',
  'application/geo+json',
  'application/javascript',
  'application/xml',
  'application/atom+xml',
  'application/rss+xml',
  'application/rdf+xml',
  'application/manifest+json',
  'image/svg+xml',
]);

/** Whether a Content-Type is text worth compressing (HTML, JSON, JS, CSS, XML, SVG, Turtle, CSV…). */
export function compressible(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return type.startsWith('text/') || textTypes.has(type) || type.endsWith('+json') || type.endsWith('+xml');
}

/** The encoding to use for an Accept-Encoding header: br preferred, then gzip; none refused with q=0. */
export function negotiateEncoding(acceptEncoding: string | undefined): Encoding | undefined {
  const q = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name, Number.isFinite(value) ? value : 0);
  }
  const weight = (name: Encoding) => q.get(name) ?? (q.has('*') ? q.get('*')! : 0);
  if (weight('br') > 0 && weight('br') >= weight('gzip')) return 'br';
  if (weight('gzip') > 0) return 'gzip';
  return undefined;
}

function addVary(res: http.ServerResponse, field: string): void {
  const current = res.getHeader('vary');
  const list = (Array.isArray(current) ? current.join(',') : String(current ?? ''))
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  if (list.includes('*') || list.some((v) => v.toLowerCase() === field.toLowerCase())) return;
  res.setHeader('Vary', [...list, field].join(', '));
}

function encoder(encoding: Encoding): zlib.Gzip | zlib.BrotliCompress {
  // Brotli's default quality (11) costs too much per request; 5 is close in size and many times faster.
  return encoding === 'br' ? zlib.createBrotliCompress({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } }) : zlib.createGzip();
}

type Chunk = string | Uint8Array;
type Callback = (err?: Error | null) => void;

function byteLength(chunk: Chunk | undefined, encoding?: BufferEncoding): number {
  if (chunk === undefined || chunk === null) return 0;
  return typeof chunk === 'string' ? Buffer.byteLength(chunk, encoding) : chunk.byteLength;
}

/**
 * Makes `res` compress its body when the request accepts br or gzip and the response is text of at
 * least `minBytes`. Not compressed: HEAD, range requests, statuses without a body, bodies already
 * encoded, `Cache-Control: no-transform`. Every compressible response says `Vary: Accept-Encoding`.
 */
export function compressResponses(req: http.IncomingMessage, res: http.ServerResponse, minBytes = minCompressBytes): void {
  const accepted = negotiateEncoding(req.headers['accept-encoding']);
  const origWriteHead = res.writeHead.bind(res) as (...args: unknown[]) => http.ServerResponse;
  const origWrite = res.write.bind(res) as (...args: unknown[]) => boolean;
  const origEnd = res.end.bind(res) as (...args: unknown[]) => http.ServerResponse;
  let decided = false;
  let stream: zlib.Gzip | zlib.BrotliCompress | undefined;

  // Called once, before any header is sent, with the body size when it is known.
  const decide = (knownBytes?: number) => {
    decided = true;
    const status = res.statusCode;
    if (status < 200 || status === 204 || status === 304 || status === 206) return;
    if (!compressible(res.getHeader('content-type') as string | undefined)) return;
    addVary(res, 'Accept-Encoding');
    if (!accepted || req.method === 'HEAD' || req.headers.range) return;
    if (res.getHeader('content-encoding')) return;
    if (/\bno-transform\b/i.test(String(res.getHeader('cache-control') ?? ''))) return;
    const length = knownBytes ?? (res.getHeader('content-length') !== undefined ? Number(res.getHeader('content-length')) : undefined);
    if (length !== undefined && length < minBytes) return;
    res.setHeader('Content-Encoding', accepted);
    res.removeHeader('Content-Length');
    // The compressed body is another representation: its validator must not claim byte equality.
    const etag = res.getHeader('etag');
    if (typeof etag === 'string' && !etag.startsWith('W/')) res.setHeader('ETag', `W/${etag}`);
    stream = encoder(accepted);
    stream.on('data', (data: Buffer) => {
      if (!origWrite(data)) {
        stream!.pause();
        res.once('drain', () => stream!.resume());
      }
    });
    stream.on('drain', () => res.emit('drain'));
    stream.on('error', (err) => res.destroy(err));
  };

  res.writeHead = (statusCode: number, ...rest: unknown[]) => {
    if (decided) return origWriteHead(statusCode, ...rest);
    const reason = typeof rest[0] === 'string' ? (rest.shift() as string) : undefined;
    const headers = rest[0] as http.OutgoingHttpHeaders | http.OutgoingHttpHeader[] | undefined;
    // Headers given here must be visible to the decision, so they are set before it.
    res.statusCode = statusCode;
    if (Array.isArray(headers)) {
      const flat = headers.flat() as string[];
      for (let i = 0; i + 1 < flat.length; i += 2) res.setHeader(flat[i]!, flat[i + 1]!);
    } else if (headers) {
      for (const [name, value] of Object.entries(headers)) if (value !== undefined) res.setHeader(name, value);
    }
    decide();
    return origWriteHead(statusCode, ...(reason === undefined ? [] : [reason]));
  };

  res.write = ((chunk: Chunk, encoding?: BufferEncoding | Callback, cb?: Callback) => {
    if (!decided && !res.headersSent) decide();
    if (!stream) return origWrite(chunk, encoding, cb);
    return typeof encoding === 'function' ? stream.write(chunk, 'utf8', encoding) : stream.write(chunk, encoding ?? 'utf8', cb);
  }) as typeof res.write;

  res.end = ((chunk?: Chunk | Callback, encoding?: BufferEncoding | Callback, cb?: Callback) => {
    if (typeof chunk === 'function') [cb, chunk, encoding] = [chunk, undefined, undefined];
    else if (typeof encoding === 'function') [cb, encoding] = [encoding, undefined];
    if (!decided && !res.headersSent) decide(byteLength(chunk, encoding));
    if (!stream) return origEnd(chunk, encoding, cb);
    const z = stream;
    z.once('end', () => origEnd(cb));
    if (chunk !== undefined) z.end(chunk, encoding ?? 'utf8');
    else z.end();
    return res;
  }) as typeof res.end;
}
