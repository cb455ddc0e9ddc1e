// A CKAN-compatible read API (CKAN 2.10 action API shapes), so apps built on the city's previous
// CKAN portal keep working: package_list, package_show, package_search, organization_list,
// organization_show, group_list, group_show, tag_list, status_show. Pure functions over the catalog
// snapshot; package_search asks Meilisearch through the caller.
import { facets as facetSpecs, type FacetName } from '../../../domain/facets.ts';
import { termInfo, text, term } from './i18n.ts';
import { plainText } from '../../../domain/markdown.ts';
import { datasetsOfAgent, datasetsOfTheme, lastUpdate, type Dataset, type Portal } from './portal.ts';
import type { Agent, Theme } from '../../../catalog-schema/generated/types.ts';

export const CKAN_VERSION = '2.10.4';

export class CkanError extends Error {
  override name = 'CkanError';
  readonly status: number;
  readonly type: string;
  readonly detail?: Record<string, unknown>;
  constructor(status: number, type: string, message: string, detail?: Record<string, unknown>) {
    super(message);
    this.status = status;
    this.type = type;
    this.detail = detail;
  }
}

export const notFound = (what = 'Not found') => new CkanError(404, 'Not Found Error', what);
export const invalid = (message: string, detail?: Record<string, unknown>) => new CkanError(409, 'Validation Error', message, detail);

const stamp = (date: string | undefined) => (date ? (date.length === 10 ? `${date}T00:00:00` : date.replace(/Z$/, '')) : null);

function tagName(k: string): string {
  return k.normalize('NFC');
}

export function organizationDict(p: Portal, a: Agent, { withCount = false } = {}): Record<string, unknown> {
  return {
    id: a.id,
    name: a.id,
    title: text(a.name, 'vi'),
    display_name: text(a.name, 'vi'),
    description: text(a.description, 'vi'),
    image_url: '',
    image_display_url: '',
    created: null,
    is_organization: true,
    approval_status: 'approved',
    state: 'active',
    type: 'organization',
    ...(withCount ? { package_count: datasetsOfAgent(p, a.id).length } : {}),
  };
}

export function groupDict(p: Portal, t: Theme, { withCount = false } = {}): Record<string, unknown> {
  return {
    id: t.id,
    name: t.id,
    title: text(t.label, 'vi'),
    display_name: text(t.label, 'vi'),
    description: text(t.description, 'vi'),
    image_url: '',
    image_display_url: '',
    created: null,
    is_organization: false,
    approval_status: 'approved',
    state: 'active',
    type: 'group',
    ...(withCount ? { package_count: datasetsOfTheme(p, t.id).length } : {}),
  };
}

/** CKAN's name for a file format (upper case, as CKAN users filter on it: CSV, JSON, XLSX). */
export const ckanFormat = (f: string) => f.toUpperCase();

export function packageDict(p: Portal, d: Dataset, base: string): Record<string, unknown> {
  const org = p.agentById.get(d.publisher);
  const contacts = (d.contactPoint ?? []).map((id) => p.contactById.get(id)).filter((c) => c !== undefined);
  const maintainer = contacts.find((c) => c.role === 'data-officer') ?? contacts[0];
  const author = contacts.find((c) => c.role === 'leader');
  const tags = [...new Set(d.keyword?.vi ?? [])].map((k) => ({ id: tagName(k), name: tagName(k), display_name: tagName(k), state: 'active', vocabulary_id: null }));
  const abs = (u: string) => new URL(u, base).href;
  return {
    id: d.id,
    name: d.id,
    title: text(d.title, 'vi'),
    notes: text(d.description, 'vi'),
    type: 'dataset',
    state: 'active',
    private: false,
    url: abs(d.landingPage ?? `/datasets/${d.id}/`),
    version: d.version ?? null,
    author: author?.name ?? (org ? text(org.name, 'vi') : null),
    author_email: author?.email ?? null,
    maintainer: maintainer?.name ?? null,
    maintainer_email: maintainer?.email ?? null,
    license_id: d.license ?? null,
    license_title: d.license ? term('License', d.license, 'en') : null,
    license_url: d.license ? ((termInfo('License', d.license)?.url as string | undefined) ?? null) : null,
    isopen: !!d.license,
    metadata_created: stamp(d.issued),
    metadata_modified: stamp(lastUpdate(d)),
    owner_org: d.publisher,
    organization: org ? organizationDict(p, org) : null,
    groups: (d.theme ?? []).map((id) => p.themeById.get(id)).filter((t) => t !== undefined).map((t) => ({ id: t.id, name: t.id, title: text(t.label, 'vi'), display_name: text(t.label, 'vi'), description: text(t.description, 'vi'), image_display_url: '' })),
    tags,
    num_tags: tags.length,
    resources: d.distribution.map((x, i) => ({
      id: x.id,
      package_id: d.id,
      name: text(x.title, 'vi'),
      description: text(x.description, 'vi'),
      format: ckanFormat(x.format),
      mimetype: x.mediaType ?? ((termInfo('FileFormat', x.format)?.mediaType as string | undefined) ?? null),
      url: abs(x.downloadURL ?? x.accessURL),
      size: x.byteSize ?? null,
      hash: x.checksum ? x.checksum.value : '',
      created: stamp(x.issued),
      last_modified: stamp(x.modified),
      metadata_modified: stamp(x.modified ?? x.issued),
      position: i,
      state: 'active',
      url_type: null,
      datastore_active: false,
    })),
    num_resources: d.distribution.length,
    relationships_as_object: [],
    relationships_as_subject: [],
    // CKAN clients and DCAT harvesters read these keys (ckanext-dcat names).
    extras: [
      { key: 'identifier', value: d.identifier ?? d.id },
      ...(d.accrualPeriodicity ? [{ key: 'frequency', value: (termInfo('Frequency', d.accrualPeriodicity)?.uri as string | undefined) ?? d.accrualPeriodicity }] : []),
      { key: 'access_rights', value: (termInfo('AccessLevel', d.accessLevel)?.uri as string | undefined) ?? d.accessLevel },
      ...(d.temporal?.start ? [{ key: 'temporal_start', value: d.temporal.start }] : []),
      ...(d.temporal?.end ? [{ key: 'temporal_end', value: d.temporal.end }] : []),
      { key: 'language', value: JSON.stringify(d.language ?? ['vi']) },
      { key: 'data_kind', value: d.dataKind.join(',') },
      { key: 'dcat_uri', value: abs(`/datasets/${d.id}`) },
    ],
  };
}

// ——— package_search ———

/** CKAN / Solr field names the portal understands in q and fq, with the search attribute behind each. */
export const ckanFields: Record<string, { attribute: FacetName | 'keywords_vi' | 'id'; value?: (v: string) => string }> = {
  organization: { attribute: 'agency' },
  owner_org: { attribute: 'agency' },
  groups: { attribute: 'theme' },
  tags: { attribute: 'keywords_vi', value: tagName },
  res_format: { attribute: 'format', value: (v) => v.toLowerCase() },
  license_id: { attribute: 'license' },
  name: { attribute: 'id' },
  id: { attribute: 'id' },
};

const ckanFacetAttribute: Record<string, string> = { organization: 'agency', groups: 'theme', tags: 'keywords_vi', res_format: 'format', license_id: 'license' };

export interface ParsedQuery {
  text: string;
  filters: string[];
}

const fieldToken = /(?:^|\s)([+-]?)([a-z_]+):("(?:[^"\\]|\\.)*"|\S+)/g;

/** Splits CKAN's q / fq ("organization:so-xay-dung tags:\"xe buýt\" res_format:CSV") into Meilisearch filters and free text. */
export function parseSolrQuery(input: string | undefined): ParsedQuery {
  const filters: string[] = [];
  const s = (input ?? '').normalize('NFC');
  if (s.trim() === '*:*') return { text: '', filters };
  const rest = s.replace(fieldToken, (_m, sign: string, field: string, raw: string) => {
    const spec = ckanFields[field];
    if (!spec) throw invalid(`Search Query is invalid: unknown field "${field}" (known: ${Object.keys(ckanFields).join(', ')})`);
    let value = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
    value = spec.value ? spec.value(value) : value;
    const expr = `${spec.attribute} = "${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
    filters.push(sign === '-' ? `NOT ${expr}` : expr);
    return ' ';
  });
  return { text: rest.replace(/\b(AND|OR)\b/g, ' ').replace(/[()]/g, ' ').replace(/\s+/g, ' ').trim(), filters };
}

const sortMap: Record<string, string | undefined> = {
  'score desc': undefined,
  'metadata_modified desc': 'modified:desc',
  'metadata_modified asc': 'modified:asc',
  'metadata_created desc': 'issued:desc',
  'metadata_created asc': 'issued:asc',
  'title_string asc': 'title_sort:asc',
  'title_string desc': 'title_sort:desc',
  'name asc': 'title_sort:asc',
  'name desc': 'title_sort:desc',
};

export interface PackageSearchParams {
  q?: string;
  fq?: string;
  rows?: string | number;
  start?: string | number;
  sort?: string;
  'facet.field'?: string | string[];
  'facet.limit'?: string | number;
  facet?: string | boolean;
}

function integer(v: unknown, name: string, def: number, min: number, max: number): number {
  if (v === undefined || v === '') return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw invalid(`Invalid ${name}: must be an integer ≥ ${min}`, { [name]: [`Invalid integer`] });
  return Math.min(n, max);
}

/** The Meilisearch request for a package_search call. */
export function packageSearchRequest(params: PackageSearchParams): { body: Record<string, unknown>; facetFields: string[]; facetLimit: number; sort: string } {
  const rows = integer(params.rows, 'rows', 10, 0, 1000);
  const start = integer(params.start, 'start', 0, 0, 100_000);
  const facetLimit = integer(params['facet.limit'], 'facet.limit', 50, -1, 1000);
  const q = parseSolrQuery(params.q);
  const fq = parseSolrQuery(params.fq);
  if (fq.text) throw invalid(`Search Query is invalid: fq takes field:value terms only ("${fq.text}")`);
  const sortKey = (params.sort ?? 'score desc, metadata_modified desc').split(',')[0]!.trim().replace(/\s+/g, ' ');
  if (!(sortKey in sortMap)) throw invalid(`Invalid sort "${params.sort}" (known: ${Object.keys(sortMap).join(', ')})`);
  const sort = sortMap[sortKey];
  let fields: string[] = [];
  const raw = params['facet.field'];
  if (raw !== undefined) {
    try {
      fields = Array.isArray(raw) ? raw : (JSON.parse(raw) as string[]);
    } catch {
      throw invalid('facet.field must be a JSON list, e.g. ["organization","tags"]');
    }
    for (const f of fields) if (!(f in ckanFacetAttribute)) throw invalid(`Unknown facet field "${f}" (known: ${Object.keys(ckanFacetAttribute).join(', ')})`);
  }
  return {
    body: {
      q: q.text,
      filter: [...q.filters, ...fq.filters],
      offset: start,
      limit: rows,
      ...(sort ? { sort: [sort] } : {}),
      ...(fields.length ? { facets: fields.map((f) => ckanFacetAttribute[f]) } : {}),
      attributesToRetrieve: ['id'],
    },
    facetFields: fields,
    facetLimit,
    sort: params.sort ?? 'score desc, metadata_modified desc',
  };
}

export interface MeiliAnswer {
  hits: { id: string }[];
  estimatedTotalHits?: number;
  totalHits?: number;
  facetDistribution?: Record<string, Record<string, number>>;
}

/** CKAN's package_search result from Meilisearch's answer. */
export function packageSearchResult(p: Portal, base: string, req: ReturnType<typeof packageSearchRequest>, res: MeiliAnswer): Record<string, unknown> {
  const results = res.hits.map((h) => p.datasetById.get(h.id)).filter((d) => d !== undefined).map((d) => packageDict(p, d, base));
  const facetsOut: Record<string, Record<string, number>> = {};
  const searchFacets: Record<string, unknown> = {};
  for (const f of req.facetFields) {
    const attr = ckanFacetAttribute[f]!;
    let entries = Object.entries(res.facetDistribution?.[attr] ?? {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    if (req.facetLimit >= 0) entries = entries.slice(0, req.facetLimit);
    const name = (v: string) => (f === 'res_format' ? ckanFormat(v) : v);
    facetsOut[f] = Object.fromEntries(entries.map(([v, c]) => [name(v), c]));
    searchFacets[f] = {
      title: f,
      items: entries.map(([v, c]) => ({ name: name(v), display_name: displayName(p, attr, v), count: c })),
    };
  }
  return { count: res.estimatedTotalHits ?? res.totalHits ?? results.length, facets: facetsOut, search_facets: searchFacets, results, sort: req.sort };
}

function displayName(p: Portal, attr: string, v: string): string {
  if (attr === 'agency') return text(p.agentById.get(v)?.name, 'vi') || v;
  if (attr === 'theme') return text(p.themeById.get(v)?.label, 'vi') || v;
  if (attr in facetSpecs) {
    const spec = facetSpecs[attr as FacetName].labels;
    if ('vocabulary' in spec) return term(spec.vocabulary, v, 'vi');
  }
  return attr === 'format' ? ckanFormat(v) : v;
}

// ——— the other actions ———

function requireId(params: Record<string, unknown>): string {
  const id = params.id ?? params.name_or_id;
  if (typeof id !== 'string' || !id) throw invalid('Missing value', { id: ['Missing value'] });
  return id;
}

function listParams(params: Record<string, unknown>): { limit?: number; offset: number; allFields: boolean } {
  return {
    limit: params.limit === undefined ? undefined : integer(params.limit, 'limit', 1000, 0, 1000),
    offset: integer(params.offset, 'offset', 0, 0, 1_000_000),
    allFields: params.all_fields === true || params.all_fields === 'true' || params.all_fields === 'True',
  };
}

function page<T>(list: T[], { limit, offset }: { limit?: number; offset: number }): T[] {
  return list.slice(offset, limit === undefined ? undefined : offset + limit);
}

/** Every action except package_search (which needs Meilisearch). Throws CkanError. */
export function ckanAction(p: Portal, base: string, action: string, params: Record<string, unknown>): unknown {
  switch (action) {
    case 'status_show':
      return { ckan_version: CKAN_VERSION, site_title: text(p.snapshot.catalog.title, 'vi'), site_description: plainText(text(p.snapshot.catalog.description, 'vi')), site_url: base.replace(/\/+$/, ''), error_emails_to: null, locale_default: 'vi', extensions: ['dcat', 'scheming_datasets'] };
    case 'package_list':
      return page(p.datasets.map((d) => d.id).sort(), listParams(params));
    case 'package_show': {
      const d = p.datasetById.get(requireId(params));
      if (!d) throw notFound();
      return packageDict(p, d, base);
    }
    case 'organization_list': {
      const lp = listParams(params);
      const orgs = p.agents.filter((a) => datasetsOfAgent(p, a.id).length > 0 || p.services.some((s) => s.publisher === a.id));
      return page(orgs, lp).map((a) => (lp.allFields ? organizationDict(p, a, { withCount: true }) : a.id));
    }
    case 'organization_show': {
      const a = p.agentById.get(requireId(params));
      if (!a) throw notFound();
      const include = params.include_datasets === true || params.include_datasets === 'true' || params.include_datasets === 'True';
      return { ...organizationDict(p, a, { withCount: true }), ...(include ? { packages: datasetsOfAgent(p, a.id).map((d) => packageDict(p, d, base)) } : {}) };
    }
    case 'group_list': {
      const lp = listParams(params);
      return page(p.themes, lp).map((t) => (lp.allFields ? groupDict(p, t, { withCount: true }) : t.id));
    }
    case 'group_show': {
      const t = p.themeById.get(requireId(params));
      if (!t) throw notFound();
      return groupDict(p, t, { withCount: true });
    }
    case 'tag_list': {
      const all = [...new Set(p.datasets.flatMap((d) => (d.keyword?.vi ?? []).map(tagName)))].sort((a, b) => a.localeCompare(b, 'vi'));
      const q = typeof params.query === 'string' ? params.query.normalize('NFC').toLowerCase() : '';
      return q ? all.filter((x) => x.toLowerCase().includes(q)) : all;
    }
    default:
      throw new CkanError(400, 'Bad request - Action name not known', `Action name not known: ${action}`);
  }
}

export function helpUrl(base: string, action: string): string {
  return new URL(`/api/3/action/help_show?name=${encodeURIComponent(action)}`, base).href;
}

export function ckanBody(base: string, action: string, outcome: { result: unknown } | { error: CkanError }): { status: number; body: Record<string, unknown> } {
  if ('result' in outcome) return { status: 200, body: { help: helpUrl(base, action), success: true, result: outcome.result } };
  const e = outcome.error;
  return { status: e.status, body: { help: helpUrl(base, action), success: false, error: { __type: e.type, message: e.message, ...(e.detail ?? {}) } } };
}
