import { describe, expect, it } from 'vitest';
import { propertiesOf } from '../../catalog-schema/src/model.ts';
import { vocabulary } from '../../catalog-schema/src/schemas.ts';
import { seedSnapshot } from '../../pipeline/__tests__/fixtures.ts';
import { datasetDocument, datasetDocuments, sortKey } from '../src/documents.ts';
import { facetNames, facets } from '../../domain/facets.ts';
import { buildSearchRequest, emptyState, filterExpression, HIGHLIGHT_POST, HIGHLIGHT_PRE, parseSearchState, searchStateToParams } from '../src/query.ts';
import { datasetIndexSettings } from '../src/settings.ts';

const snapshot = seedSnapshot();

describe('the search-document mapper', () => {
  it('makes one document per published dataset with its facet values', () => {
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
    expect(sortKey('Đường Ánh sáng')).toBe('duong anh sang');
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
    expect(filterExpression(s.filters)).toEqual(['agency IN ["a", "b\\"c"]', 'format IN ["csv"]']);
  });

  it('asks for facets, highlights and the sort of the state', () => {
    const r = buildSearchRequest({ ...emptyState(), q: 'xe buýt', sort: 'updated', page: 2 });
    expect(r).toMatchObject({ q: 'xe buýt buyts', sort: ['modified:desc'], page: 2, facets: [...facetNames], highlightPreTag: HIGHLIGHT_PRE });
    expect(buildSearchRequest(emptyState())).not.toHaveProperty('sort');
  });
});
