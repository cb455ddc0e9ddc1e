// Atom feeds of new and of updated datasets.
import type { APIRoute } from 'astro';
import { atomFeed, type FeedKind } from '../../../lib/discovery.ts';
import { t } from '../../../lib/i18n.ts';
import { loadPortal } from '../../../lib/portal.ts';

export function getStaticPaths() {
  return [{ params: { kind: 'new' } }, { params: { kind: 'updated' } }];
}

export const GET: APIRoute = ({ params, site }) => {
  const kind = params.kind as FeedKind;
  const title = t('en', kind === 'new' ? 'feed.new' : 'feed.updated');
  return new Response(atomFeed(loadPortal(), kind, 'en', site!.href, title), { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};
