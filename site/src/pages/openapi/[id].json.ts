// The OpenAPI 3 document of a service, as its agency stored it (validated at build).
import type { APIRoute } from 'astro';
import { loadPortal } from '../../lib/portal.ts';
import { routes } from '../../lib/routes.ts';

export const getStaticPaths = routes.openapi;

export const GET: APIRoute = ({ params }) => {
  const openapi = loadPortal().serviceById.get(params.id!)?.openapi;
  return openapi ? new Response(JSON.stringify(openapi, null, 2), { headers: { 'Content-Type': 'application/json; charset=utf-8' } }) : new Response(null, { status: 404 });
};
