import { describe, expect, it } from 'vitest';
import type { StoredCatalog } from '../../cms/src/client.ts';
import { snapshotFromStored } from '../../pipeline/catalog-source.ts';
import { agentStats, buildPortal, contactsOf, countBy, datasetsOfAgent, datasetsOfTheme, formatsOf, lastUpdate, newestDatasets, paths, recentlyUpdated, servicesOfDataset, themeStats } from '../src/lib/portal.ts';
import { parseSnapshotFile, readSnapshot, writeSnapshot } from '../../domain/snapshot.ts';
import { seedSnapshot } from '../../pipeline/__tests__/fixtures.ts';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const snapshot = seedSnapshot();
const p = buildPortal(snapshot);

describe('the catalog snapshot', () => {
  it('holds only what the public reads, with each dataset carrying its distributions', () => {
    expect(p.datasets.length).toBe(48);
    expect(p.datasets.every((d) => d.status === 'published' && d.accessLevel === 'public')).toBe(true);
    const markets = p.datasetById.get('cho-truyen-thong');
    expect(markets?.distribution.map((x) => x.format).sort()).toEqual(['csv', 'xlsx', 'xml']);
    expect(markets?.distribution.every((x) => x.dataset === 'cho-truyen-thong')).toBe(true);
  });

  it('drops the nulls Directus returns and coerces database types', () => {
    const s = snapshotFromStored(
      {
        catalog: snapshot.catalog,
        agents: [{ ...snapshot.agents[0], homepage: null, description: null }],
        contactPoints: [],
        themes: [],
        datasets: [],
        distributions: [],
        dataServices: [],
        codeLists: [],
        codeListEntries: [{ id: 'x-79', codeList: 'don-vi-hanh-chinh-2026', code: '79', label: { vi: 'Thành phố Hồ Chí Minh' }, order: '3', parentCode: null }],
      } as unknown as StoredCatalog,
      'test',
    );
    expect(s.agents[0]).not.toHaveProperty('homepage');
    expect(s.codeListEntries[0]?.order).toBe(3);
  });

  it('refuses an invalid catalog as a whole, naming each bad record', () => {
    const bad = { ...snapshot.datasets[0], distribution: undefined, title: { vi: '' } };
    expect(() =>
      snapshotFromStored({ catalog: snapshot.catalog, agents: [], contactPoints: [], themes: [], datasets: [bad], distributions: [], dataServices: [], codeLists: [], codeListEntries: [] } as unknown as StoredCatalog, 'test'),
    ).toThrow(/Dataset .*title\.vi/);
  });

  it('is written atomically and read back; a broken or foreign file is a clear error', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'odp-snap-'));
    const file = path.join(dir, 'snapshot.json');
    writeSnapshot(file, snapshot);
    expect(readSnapshot(file).datasets.length).toBe(48);
    writeFileSync(file, '{"format":"something-else"}');
    expect(() => readSnapshot(file)).toThrow(/not a odp-catalog-snapshot\/1 file/);
    writeFileSync(file, '{not json');
    expect(() => readSnapshot(file)).toThrow(/not valid JSON/);
    expect(() => readSnapshot(path.join(dir, 'missing.json'))).toThrow(/npm start/);
  });

  it('is one JSON document with a dataset a line, read a line at a time when it is large', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'odp-snap-'));
    const file = path.join(dir, 'snapshot.json');
    writeSnapshot(file, snapshot);
    const text = readFileSync(file, 'utf8');
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(snapshot)));
    expect(text.split('\n').length).toBe(snapshot.datasets.length + 3);
    // Line by line (as for a catalog of some 70,000 datasets and more), the same catalog comes back.
    expect(parseSnapshotFile(file, 0)).toEqual(JSON.parse(text));
    const empty = { ...snapshot, datasets: [] };
    writeSnapshot(file, empty);
    expect(parseSnapshotFile(file, 0)).toEqual(JSON.parse(JSON.stringify(empty)));
    writeFileSync(file, text.slice(0, text.length - 4));
    expect(() => parseSnapshotFile(file, 0)).toThrow(/ends before/);
  });
});

describe('the page data layer', () => {
  it('lists datasets most recently updated first', () => {
    const dates = p.datasets.map((d) => lastUpdate(d) ?? '');
    expect(dates).toEqual([...dates].sort().reverse());
    expect(recentlyUpdated(p, 3)).toEqual(p.datasets.slice(0, 3));
  });

  it('orders the newest datasets by first publication', () => {
    const issued = newestDatasets(p, 5).map((d) => d.issued ?? '');
    expect(issued).toEqual([...issued].sort().reverse());
    expect(issued[0]).toBe(p.datasets.map((d) => d.issued ?? '').sort().reverse()[0]);
  });

  it("finds an agency's datasets as publisher or owner, and counts every agency", () => {
    const own = datasetsOfAgent(p, 'trung-tam-quan-ly-giao-thong-cong-cong').map((d) => d.id);
    expect(own).toEqual(expect.arrayContaining(['tuyen-xe-buyt', 'diem-dung-xe-buyt']));
    const stats = agentStats(p);
    expect(stats).toHaveLength(snapshot.agents.length);
    expect(stats.find((s) => s.agent.id === 'trung-tam-quan-ly-giao-thong-cong-cong')?.datasets).toBe(own.length);
  });

  it('counts datasets per theme consistently with the theme pages', () => {
    for (const { theme, datasets } of themeStats(p)) expect(datasets).toBe(datasetsOfTheme(p, theme.id).length);
    expect(themeStats(p).reduce((n, x) => n + x.datasets, 0)).toBeGreaterThanOrEqual(p.datasets.length);
  });

  it('links services to the datasets they serve and resolves contact points in order', () => {
    expect(servicesOfDataset(p, 'tuyen-xe-buyt').map((s) => s.id)).toContain('api-du-lieu-xe-buyt');
    const d = p.datasetById.get('cho-truyen-thong')!;
    expect(contactsOf(p, d.contactPoint).map((c) => c.id)).toEqual(d.contactPoint);
    expect(contactsOf(p, ['no-such-contact'])).toEqual([]);
  });

  it('counts facet values, most frequent first, each dataset once per value', () => {
    const formats = countBy(p.datasets, formatsOf);
    expect(formats[0]?.value).toBe('csv');
    expect(formats.find((f) => f.value === 'csv')?.count).toBe(p.datasets.filter((d) => formatsOf(d).includes('csv')).length);
    const counts = formats.map((f) => f.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });

  it('gives every page a Vietnamese address at / and an English one under /en/', () => {
    expect(paths.dataset('vi', 'a-b')).toBe('/datasets/a-b/');
    expect(paths.dataset('en', 'a-b')).toBe('/en/datasets/a-b/');
    expect(paths.home('en')).toBe('/en/');
    expect(paths.search('vi', 'q=x')).toBe('/search/?q=x');
  });
});
