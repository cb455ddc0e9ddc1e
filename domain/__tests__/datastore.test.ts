import { describe, expect, it } from 'vitest';
import { CkanError } from '../ckan-query.ts';
import { datastoreSearchRequest, datastoreSearchResult } from '../datastore.ts';
import type { DataColumn } from '../data-query.ts';

const columns: DataColumn[] = [
  { name: 'ten', type: 'string' },
  { name: 'so', type: 'integer' },
];

const fails = (params: Record<string, unknown>) => {
  try {
    datastoreSearchRequest(params, columns);
  } catch (err) {
    if (err instanceof CkanError) return { status: err.status, type: err.type, detail: err.detail };
    throw err;
  }
  return undefined;
};

describe('datastoreSearchRequest', () => {
  it('reads CKAN’s filters (a list is "in"), q as a dict, sort with _id and fields as text', () => {
    const r = datastoreSearchRequest({ resource_id: 'r', filters: '{"so":[1,2],"ten":"Hà Nội"}', q: { ten: 'ha noi' }, sort: '_id desc, so', fields: '_id,ten' }, columns);
    expect(r.spec.filters).toEqual([
      { column: 'so', op: 'in', values: ['1', '2'] },
      { column: 'ten', op: 'eq', values: ['Hà Nội'] },
      { column: 'ten', op: 'contains', values: ['ha noi'] },
    ]);
    expect(r.spec.sort).toEqual([
      { column: '__row', desc: true },
      { column: 'so', desc: false },
    ]);
    expect(r.spec.columns).toEqual(['__row', 'ten']);
    expect(r.echo).toEqual({ filters: { so: [1, 2], ten: 'Hà Nội' }, q: { ten: 'ha noi' }, sort: '_id desc, so' });
  });

  it('lowers a huge limit to the cap and defaults to 100 with a total', () => {
    expect(datastoreSearchRequest({ resource_id: 'r', limit: 5_000_000 }, columns).spec.limit).toBe(1000);
    const r = datastoreSearchRequest({ resource_id: 'r' }, columns);
    expect([r.spec.limit, r.includeTotal, r.recordsFormat]).toEqual([100, true, 'objects']);
  });

  it('refuses unknown columns (quotes and semicolons included) as a 409 naming the parameter', () => {
    expect(fails({ resource_id: 'r', filters: { 'x"; DROP TABLE t; --': 1 } })).toMatchObject({ status: 409, type: 'Validation Error', detail: { filters: [expect.stringContaining('No column')] } });
    expect(fails({ resource_id: 'r', sort: 'so; DELETE' })).toMatchObject({ status: 409, detail: { sort: [expect.any(String)] } });
    expect(fails({ resource_id: 'r', filters: '{not json' })).toMatchObject({ status: 409, detail: { filters: [expect.any(String)] } });
  });
});

describe('datastoreSearchResult', () => {
  it('answers records as objects with _id, or as lists, with CKAN’s fields and links', () => {
    const params = { resource_id: 'r', limit: 2 };
    const req = datastoreSearchRequest(params, columns);
    const answer = { columns: [{ name: '__row', type: 'integer' as const }, ...columns], rows: [{ __row: 1, ten: 'A', so: 3 }], total: 1 };
    const result = datastoreSearchResult(req, params, answer);
    expect(result).toMatchObject({
      records: [{ _id: 1, ten: 'A', so: 3 }],
      fields: [
        { id: '_id', type: 'int' },
        { id: 'ten', type: 'text' },
        { id: 'so', type: 'int' },
      ],
      total: 1,
      limit: 2,
      _links: { start: '/api/3/action/datastore_search?resource_id=r&limit=2', next: '/api/3/action/datastore_search?resource_id=r&limit=2&offset=2' },
    });
    expect(datastoreSearchResult({ ...req, recordsFormat: 'lists' }, params, answer).records).toEqual([[1, 'A', 3]]);
  });
});
