// The benchmark report: every figure with its target and whether it was met, as JSON
// (bench/results/latest.json) and as a Markdown table (bench/results/latest.md).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface Figure {
  group: string;
  what: string;
  value: number | string | null;
  unit: string;
  /** The target in words ("≤ 30 s"), when there is one. */
  target?: string;
  /** true/false against the target; undefined when there is no target or nothing was measured. */
  pass?: boolean;
  note?: string;
}

export interface BenchReport {
  size: number;
  startedAt: string;
  /** loadAverage: the 1-minute load of the machine when the run began and ended (other work running beside it slows every figure). */
  machine: { cpus: number; memoryGb: number; node: string; loadAverage: { start: number; end: number } };
  figures: Figure[];
  /** What fell short of a target, and why. */
  shortfalls: string[];
  /** What was not measured in this run, and why. */
  skipped: string[];
  details: Record<string, unknown>;
}

/** A figure compared with an upper bound. */
export function atMost(group: string, what: string, value: number | null, unit: string, limit: number | undefined, note?: string): Figure {
  return { group, what, value, unit, ...(limit === undefined ? {} : { target: `≤ ${limit} ${unit}`, pass: value === null ? undefined : value <= limit }), ...(note ? { note } : {}) };
}

/** What fell short of a target, a line a figure, as the report lists it. */
export function shortfallsOf(figures: Figure[]): string[] {
  return figures.filter((f) => f.pass === false).map((f) => `${f.what}: ${f.value} ${f.unit}, target ${f.target}.`);
}

function cell(v: Figure['value']): string {
  if (v === null) return '—';
  return typeof v === 'number' ? v.toLocaleString('en-US', { maximumFractionDigits: 1 }) : v;
}

export function markdown(r: BenchReport): string {
  const lines = [
    `# Benchmark: ${r.size.toLocaleString('en-US')} synthetic datasets`,
    '',
    `Run ${r.startedAt} on ${r.machine.cpus} cores, ${r.machine.memoryGb} GB, Node.js ${r.machine.node}; load average ${r.machine.loadAverage.start} at the start, ${r.machine.loadAverage.end} at the end${r.machine.loadAverage.start > r.machine.cpus || r.machine.loadAverage.end > r.machine.cpus ? ' (other work shared the cores: times are longer than on an idle machine)' : ''}.`,
    '',
    '| group | figure | value | target | met |',
    '| --- | --- | --- | --- | --- |',
    ...r.figures.map(
      (f) =>
        `| ${f.group} | ${f.what}${f.note ? ` (${f.note})` : ''} | ${cell(f.value)} ${f.value === null ? '' : f.unit} | ${f.target ?? ''} | ${f.pass === undefined ? '' : f.pass ? 'yes' : '**no**'} |`,
    ),
  ];
  if (r.shortfalls.length) lines.push('', '## Short of a target', '', ...r.shortfalls.map((s) => `- ${s}`));
  if (r.skipped.length) lines.push('', '## Not measured in this run', '', ...r.skipped.map((s) => `- ${s}`));
  return `${lines.join('\n')}\n`;
}

/** Writes latest.json and latest.md, and a copy of each named by size (so runs of several sizes are kept). */
export function writeReport(dir: string, r: BenchReport): string[] {
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (const name of ['latest', `size-${r.size}`]) {
    writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify(r, null, 2)}\n`);
    writeFileSync(path.join(dir, `${name}.md`), markdown(r));
    files.push(path.join(dir, `${name}.md`));
  }
  return files;
}
