// Server route: the Data API of one file (filters, sort, columns, paging, group-by; JSON, CSV, XLSX or Parquet).
import type { APIRoute } from 'astro';
import { portalDataEngine } from '../../../../lib/data-api.ts';
import { dataApiResponse } from '../../../../lib/data-route.ts';
import { loadPortal } from '../../../../lib/portal.ts';

export const prerender = false;

export const GET: APIRoute = ({ params, url }) => dataApiResponse(params.dataset ?? '', params.distribution ?? '', url, { portal: () => loadPortal(), data: portalDataEngine });
