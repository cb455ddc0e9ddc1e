// A harvester reading the whole catalog through the CKAN API, as fast as the portal answers, with
// the portal's default rate limits (not the large reading budget the other end-to-end tests share):
// every dataset arrives and no request is refused. Reads are served from the catalog snapshot, so a
// server of the end-to-end build over a bigger synthetic snapshot shows a walk far past the old
// limit of 120 reads a minute.
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { writeSnapshot } from '../../../domain/snapshot.ts';
import { testPort } from '../../../platform/config.ts';
import { startSiteServer, type RunningSite } from '../../../pipeline/site-server.ts';
import { syntheticCatalog } from '../../../scripts/bench/synthetic-catalog.ts';
import { rateLimitConfig } from '../../src/lib/rate-limit.ts';

const portal = inject('portal');
const started: RunningSite[] = [];
afterAll(async () => {
  for (const s of started) await s.stop();
});

const defaults = rateLimitConfig({});

/** A portal server of the end-to-end build over `snapshotFile`, with the default rate limits. */
async function serve(port: number, snapshotFile: string): Promise<string> {
  const site = await startSiteServer({
    outDir: portal.outDir,
    host: '127.0.0.1',
    port: testPort(port),
    snapshotFile,
    logFile: path.join(portal.stateDir, `site-server-${port}.log`),
    search: { url: portal.meiliUrl, publicUrl: portal.meiliUrl, key: portal.searchKey, index: 'datasets' },
    env: { ODP_RATE_LIMIT: '1', ODP_RATE_LIMIT_READ: String(defaults.read.limit), ODP_RATE_LIMIT_WRITE: String(defaults.write.limit), ODP_RATE_LIMIT_WINDOW_S: String(defaults.read.windowMs / 1000) },
  });
  started.push(site);
  return site.url;
}

interface Walk {
  statuses: Record<number, number>;
  listed: string[];
  shown: string[];
  ms: number;
}

/** package_list, then package_show of every dataset, one after the other. */
async function showWalk(base: string): Promise<Walk> {
  const t = Date.now();
  const statuses: Record<number, number> = {};
  const get = async (p: string) => {
    const res = await fetch(`${base}/api/3/action/${p}`);
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    return (await res.json()) as { result: unknown };
  };
  const listed = (await get('package_list')).result as string[];
  const shown: string[] = [];
  for (const id of listed) shown.push(((await get(`package_show?id=${encodeURIComponent(id)}`)).result as { name: string }).name);
  return { statuses, listed, shown, ms: Date.now() - t };
}

describe('harvesting the whole catalog with the default rate limits', () => {
  it('a CKAN-style harvest of the demo catalog: package_search pages of 1,000, then package_show of each, no 429', async () => {
    const base = await serve(14341, portal.snapshotFile);
    const statuses: number[] = [];
    const found: string[] = [];
    for (let start = 0, count = 1; start < count; start += 1000) {
      const res = await fetch(`${base}/api/3/action/package_search?rows=1000&start=${start}&sort=name%20asc`);
      statuses.push(res.status);
      const body = (await res.json()) as { result: { count: number; results: { name: string }[] } };
      count = body.result.count;
      found.push(...body.result.results.map((d) => d.name));
    }
    const walk = await showWalk(base);
    console.log(`[harvest] demo catalog: ${walk.listed.length} datasets, package_show walk ${walk.ms} ms`);
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(walk.statuses).toEqual({ 200: walk.listed.length + 1 });
    // Pages in title order: every dataset once.
    expect([...found].sort()).toEqual([...walk.listed].sort());
    expect(walk.shown).toEqual(walk.listed);
  });

  it('a package_show walk of 2,000 datasets, as fast as the server answers: none refused', async () => {
    const size = 2000;
    const file = path.join(portal.stateDir, 'harvest', 'snapshot.json');
    writeSnapshot(file, syntheticCatalog(size).snapshot);
    const walk = await showWalk(await serve(14342, file));
    console.log(`[harvest] synthetic catalog: ${size} datasets, package_show walk ${walk.ms} ms`);
    expect(walk.listed).toHaveLength(size);
    expect(walk.statuses).toEqual({ 200: size + 1 });
    expect(walk.shown).toEqual(walk.listed);
  });
});
