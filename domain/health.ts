// Health of the data-sharing services as the monitor measured it (pipeline/health-monitor.ts):
// one line of JSON per check, appended beside the catalog snapshot. Here it is read back and
// summed up for the pages: availability over the last 24 hours and 30 days, and the outages.
import { existsSync, readFileSync } from 'node:fs';

/** One call of a service's health URL. */
export interface HealthCheck {
  service: string;
  /** When the call was made (ISO 8601, UTC). */
  time: string;
  /** HTTP 2xx within the time limit. */
  ok: boolean;
  /** HTTP status, when the service answered at all. */
  status?: number;
  /** Milliseconds until the answer's headers, when it answered. */
  latencyMs?: number;
  /** Why the call failed (connection refused, time-out, HTTP 503…). */
  error?: string;
}

export interface Outage {
  /** First failed check. */
  from: string;
  /** First successful check after it; absent while the service is still down. */
  to?: string;
  checks: number;
  error?: string;
}

export interface ServiceHealth {
  last?: HealthCheck;
  /** Share of successful checks, 0–1; undefined when there was no check in the window. */
  availability24h?: number;
  availability30d?: number;
  checks24h: number;
  checks30d: number;
  /** Median latency of the successful checks of the last 24 hours. */
  medianLatencyMs?: number;
  /** Outages of the last 30 days, newest first. */
  outages: Outage[];
}

export const DAY_MS = 24 * 3600_000;
/** How long checks are kept (the longest window shown, plus a day). */
export const HEALTH_RETENTION_MS = 31 * DAY_MS;

/** Every check in the log. A line cut short by a crash mid-write is skipped, not fatal. */
export function readHealthLog(file: string): HealthCheck[] {
  if (!existsSync(file)) return [];
  const out: HealthCheck[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      const c = JSON.parse(line) as HealthCheck;
      if (typeof c.service === 'string' && typeof c.time === 'string' && typeof c.ok === 'boolean') out.push(c);
    } catch {
      // A torn last line: the next pass appends after it and the reader skips it.
    }
  }
  return out;
}

function ratio(checks: HealthCheck[]): number | undefined {
  return checks.length ? checks.filter((c) => c.ok).length / checks.length : undefined;
}

function median(values: number[]): number | undefined {
  if (!values.length) return undefined;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : Math.round(((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2);
}

/** The health of one service at `now` from its checks (any order). */
function serviceHealth(checks: HealthCheck[], now: Date = new Date()): ServiceHealth {
  const t = now.getTime();
  const sorted = [...checks].sort((a, b) => a.time.localeCompare(b.time)).filter((c) => Date.parse(c.time) <= t);
  const day = sorted.filter((c) => Date.parse(c.time) > t - DAY_MS);
  const month = sorted.filter((c) => Date.parse(c.time) > t - 30 * DAY_MS);
  const outages: Outage[] = [];
  let open: Outage | undefined;
  for (const c of month) {
    if (!c.ok) {
      if (open) open.checks++;
      else open = { from: c.time, checks: 1, ...(c.error ? { error: c.error } : {}) };
    } else if (open) {
      outages.push({ ...open, to: c.time });
      open = undefined;
    }
  }
  if (open) outages.push(open);
  const last = sorted.at(-1);
  return {
    ...(last ? { last } : {}),
    availability24h: ratio(day),
    availability30d: ratio(month),
    checks24h: day.length,
    checks30d: month.length,
    medianLatencyMs: median(day.filter((c) => c.ok && c.latencyMs !== undefined).map((c) => c.latencyMs!)),
    outages: outages.reverse(),
  };
}

/** Health of every service in the log, by service id. */
export function healthByService(checks: HealthCheck[], now: Date = new Date()): Map<string, ServiceHealth> {
  const by = new Map<string, HealthCheck[]>();
  for (const c of checks) by.set(c.service, [...(by.get(c.service) ?? []), c]);
  return new Map([...by].map(([id, list]) => [id, serviceHealth(list, now)]));
}

/** "99,5 %" / "99.5%": availability as people read it; an em dash when nothing was measured. */
export function formatAvailability(value: number | undefined, lang: 'vi' | 'en'): string {
  if (value === undefined) return '—';
  const pct = Math.floor(value * 1000) / 10;
  return lang === 'vi' ? `${pct.toLocaleString('vi-VN', { maximumFractionDigits: 1 })} %` : `${pct.toLocaleString('en', { maximumFractionDigits: 1 })}%`;
}
