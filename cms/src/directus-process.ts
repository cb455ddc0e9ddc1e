// Starts a real Directus server as a child process (bootstrapping its database first) and stops it.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { OdpError } from '../../catalog-schema/src/errors.ts';
import { projectRoot, type DirectusConfig } from '../../platform/config.ts';
import { buildExtensions } from './build-extensions.ts';
import { answers, startService, type ServiceProcess } from '../../platform/service-process.ts';

const cli = path.join(projectRoot, 'node_modules', 'directus', 'cli.js');

function childEnv(cfg: DirectusConfig): NodeJS.ProcessEnv {
  // Only what Directus needs: our own variables (DB_*, ADMIN_*) are passed explicitly.
  const { PATH, HOME, LANG, TZ, TMPDIR } = process.env;
  return { PATH, HOME, LANG, TZ, TMPDIR, NODE_ENV: 'production', ...cfg.env };
}

/** Creates Directus's system tables and the admin user if missing (idempotent). */
export function bootstrapDirectus(cfg: DirectusConfig, log = console.log): void {
  mkdirSync(cfg.dataDir, { recursive: true });
  mkdirSync(cfg.env.STORAGE_LOCAL_ROOT ?? path.join(cfg.dataDir, 'uploads'), { recursive: true });
  const t = Date.now();
  const r = spawnSync(process.execPath, [cli, 'bootstrap'], { cwd: projectRoot, env: childEnv(cfg), encoding: 'utf8' });
  if (r.status !== 0) {
    throw new OdpError(
      'DIRECTUS_BOOTSTRAP_FAILED',
      `Không khởi tạo được cơ sở dữ liệu Directus / Directus bootstrap failed (${cfg.dbClient}):\n${r.stdout}\n${r.stderr}`,
    );
  }
  log(`Directus database ready (${cfg.dbClient}) in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}

export type RunningDirectus = ServiceProcess;

/** Starts Directus and resolves once /server/ping answers. Output goes to <dataDir>/directus.log. */
export async function startDirectus(cfg: DirectusConfig, { timeoutMs = 120_000, log = console.log } = {}): Promise<RunningDirectus> {
  buildExtensions();
  bootstrapDirectus(cfg, log);
  const d = await startService({
    name: 'Directus',
    code: 'DIRECTUS',
    command: process.execPath,
    args: [cli, 'start'],
    cwd: projectRoot,
    env: childEnv(cfg),
    logFile: path.join(cfg.dataDir, 'directus.log'),
    url: cfg.url,
    ready: () => answers(`${cfg.url}/server/ping`),
    timeoutMs,
    pollMs: 300,
  });
  log(`Directus listening at ${cfg.url} (started in ${(d.startedInMs / 1000).toFixed(1)} s)`);
  return d;
}
