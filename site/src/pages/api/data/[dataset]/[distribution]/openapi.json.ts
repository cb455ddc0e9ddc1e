// Server route: the OpenAPI 3 document of one file's Data API, made from its columns and data dictionary.
import type { APIRoute } from 'astro';
import { portalDataEngine } from '../../../../../lib/data-api.ts';
import { dataOpenApiResponse } from '../../../../../lib/data-route.ts';
import { loadPortal } from '../../../../../lib/portal.ts';

export const prerender = false;

export const GET: APIRoute = ({ params, site }) => dataOpenApiResponse(params.dataset ?? '', params.distribution ?? '', site!.href, { portal: () => loadPortal(), data: portalDataEngine });
