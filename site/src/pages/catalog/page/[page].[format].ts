// Page N of the catalog in DCAT-AP, answered by the renderer (site/src/lib/dcat-route.ts); a full build writes the files.
import type { APIRoute } from 'astro';
import { dcatResponse } from '../../../lib/dcat-route.ts';

export const getStaticPaths = () => [];
// /catalog/page/1.ttl is not a page: the first one is /catalog.ttl.
export const GET: APIRoute = ({ params, site }) =>
  /^[1-9]\d*$/.test(params.page ?? '') && params.page !== '1' ? dcatResponse({ kind: 'catalog', page: Number(params.page) }, params.format, site) : new Response(null, { status: 404 });
