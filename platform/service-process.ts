// Runs a server as a child process (Directus, Meilisearch, the portal's Node server): output into a
// log file, ready once `ready()` answers, stopped with SIGTERM (then SIGKILL). One mechanism for all
// the processes `npm start` and the tests start.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { OdpError } from '../catalog-schema/src/errors.ts';

export interface ServiceProcess {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export interface ServiceSpec {
  /** Name in messages ("Directus", "Meilisearch"…) and the error code prefix. */
  name: string;
  code: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  logFile: string;
  url: string;
  /** Whether the server answers yet. */
  ready: () => Promise<boolean>;
  timeoutMs: number;
  pollMs?: number;
  killAfterMs?: number;
}

export async function startService(s: ServiceSpec): Promise<ServiceProcess & { startedInMs: number }> {
  mkdirSync(path.dirname(s.logFile), { recursive: true });
  const out = createWriteStream(s.logFile, { flags: 'a' });
  const child = spawn(s.command, s.args, { cwd: s.cwd, env: s.env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));
  child.on('error', (err) => {
    out.write(`${err.message}\n`);
    exited = -1;
  });
  const t = Date.now();
  for (;;) {
    if (exited !== undefined) throw new OdpError(`${s.code}_START_FAILED`, `${s.name} dừng ngay khi khởi động / ${s.name} exited (code ${exited}); xem / see ${s.logFile}`);
    if (await s.ready().catch(() => false)) break;
    if (Date.now() - t > s.timeoutMs) {
      child.kill('SIGKILL');
      throw new OdpError(`${s.code}_START_TIMEOUT`, `${s.name} không trả lời sau ${s.timeoutMs / 1000} s / did not answer at ${s.url} in time; xem / see ${s.logFile}`);
    }
    await new Promise((r) => setTimeout(r, s.pollMs ?? 200));
  }
  return {
    url: s.url,
    process: child,
    startedInMs: Date.now() - t,
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited !== undefined || child.exitCode !== null || child.signalCode) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), s.killAfterMs ?? 10_000).unref();
      }),
  };
}

/** True when GET `url` answers 2xx within a second. */
export async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
}
