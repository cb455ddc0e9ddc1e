// Server route: the administrative units whose name matches ?q=, for the place picker of the dataset
// form (typing "Bến Thành" finds the ward). Public data; the form works without it.
import type { APIRoute } from 'astro';
import { findPlaces, placeText } from '../../../../../domain/places.ts';
import { langOfParam } from '../../../lib/i18n.ts';
import { adminPlaces } from '../../../lib/workspace/dataset-form.ts';

export const prerender = false;

export const GET: APIRoute = ({ params, url }) => {
  if (!langOfParam(params.lang)) return new Response(null, { status: 404 });
  const q = (url.searchParams.get('q') ?? '').slice(0, 100);
  const found = findPlaces(adminPlaces(), q, 10).map((p) => ({ code: p.code, text: placeText(p), label: p.label, province: p.province }));
  return Response.json(found, { headers: { 'Cache-Control': 'private, max-age=300' } });
};
