// The portal server: @astrojs/node's handler (static files and server routes) behind a small
// node:http server that sets the security headers on every response. Astro middleware does not run
// for prerendered files, so headers set there would miss every static page.
//
// Bundled by the build into <outDir>/server/serve.mjs (astro.config.mjs); run it with
// `node <outDir>/server/serve.mjs` (environment: HOST, PORT, MEILI_*, ODP_*: the configuration table).
import http from 'node:http';
import type { TLSSocket } from 'node:tls';
import { requestIsHttps, securityHeaders } from './src/lib/security-headers.ts';
import { countedPath, UsageCounter, usageKind } from '../domain/usage.ts';
import { portalServerConfig } from '../platform/config.ts';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

// The adapter's entry starts its own server unless told not to.
process.env.ASTRO_NODE_AUTOSTART = 'disabled';
const entry = new URL('./entry.mjs', import.meta.url).href;
const { handler } = (await import(entry)) as { handler: Handler };

const { host, port, trustProxy, searchPublicUrl, usageFile } = portalServerConfig();
const plain = securityHeaders({ searchPublicUrl, https: false });
const secure = securityHeaders({ searchPublicUrl, https: true });

// Views and downloads: counts by day and path only (see domain/usage.ts); ODP_USAGE=0 turns it off.
const usage = usageFile ? new UsageCounter(usageFile) : undefined;
const flushUsage = () => {
  try {
    usage?.flush();
  } catch (err) {
    console.error(`Không ghi được số lượt xem / could not write the usage counts: ${(err as Error).message}`);
  }
};
setInterval(flushUsage, 60_000).unref();

const server = http.createServer((req, res) => {
  if (usage) {
    res.on('finish', () => {
      const counted = countedPath(req.url ?? '/');
      const kind = usageKind(req.method, res.statusCode, res.getHeader('content-type') as string | undefined, counted);
      if (kind) usage.add(kind, counted);
    });
  }
  const https = requestIsHttps(Boolean((req.socket as TLSSocket).encrypted), req.headers['x-forwarded-proto'] as string | undefined, trustProxy);
  for (const [name, value] of Object.entries(https ? secure : plain)) res.setHeader(name, value);
  handler(req, res);
});
server.listen(port, host, () => console.log(`Portal server listening on http://${host}:${port}`));

const stop = () =>
  server.close(() => {
    flushUsage();
    process.exit(0);
  });
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
