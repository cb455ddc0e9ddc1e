import { describe, expect, it } from 'vitest';
import { CkanError, parseSolrQuery } from '../../domain/ckan-query.ts';
import { ckanAction, ckanBody, packageSearchRequest, packageSearchResult, restrictedLevel } from '../src/lib/ckan.ts';
import { buildPortal } from '../src/lib/portal.ts';
import { seedSnapshot } from '../../pipeline/__tests__/fixtures.ts';

const p = buildPortal(seedSnapshot());
const base = 'https://data.example.gov.vn/';

function error(fn: () => unknown): CkanError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CkanError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('CKAN query syntax', () => {
  it('turns Solr field terms into Meilisearch filters and keeps the free text', () => {
    expect(parseSolrQuery('xe buýt organization:so-xay-dung res_format:CSV tags:"xe buýt"')).toEqual({
      text: 'xe buýt',
      filters: ['agency = "so-xay-dung"', 'format = "csv"', 'keywords_vi = "xe buýt"'],
    });
    expect(parseSolrQuery('-groups:giao-thong').filters).toEqual(['NOT theme = "giao-thong"']);
    expect(parseSolrQuery('*:*')).toEqual({ text: '', filters: [] });
  });

  it('combines field terms with OR, NOT, - and value groups, as Meilisearch filters; free text stays text', () => {
    expect(parseSolrQuery('res_format:(CSV OR XLSX) NOT groups:giao-thong').filters).toEqual(['(format = "csv" OR format = "xlsx")', 'NOT theme = "giao-thong"']);
    expect(parseSolrQuery('organization:so-xay-dung OR organization:so-cong-thuong').filters).toEqual(['agency = "so-xay-dung" OR agency = "so-cong-thuong"']);
    expect(parseSolrQuery('(tags:"xe buýt" OR tags:tàu) AND -(res_format:PDF OR res_format:DOC)').filters).toEqual([
      'keywords_vi = "xe buýt" OR keywords_vi = "tàu"',
      'NOT (format = "pdf" OR format = "doc")',
    ]);
    expect(parseSolrQuery('(chợ "đầu mối") AND tags:chợ')).toEqual({ text: 'chợ "đầu mối"', filters: ['keywords_vi = "chợ"'] });
    expect(parseSolrQuery('tags:"a \\"b\\""').filters).toEqual(['keywords_vi = "a \\"b\\""']);
  });

  it('refuses what it cannot read faithfully instead of guessing a filter', () => {
    for (const q of ['tags:"xe buýt', 'tags:(a OR b', '(tags:a', 'tags:a)', 'tags:', 'tags:a*', 'tags:a OR', 'xe OR tags:a', 'NOT xe', 'tags:(a OR b AND c)', 'a AND']) {
      expect(
        error(() => parseSolrQuery(q)),
        q,
      ).toMatchObject({ status: 409, type: 'Validation Error', detail: { q: [expect.stringContaining(' / ')] } });
    }
    expect(error(() => parseSolrQuery('tags:(a', 'fq')).detail).toEqual({ fq: ['thiếu dấu ) đóng / unclosed ('] });
  });

  it('rejects unknown fields, bad numbers and unknown sorts with a CKAN validation error', () => {
    expect(error(() => parseSolrQuery('colour:red')).status).toBe(409);
    expect(error(() => packageSearchRequest({ rows: 'ten' })).type).toBe('Validation Error');
    expect(error(() => packageSearchRequest({ sort: 'popularity desc' })).detail?.sort).toEqual([expect.stringMatching(/^Không sắp xếp được .* \/ Invalid sort "popularity desc"/)]);
    expect(error(() => packageSearchRequest({ 'facet.field': '["colour"]' })).detail?.['facet.field']).toEqual([expect.stringMatching(/Unknown facet field "colour"/)]);
  });

  it('builds the Meilisearch request from rows, start, sort and facet.field', () => {
    const r = packageSearchRequest({ q: 'chợ', fq: 'organization:so-cong-thuong', rows: 5, start: 10, sort: 'metadata_modified desc', 'facet.field': '["organization","res_format"]' });
    // The words go as the search page sends them: exact diacritics first, then folded (search/src/query-text.ts).
    expect(r.body).toMatchObject({ q: 'chợ zqchowj ', matchingStrategy: 'all', filter: ['agency = "so-cong-thuong"'], offset: 10, limit: 5, sort: ['modified:desc'], facets: ['agency', 'format'] });
    expect(r.fallbacks).toEqual([{ q: 'chợ', matchingStrategy: 'all' }]);
  });

  it('answers with package dicts and CKAN facets from the search answer', () => {
    const req = packageSearchRequest({ 'facet.field': '["res_format"]' });
    const out = packageSearchResult(p, base, req, { hits: [{ id: 'cho-truyen-thong' }], estimatedTotalHits: 1, facetDistribution: { format: { csv: 1, xml: 1 } } }) as {
      count: number;
      results: { name: string }[];
      facets: Record<string, Record<string, number>>;
      search_facets: Record<string, { items: { name: string; count: number }[] }>;
    };
    expect(out.count).toBe(1);
    expect(out.results[0]?.name).toBe('cho-truyen-thong');
    expect(out.facets.res_format).toEqual({ CSV: 1, XML: 1 });
    expect(out.search_facets.res_format?.items[0]).toMatchObject({ name: 'CSV', count: 1 });
  });
});

describe('CKAN actions', () => {
  it('package_show gives CKAN 2.10 fields, resources with absolute URLs', () => {
    const d = ckanAction(p, base, 'package_show', { id: 'cho-truyen-thong' }) as Record<string, unknown> & { resources: { url: string; format: string }[]; organization: { name: string } };
    expect(d).toMatchObject({
      name: 'cho-truyen-thong',
      title: 'Chợ truyền thống và chợ đầu mối',
      owner_org: 'so-cong-thuong',
      license_id: 'cc-by-4.0',
      state: 'active',
      private: false,
      num_resources: 3,
    });
    expect(d.organization.name).toBe('so-cong-thuong');
    expect(d.resources.map((r) => r.format).sort()).toEqual(['CSV', 'XLSX', 'XML']);
    expect(d.resources.every((r) => r.url.startsWith('https://data.example.gov.vn/data/'))).toBe(true);
  });

  it('marks shared and master data as CKAN marks restricted resources: access rights, not open, no file, only the services to ask through', () => {
    type Resource = { url: string; format: string; restricted: string; resource_type: string };
    const d = ckanAction(p, base, 'package_show', { id: 'camera-giam-sat-giao-thong' }) as Record<string, unknown> & { resources: Resource[]; extras: { key: string; value: string }[] };
    // The description is public (a private package would be hidden from anonymous readers).
    expect(d).toMatchObject({ name: 'camera-giam-sat-giao-thong', private: false, isopen: false });
    expect(d.extras).toContainEqual({ key: 'access_rights', value: 'http://publications.europa.eu/resource/authority/access-right/RESTRICTED' });
    expect(d.resources.length).toBeGreaterThan(0);
    expect(d.num_resources).toBe(d.resources.length);
    for (const r of d.resources) {
      expect(r).toMatchObject({ format: 'API', resource_type: 'api' });
      expect(JSON.parse(r.restricted)).toEqual({ level: 'any_organization', allowed_users: '' });
      // The service's page (how to connect), never the data.
      expect(r.url).toMatch(/^https:\/\/data\.example\.gov\.vn\/services\/[a-z0-9-]+\/$/);
    }
    const internal = ckanAction(p, base, 'package_show', { id: 'co-so-du-lieu-dat-dai' }) as { extras: { key: string; value: string }[]; resources: Resource[] };
    expect(internal.extras).toContainEqual({ key: 'access_rights', value: 'http://publications.europa.eu/resource/authority/access-right/NON_PUBLIC' });
    expect(internal.resources.every((r) => (JSON.parse(r.restricted) as { level: string }).level === 'same_organization')).toBe(true);
    // Open data keeps its files, unmarked.
    const open = ckanAction(p, base, 'package_show', { id: 'cho-truyen-thong' }) as { isopen: boolean; resources: Record<string, unknown>[] };
    expect(open.isopen).toBe(true);
    expect(open.resources.every((r) => !('restricted' in r))).toBe(true);
    expect([restrictedLevel('public'), restrictedLevel('agencies'), restrictedLevel('internal')]).toEqual(['public', 'any_organization', 'same_organization']);
    // No resource of any dataset that is not open points at a file.
    for (const x of p.datasets.filter((ds) => ds.accessLevel !== 'public')) {
      const pkg = ckanAction(p, base, 'package_show', { id: x.id }) as { resources: Resource[] };
      expect(
        pkg.resources.every((r) => r.format === 'API' && !r.url.includes('/data/')),
        x.id,
      ).toBe(true);
    }
  });

  it('unknown ids give CKAN not-found errors, missing ids a validation error', () => {
    const e = error(() => ckanAction(p, base, 'package_show', { id: 'khong-co' }));
    expect(ckanBody(base, 'package_show', { error: e })).toEqual({
      status: 404,
      body: { help: 'https://data.example.gov.vn/api/3/action/help_show?name=package_show', success: false, error: { __type: 'Not Found Error', message: 'Not found' } },
    });
    expect(error(() => ckanAction(p, base, 'organization_show', {})).status).toBe(409);
    expect(error(() => ckanAction(p, base, 'no_such_action', {})).status).toBe(400);
  });

  it('lists packages, organizations, groups and tags', () => {
    // 48 open datasets and the 12 shared or master ones whose description is public.
    expect((ckanAction(p, base, 'package_list', {}) as string[]).length).toBe(60);
    expect(ckanAction(p, base, 'package_list', { limit: '2', offset: '1' })).toHaveLength(2);
    expect(ckanAction(p, base, 'organization_list', {})).toContain('so-cong-thuong');
    const orgs = ckanAction(p, base, 'organization_list', { all_fields: 'true' }) as { name: string; package_count: number }[];
    expect(orgs.find((o) => o.name === 'so-cong-thuong')?.package_count).toBeGreaterThan(0);
    expect(ckanAction(p, base, 'group_list', {})).toContain('giao-thong');
    expect(ckanAction(p, base, 'tag_list', { query: 'chợ' })).toContain('chợ truyền thống');
    expect(ckanAction(p, base, 'status_show', {})).toMatchObject({ ckan_version: '2.10.4', locale_default: 'vi' });
  });
});
