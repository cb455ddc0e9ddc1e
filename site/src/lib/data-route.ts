// The Data API's HTTP side: /api/data/<dataset>/<distribution> (rows as JSON, CSV, XLSX or Parquet)
// and /api/data/<dataset>/<distribution>/openapi.json. Only open data (accessLevel public) that the
// ingest loaded is answered; errors have the CKAN action API's shape, in Vietnamese and English.
import Papa from 'papaparse';
import { dataOpenApi } from '../../../domain/data-openapi.ts';
import { makeCursor, parseApiQuery, QueryError, type DataManifestEntry, type QueryProblem } from '../../../domain/data-query.ts';
import { filesPublic } from '../../../domain/visibility.ts';
import type { DataEngine } from './data-api.ts';
import { text } from './i18n.ts';
import type { Dataset, Portal } from './portal.ts';
import { xlsxOf } from './xlsx-write.ts';

export interface DataRouteServer {
  portal: () => Portal;
  data: () => Promise<Pick<DataEngine, 'entry' | 'query' | 'parquet'>>;
}

/** Why a file's rows are not answered; the rows page (lib/data-rows.ts) says each in its own words. */
export type RouteErrorCode = 'NOT_FOUND' | 'NOT_OPEN' | 'NOT_LOADED' | 'INVALID' | 'TIMEOUT' | 'UNAVAILABLE' | 'FAILED';

export class RouteError extends Error {
  override name = 'RouteError';
  readonly status: number;
  readonly type: string;
  readonly code: RouteErrorCode;
  readonly problems?: QueryProblem[];
  constructor(status: number, type: string, code: RouteErrorCode, message: string, problems?: QueryProblem[]) {
    super(message);
    this.status = status;
    this.type = type;
    this.code = code;
    this.problems = problems;
  }
}

const headers = { 'Access-Control-Allow-Origin': '*' };

function errorResponse(e: RouteError): Response {
  return Response.json(
    { success: false, error: { __type: e.type, message: e.message, ...(e.problems ? { problems: e.problems } : {}) } },
    { status: e.status, headers: { ...headers, 'Cache-Control': 'no-store', 'Content-Type': 'application/json;charset=utf-8' } },
  );
}

/** The loaded file of a distribution, if its dataset is open data; else a RouteError (404, or 403 for data that is not open). */
export function findTable(p: Portal, datasetId: string, distributionId: string, engine: Pick<DataEngine, 'entry'>): { dataset: Dataset; entry: DataManifestEntry } {
  const dataset = p.datasetById.get(datasetId);
  const distribution = dataset?.distribution.find((x) => x.id === distributionId);
  if (!dataset || !distribution) throw new RouteError(404, 'Not Found Error', 'NOT_FOUND', `Không tìm thấy tệp "${datasetId}/${distributionId}" / Not found: "${datasetId}/${distributionId}"`);
  if (!filesPublic(dataset)) throw new RouteError(403, 'Authorization Error', 'NOT_OPEN', 'Dữ liệu này không phải dữ liệu mở / Access denied: this is not open data');
  const entry = engine.entry(distributionId);
  if (!entry || entry.dataset !== dataset.id)
    throw new RouteError(
      404,
      'Not Found Error',
      'NOT_LOADED',
      'Tệp này chưa có trong API dữ liệu (chỉ tệp CSV, XLSX, JSON trên Cổng) / Not found: this file is not in the Data API (only CSV, XLSX and JSON files on the portal)',
    );
  return { dataset, entry };
}

/** Any failure of a query as a RouteError (an unexpected one is logged). */
export function routeErrorOf(err: unknown): RouteError {
  if (err instanceof RouteError) return err;
  if (err instanceof QueryError) return new RouteError(400, 'Validation Error', 'INVALID', 'Tham số không hợp lệ / Invalid parameters', err.problems);
  const code = (err as { name?: string; code?: string }).name === 'DataApiError' ? (err as { code: string }).code : undefined;
  if (code === 'TIMEOUT') return new RouteError(503, 'Timeout Error', 'TIMEOUT', 'Truy vấn chạy quá thời gian cho phép; hãy lọc bớt / The query ran over its time limit; filter it further');
  if (code === 'UNAVAILABLE') return new RouteError(503, 'Service Unavailable', 'UNAVAILABLE', 'API dữ liệu tạm thời không hoạt động / The Data API is temporarily unavailable');
  console.error('[data-api]', err);
  return new RouteError(500, 'Internal Server Error', 'FAILED', 'Lỗi máy chủ / Internal error');
}

const cellText = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v));

/** One query of the Data API. */
export async function dataApiResponse(datasetId: string, distributionId: string, url: URL, server: DataRouteServer): Promise<Response> {
  try {
    const engine = await server.data();
    const { entry } = findTable(server.portal(), datasetId, distributionId, engine);
    const req = parseApiQuery(url.searchParams, entry.columns);
    const file = `${distributionId}`;
    if (req.format === 'parquet') {
      const bytes = await engine.parquet(entry, req.spec);
      return new Response(new Uint8Array(bytes), {
        headers: { ...headers, 'Content-Type': 'application/vnd.apache.parquet', 'Content-Disposition': `attachment; filename="${file}.parquet"`, 'Cache-Control': 'public, max-age=60' },
      });
    }
    const counted = await engine.query(entry, req.spec, { includeTotal: req.format === 'json' && req.includeTotal && req.knownTotal === undefined });
    const answer = req.includeTotal && req.knownTotal !== undefined ? { ...counted, total: req.knownTotal } : counted;
    const names = answer.columns.map((c) => c.name);
    if (req.format === 'csv') {
      // A BOM, so spreadsheet programs read the Vietnamese text as UTF-8.
      const csv = `\uFEFF${Papa.unparse({ fields: names, data: answer.rows.map((r) => names.map((n) => cellText(r[n]))) }, { newline: '\r\n' })}`;
      return new Response(csv, {
        headers: { ...headers, 'Content-Type': 'text/csv;charset=utf-8', 'Content-Disposition': `attachment; filename="${file}.csv"`, 'Cache-Control': 'public, max-age=60' },
      });
    }
    if (req.format === 'xlsx') {
      const bytes = xlsxOf(
        names,
        answer.rows.map((r) => names.map((n) => r[n] ?? null)),
      );
      return new Response(new Uint8Array(bytes), {
        headers: {
          ...headers,
          'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          'Content-Disposition': `attachment; filename="${file}.xlsx"`,
          'Cache-Control': 'public, max-age=60',
        },
      });
    }
    const nextOffset = req.spec.offset + answer.rows.length;
    const more = answer.rows.length === req.spec.limit && req.spec.limit > 0 && (answer.total === undefined || nextOffset < answer.total);
    const next = new URL(url);
    next.searchParams.delete('offset');
    next.searchParams.set('cursor', makeCursor(req.spec, nextOffset, answer.total));
    return Response.json(
      {
        success: true,
        dataset: datasetId,
        distribution: distributionId,
        columns: answer.columns,
        rows: answer.rows,
        ...(answer.total !== undefined ? { total: answer.total } : {}),
        limit: req.spec.limit,
        offset: req.spec.offset,
        next: more ? `${next.pathname}${next.search}` : null,
      },
      { headers: { ...headers, 'Cache-Control': 'public, max-age=60' } },
    );
  } catch (err) {
    return errorResponse(routeErrorOf(err));
  }
}

/** The OpenAPI 3 document of one distribution's Data API. */
export async function dataOpenApiResponse(datasetId: string, distributionId: string, base: string, server: DataRouteServer): Promise<Response> {
  try {
    const engine = await server.data();
    const { dataset, entry } = findTable(server.portal(), datasetId, distributionId, engine);
    const x = dataset.distribution.find((d) => d.id === distributionId);
    const doc = dataOpenApi({
      dataset: dataset.id,
      distribution: distributionId,
      title: `${text(dataset.title, 'vi')} — ${text(x?.title, 'vi') || distributionId}`,
      description: text(dataset.description, 'vi'),
      columns: entry.columns,
      dictionary: dataset.dataDictionary,
      base,
    });
    return Response.json(doc, { headers: { ...headers, 'Cache-Control': 'public, max-age=300' } });
  } catch (err) {
    return errorResponse(routeErrorOf(err));
  }
}
