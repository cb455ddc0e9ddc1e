// Hydra pages 2…N of a large catalog (/catalog/page/2.ttl, .jsonld, .rdf); page 1 is /catalog.<ext>.
import type { APIRoute } from 'astro';
import { catalogExport, catalogPageCount, rdfResponse, type RdfFormat } from '../../../lib/exports.ts';
import { loadPortal } from '../../../lib/portal.ts';

export function getStaticPaths() {
  const pages = catalogPageCount(loadPortal().snapshot);
  return Array.from({ length: pages - 1 }, (_, i) => i + 2).flatMap((n) => (['ttl', 'jsonld', 'rdf'] as const).map((ext) => ({ params: { page: `${n}.${ext}` } })));
}

export const GET: APIRoute = async ({ params, site }) => {
  const [n, ext] = (params.page ?? '').split('.') as [string, RdfFormat];
  return rdfResponse(await catalogExport(ext, site!.href, Number(n)), ext);
};
