// DCAT-AP 3.0.1 description of one dataset, beside its page.
import type { APIRoute } from 'astro';
import { rdfResponse, resourceExport } from '../../lib/exports.ts';
import { routes } from '../../lib/routes.ts';

export const getStaticPaths = routes.datasets;

export const GET: APIRoute = async ({ params, site }) => rdfResponse(await resourceExport('dataset', params.id!, 'ttl', site!.href), 'ttl');
