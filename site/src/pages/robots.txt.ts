import type { APIRoute } from 'astro';
import { robots } from '../lib/discovery.ts';

export const GET: APIRoute = ({ site }) => new Response(robots(site!.href), { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
