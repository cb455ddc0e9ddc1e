// The renderer of incremental publishing: the portal's pages built as server routes (astro.config.mjs,
// ODP_RENDER=on-demand), so that after a publish the live portal server renders what changed from
// the new catalog instead of a full build. It depends on the templates and code only, never on the
// catalog: it is built once per hash of what the pages are made from and kept beside the site
// (<site>-renderer/<hash>/), so a start with unchanged code reuses it, and changed code builds anew.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildConfig, projectRoot } from '../platform/config.ts';
import { astroOnly } from './site-build.ts';

/** What the pages are made from, besides the catalog: the code, the dependencies, the public files and the build settings. */
const sources = ['site', 'domain', 'catalog-schema', 'platform', 'astro.config.mjs', 'package-lock.json'];

function walk(file: string, visit: (file: string) => void): void {
  const st = statSync(file, { throwIfNoEntry: false });
  if (!st) return;
  if (!st.isDirectory()) return visit(file);
  for (const e of readdirSync(file).sort()) if (e !== '__tests__' && e !== 'node_modules' && !e.startsWith('.')) walk(path.join(file, e), visit);
}

/**
 * The hash of the templates: the source files' contents, the public folder's names, sizes and times
 * (it may hold large data files), and the settings the build bakes in. A change of any of them makes
 * the next start build the renderer again.
 */
export function templateHash(): string {
  const h = createHash('sha256');
  const { siteUrl, publicDir } = buildConfig();
  h.update(`${siteUrl}\n${publicDir}\n`);
  for (const s of sources)
    walk(path.join(projectRoot, s), (f) => {
      h.update(`${path.relative(projectRoot, f)}\n`);
      h.update(readFileSync(f));
    });
  walk(publicDir, (f) => {
    const st = statSync(f);
    h.update(`${path.relative(publicDir, f)} ${st.size} ${st.mtimeMs}\n`);
  });
  return h.digest('hex').slice(0, 16);
}

export interface Renderer {
  dir: string;
  hash: string;
  /** Whether it was built now (false: an earlier one with the same hash). */
  built: boolean;
  ms: number;
}

/**
 * The renderer for the code as it is now, beside `siteOutDir`: reused when one with the same hash is
 * complete, else built (a few seconds; it needs a catalog file to start from, `snapshotFile`, which
 * it does not keep). Older renderers are removed.
 */
export async function ensureRenderer(siteOutDir: string, snapshotFile: string, log: (m: string) => void = console.log): Promise<Renderer> {
  const t = Date.now();
  const hash = templateHash();
  const parent = `${siteOutDir}-renderer`;
  const dir = path.join(parent, hash);
  const stamp = path.join(dir, 'complete');
  let built = false;
  if (!existsSync(stamp)) {
    rmSync(dir, { recursive: true, force: true });
    log(`Bộ kết xuất / renderer: building for templates ${hash}…`);
    // Built where it stays: the adapter writes the folder's own path into the server it makes.
    await astroOnly(snapshotFile, dir, log, undefined, 'on-demand');
    writeFileSync(stamp, `${new Date().toISOString()}\n`);
    built = true;
  }
  for (const e of existsSync(parent) ? readdirSync(parent) : []) if (e !== hash) rmSync(path.join(parent, e), { recursive: true, force: true });
  return { dir, hash, built, ms: Date.now() - t };
}
