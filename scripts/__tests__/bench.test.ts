// The benchmark's own parts: the synthetic catalog (deterministic, valid, Vietnamese, about real
// places), percentiles, and the report's verdicts.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { atMost, markdown, shortfallsOf, type BenchReport } from '../bench/report.ts';
import { summary } from '../bench/measure.ts';
import { benchQueries } from '../bench/search-latency.ts';
import { adminUnitEntries, syntheticCatalog, validateSynthetic } from '../bench/synthetic-catalog.ts';

const units = adminUnitEntries();

describe('synthetic catalog', () => {
  const a = syntheticCatalog(300, { units });

  it('is the same catalog on every run for the same size', () => {
    const b = syntheticCatalog(300, { units });
    expect(b.snapshot.datasets).toEqual(a.snapshot.datasets);
    expect(syntheticCatalog(301, { units }).snapshot.datasets.slice(0, 5)).not.toEqual(a.snapshot.datasets.slice(0, 5));
  });

  it('passes the catalog schema, with unique dataset and distribution ids', () => {
    expect(validateSynthetic(a.snapshot)).toEqual([]);
    const ids = a.snapshot.datasets.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    const dist = a.snapshot.datasets.flatMap((d) => d.distribution.map((x) => x.id));
    expect(new Set(dist).size).toBe(dist.length);
  });

  it('writes Vietnamese about real places of the administrative-unit list', () => {
    const codes = new Map(units.map((u) => [u.code, u.label.vi]));
    for (const d of a.snapshot.datasets.slice(0, 50)) {
      const place = codes.get(d.spatial![0]!);
      expect(place).toBeDefined();
      expect(d.title.vi).toContain(place);
      expect(d.description.vi).toMatch(/[ạảãàáâậầấẩẫăắằặẳẵđêềếểễệôồốổỗộơờớởỡợưừứửữự]/);
      expect(d.title.vi).toBe(d.title.vi.normalize('NFC'));
    }
    // Most entries are about the city itself (Hồ Chí Minh City, 79), some about the rest of the country.
    const inCity = a.snapshot.datasets.filter((d) => units.find((u) => u.code === d.spatial![0])?.parentCode === '79').length;
    expect(inCity / a.snapshot.datasets.length).toBeGreaterThan(0.5);
    expect(inCity).toBeLessThan(a.snapshot.datasets.length);
  });

  it('gives each distribution the profile of the file it points at', () => {
    const modelId = 'bai-giu-xe-csv';
    const s = syntheticCatalog(400, { units, modelProfiles: { [modelId]: { status: 'ok', answers: true, byteSize: 3843 } } });
    const copies = s.snapshot.datasets.flatMap((d) => d.distribution).filter((x) => x.downloadURL === '/data/bai-giu-xe/bai-giu-xe.csv');
    expect(copies.length).toBeGreaterThan(0);
    for (const x of copies) expect(s.profiles[x.id]?.byteSize).toBe(3843);
  });

  it('gives queries people type: with and without diacritics, places, a slip of a letter', () => {
    const q = benchQueries(a.snapshot, 60);
    expect(q).toHaveLength(60);
    expect(q.some((x) => /[ăâđêôơư]/i.test(x))).toBe(true);
    expect(q.some((x) => /^[a-z0-9 -]+$/.test(x) && x.includes(' '))).toBe(true);
  });
});

describe('percentiles and verdicts', () => {
  it('nearest-rank percentiles', () => {
    const xs = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(summary(xs)).toEqual({ n: 100, p50: 50, p95: 95, p99: 99, max: 100 });
    expect(summary([7])).toEqual({ n: 1, p50: 7, p95: 7, p99: 7, max: 7 });
    expect(summary([3, 1, 2])).toMatchObject({ p50: 2, p95: 3 });
    expect(Number.isNaN(summary([]).p50)).toBe(true);
  });

  // The reports the benchmark wrote (bench/results/): their measured figures, judged again against
  // their targets, must give the verdicts, the shortfalls and the Markdown that were written.
  const results = path.resolve(import.meta.dirname, '..', '..', 'bench', 'results');
  const reports = readdirSync(results)
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({ file: f, report: JSON.parse(readFileSync(path.join(results, f), 'utf8')) as BenchReport }));

  it('judges each measured figure against its target, a figure at its target being met', () => {
    const targeted = reports.flatMap(({ report }) => report.figures).filter((f) => typeof f.value === 'number' && f.target?.startsWith('≤ '));
    expect(targeted.length).toBeGreaterThan(0);
    for (const f of targeted) {
      const limit = Number(f.target!.slice(2, -(f.unit.length + 1)));
      expect(atMost(f.group, f.what, f.value as number, f.unit, limit, f.note), f.what).toEqual(f);
      expect(atMost(f.group, f.what, limit, f.unit, limit).pass).toBe(true);
      expect(atMost(f.group, f.what, limit + 0.1, f.unit, limit).pass).toBe(false);
    }
    expect(atMost('x', 'no target', 1, 's', undefined).pass).toBeUndefined();
    expect(atMost('x', 'not measured', null, 's', 30)).toMatchObject({ target: '≤ 30 s', pass: undefined });
  });

  it('lists what fell short, and writes the Markdown of each report as it was written', () => {
    expect(reports.some(({ report }) => report.shortfalls.length > 0)).toBe(true);
    for (const { file, report } of reports) {
      const short = shortfallsOf(report.figures);
      expect(short, file).toEqual(report.shortfalls);
      expect(short.length, file).toBe(report.figures.filter((f) => f.pass === false).length);
      const md = markdown({ ...report, shortfalls: short });
      expect(md, file).toBe(readFileSync(path.join(results, file.replace(/\.json$/, '.md')), 'utf8'));
      for (const f of report.figures.filter((x) => x.pass === false)) expect(md, file).toContain(`| ${f.target} | **no** |`);
      expect(md.includes('## Short of a target'), file).toBe(short.length > 0);
    }
  });
});
