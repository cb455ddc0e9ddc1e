// The Data API on real Parquet files: the seed's open files loaded by the ingest, queried by the
// engine through /api/data and the CKAN DataStore actions, called as ckanapi calls them (POST with a
// JSON body, GET with a query string).
import path from 'node:path';
import { readSheet } from 'read-excel-file/node';
import { describe, expect, it } from 'vitest';
import { dataEngineFor } from './data-engine-fixture.ts';
import { seedSnapshot } from '../../pipeline/__tests__/fixtures.ts';
import { ckanResponse, type CkanServer } from '../src/lib/ckan.ts';
import { DataEngine } from '../src/lib/data-api.ts';
import { dataApiResponse, dataOpenApiResponse, type DataRouteServer } from '../src/lib/data-route.ts';
import { buildPortal } from '../src/lib/portal.ts';

const base = 'https://data.example.gov.vn/';
const snapshot = seedSnapshot();
snapshot.datasets = snapshot.datasets.filter((d) => ['cho-truyen-thong', 'gia-ca-thi-truong'].includes(d.id));
const portal = buildPortal(snapshot);
// The same catalog after the market list was closed (accessLevel no longer public).
const closed = structuredClone(snapshot);
closed.datasets.find((d) => d.id === 'cho-truyen-thong')!.accessLevel = 'agencies';
const closedPortal = buildPortal(closed);

const fixture = dataEngineFor(snapshot, 'data-api');

const route: () => DataRouteServer = () => ({ portal: () => portal, data: () => Promise.resolve(fixture.engine()) });

interface Rows {
  success: boolean;
  rows: Record<string, unknown>[];
  total?: number;
  next: string | null;
  error?: { __type: string; message: string; problems?: { field: string; code: string }[] };
}

async function data(query: string, server = route()): Promise<{ status: number; body: Rows; res: Response }> {
  const url = new URL(`/api/data/cho-truyen-thong/cho-truyen-thong-csv?${query}`, base);
  const res = await dataApiResponse('cho-truyen-thong', 'cho-truyen-thong-csv', url, server);
  const body = res.headers.get('content-type')?.startsWith('application/json') ? ((await res.clone().json()) as Rows) : ({} as Rows);
  return { status: res.status, body, res };
}

describe('/api/data', () => {
  it('finds "Chợ Bến Thành" with "cho ben thanh" (Vietnamese folded) and types the columns from the dictionary', async () => {
    const { status, body } = await data('ten_cho.contains=cho ben thanh&select=ma_cho,ten_cho,hang_cho');
    expect(status).toBe(200);
    expect(body.rows).toEqual([{ ma_cho: 'CHO-001', ten_cho: 'Chợ Bến Thành', hang_cho: 1 }]);
    expect(body.total).toBe(1);
  });

  it('filters, sorts and pages with a cursor without overlap', async () => {
    const first = await data('loai_cho=Chợ truyền thống&sort=-dien_tich_m2&limit=5&select=ma_cho,dien_tich_m2');
    expect(first.body.total).toBe(27);
    const areas = first.body.rows.map((r) => r.dien_tich_m2 as number);
    expect(areas).toEqual([...areas].sort((a, b) => b - a));
    expect(first.body.next).toMatch(/cursor=/);
    const second = await data(new URL(first.body.next!, base).search.slice(1));
    expect(second.body.rows).toHaveLength(5);
    expect(second.body.total).toBe(27);
    expect(second.body.rows.some((r) => first.body.rows.some((f) => f.ma_cho === r.ma_cho))).toBe(false);
  });

  it('groups with count and sum', async () => {
    const { body } = await data('group_by=loai_cho&aggregate=count,sum:so_diem_kinh_doanh&sort=-count');
    expect(body.rows.map((r) => [r.loai_cho, r.count])).toEqual([
      ['Chợ truyền thống', 27],
      ['Chợ đầu mối', 3],
    ]);
    expect(typeof body.rows[0]!.sum_so_diem_kinh_doanh).toBe('number');
  });

  it('answers CSV, XLSX and Parquet downloads', async () => {
    const csv = await data('ma_cho=CHO-001&format=csv');
    expect(csv.res.headers.get('content-type')).toBe('text/csv;charset=utf-8');
    const bytes = new Uint8Array(await csv.res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).toMatch(/^ma_cho,ten_cho,.*\r\nCHO-001,Chợ Bến Thành,/);
    const xlsx = await data('ma_cho=CHO-001&format=xlsx&select=ma_cho,ten_cho,hang_cho');
    // Read back with the reader the portal profiles uploads with.
    expect(await readSheet(Buffer.from(await xlsx.res.arrayBuffer()))).toEqual([
      ['ma_cho', 'ten_cho', 'hang_cho'],
      ['CHO-001', 'Chợ Bến Thành', 1],
    ]);
    const parquet = await data('ma_cho=CHO-001&format=parquet');
    expect(
      Buffer.from(await parquet.res.arrayBuffer())
        .subarray(0, 4)
        .toString(),
    ).toBe('PAR1');
  });

  it('refuses injection attempts and huge pages with a Validation Error naming the parameter', async () => {
    const a = await data(`select=${encodeURIComponent('ma_cho" FROM x; --')}`);
    expect(a.status).toBe(400);
    expect(a.body.error?.problems).toEqual([expect.objectContaining({ field: 'fields', code: 'UNKNOWN_COLUMN' })]);
    const b = await data('limit=100000000');
    expect(b.status).toBe(400);
    expect(b.body.error?.problems?.[0]).toMatchObject({ field: 'limit', code: 'OUT_OF_RANGE' });
    const c = await data(`hang_cho=${encodeURIComponent('1; DROP TABLE x')}`);
    expect(c.body.error?.problems?.[0]).toMatchObject({ field: 'filters', code: 'BAD_VALUE' });
  });

  it('never answers a file whose dataset is not open data, even when it was loaded', async () => {
    const r = await data('limit=1', { portal: () => closedPortal, data: () => Promise.resolve(fixture.engine()) });
    expect(r.status).toBe(403);
    expect(r.body.error?.__type).toBe('Authorization Error');
  });

  it('describes each file in OpenAPI 3 from its dictionary', async () => {
    const res = await dataOpenApiResponse('cho-truyen-thong', 'cho-truyen-thong-csv', base, route());
    const doc = (await res.json()) as { openapi: string; paths: Record<string, { get: { parameters: { name: string }[] } }> };
    expect(doc.openapi).toMatch(/^3\./);
    const params = doc.paths['/api/data/cho-truyen-thong/cho-truyen-thong-csv']!.get.parameters.map((p) => p.name);
    expect(params).toEqual(expect.arrayContaining(['hang_cho.gte', 'ten_cho.contains', 'cursor', 'group_by']));
  });
});

// ——— CKAN DataStore, as ckanapi calls it ———

const ckanServer = (p = portal): CkanServer => ({ portal: () => p, search: () => Promise.resolve({ ok: false, reason: 'not used' }), data: () => Promise.resolve(fixture.engine()) });

interface CkanAnswer {
  status: number;
  body: {
    help: string;
    success: boolean;
    result: Record<string, unknown> & { records: Record<string, unknown>[]; fields: { id: string; type: string }[]; total: number; _links: { start: string; next: string } };
    error?: Record<string, unknown>;
  };
}

async function ckan(action: string, init: { get?: string; post?: unknown }, p = portal): Promise<CkanAnswer> {
  const url = new URL(`/api/3/action/${action}${init.get ? `?${init.get}` : ''}`, base);
  const request = init.post === undefined ? new Request(url) : new Request(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(init.post) });
  const res = await ckanResponse(action, request, url, base, ckanServer(p));
  return { status: res.status, body: (await res.json()) as CkanAnswer['body'] };
}

describe('datastore_search', () => {
  it('package_show marks the resources the DataStore answers for as datastore_active, as CKAN clients check', async () => {
    const r = await ckan('package_show', { get: 'id=cho-truyen-thong' });
    const resources = (r.body.result as unknown as { resources: { id: string; datastore_active: boolean }[] }).resources;
    expect(Object.fromEntries(resources.map((x) => [x.id, x.datastore_active]))).toEqual({ 'cho-truyen-thong-csv': true, 'cho-truyen-thong-xlsx': true, 'cho-truyen-thong-xml': false });
  });

  it('answers a POST with filters, fields, sort and limit in CKAN’s shape', async () => {
    const r = await ckan('datastore_search', {
      post: { resource_id: 'cho-truyen-thong-csv', filters: { loai_cho: 'Chợ đầu mối' }, fields: ['_id', 'ma_cho', 'ten_cho'], sort: 'ma_cho desc', limit: 2 },
    });
    expect(r.status).toBe(200);
    expect(r.body.help).toBe('https://data.example.gov.vn/api/3/action/help_show?name=datastore_search');
    expect(r.body.success).toBe(true);
    const res = r.body.result;
    expect(res.fields).toEqual([
      { id: '_id', type: 'int' },
      { id: 'ma_cho', type: 'text' },
      { id: 'ten_cho', type: 'text' },
    ]);
    expect(res.records).toHaveLength(2);
    expect(Object.keys(res.records[0]!)).toEqual(['_id', 'ma_cho', 'ten_cho']);
    expect(typeof res.records[0]!._id).toBe('number');
    expect((res.records[0]!.ma_cho as string) > (res.records[1]!.ma_cho as string)).toBe(true);
    expect(res.total).toBe(3);
    expect(res).toMatchObject({ limit: 2, resource_id: 'cho-truyen-thong-csv', records_format: 'objects', include_total: true, filters: { loai_cho: 'Chợ đầu mối' }, total_was_estimated: false });
    expect(res._links.next).toMatch(/^\/api\/3\/action\/datastore_search\?.*offset=2/);
  });

  it('answers a GET with q (diacritics ignored), JSON filters and offset', async () => {
    const r = await ckan('datastore_search', { get: `resource_id=cho-truyen-thong-csv&q=ben thanh&filters=${encodeURIComponent('{"hang_cho":[1,2]}')}&offset=0` });
    expect(r.status).toBe(200);
    expect(r.body.result.records.map((x) => x.ten_cho)).toContain('Chợ Bến Thành');
    expect(r.body.result.fields[0]).toEqual({ id: '_id', type: 'int' });
  });

  it('answers distinct values and include_total=false', async () => {
    const r = await ckan('datastore_search', { post: { resource_id: 'cho-truyen-thong-csv', fields: 'loai_cho', distinct: true, include_total: false, sort: 'loai_cho' } });
    expect(r.body.result.records).toEqual([{ loai_cho: 'Chợ truyền thống' }, { loai_cho: 'Chợ đầu mối' }]);
    expect(r.body.result.total).toBeUndefined();
  });

  it('numbers records from 1 in the file’s order (_id), and sorts on _id', async () => {
    const first = await ckan('datastore_search', { get: 'resource_id=cho-truyen-thong-csv&limit=2&fields=_id,ma_cho' });
    expect(first.body.result.records).toEqual([
      { _id: 1, ma_cho: 'CHO-001' },
      { _id: 2, ma_cho: 'CHO-002' },
    ]);
    const last = await ckan('datastore_search', { get: 'resource_id=cho-truyen-thong-csv&limit=1&fields=_id&sort=_id desc' });
    expect(last.body.result.records).toEqual([{ _id: 30 }]);
  });

  it('caps a huge limit as CKAN caps it at rows_max', async () => {
    const r = await ckan('datastore_search', { post: { resource_id: 'cho-truyen-thong-csv', limit: 10_000_000 } });
    expect(r.status).toBe(200);
    expect(r.body.result.limit).toBe(1000);
  });

  it('refuses an unknown field with a 409 Validation Error, in Vietnamese and English', async () => {
    const r = await ckan('datastore_search', { post: { resource_id: 'cho-truyen-thong-csv', fields: ['ma_cho', 'x"; DROP TABLE y; --'] } });
    expect(r.status).toBe(409);
    expect(r.body.success).toBe(false);
    expect(r.body.error).toMatchObject({ __type: 'Validation Error', fields: [expect.stringMatching(/Không có cột .* \/ No column/)] });
  });

  it('answers Not Found for an unknown resource and Authorization Error for data that is not open', async () => {
    const missing = await ckan('datastore_search', { post: { resource_id: 'khong-co' } });
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ __type: 'Not Found Error' });
    const closedAnswer = await ckan('datastore_search', { post: { resource_id: 'cho-truyen-thong-csv' } }, closedPortal);
    expect(closedAnswer.status).toBe(403);
    expect(closedAnswer.body.error).toMatchObject({ __type: 'Authorization Error' });
  });

  it('datastore_info lists the fields with the dictionary’s labels and the row count', async () => {
    const r = await ckan('datastore_info', { get: 'id=cho-truyen-thong-csv' });
    expect(r.status).toBe(200);
    const result = r.body.result as unknown as { meta: { count: number }; fields: { id: string; type: string; info?: { label: string } }[] };
    expect(result.meta.count).toBe(30);
    expect(result.fields.find((f) => f.id === 'hang_cho')).toMatchObject({ type: 'int' });
    expect(result.fields.find((f) => f.id === 'hang_cho')?.info?.label).toBeTruthy();
  });
});

describe('resource limits', () => {
  it('interrupts a query that runs over the time limit and says so', async () => {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const writer = await DuckDBInstance.create(':memory:');
    const w = await writer.connect();
    await w.run(`COPY (SELECT i AS n, md5(i::VARCHAR) AS s, md5(i::VARCHAR) AS s__fold FROM range(2000000) t(i)) TO '${path.join(fixture.dir(), 'big.parquet')}' (FORMAT parquet)`);
    w.closeSync();
    writer.closeSync();
    const slow = await DataEngine.open({ dir: fixture.dir(), timeoutMs: 1, memoryMb: 256, connections: 1, copyToMemory: false });
    try {
      const entry = {
        dataset: 'x',
        distribution: 'x',
        file: 'big.parquet',
        sha256: '',
        format: 'csv',
        rows: 2_000_000,
        ingestedAt: '',
        columns: [
          { name: 'n', type: 'integer' as const },
          { name: 's', type: 'string' as const },
        ],
      };
      const spec = { columns: [], filters: [], sort: [{ column: 'count', desc: true }], limit: 10, offset: 0, groupBy: ['s'], aggregates: [{ fn: 'count' as const }], distinct: false };
      await expect(slow.query(entry, spec, { includeTotal: true })).rejects.toMatchObject({ name: 'DataApiError', code: 'TIMEOUT' });
    } finally {
      slow.close();
    }
  });
});
