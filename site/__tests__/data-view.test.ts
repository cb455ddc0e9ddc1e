// The questions the dataset page's preview and the rows page ask the Data API: a page of rows, the same
// rows to download, and the grouped query of a chart, from what someone chose.
import { describe, expect, it } from 'vitest';
import { parseApiQuery, type DataColumn } from '../../domain/data-query.ts';
import { ariaSort, chartChoice, chartParams, downloadParams, emptyView, pageInfo, rowsParams, toggleSort, viewFromParams, viewParams, type RowsView } from '../src/lib/data-view.ts';

const columns: DataColumn[] = [
  { name: 'nam', type: 'integer' },
  { name: 'ma_phuong', type: 'string' },
  { name: 'ten_phuong', type: 'string' },
  { name: 'loai_don_vi', type: 'string' },
  { name: 'dien_tich_km2', type: 'number' },
];

describe('the view of a table', () => {
  it('reads search, sort, page and column filters from a query string, leaving out what a page of rows cannot show', () => {
    const v = viewFromParams(new URLSearchParams('q=+can gio &sort=-dien_tich_km2&limit=20&offset=40&loai_don_vi=Xã&dien_tich_km2.gte=50&format=csv&cursor=x&group_by=nam'));
    expect(v).toEqual({
      q: 'can gio',
      sort: '-dien_tich_km2',
      limit: 20,
      offset: 40,
      filters: [
        ['loai_don_vi', 'Xã'],
        ['dien_tich_km2.gte', '50'],
      ],
    });
    expect(viewFromParams(new URLSearchParams('limit=&offset='))).toEqual(emptyView());
  });

  it('asks the API for the same rows, which its own parser reads back as the view asked', () => {
    const v: RowsView = { q: 'ha noi', sort: '-dien_tich_km2', limit: 20, offset: 40, filters: [['loai_don_vi', 'Xã']] };
    const req = parseApiQuery(rowsParams(v), columns);
    expect(req.spec).toMatchObject({ q: 'ha noi', sort: [{ column: 'dien_tich_km2', desc: true }], limit: 20, offset: 40, filters: [{ column: 'loai_don_vi', op: 'eq', values: ['Xã'] }] });
    expect(req.format).toBe('json');
  });

  it('refuses by name what does not parse: a page size that is not a number reaches the API check as one', () => {
    const v = viewFromParams(new URLSearchParams('limit=mười'));
    expect(Number.isNaN(v.limit)).toBe(true);
    expect(() => parseApiQuery(rowsParams(v), columns)).toThrow(/limit/);
  });

  it('downloads every matching row from the first, in the view’s order: 100,000 in CSV and XLSX, one 1,000-row page in JSON', () => {
    const v: RowsView = { q: 'xa', sort: 'ten_phuong', limit: 20, offset: 40, filters: [['nam', '2025']] };
    const csv = downloadParams(v, 'csv');
    expect(Object.fromEntries(csv)).toEqual({ q: 'xa', nam: '2025', sort: 'ten_phuong', format: 'csv', limit: '100000' });
    expect(parseApiQuery(csv, columns).spec.offset).toBe(0);
    expect(downloadParams(v, 'xlsx').get('format')).toBe('xlsx');
    expect(parseApiQuery(downloadParams(v, 'json'), columns).spec.limit).toBe(1000);
  });

  it('keeps the page’s own address short: no default page size, no first offset', () => {
    expect(viewParams(emptyView()).toString()).toBe('');
    expect(viewParams({ ...emptyView(), q: 'Cần Giờ' }, { offset: 100 }).toString()).toBe('q=C%E1%BA%A7n+Gi%E1%BB%9D&offset=100');
  });

  it('sorts a column ascending first, then descending, and says so to assistive technology', () => {
    const v = emptyView();
    expect(toggleSort(v, 'ten_phuong')).toBe('ten_phuong');
    const asc = { ...v, sort: 'ten_phuong' };
    expect(toggleSort(asc, 'ten_phuong')).toBe('-ten_phuong');
    expect(toggleSort({ ...v, sort: '-ten_phuong' }, 'ten_phuong')).toBe('ten_phuong');
    expect(toggleSort(asc, 'nam')).toBe('nam');
    expect([ariaSort(asc, 'ten_phuong'), ariaSort({ ...v, sort: '-ten_phuong' }, 'ten_phuong'), ariaSort(asc, 'nam')]).toEqual(['ascending', 'descending', 'none']);
  });

  it('places a page among all the rows: numbers shown, pages, previous and next offsets', () => {
    expect(pageInfo({ ...emptyView(), limit: 50 }, 50, 168)).toEqual({ from: 1, to: 50, total: 168, page: 1, pages: 4, nextOffset: 50 });
    expect(pageInfo({ ...emptyView(), limit: 50, offset: 150 }, 18, 168)).toEqual({ from: 151, to: 168, total: 168, page: 4, pages: 4, prevOffset: 100 });
    expect(pageInfo(emptyView(), 0, 0)).toMatchObject({ total: 0, pages: 1 });
    expect(pageInfo(emptyView(), 0, 0).nextOffset).toBeUndefined();
  });
});

describe('the chart of a grouped query', () => {
  it('groups by the text column with the fewest values and averages the first numeric column that varies', () => {
    const withProfile = columns.map((c) => ({ ...c, distinct: { nam: 1, ma_phuong: 168, ten_phuong: 168, loai_don_vi: 3, dien_tich_km2: 165 }[c.name] }));
    expect(chartChoice(withProfile)).toEqual({ group: 'loai_don_vi', aggregate: { fn: 'avg', column: 'dien_tich_km2' } });
  });

  it('prefers a date column, counts rows when nothing is numeric, and has nothing to draw without columns', () => {
    expect(
      chartChoice([
        { name: 'mat_hang', type: 'string' },
        { name: 'ngay', type: 'date' },
        { name: 'gia', type: 'integer' },
      ]),
    ).toEqual({ group: 'ngay', aggregate: { fn: 'avg', column: 'gia' } });
    expect(chartChoice([{ name: 'ten', type: 'string' }])).toEqual({ group: 'ten', aggregate: { fn: 'count' } });
    expect(chartChoice([])).toBeUndefined();
  });

  it('asks for the groups of the rows the search matches: dates in order, other groups largest first, 50 at most', () => {
    const v: RowsView = { ...emptyView(), q: 'xa', sort: 'ten_phuong', offset: 100 };
    const bars = chartParams(v, { group: 'loai_don_vi', aggregate: { fn: 'sum', column: 'dien_tich_km2' } }, 'string');
    expect(Object.fromEntries(bars)).toEqual({ q: 'xa', group_by: 'loai_don_vi', aggregate: 'sum:dien_tich_km2', sort: '-sum_dien_tich_km2', limit: '50' });
    const req = parseApiQuery(bars, columns);
    expect(req.spec).toMatchObject({ groupBy: ['loai_don_vi'], aggregates: [{ fn: 'sum', column: 'dien_tich_km2' }], offset: 0 });
    expect(chartParams(v, { group: 'nam', aggregate: { fn: 'count' } }, 'integer').get('sort')).toBe('nam');
  });
});
