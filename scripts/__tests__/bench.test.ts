// The benchmark's own parts: the synthetic catalog (deterministic, valid, Vietnamese, about real
// places), percentiles, and the report's verdicts.
import { describe, expect, it } from 'vitest';
import { atMost, markdown, type BenchReport } from '../bench/report.ts';
import { percentile, summary } from '../bench/measure.ts';
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
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 95)).toBe(95);
    expect(percentile(xs, 99)).toBe(99);
    expect(summary([7]).p99).toBe(7);
    expect(Number.isNaN(percentile([], 50))).toBe(true);
  });

  it('marks a figure over its target as short, and lists it in the Markdown', () => {
    const over = atMost('build', 'full build time', 41.5, 's', 30);
    const under = atMost('page', 'HTML', 9.1, 'KB', 14);
    expect(over.pass).toBe(false);
    expect(under.pass).toBe(true);
    expect(atMost('x', 'no target', 1, 's', undefined).pass).toBeUndefined();
    const r: BenchReport = { size: 10000, startedAt: 'now', machine: { cpus: 2, memoryGb: 24, node: 'v22', loadAverage: { start: 1, end: 5 } }, figures: [over, under], shortfalls: ['full build time: 41.5 s, target ≤ 30 s.'], skipped: [], details: {} };
    const md = markdown(r);
    expect(md).toContain('| build | full build time | 41.5 s | ≤ 30 s | **no** |');
    expect(md).toContain('| page | HTML | 9.1 KB | ≤ 14 KB | yes |');
    expect(md).toContain('## Short of a target');
    expect(md).toContain('other work shared the cores');
  });
});
