// The CKAN-compatible API over HTTP, package_search through the server route and a real Meilisearch.
import { describe, expect, inject, it } from 'vitest';

const portal = inject('portal');

/** The parts of CKAN 2.10's answers these tests read. */
interface CkanAnswer<R> {
  success: boolean;
  help: string;
  result: R;
  error?: { __type: string; message: string };
}
interface CkanPackage {
  name: string;
  owner_org: string;
  metadata_modified: string;
  resources: { format: string; url: string }[];
}
interface PackageSearch {
  count: number;
  results: CkanPackage[];
  search_facets: Record<string, { items: unknown[] }>;
  facets: Record<string, Record<string, number>>;
}

async function call<R = unknown>(path: string, init?: RequestInit): Promise<{ status: number; body: CkanAnswer<R> }> {
  const res = await fetch(`${portal.url}${path}`, init);
  expect(res.headers.get('content-type')).toContain('application/json');
  return { status: res.status, body: (await res.json()) as CkanAnswer<R> };
}

describe('CKAN API', () => {
  it('package_list and package_show answer in CKAN 2.10 shape', async () => {
    const list = await call<string[]>('/api/3/action/package_list');
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject<Record<string, unknown>>({ success: true, help: expect.stringContaining('help_show?name=package_list') });
    expect(list.body.result).toContain('cho-truyen-thong');
    const show = await call<CkanPackage>('/api/3/action/package_show?id=cho-truyen-thong');
    expect(show.body.result.resources).toHaveLength(3);
    const csv = show.body.result.resources.find((r) => r.format === 'CSV');
    expect((await fetch(csv!.url.replace(/^https?:\/\/[^/]+/, portal.url))).status).toBe(200);
  });

  it('gives CKAN not-found errors for unknown ids, and 400 for unknown actions', async () => {
    const r = await call('/api/3/action/package_show?id=khong-ton-tai');
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ success: false, error: { __type: 'Not Found Error', message: 'Not found' } });
    expect((await call('/api/3/action/organization_show?id=khong-ton-tai')).status).toBe(404);
    expect((await call('/api/3/action/xoa_het')).status).toBe(400);
  });

  it('package_search: q without diacritics, fq, rows/start, sort and facets like CKAN', async () => {
    const all = await call<PackageSearch>('/api/3/action/package_search?q=xe%20buyt&facet.field=%5B%22organization%22,%22res_format%22%5D');
    expect(all.body.success).toBe(true);
    expect(all.body.result.count).toBeGreaterThan(1);
    expect(all.body.result.results.map((d) => d.name)).toContain('tuyen-xe-buyt');
    expect(all.body.result.search_facets.organization!.items.length).toBeGreaterThan(0);
    expect(Object.keys(all.body.result.facets.res_format!)).toContain('CSV');

    // "giao thông" is in datasets of several agencies ("xe buýt" only in the bus centre's).
    const traffic = await call<PackageSearch>('/api/3/action/package_search?q=giao%20thong');
    const fq = await call<PackageSearch>('/api/3/action/package_search?q=giao%20thong&fq=organization:trung-tam-quan-ly-giao-thong-cong-cong');
    expect(fq.body.result.count).toBeGreaterThan(0);
    expect(fq.body.result.count).toBeLessThan(traffic.body.result.count);
    expect(fq.body.result.results.every((d) => d.owner_org === 'trung-tam-quan-ly-giao-thong-cong-cong')).toBe(true);

    const first = await call<PackageSearch>('/api/3/action/package_search?rows=3&start=0&sort=metadata_modified%20desc');
    const second = await call<PackageSearch>('/api/3/action/package_search?rows=3&start=3&sort=metadata_modified%20desc');
    // 48 open datasets and the 12 shared or master ones whose description is public.
    expect(first.body.result.count).toBe(60);
    const dates = [...first.body.result.results, ...second.body.result.results].map((d) => d.metadata_modified);
    expect(dates).toEqual([...dates].sort().reverse());

    const formats = await call<PackageSearch>('/api/3/action/package_search?fq=res_format:XLSX&rows=100');
    expect(formats.body.result.results.every((d) => d.resources.some((r) => r.format === 'XLSX'))).toBe(true);

    const bad = await call('/api/3/action/package_search?fq=colour:red');
    expect(bad.status).toBe(409);
    expect(bad.body.error?.__type).toBe('Validation Error');
  });

  it('takes POST with a JSON body, and answers on /api/action/ too', async () => {
    const r = await call<PackageSearch>('/api/action/package_search', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ q: 'chợ', rows: 1 }) });
    expect(r.body.result.results).toHaveLength(1);
    const broken = await call('/api/3/action/package_show', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{not json' });
    expect(broken.status).toBe(400);
  });
});
