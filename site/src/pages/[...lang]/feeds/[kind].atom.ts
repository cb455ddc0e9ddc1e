// Atom feeds of new and of updated datasets and of service notices, in each language.
import type { APIRoute } from 'astro';
import { feedResponse, type FeedKind } from '../../../lib/discovery.ts';
import { pageProps, routes, type LangProps } from '../../../lib/routes.ts';

export const getStaticPaths = routes.feeds;

export const GET: APIRoute<LangProps> = ({ params, props, site }) => {
  const lang = pageProps<LangProps>({ props, params }, routes.feeds)?.lang;
  return lang ? feedResponse(params.kind as FeedKind, lang, site!.href) : new Response(null, { status: 404 });
};
