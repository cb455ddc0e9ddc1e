// DCAT-AP 3.0.1 export of the whole catalog.
import type { APIRoute } from 'astro';
import { catalogExport, rdfResponse } from '../lib/exports.ts';

export const GET: APIRoute = async ({ site }) => rdfResponse(await catalogExport('jsonld', site!.href), 'jsonld');
