// Regressions of the CKAN-compatible API at /api/3/action/<action>, called as the server calls it:
// with a Request, the catalog and a stand-in for Meilisearch that records what it was asked.
import { describe, expect, it } from 'vitest';
import { ckanResponse, MAX_BODY_BYTES, type CkanServer } from '../src/lib/ckan.ts';
import { buildPortal } from '../src/lib/portal.ts';
import { seedSnapshot } from '../../pipeline/__tests__/fixtures.ts';
import { POST } from '../src/pages/api/3/action/[action].ts';

const p = buildPortal(seedSnapshot());
const base = 'https://data.example.gov.vn/';

/** What the tests read of a result: a package_search result, a package dict or a list. */
type Result = { results: { name: string }[]; search_facets: Record<string, unknown>; name: string } & { name: string; package_count?: number }[];

interface Answer {
  status: number;
  headers: Headers;
  body: { success: boolean; result: Result; error?: Record<string, unknown> & { __type: string; message: string } };
  searched: Record<string, unknown>[];
}

async function call(path: string, init?: RequestInit & { duplex?: 'half' }): Promise<Answer> {
  const searched: Record<string, unknown>[] = [];
  const server: CkanServer = {
    portal: () => p,
    search: (body) => {
      searched.push(body);
      return Promise.resolve({ ok: true, res: { hits: [{ id: 'cho-truyen-thong' }], estimatedTotalHits: 1, facetDistribution: {} } });
    },
  };
  const url = new URL(path, base);
  const res = await ckanResponse(url.pathname.split('/').pop()!, new Request(url, init), url, base, server);
  return { status: res.status, headers: res.headers, body: (await res.json()) as Answer['body'], searched };
}

const json = (body: string): RequestInit => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body });

describe('regression: package_search parameters of the wrong type gave 500', () => {
  it('fq as a list (repeated in the query, or a JSON array) is a 409 Validation Error naming fq, and nothing is searched', async () => {
    for (const r of [await call('/api/3/action/package_search?fq=organization:a&fq=tags:b'), await call('/api/3/action/package_search', json('{"fq":["organization:a"]}'))]) {
      expect(r.status).toBe(409);
      expect(r.body).toMatchObject({ success: false, error: { __type: 'Validation Error', fq: ['Phải là một chuỗi ký tự / Must be a string'] } });
      expect(r.body.error?.message).toMatch(/^Tham số không hợp lệ: fq \/ Invalid parameters: fq$/);
      expect(r.searched).toEqual([]);
    }
  });

  it('q as a number is searched as its text, as CKAN reads it', async () => {
    const r = await call('/api/3/action/package_search', json('{"q":2024,"rows":"3"}'));
    expect(r.status).toBe(200);
    expect(r.searched[0]).toMatchObject({ q: '2024', limit: 3 });
    expect(r.body.result.results.map((d) => d.name)).toEqual(['cho-truyen-thong']);
  });

  it('q as an object, sort as a list and rows as text are 409s naming each parameter', async () => {
    const r = await call('/api/3/action/package_search', json('{"q":{"a":1},"sort":["name asc"],"rows":"ten"}'));
    expect(r.status).toBe(409);
    expect(r.body.error).toMatchObject({ q: ['Phải là một chuỗi ký tự / Must be a string'], sort: ['Phải là một chuỗi ký tự / Must be a string'], rows: ['Phải là số nguyên / Invalid integer'] });
  });
});

describe('regression: prototype names reached lookups', () => {
  it('facet.field naming __proto__ was a 503; now a 409 naming the known facet fields', async () => {
    const r = await call(`/api/3/action/package_search?facet.field=${encodeURIComponent('["__proto__","constructor"]')}`);
    expect(r.status).toBe(409);
    expect(r.body.error?.['facet.field']).toEqual([
      expect.stringMatching(/Unknown facet field "__proto__" \(known: organization, groups, tags, res_format, license_id\)/),
      expect.stringMatching(/Unknown facet field "constructor"/),
    ]);
    expect(r.searched).toEqual([]);
  });

  it('a __proto__ key in a JSON body was honoured; now any prototype key, at any depth, is refused', async () => {
    for (const body of ['{"__proto__":{"id":"cho-truyen-thong"}}', '{"id":"cho-truyen-thong","x":{"constructor":{"prototype":1}}}', '{"id":"cho-truyen-thong","x":[{"prototype":1}]}']) {
      const r = await call('/api/3/action/package_show', json(body));
      expect(r.status).toBe(409);
      expect(r.body.error?.__type).toBe('Validation Error');
      expect(r.body.error?.message).toMatch(/^Tên tham số không được phép: "(__proto__|constructor|prototype)" \/ Parameter name not allowed/);
    }
    expect((await call('/api/3/action/package_show?__proto__=x&id=cho-truyen-thong')).status).toBe(409);
  });

  it('sort, fields in q and actions named like prototype keys are unknown, not found on Object.prototype', async () => {
    expect((await call('/api/3/action/package_search?sort=constructor')).body.error?.sort).toEqual([expect.stringMatching(/Invalid sort "constructor"/)]);
    expect((await call('/api/3/action/package_search?q=__proto__:x')).body.error?.q).toEqual([expect.stringMatching(/unknown field "__proto__"/)]);
    for (const action of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const r = await call(`/api/3/action/${action}`);
      expect(r.status).toBe(400);
      expect(r.body.error).toMatchObject({ __type: 'Bad request - Action name not known', message: `Không có thao tác này / Action name not known: ${action}` });
    }
  });
});

describe('regression: a malformed fq answered 200 with no results', () => {
  it('is a 409 Validation Error with the reason under fq, as CKAN answers, and nothing is searched', async () => {
    const cases: [string, RegExp][] = [
      ['organization:"so-xay-dung', /unclosed "/],
      ['res_format:(CSV OR XLSX', /unclosed \(/],
      ['organization:so-xay-dung)', /unmatched \)/],
      ['organization:', /no value for field "organization"/],
      ['organization:so-*', /wildcards \(\*\) are not supported/],
      ['organization:a OR', /nothing after OR/],
      ['xe buýt', /fq takes field:value terms only/],
    ];
    for (const [fq, reason] of cases) {
      const r = await call(`/api/3/action/package_search?fq=${encodeURIComponent(fq)}`);
      expect(r.status, fq).toBe(409);
      expect(r.body.error?.__type).toBe('Validation Error');
      expect(r.body.error?.message, fq).toMatch(reason);
      expect(r.body.error?.fq, fq).toHaveLength(1);
      expect(r.searched).toEqual([]);
    }
  });

  it('fq_list takes several fq strings, each checked the same way', async () => {
    const ok = await call('/api/3/action/package_search', json('{"fq":"organization:so-xay-dung","fq_list":["res_format:CSV","-groups:giao-thong"]}'));
    expect(ok.searched[0]?.filter).toEqual(['agency = "so-xay-dung"', 'format = "csv"', 'NOT theme = "giao-thong"']);
    const bad = await call('/api/3/action/package_search', json('{"fq_list":["res_format:CSV","colour:red"]}'));
    expect(bad.status).toBe(409);
    expect(bad.body.error?.fq_list).toEqual([expect.stringMatching(/unknown field "colour"/)]);
  });
});

describe('CKAN parameter types, the same in a query string and a JSON body', () => {
  it('rows and start are integers from 0; rows over 1000 is capped as CKAN caps it', async () => {
    const get = await call(`/api/3/action/package_search?rows=3&start=2&facet.field=${encodeURIComponent('["tags"]')}&sort=name%20asc`);
    const post = await call('/api/3/action/package_search', json('{"rows":3,"start":"2","facet.field":["tags"],"sort":"name asc"}'));
    expect(get.searched[0]).toEqual(post.searched[0]);
    expect(get.searched[0]).toMatchObject({ limit: 3, offset: 2, facets: ['keywords_vi'], sort: ['title_sort:asc'] });
    expect((await call('/api/3/action/package_search?rows=5000')).searched[0]).toMatchObject({ limit: 1000 });
    const bad = await call('/api/3/action/package_search?rows=-1&start=1.5');
    expect(bad.status).toBe(409);
    expect(bad.body.error).toMatchObject({ rows: ['Phải từ 0 trở lên / Must be 0 or more'], start: ['Phải là số nguyên / Invalid integer'] });
  });

  it('an empty query value counts as missing, a JSON null too; facet=false asks for no facets', async () => {
    expect((await call('/api/3/action/package_search?rows=&q=')).searched[0]).toMatchObject({ limit: 10, q: '' });
    expect((await call('/api/3/action/package_search', json('{"rows":null}'))).searched[0]).toMatchObject({ limit: 10 });
    const r = await call(`/api/3/action/package_search?facet=false&facet.field=${encodeURIComponent('["tags"]')}`);
    expect(r.searched[0]).not.toHaveProperty('facets');
    expect(r.body.result.search_facets).toEqual({});
  });

  it('the list actions check limit, offset and all_fields', async () => {
    expect((await call('/api/3/action/package_list?limit=2&offset=1')).body.result).toHaveLength(2);
    const bad = await call('/api/3/action/package_list', json('{"limit":"x","offset":-3}'));
    expect(bad.status).toBe(409);
    expect(Object.keys(bad.body.error ?? {}).sort()).toEqual(['__type', 'limit', 'message', 'offset']);
    const all = await call('/api/3/action/organization_list?all_fields=True');
    expect(all.body.result[0]).toHaveProperty('package_count');
  });

  it('keeps CKAN answers: 404 for an unknown id, 409 for a missing one, 400 for unreadable JSON, form bodies read too', async () => {
    const missing = await call('/api/3/action/package_show?id=khong-co');
    expect(missing).toMatchObject({ status: 404, body: { success: false, error: { __type: 'Not Found Error', message: 'Not found' } } });
    expect((await call('/api/3/action/package_show')).body.error).toMatchObject({ __type: 'Validation Error', id: ['Thiếu giá trị / Missing value'] });
    for (const body of ['{not json', '[1,2]', '"x"']) {
      const r = await call('/api/3/action/package_show', json(body));
      expect(r.status, body).toBe(400);
      expect(r.body.error?.message).toMatch(/^Không đọc được nội dung yêu cầu: .* \/ The request body cannot be read: /);
    }
    const form = await call('/api/3/action/package_show', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'id=cho-truyen-thong' });
    expect(form.body.result.name).toBe('cho-truyen-thong');
    // CKAN reads a body without a content type as JSON (as python requests sends data=json.dumps(…)).
    const untyped = await call('/api/3/action/package_show', { method: 'POST', body: '{"id":"cho-truyen-thong"}' });
    expect(untyped.body.result.name).toBe('cho-truyen-thong');
  });
});

/** A request body of `total` bytes made chunk by chunk on demand, counting what was pulled. */
function streamedBody(total: number, chunk = 64 * 1024): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled >= total) return controller.close();
      pulled += chunk;
      controller.enqueue(new Uint8Array(chunk).fill(0x20));
    },
  });
  return { stream, pulled: () => pulled };
}

describe('regression: a 10 MB body was read in full', () => {
  const tenMb = 10 * 1024 * 1024;

  it('a streamed body over the cap gets 413 once the cap is passed; the rest is never pulled', async () => {
    const body = streamedBody(tenMb);
    const r = await call('/api/3/action/package_search', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: body.stream, duplex: 'half' });
    expect(r.status).toBe(413);
    expect(r.body.error?.__type).toBe('Request Entity Too Large');
    expect(r.body.error?.message).toBe('Nội dung yêu cầu lớn quá 1048576 byte / The request body is larger than 1048576 bytes');
    expect(r.headers.get('connection')).toBe('close');
    expect(body.pulled()).toBeGreaterThan(MAX_BODY_BYTES);
    expect(body.pulled()).toBeLessThan(MAX_BODY_BYTES + 4 * 64 * 1024);
    expect(r.searched).toEqual([]);
  });

  it('a Content-Length over the cap is refused before any of the body is read', async () => {
    const body = streamedBody(tenMb);
    const r = await call('/api/3/action/package_show', { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': String(tenMb) }, body: body.stream, duplex: 'half' });
    expect(r.status).toBe(413);
    // At most what the stream queued on its own when it was made; nothing the handler asked for.
    expect(body.pulled()).toBeLessThanOrEqual(64 * 1024);
  });

  it('a body just under the cap is read', async () => {
    const padding = ' '.repeat(MAX_BODY_BYTES - 40);
    const r = await call('/api/3/action/package_show', json(`{"id":"cho-truyen-thong"}${padding}`));
    expect(r.status).toBe(200);
  });

  it('the route itself answers 413 for an oversized body', async () => {
    const body = streamedBody(tenMb);
    const url = new URL('/api/3/action/package_search', base);
    const request = new Request(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: body.stream, duplex: 'half' } as RequestInit);
    const res = await POST({ params: { action: 'package_search' }, request, url, site: new URL(base) } as never);
    expect(res.status).toBe(413);
    expect(body.pulled()).toBeLessThan(2 * MAX_BODY_BYTES);
  });
});
