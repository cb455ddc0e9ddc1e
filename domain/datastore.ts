// CKAN's DataStore read actions (datastore_search, datastore_info) over the Data API, as pure
// functions: CKAN's parameters read into a query spec (domain/data-query.ts), and the answer in the
// shape CKAN 2.10/2.11 gives it (records, fields, total, _links), so scripts written for a CKAN
// portal's DataStore keep working. `_id` is the row number the ingest gives each row. No SQL action.
import Papa from 'papaparse';
import { CkanError, invalid } from './ckan-query.ts';
import { checkSpec, emptySpec, parseSort, QueryError, ROW_COLUMN, MAX_PAGE_ROWS, type DataColumn, type DataColumnType, type DataManifestEntry, type QuerySpec } from './data-query.ts';
import type { DataField } from '../catalog-schema/generated/types.ts';

/** CKAN's names of the column types (PostgreSQL's, as the DataStore reports them). */
export const ckanType: Record<DataColumnType, string> = { integer: 'int', number: 'numeric', string: 'text', boolean: 'bool', date: 'date', datetime: 'timestamp' };

export type RecordsFormat = 'objects' | 'lists' | 'csv' | 'tsv';

export interface DatastoreRequest {
  resourceId: string;
  spec: QuerySpec;
  includeTotal: boolean;
  recordsFormat: RecordsFormat;
  /** The parameters CKAN repeats in its answer when they were given. */
  echo: Record<string, unknown>;
}

const CKAN_DEFAULT_LIMIT = 100;

const fromCkan = (name: string) => (name === '_id' ? ROW_COLUMN : name);
const toCkan = (name: string) => (name === ROW_COLUMN ? '_id' : name);

/** Problems of the query spec as CKAN's 409 Validation Error: the messages under each parameter. */
export function ckanValidation(err: QueryError): CkanError {
  const fields: Record<string, string[]> = {};
  for (const p of err.problems) (fields[p.field] ??= []).push(`${p.message_vi} / ${p.message_en}`.replace(/__row/g, '_id'));
  const names = Object.keys(fields).join(', ');
  return invalid(`Tham số không hợp lệ: ${names} / Invalid parameters: ${names}`, fields);
}

const bad = (field: string, vi: string, en: string) => invalid(`Tham số không hợp lệ: ${field} / Invalid parameters: ${field}`, { [field]: [`${vi} / ${en}`] });

/** A list parameter as CKAN takes it: a JSON list, a comma-separated text, or a list. */
function names(v: unknown, field: string): string[] {
  if (v === undefined) return [];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v;
  if (typeof v === 'string')
    return v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  throw bad(field, 'Phải là danh sách tên cột', 'Must be a list of column names');
}

/** A JSON text (as a query string carries objects) read as CKAN's convert_to_json_if_string does. */
function jsonIfString(v: unknown, field: string): unknown {
  if (typeof v !== 'string') return v;
  const t = v.trim();
  if (!t.startsWith('{') && !t.startsWith('[')) return v;
  try {
    return JSON.parse(t) as unknown;
  } catch {
    throw bad(field, 'Không đọc được JSON', 'Not valid JSON');
  }
}

const cellText = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v));

/**
 * A datastore_search call (parameters already checked for type by the action's schema) as a query
 * spec over the file's columns. `limit` above the cap is lowered to it, as CKAN lowers it to
 * ckan.datastore.search.rows_max. Throws CkanError 409 for unknown columns and bad values.
 */
export function datastoreSearchRequest(params: Record<string, unknown>, columns: readonly DataColumn[]): DatastoreRequest {
  const id = params.resource_id ?? params.id;
  const resourceId = typeof id === 'string' ? id : '';
  const all: DataColumn[] = [{ name: ROW_COLUMN, type: 'integer' }, ...columns];
  const spec = emptySpec(CKAN_DEFAULT_LIMIT);
  const echo: Record<string, unknown> = {};
  spec.columns = names(jsonIfString(params.fields, 'fields'), 'fields').map(fromCkan);
  const filters = jsonIfString(params.filters, 'filters');
  if (filters !== undefined) {
    if (!filters || typeof filters !== 'object' || Array.isArray(filters)) throw bad('filters', 'Phải là một đối tượng {cột: giá trị}', 'Must be an object {column: value}');
    for (const [column, value] of Object.entries(filters as Record<string, unknown>)) {
      const values = (Array.isArray(value) ? value : [value]).map(cellText);
      spec.filters.push({ column: fromCkan(column), op: values.length === 1 ? 'eq' : 'in', values });
    }
    echo.filters = filters;
  }
  const q = jsonIfString(params.q, 'q');
  if (q !== undefined && q !== '') {
    if (typeof q === 'string') spec.q = q;
    else if (q && typeof q === 'object' && !Array.isArray(q)) {
      for (const [column, text] of Object.entries(q as Record<string, unknown>)) spec.filters.push({ column, op: 'contains', values: [cellText(text)] });
    } else throw bad('q', 'Phải là chuỗi hoặc đối tượng {cột: chữ}', 'Must be a text or an object {column: text}');
    echo.q = q;
  }
  const sort = params.sort;
  if (sort !== undefined) {
    const parts = Array.isArray(sort) ? sort.map(cellText) : [cellText(sort)];
    spec.sort = parts.flatMap(parseSort).map((s) => ({ ...s, column: fromCkan(s.column.replace(/^"(.*)"$/, '$1')) }));
    echo.sort = sort;
  }
  const limit = params.limit === undefined ? CKAN_DEFAULT_LIMIT : Number(params.limit);
  spec.limit = Math.min(limit, MAX_PAGE_ROWS);
  spec.offset = params.offset === undefined ? 0 : Number(params.offset);
  if (params.offset !== undefined) echo.offset = spec.offset;
  spec.distinct = isTrue(params.distinct);
  if (params.distinct !== undefined) echo.distinct = spec.distinct;
  // Records carry their _id unless the caller chose columns (as CKAN), or asked for distinct rows.
  if (!spec.columns.length) spec.columns = spec.distinct ? columns.map((c) => c.name) : all.map((c) => c.name);
  try {
    checkSpec(spec, all);
  } catch (err) {
    if (err instanceof QueryError) throw ckanValidation(err);
    throw err;
  }
  const recordsFormat = (params.records_format as RecordsFormat | undefined) ?? 'objects';
  return { resourceId, spec, includeTotal: params.include_total === undefined ? true : isTrue(params.include_total), recordsFormat, echo };
}

export const isTrue = (v: unknown) => v === true || (typeof v === 'string' && ['true', 'yes', 't', 'y', 'on', '1'].includes(v.toLowerCase()));

/** The `fields` of an answer: id and type, as CKAN lists them. */
export function ckanFields(columns: readonly DataColumn[]): { id: string; type: string }[] {
  return columns.map((c) => ({ id: toCkan(c.name), type: c.name === ROW_COLUMN ? 'int' : ckanType[c.type] }));
}

/** The query string of a call again (for `_links`): objects as JSON, as a CKAN client sends them. */
function linkOf(action: string, params: Record<string, unknown>, offset?: number): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (k === 'offset' || v === undefined) continue;
    q.set(k, typeof v === 'string' ? v : JSON.stringify(v));
  }
  if (offset !== undefined) q.set('offset', String(offset));
  return `/api/3/action/${action}?${q.toString()}`;
}

/** CKAN's datastore_search result. `rows` are records keyed by the spec's columns. */
export function datastoreSearchResult(
  req: DatastoreRequest,
  params: Record<string, unknown>,
  answer: { columns: DataColumn[]; rows: Record<string, unknown>[]; total?: number },
): Record<string, unknown> {
  const fields = ckanFields(answer.columns);
  const keys = answer.columns.map((c) => c.name);
  let records: unknown;
  if (req.recordsFormat === 'lists') records = answer.rows.map((r) => keys.map((k) => r[k] ?? null));
  else if (req.recordsFormat === 'csv' || req.recordsFormat === 'tsv')
    records = Papa.unparse(
      answer.rows.map((r) => keys.map((k) => (r[k] === null || r[k] === undefined ? '' : cellText(r[k])))),
      { delimiter: req.recordsFormat === 'tsv' ? '\t' : ',', newline: '\n' },
    );
  else records = answer.rows.map((r) => Object.fromEntries(keys.map((k) => [toCkan(k), r[k] ?? null])));
  return {
    include_total: req.includeTotal,
    limit: req.spec.limit,
    records_format: req.recordsFormat,
    resource_id: req.resourceId,
    total_estimation_threshold: null,
    ...req.echo,
    records,
    fields,
    _links: { start: linkOf('datastore_search', params), next: linkOf('datastore_search', params, req.spec.offset + req.spec.limit) },
    ...(answer.total !== undefined ? { total: answer.total, total_was_estimated: false } : {}),
  };
}

/** CKAN's datastore_info result: the table's size and its fields with what the data dictionary says of them. */
export function datastoreInfoResult(entry: DataManifestEntry, dictionary: readonly DataField[] | undefined): Record<string, unknown> {
  const byName = new Map((dictionary ?? []).map((f) => [f.name, f]));
  return {
    meta: { id: entry.distribution, count: entry.rows, table_type: 'BASE TABLE', aliases: [] },
    fields: entry.columns.map((c) => {
      const f = byName.get(c.name);
      return {
        id: c.name,
        type: ckanType[c.type],
        schema: { native_type: ckanType[c.type], notnull: false, is_index: false, uniquekey: false },
        ...(f ? { info: { label: f.title.vi ?? '', notes: f.description?.vi ?? '', type_override: '' } } : {}),
      };
    }),
  };
}
