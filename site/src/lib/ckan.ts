// A CKAN-compatible read API (CKAN 2.10 action API shapes), so apps built on the city's previous
// CKAN portal keep working: package_list, package_show, package_search, organization_list,
// organization_show, group_list, group_show, tag_list, status_show. Pure functions over the catalog
// snapshot, and the route's request handling (parameters checked against a schema per action, a
// capped body); package_search asks Meilisearch through the caller.
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { facets as facetSpecs, type FacetName } from '../../../domain/facets.ts';
import { CkanError, invalid, notFound, parseSolrQuery, tagName } from '../../../domain/ckan-query.ts';
import { termInfo, text, term } from './i18n.ts';
import { plainText } from '../../../domain/markdown.ts';
import { datasetsOfAgent, datasetsOfTheme, lastUpdate, paths, servicesOfDataset, type Dataset, type Portal } from './portal.ts';
import { filesPublic } from '../../../domain/visibility.ts';
import { datastoreInfoResult, datastoreSearchRequest, datastoreSearchResult } from '../../../domain/datastore.ts';
import type { DataManifestEntry, QuerySpec } from '../../../domain/data-query.ts';
import { textTiers } from '../../../search/src/query-text.ts';
import type { Agent, Theme } from '../../../catalog-schema/generated/types.ts';

export const CKAN_VERSION = '2.10.4';

const stamp = (date: string | undefined) => (date ? (date.length === 10 ? `${date}T00:00:00` : date.replace(/Z$/, '')) : null);

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

/**
 * The level ckanext-restricted gives a resource only some may use (`restricted`, a JSON text, as that
 * extension stores it): data for government agencies is any organisation's, internal data its own
 * organisation's.
 */
export function restrictedLevel(accessLevel: string): 'public' | 'any_organization' | 'same_organization' {
  return accessLevel === 'public' ? 'public' : accessLevel === 'internal' ? 'same_organization' : 'any_organization';
}

/**
 * The resources of a dataset whose files are not public: one per data-sharing service that serves it,
 * marked restricted as ckanext-restricted marks them, its link the service's page (how to connect),
 * never the data.
 */
function restrictedResources(p: Portal, d: Dataset, abs: (u: string) => string): Record<string, unknown>[] {
  const restricted = JSON.stringify({ level: restrictedLevel(d.accessLevel), allowed_users: '' });
  return servicesOfDataset(p, d.id).map((s, i) => ({
    id: `${d.id}--${s.id}`,
    package_id: d.id,
    name: text(s.title, 'vi'),
    description: text(s.description, 'vi'),
    format: 'API',
    mimetype: null,
    url: abs(paths.service('vi', s.id)),
    size: null,
    hash: '',
    created: stamp(s.issued),
    last_modified: stamp(s.modified),
    metadata_modified: stamp(s.modified ?? s.issued),
    position: i,
    state: 'active',
    url_type: null,
    resource_type: 'api',
    restricted,
    datastore_active: false,
  }));
}

/** Which resources (distribution ids) the DataStore answers for; none when the Data API is off. */
export type DatastoreActive = (distribution: string) => boolean;

const noDatastore: DatastoreActive = () => false;

export function packageDict(p: Portal, d: Dataset, base: string, datastore: DatastoreActive = noDatastore): Record<string, unknown> {
  const org = p.agentById.get(d.publisher);
  const contacts = (d.contactPoint ?? []).map((id) => p.contactById.get(id)).filter((c) => c !== undefined);
  const maintainer = contacts.find((c) => c.role === 'data-officer') ?? contacts[0];
  const author = contacts.find((c) => c.role === 'leader');
  const tags = [...new Set(d.keyword?.vi ?? [])].map((k) => ({ id: tagName(k), name: tagName(k), display_name: tagName(k), state: 'active', vocabulary_id: null }));
  const abs = (u: string) => new URL(u, base).href;
  const open = filesPublic(d);
  const resources = open
    ? d.distribution.map((x, i) => ({
        id: x.id,
        package_id: d.id,
        name: text(x.title, 'vi'),
        description: text(x.description, 'vi'),
        format: ckanFormat(x.format),
        mimetype: x.mediaType ?? (termInfo('FileFormat', x.format)?.mediaType as string | undefined) ?? null,
        url: abs(x.downloadURL ?? x.accessURL),
        size: x.byteSize ?? null,
        hash: x.checksum ? x.checksum.value : '',
        created: stamp(x.issued),
        last_modified: stamp(x.modified),
        metadata_modified: stamp(x.modified ?? x.issued),
        position: i,
        state: 'active',
        url_type: null,
        datastore_active: datastore(x.id),
      }))
    : restrictedResources(p, d, abs);
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
    license_url: d.license ? (termInfo('License', d.license)?.url ?? null) : null,
    isopen: open && !!d.license,
    metadata_created: stamp(d.issued),
    metadata_modified: stamp(lastUpdate(d)),
    owner_org: d.publisher,
    organization: org ? organizationDict(p, org) : null,
    groups: (d.theme ?? [])
      .map((id) => p.themeById.get(id))
      .filter((t) => t !== undefined)
      .map((t) => ({ id: t.id, name: t.id, title: text(t.label, 'vi'), display_name: text(t.label, 'vi'), description: text(t.description, 'vi'), image_display_url: '' })),
    tags,
    num_tags: tags.length,
    resources,
    num_resources: resources.length,
    relationships_as_object: [],
    relationships_as_subject: [],
    // CKAN clients and DCAT harvesters read these keys (ckanext-dcat names); access_rights is the EU
    // access-right URI (PUBLIC, RESTRICTED, NON_PUBLIC), as ckanext-dcat reads dct:accessRights.
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

// ——— parameters ———

/** Names that would reach an object's prototype if used as keys: refused anywhere in a request. */
const forbiddenNames = new Set(['__proto__', 'constructor', 'prototype']);

const MAX_QUERY_LENGTH = 2000;

/** The facet fields package_search answers, with the search attribute behind each. */
const ckanFacetAttribute = new Map<string, string>([
  ['organization', 'agency'],
  ['groups', 'theme'],
  ['tags', 'keywords_vi'],
  ['res_format', 'format'],
  ['license_id', 'license'],
]);

/** CKAN's error for bad parameters: 409, `Validation Error`, the messages under each parameter's name. */
function paramError(fields: Record<string, string[]>): CkanError {
  const names = Object.keys(fields).join(', ');
  return invalid(`Tham số không hợp lệ: ${names} / Invalid parameters: ${names}`, fields);
}

function forbiddenName(name: string): CkanError {
  return invalid(`Tên tham số không được phép: "${name}" / Parameter name not allowed: "${name}"`);
}

const count = (minimum = 0) => ({ type: 'integer', minimum });
// CKAN's boolean_validator: true, "true", "True", "yes", "1"…; anything else is false.
const flag = { type: ['boolean', 'string'], maxLength: 10 };
const identifier = { type: 'string', maxLength: 200 };
const solrQuery = { type: 'string', maxLength: MAX_QUERY_LENGTH };
const listing = { limit: count(), offset: count(), all_fields: flag };

/** The parameters of each action, typed as CKAN 2.10 types them (ckan/logic/schema.py). Others are ignored, as CKAN does. */
const actionParams = new Map<string, Record<string, object>>([
  ['status_show', {}],
  ['package_list', { limit: count(), offset: count() }],
  ['package_show', { id: identifier, name_or_id: identifier, use_default_schema: flag, include_tracking: flag }],
  [
    'package_search',
    {
      q: solrQuery,
      fq: solrQuery,
      fq_list: { type: 'array', items: solrQuery, maxItems: 20 },
      rows: count(),
      start: count(),
      sort: { type: 'string', maxLength: 200 },
      facet: flag,
      'facet.field': { type: 'array', items: { enum: [...ckanFacetAttribute.keys()] }, maxItems: 20 },
      'facet.limit': count(-1),
      'facet.mincount': count(),
      include_private: flag,
      include_drafts: flag,
    },
  ],
  ['organization_list', listing],
  ['organization_show', { id: identifier, include_datasets: flag }],
  ['group_list', listing],
  ['group_show', { id: identifier }],
  ['tag_list', { query: { type: 'string', maxLength: 200 }, all_fields: flag }],
  // ckanext/datastore/logic/schema.py: objects (filters, q as a dict) may come as JSON text in a query string.
  [
    'datastore_search',
    {
      resource_id: identifier,
      id: identifier,
      q: { type: ['string', 'object'], maxLength: MAX_QUERY_LENGTH, maxProperties: 20 },
      filters: { type: ['string', 'object'], maxLength: MAX_QUERY_LENGTH, maxProperties: 20 },
      fields: { type: ['string', 'array'], maxLength: MAX_QUERY_LENGTH, items: { type: 'string', maxLength: 200 }, maxItems: 200 },
      sort: { type: ['string', 'array'], maxLength: 1000, items: { type: 'string', maxLength: 200 }, maxItems: 10 },
      limit: count(),
      offset: count(),
      distinct: flag,
      include_total: flag,
      plain: flag,
      language: { type: 'string', maxLength: 20 },
      records_format: { enum: ['objects', 'lists', 'csv', 'tsv'] },
    },
  ],
  ['datastore_info', { id: identifier, resource_id: identifier }],
]);

// Numbers and booleans arrive as text in query strings and as JSON types in bodies: coercion reads
// both, as CKAN's validators do. Arrays are never coerced, so a repeated fq is an error, not a guess.
const ajv = new Ajv2020({ strict: true, allErrors: true, verbose: true, coerceTypes: true, allowUnionTypes: true });
const validators = new Map<string, ValidateFunction>();

function validatorOf(action: string): ValidateFunction | undefined {
  let v = validators.get(action);
  if (!v) {
    const properties = actionParams.get(action);
    if (!properties) return undefined;
    v = ajv.compile({ type: 'object', properties, propertyNames: { not: { enum: [...forbiddenNames] } } });
    validators.set(action, v);
  }
  return v;
}

function paramMessage(e: ErrorObject): string {
  const limit = String((e.params as { limit?: number }).limit);
  switch (e.keyword) {
    case 'type': {
      const type = String((e.params as { type: string }).type);
      if (type === 'integer') return 'Phải là số nguyên / Invalid integer';
      if (type === 'string') return 'Phải là một chuỗi ký tự / Must be a string';
      if (type === 'array') return 'Phải là một danh sách / Must be a list';
      return 'Phải là true hoặc false / Must be true or false';
    }
    case 'minimum':
      return `Phải từ ${limit} trở lên / Must be ${limit} or more`;
    case 'maxLength':
      return `Dài quá ${limit} ký tự / Longer than ${limit} characters`;
    case 'maxItems':
      return `Nhiều quá ${limit} mục / More than ${limit} items`;
    case 'maxProperties':
      return `Nhiều quá ${limit} mục / More than ${limit} items`;
    case 'enum': {
      const known = (e.params as { allowedValues: string[] }).allowedValues.join(', ');
      if (e.instancePath === '/records_format') return `Không có định dạng "${String(e.data)}" (có: ${known}) / Unknown records_format "${String(e.data)}" (known: ${known})`;
      return `Không có trường thống kê "${String(e.data)}" (có: ${known}) / Unknown facet field "${String(e.data)}" (known: ${known})`;
    }
    default:
      return `Giá trị không hợp lệ / Invalid value (${e.keyword})`;
  }
}

const isTrue = (v: unknown) => v === true || (typeof v === 'string' && ['true', 'yes', 't', 'y', 'on', '1'].includes(v.toLowerCase()));

/**
 * An action's parameters checked against its schema: a copy without a prototype, numbers and
 * booleans converted, null taken as missing (CKAN's ignore_missing). Throws CkanError: 400 for an
 * unknown action, 409 Validation Error for bad values.
 */
export function checkParams(action: string, params: Record<string, unknown>): Record<string, unknown> {
  const validate = validatorOf(action);
  if (!validate) throw new CkanError(400, 'Bad request - Action name not known', `Không có thao tác này / Action name not known: ${action}`);
  const out = Object.create(null) as Record<string, unknown>;
  for (const [k, v] of Object.entries(params)) {
    if (forbiddenNames.has(k)) throw forbiddenName(k);
    if (v !== null && v !== undefined) out[k] = v;
  }
  // CKAN's convert_to_json_if_string: facet.field is a JSON list, in a query string as text.
  const facetField = out['facet.field'];
  if (typeof facetField === 'string') {
    try {
      out['facet.field'] = JSON.parse(facetField) as unknown;
    } catch {
      throw paramError({ 'facet.field': ['Không đọc được danh sách JSON, ví dụ ["organization","tags"] / facet.field must be a JSON list, e.g. ["organization","tags"]'] });
    }
  }
  if (!validate(out)) {
    const fields: Record<string, string[]> = {};
    for (const e of validate.errors ?? []) {
      if (e.keyword === 'not' || e.keyword === 'propertyNames') continue;
      const name = (e.instancePath.split('/')[1] ?? '').replace(/~1/g, '/').replace(/~0/g, '~');
      const list = (fields[name] ??= []);
      const message = paramMessage(e);
      if (!list.includes(message)) list.push(message);
    }
    throw paramError(fields);
  }
  return out;
}

// ——— package_search ———

const sortMap = new Map<string, string | undefined>([
  ['score desc', undefined],
  ['metadata_modified desc', 'modified:desc'],
  ['metadata_modified asc', 'modified:asc'],
  ['metadata_created desc', 'issued:desc'],
  ['metadata_created asc', 'issued:asc'],
  ['title_string asc', 'title_sort:asc'],
  ['title_string desc', 'title_sort:desc'],
  ['name asc', 'title_sort:asc'],
  ['name desc', 'title_sort:desc'],
]);

export interface PackageSearchParams {
  q?: string | number;
  fq?: string;
  fq_list?: string[];
  rows?: string | number;
  start?: string | number;
  sort?: string;
  'facet.field'?: string | string[];
  'facet.limit'?: string | number;
  facet?: string | boolean;
}

/** The Meilisearch request for a package_search call. Throws CkanError (409) for bad parameters. */
export function packageSearchRequest(params: PackageSearchParams | Record<string, unknown>): {
  body: Record<string, unknown>;
  fallbacks: Record<string, unknown>[];
  facetFields: string[];
  facetLimit: number;
  sort: string;
} {
  const p = checkParams('package_search', params as Record<string, unknown>);
  // CKAN caps rows at ckan.search.rows_max (1000) rather than refusing more; offsets past the last
  // result answer an empty page.
  const rows = Math.min((p.rows as number | undefined) ?? 10, 1000);
  const start = Math.min((p.start as number | undefined) ?? 0, 100_000);
  const facetLimit = Math.min((p['facet.limit'] as number | undefined) ?? 50, 1000);
  const q = parseSolrQuery(p.q as string | undefined, 'q');
  const filters = [...q.filters];
  for (const [param, fq] of [['fq', p.fq] as const, ...((p.fq_list as string[] | undefined) ?? []).map((x) => ['fq_list', x] as const)]) {
    if (fq === undefined) continue;
    const parsed = parseSolrQuery(fq as string, param);
    if (parsed.text)
      throw invalid(`Truy vấn không hợp lệ: ${param} chỉ nhận điều kiện trường:giá trị / Search Query is invalid: ${param} takes field:value terms only ("${parsed.text}")`, {
        [param]: ['Chỉ nhận điều kiện trường:giá trị / field:value terms only'],
      });
    filters.push(...parsed.filters);
  }
  const sortText = (p.sort as string | undefined) ?? 'score desc, metadata_modified desc';
  const sortKey = sortText.split(',')[0]!.trim().replace(/\s+/g, ' ');
  if (!sortMap.has(sortKey)) {
    const known = [...sortMap.keys()].join(', ');
    throw paramError({ sort: [`Không sắp xếp được theo "${sortKey}" (có: ${known}) / Invalid sort "${sortKey}" (known: ${known})`] });
  }
  const sort = sortMap.get(sortKey);
  const fields = p.facet === undefined || isTrue(p.facet) ? ((p['facet.field'] as string[] | undefined) ?? []) : [];
  // The words are asked as the search page asks them, strictest first (search/src/query-text.ts).
  const [first, ...rest] = textTiers(q.text).map((t) => ({ q: t.q, matchingStrategy: t.matchingStrategy }));
  return {
    fallbacks: rest,
    body: {
      ...first,
      filter: filters,
      offset: start,
      limit: rows,
      ...(sort ? { sort: [sort] } : {}),
      ...(fields.length ? { facets: fields.map((f) => ckanFacetAttribute.get(f)!) } : {}),
      attributesToRetrieve: ['id'],
    },
    facetFields: fields,
    facetLimit,
    sort: sortText,
  };
}

export interface MeiliAnswer {
  hits: { id: string }[];
  estimatedTotalHits?: number;
  totalHits?: number;
  facetDistribution?: Record<string, Record<string, number>>;
}

/** CKAN's package_search result from Meilisearch's answer. */
export function packageSearchResult(p: Portal, base: string, req: ReturnType<typeof packageSearchRequest>, res: MeiliAnswer, datastore: DatastoreActive = noDatastore): Record<string, unknown> {
  const results = res.hits
    .map((h) => p.datasetById.get(h.id))
    .filter((d) => d !== undefined)
    .map((d) => packageDict(p, d, base, datastore));
  const facetsOut: Record<string, Record<string, number>> = {};
  const searchFacets: Record<string, unknown> = {};
  for (const f of req.facetFields) {
    const attr = ckanFacetAttribute.get(f)!;
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
  if (Object.hasOwn(facetSpecs, attr)) {
    const spec = facetSpecs[attr as FacetName].labels;
    if ('vocabulary' in spec) return term(spec.vocabulary, v, 'vi');
  }
  return attr === 'format' ? ckanFormat(v) : v;
}

// ——— the other actions ———

function requireId(params: Record<string, unknown>): string {
  const id = params.id ?? params.name_or_id;
  if (typeof id !== 'string' || !id) throw paramError({ id: ['Thiếu giá trị / Missing value'] });
  return id;
}

function listParams(params: Record<string, unknown>): { limit?: number; offset: number; allFields: boolean } {
  return {
    limit: params.limit === undefined ? undefined : Math.min(params.limit as number, 1000),
    offset: Math.min((params.offset as number | undefined) ?? 0, 1_000_000),
    allFields: isTrue(params.all_fields),
  };
}

function page<T>(list: T[], { limit, offset }: { limit?: number; offset: number }): T[] {
  return list.slice(offset, limit === undefined ? undefined : offset + limit);
}

/** Every action except package_search (which needs Meilisearch). Throws CkanError. */
export function ckanAction(p: Portal, base: string, action: string, raw: Record<string, unknown>, datastore: DatastoreActive = noDatastore): unknown {
  const params = checkParams(action, raw);
  switch (action) {
    case 'status_show':
      return {
        ckan_version: CKAN_VERSION,
        site_title: text(p.snapshot.catalog.title, 'vi'),
        site_description: plainText(text(p.snapshot.catalog.description, 'vi')),
        site_url: base.replace(/\/+$/, ''),
        error_emails_to: null,
        locale_default: 'vi',
        extensions: ['dcat', 'scheming_datasets'],
      };
    case 'package_list':
      return page(p.datasets.map((d) => d.id).sort(), listParams(params));
    case 'package_show': {
      const d = p.datasetById.get(requireId(params));
      if (!d) throw notFound();
      return packageDict(p, d, base, datastore);
    }
    case 'organization_list': {
      const lp = listParams(params);
      const orgs = p.agents.filter((a) => datasetsOfAgent(p, a.id).length > 0 || p.services.some((s) => s.publisher === a.id));
      return page(orgs, lp).map((a) => (lp.allFields ? organizationDict(p, a, { withCount: true }) : a.id));
    }
    case 'organization_show': {
      const a = p.agentById.get(requireId(params));
      if (!a) throw notFound();
      return { ...organizationDict(p, a, { withCount: true }), ...(isTrue(params.include_datasets) ? { packages: datasetsOfAgent(p, a.id).map((d) => packageDict(p, d, base, datastore)) } : {}) };
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
      // checkParams knows every action; this answers one added there and not here.
      throw new CkanError(400, 'Bad request - Action name not known', `Không có thao tác này / Action name not known: ${action}`);
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

// ——— the HTTP route ———

/** The largest request body read: a CKAN call fits in a few kilobytes. */
export const MAX_BODY_BYTES = 1024 * 1024;

const tooLarge = (max: number) => new CkanError(413, 'Request Entity Too Large', `Nội dung yêu cầu lớn quá ${max} byte / The request body is larger than ${max} bytes`);
const unreadable = (vi: string, en: string) => new CkanError(400, 'Bad request', `Không đọc được nội dung yêu cầu: ${vi} / The request body cannot be read: ${en}`);

/**
 * The body of a request, at most `max` bytes. A Content-Length over the cap is refused before
 * anything is read; a body without one (chunked) is read until the first chunk past the cap, and
 * the rest is never pulled from the client.
 */
export async function readBody(request: Request, max = MAX_BODY_BYTES): Promise<Uint8Array<ArrayBuffer>> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > max) throw tooLarge(max);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(max);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** Query or form pairs into params: a repeated name gives a list (which no scalar parameter accepts); an empty value is no value. */
function addPairs(out: Record<string, unknown>, pairs: Iterable<[string, string]>): void {
  for (const [k, v] of pairs) {
    if (forbiddenNames.has(k)) throw forbiddenName(k);
    if (v === '') continue;
    const had = out[k];
    out[k] = had === undefined ? v : Array.isArray(had) ? [...(had as unknown[]), v] : [had, v];
  }
}

/** JSON whose keys never reach a prototype: any __proto__, constructor or prototype key, at any depth, is refused. */
function parseJsonBody(text: string): Record<string, unknown> {
  let body: unknown;
  try {
    body = JSON.parse(text, (key, value: unknown) => {
      if (forbiddenNames.has(key)) throw forbiddenName(key);
      return value;
    });
  } catch (err) {
    if (err instanceof CkanError) throw err;
    throw unreadable('JSON không hợp lệ', 'not valid JSON');
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw unreadable('phải là một đối tượng JSON', 'it must be a JSON object');
  return body as Record<string, unknown>;
}

/** The parameters of a call: the query string, then the body of a POST (form fields, or JSON whatever its type says, as CKAN reads it). */
export async function requestParams(request: Request, url: URL, maxBody = MAX_BODY_BYTES): Promise<Record<string, unknown>> {
  const out = Object.create(null) as Record<string, unknown>;
  addPairs(out, url.searchParams);
  if (request.method !== 'POST') return out;
  const type = request.headers.get('content-type') ?? '';
  const bytes = await readBody(request, maxBody);
  if (/^multipart\/form-data/i.test(type)) {
    let form: FormData;
    try {
      form = await new Response(bytes, { headers: { 'Content-Type': type } }).formData();
    } catch {
      throw unreadable('biểu mẫu không hợp lệ', 'not a valid form');
    }
    addPairs(
      out,
      [...form].filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
    return out;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw unreadable('không phải UTF-8', 'not UTF-8');
  }
  if (/^application\/x-www-form-urlencoded/i.test(type)) addPairs(out, new URLSearchParams(text));
  else if (text.trim()) for (const [k, v] of Object.entries(parseJsonBody(text))) out[k] = v;
  return out;
}

/** What the route needs from the server: the catalog, and a search of the datasets index. */
export interface CkanServer {
  portal: () => Portal;
  search: (body: Record<string, unknown>) => Promise<{ ok: true; res: MeiliAnswer } | { ok: false; reason: string }>;
  /** The Data API's engine (site/src/lib/data-api.ts); without it the DataStore actions answer 503. */
  data?: () => Promise<DataStoreAccess>;
  maxBodyBytes?: number;
}

/** What the DataStore actions need of the Data API's engine. */
export interface DataStoreAccess {
  entry: (distribution: string) => DataManifestEntry | undefined;
  query: (entry: DataManifestEntry, spec: QuerySpec, o: { includeTotal: boolean }) => Promise<{ columns: DataManifestEntry['columns']; rows: Record<string, unknown>[]; total?: number }>;
}

/** Errors of the engine (time limit, engine down) as CKAN errors; anything else is left to the caller. */
export function dataErrorToCkan(err: unknown): CkanError | undefined {
  const code = (err as { name?: string; code?: string }).name === 'DataApiError' ? (err as { code: string }).code : undefined;
  if (code === 'TIMEOUT')
    return new CkanError(409, 'Validation Error', 'Truy vấn chạy quá thời gian cho phép; hãy lọc bớt / The query ran over its time limit; filter it further', { query: ['timeout'] });
  if (code === 'UNAVAILABLE') return new CkanError(503, 'Service Unavailable', 'API dữ liệu tạm thời không hoạt động / The Data API is temporarily unavailable');
  return undefined;
}

/**
 * The open, ingested file of a resource (a distribution id). Not found when no such resource or it
 * is not in the DataStore; an Authorization Error when its dataset is not open data, as CKAN answers
 * a private resource to an anonymous caller.
 */
export function datastoreEntry(p: Portal, data: DataStoreAccess, resourceId: string): { entry: DataManifestEntry; dataset: Dataset } {
  const dataset = p.datasets.find((d) => d.distribution.some((x) => x.id === resourceId));
  if (!dataset) throw notFound(`Không tìm thấy tài nguyên "${resourceId}" / Not found: Resource "${resourceId}" was not found.`);
  if (!filesPublic(dataset)) throw new CkanError(403, 'Authorization Error', `Không có quyền đọc tài nguyên "${resourceId}" / Access denied: not authorized to read resource ${resourceId}`);
  const entry = data.entry(resourceId);
  if (!entry || entry.dataset !== dataset.id) throw notFound(`Tài nguyên "${resourceId}" chưa có trong DataStore / Not found: Resource "${resourceId}" is not in the DataStore.`);
  return { entry, dataset };
}

/** Whether the DataStore answers for a resource (its file is in the Data API); all false when the engine is off or down. */
async function datastoreActive(server: CkanServer): Promise<DatastoreActive> {
  if (!server.data) return noDatastore;
  try {
    const data = await server.data();
    return (id) => data.entry(id) !== undefined;
  } catch {
    return noDatastore;
  }
}

async function datastoreAction(server: CkanServer, action: string, raw: Record<string, unknown>): Promise<unknown> {
  const params = checkParams(action, raw);
  if (!server.data) throw new CkanError(503, 'Service Unavailable', 'API dữ liệu chưa bật / The Data API is not enabled');
  const data = await server.data();
  const given = params.resource_id ?? params.id;
  const id = typeof given === 'string' ? given : '';
  if (!id) throw paramError({ resource_id: ['Thiếu giá trị / Missing value'] });
  const { entry, dataset } = datastoreEntry(server.portal(), data, id);
  if (action === 'datastore_info') return datastoreInfoResult(entry, dataset.dataDictionary);
  const req = datastoreSearchRequest(params, entry.columns);
  const answer = await data.query(entry, req.spec, { includeTotal: req.includeTotal });
  return datastoreSearchResult(req, params, answer);
}

/** One call of the action API (GET with query parameters, POST with a JSON or form body), answered in CKAN's shape. */
export async function ckanResponse(action: string, request: Request, url: URL, base: string, server: CkanServer): Promise<Response> {
  let outcome: { result: unknown } | { error: CkanError };
  try {
    if (!actionParams.has(action)) throw new CkanError(400, 'Bad request - Action name not known', `Không có thao tác này / Action name not known: ${action}`);
    const params = await requestParams(request, url, server.maxBodyBytes);
    if (action === 'package_search') {
      const req = packageSearchRequest(params);
      let r = await server.search(req.body);
      for (const next of req.fallbacks) {
        if (!r.ok || (r.res.estimatedTotalHits ?? r.res.totalHits ?? 0) > 0) break;
        r = await server.search({ ...req.body, ...next });
      }
      if (!r.ok) {
        console.error(`[ckan] ${r.reason}`);
        throw new CkanError(503, 'Search Error', 'Tìm kiếm tạm thời không hoạt động / search is temporarily unavailable');
      }
      outcome = { result: packageSearchResult(server.portal(), base, req, r.res, await datastoreActive(server)) };
    } else if (action === 'datastore_search' || action === 'datastore_info') {
      outcome = { result: await datastoreAction(server, action, params) };
    } else {
      outcome = { result: ckanAction(server.portal(), base, action, params, await datastoreActive(server)) };
    }
  } catch (err) {
    const dataError = dataErrorToCkan(err);
    if (err instanceof CkanError) outcome = { error: err };
    else if (dataError) outcome = { error: dataError };
    else {
      console.error('[ckan]', err);
      outcome = { error: new CkanError(500, 'Internal Server Error', 'Lỗi máy chủ / Internal error') };
    }
  }
  const { status, body } = ckanBody(base, action, outcome);
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      'Content-Type': 'application/json;charset=utf-8',
      'Access-Control-Allow-Origin': '*',
      'Cache-Control': status < 500 ? 'public, max-age=60' : 'no-store',
      // A body left unread past the cap: the client should not send its next request on this connection.
      ...(status === 413 ? { Connection: 'close' } : {}),
    },
  });
}
