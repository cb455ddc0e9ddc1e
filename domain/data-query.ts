// Row-level queries over one data file, as pure functions: a query spec checked against the file's
// columns, then one parameterised SQL statement for DuckDB. Column names are only ever taken from the
// file's own list (never from the request) and quoted; every value is a bound parameter, cast to the
// column's type in SQL. The runtime (site/src/lib/data-api.ts) runs the statement on a Parquet file
// written by the ingest (pipeline/data-ingest.ts), which adds a folded copy `<col>__fold` of each
// text column (lowercase, no diacritics) and a row number `__row`.
import { fold } from './vietnamese.ts';

export type DataColumnType = 'integer' | 'number' | 'boolean' | 'date' | 'datetime' | 'string';

export interface DataColumn {
  name: string;
  type: DataColumnType;
}

/** A column's folded copy in the Parquet file, for "contains" without diacritics. */
export const foldColumn = (name: string) => `${name}__fold`;
/** The row number the ingest adds: the order of the file, and the last sort key so pages never overlap. */
export const ROW_COLUMN = '__row';

/** One distribution in the Data API folder (pipeline/data-ingest.ts writes them, the portal server reads them). */
export interface DataManifestEntry {
  dataset: string;
  distribution: string;
  /** The Parquet file's name in the data folder. */
  file: string;
  sha256: string;
  format: string;
  rows: number;
  columns: DataColumn[];
  ingestedAt: string;
}

export interface DataManifest {
  generatedAt: string;
  distributions: Record<string, DataManifestEntry>;
}

/** The manifest's name in the data folder. */
export const MANIFEST_FILE = 'index.json';

export type FilterOp = 'eq' | 'in' | 'gt' | 'gte' | 'lt' | 'lte' | 'contains';
export const filterOps: readonly FilterOp[] = ['eq', 'in', 'gt', 'gte', 'lt', 'lte', 'contains'];

export interface Filter {
  column: string;
  op: FilterOp;
  /** One value for every operator except `in`, which takes up to MAX_IN_VALUES. */
  values: string[];
}

export type AggregateFn = 'count' | 'sum' | 'avg' | 'min' | 'max';
export const aggregateFns: readonly AggregateFn[] = ['count', 'sum', 'avg', 'min', 'max'];

export interface Aggregate {
  fn: AggregateFn;
  /** Absent for count(*). */
  column?: string;
}

export interface QuerySpec {
  /** The columns answered; empty: all of them. */
  columns: string[];
  filters: Filter[];
  /** Words looked for in every text column (diacritics and case ignored), each word in some column. */
  q?: string;
  sort: { column: string; desc: boolean }[];
  limit: number;
  offset: number;
  /** Group keys; with aggregates the answer is one row a group. */
  groupBy: string[];
  aggregates: Aggregate[];
  /** Distinct rows of the chosen columns (CKAN's `distinct`). */
  distinct: boolean;
}

export const MAX_PAGE_ROWS = 1000;
export const MAX_DOWNLOAD_ROWS = 100_000;
export const MAX_OFFSET = 10_000_000;
export const MAX_FILTERS = 20;
export const MAX_IN_VALUES = 100;
export const MAX_GROUP_BY = 3;
export const MAX_AGGREGATES = 10;
export const MAX_SORT = 5;
export const MAX_VALUE_LENGTH = 500;

/** A problem with a request, as data: the parameter, a code, a message in Vietnamese and in English. */
export interface QueryProblem {
  field: string;
  code: string;
  message_vi: string;
  message_en: string;
}

export class QueryError extends Error {
  override name = 'QueryError';
  readonly problems: QueryProblem[];
  constructor(problems: QueryProblem[]) {
    super(problems.map((p) => `${p.field}: ${p.message_en}`).join('; '));
    this.problems = problems;
  }
}

const problem = (field: string, code: string, vi: string, en: string): QueryProblem => ({ field, code, message_vi: vi, message_en: en });

const show = (s: string) => JSON.stringify(s.length > 60 ? `${s.slice(0, 60)}…` : s);

/** Checks a spec against the file's columns and the limits; throws QueryError listing every problem. */
export function checkSpec(spec: QuerySpec, columns: readonly DataColumn[], maxRows = MAX_PAGE_ROWS): QuerySpec {
  const byName = new Map(columns.map((c) => [c.name, c]));
  const out: QueryProblem[] = [];
  const known = (field: string, name: string): DataColumn | undefined => {
    const c = byName.get(name);
    if (!c) out.push(problem(field, 'UNKNOWN_COLUMN', `Không có cột ${show(name)}`, `No column ${show(name)}`));
    return c;
  };
  for (const c of spec.columns) known('fields', c);
  if (spec.filters.length > MAX_FILTERS) out.push(problem('filters', 'TOO_MANY', `Nhiều quá ${MAX_FILTERS} điều kiện lọc`, `More than ${MAX_FILTERS} filters`));
  for (const f of spec.filters) {
    const c = known('filters', f.column);
    if (!filterOps.includes(f.op)) out.push(problem('filters', 'UNKNOWN_OPERATOR', `Không có phép lọc ${show(f.op)}`, `Unknown filter operator ${show(f.op)}`));
    const max = f.op === 'in' ? MAX_IN_VALUES : 1;
    if (f.values.length < 1 || f.values.length > max) out.push(problem('filters', 'VALUE_COUNT', `Cột ${show(f.column)}: cần từ 1 đến ${max} giá trị`, `Column ${show(f.column)}: 1 to ${max} values`));
    for (const v of f.values) {
      if (typeof v !== 'string' || v.length > MAX_VALUE_LENGTH) {
        out.push(problem('filters', 'VALUE_TOO_LONG', `Giá trị dài quá ${MAX_VALUE_LENGTH} ký tự`, `A value is longer than ${MAX_VALUE_LENGTH} characters`));
        continue;
      }
      if (c && f.op !== 'contains' && !valueFits(v, c.type))
        out.push(problem('filters', 'BAD_VALUE', `Cột ${show(c.name)} (${c.type}) không nhận giá trị ${show(v)}`, `Column ${show(c.name)} (${c.type}) does not take the value ${show(v)}`));
    }
    if (c && f.op === 'contains' && c.type !== 'string') out.push(problem('filters', 'NOT_TEXT', `Cột ${show(c.name)} không phải chữ`, `Column ${show(c.name)} is not text`));
  }
  if (spec.q !== undefined && spec.q.length > MAX_VALUE_LENGTH) out.push(problem('q', 'VALUE_TOO_LONG', `Dài quá ${MAX_VALUE_LENGTH} ký tự`, `Longer than ${MAX_VALUE_LENGTH} characters`));
  if (spec.groupBy.length > MAX_GROUP_BY) out.push(problem('group_by', 'TOO_MANY', `Nhóm theo nhiều nhất ${MAX_GROUP_BY} cột`, `At most ${MAX_GROUP_BY} group-by columns`));
  for (const g of spec.groupBy) known('group_by', g);
  if (spec.aggregates.length > MAX_AGGREGATES) out.push(problem('aggregate', 'TOO_MANY', `Nhiều nhất ${MAX_AGGREGATES} phép tổng hợp`, `At most ${MAX_AGGREGATES} aggregates`));
  for (const a of spec.aggregates) {
    if (!aggregateFns.includes(a.fn)) out.push(problem('aggregate', 'UNKNOWN_FUNCTION', `Không có phép tổng hợp ${show(a.fn)}`, `Unknown aggregate ${show(a.fn)}`));
    if (a.column === undefined) {
      if (a.fn !== 'count') out.push(problem('aggregate', 'MISSING_COLUMN', `${a.fn} cần một cột`, `${a.fn} needs a column`));
      continue;
    }
    const c = known('aggregate', a.column);
    if (c && (a.fn === 'sum' || a.fn === 'avg') && c.type !== 'integer' && c.type !== 'number')
      out.push(problem('aggregate', 'NOT_NUMBER', `${a.fn}: cột ${show(c.name)} không phải số`, `${a.fn}: column ${show(c.name)} is not a number`));
  }
  if (spec.aggregates.length && spec.columns.length) out.push(problem('fields', 'WITH_AGGREGATE', 'Khi tổng hợp, chọn cột bằng group_by', 'With aggregates, choose columns with group_by'));
  if (spec.groupBy.length && !spec.aggregates.length) out.push(problem('aggregate', 'MISSING', 'group_by cần ít nhất một phép tổng hợp', 'group_by needs at least one aggregate'));
  if (spec.sort.length > MAX_SORT) out.push(problem('sort', 'TOO_MANY', `Sắp xếp theo nhiều nhất ${MAX_SORT} cột`, `Sort by at most ${MAX_SORT} columns`));
  const grouped = spec.aggregates.length > 0;
  const outputNames = new Set(grouped ? [...spec.groupBy, ...spec.aggregates.map(aggregateName)] : []);
  for (const s of spec.sort) {
    if (grouped) {
      if (!outputNames.has(s.column))
        out.push(problem('sort', 'UNKNOWN_COLUMN', `Chỉ sắp xếp theo cột nhóm hoặc phép tổng hợp, không theo ${show(s.column)}`, `Sort by a group key or an aggregate, not ${show(s.column)}`));
    } else known('sort', s.column);
  }
  if (!Number.isSafeInteger(spec.limit) || spec.limit < 0 || spec.limit > maxRows) out.push(problem('limit', 'OUT_OF_RANGE', `limit phải từ 0 đến ${maxRows}`, `limit must be 0 to ${maxRows}`));
  if (!Number.isSafeInteger(spec.offset) || spec.offset < 0 || spec.offset > MAX_OFFSET)
    out.push(problem('offset', 'OUT_OF_RANGE', `offset phải từ 0 đến ${MAX_OFFSET}`, `offset must be 0 to ${MAX_OFFSET}`));
  if (out.length) throw new QueryError(out);
  return spec;
}

/** The name of an aggregate's column in the answer: `count`, `sum_<col>`, `avg_<col>`… */
export function aggregateName(a: Aggregate): string {
  return a.column === undefined ? a.fn : `${a.fn}_${a.column}`;
}

const patterns: Record<DataColumnType, RegExp> = {
  integer: /^[+-]?\d{1,18}$/,
  number: /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/,
  boolean: /^(true|false)$/i,
  date: /^\d{4}-\d{2}-\d{2}$/,
  datetime: /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/,
  string: /^/,
};

function valueFits(v: string, type: DataColumnType): boolean {
  return patterns[type].test(v);
}

/** DuckDB's type for a column type: what a bound value is cast to before it meets the column. */
export const sqlType: Record<DataColumnType, string> = { integer: 'BIGINT', number: 'DOUBLE', boolean: 'BOOLEAN', date: 'DATE', datetime: 'TIMESTAMP', string: 'VARCHAR' };

/** An identifier in double quotes. Names reach here only from the file's own column list. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A relation name the runtime gives a file (a view over its Parquet): plain lowercase letters, digits and `_`. */
const relationPattern = /^[a-z][a-z0-9_]{0,62}$/;

export interface BuiltQuery {
  sql: string;
  params: string[];
  /** The same rows counted (without sort, limit or offset). */
  countSql: string;
  /** The answer's columns, in order. */
  columns: DataColumn[];
}

/** Words of a search, folded: "Hà  Nội" → ["ha", "noi"]. */
export function foldedWords(q: string): string[] {
  return fold(q.normalize('NFC'))
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 10);
}

/**
 * The SQL of a checked spec over `relation`. Returns the statement, its parameters ($1, $2… in
 * order), the statement counting the same rows, and the answer's columns.
 */
export function buildQuery(spec: QuerySpec, columns: readonly DataColumn[], relation: string): BuiltQuery {
  if (!relationPattern.test(relation)) throw new Error(`not a relation name: ${relation}`);
  // Every file has its row number; callers that offer it (CKAN's _id) check for it themselves.
  const byName = new Map<string, DataColumn>([[ROW_COLUMN, { name: ROW_COLUMN, type: 'integer' }], ...columns.map((c): [string, DataColumn] => [c.name, c])]);
  const col = (name: string): DataColumn => {
    const c = byName.get(name);
    // checkSpec refuses unknown columns first; this guards a caller that skipped it.
    if (!c) throw new QueryError([problem('fields', 'UNKNOWN_COLUMN', `Không có cột ${show(name)}`, `No column ${show(name)}`)]);
    return c;
  };
  const params: string[] = [];
  const bind = (v: string, type: DataColumnType) => {
    params.push(v);
    return type === 'string' ? `$${params.length}` : `CAST($${params.length} AS ${sqlType[type]})`;
  };
  const where: string[] = [];
  for (const f of spec.filters) {
    const c = col(f.column);
    const id = quoteIdent(c.name);
    if (f.op === 'contains') {
      const words = foldedWords(f.values[0]!);
      for (const w of words) where.push(`contains(${quoteIdent(foldColumn(c.name))}, ${bind(w, 'string')})`);
      continue;
    }
    if (f.op === 'in') {
      where.push(`${id} IN (${f.values.map((v) => bind(v, c.type)).join(', ')})`);
      continue;
    }
    const op = { eq: '=', gt: '>', gte: '>=', lt: '<', lte: '<=' }[f.op];
    where.push(`${id} ${op} ${bind(f.values[0]!, c.type)}`);
  }
  const textColumns = columns.filter((c) => c.type === 'string');
  if (spec.q !== undefined && textColumns.length) {
    for (const w of foldedWords(spec.q)) {
      const p = bind(w, 'string');
      where.push(`(${textColumns.map((c) => `contains(${quoteIdent(foldColumn(c.name))}, ${p})`).join(' OR ')})`);
    }
  }
  const whereSql = where.length ? ` WHERE ${where.join(' AND ')}` : '';
  const from = ` FROM ${relation}${whereSql}`;
  let select: string;
  let outColumns: DataColumn[];
  let groupSql = '';
  const order = spec.sort.map((s) => `${quoteIdent(s.column)} ${s.desc ? 'DESC' : 'ASC'} NULLS LAST`);
  if (spec.aggregates.length) {
    const keys = spec.groupBy.map(col);
    const aggs = spec.aggregates.map((a) => {
      const name = aggregateName(a);
      const expr = a.column === undefined ? 'count(*)' : `${a.fn}(${quoteIdent(col(a.column).name)})`;
      const type: DataColumnType = a.fn === 'count' ? 'integer' : a.fn === 'avg' ? 'number' : col(a.column!).type;
      return { sql: `${expr} AS ${quoteIdent(name)}`, column: { name, type } };
    });
    select = [...keys.map((k) => quoteIdent(k.name)), ...aggs.map((a) => a.sql)].join(', ');
    outColumns = [...keys, ...aggs.map((a) => a.column)];
    if (keys.length) groupSql = ` GROUP BY ${keys.map((k) => quoteIdent(k.name)).join(', ')}`;
    // Groups come in a fixed order whatever the sort, so pages of groups never overlap.
    order.push(...keys.map((k) => `${quoteIdent(k.name)} ASC NULLS LAST`));
  } else {
    outColumns = spec.columns.length ? spec.columns.map(col) : [...columns];
    select = `${spec.distinct ? 'DISTINCT ' : ''}${outColumns.map((c) => quoteIdent(c.name)).join(', ')}`;
    if (spec.distinct) order.push(...outColumns.map((c) => `${quoteIdent(c.name)} ASC NULLS LAST`));
    else order.push(quoteIdent(ROW_COLUMN));
  }
  const orderSql = order.length ? ` ORDER BY ${order.join(', ')}` : '';
  const body = `SELECT ${select}${from}${groupSql}`;
  const sql = `${body}${orderSql} LIMIT ${spec.limit} OFFSET ${spec.offset}`;
  const countSql = spec.aggregates.length || spec.distinct ? `SELECT count(*) AS n FROM (${body}) AS t` : `SELECT count(*) AS n${from}`;
  return { sql, params, countSql, columns: outColumns };
}

/** An empty spec: every column, the file's order, the first `limit` rows. */
export function emptySpec(limit = 100): QuerySpec {
  return { columns: [], filters: [], sort: [], limit, offset: 0, groupBy: [], aggregates: [], distinct: false };
}

// ——— the portal's own query string (/api/data/<dataset>/<distribution>) ———

const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** A sort list "a,-b" or CKAN's "a desc, b": column names with a direction. */
export function parseSort(s: string): { column: string; desc: boolean }[] {
  return list(s).map((part) => {
    const m = /^(.*?)\s+(asc|desc)$/i.exec(part);
    if (m) return { column: m[1]!, desc: m[2]!.toLowerCase() === 'desc' };
    return part.startsWith('-') ? { column: part.slice(1), desc: true } : { column: part, desc: false };
  });
}

/** `count`, `sum:col`, `avg:col`…, comma-separated. */
export function parseAggregates(s: string): Aggregate[] {
  return list(s).map((part) => {
    const i = part.indexOf(':');
    return i < 0 ? { fn: part as AggregateFn } : { fn: part.slice(0, i) as AggregateFn, column: part.slice(i + 1) };
  });
}

export type OutputFormat = 'json' | 'csv' | 'xlsx' | 'parquet';
export const outputFormats: readonly OutputFormat[] = ['json', 'csv', 'xlsx', 'parquet'];

export interface ApiRequest {
  spec: QuerySpec;
  format: OutputFormat;
  includeTotal: boolean;
  /** The total a cursor carried from the first page. */
  knownTotal?: number;
}

/** A cursor: the next offset, bound to the query it pages through (a cursor of another query is refused). */
export function makeCursor(spec: QuerySpec, offset: number, total?: number): string {
  // The total rides along: the file never changes under a cursor, so later pages need not count again.
  return Buffer.from(JSON.stringify({ o: offset, k: specKey(spec), ...(total === undefined ? {} : { t: total }) })).toString('base64url');
}

function specKey(spec: QuerySpec): string {
  const { offset: _o, limit: _l, ...rest } = spec;
  let h = 0;
  for (const ch of JSON.stringify(rest)) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return (h >>> 0).toString(36);
}

function readCursor(cursor: string, spec: QuerySpec): { offset: number; total?: number } | undefined {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { o?: unknown; k?: unknown; t?: unknown };
    if (typeof v.o === 'number' && Number.isSafeInteger(v.o) && v.k === specKey(spec)) return { offset: v.o, ...(typeof v.t === 'number' && Number.isSafeInteger(v.t) ? { total: v.t } : {}) };
  } catch {
    // an unreadable cursor is reported below
  }
  return undefined;
}

/** The query string's own parameters; every other name is a column filter. */
export const RESERVED_PARAMS = ['select', 'q', 'sort', 'group_by', 'aggregate', 'limit', 'offset', 'cursor', 'format', 'total', 'distinct'] as const;

const intParam = (v: string | null, fallback: number): number => (v === null || v === '' ? fallback : /^\d{1,16}$/.test(v) ? Number(v) : NaN);

/**
 * The portal's query string: `select=a,b`, `<col>=v` or `<col>.<op>=v` (op: eq, in (repeatable or
 * `|`-separated), gt, gte, lt, lte, contains), `q`, `sort=a,-b`, `group_by=a`, `aggregate=count,sum:b`,
 * `limit`, `offset` or `cursor`, `format`, `total=false`. Reserved names are never read as columns.
 */
export function parseApiQuery(params: URLSearchParams, columns: readonly DataColumn[]): ApiRequest {
  const reserved = new Set<string>(RESERVED_PARAMS);
  const problems: QueryProblem[] = [];
  const formatText = params.get('format') ?? 'json';
  const format = (outputFormats as readonly string[]).includes(formatText) ? (formatText as OutputFormat) : 'json';
  if (format !== formatText)
    problems.push(
      problem('format', 'UNKNOWN_FORMAT', `Không có định dạng ${show(formatText)} (có: ${outputFormats.join(', ')})`, `Unknown format ${show(formatText)} (known: ${outputFormats.join(', ')})`),
    );
  const maxRows = format === 'json' ? MAX_PAGE_ROWS : MAX_DOWNLOAD_ROWS;
  const filters = new Map<string, Filter>();
  const names = new Set(columns.map((c) => c.name));
  for (const [key, value] of params) {
    if (reserved.has(key)) continue;
    const dot = key.lastIndexOf('.');
    const maybeOp = dot > 0 ? key.slice(dot + 1) : '';
    const [column, op] = (filterOps as readonly string[]).includes(maybeOp) && !names.has(key) ? [key.slice(0, dot), maybeOp as FilterOp] : [key, 'eq' as FilterOp];
    const id = `${column}\u0000${op}`;
    const values = op === 'in' ? value.split('|') : [value];
    const had = filters.get(id);
    if (had && op === 'in') had.values.push(...values);
    else if (had) problems.push(problem('filters', 'REPEATED', `Điều kiện ${show(key)} lặp lại`, `Filter ${show(key)} is repeated`));
    else filters.set(id, { column, op, values });
  }
  const limit = intParam(params.get('limit'), 100);
  let offset = intParam(params.get('offset'), 0);
  const spec: QuerySpec = {
    columns: list(params.get('select') ?? ''),
    filters: [...filters.values()],
    q: params.get('q') ?? undefined,
    sort: parseSort(params.get('sort') ?? ''),
    limit,
    offset: 0,
    groupBy: list(params.get('group_by') ?? ''),
    aggregates: parseAggregates(params.get('aggregate') ?? ''),
    distinct: params.get('distinct') === 'true',
  };
  let knownTotal: number | undefined;
  const cursor = params.get('cursor');
  if (cursor !== null) {
    const at = readCursor(cursor, spec);
    if (at === undefined) problems.push(problem('cursor', 'BAD_CURSOR', 'Con trỏ không hợp lệ hoặc của truy vấn khác', 'The cursor is not valid or belongs to another query'));
    else {
      offset = at.offset;
      knownTotal = at.total;
    }
  }
  spec.offset = offset;
  try {
    checkSpec(spec, columns, maxRows);
  } catch (err) {
    if (!(err instanceof QueryError)) throw err;
    problems.push(...err.problems);
  }
  if (problems.length) throw new QueryError(problems);
  return { spec, format, includeTotal: params.get('total') !== 'false', ...(knownTotal === undefined ? {} : { knownTotal }) };
}
