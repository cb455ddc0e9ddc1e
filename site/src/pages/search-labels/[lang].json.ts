// The labels of every facet value of the catalog in one language (agency, theme and place names,
// vocabulary terms), a static file the search page's script reads once: the server route itself only
// sends the labels of the values on the page it renders.
import type { APIRoute } from 'astro';
import { facetLabels, labelledFacets } from '../../lib/facet-labels.ts';
import { loadPortal } from '../../lib/portal.ts';
import { isLang, languages } from '../../lib/i18n.ts';
import type { LangProps } from '../../lib/routes.ts';

export const getStaticPaths = () => languages.map((lang) => ({ params: { lang }, props: { lang } satisfies LangProps }));

export const GET: APIRoute<LangProps> = ({ props, params }) => {
  const lang = props.lang ?? (isLang(params.lang) ? params.lang : undefined);
  if (!lang) return new Response(null, { status: 404 });
  const all = facetLabels(loadPortal(), lang);
  return new Response(JSON.stringify(Object.fromEntries(labelledFacets.map((f) => [f, all[f]]))), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
