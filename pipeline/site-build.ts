// Builds the static portal: catalog (CMS or last snapshot) → astro build into an output folder.
// Used by `npm start`, the tests and (later) publish-to-live.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { OdpError } from '../catalog-schema/src/errors.ts';
import { buildConfig, inheritedEnv, paths, profilesFileFor, projectRoot } from '../platform/config.ts';
import { loadCatalog, type LoadedCatalog } from './catalog-source.ts';
import { buildHeap, moveFilesInto, writeDcatFiles } from './dcat-files.ts';
import { profileDistributions, writeProfiles } from './profile-files.ts';
import { ingestInBackground, type IngestResult } from './data-ingest.ts';
import { copyPublishedUploads } from './uploaded-files.ts';
import type { Cms } from '../cms/src/client.ts';
import { readSnapshot, type CatalogSnapshot } from '../domain/snapshot.ts';

export interface SiteBuild {
  outDir: string;
  catalog: LoadedCatalog;
  pages: number;
  ms: number;
  /** The Data API's ingest, started after the profiles and running beside the page build. */
  dataApi: Promise<IngestResult | undefined>;
}

function countPages(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) n += countPages(path.join(dir, e.name));
    else if (e.name.endsWith('.html')) n++;
  }
  return n;
}

/**
 * Runs `astro build` with the given snapshot; output in `outDir` (client/ static files, server/ the
 * Node server). `render: 'on-demand'` builds the renderer instead: the same pages as server routes,
 * rendered when asked for from the catalog the server has loaded (astro.config.mjs).
 */
export async function astroOnly(snapshotFile: string, outDir: string, log: (m: string) => void, onStart: (pid: number) => void = () => {}, render: 'static' | 'on-demand' = 'static'): Promise<void> {
  const cli = path.join(projectRoot, 'node_modules', 'astro', 'bin', 'astro.mjs');
  const child = spawn(process.execPath, [buildHeap(), cli, 'build', '--silent'], {
    cwd: projectRoot,
    env: inheritedEnv({ ODP_CATALOG_FILE: snapshotFile, ODP_SITE_OUT_DIR: outDir, ASTRO_TELEMETRY_DISABLED: '1', ODP_RENDER: render }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid) onStart(child.pid);
  let output = '';
  const t = Date.now();
  const tick = setInterval(() => log(`  astro build… ${((Date.now() - t) / 1000).toFixed(0)} s`), 10_000);
  child.stdout.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr.on('data', (b: Buffer) => (output += b.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(tick);
  if (code !== 0) {
    throw new OdpError('SITE_BUILD_FAILED', `Dựng trang thất bại / the site build failed (exit ${code}):\n${output.trim().split('\n').slice(-30).join('\n')}`);
  }
}

/**
 * The static build of a snapshot into `outDir`: Astro renders the pages while other processes write
 * the DCAT-AP exports beside them (into a folder of their own, moved into client/ once both are
 * done). `onStart` hears of every process started, for measuring their memory.
 */
export async function astroBuild(snapshotFile: string, outDir: string, log: (m: string) => void = console.log, onStart: (pid: number) => void = () => {}): Promise<void> {
  const exportsDir = `${outDir}.dcat`;
  rmSync(exportsDir, { recursive: true, force: true });
  const [site, dcat] = await Promise.allSettled([astroOnly(snapshotFile, outDir, log, onStart), writeDcatFiles(snapshotFile, exportsDir, { log, onStart })]);
  if (site.status === 'rejected' || dcat.status === 'rejected') {
    rmSync(exportsDir, { recursive: true, force: true });
    throw site.status === 'rejected' ? site.reason : (dcat as PromiseRejectedResult).reason;
  }
  moveFilesInto(exportsDir, path.join(outDir, 'client'));
}

/**
 * Builds into a fresh folder beside `outDir` and only when the build succeeded puts it in place of
 * `outDir` (two renames on the same file system; the old build is removed afterwards). A failed
 * build leaves the site in `outDir` exactly as it was, and removes its half-written folder.
 * Astro copies the public folder; the editors' uploads of the openly published datasets are copied
 * beside it (`snapshot`: the one in `snapshotFile`, when the caller has it already).
 */
export async function buildAndSwap(snapshotFile: string, outDir: string, log = console.log, snapshot?: CatalogSnapshot): Promise<void> {
  const next = `${outDir}.next-${process.pid}`;
  const old = `${outDir}.old-${process.pid}`;
  rmSync(next, { recursive: true, force: true });
  try {
    await astroBuild(snapshotFile, next, log);
    const { uploadsDir } = paths();
    if (existsSync(uploadsDir)) {
      const { copied } = copyPublishedUploads((snapshot ?? readSnapshot(snapshotFile)).datasets, uploadsDir, path.join(next, 'client'), buildConfig().portalOrigins);
      if (copied.length) log(`Uploaded files: ${copied.length} published with the site`);
    }
  } catch (err) {
    rmSync(next, { recursive: true, force: true });
    if (existsSync(outDir)) log(`! Bản dựng trước vẫn giữ nguyên / the previous build in ${path.relative(projectRoot, outDir)} is left as it was`);
    throw err;
  }
  rmSync(old, { recursive: true, force: true });
  if (existsSync(outDir)) renameSync(outDir, old);
  renameSync(next, outDir);
  rmSync(old, { recursive: true, force: true });
}

/**
 * The whole site build: reads the catalog from the CMS at `cmsUrl` (or the last snapshot at
 * `snapshotFile` when the CMS does not answer), then builds into `outDir`. Says which source it used.
 */
export interface BuildOptions {
  cmsUrl?: string;
  snapshotFile: string;
  outDir: string;
  /** Reads the revisions for the public change history. */
  admin?: Cms;
  /** Fail instead of falling back to the last snapshot when the CMS does not answer (publishing). */
  requireCms?: boolean;
  /** Extra checks of the catalog before anything is built; throw to stop the build. */
  check?: (snapshot: CatalogSnapshot) => Promise<void>;
  log?: (m: string) => void;
}

export async function buildSite({ cmsUrl, snapshotFile, outDir, admin, requireCms = false, check, log = console.log }: BuildOptions): Promise<SiteBuild> {
  const t = Date.now();
  const catalog = await loadCatalog(cmsUrl, snapshotFile, { admin });
  if (requireCms && catalog.from !== 'cms') throw new OdpError('CMS_UNAVAILABLE', `Không đọc được CMS nên không đưa lên cổng / the CMS could not be read, nothing was published: ${catalog.reason}`);
  await check?.(catalog.snapshot);
  if (catalog.historyNote) log(`! Lịch sử thay đổi / change history: ${catalog.historyNote}`);
  const s = catalog.snapshot;
  const counts = `${s.datasets.length} datasets, ${s.dataServices.length} services, ${s.agents.length} agencies`;
  if (catalog.from === 'cms') log(`Danh mục / catalog: from the CMS ${cmsUrl} (${counts}); snapshot saved to ${path.relative(projectRoot, snapshotFile)}`);
  else log(`! Danh mục / catalog: from the snapshot ${path.relative(projectRoot, snapshotFile)} of ${s.generatedAt} (${counts}) because ${catalog.reason}`);
  const p = await profileDistributions(s, {
    publicDir: buildConfig().publicDir,
    uploadsDir: paths().uploadsDir,
    portalOrigins: buildConfig().portalOrigins,
    cacheDir: buildConfig().profileCacheDir,
    log,
  });
  writeProfiles(profilesFileFor(snapshotFile), p.profiles);
  const unreachable = Object.values(p.profiles).filter((x) => !x.answers).length;
  log(`Files: ${p.read} profiled, ${p.cached} from cache, ${p.links} links checked (${unreachable} not answering) in ${(p.ms / 1000).toFixed(1)} s`);
  // Not awaited: a large file loading never holds up the pages; the portal server picks it up when its index changes.
  const dataApi = ingestInBackground(s, {
    publicDir: buildConfig().publicDir,
    uploadsDir: paths().uploadsDir,
    portalOrigins: buildConfig().portalOrigins,
    dataDir: paths().dataApiDir,
    profiles: p.profiles,
    log,
  });
  await buildAndSwap(snapshotFile, outDir, log, s);
  const client = path.join(outDir, 'client');
  const pages = existsSync(client) && statSync(client).isDirectory() ? countPages(client) : 0;
  const ms = Date.now() - t;
  log(`Site: ${pages} pages built in ${(ms / 1000).toFixed(1)} s → ${path.relative(projectRoot, outDir)}`);
  return { outDir, catalog, pages, ms, dataApi };
}
