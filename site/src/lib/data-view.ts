// What someone looking at a table's rows has chosen (a search, a sort, a page, column filters) and the
// Data API query strings that answer it: the page of rows, the same rows to download, and the grouped
// query a chart is drawn from. Shared by the dataset page's preview script (in the browser) and the
// rows page rendered on the server, so both ask the API the same questions. Plain functions, no I/O.
import { aggregateName, MAX_DOWNLOAD_ROWS, MAX_PAGE_ROWS, parseSort, RESERVED_PARAMS, type Aggregate, type AggregateFn, type DataColumnType, type OutputFormat } from '../../../domain/data-query.ts';

/** Rows a page shows unless asked for another number. */
export const PAGE_ROWS = 100;
/** Groups a chart draws at most: more bars than this cannot be read. */
export const CHART_GROUPS = 50;
/** The formats offered as "download these rows" (Parquet stays in the API's documentation). */
export const DOWNLOAD_FORMATS = ['csv', 'xlsx', 'json'] as const satisfies readonly OutputFormat[];
export type DownloadFormat = (typeof DOWNLOAD_FORMATS)[number];

export interface RowsView {
  /** Words looked for in every text column (diacritics and case ignored); empty: none. */
  q: string;
  /** The API's sort, "col" or "-col" (several keys comma-separated); empty: the file's order. */
  sort: string;
  limit: number;
  offset: number;
  /** Column filters as the API takes them (`col`, `col.gte`, `col.contains`…), in the order given. */
  filters: [string, string][];
}

export const emptyView = (limit = PAGE_ROWS): RowsView => ({ q: '', sort: '', limit, offset: 0, filters: [] });

const reserved = new Set<string>(RESERVED_PARAMS);

/** A whole number of the query string; absent or empty: `fallback`; anything else: NaN, which the API's check refuses by name. */
const count = (v: string | null, fallback: number): number => (v === null || v.trim() === '' ? fallback : /^\d{1,16}$/.test(v.trim()) ? Number(v.trim()) : NaN);

/**
 * The view a query string asks for (the rows page's own URL, or the form that leads to it). Only
 * what a page of rows can show is read: a download format, a cursor, columns or group-by are left out.
 */
export function viewFromParams(params: URLSearchParams, limit = PAGE_ROWS): RowsView {
  const filters: [string, string][] = [];
  for (const [k, v] of params) if (!reserved.has(k)) filters.push([k, v]);
  return { q: params.get('q')?.trim() ?? '', sort: params.get('sort')?.trim() ?? '', limit: count(params.get('limit'), limit), offset: count(params.get('offset'), 0), filters };
}

function base(view: RowsView): URLSearchParams {
  const p = new URLSearchParams();
  if (view.q) p.set('q', view.q);
  for (const [k, v] of view.filters) p.append(k, v);
  if (view.sort) p.set('sort', view.sort);
  return p;
}

/** The API query of the view's page of rows (JSON). */
export function rowsParams(view: RowsView): URLSearchParams {
  const p = base(view);
  p.set('limit', String(view.limit));
  if (view.offset !== 0) p.set('offset', String(view.offset));
  return p;
}

/** The view's own address (the rows page): as rowsParams, without the page size when it is the default. */
export function viewParams(view: RowsView, changes: Partial<RowsView> = {}): URLSearchParams {
  const v = { ...view, ...changes };
  const p = base(v);
  if (v.limit !== PAGE_ROWS) p.set('limit', String(v.limit));
  if (v.offset !== 0) p.set('offset', String(v.offset));
  return p;
}

/** Every row the view matches, from the first, in the view's order, in `format` (as many as the API gives in one answer). */
export function downloadParams(view: RowsView, format: DownloadFormat): URLSearchParams {
  const p = base(view);
  p.set('format', format);
  // A JSON answer is one page at most; it links to the next.
  p.set('limit', String(format === 'json' ? MAX_PAGE_ROWS : MAX_DOWNLOAD_ROWS));
  return p;
}

/** The address of a distribution's Data API. */
export const apiPath = (dataset: string, distribution: string) => `/api/data/${encodeURIComponent(dataset)}/${encodeURIComponent(distribution)}`;

/** The first sort key of the view, if any. */
export function sortOf(view: RowsView): { column: string; desc: boolean } | undefined {
  return parseSort(view.sort)[0];
}

/** The sort after choosing `column`: ascending first, descending when it already sorts ascending. */
export function toggleSort(view: RowsView, column: string): string {
  const now = sortOf(view);
  return now?.column === column && !now.desc ? `-${column}` : column;
}

/** The ARIA sort state of a column heading. */
export function ariaSort(view: RowsView, column: string): 'ascending' | 'descending' | 'none' {
  const now = sortOf(view);
  return now?.column !== column ? 'none' : now.desc ? 'descending' : 'ascending';
}

export interface PageInfo {
  /** First and last row shown, counted from 1 (from > to when nothing is shown). */
  from: number;
  to: number;
  total: number;
  page: number;
  pages: number;
  prevOffset?: number;
  nextOffset?: number;
}

/** Where a page of `shown` rows at the view's offset stands among `total` rows. */
export function pageInfo(view: RowsView, shown: number, total: number): PageInfo {
  const size = Math.max(1, view.limit);
  return {
    from: view.offset + 1,
    to: view.offset + shown,
    total,
    page: Math.floor(view.offset / size) + 1,
    pages: Math.max(1, Math.ceil(total / size)),
    ...(view.offset > 0 ? { prevOffset: Math.max(0, view.offset - size) } : {}),
    ...(view.offset + shown < total && shown > 0 ? { nextOffset: view.offset + shown } : {}),
  };
}

// ——— charts of grouped queries ———

export interface ChartColumn {
  name: string;
  type: DataColumnType;
  /** Distinct values in the file (its profile), when known. */
  distinct?: number;
}

const isNumber = (t: DataColumnType) => t === 'integer' || t === 'number';
const isTime = (t: DataColumnType) => t === 'date' || t === 'datetime';

/** The aggregates a chart may show: the row count, and each numeric column's average, sum, minimum and maximum. */
export function aggregateChoices(columns: readonly ChartColumn[]): Aggregate[] {
  const fns: AggregateFn[] = ['avg', 'sum', 'min', 'max'];
  return [{ fn: 'count' }, ...columns.filter((c) => isNumber(c.type)).flatMap((c) => fns.map((fn) => ({ fn, column: c.name })))];
}

/** An aggregate as the API writes it: `count`, `avg:col`. */
export const aggregateParam = (a: Aggregate) => (a.column === undefined ? a.fn : `${a.fn}:${a.column}`);

export interface ChartChoice {
  group: string;
  aggregate: Aggregate;
}

/**
 * The chart first drawn for a table: grouped by its first date column (a line through time), else
 * by the text column with the fewest distinct values (two or more: a column with one value says
 * nothing), else its first column; the average of its first numeric column that is not constant,
 * else the number of rows. An average, not a sum: it reads right for prices and rates as well as
 * for counts, where a sum of prices means nothing.
 */
export function chartChoice(columns: readonly ChartColumn[]): ChartChoice | undefined {
  if (!columns.length) return undefined;
  const varies = (c: ChartColumn) => c.distinct === undefined || c.distinct > 1;
  const time = columns.find((c) => isTime(c.type) && varies(c));
  const texts = columns.filter((c) => c.type === 'string' && varies(c));
  const fewest = [...texts].sort((a, b) => (a.distinct ?? Infinity) - (b.distinct ?? Infinity))[0];
  const group = (time ?? fewest ?? columns[0]!).name;
  const value = columns.find((c) => isNumber(c.type) && varies(c) && c.name !== group);
  return { group, aggregate: value ? { fn: 'avg', column: value.name } : { fn: 'count' } };
}

/** A line through ordered keys (dates), bars for the rest. */
export const chartKind = (groupType: DataColumnType | undefined): 'line' | 'bar' => (groupType && isTime(groupType) ? 'line' : 'bar');

/**
 * The grouped query of a chart over the rows the view matches: ordered keys (dates, numbers) in
 * their order, other groups largest first, CHART_GROUPS of them.
 */
export function chartParams(view: RowsView, choice: ChartChoice, groupType: DataColumnType | undefined): URLSearchParams {
  const p = new URLSearchParams();
  if (view.q) p.set('q', view.q);
  for (const [k, v] of view.filters) p.append(k, v);
  p.set('group_by', choice.group);
  p.set('aggregate', aggregateParam(choice.aggregate));
  const ordered = groupType !== undefined && (isTime(groupType) || isNumber(groupType));
  p.set('sort', ordered ? choice.group : `-${aggregateName(choice.aggregate)}`);
  p.set('limit', String(CHART_GROUPS));
  return p;
}
