// The labels of every facet value of the catalog in one language (agency, theme and place names,
// vocabulary terms), a static file the search page's script reads once: the server route itself only
// sends the labels of the values on the page it renders.
import type { APIRoute } from 'astro';
import { facetLabels, labelledFacets } from '../../lib/facet-labels.ts';
import { loadPortal } from '../../lib/portal.ts';
import type { Lang } from '../../lib/i18n.ts';

export const getStaticPaths = () => [{ params: { lang: 'vi' } }, { params: { lang: 'en' } }];

export const GET: APIRoute = ({ params }) => {
  const all = facetLabels(loadPortal(), params.lang as Lang);
  return new Response(JSON.stringify(Object.fromEntries(labelledFacets.map((f) => [f, all[f]]))), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
