// Small measuring tools of the benchmark: percentiles, the peak memory of a process tree, progress.
import { readdirSync, readFileSync } from 'node:fs';

/** The p-th percentile (0–100) of `xs`, nearest-rank; NaN for no values. */
function percentile(xs: readonly number[], p: number): number {
  if (!xs.length) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * s.length);
  return s[Math.min(s.length - 1, Math.max(0, rank - 1))]!;
}

export function summary(xs: readonly number[]): { n: number; p50: number; p95: number; p99: number; max: number } {
  return { n: xs.length, p50: percentile(xs, 50), p95: percentile(xs, 95), p99: percentile(xs, 99), max: percentile(xs, 100) };
}

function children(): Map<number, number[]> {
  const kids = new Map<number, number[]>();
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      // Field 4 of /proc/<pid>/stat is the parent; the command name (field 2) may hold spaces, so split after its ')'.
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      kids.set(ppid, [...(kids.get(ppid) ?? []), Number(e)]);
    } catch {
      // The process ended between readdir and read.
    }
  }
  return kids;
}

function rssKb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Resident memory of `pid` and all its descendants, in bytes (Linux /proc). */
export function treeRss(pid: number): number {
  const kids = children();
  let total = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    total += rssKb(p);
    stack.push(...(kids.get(p) ?? []));
  }
  return total * 1024;
}

/** Samples the memory of the watched process trees together every `ms` until stopped; returns the peak. */
export function peakMemorySampler(ms = 250): { watch(pid: number): void; stop(): number } {
  let peak = 0;
  const pids = new Set<number>();
  const timer = setInterval(() => {
    let sum = 0;
    for (const pid of pids) sum += treeRss(pid);
    peak = Math.max(peak, sum);
  }, ms);
  return {
    watch: (p) => pids.add(p),
    stop: () => {
      clearInterval(timer);
      return peak;
    },
  };
}

export const mb = (bytes: number) => Math.round(bytes / 1048576);

/** A logger that prefixes the elapsed time since the benchmark began. */
export function progressLog(started = Date.now()): (m: string) => void {
  return (m) => console.log(`[bench ${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${m}`);
}
