// The node:http server of the portal around @astrojs/node's handler: security headers on every
// response, compression, usage counts, and the catalog loaded before it listens. site/serve.ts runs
// it with the built handler; tests run it with a small one.
import http from 'node:http';
import type { TLSSocket } from 'node:tls';
import { compressResponses } from './compression.ts';
import { requestIsHttps } from './security-headers.ts';
import { countedPath, type UsageCounter, usageKind } from '../../../domain/usage.ts';

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export interface PortalServerOptions {
  handler: Handler;
  /** The security headers over plain HTTP and over HTTPS (security-headers.ts). */
  headers: { plain: Record<string, string>; secure: Record<string, string> };
  trustProxy: boolean;
  usage?: UsageCounter;
}

export function createPortalServer({ handler, headers, trustProxy, usage }: PortalServerOptions): http.Server {
  return http.createServer((req, res) => {
    if (usage) {
      res.on('finish', () => {
        const counted = countedPath(req.url ?? '/');
        const kind = usageKind(req.method, res.statusCode, res.getHeader('content-type') as string | undefined, counted);
        if (kind) usage.add(kind, counted);
      });
    }
    const https = requestIsHttps(Boolean((req.socket as TLSSocket).encrypted), req.headers['x-forwarded-proto'] as string | undefined, trustProxy);
    for (const [name, value] of Object.entries(https ? headers.secure : headers.plain)) res.setHeader(name, value);
    compressResponses(req, res);
    handler(req, res);
  });
}

/**
 * Loads the catalog with `load` (the routes' per-catalog caches included) and logs how long it took.
 * A catalog that cannot be read does not stop the server: the routes answer as they would without
 * it, and try again on their own.
 */
export function preloadCatalogLogged(load: () => { datasets: number }, log: Pick<Console, 'log' | 'error'> = console): boolean {
  const started = performance.now();
  try {
    const { datasets } = load();
    const ms = Math.round(performance.now() - started);
    log.log(`Đã nạp danh mục (${datasets} tập dữ liệu) trong ${ms} ms / catalog loaded (${datasets} datasets) in ${ms} ms`);
    return true;
  } catch (err) {
    log.error(`Chưa nạp được danh mục, các trang máy chủ sẽ thử lại khi có yêu cầu / could not load the catalog, the server routes will try again on request: ${(err as Error).message}`);
    return false;
  }
}

/** Loads the catalog, then listens: the first request finds it loaded. */
export async function startPortalServer(
  server: http.Server,
  { port, host, load, log = console }: { port: number; host: string; load: () => { datasets: number }; log?: Pick<Console, 'log' | 'error'> },
): Promise<void> {
  preloadCatalogLogged(load, log);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
