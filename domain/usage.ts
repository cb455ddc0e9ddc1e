// Views and downloads, counted by the portal server without trackers and without personal data: a
// count per day, kind and path, nothing about who asked (no address, no cookie, no user agent). The
// server adds to its counts in memory and appends them to a log file once a minute; the build reads
// the log for the dashboard. Appending whole lines keeps two servers (during a swap) from clashing.
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { UsageRecord } from '../catalog-schema/generated/types.ts';

export type { UsageRecord } from '../catalog-schema/generated/types.ts';

export type UsageKind = 'view' | 'download';

export interface UsageLine {
  day: string;
  kind: UsageKind;
  path: string;
  n: number;
}

/** Files under this path are the published open data. */
const dataPrefix = '/data/';

/**
 * What a finished request counts as: a page view (an HTML page), a download (a file of the open
 * data), or nothing (scripts, styles, API calls, errors, other methods).
 */
export function usageKind(method: string | undefined, status: number, contentType: string | undefined, pathname: string): UsageKind | undefined {
  if (method !== 'GET' || status !== 200) return undefined;
  if (pathname.startsWith(dataPrefix)) return 'download';
  if ((contentType ?? '').startsWith('text/html') && !pathname.startsWith('/_astro/')) return 'view';
  return undefined;
}

/** The path counted for a request URL: no query string, decoded, bounded in length. */
export function countedPath(url: string): string {
  const raw = url.split(/[?#]/, 1)[0] ?? '/';
  let p: string;
  try {
    p = decodeURI(raw);
  } catch {
    p = raw;
  }
  return p.length > 300 ? p.slice(0, 300) : p;
}

export class UsageCounter {
  private counts = new Map<string, number>();
  private readonly file: string;
  /** Distinct (day, kind, path) kept before a flush; more are counted under "(other)". */
  private readonly maxKeys: number;
  constructor(file: string, maxKeys = 20_000) {
    this.file = file;
    this.maxKeys = maxKeys;
  }

  add(kind: UsageKind, pathname: string, now = new Date()): void {
    const day = now.toISOString().slice(0, 10);
    let key = `${day}\t${kind}\t${pathname}`;
    if (!this.counts.has(key) && this.counts.size >= this.maxKeys) key = `${day}\t${kind}\t(other)`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /** Appends the counts since the last flush to the log, as one write. */
  flush(): number {
    if (!this.counts.size) return 0;
    const lines = [...this.counts].map(([k, n]) => {
      const [day, kind, p] = k.split('\t') as [string, UsageKind, string];
      return JSON.stringify({ day, kind, path: p, n } satisfies UsageLine);
    });
    mkdirSync(path.dirname(this.file), { recursive: true });
    appendFileSync(this.file, `${lines.join('\n')}\n`);
    const n = this.counts.size;
    this.counts.clear();
    return n;
  }
}

export interface UsageSummary {
  /** Days of the period, oldest first, with their views and downloads. */
  days: { day: string; views: number; downloads: number }[];
  /** Totals by path over the period. */
  byPath: Map<string, { views: number; downloads: number }>;
}

/** Reads the log for the `days` days ending on `today` (YYYY-MM-DD); an absent log reads as empty. */
export function readUsage(file: string, today: string, days = 30): UsageSummary {
  const end = Date.parse(`${today}T00:00:00Z`);
  const list = Array.from({ length: days }, (_, i) => new Date(end - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10));
  const byDay = new Map(list.map((d) => [d, { day: d, views: 0, downloads: 0 }]));
  const byPath = new Map<string, { views: number; downloads: number }>();
  if (file && existsSync(file)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line) continue;
      let u: UsageLine;
      try {
        u = JSON.parse(line) as UsageLine;
      } catch {
        continue; // a line cut short by a crash: the rest of the log still counts
      }
      const d = byDay.get(u.day);
      if (!d || !Number.isFinite(u.n)) continue;
      const field = u.kind === 'download' ? 'downloads' : 'views';
      d[field] += u.n;
      const t = byPath.get(u.path) ?? { views: 0, downloads: 0 };
      t[field] += u.n;
      byPath.set(u.path, t);
    }
  }
  return { days: [...byDay.values()], byPath };
}

/**
 * The summary as the catalog snapshot keeps it (UsageRecord in catalog-schema/schemas/snapshot.schema.json):
 * a build from the snapshot shows the same figures.
 */
export function usageRecord(u: UsageSummary, maxPaths = 2000): UsageRecord {
  const paths = [...u.byPath]
    .map(([p, c]) => ({ path: p, ...c }))
    .sort((a, b) => b.views + b.downloads - (a.views + a.downloads))
    .slice(0, maxPaths);
  return { days: u.days, paths };
}

export function usageSummary(r: UsageRecord | undefined, today: string): UsageSummary {
  if (!r) return readUsage('', today);
  return { days: r.days, byPath: new Map(r.paths.map(({ path: p, views, downloads }) => [p, { views, downloads }])) };
}
