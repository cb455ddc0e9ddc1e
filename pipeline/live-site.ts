// The live portal: a small front server on the public port passes every request to the portal
// server of the current build. A new build is started beside it on another port and, once it
// answers, becomes current in one step; requests under way finish on the old one, which is then
// stopped. A build that fails, or a server that does not start, never becomes current.
import http from 'node:http';
import { OdpError } from '../catalog-schema/src/errors.ts';
import { portalServerConfig } from '../platform/config.ts';
import { startSiteServer, type RunningSite, type SiteServerOptions } from './site-server.ts';

export interface LiveBuild {
  outDir: string;
  snapshotFile: string;
}

export interface LiveSite {
  url: string;
  /** The build being served. */
  current(): LiveBuild;
  /** Serves `build` from now on (started on the other internal port first). */
  swap(build: LiveBuild): Promise<void>;
  /** Called when the current portal server exits on its own. */
  onExit(listener: (code: number | null, signal: NodeJS.Signals | null) => void): void;
  stop(): Promise<void>;
}

export interface LiveSiteOptions extends Omit<SiteServerOptions, 'outDir' | 'snapshotFile' | 'port'> {
  port: number;
  /** The two internal ports the portal servers alternate on. */
  backendPorts: [number, number];
}

export async function startLiveSite(o: LiveSiteOptions, first: LiveBuild): Promise<LiveSite> {
  let slot = 0;
  const exitListeners: ((code: number | null, signal: NodeJS.Signals | null) => void)[] = [];
  const launch = async (build: LiveBuild, port: number): Promise<{ build: LiveBuild; server: RunningSite; port: number }> => {
    // The portal servers are reached only through the front server, which names the client in
    // X-Forwarded-For: they trust it (rate limits per client, HTTPS from the outer proxy).
    const server = await startSiteServer({ ...o, port, outDir: build.outDir, snapshotFile: build.snapshotFile, env: { ...o.env, ODP_TRUST_PROXY: '1' } });
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
