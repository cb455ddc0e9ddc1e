import type { APIRoute } from 'astro';
import { sitemap } from '../lib/discovery.ts';
import { loadPortal } from '../lib/portal.ts';

export const GET: APIRoute = ({ site }) => new Response(sitemap(loadPortal(), site!.href), { headers: { 'Content-Type': 'application/xml; charset=utf-8' } });
