import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { propertiesOf } from '../../catalog-schema/src/model.ts';
import { vocabulary } from '../../catalog-schema/src/schemas.ts';
import { seedSnapshot } from '../../pipeline/__tests__/fixtures.ts';
import { datasetDocument, datasetDocuments } from '../src/documents.ts';
import { facetNames, facets } from '../../domain/facets.ts';
import type { DatasetWithDistributions } from '../../domain/snapshot.ts';
import { syncDataset } from '../src/live-index.ts';
import { buildMultiSearch, emptyState, HIGHLIGHT_POST, HIGHLIGHT_PRE, parseSearchState, readMultiSearch, searchStateToParams } from '../src/query.ts';
import { exactTokens, queryTokens, queryUnits, strictText, textTiers } from '../src/query-text.ts';
import { datasetIndexSettings } from '../src/settings.ts';

const snapshot = seedSnapshot();
const indexes = { datasets: 'datasets', others: { service: 'services', agency: 'agencies', code: 'code_list_entries' } };

describe('the search-document mapper', () => {
  it('makes one document per dataset of the snapshot, with its facet values', () => {
    const docs = datasetDocuments(snapshot);
    expect(docs).toHaveLength(snapshot.datasets.length);
    const d = docs.find((x) => x.id === 'cho-truyen-thong')!;
    expect(d).toMatchObject({ type: 'dataset', agency: 'so-cong-thuong', agency_name_vi: 'Sở Công Thương', accessLevel: 'public', dataKind: ['open'], license: 'cc-by-4.0', frequency: 'annual' });
    expect(d.format.sort()).toEqual(['csv', 'xlsx', 'xml']);
    expect(d.theme_label_vi).toContain('Kinh tế, tài chính, thương mại');
    expect(d.modified).toBe(Date.parse('2024-07-22T00:00:00Z') / 1000);
  });

  it('indexes plain text: no Markdown, no control characters that could fake a highlight', () => {
    const base = snapshot.datasets[0]!;
    const doc = datasetDocument({ ...base, description: { vi: `**Đậm** [liên kết](https://x.vn) a${HIGHLIGHT_PRE}b${HIGHLIGHT_POST}c` } }, snapshot);
    expect(doc.description_vi).toBe('Đậm liên kết abc');
  });

  it('keeps Vietnamese text NFC and sorts titles by their base letters', () => {
    const base = snapshot.datasets[0]!;
    const doc = datasetDocument({ ...base, title: { vi: 'Hoa\u0300 Bi\u0300nh' } }, snapshot);
    expect(doc.title_vi).toBe('Hoà Bình'.normalize('NFC'));
    expect(datasetDocument({ ...base, title: { vi: 'Đường Ánh sáng' } }, snapshot).title_sort).toBe('duong anh sang');
  });

  it('has a facet attribute for every facet, and the settings make each filterable', () => {
    const doc = datasetDocuments(snapshot)[0]!;
    for (const f of facetNames) {
      expect(doc, f).toHaveProperty(f);
      expect(datasetIndexSettings.filterableAttributes).toContain(f);
    }
    expect(datasetIndexSettings.sortableAttributes).toEqual(expect.arrayContaining(['modified', 'title_sort']));
  });
});

describe('the live index (the CMS hook keeps search current between builds)', () => {
  it('writes the document of a dataset the public reads (open, or shared without its files), and removes drafts, entries under review, withdrawn ones and those described to agencies only', async () => {
    const calls: { method?: string; url?: string; body: unknown }[] = [];
    const meili = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        calls.push({ method: req.method, url: req.url, body: JSON.parse(body) as unknown });
        res.writeHead(202, { 'content-type': 'application/json' }).end('{"taskUid":1}');
      });
    });
    await new Promise<void>((r) => meili.listen(0, '127.0.0.1', () => r()));
    try {
      const target = { url: `http://127.0.0.1:${(meili.address() as AddressInfo).port}`, key: 'k', index: 'datasets' };
      const base = snapshot.datasets.find((d) => d.id === 'cho-truyen-thong')!;
      const variant = (id: string, change: Partial<Record<'status' | 'accessLevel' | 'metadataVisibility', string>> & { dataKind?: string[] }) =>
        ({ ...base, id, ...change }) as DatasetWithDistributions;
      const outcomes = [];
      for (const d of [
        variant('ban-nhap', { status: 'draft' }),
        variant('cho-duyet', { status: 'submitted' }),
        variant('da-duyet', { status: 'approved' }),
        variant('da-thu-hoi', { status: 'withdrawn' }),
        variant('noi-bo', { accessLevel: 'internal', dataKind: ['sectoral'] }),
        variant('chia-se-an', { accessLevel: 'agencies', dataKind: ['shared'], metadataVisibility: 'hidden' }),
        variant('chia-se', { accessLevel: 'agencies', dataKind: ['shared'] }),
        base,
      ])
        outcomes.push(await syncDataset(target, d, snapshot));
      expect(outcomes).toEqual(['removed', 'removed', 'removed', 'removed', 'removed', 'removed', 'indexed', 'indexed']);
      const removed = ['ban-nhap', 'cho-duyet', 'da-duyet', 'da-thu-hoi', 'noi-bo', 'chia-se-an'].map((id) => ({ method: 'POST', url: '/indexes/datasets/documents/delete-batch', body: [id] }));
      const put = (doc: unknown) => ({ method: 'PUT', url: '/indexes/datasets/documents?primaryKey=id', body: [doc] });
      expect(calls).toEqual([
        ...removed,
        // Shared data is found, with no file format: its files are not the public's, whatever the CMS handed over.
        put(expect.objectContaining({ id: 'chia-se', accessLevel: 'agencies', dataKind: ['shared'], format: [] })),
        put(expect.objectContaining({ id: 'cho-truyen-thong', accessLevel: 'public', format: [...new Set(base.distribution.map((x) => x.format))] })),
      ]);
    } finally {
      await new Promise<void>((r) => meili.close(() => r()));
    }
  });
});

describe('facets', () => {
  it('come from Dataset properties, with labels from real vocabularies', () => {
    const datasetProps = new Set(propertiesOf('Dataset').map((p) => p.name));
    const distributionProps = new Set(propertiesOf('Distribution').map((p) => p.name));
    for (const f of facetNames) {
      const spec = facets[f];
      const [head, tail] = spec.property.split('.');
      expect(datasetProps.has(head!), f).toBe(true);
      if (tail) expect(distributionProps.has(tail), f).toBe(true);
      if ('vocabulary' in spec.labels) expect(Object.keys(vocabulary(spec.labels.vocabulary)).length).toBeGreaterThan(1);
    }
  });
});

describe('search state and requests', () => {
  it('round-trips through the URL, dropping defaults and bad values', () => {
    const s = parseSearchState(new URLSearchParams('q=  du  lieu &agency=so-xay-dung&agency=so-xay-dung&theme=giao-thong&sort=bogus&page=-3'));
    expect(s.q).toBe('du lieu');
    expect(s.filters.agency).toEqual(['so-xay-dung']);
    expect(s.sort).toBe('relevance');
    expect(s.page).toBe(1);
    expect(searchStateToParams(s).toString()).toBe('q=du+lieu&agency=so-xay-dung&theme=giao-thong');
    expect(parseSearchState(searchStateToParams({ ...s, sort: 'updated', page: 3 }))).toEqual({ ...s, sort: 'updated', page: 3 });
  });

  it('NFC-normalises the query', () => {
    expect(parseSearchState(new URLSearchParams({ q: 'giao tho\u0302ng' })).q).toBe('giao thông');
  });

  it('ORs values within a facet and ANDs facets, quoting values safely', () => {
    const s = emptyState();
    s.filters.agency = ['a', 'b"c'];
    s.filters.format = ['csv'];
    expect(buildMultiSearch(s, indexes).queries[0]?.filter).toEqual(['agency IN ["a", "b\\"c"]', 'format IN ["csv"]']);
  });

  it('asks for facets, highlights and the sort of the state, and the other indexes only with a query', () => {
    const { queries } = buildMultiSearch({ ...emptyState(), q: 'xe buýt', sort: 'updated', page: 2 }, indexes);
    // "xe buýt" has synonyms: taken literally in the exact tier, expanded in the folded one.
    expect(queries[0]).toMatchObject({
      indexUid: 'datasets',
      q: '"xe buýt" zqbuyts ',
      matchingStrategy: 'all',
      sort: ['modified:desc'],
      page: 2,
      facets: [...facetNames],
      highlightPreTag: HIGHLIGHT_PRE,
    });
    expect(queries[1]).toMatchObject({ indexUid: 'datasets', q: 'xe buýt', matchingStrategy: 'all', sort: ['modified:desc'], page: 2 });
    expect(queries.map((q) => q.indexUid)).toEqual(['datasets', 'datasets', 'services', 'agencies', 'code_list_entries']);
    expect(queries.slice(2).every((q) => q.matchingStrategy === 'all')).toBe(true);
    const browsing = buildMultiSearch(emptyState(), indexes).queries;
    expect(browsing).toHaveLength(1);
    expect(browsing[0]).not.toHaveProperty('sort');
  });

  it('reads the first tier that found anything, and the other groups after the tiers', () => {
    const q = 'giá xăng';
    const tiers = textTiers(q);
    expect(tiers.map((t) => t.tier)).toEqual(['exact', 'folded', 'relaxed']);
    const answer = (n: number, id: string) => ({ hits: n ? [{ id }] : [], totalHits: n, estimatedTotalHits: n });
    const body = { results: [answer(0, 'a'), answer(0, 'b'), answer(1, 'cua-hang-xang-dau'), answer(1, 's'), answer(0, 'x'), answer(2, 'c')] };
    const read = readMultiSearch(body, q);
    expect(read.tier).toBe('relaxed');
    expect(read.res.hits).toEqual([{ id: 'cua-hang-xang-dau' }]);
    expect(read.others.service.hits).toEqual([{ id: 's' }]);
    expect(read.others.code.total).toBe(2);
    const none = readMultiSearch({ results: [answer(0, 'a'), answer(0, 'b'), answer(0, 'c'), answer(0, 's'), answer(0, 'x'), answer(0, 'c')] }, q);
    expect(none.tier).toBe('relaxed');
    expect(none.res.totalHits).toBe(0);
  });
});

describe('Vietnamese query analysis', () => {
  const units = (q: string) => queryUnits(q).map((u) => (u.kind === 'word' ? u.text : `${u.kind}:${u.text}`));

  it('keeps words of several syllables together, longest first, with or without diacritics', () => {
    expect(units('nhà ở xã hội')).toEqual(['compound:nhà ở xã hội']);
    expect(units('cong vien cay xanh')).toEqual(['compound:cong vien', 'compound:cay xanh']);
    expect(units('diem chuan lop 10')).toEqual(['compound:diem chuan', 'lop', 'other:10']);
    expect(units('doanh nghiệp thành lập mới')).toEqual(['compound:doanh nghiệp', 'compound:thành lập', 'mới']);
  });

  it('leaves names with synonyms to Meilisearch, abbreviations included', () => {
    expect(units('UBND phường Bến Thành')).toEqual(['synonym:UBND', 'synonym:phường', 'compound:Bến Thành']);
    expect(units('Sở KH&CN')).toEqual(['synonym:Sở KH&CN']);
    expect(units('xe bus')).toEqual(['synonym:xe bus']);
  });

  it('drops domain stop words while other words remain, and only then', () => {
    expect(units('du lieu giao thong')).toEqual(['compound:giao thong']);
    expect(units('thông tin liên hệ')).toEqual(['compound:liên hệ']);
    expect(units('danh sách các trường học')).toEqual(['compound:trường học']);
    expect(units('cây xăng gần nhà')).toEqual(['synonym:cây xăng']);
    expect(units('dữ liệu')).toEqual(['compound:dữ liệu']);
  });

  it('drops a one-syllable stop word only as typed: "ve" may be "vé" (ticket), "cua" may be "cửa" (door)', () => {
    expect(units('lịch tiếp về khiếu nại')).toEqual(['lịch', 'tiếp', 'compound:khiếu nại']);
    expect(units('gia ve cua xe')).toEqual(['compound:gia ve', 'cua', 'xe']);
  });

  it('never passes on Meilisearch operators typed by chance', () => {
    expect(queryTokens('"xe buýt" -tuyến covid-19')).toEqual(['xe', 'buýt', 'tuyến', 'covid-19']);
    expect(queryTokens('TP.HCM. p. 1')).toEqual(['TP.HCM', 'p.', '1']);
  });

  it('asks strictest first: exact diacritics, then folded, then with single syllables optional', () => {
    expect(textTiers('đường bộ')).toEqual([
      { tier: 'exact', q: '"đường bộ" zqdduwowngf zqbooj ', matchingStrategy: 'all' },
      { tier: 'folded', q: '"đường bộ"', matchingStrategy: 'all' },
    ]);
    expect(textTiers('gia xang')).toEqual([
      { tier: 'folded', q: 'gia xang', matchingStrategy: 'all' },
      { tier: 'relaxed', q: 'gia xang ', matchingStrategy: 'frequency' },
    ]);
    expect(textTiers('')).toEqual([{ tier: 'folded', q: '', matchingStrategy: 'all' }]);
    // A word of several syllables is never left out: "nhà ở xã hội" is not "nhà" and "xã".
    expect(textTiers('nha o xa hoi').map((t) => t.tier)).toEqual(['folded']);
    // A place name is: a dataset by ward covers Cần Giờ without naming it.
    expect(textTiers('dan so Can Gio').at(-1)).toEqual({ tier: 'relaxed', q: '"dan so" ', matchingStrategy: 'all' });
    expect(strictText('du lieu giao thong')).toBe('"giao thong"');
  });

  it('marks the exact spellings so that none is an ordinary word ("Bú" is not "bus")', () => {
    expect(exactTokens('Xã Mường Bú')).toBe('zqxax zqmuwowngf zqbus');
    expect(exactTokens('Hòa Hoà')).toBe('zqhoaf');
    expect(exactTokens('ha noi')).toBe('');
  });
});
