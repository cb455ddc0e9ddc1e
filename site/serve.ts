// The portal server: @astrojs/node's handler (static files and server routes) behind a small
// node:http server (site/src/lib/portal-server.ts) that sets the security headers on every response
// and compresses what it sends. Astro middleware does not run for prerendered files, so headers set
// there would miss every static page. The catalog is loaded before the server listens.
//
// Bundled by the build into <outDir>/server/serve.mjs (astro.config.mjs); run it with
// `node <outDir>/server/serve.mjs` (environment: HOST, PORT, MEILI_*, ODP_*: the configuration table).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createPortalServer, startPortalServer, type Handler } from './src/lib/portal-server.ts';
import { preloadCatalog } from './src/lib/preload.ts';
import { liveSwitch } from './src/lib/live-switch.ts';
import { securityHeaders } from './src/lib/security-headers.ts';
import { UsageCounter } from '../domain/usage.ts';
import { portalServerConfig } from '../platform/config.ts';

// The adapter's entry starts its own server unless told not to.
process.env.ASTRO_NODE_AUTOSTART = 'disabled';
const entry = new URL('./entry.mjs', import.meta.url).href;
const { handler: staticHandler } = (await import(entry)) as { handler: Handler };

const { host, port, trustProxy, searchPublicUrl, usageFile, live } = portalServerConfig();
// The live portal also loads the renderer build (the same pages rendered on demand): after an
// incremental publish it answers what the static build may no longer show right (live-routing.ts).
const renderer = live ? ((await import(pathToFileURL(path.join(live.rendererDir, 'server', 'entry.mjs')).href)) as { handler: Handler }).handler : undefined;
const staticClient = path.join(path.dirname(fileURLToPath(entry)), '..', 'client');
const handler: Handler = live && renderer ? liveSwitch({ staticHandler, renderer, secret: live.secret, hasStaticAsset: (p) => existsSync(path.join(staticClient, p)) }) : staticHandler;
const headers = { plain: securityHeaders({ searchPublicUrl, https: false }), secure: securityHeaders({ searchPublicUrl, https: true }) };

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

const server = createPortalServer({ handler, headers, trustProxy, usage });
await startPortalServer(server, { port, host, load: () => preloadCatalog() });
console.log(`Portal server listening on http://${host}:${port}`);

const stop = () =>
  server.close(() => {
    flushUsage();
    process.exit(0);
  });
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
