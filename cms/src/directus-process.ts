// Starts a real Directus server as a child process (bootstrapping its database first) and stops it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { OdpError } from '../../catalog-schema/src/errors.ts';
import { projectRoot, type DirectusConfig } from './config.ts';
import { buildExtensions } from './build-extensions.ts';

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

export interface RunningDirectus {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts Directus and resolves once /server/ping answers. Output goes to <dataDir>/directus.log. */
export async function startDirectus(cfg: DirectusConfig, { timeoutMs = 120_000, log = console.log } = {}): Promise<RunningDirectus> {
  buildExtensions();
  bootstrapDirectus(cfg, log);
  const logFile = path.join(cfg.dataDir, 'directus.log');
  const out = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(process.execPath, [cli, 'start'], { cwd: projectRoot, env: childEnv(cfg), stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  let exited: number | null | undefined;
  child.on('exit', (code) => {
    exited = code;
  });
  const t = Date.now();
  while (Date.now() - t < timeoutMs) {
    if (exited !== undefined) {
      throw new OdpError('DIRECTUS_START_FAILED', `Directus dừng ngay khi khởi động / Directus exited (code ${exited}); xem / see ${logFile}`);
    }
    try {
      const res = await fetch(`${cfg.url}/server/ping`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  if (exited !== undefined || Date.now() - t >= timeoutMs) {
    child.kill('SIGTERM');
    throw new OdpError('DIRECTUS_START_FAILED', `Directus không phản hồi / did not answer at ${cfg.url} within ${timeoutMs / 1000} s; see ${logFile}`);
  }
  log(`Directus listening at ${cfg.url} (started in ${((Date.now() - t) / 1000).toFixed(1)} s)`);
  return {
    url: cfg.url,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}
