// Load on the server routes: autocannon on loopback for a fixed time per route, several
// connections at once; requests per second, latency and every error or non-2xx answer.
import { existsSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { projectRoot } from '../../platform/config.ts';

export interface LoadRow {
  route: string;
  seconds: number;
  connections: number;
  requests: number;
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  errors: number;
  non2xx: number;
}

export interface LoadTarget {
  route: string;
  paths: string[];
}

/** The routes to load: search, the CKAN API, and the request forms when this build has them. */
export function loadTargets(queries: string[]): { targets: LoadTarget[]; missing: string[] } {
  const qs = queries.slice(0, 50).map(encodeURIComponent);
  const targets: LoadTarget[] = [
    { route: '/search/?q=…', paths: qs.map((q) => `/search/?q=${q}`) },
    { route: '/api/3/action/package_search?q=…', paths: qs.map((q) => `/api/3/action/package_search?q=${q}&rows=20`) },
  ];
  const missing: string[] = [];
  if (existsSync(path.join(projectRoot, 'site', 'src', 'pages', 'requests'))) targets.push({ route: '/requests/new/', paths: ['/requests/new/'] });
  else missing.push('/requests/ (request forms are not in this build)');
  return { targets, missing };
}

export async function runLoad(siteUrl: string, t: LoadTarget, { seconds = 60, connections = 10, log = console.log } = {}): Promise<LoadRow> {
  const inst = autocannon({ url: siteUrl, connections, duration: seconds, requests: t.paths.map((p) => ({ method: 'GET', path: p })) });
  let last = Date.now();
  let count = 0;
  const started = Date.now();
  inst.on('tick', (c) => {
    count += c.counter;
    if (Date.now() - last >= 10_000) {
      last = Date.now();
      const s = (Date.now() - started) / 1000;
      log(`  load ${t.route}: ${Math.round(s)}/${seconds} s (${Math.round((s / seconds) * 100)}%), ${count} requests`);
    }
  });
  const r = await inst;
  return {
    route: t.route,
    seconds,
    connections,
    requests: r.requests.total,
    requestsPerSecond: Math.round(r.requests.average),
    latencyP50Ms: r.latency.p50,
    latencyP99Ms: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
  };
}
