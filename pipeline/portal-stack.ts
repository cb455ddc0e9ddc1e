// The whole local portal: Directus (schema, roles, seed), Meilisearch (indexed), the site built from
// the catalog and served. `npm start` and the end-to-end tests both start it through here.
//
// Once it runs, a service that stops on its own is started again (platform/service-process.ts,
// `supervise`) while the rest keeps serving: the pages never depend on Meilisearch or Directus
// (search says it is unavailable meanwhile), so one failed service must not take the portal down.
import { paths, requestSecrets, sessionSecret, setForRun, usageFileFor, type DirectusConfig, type SearchConfig } from '../platform/config.ts';
import { prepareCms, type PreparedCms } from '../cms/src/setup.ts';
import { adminClient, indexCatalog, indexingKey, searchOnlyKey } from '../search/src/indexer.ts';
import { meiliLogFile, startMeili, type RunningMeili } from '../search/src/meili-process.ts';
import { directusLogFile, runDirectus } from '../cms/src/directus-process.ts';
import { answers, supervise, type RestartPolicy, type Supervisor } from '../platform/service-process.ts';
import { readSnapshot, type CatalogSnapshot } from '../domain/snapshot.ts';
import { mkdirSync } from 'node:fs';
import { signIn } from '../cms/src/client.ts';
import { buildSite, type SiteBuild } from './site-build.ts';
import { startLiveSite, type LiveSite } from './live-site.ts';
import { ensureRenderer } from './renderer.ts';
import { publishSecret, startPublisher, type Publisher } from './publish-live.ts';

export interface StackOptions {
  cms: DirectusConfig;
  search: SearchConfig;
  site: { host: string; port: number; outDir: string; snapshotFile: string; logFile: string; publishPort?: number; backendPorts?: [number, number] };
  log?: (m: string) => void;
  /** How services that stop on their own are started again (platform/service-process.ts has the defaults). */
  restart?: Partial<RestartPolicy>;
  /**
   * The benchmark at size: `site.outDir` already holds a full build of `snapshot` (written to
   * `site.snapshotFile`) and the search index holds it too, so neither is made again; `afterCms`
   * loads the same catalog into the CMS before anything reads it.
   */
  reuse?: { snapshot: CatalogSnapshot; pages: number; afterCms: (cms: PreparedCms) => Promise<void> };
}

export interface RunningStack {
  /** `cms.directus` is the Directus process running now (a new one after a restart). */
  cms: PreparedCms;
  /** The Meilisearch process running now. */
  readonly meili: RunningMeili;
  build: SiteBuild;
  /** The public portal: a front server swapping builds in as they are published. */
  site: LiveSite;
  /** Rebuilds and swaps the site when the CMS says an entry was published or withdrawn. */
  publisher: Publisher;
  /** The secret of the publish endpoint (publisher.url), made for this run. */
  publishSecret: string;
  searchKey: string;
  /** Restarts so far, by service. */
  restarts(): { meilisearch: number; directus: number; site: number };
  /** Stops everything that was started, last started first; nothing is restarted from then on. */
  stop(): Promise<void>;
}

export async function startStack(o: StackOptions): Promise<RunningStack> {
  const log = o.log ?? console.log;
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
    stops.length = 0;
  };
  try {
    // Meilisearch first (a fraction of a second): the CMS gets a key to keep the index current as
    // editors publish and withdraw (search/src/live-index.ts).
    let meili: RunningMeili = await startMeili(o.search, { log });
    stops.push(() => meili.stop());
    // The CMS hook calls the pipeline's publish endpoint with a secret made for this run only.
    const publishPort = o.site.publishPort ?? o.site.port + 1;
    const secret = publishSecret();
    const cmsCfg = {
      ...o.cms,
      env: {
        ...o.cms.env,
        ODP_MEILI_URL: o.search.url,
        ODP_MEILI_INDEX_KEY: await indexingKey(o.search),
        ODP_SEARCH_INDEX: o.search.index,
        ODP_PUBLISH_URL: `http://127.0.0.1:${publishPort}/publish`,
        ODP_PUBLISH_SECRET: secret,
      },
    };
    const cms = await prepareCms(cmsCfg, { log });
    stops.push(() => cms.directus.stop());
    // One log of views and downloads for every build the stack serves (the dashboard reads it).
    setForRun('ODP_USAGE_FILE', usageFileFor(o.site.snapshotFile));
    let build: SiteBuild;
    if (o.reuse) {
      await o.reuse.afterCms(cms);
      build = { outDir: o.site.outDir, catalog: { snapshot: o.reuse.snapshot, from: 'snapshot', reason: 'reused' }, pages: o.reuse.pages, ms: 0, dataApi: Promise.resolve(undefined) };
    } else {
      build = await buildSite({ cmsUrl: o.cms.url, admin: cms.admin, snapshotFile: o.site.snapshotFile, outDir: o.site.outDir, log });
      const idx = await indexCatalog(o.search, build.catalog.snapshot, log);
      log(`Search index "${o.search.index}": ${idx.documents} documents in ${(idx.ms / 1000).toFixed(1)} s`);
    }
    const searchKey = await searchOnlyKey(o.search);
    // The same pages as server routes: publishes then switch the catalog instead of building (renderer.ts).
    const renderer = await ensureRenderer(o.site.outDir, o.site.snapshotFile, log);
    log(`Bộ kết xuất / renderer: templates ${renderer.hash}, ${renderer.built ? `built in ${(renderer.ms / 1000).toFixed(1)} s` : 'unchanged, reused'}`);
    const site = await startLiveSite(
      {
        rendererDir: renderer.dir,
        host: o.site.host,
        port: o.site.port,
        backendPorts: o.site.backendPorts ?? [o.site.port + 2, o.site.port + 3],
        logFile: o.site.logFile,
        search: { url: o.search.url, publicUrl: o.search.publicUrl, key: searchKey, index: o.search.index },
        requests: { directusUrl: o.cms.url, ...requestSecrets(o.cms) },
        // The same uploads folder as the CMS hook's personal-data guard reads.
        workspace: { directusUrl: o.cms.url, sessionSecret: sessionSecret(o.cms), uploadsDir: o.cms.env.ODP_UPLOADS_DIR ?? paths().uploadsDir },
      },
      { outDir: o.site.outDir, snapshotFile: o.site.snapshotFile },
    );
    stops.push(() => site.stop());
    const buildsDir = `${o.site.outDir}-builds`;
    mkdirSync(buildsDir, { recursive: true });
    const publisher = await startPublisher({
      host: '127.0.0.1',
      port: publishPort,
      secret,
      cmsUrl: o.cms.url,
      admin: () => signIn(o.cms.url, o.cms.adminEmail, o.cms.adminPassword),
      site,
      buildsDir,
      snapshotFile: o.site.snapshotFile,
      publicDir: o.cms.env.ODP_PUBLIC_DIR ?? paths().publicDir,
      piiPatterns: o.cms.env.ODP_PII_PATTERNS ?? paths().piiPatterns,
      log,
    });
    stops.push(() => publisher.stop());

    // From here on a service that stops on its own is started again, with the same configuration:
    // Meilisearch on the same data folder and master key (so the keys are the same), Directus with
    // the same environment (the publish endpoint's secret, the hook's settings), the portal server
    // on the build that is live.
    const meiliSup = supervise({
      name: 'Meilisearch',
      logFile: meiliLogFile(o.search),
      policy: o.restart,
      log,
      restart: async () => {
        meili = await startMeili(o.search, { log });
        watchMeili();
        await searchIndexBack(o.search, site.current().snapshotFile, log);
      },
    });
    const watchMeili = () => meili.process.once('exit', (code, signal) => meiliSup.exited(code, signal));
    watchMeili();
    const directusSup = supervise({
      name: 'Directus',
      logFile: directusLogFile(cmsCfg),
      policy: o.restart,
      log,
      restart: async () => {
        cms.directus = await runDirectus(cmsCfg, { log });
        watchDirectus();
      },
    });
    const watchDirectus = () => cms.directus.process.once('exit', (code, signal) => directusSup.exited(code, signal));
    watchDirectus();
    const siteSup = supervise({
      name: 'portal server',
      nameVi: 'Máy chủ cổng',
      logFile: o.site.logFile,
      policy: o.restart,
      log,
      // The same build again, through the live site's swap (the other internal port). A publish may
      // have put a new server in place meanwhile: then the portal answers and nothing is to be done.
      restart: async () => {
        if (!(await answers(`${site.url}/`))) await site.swap(site.current());
      },
    });
    site.onExit((code, signal) => siteSup.exited(code, signal));
    // Runs first when stopping (stops are run last pushed first): no restart once stopping began.
    stops.push(() => Promise.all([meiliSup, directusSup, siteSup].map((x: Supervisor) => x.stop())).then(() => undefined));

    return {
      cms,
      get meili() {
        return meili;
      },
      build,
      site,
      publisher,
      publishSecret: secret,
      searchKey,
      restarts: () => ({ meilisearch: meiliSup.restarts(), directus: directusSup.restarts(), site: siteSup.restarts() }),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * After Meilisearch came back: its data folder persists, so the index is normally there. When it is
 * not (the folder was lost or emptied), the index is made again from the snapshot of the live build,
 * and the keys with it (fixed uids: the same key values as before). A failure is said, not thrown:
 * Meilisearch itself runs, and the next publish or start indexes again.
 */
async function searchIndexBack(cfg: SearchConfig, snapshotFile: string, log: (m: string) => void): Promise<void> {
  try {
    await searchOnlyKey(cfg);
    await indexingKey(cfg);
    const documents = await adminClient(cfg)
      .index(cfg.index)
      .getStats()
      .then((st) => st.numberOfDocuments)
      .catch(() => 0);
    if (documents > 0) return;
    log(`! Chỉ mục tìm kiếm "${cfg.index}" không còn; lập lại từ bản chụp / the search index "${cfg.index}" is missing; indexing again from ${snapshotFile}`);
    const r = await indexCatalog(cfg, readSnapshot(snapshotFile), log);
    log(`Search index "${cfg.index}": ${r.documents} documents in ${(r.ms / 1000).toFixed(1)} s`);
  } catch (err) {
    log(`✗ Không lập lại được chỉ mục tìm kiếm / could not index again: ${(err as Error).message}`);
  }
}
