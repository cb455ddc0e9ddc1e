import { describe, expect, it } from 'vitest';
import { buildQuery, checkSpec, emptySpec, makeCursor, parseApiQuery, QueryError, MAX_PAGE_ROWS, type DataColumn, type QuerySpec } from '../data-query.ts';

const columns: DataColumn[] = [
  { name: 'ten_phuong', type: 'string' },
  { name: 'dan_so', type: 'integer' },
  { name: 'dien_tich', type: 'number' },
  { name: 'ngay', type: 'date' },
  { name: 'Tên "lạ"; DROP', type: 'string' },
];

const spec = (over: Partial<QuerySpec>): QuerySpec => ({ ...emptySpec(), ...over });
const problems = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    if (err instanceof QueryError) return err.problems.map((p) => `${p.field}:${p.code}`);
    throw err;
  }
  return [];
};

describe('checkSpec', () => {
  it('refuses columns that are not in the file, whatever they contain', () => {
    expect(problems(() => checkSpec(spec({ columns: ['x"; DROP TABLE t; --'] }), columns))).toEqual(['fields:UNKNOWN_COLUMN']);
    expect(problems(() => checkSpec(spec({ sort: [{ column: 'dan_so; SELECT 1', desc: false }] }), columns))).toEqual(['sort:UNKNOWN_COLUMN']);
  });
  it('refuses limits above the cap and negative offsets', () => {
    expect(problems(() => checkSpec(spec({ limit: 10_000_000 }), columns))).toEqual(['limit:OUT_OF_RANGE']);
    expect(problems(() => checkSpec(spec({ limit: MAX_PAGE_ROWS }), columns))).toEqual([]);
    expect(problems(() => checkSpec(spec({ offset: -1 }), columns))).toEqual(['offset:OUT_OF_RANGE']);
  });
  it('refuses deep group-bys and sums of text', () => {
    const deep = spec({ groupBy: ['ten_phuong', 'dan_so', 'dien_tich', 'ngay'], aggregates: [{ fn: 'count' }] });
    expect(problems(() => checkSpec(deep, columns))).toEqual(['group_by:TOO_MANY']);
    expect(problems(() => checkSpec(spec({ groupBy: ['ngay'], aggregates: [{ fn: 'sum', column: 'ten_phuong' }] }), columns))).toEqual(['aggregate:NOT_NUMBER']);
  });
  it('refuses values that do not fit the column type', () => {
    expect(problems(() => checkSpec(spec({ filters: [{ column: 'dan_so', op: 'gte', values: ['1; DROP'] }] }), columns))).toEqual(['filters:BAD_VALUE']);
    expect(problems(() => checkSpec(spec({ filters: [{ column: 'ngay', op: 'lt', values: ['2024-13'] }] }), columns))).toEqual(['filters:BAD_VALUE']);
  });
});

describe('buildQuery', () => {
  it('binds every value and quotes the file’s column names', () => {
    const s = checkSpec(
      spec({
        columns: ['Tên "lạ"; DROP', 'dan_so'],
        filters: [
          { column: 'Tên "lạ"; DROP', op: 'eq', values: ["'; DROP TABLE x; --"] },
          { column: 'dan_so', op: 'in', values: ['1', '2'] },
          { column: 'ngay', op: 'gte', values: ['2024-01-01'] },
        ],
        sort: [{ column: 'dan_so', desc: true }],
      }),
      columns,
    );
    const b = buildQuery(s, columns, 'data_1');
    expect(b.sql).toBe(
      'SELECT "Tên ""lạ""; DROP", "dan_so" FROM data_1 WHERE "Tên ""lạ""; DROP" = $1 AND "dan_so" IN (CAST($2 AS BIGINT), CAST($3 AS BIGINT)) AND "ngay" >= CAST($4 AS DATE) ORDER BY "dan_so" DESC NULLS LAST, "__row" LIMIT 100 OFFSET 0',
    );
    expect(b.params).toEqual(["'; DROP TABLE x; --", '1', '2', '2024-01-01']);
    expect(b.sql).not.toContain('DROP TABLE');
  });
  it('looks for folded words in the folded copy: "ha noi" and "Hà Nội" ask the same', () => {
    const a = buildQuery(spec({ filters: [{ column: 'ten_phuong', op: 'contains', values: ['Hà Nội'] }] }), columns, 'd');
    const b = buildQuery(spec({ filters: [{ column: 'ten_phuong', op: 'contains', values: ['ha  noi'] }] }), columns, 'd');
    expect(a.sql).toContain('contains("ten_phuong__fold", $1) AND contains("ten_phuong__fold", $2)');
    expect(a.params).toEqual(['ha', 'noi']);
    expect(b.params).toEqual(a.params);
  });
  it('groups with aggregates and counts the groups', () => {
    const s = checkSpec(spec({ groupBy: ['ten_phuong'], aggregates: [{ fn: 'count' }, { fn: 'avg', column: 'dan_so' }], sort: [{ column: 'count', desc: true }] }), columns);
    const b = buildQuery(s, columns, 'd');
    expect(b.sql).toBe(
      'SELECT "ten_phuong", count(*) AS "count", avg("dan_so") AS "avg_dan_so" FROM d GROUP BY "ten_phuong" ORDER BY "count" DESC NULLS LAST, "ten_phuong" ASC NULLS LAST LIMIT 100 OFFSET 0',
    );
    expect(b.countSql).toBe('SELECT count(*) AS n FROM (SELECT "ten_phuong", count(*) AS "count", avg("dan_so") AS "avg_dan_so" FROM d GROUP BY "ten_phuong") AS t');
    expect(b.columns.map((c) => c.name)).toEqual(['ten_phuong', 'count', 'avg_dan_so']);
  });
  it('refuses a relation name that is not plain', () => {
    expect(() => buildQuery(emptySpec(), columns, 'x; DROP')).toThrow();
  });
});

describe('parseApiQuery', () => {
  it('reads filters, sort, paging and aggregates from a query string', () => {
    const r = parseApiQuery(new URLSearchParams('dan_so.gte=10&ten_phuong.contains=ha noi&ngay.in=2024-01-01|2024-01-02&sort=-dan_so&select=ten_phuong,dan_so&limit=5'), columns);
    expect(r.spec.filters).toEqual([
      { column: 'dan_so', op: 'gte', values: ['10'] },
      { column: 'ten_phuong', op: 'contains', values: ['ha noi'] },
      { column: 'ngay', op: 'in', values: ['2024-01-01', '2024-01-02'] },
    ]);
    expect(r.spec.sort).toEqual([{ column: 'dan_so', desc: true }]);
    expect(r.spec.limit).toBe(5);
    expect(r.format).toBe('json');
  });
  it('follows a cursor of the same query and refuses one of another', () => {
    const q = 'dan_so.gte=10&limit=5';
    const first = parseApiQuery(new URLSearchParams(q), columns);
    const cursor = makeCursor(first.spec, 5);
    expect(parseApiQuery(new URLSearchParams(`${q}&cursor=${cursor}`), columns).spec.offset).toBe(5);
    expect(parseApiQuery(new URLSearchParams(`${q}&cursor=${makeCursor(first.spec, 5, 42)}`), columns).knownTotal).toBe(42);
    expect(problems(() => parseApiQuery(new URLSearchParams(`dan_so.gte=11&limit=5&cursor=${cursor}`), columns))).toEqual(['cursor:BAD_CURSOR']);
  });
  it('lets downloads be larger than pages, but not without bound', () => {
    expect(problems(() => parseApiQuery(new URLSearchParams('limit=5000'), columns))).toEqual(['limit:OUT_OF_RANGE']);
    expect(parseApiQuery(new URLSearchParams('limit=5000&format=csv'), columns).spec.limit).toBe(5000);
    expect(problems(() => parseApiQuery(new URLSearchParams('limit=99999999999&format=csv'), columns))).toEqual(['limit:OUT_OF_RANGE']);
    expect(problems(() => parseApiQuery(new URLSearchParams('limit=1e9'), columns))).toEqual(['limit:OUT_OF_RANGE']);
  });
});
