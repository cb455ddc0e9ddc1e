// Starts a real Directus server as a child process (bootstrapping its database first) and stops it.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { OdpError } from '../../catalog-schema/src/errors.ts';
import { projectRoot, systemEnv, type DirectusConfig } from '../../platform/config.ts';
import { buildExtensions } from './build-extensions.ts';
import { answers, startService, type ServiceProcess } from '../../platform/service-process.ts';

const cli = path.join(projectRoot, 'node_modules', 'directus', 'cli.js');

function childEnv(cfg: DirectusConfig): NodeJS.ProcessEnv {
  // Only what Directus needs: our own variables (DB_*, ADMIN_*) are passed explicitly.
  return { ...systemEnv(), NODE_ENV: 'production', ...cfg.env };
}

/** Creates Directus's system tables and the admin user if missing (idempotent). */
export function bootstrapDirectus(cfg: DirectusConfig, log = console.log): void {
  // The database, its journals, uploads and the log hold accounts and unpublished entries: the folder
  // is the owner's alone (as .state/secrets.json is), whatever the umask.
  mkdirSync(cfg.dataDir, { recursive: true, mode: 0o700 });
  chmodSync(cfg.dataDir, 0o700);
  mkdirSync(cfg.env.STORAGE_LOCAL_ROOT ?? path.join(cfg.dataDir, 'uploads'), { recursive: true });
  const t = Date.now();
  const r = spawnSync(process.execPath, [cli, 'bootstrap'], { cwd: projectRoot, env: childEnv(cfg), encoding: 'utf8' });
  if (r.status !== 0) {
    throw new OdpError('DIRECTUS_BOOTSTRAP_FAILED', `Không khởi tạo được cơ sở dữ liệu Directus / Directus bootstrap failed (${cfg.dbClient}):\n${r.stdout}\n${r.stderr}`);
  }
  if (cfg.dbClient === 'sqlite3' && existsSync(cfg.dbFilename)) chmodSync(cfg.dbFilename, 0o600);
  log(`Directus database ready (${cfg.dbClient}) in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}

export type RunningDirectus = ServiceProcess;

/** Starts Directus and resolves once /server/ping answers. Output goes to <dataDir>/directus.log. */
export async function startDirectus(cfg: DirectusConfig, { timeoutMs = 120_000, log = console.log } = {}): Promise<RunningDirectus> {
  buildExtensions();
  bootstrapDirectus(cfg, log);
  return runDirectus(cfg, { timeoutMs, log });
}

/**
 * Starts the Directus server alone, on a database and extension already prepared by startDirectus:
 * what a restart after a crash needs. Bundling the extension and bootstrapping are synchronous and
 * would hold up the process that restarts it (the front server of the portal runs there too).
 */
export async function runDirectus(cfg: DirectusConfig, { timeoutMs = 120_000, log = console.log } = {}): Promise<RunningDirectus> {
  const d = await startService({
    name: 'Directus',
    code: 'DIRECTUS',
    command: process.execPath,
    args: [cli, 'start'],
    cwd: projectRoot,
    env: childEnv(cfg),
    logFile: directusLogFile(cfg),
    url: cfg.url,
    ready: () => answers(`${cfg.url}/server/ping`),
    timeoutMs,
    pollMs: 300,
  });
  log(`Directus listening at ${cfg.url} (started in ${(d.startedInMs / 1000).toFixed(1)} s)`);
  return d;
}

export function directusLogFile(cfg: Pick<DirectusConfig, 'dataDir'>): string {
  return path.join(cfg.dataDir, 'directus.log');
}
