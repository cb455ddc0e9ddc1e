// The rows page: one table's rows searched, sorted and paged on the server, for people without
// JavaScript (/datasets/<id>/rows/<distribution>/ and /en/…). It asks the Data API's engine the same
// question the API answers (lib/data-view.ts builds it, domain/data-query.ts checks it), through the
// same lookup (lib/data-route.ts findTable), so data that is not open is refused here as there.
import { parseApiQuery, type DataColumn, type QueryProblem } from '../../../domain/data-query.ts';
import type { JsonCell } from './data-api.ts';
import { findTable, routeErrorOf, type DataRouteServer, type RouteErrorCode } from './data-route.ts';
import { localePath, type Lang } from './i18n.ts';
import type { Dataset } from './portal.ts';
import { emptyView, pageInfo, rowsParams, viewFromParams, type PageInfo, type RowsView } from './data-view.ts';

export type Distribution = Dataset['distribution'][number];

/** What the rows page shows, and the HTTP status it answers with. */
export interface RowsPageState {
  status: number;
  view: RowsView;
  dataset?: Dataset;
  distribution?: Distribution;
  /** The file's columns, when the Data API has it (the form offers them even when the query was refused). */
  columns: DataColumn[];
  rows: Record<string, JsonCell>[];
  page?: PageInfo;
  /** Why no rows are shown: the query's problems (400), or what is wrong with the file or the engine. */
  problems: QueryProblem[];
  error?: Exclude<RouteErrorCode, 'INVALID'>;
}

/** The rows page of a distribution, with a query string. */
export function rowsPath(lang: Lang, dataset: string, distribution: string, params?: URLSearchParams): string {
  const q = params?.toString();
  return localePath(lang, `/datasets/${encodeURIComponent(dataset)}/rows/${encodeURIComponent(distribution)}/${q ? `?${q}` : ''}`);
}

/** The rows `url` asks for in one file of a dataset; never throws (a failure is a state with its status). */
export async function rowsPageState(datasetId: string, distributionId: string, url: URL, server: DataRouteServer): Promise<RowsPageState> {
  const view = viewFromParams(url.searchParams);
  const portal = server.portal();
  const dataset = portal.datasetById.get(datasetId);
  const distribution = dataset?.distribution.find((x) => x.id === distributionId);
  const state: RowsPageState = { status: 200, view, columns: [], rows: [], problems: [], ...(dataset ? { dataset } : {}), ...(distribution ? { distribution } : {}) };
  try {
    const engine = await server.data();
    const { entry } = findTable(portal, datasetId, distributionId, engine);
    state.columns = entry.columns;
    const req = parseApiQuery(rowsParams(view), entry.columns);
    const answer = await engine.query(entry, req.spec, { includeTotal: true });
    state.rows = answer.rows;
    state.page = pageInfo(view, answer.rows.length, answer.total ?? answer.rows.length);
    return state;
  } catch (err) {
    const e = routeErrorOf(err);
    state.status = e.status;
    if (e.code === 'INVALID') state.problems = e.problems ?? [];
    else state.error = e.code;
    // Nothing about a closed dataset's file is shown, not even its columns.
    if (e.code === 'NOT_OPEN') state.view = emptyView();
    return state;
  }
}
