import { describe, expect, it } from 'vitest';
import { facetNames, type FacetName } from '../../search/src/facets.ts';
import { emptyState, HIGHLIGHT_POST, HIGHLIGHT_PRE, type SearchResponse } from '../../search/src/query.ts';
import { highlight, renderFacets, renderHits, type SearchView } from '../src/lib/search-view.ts';

const view: SearchView = {
  lang: 'vi',
  searchPath: '/search/',
  datasetPath: '/datasets/',
  labels: Object.fromEntries(facetNames.map((f) => [f, {}])) as Record<FacetName, Record<string, string>>,
  text: {
    count: '{n} tập dữ liệu',
    countOne: '1 tập dữ liệu',
    countForQuery: '{n} tập dữ liệu phù hợp với “{q}”',
    none: 'Không tìm thấy “{q}”.',
    noneHint: 'Thử từ khóa khác.',
    updated: 'Cập nhật {date}',
    prev: 'Trang trước',
    next: 'Trang sau',
    pageOf: 'Trang {page}/{pages}',
    pagination: 'Phân trang',
    more: 'Xem thêm',
    facetTitle: Object.fromEntries(facetNames.map((f) => [f, f])) as Record<FacetName, string>,
  },
};
view.labels.agency['so-xay-dung'] = 'Sở Xây dựng';

const hit = { id: 'bai-giu-xe', title_vi: 'Bãi giữ xe', description_vi: 'Mô tả', agency: 'so-xay-dung', theme: [], dataKind: ['open'], accessLevel: 'public', format: ['csv'], modified: 1782777600 };
const res = (over: Partial<SearchResponse> = {}): SearchResponse => ({ hits: [hit], query: 'xe', processingTimeMs: 1, totalHits: 1, totalPages: 1, page: 1, hitsPerPage: 20, facetDistribution: { agency: { 'so-xay-dung': 1 } }, ...over });

describe('search results markup', () => {
  it('turns highlight marks into <mark> and escapes everything else', () => {
    expect(highlight(`<b>${HIGHLIGHT_PRE}xe${HIGHLIGHT_POST}</b> & "q"`)).toBe('&lt;b&gt;<mark>xe</mark>&lt;/b&gt; &amp; &quot;q&quot;');
  });

  it('links each hit to its dataset page, with the agency name and update date', () => {
    const html = renderHits(res({ hits: [{ ...hit, _formatted: { title_vi: `Bãi giữ ${HIGHLIGHT_PRE}xe${HIGHLIGHT_POST}` } }] }), { ...emptyState(), q: 'xe' }, view);
    expect(html).toContain('<a href="/datasets/bai-giu-xe/">Bãi giữ <mark>xe</mark></a>');
    expect(html).toContain('Sở Xây dựng');
    expect(html).toContain('Cập nhật 30/06/2026');
    expect(html).toContain('1 tập dữ liệu');
  });

  it('says so when nothing matches, quoting the query safely', () => {
    const html = renderHits(res({ hits: [], totalHits: 0 }), { ...emptyState(), q: '<script>' }, view);
    expect(html).toContain('Không tìm thấy “&lt;script&gt;”.');
    expect(html).not.toContain('<script>');
  });

  it('pages with links that keep the query and filters', () => {
    const s = { ...emptyState(), q: 'xe', filters: { ...emptyState().filters, agency: ['so-xay-dung'] } };
    const html = renderHits(res({ totalHits: 45, totalPages: 3, page: 2 }), { ...s, page: 2 }, view);
    expect(html).toContain('href="/search/?q=xe&amp;agency=so-xay-dung"');
    expect(html).toContain('href="/search/?q=xe&amp;agency=so-xay-dung&amp;page=3"');
    expect(html).toContain('Trang 2/3');
  });

  it('renders facets as checkboxes with counts, keeping selected values that have no hits left', () => {
    const s = { ...emptyState(), filters: { ...emptyState().filters, agency: ['so-xay-dung', 'so-y-te'] } };
    const html = renderFacets(res(), s, view);
    expect(html).toMatch(/<input type="checkbox" id="odp-f-agency-0" name="agency" value="so-xay-dung" checked> <label for="odp-f-agency-0">Sở Xây dựng <span class="odp-count">\(1\)<\/span>/);
    expect(html).toMatch(/value="so-y-te" checked> <label[^>]*>so-y-te <span class="odp-count">\(0\)/);
    expect(html).not.toContain('name="theme"');
  });
});
