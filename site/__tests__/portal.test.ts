import { describe, expect, it } from 'vitest';
import type { StoredCatalog } from '../../cms/src/client.ts';
import { snapshotFromStored } from '../../pipeline/catalog-source.ts';
import {
  agentStats,
  buildPortal,
  contactsOf,
  countBy,
  datasetsOfAgent,
  datasetsOfTheme,
  formatsOf,
  lastUpdate,
  newestDatasets,
  paths,
  recentlyUpdated,
  servicesOfDataset,
  themeStats,
} from '../src/lib/portal.ts';
import { parseSnapshotFile, readSnapshot, writeSnapshot } from '../../domain/snapshot.ts';
import { seedSnapshot } from '../../pipeline/__tests__/fixtures.ts';
import { fieldValue, readFilter } from '../../cms/src/access-rules.ts';
import type { EntityName } from '../../catalog-schema/src/schemas.ts';
import { loadSeed, type SeedRecord } from '../../cms/src/seed-data.ts';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const snapshot = seedSnapshot();
const p = buildPortal(snapshot);

type Filter = Record<string, unknown>;
type Related = (field: string, id: unknown) => [EntityName, SeedRecord] | undefined;
/**
 * Whether a record passes a read filter of the CMS: the part of Directus's filter language the
 * public rules use (`_and`, `_or`, `_eq`, `_in`, and a condition on a related record), a computed
 * field (the metadata visibility) by its value in effect, as the hook compares it.
 */
function passes(filter: Filter, entity: EntityName, record: SeedRecord, related: Related): boolean {
  return Object.entries(filter).every(([key, cond]) => {
    if (key === '_and') return (cond as Filter[]).every((f) => passes(f, entity, record, related));
    if (key === '_or') return (cond as Filter[]).some((f) => passes(f, entity, record, related));
    const c = cond as Filter;
    if ('_eq' in c) return fieldValue(entity, record, key) === c._eq;
    if ('_in' in c) return (c._in as unknown[]).includes(fieldValue(entity, record, key));
    const r = related(key, record[key]);
    return r !== undefined && passes(c, r[0], r[1], related);
  });
}

describe('the catalog snapshot', () => {
  it('holds what the CMS lets the public read: no draft, entry under review or withdrawn, no description kept for the agencies, no file of data that is not open', () => {
    const seed = loadSeed();
    const index = (list: SeedRecord[]) => new Map(list.map((r) => [r.id, r]));
    const byField: Record<string, [EntityName, Map<string, SeedRecord>]> = {
      dataset: ['Dataset', index(seed.Dataset)],
      service: ['DataService', index(seed.DataService)],
      codeList: ['CodeList', index(seed.CodeList)],
    };
    const related: Related = (field, id) => {
      const [entity, rows] = byField[field] ?? [];
      const r = rows?.get(String(id));
      return entity && r ? [entity, r] : undefined;
    };
    const publicIds = (entity: EntityName, list: SeedRecord[]) => {
      const filter = readFilter(entity, { kind: 'public' });
      return list
        .filter((r) => !filter || passes(filter, entity, r, related))
        .map((r) => r.id)
        .sort();
    };
    const ids = (list: { id: string }[]) => list.map((x) => x.id).sort();
    // The seed holds entries the public must not see, of every kind…
    const dropped = [
      'so-lieu-giao-duc-theo-cap-hoc',
      'su-kien-le-hoi-du-lich',
      'doanh-nghiep-khoa-hoc-cong-nghe',
      'cong-trinh-the-thao',
      'dan-so-theo-quan-huyen-2024',
      'tiem-chung-mo-rong-theo-phuong',
      'ho-so-suc-khoe-dien-tu',
    ];
    expect(dropped.map((id) => seed.Dataset.find((d) => d.id === id)).map((d) => `${String(d?.status)}/${String(d?.accessLevel)}/${String(d?.metadataVisibility)}`)).toEqual([
      'draft/public/undefined',
      'submitted/public/undefined',
      'changes_requested/public/undefined',
      'approved/public/undefined',
      'withdrawn/public/undefined',
      'changes_requested/agencies/undefined',
      'published/internal/agencies',
    ]);
    // …and the snapshot holds none of them: exactly what the CMS's public read rules let through.
    for (const id of dropped) expect(p.datasetById.has(id), id).toBe(false);
    expect(ids(p.datasets)).toEqual(publicIds('Dataset', seed.Dataset));
    // The catalog of shared databases and the list of master data are public (48 open datasets, 12
    // shared or master ones): their descriptions, never their files.
    expect(p.datasets).toHaveLength(60);
    const restricted = p.datasets.filter((d) => d.accessLevel !== 'public');
    expect(restricted.map((d) => d.id).sort()).toEqual(
      [
        'camera-giam-sat-giao-thong',
        'co-so-du-lieu-can-bo-cong-chuc',
        'co-so-du-lieu-dang-ky-doanh-nghiep',
        'co-so-du-lieu-dat-dai',
        'co-so-du-lieu-nganh-giao-duc',
        'du-lieu-dan-cu-dung-chung',
        'giam-sat-benh-truyen-nhiem',
        'huong-dan-vien-du-lich',
        'quan-trac-chat-luong-nuoc-mat',
        'san-luong-dien-tieu-thu',
        'vi-pham-giao-thong-qua-hinh-anh',
        'vi-tri-xe-buyt-thoi-gian-thuc',
      ].sort(),
    );
    expect(restricted.every((d) => d.dataKind.some((k) => k === 'shared' || k === 'master'))).toBe(true);
    expect(restricted.flatMap((d) => d.distribution)).toEqual([]);
    expect(ids(p.datasets.flatMap((d) => d.distribution))).toEqual(publicIds('Distribution', seed.Distribution));
    // Every published sharing service, those for agencies only included; never a draft.
    expect(ids(p.services)).toEqual(publicIds('DataService', seed.DataService));
    expect(ids(p.services)).toEqual(ids(seed.DataService.filter((x) => x.status === 'published')));
    expect(p.services).toHaveLength(16);
    expect(p.serviceById.get('lgsp-vi-tri-xe-buyt')?.accessLevel).toBe('agencies');
    expect(p.serviceById.has('api-truong-hoc')).toBe(false); // a draft
    expect(ids(p.notices)).toEqual(publicIds('ServiceNotice', seed.ServiceNotice));
    expect(ids(p.notices)).toContain('camera-su-co-2026-11'); // of a service for agencies only, listed with it
    expect(ids(snapshot.codeLists)).toEqual(publicIds('CodeList', seed.CodeList));
    expect(ids(snapshot.codeLists)).not.toContain('loai-hinh-co-so-kham-chua-benh');
    expect(ids(p.systems)).toEqual(publicIds('InformationSystem', seed.InformationSystem));
    expect(ids(p.systems)).not.toContain('mot-cua-phuong-sai-gon');
    const markets = p.datasetById.get('cho-truyen-thong');
    expect(markets?.distribution.map((x) => x.format).sort()).toEqual(['csv', 'xlsx', 'xml']);
    expect(markets?.distribution.every((x) => x.dataset === 'cho-truyen-thong')).toBe(true);
  });

  it('keeps out what a widened permission would let through: a hidden description, the files of data that is not open', () => {
    const seed = loadSeed();
    const { distribution: _d, ...shared } = seed.Dataset.find((d) => d.id === 'camera-giam-sat-giao-thong')!;
    const file = seed.Distribution.find((x) => x.dataset === shared.id)!;
    const service = snapshot.dataServices.find((x) => x.id === 'lgsp-camera-giao-thong')!;
    const s = snapshotFromStored(
      {
        catalog: snapshot.catalog,
        agents: snapshot.agents,
        contactPoints: snapshot.contactPoints,
        themes: snapshot.themes,
        datasets: [shared, { ...shared, id: 'camera-an', identifier: 'camera-an', metadataVisibility: 'hidden' }],
        distributions: [file],
        dataServices: [service, { ...service, id: 'dich-vu-an', metadataVisibility: 'agencies' }],
        codeLists: [],
        codeListEntries: [],
      } as unknown as StoredCatalog,
      'test',
    );
    expect(s.datasets.map((d) => [d.id, d.distribution.length])).toEqual([['camera-giam-sat-giao-thong', 0]]);
    expect(s.dataServices.map((x) => x.id)).toEqual(['lgsp-camera-giao-thong']);
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
      snapshotFromStored(
        { catalog: snapshot.catalog, agents: [], contactPoints: [], themes: [], datasets: [bad], distributions: [], dataServices: [], codeLists: [], codeListEntries: [] } as unknown as StoredCatalog,
        'test',
      ),
    ).toThrow(/Dataset .*title\.vi/);
  });

  it('is written atomically and read back; a broken or foreign file is a clear error', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'odp-snap-'));
    const file = path.join(dir, 'snapshot.json');
    writeSnapshot(file, snapshot);
    expect(readSnapshot(file).datasets.length).toBe(60);
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
    expect(issued[0]).toBe(
      p.datasets
        .map((d) => d.issued ?? '')
        .sort()
        .reverse()[0],
    );
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
