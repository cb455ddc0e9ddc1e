// The live portal: a small front server on the public port passes every request to the portal
// server of the current build. A new build is started beside it on another port and, once it
// answers, becomes current in one step; requests under way finish on the old one, which is then
// stopped. A build that fails, or a server that does not start, never becomes current.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { OdpError } from '../catalog-schema/src/errors.ts';
import type { CatalogPatch } from '../domain/snapshot.ts';
import type { Profiles } from '../domain/profiles.ts';
import { portalServerConfig } from '../platform/config.ts';
import { startSiteServer, type RunningSite, type SiteServerOptions } from './site-server.ts';

export interface LiveBuild {
  outDir: string;
  snapshotFile: string;
  /** Datasets and services published since the static build in `outDir` was made (incremental publishes). */
  stale?: { datasets: string[]; services: string[] };
}

/** The live portal server's switch (site/src/lib/live-switch.ts); never passed on from outside. */
const switchPath = '/.odp/catalog';

export interface LiveSite {
  url: string;
  /** The build being served. */
  current(): LiveBuild;
  /** Serves `build` from now on (started on the other internal port first). */
  swap(build: LiveBuild): Promise<void>;
  /**
   * Whether the live server can take a new catalog without a build (it runs with the renderer), and
   * the switch itself: the server loads `snapshotFile` and serves it from then on, the pages of the
   * datasets and services in `stale` rendered from it (incremental publish).
   */
  incremental: boolean;
  switchCatalog(build: Required<Pick<LiveBuild, 'snapshotFile' | 'stale'>> & { patch?: CatalogPatch; profiles?: Profiles }): Promise<{ ms: number }>;
  /** Called when the current portal server exits on its own. */
  onExit(listener: (code: number | null, signal: NodeJS.Signals | null) => void): void;
  stop(): Promise<void>;
}

export interface LiveSiteOptions extends Omit<SiteServerOptions, 'outDir' | 'snapshotFile' | 'port'> {
  port: number;
  /** The two internal ports the portal servers alternate on. */
  backendPorts: [number, number];
  /** The renderer build (pipeline/renderer.ts): with it, publishes switch the catalog instead of building. */
  rendererDir?: string;
}

export async function startLiveSite(o: LiveSiteOptions, first: LiveBuild): Promise<LiveSite> {
  let slot = 0;
  const exitListeners: ((code: number | null, signal: NodeJS.Signals | null) => void)[] = [];
  const secret = randomBytes(24).toString('base64url');
  const post = async (port: number, build: Required<Pick<LiveBuild, 'snapshotFile' | 'stale'>> & { patch?: CatalogPatch; profiles?: Profiles }): Promise<{ ms: number }> => {
    const r = await fetch(`http://${o.host}:${port}${switchPath}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ snapshotFile: build.snapshotFile, ...build.stale, ...(build.patch ? { patch: build.patch, profiles: build.profiles ?? {} } : {}) }),
    });
    const body = (await r.json().catch(() => ({}))) as { ms?: number; error?: string };
    if (!r.ok) throw new OdpError('LIVE_SWITCH_FAILED', `Máy chủ cổng không nhận danh mục mới / the portal server did not take the new catalog: ${body.error ?? `HTTP ${r.status}`}`);
    return { ms: body.ms ?? 0 };
  };
  const launch = async (build: LiveBuild, port: number): Promise<{ build: LiveBuild; server: RunningSite; port: number }> => {
    // The portal servers are reached only through the front server, which names the client in
    // X-Forwarded-For: they trust it (rate limits per client, HTTPS from the outer proxy).
    const live: Record<string, string> = o.rendererDir ? { ODP_RENDERER_DIR: o.rendererDir, ODP_LIVE_SECRET: secret } : {};
    // A large catalog takes a while to load (some 20 s at 100,000 datasets); the server before keeps answering meanwhile.
    const server = await startSiteServer({ ...o, port, outDir: build.outDir, snapshotFile: build.snapshotFile, env: { ...o.env, ODP_TRUST_PROXY: '1', ...live } }, { timeoutMs: 180_000 });
    // A server started again after incremental publishes: the same pages from the renderer.
    if (o.rendererDir && build.stale && (build.stale.datasets.length || build.stale.services.length)) {
      try {
        await post(port, { snapshotFile: build.snapshotFile, stale: build.stale });
      } catch (err) {
        await server.stop();
        throw err;
      }
    }
    return { build, server, port };
  };
  let live = await launch(first, o.backendPorts[slot]!);
  const watch = (l: typeof live) =>
    l.server.process.on('exit', (code, signal) => {
      if (live === l && !stopping) for (const f of exitListeners) f(code, signal);
    });
  let stopping = false;
  const retiring = new Set<RunningSite>();
  watch(live);

  // What a client says of itself in X-Forwarded-* is believed only when the operator runs the portal
  // behind a proxy of theirs (ODP_TRUST_PROXY=1); otherwise the client is the connecting address.
  const trustOuterProxy = portalServerConfig().trustProxy;
  const front = http.createServer((req, res) => {
    const target = live.port;
    if ((req.url ?? '').split('?')[0] === switchPath) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      return void res.end('Not found\n');
    }
    const said = (h: string) => (trustOuterProxy ? [req.headers[h]].flat()[0] : undefined);
    const headers = {
      ...req.headers,
      'x-forwarded-for': said('x-forwarded-for') ?? req.socket.remoteAddress ?? '',
      'x-forwarded-host': said('x-forwarded-host') ?? req.headers.host ?? '',
      'x-forwarded-proto': said('x-forwarded-proto') ?? 'http',
    };
    const up = http.request({ host: o.host, port: target, method: req.method, path: req.url, headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.statusMessage, r.headers);
      r.pipe(res);
    });
    up.on('error', (err) => {
      if (res.headersSent) return res.destroy(err);
      res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Cổng tạm thời không trả lời; thử lại sau ít giây / the portal is not answering; try again in a few seconds.\n');
    });
    req.pipe(up);
  });
  await new Promise<void>((resolve, reject) => {
    front.once('error', (err) => reject(new OdpError('SITE_PORT_BUSY', `Không mở được cổng ${o.port} / cannot listen on port ${o.port}: ${err.message}. Đặt / set PORT.`, { cause: err })));
    front.listen(o.port, o.host, resolve);
  });

  return {
    url: `http://${o.host}:${o.port}`,
    current: () => live.build,
    async swap(build) {
      slot = 1 - slot;
      const next = await launch(build, o.backendPorts[slot]!);
      const old = live;
      live = next; // from here on every new request goes to the new build
      watch(next);
      // Requests under way on the old server finish before it stops.
      retiring.add(old.server);
      setTimeout(() => void old.server.stop().then(() => retiring.delete(old.server)), 2000).unref();
    },
    incremental: Boolean(o.rendererDir),
    async switchCatalog(build) {
      if (!o.rendererDir) throw new OdpError('LIVE_SWITCH_FAILED', 'the live portal runs without the renderer: publish with a build');
      const r = await post(live.port, build);
      live.build = { ...live.build, snapshotFile: build.snapshotFile, stale: build.stale };
      return r;
    },
    onExit: (f) => void exitListeners.push(f),
    async stop() {
      stopping = true;
      const closed = new Promise<void>((resolve) => front.close(() => resolve()));
      front.closeAllConnections();
      await closed;
      await Promise.all([live.server.stop(), ...[...retiring].map((s) => s.stop())]);
    },
  };
}
