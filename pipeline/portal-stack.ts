// The whole local portal: Directus (schema, roles, seed), Meilisearch (indexed), the site built from
// the catalog and served. `npm start` and the end-to-end tests both start it through here.
import path from 'node:path';
import { projectRoot, requestSecrets, type DirectusConfig } from '../platform/config.ts';
import { prepareCms, type PreparedCms } from '../cms/src/setup.ts';
import type { SearchConfig } from '../search/src/config.ts';
import { indexCatalog, indexingKey, searchOnlyKey } from '../search/src/indexer.ts';
import { startMeili, type RunningMeili } from '../search/src/meili-process.ts';
import { mkdirSync } from 'node:fs';
import { signIn } from '../cms/src/client.ts';
import { buildSite, type SiteBuild } from './site-build.ts';
import { startLiveSite, type LiveSite } from './live-site.ts';
import { usageFile } from '../domain/usage.ts';
import { publishSecret, startPublisher, type Publisher } from './publish-live.ts';

export interface StackOptions {
  cms: DirectusConfig;
  search: SearchConfig;
  site: { host: string; port: number; outDir: string; snapshotFile: string; logFile: string; publishPort?: number; backendPorts?: [number, number] };
  log?: (m: string) => void;
}

export interface RunningStack {
  cms: PreparedCms;
  meili: RunningMeili;
  build: SiteBuild;
  /** The public portal: a front server swapping builds in as they are published. */
  site: LiveSite;
  /** Rebuilds and swaps the site when the CMS says an entry was published or withdrawn. */
  publisher: Publisher;
  /** The secret of the publish endpoint (publisher.url), made for this run. */
  publishSecret: string;
  searchKey: string;
  /** Stops everything that was started, last started first. */
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
    const meili: RunningMeili = await startMeili(o.search, { log });
    stops.push(meili.stop);
    // The CMS hook calls the pipeline's publish endpoint with a secret made for this run only.
    const publishPort = o.site.publishPort ?? o.site.port + 1;
    const secret = publishSecret();
    const cmsCfg = {
      ...o.cms,
      env: { ...o.cms.env, ODP_MEILI_URL: o.search.url, ODP_MEILI_INDEX_KEY: await indexingKey(o.search), ODP_SEARCH_INDEX: o.search.index, ODP_PUBLISH_URL: `http://127.0.0.1:${publishPort}/publish`, ODP_PUBLISH_SECRET: secret },
    };
    const cms = await prepareCms(cmsCfg, { log });
    stops.push(cms.directus.stop);
    // One log of views and downloads for every build the stack serves (the dashboard reads it).
    process.env.ODP_USAGE_FILE ??= usageFile(o.site.snapshotFile);
    const build = await buildSite({ cmsUrl: o.cms.url, admin: cms.admin, snapshotFile: o.site.snapshotFile, outDir: o.site.outDir, log });
    const idx = await indexCatalog(o.search, build.catalog.snapshot, log);
    log(`Search index "${o.search.index}": ${idx.documents} documents in ${(idx.ms / 1000).toFixed(1)} s`);
    const searchKey = await searchOnlyKey(o.search);
    const site = await startLiveSite(
      {
        host: o.site.host,
        port: o.site.port,
        backendPorts: o.site.backendPorts ?? [o.site.port + 2, o.site.port + 3],
        logFile: o.site.logFile,
        search: { url: o.search.url, publicUrl: o.search.publicUrl, key: searchKey, index: o.search.index },
        requests: { directusUrl: o.cms.url, ...requestSecrets(o.cms) },
      },
      { outDir: o.site.outDir, snapshotFile: o.site.snapshotFile },
    );
    stops.push(site.stop);
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
      publicDir: o.cms.env.ODP_PUBLIC_DIR ?? path.join(projectRoot, 'public'),
      piiPatterns: o.cms.env.ODP_PII_PATTERNS ?? path.join(projectRoot, 'cms', 'pii-patterns.json'),
      log,
    });
    stops.push(publisher.stop);
    return { cms, meili, build, site, publisher, publishSecret: secret, searchKey, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

export function defaultSiteOptions(stateDir: string, port = Number(process.env.PORT ?? 4321), host = process.env.HOST ?? '127.0.0.1') {
  return {
    host,
    port,
    outDir: path.join(stateDir, 'site'),
    snapshotFile: path.join(stateDir, 'catalog', 'snapshot.json'),
    logFile: path.join(stateDir, 'site-server.log'),
  };
}
