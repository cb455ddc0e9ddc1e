// Serves a built site (static pages and server routes) with the @astrojs/node standalone server.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { OdpError } from '../../catalog-schema/src/errors.ts';
import { projectRoot } from '../../cms/src/config.ts';

export interface RunningSite {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export interface SiteServerOptions {
  outDir: string;
  host: string;
  port: number;
  snapshotFile: string;
  /** Meilisearch as the server reaches it, as browsers reach it, and the search-only key. */
  search: { url: string; publicUrl: string; key: string; index: string };
  logFile: string;
}

export async function startSiteServer(o: SiteServerOptions, { timeoutMs = 30_000 } = {}): Promise<RunningSite> {
  mkdirSync(path.dirname(o.logFile), { recursive: true });
  const out = createWriteStream(o.logFile, { flags: 'a' });
  const { PATH, HOME, LANG, TZ, TMPDIR } = process.env;
  // The server gets the search-only key, never the master key or CMS credentials.
  const env = {
    PATH, HOME, LANG, TZ, TMPDIR,
    NODE_ENV: 'production',
    HOST: o.host,
    PORT: String(o.port),
    ODP_CATALOG_FILE: o.snapshotFile,
    MEILI_URL: o.search.url,
    MEILI_PUBLIC_URL: o.search.publicUrl,
    MEILI_SEARCH_KEY: o.search.key,
    ODP_SEARCH_INDEX: o.search.index,
  };
  const child = spawn(process.execPath, [path.join(o.outDir, 'server', 'entry.mjs')], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));
  const url = `http://${o.host}:${o.port}`;
  const t = Date.now();
  for (;;) {
    if (exited !== undefined) throw new OdpError('SITE_START_FAILED', `Máy chủ cổng dừng ngay khi khởi động / the portal server exited (code ${exited}); xem / see ${o.logFile}`);
    try {
      if ((await fetch(`${url}/`, { signal: AbortSignal.timeout(1000) })).ok) break;
    } catch {
      // not yet
    }
    if (Date.now() - t > timeoutMs) {
      child.kill('SIGKILL');
      throw new OdpError('SITE_START_TIMEOUT', `Máy chủ cổng không trả lời / the portal server did not answer in ${timeoutMs / 1000} s; xem / see ${o.logFile}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited !== undefined) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}
