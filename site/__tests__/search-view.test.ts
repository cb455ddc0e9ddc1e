import { describe, expect, it } from 'vitest';
import { facetNames, type FacetName } from '../../domain/facets.ts';
import { emptyState, HIGHLIGHT_POST, HIGHLIGHT_PRE, type SearchResponse } from '../../search/src/query.ts';
import { highlight, renderFacets, renderHits, renderOthers, type SearchView } from '../src/lib/search-view.ts';

const view: SearchView = {
  lang: 'vi',
  searchPath: '/search/',
  datasetPath: '/datasets/',
  langPrefix: '',
  themes: [{ id: 'giao-thong', label: 'Giao thông vận tải' }],
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
    facetTitle: Object.fromEntries(facetNames.map((f) => [f, f])) as Record<FacetName, string>,
    others: 'Cũng tìm thấy',
    relaxed: 'Không tập dữ liệu nào có đủ mọi từ bạn tìm; đây là các tập gần nhất.',
    groupTitle: { service: 'Dịch vụ', agency: 'Cơ quan', code: 'Danh mục' },
    didYouMean: 'Có phải bạn muốn tìm:',
    tryThemes: 'Hoặc xem theo lĩnh vực:',
    matched: 'Khớp ở: {fields}',
    facetFilter: 'Tìm trong {facet}',
    fields: { title: 'tên', keywords: 'từ khóa', agency: 'cơ quan', theme: 'lĩnh vực', description: 'mô tả', identifier: 'mã' },
  },
};
view.labels.agency['so-xay-dung'] = 'Sở Xây dựng';

const hit = { id: 'bai-giu-xe', title_vi: 'Bãi giữ xe', description_vi: 'Mô tả', agency: 'so-xay-dung', theme: [], dataKind: ['open'], accessLevel: 'public', format: ['csv'], modified: 1782777600 };
const res = (over: Partial<SearchResponse> = {}): SearchResponse => ({
  hits: [hit],
  query: 'xe',
  processingTimeMs: 1,
  totalHits: 1,
  totalPages: 1,
  page: 1,
  hitsPerPage: 20,
  facetDistribution: { agency: { 'so-xay-dung': 1 } },
  ...over,
});

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

  it('says so when nothing matches, quoting the query safely, with a suggestion and themes', () => {
    const html = renderHits(res({ hits: [], totalHits: 0 }), { ...emptyState(), q: '<script>' }, view, 'giao thông');
    expect(html).toContain('Không tìm thấy “&lt;script&gt;”.');
    expect(html).not.toContain('<script>');
    expect(html).toContain('Có phải bạn muốn tìm: <a href="/search/?q=giao+th%C3%B4ng">giao thông</a>');
    expect(html).toContain('<a href="/themes/giao-thong/">Giao thông vận tải</a>');
  });

  it('says which fields matched', () => {
    const html = renderHits(res({ hits: [{ ...hit, _matchesPosition: { title_vi: [], keywords_vi: [], title_exact: [] } } as never] }), { ...emptyState(), q: 'xe' }, view);
    expect(html).toContain('Khớp ở: tên, từ khóa');
  });

  it('groups services, agencies and code-list values found by the same query', () => {
    const html = renderOthers(
      {
        service: { hits: [{ id: 's', type: 'service', title_vi: 'API xe buýt', path: '/services/s/', agency_name_vi: 'Sở Xây dựng' }], total: 1 },
        agency: { hits: [], total: 0 },
        code: { hits: [{ id: 'c', type: 'code', title_vi: 'Phường Bến Thành', code: '26743', path: '/code-lists/x/79/' }], total: 1 },
      },
      view,
    );
    expect(html).toContain('<h3 class="odp-others__title">Dịch vụ <span class="odp-count">(1)</span></h3>');
    expect(html).toContain('<a href="/code-lists/x/79/">Phường Bến Thành</a> <span class="odp-muted">(26743)</span>');
    expect(html).not.toContain('Cơ quan');
  });

  it('puts what else the query found after the first dataset results, never before them', () => {
    const hits = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ ...hit, id }));
    const others = renderOthers(
      { service: { hits: [{ id: 's', type: 'service', title_vi: 'API xe buýt', path: '/services/s/' }], total: 1 }, agency: { hits: [], total: 0 }, code: { hits: [], total: 0 } },
      view,
    );
    const html = renderHits(res({ hits, totalHits: 5 }), { ...emptyState(), q: 'xe' }, view, undefined, others);
    const at = (s: string) => html.indexOf(s);
    expect(at('/datasets/c/')).toBeLessThan(at('Cũng tìm thấy'));
    expect(at('Cũng tìm thấy')).toBeLessThan(at('/datasets/d/'));
    expect(html).toContain('<aside class="odp-others" aria-labelledby="odp-others-title"><h2 class="odp-h3" id="odp-others-title">Cũng tìm thấy</h2>');
    // The list goes on after it, numbered from where it stopped.
    expect(html).toContain('<ol class="odp-list odp-results__list" start="4">');
    // With fewer results than that, it follows them; with none, it follows the "nothing found" message.
    expect(renderHits(res(), { ...emptyState(), q: 'xe' }, view, undefined, others).indexOf('Cũng tìm thấy')).toBeGreaterThan(html.indexOf('/datasets/a/'));
    const none = renderHits(res({ hits: [], totalHits: 0 }), { ...emptyState(), q: 'xe' }, view, undefined, others);
    expect(none.indexOf('Không tìm thấy')).toBeLessThan(none.indexOf('Cũng tìm thấy'));
  });

  it('says when the results have only some of the words', () => {
    expect(renderHits(res(), { ...emptyState(), q: 'gia xang' }, view, undefined, '', 'relaxed')).toContain('Không tập dữ liệu nào có đủ mọi từ bạn tìm');
    expect(renderHits(res(), { ...emptyState(), q: 'xang dau' }, view, undefined, '', 'folded')).not.toContain('Không tập dữ liệu nào có đủ mọi từ');
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
