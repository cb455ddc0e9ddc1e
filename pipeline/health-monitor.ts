// The health monitor: calls the health URL of every public data-sharing service, records status and
// latency in an append-only log beside the catalog snapshot (domain/health.ts reads it), and
// publishes the summary as /status/health.json so the status pages show checks newer than the build.
// `npm run health:check` runs one pass; `npm start` runs it every ODP_HEALTH_INTERVAL seconds.
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DataService } from '../catalog-schema/generated/types.ts';
import { HEALTH_RETENTION_MS, healthByService, readHealthLog, type HealthCheck, type ServiceHealth } from '../domain/health.ts';
import { fetchAllowList } from '../platform/config.ts';
import { safeFetch, SafeFetchError, type FetchAllowList } from '../platform/safe-fetch.ts';

export interface HealthTarget {
  service: string;
  url: string;
}

export interface MonitorOptions {
  /** The append-only log (healthFileFor(snapshot)). */
  file: string;
  /** Per call; a slower answer counts as a failure. */
  timeoutMs?: number;
  /** Calls at once. */
  concurrency?: number;
  /** Internal servers a health URL may name (ODP_FETCH_ALLOW); other private addresses are not called. */
  allow?: FetchAllowList;
  log?: (m: string) => void;
}

/** Public services that declare a health URL and have not been terminated. */
export function healthTargets(services: DataService[]): HealthTarget[] {
  return services.filter((s) => s.accessLevel === 'public' && s.healthURL && s.serviceState !== 'terminated').map((s) => ({ service: s.id, url: s.healthURL! }));
}

/**
 * One call of a health URL: 2xx within the time limit is up; anything else is down, with why.
 * Each call opens its own connection (no keep-alive pool), so a service that stopped accepting
 * connections is seen as down, and the latency includes connecting as a client would. The call goes
 * through the guarded fetch: a health URL on the server itself or a private network is not called
 * (the status page would show which of its ports answer) unless the operator allows that server.
 * A redirect is an answer, not followed: a health URL names the check itself.
 */
export async function checkHealth(target: HealthTarget, timeoutMs = 10_000, allow: FetchAllowList = fetchAllowList()): Promise<HealthCheck> {
  const time = new Date().toISOString();
  const t = performance.now();
  try {
    const res = await safeFetch(target.url, { timeoutMs, allow, redirect: 'manual', body: 'discard', headers: { accept: 'application/json, */*', 'user-agent': 'odp-health-monitor' } });
    return { service: target.service, time, ok: res.ok, status: res.status, latencyMs: Math.round(performance.now() - t), ...(res.ok ? {} : { error: `HTTP ${res.status}` }) };
  } catch (err) {
    return { service: target.service, time, ok: false, error: err instanceof SafeFetchError ? err.reason : (err as Error).message };
  }
}

/** Keeps the log to the retention window: rewritten atomically, and only when something expired. */
function prune(file: string, now: number): void {
  if (!existsSync(file)) return;
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const first = lines[0] ? (JSON.parse(lines[0]) as Partial<HealthCheck>).time : undefined;
  if (!first || Date.parse(first) > now - HEALTH_RETENTION_MS) return;
  const keep = lines.filter((l) => {
    try {
      return Date.parse((JSON.parse(l) as HealthCheck).time) > now - HEALTH_RETENTION_MS;
    } catch {
      return false;
    }
  });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, keep.map((l) => `${l}\n`).join(''));
  renameSync(tmp, file);
}

/** One pass over `targets`: every check appended to the log in one write. */
export async function runHealthPass(targets: HealthTarget[], o: MonitorOptions): Promise<HealthCheck[]> {
  const t = Date.now();
  const queue = [...targets];
  const checks: HealthCheck[] = [];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) checks.push(await checkHealth(next, o.timeoutMs, o.allow));
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(o.concurrency ?? 4, targets.length)) }, worker));
  mkdirSync(path.dirname(o.file), { recursive: true });
  prune(o.file, Date.now());
  if (checks.length) appendFileSync(o.file, checks.map((c) => `${JSON.stringify(c)}\n`).join(''));
  const down = checks.filter((c) => !c.ok);
  o.log?.(
    `Health: ${checks.length} services checked in ${((Date.now() - t) / 1000).toFixed(1)} s, ${checks.length - down.length} up, ${down.length} down` +
      (down.length ? ` (${down.map((c) => `${c.service}: ${c.error ?? 'down'}`).join('; ')})` : ''),
  );
  return checks;
}

export interface LiveStatus {
  generatedAt: string;
  services: Record<string, Pick<ServiceHealth, 'availability24h' | 'availability30d' | 'checks24h' | 'checks30d' | 'medianLatencyMs'> & { last?: HealthCheck }>;
}

/** The summary the status pages fetch to show checks made after the build (progressive enhancement). */
export function writeLiveStatus(logFile: string, outFile: string, now = new Date()): LiveStatus {
  const status: LiveStatus = { generatedAt: now.toISOString(), services: {} };
  for (const [id, h] of healthByService(readHealthLog(logFile), now)) {
    status.services[id] = {
      availability24h: h.availability24h,
      availability30d: h.availability30d,
      checks24h: h.checks24h,
      checks30d: h.checks30d,
      medianLatencyMs: h.medianLatencyMs,
      ...(h.last ? { last: h.last } : {}),
    };
  }
  mkdirSync(path.dirname(outFile), { recursive: true });
  const tmp = `${outFile}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(status));
  renameSync(tmp, outFile);
  return status;
}

/** Where the live summary goes in a built site. */
export function liveStatusFile(outDir: string): string {
  return path.join(outDir, 'client', 'status', 'health.json');
}

export interface RunningMonitor {
  stop(): void;
}

/**
 * Checks `targets()` now and then every `intervalMs`, never two passes at once; after each pass the
 * live summary is rewritten. A failed pass is logged and the next one runs as planned.
 */
export function startHealthMonitor(targets: () => HealthTarget[], o: MonitorOptions & { intervalMs: number; liveFile?: string | (() => string) }): RunningMonitor {
  let running = false;
  const pass = async () => {
    if (running) return;
    running = true;
    try {
      await runHealthPass(targets(), o);
      if (o.liveFile) writeLiveStatus(o.file, typeof o.liveFile === 'function' ? o.liveFile() : o.liveFile);
    } catch (err) {
      o.log?.(`! Health: pass failed (${(err as Error).message}); next pass in ${Math.round(o.intervalMs / 1000)} s`);
    } finally {
      running = false;
    }
  };
  void pass();
  const timer = setInterval(() => void pass(), o.intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
