// Regression: the search route walked every dataset on each request (facet labels, and the words
// for "did you mean"), so a search cost time in proportion to the catalog. Both are now computed
// once per catalog; they must still say the same.
import { describe, expect, it } from 'vitest';
import { facetLabels } from '../src/lib/facet-labels.ts';
import { buildPortal } from '../src/lib/portal.ts';
import { catalogVocabulary, suggest } from '../src/lib/suggest.ts';
import { seedSnapshot } from '../../pipeline/__tests__/fixtures.ts';

const snapshot = seedSnapshot();
const p = buildPortal(snapshot);

describe('search route: per-catalog work done once, not per request', () => {
  it('facet labels are computed once per catalog and language, with the agency and theme names', () => {
    const vi = facetLabels(p, 'vi');
    expect(facetLabels(p, 'vi')).toBe(vi);
    expect(facetLabels(p, 'en')).not.toBe(vi);
    expect(vi.agency['so-xay-dung']).toBe('Sở Xây dựng');
    expect(vi.theme['giao-thong']).toBe('Giao thông vận tải');
    // Another catalog (a new build's snapshot) gets its own labels.
    expect(facetLabels(buildPortal(seedSnapshot()), 'vi')).not.toBe(vi);
  });

  it('the catalog vocabulary is gathered once, from the titles and keywords, as the catalog writes them', () => {
    const words = catalogVocabulary(p);
    expect(catalogVocabulary(p)).toBe(words);
    expect(suggest('giao thogn', words)).toBe('giao thông');
    const [a, b] = snapshot.datasets;
    const two = buildPortal({
      ...snapshot,
      datasets: [
        { ...a!, title: { vi: 'Trạm sạc xe điện công cộng' }, keyword: { vi: ['Năng lượng', 'xe điện'] }, description: { vi: 'Mô tả không được gợi ý.' } },
        { ...b!, title: { vi: 'Tuyến xe buýt' }, keyword: { vi: ['GTVT', 'a'] } },
      ],
    });
    // Keyed without diacritics; the first spelling met is kept (công, not cộng); one-letter words and descriptions are left out.
    expect(Object.fromEntries(catalogVocabulary(two))).toEqual({
      tram: 'trạm',
      sac: 'sạc',
      xe: 'xe',
      dien: 'điện',
      cong: 'công',
      nang: 'năng',
      luong: 'lượng',
      tuyen: 'tuyến',
      buyt: 'buýt',
      gtvt: 'gtvt',
    });
  });
});

describe('labels sent with a search page', () => {
  it('are those of the values it shows, never keywords (shown as themselves); the rest is a static file', async () => {
    const { pageLabels, labelledFacets } = await import('../src/lib/facet-labels.ts');
    const all = {
      agency: { a: 'Sở A', b: 'Sở B' },
      theme: { t: 'Giao thông' },
      dataKind: {},
      accessLevel: {},
      format: { csv: 'CSV' },
      license: {},
      frequency: {},
      place: { '79': 'TP. Hồ Chí Minh', '01': 'Hà Nội' },
      keyword: { 'xe buýt': 'xe buýt' },
    };
    const out = pageLabels(all, { agency: ['a'], place: ['79', 'unknown'], keyword: ['xe buýt'] });
    expect(out.agency).toEqual({ a: 'Sở A' });
    expect(out.place).toEqual({ '79': 'TP. Hồ Chí Minh' });
    expect(out.keyword).toEqual({});
    expect(out.theme).toEqual({});
    expect(labelledFacets).not.toContain('keyword');
    expect(labelledFacets).toContain('place');
  });
});
