// Atom feeds of new and of updated datasets and of service notices, in each language.
import type { APIRoute } from 'astro';
import { feedResponse, type FeedKind } from '../../../lib/discovery.ts';
import { routes, type LangProps } from '../../../lib/routes.ts';

export const getStaticPaths = routes.feeds;

export const GET: APIRoute<LangProps> = ({ params, props, site }) => feedResponse(params.kind as FeedKind, props.lang, site!.href);
