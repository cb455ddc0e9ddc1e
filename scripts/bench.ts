// `npm run bench -- --size 1000|10000|100000`: builds, indexes, searches and loads a synthetic
// catalog of that many datasets and writes bench/results/latest.{json,md} (figures against targets).
//
//   --size N              datasets in the synthetic catalog (default 1000)
//   --skip-load           no 60 s load per server route
//   --load-seconds S      length of each load run (default 60)
//   --skip-lighthouse     no Lighthouse scores
//   --skip-publish        no publish-to-live figure (it starts a Directus)
//   --server-from DIR     no build: serve the server routes from an earlier build's output DIR
//                         (they read this run's snapshot at run time); no page weight, no Lighthouse
//   --skip-data-api       no Data API figures (1,000,000-row ingest and queries)
//   --only data-api       only the Data API figures (report in bench/results/data-api/)
//
// Ports (to run beside npm start and the tests): MEILI_PORT (default 7790), PORT (4390),
// DIRECTUS_PORT (8090).
import { cpus, loadavg, totalmem } from 'node:os';
import { existsSync, rmSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { benchPorts, profilesFileFor, projectRoot, searchConfig, setForRun, stateDir } from '../platform/config.ts';
import { indexCatalog, searchOnlyKey } from '../search/src/indexer.ts';
import { startMeili } from '../search/src/meili-process.ts';
import { writeSnapshot } from '../domain/snapshot.ts';
import { lighthouseScores, type LighthouseRow } from './bench/lighthouse.ts';
import { loadTargets, runLoad, type LoadRow } from './bench/load.ts';
import { mb, peakMemorySampler, progressLog, treeRss } from './bench/measure.ts';
import { pageWeight, rendersWithoutJs } from './bench/page-weight.ts';
import { measurePublishAtSize, type PublishToLive } from './bench/publish-to-live.ts';
import { atMost, shortfallsOf, writeReport, type BenchReport, type Figure } from './bench/report.ts';
import { benchQueries, measureSearchLatency } from './bench/search-latency.ts';
import { adminUnitEntries, syntheticCatalog, validateSynthetic } from './bench/synthetic-catalog.ts';
import { profileDistributions, writeProfiles } from '../pipeline/profile-files.ts';
import { seedSnapshot } from '../pipeline/seed-snapshot.ts';
import { astroBuild } from '../pipeline/site-build.ts';
import { benchDataApi } from './bench/data-api.ts';
import { startSiteServer } from '../pipeline/site-server.ts';

function args(argv: string[]) {
  const has = (f: string) => argv.includes(f);
  const val = (f: string) => {
    const i = argv.indexOf(f);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const size = Number(val('--size') ?? 1000);
  const loadSeconds = Number(val('--load-seconds') ?? 60);
  if (!Number.isInteger(size) || size < 1 || size > 1_000_000) {
    console.error('✗ --size phải là số nguyên từ 1 đến 1.000.000 / --size must be a whole number from 1 to 1,000,000 (e.g. --size 10000).');
    process.exit(2);
  }
  const serverFrom = val('--server-from');
  if (serverFrom && !existsSync(path.join(serverFrom, 'server', 'entry.mjs'))) {
    console.error(`✗ --server-from: không có bản dựng ở / no build in ${serverFrom} (server/entry.mjs). Chạy trước / run first: npm run bench -- --size 1000`);
    process.exit(2);
  }
  const only = val('--only');
  if (only !== undefined && only !== 'data-api') {
    console.error(`✗ --only: chỉ có / the only part that runs alone is: data-api (not "${only}")`);
    process.exit(2);
  }
  return {
    only,
    skipDataApi: has('--skip-data-api'),
    size,
    loadSeconds,
    serverFrom: serverFrom ? path.resolve(serverFrom) : undefined,
    skipLoad: has('--skip-load'),
    skipLighthouse: has('--skip-lighthouse'),
    skipPublish: has('--skip-publish'),
  };
}

function countHtml(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) n += countHtml(path.join(dir, e.name));
    else if (e.name.endsWith('.html')) n++;
  }
  return n;
}

function countFiles(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) n += e.isDirectory() ? countFiles(path.join(dir, e.name)) : 1;
  return n;
}

const o = args(process.argv.slice(2));
// The load test measures what the server routes can serve from one address: the per-client rate
// limits (reads: bursts of 3,000, then 50 a second per client) are off for the benchmark's servers.
setForRun('ODP_RATE_LIMIT', '0');
const ports = benchPorts();
const log = progressLog();
const startedAt = new Date().toISOString();
const loadAtStart = Math.round(loadavg()[0]! * 10) / 10;
const work = path.join(stateDir, 'bench', String(o.size));
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const figures: Figure[] = [];
const skipped: string[] = [];
const details: Record<string, unknown> = {};
const stops: (() => Promise<void>)[] = [];
// Interrupted (Ctrl-C): what it started stops too (build processes, servers, Meilisearch).
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`! ${signal}: stopping what the benchmark started…`);
    void Promise.allSettled(stops.reverse().map((s) => s())).then(() => process.exit(130));
  });
}
const buildTarget = o.size === 10_000 ? 30 : o.size === 100_000 ? 300 : undefined;

const machine = () => ({ cpus: cpus().length, memoryGb: Math.round(totalmem() / 1073741824), node: process.version, loadAverage: { start: loadAtStart, end: Math.round(loadavg()[0]! * 10) / 10 } });

if (o.only === 'data-api') {
  try {
    const r = await benchDataApi({ workDir: work, port: ports.site + 20, snapshot: seedSnapshot(adminUnitEntries()), log });
    figures.push(...r.figures);
    details.dataApi = r.details;
  } catch (err) {
    console.error(`✗ ${(err as Error).message}`);
    process.exit(1);
  }
  const report: BenchReport = { size: o.size, startedAt, machine: machine(), figures, shortfalls: shortfallsOf(figures), skipped: ['everything but the Data API (--only data-api)'], details };
  const files = writeReport(path.join(projectRoot, 'bench', 'results', 'data-api'), report);
  log(`✓ ${figures.length} figures, ${report.shortfalls.length} short of target → ${files.map((f) => path.relative(projectRoot, f)).join(', ')}`);
  process.exit(0);
}

try {
  // 1. The synthetic catalog.
  log(`Danh mục tổng hợp / synthetic catalog: ${o.size.toLocaleString('en-US')} datasets…`);
  let t = Date.now();
  const units = adminUnitEntries();
  const model = await profileDistributions(seedSnapshot(units), { publicDir: path.join(projectRoot, 'public'), cacheDir: path.join(work, 'profile-cache'), checkLinks: false });
  const synthetic = syntheticCatalog(o.size, { modelProfiles: model.profiles, units, onProgress: (n) => log(`  generated ${n}/${o.size} (${Math.round((n / o.size) * 100)}%)`) });
  const problems = validateSynthetic(synthetic.snapshot);
  if (problems.length) throw new Error(`Danh mục tổng hợp không hợp lệ / the synthetic catalog is not valid:\n  ${problems.join('\n  ')}`);
  const snapshotFile = path.join(work, 'catalog', 'snapshot.json');
  writeSnapshot(snapshotFile, synthetic.snapshot);
  writeProfiles(profilesFileFor(snapshotFile), synthetic.profiles);
  const distributions = synthetic.snapshot.datasets.reduce((a, d) => a + d.distribution.length, 0);
  log(
    `  ${o.size} datasets, ${distributions} distributions, ${synthetic.snapshot.codeListEntries.length} place codes; valid against the catalog schema; ${(statSync(snapshotFile).size / 1048576).toFixed(1)} MB snapshot in ${((Date.now() - t) / 1000).toFixed(1)} s`,
  );
  details.catalog = { datasets: o.size, distributions, snapshotBytes: statSync(snapshotFile).size, profiles: 'reused from the demo files each distribution points at (not profiled again)' };

  // 2. Full build (or, with --server-from, the server of an earlier build).
  let outDir = path.join(work, 'site');
  if (o.serverFrom) {
    outDir = o.serverFrom;
    skipped.push(`full build, page weight and Lighthouse (--server-from: the server routes of the build in ${path.relative(projectRoot, o.serverFrom)}, with this catalog)`);
  } else {
    log('Dựng trang / full build (astro build)…');
    const sampler = peakMemorySampler();
    t = Date.now();
    const buildPids: number[] = [];
    let building = true;
    // Progress: dataset pages written so far (Vietnamese and English), of the 2 × size to come.
    const written = () =>
      ['datasets', path.join('en', 'datasets')].reduce(
        (n, d) => n + (existsSync(path.join(outDir, 'client', d)) ? readdirSync(path.join(outDir, 'client', d), { withFileTypes: true }).filter((e) => e.isDirectory()).length : 0),
        0,
      );
    const progress = setInterval(() => {
      const n = written();
      log(`  dataset pages written: ${n}/${2 * o.size} (${Math.round((n / (2 * o.size)) * 100)}%), memory ${mb(buildPids.reduce((a, pid) => a + treeRss(pid), 0))} MB`);
    }, 15_000);
    try {
      await astroBuild(
        snapshotFile,
        outDir,
        () => {},
        (pid) => {
          buildPids.push(pid);
          stops.push(() => {
            // Once the build has finished, the pid may belong to another process.
            if (building) {
              try {
                process.kill(pid, 'SIGTERM');
              } catch {
                // already gone
              }
            }
            return Promise.resolve();
          });
          sampler.watch(pid);
        },
      );
    } finally {
      building = false;
      clearInterval(progress);
    }
    const buildS = (Date.now() - t) / 1000;
    const peak = sampler.stop();
    const pages = countHtml(path.join(outDir, 'client'));
    const files = countFiles(path.join(outDir, 'client'));
    log(`  ${pages} pages (${files} files) in ${buildS.toFixed(1)} s, ${Math.round(pages / buildS)} pages/s, peak memory ${mb(peak)} MB`);
    figures.push(
      atMost('build', 'full build time', Math.round(buildS * 10) / 10, 's', buildTarget),
      { group: 'build', what: 'pages built (HTML)', value: pages, unit: 'pages', note: `${files} files with the DCAT exports, feeds, data files` },
      { group: 'build', what: 'pages per second', value: Math.round(pages / buildS), unit: 'pages/s' },
      atMost('build', 'peak memory (build process tree, RSS)', mb(peak), 'MB', 4096),
    );
  }
  const client = path.join(outDir, 'client');

  // 3. Index.
  log('Chỉ mục tìm kiếm / search index…');
  const search = searchConfig({ port: ports.meili, dataDir: path.join(work, 'meilisearch') });
  const meili = await startMeili(search, { log });
  stops.push(() => meili.stop());
  const idx = await indexCatalog(search, synthetic.snapshot, log);
  log(`  ${idx.documents} documents in ${(idx.ms / 1000).toFixed(1)} s`);
  figures.push({ group: 'search', what: 'index time (datasets, services, agencies, place codes)', value: Math.round(idx.ms / 100) / 10, unit: 's' });
  const searchKey = await searchOnlyKey(search);

  // 4. The site server.
  const port = ports.site;
  const site = await startSiteServer(
    {
      outDir,
      host: '127.0.0.1',
      port,
      snapshotFile,
      logFile: path.join(work, 'site-server.log'),
      search: { url: search.url, publicUrl: search.publicUrl, key: searchKey, index: search.index },
    },
    { timeoutMs: 180_000 },
  );
  stops.push(() => site.stop());

  // 5. Search latency.
  const queries = benchQueries(synthetic.snapshot, 300);
  log(`Độ trễ tìm kiếm / search latency: ${queries.length} queries…`);
  const lat = await measureSearchLatency({ meiliUrl: search.url, searchKey, indexes: { datasets: search.index, others: search.others }, siteUrl: site.url, queries, log });
  log(
    `  Meilisearch p50/p95/p99 ${lat.meiliProcessingMs.p50}/${lat.meiliProcessingMs.p95}/${lat.meiliProcessingMs.p99} ms; end to end ${lat.endToEndMs.p50}/${lat.endToEndMs.p95}/${lat.endToEndMs.p99} ms`,
  );
  const searchTarget = 20;
  figures.push(
    { group: 'search', what: 'Meilisearch processing p50', value: lat.meiliProcessingMs.p50, unit: 'ms' },
    atMost('search', 'Meilisearch processing p95', lat.meiliProcessingMs.p95, 'ms', searchTarget),
    { group: 'search', what: 'Meilisearch processing p99', value: lat.meiliProcessingMs.p99, unit: 'ms' },
    { group: 'search', what: 'end to end /search/?q= p50', value: lat.endToEndMs.p50, unit: 'ms' },
    atMost('search', 'end to end /search/?q= p95', lat.endToEndMs.p95, 'ms', searchTarget),
    { group: 'search', what: 'end to end /search/?q= p99', value: lat.endToEndMs.p99, unit: 'ms' },
    atMost('search', 'search errors', lat.errors, 'errors', 0),
  );
  details.search = { ...lat, sampleQueries: queries.slice(0, 12) };

  // 6. Page weight (of a page of this build).
  const d = synthetic.snapshot.datasets[0]!;
  if (!o.serverFrom) {
    const pw = pageWeight(client, `/datasets/${d.id}/`);
    const home = pageWeight(client, '/');
    const noJs = await rendersWithoutJs(`${site.url}/datasets/${d.id}/`, d.title.vi);
    log(`  dataset page: ${pw.htmlGzipBytes} B gzipped HTML, ${pw.totalBytes} B in all, ${pw.jsBytes} B JavaScript; without JavaScript: ${noJs.ok ? 'complete' : 'INCOMPLETE'}`);
    figures.push(
      atMost('page', 'dataset page HTML, gzipped', Math.round(pw.htmlGzipBytes / 102.4) / 10, 'KB', 14),
      { group: 'page', what: 'dataset page, every byte it loads', value: Math.round(pw.totalBytes / 102.4) / 10, unit: 'KB', note: `${Math.round(pw.totalGzipBytes / 102.4) / 10} KB gzipped` },
      { group: 'page', what: 'dataset page JavaScript', value: Math.round(pw.jsBytes / 102.4) / 10, unit: 'KB', note: `${pw.scripts} scripts, enhancement only` },
      {
        group: 'page',
        what: 'dataset page complete without JavaScript',
        value: noJs.ok ? 'yes' : 'no',
        unit: '',
        target: 'yes',
        pass: noJs.ok,
        note: `h1 and ${noJs.downloadLinks} download links with JavaScript off`,
      },
      { group: 'page', what: 'home page HTML, gzipped', value: Math.round(home.htmlGzipBytes / 102.4) / 10, unit: 'KB' },
    );
    details.pages = { dataset: pw, home, noJs };
  }

  // 7. Load.
  const loadRows: LoadRow[] = [];
  if (o.skipLoad) skipped.push('load (--skip-load)');
  else {
    const { targets, missing } = loadTargets(queries);
    skipped.push(...missing.map((m) => `load on ${m}`));
    for (const target of targets) {
      log(`Tải / load: ${target.route} for ${o.loadSeconds} s, 10 connections…`);
      const row = await runLoad(site.url, target, { seconds: o.loadSeconds, log });
      loadRows.push(row);
      log(`  ${row.requestsPerSecond} requests/s, p50 ${row.latencyP50Ms} ms, p99 ${row.latencyP99Ms} ms, ${row.errors} errors, ${row.non2xx} non-2xx`);
      figures.push(
        {
          group: 'load',
          what: `${target.route} throughput`,
          value: row.requestsPerSecond,
          unit: 'req/s',
          note: `${row.requests} requests in ${row.seconds} s, ${row.connections} connections; latency p50 ${row.latencyP50Ms} ms, p99 ${row.latencyP99Ms} ms`,
        },
        atMost('load', `${target.route} errors and non-2xx`, row.errors + row.non2xx, 'responses', 0),
      );
    }
  }
  details.load = loadRows;

  // 8. Lighthouse.
  let lh: LighthouseRow[] = [];
  if (o.skipLighthouse) skipped.push('Lighthouse (--skip-lighthouse)');
  else if (!o.serverFrom) {
    log('Lighthouse…');
    lh = await lighthouseScores([`${site.url}/`, `${site.url}/datasets/${d.id}/`], undefined, log);
    for (const [i, row] of lh.entries()) {
      const page = i === 0 ? 'home' : 'dataset page';
      const v = (x: number | null) => (x === null ? 'not scored' : String(x));
      figures.push({
        group: 'lighthouse',
        what: `${page}: performance / accessibility / best practices / SEO`,
        value: `${v(row.performance)} / ${v(row.accessibility)} / ${v(row.bestPractices)} / ${v(row.seo)}`,
        unit: '',
        ...(row.note ? { note: row.note } : {}),
      });
    }
  }
  details.lighthouse = lh;

  // 9. Publish-to-live (a real Directus, seeded, writing into this Meilisearch through its hook).
  let ptl: PublishToLive | undefined;
  if (o.skipPublish) skipped.push('publish-to-live (--skip-publish)');
  else {
    const live = path.join(work, 'live');
    rmSync(live, { recursive: true, force: true });
    log(
      `Công bố → trực tuyến / publish-to-live: the whole portal on this catalog (${o.size.toLocaleString('en-US')} datasets in the CMS, ${o.serverFrom ? 'the pages of the build given by --server-from' : 'this build'}, this index)…`,
    );
    // The portal's own Meilisearch takes over this one's folder and index.
    await site.stop();
    await meili.stop();
    ptl = await measurePublishAtSize({
      workDir: live,
      ports: { directus: ports.directus, meili: ports.meili, site: ports.site + 10 },
      rounds: 10,
      log,
      snapshot: synthetic.snapshot,
      pages: countHtml(client),
      outDir,
      snapshotFile,
      search,
    });
    figures.push(
      { group: 'publish', what: 'publish → page live p50', value: Math.round(ptl.pageMs.p50) / 1000, unit: 's', note: ptl.scope },
      atMost('publish', 'publish → page live p95', Math.round(ptl.pageMs.p95) / 1000, 's', 5),
      { group: 'publish', what: 'publish → in search p50', value: Math.round(ptl.searchMs.p50) / 1000, unit: 's' },
      atMost('publish', 'publish → in search p95', Math.round(ptl.searchMs.p95) / 1000, 's', 2),
    );
  }
  details.publishToLive = ptl;

  // 10. The Data API (its own server process and data).
  if (o.skipDataApi) skipped.push('Data API (--skip-data-api)');
  else {
    const r = await benchDataApi({ workDir: path.join(work, 'data-api'), port: ports.site + 20, snapshot: seedSnapshot(adminUnitEntries()), log });
    figures.push(...r.figures);
    details.dataApi = r.details;
  }
} catch (err) {
  console.error(`✗ ${(err as Error).message}`);
  for (const s of stops.reverse()) await s().catch(() => undefined);
  process.exit(1);
}
for (const s of stops.reverse()) await s().catch(() => undefined);

const shortfalls = shortfallsOf(figures);
const report: BenchReport = {
  size: o.size,
  startedAt,
  machine: machine(),
  figures,
  shortfalls,
  skipped,
  details,
};
const written = writeReport(path.join(projectRoot, 'bench', 'results'), report);
log(`✓ ${figures.length} figures, ${shortfalls.length} short of target → ${written.map((f) => path.relative(projectRoot, f)).join(', ')}`);
