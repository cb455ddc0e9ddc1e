// Server route: the CKAN-compatible action API (GET with query parameters, or POST with a JSON body).
import type { APIRoute } from 'astro';
import { ckanResponse, type CkanServer, type MeiliAnswer } from '../../../../lib/ckan.ts';
import { loadPortal } from '../../../../lib/portal.ts';
import { searchRaw } from '../../../../lib/search-server.ts';
import { portalDataEngine } from '../../../../lib/data-api.ts';

export const prerender = false;

const server: CkanServer = { portal: () => loadPortal(), search: (body) => searchRaw<MeiliAnswer>(body), data: portalDataEngine };

const answer: APIRoute = ({ params, request, url, site }) => ckanResponse(params.action ?? '', request, url, site!.href, server);
export const GET = answer;
export const POST = answer;
