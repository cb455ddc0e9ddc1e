// Builds the static portal: catalog (CMS or last snapshot) → astro build into an output folder.
// Used by `npm start`, the tests and (later) publish-to-live.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { OdpError } from '../../catalog-schema/src/errors.ts';
import { projectRoot } from '../../cms/src/config.ts';
import { loadCatalog, type LoadedCatalog } from './catalog-source.ts';
import { profileDistributions, writeProfiles } from './profile-files.ts';
import { profilesFileFor } from '../../site/src/lib/profiles.ts';
import { stateDir } from '../../cms/src/config.ts';

export interface SiteBuild {
  outDir: string;
  catalog: LoadedCatalog;
  pages: number;
  ms: number;
}

function countPages(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) n += countPages(path.join(dir, e.name));
    else if (e.name.endsWith('.html')) n++;
  }
  return n;
}

/** Runs `astro build` with the given snapshot; output in `outDir` (client/ static files, server/ the Node server). */
export async function astroBuild(snapshotFile: string, outDir: string, log = console.log, onStart: (pid: number) => void = () => {}): Promise<void> {
  const cli = path.join(projectRoot, 'node_modules', 'astro', 'bin', 'astro.mjs');
  const child = spawn(process.execPath, [cli, 'build', '--silent'], {
    cwd: projectRoot,
    env: { ...process.env, ODP_CATALOG_FILE: snapshotFile, ODP_SITE_OUT_DIR: outDir, ASTRO_TELEMETRY_DISABLED: '1' },
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
 * The whole site build: reads the catalog from the CMS at `cmsUrl` (or the last snapshot at
 * `snapshotFile` when the CMS does not answer), then builds into `outDir`. Says which source it used.
 */
export async function buildSite({ cmsUrl, snapshotFile, outDir, log = console.log }: { cmsUrl?: string; snapshotFile: string; outDir: string; log?: (m: string) => void }): Promise<SiteBuild> {
  const t = Date.now();
  const catalog = await loadCatalog(cmsUrl, snapshotFile);
  const s = catalog.snapshot;
  const counts = `${s.datasets.length} datasets, ${s.dataServices.length} services, ${s.agents.length} agencies`;
  if (catalog.from === 'cms') log(`Danh mục / catalog: from the CMS ${cmsUrl} (${counts}); snapshot saved to ${path.relative(projectRoot, snapshotFile)}`);
  else log(`! Danh mục / catalog: from the snapshot ${path.relative(projectRoot, snapshotFile)} of ${s.generatedAt} (${counts}) because ${catalog.reason}`);
  const p = await profileDistributions(s, { publicDir: path.join(projectRoot, 'public'), cacheDir: path.join(stateDir, 'profile-cache'), log });
  writeProfiles(profilesFileFor(snapshotFile), p.profiles);
  const unreachable = Object.values(p.profiles).filter((x) => !x.answers).length;
  log(`Files: ${p.read} profiled, ${p.cached} from cache, ${p.links} links checked (${unreachable} not answering) in ${(p.ms / 1000).toFixed(1)} s`);
  await astroBuild(snapshotFile, outDir, log);
  const client = path.join(outDir, 'client');
  const pages = existsSync(client) && statSync(client).isDirectory() ? countPages(client) : 0;
  const ms = Date.now() - t;
  log(`Site: ${pages} pages built in ${(ms / 1000).toFixed(1)} s → ${path.relative(projectRoot, outDir)}`);
  return { outDir, catalog, pages, ms };
}
