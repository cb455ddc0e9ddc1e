// DCAT-AP 3.0.1 description of one service, beside its page.
import type { APIRoute } from 'astro';
import { rdfResponse, resourceExport } from '../../lib/exports.ts';
import { loadPortal } from '../../lib/portal.ts';

export function getStaticPaths() {
  return loadPortal().services.map((x) => ({ params: { id: x.id } }));
}

export const GET: APIRoute = async ({ params, site }) => rdfResponse(await resourceExport('service', params.id!, 'ttl', site!.href), 'ttl');
