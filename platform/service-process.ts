// Runs a server as a child process (Directus, Meilisearch, the portal's Node server): output into a
// log file, ready once `ready()` answers, stopped with SIGTERM (then SIGKILL). One mechanism for all
// the processes `npm start` and the tests start, and one for starting them again when they stop on
// their own (`supervise`).
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

/**
 * How a service that stopped on its own is started again: after `firstDelayMs`, then twice as long
 * after each further failure up to `maxDelayMs`. A run of `healthyAfterMs` counts as healthy and
 * starts the count again; `maxFastFailures` failures in a row (crashes or starts that fail) and the
 * service is left stopped, so a service that cannot run does not keep the machine busy.
 */
export interface RestartPolicy {
  firstDelayMs: number;
  maxDelayMs: number;
  healthyAfterMs: number;
  maxFastFailures: number;
}

export const restartPolicy: RestartPolicy = { firstDelayMs: 1000, maxDelayMs: 30_000, healthyAfterMs: 60_000, maxFastFailures: 5 };

export interface SuperviseOptions {
  /** Name in messages ("Meilisearch", "Directus", "portal server"), and in Vietnamese when it differs. */
  name: string;
  nameVi?: string;
  /** Named in the messages, for the reason it stopped. */
  logFile: string;
  /** Starts the service again and resolves once it answers; throws when it could not. */
  restart: () => Promise<void>;
  policy?: Partial<RestartPolicy>;
  log?: (m: string) => void;
}

export interface Supervisor {
  /** Tells the supervisor the service stopped on its own (its process's exit code and signal). */
  exited(code: number | null, signal: NodeJS.Signals | null): void;
  /** Restarts done so far. */
  restarts(): number;
  /** Whether it gave up after repeated fast failures. */
  gaveUp(): boolean;
  /** No restart from now on; waits for one under way, so that the caller then stops what it started. */
  stop(): Promise<void>;
}

/** "exit code 1" or "signal SIGKILL", in both languages. */
export function describeExit(code: number | null, signal: NodeJS.Signals | null): { vi: string; en: string } {
  if (signal) return { vi: `tín hiệu ${signal}`, en: `signal ${signal}` };
  return { vi: `mã thoát ${code ?? '?'}`, en: `exit code ${code ?? '?'}` };
}

/**
 * Keeps a service running: the caller reports each exit of the service with `exited`, and the
 * supervisor calls `restart` after the policy's delay, saying so in both languages with the exit
 * code or signal and the attempt number.
 */
export function supervise(o: SuperviseOptions): Supervisor {
  const policy = { ...restartPolicy, ...o.policy };
  const log = o.log ?? console.log;
  const vi = o.nameVi ?? o.name;
  let since = Date.now();
  let failures = 0;
  let restarts = 0;
  let stopped = false;
  let gaveUp = false;
  let timer: NodeJS.Timeout | undefined;
  let underWay: Promise<void> | undefined;
  // An exit heard while a restart is still settling (the new process died at once): handled after it.
  let heldExit: { vi: string; en: string } | undefined;

  const fail = (why: { vi: string; en: string }) => {
    if (underWay) heldExit = why;
    if (stopped || gaveUp || timer || underWay) return;
    // A service that ran long enough was healthy: this failure starts a new count.
    if (Date.now() - since >= policy.healthyAfterMs) failures = 0;
    failures++;
    if (failures > policy.maxFastFailures) {
      gaveUp = true;
      log(
        `✗ ${vi} dừng ${failures} lần liên tiếp (lần cuối: ${why.vi}); không khởi động lại nữa, phần còn lại của cổng vẫn chạy. Xem ${o.logFile} / ` +
          `${o.name} failed ${failures} times in a row (last: ${why.en}); not restarting it again, the rest of the portal keeps running. See ${o.logFile}`,
      );
      return;
    }
    const delay = Math.min(policy.firstDelayMs * 2 ** (failures - 1), Math.max(policy.maxDelayMs, policy.firstDelayMs));
    const attempt = failures;
    const t = Date.now();
    log(`! ${vi} đã dừng (${why.vi}); khởi động lại lần ${attempt} sau ${delay / 1000} s / ${o.name} stopped (${why.en}); restart ${attempt} in ${delay / 1000} s`);
    timer = setTimeout(() => {
      timer = undefined;
      if (stopped) return;
      underWay = o.restart().then(
        () => {
          underWay = undefined;
          since = Date.now();
          restarts++;
          log(`✓ ${vi} chạy lại sau ${((Date.now() - t) / 1000).toFixed(1)} s (lần ${attempt}) / ${o.name} is back after ${((Date.now() - t) / 1000).toFixed(1)} s (restart ${attempt})`);
          const held = heldExit;
          heldExit = undefined;
          if (held) fail(held);
        },
        (err: unknown) => {
          underWay = undefined;
          heldExit = undefined;
          // A start that fails is one more fast failure.
          since = Date.now();
          const message = err instanceof Error ? err.message : String(err);
          fail({ vi: `không khởi động được: ${message}`, en: `did not start: ${message}` });
        },
      );
    }, delay);
  };

  return {
    exited: (code, signal) => fail(describeExit(code, signal)),
    restarts: () => restarts,
    gaveUp: () => gaveUp,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await underWay?.catch(() => undefined);
    },
  };
}
