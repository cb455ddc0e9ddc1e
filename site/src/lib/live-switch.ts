// The live portal server's two builds (live-routing.ts says which answers what) and the publisher's
// switch: `POST /.odp/catalog` with the secret of this run names the catalog to serve from now on and
// what has been published since the static build. The new catalog is loaded first and then served
// in one step, so no request sees half of it. The front server (pipeline/live-site.ts) never passes
// /.odp/ on from outside.
import type http from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { Handler } from './portal-server.ts';
import { staticBuildAnswers, type Staleness } from './live-routing.ts';
import { adoptCatalog, loadPortal, switchCatalog } from './portal.ts';
import { preloadCatalog } from './preload.ts';
import { applyPatch, type CatalogPatch } from '../../../domain/snapshot.ts';
import type { Profiles } from '../../../domain/profiles.ts';

export const LIVE_SWITCH_PATH = '/.odp/catalog';

/** What the publisher sends. */
export interface LiveCatalog {
  snapshotFile: string;
  /** Datasets and services published (or withdrawn) since the static build was made. */
  datasets: string[];
  services: string[];
  /**
   * The change from the catalog served now, with the profiles of new files: applied in memory instead
   * of reading `snapshotFile` (which the publisher may still be writing).
   */
  patch?: CatalogPatch;
  profiles?: Profiles;
}

function sameSecret(given: string, want: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(want);
  return a.length === b.length && timingSafeEqual(a, b);
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

function readLiveCatalog(body: string): LiveCatalog {
  const j = JSON.parse(body) as Partial<LiveCatalog>;
  const ids = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');
  if (typeof j.snapshotFile !== 'string' || !ids(j.datasets) || !ids(j.services)) throw new Error('snapshotFile, datasets and services are required');
  return { snapshotFile: j.snapshotFile, datasets: j.datasets, services: j.services, ...(j.patch ? { patch: j.patch } : {}), ...(j.profiles ? { profiles: j.profiles } : {}) };
}

export function liveSwitch(o: { staticHandler: Handler; renderer: Handler; secret: string; hasStaticAsset: (pathname: string) => boolean }): Handler {
  let stale: Staleness | undefined;
  const control = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const auth = String(req.headers.authorization ?? '');
    if (req.method !== 'POST' || !auth.startsWith('Bearer ') || !sameSecret(auth.slice(7), o.secret)) return send(res, 404, { error: 'not found' });
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
      if (body.length > 10_000_000) req.destroy();
    });
    req.on('end', () => {
      try {
        const next = readLiveCatalog(body);
        const t = performance.now();
        let datasets: number;
        if (next.patch) {
          const now = loadPortal();
          datasets = adoptCatalog(next.snapshotFile, applyPatch(now.snapshot, next.patch), { ...now.profiles, ...next.profiles }).datasets.length;
        } else datasets = preloadCatalog(next.snapshotFile).datasets;
        switchCatalog(next.snapshotFile);
        stale = { datasets: new Set(next.datasets), services: new Set(next.services) };
        send(res, 200, { datasets, ms: Math.round(performance.now() - t) });
        // The routes' per-catalog caches (search labels, the request form's list), once the answer is out.
        if (next.patch)
          setImmediate(() => {
            try {
              preloadCatalog(next.snapshotFile);
            } catch (err) {
              console.error(`Chưa nạp sẵn được / could not warm the routes' caches: ${(err as Error).message}`);
            }
          });
      } catch (err) {
        send(res, 400, { error: (err as Error).message });
      }
    });
  };
  return (req, res) => {
    const pathname = (req.url ?? '/').split('?')[0]!;
    if (pathname === LIVE_SWITCH_PATH) return control(req, res);
    // Rendered pages load the renderer's scripts and styles, static ones the static build's.
    if (pathname.startsWith('/_astro/')) return (o.hasStaticAsset(pathname) ? o.staticHandler : o.renderer)(req, res);
    return (staticBuildAnswers(pathname, stale) ? o.staticHandler : o.renderer)(req, res);
  };
}
