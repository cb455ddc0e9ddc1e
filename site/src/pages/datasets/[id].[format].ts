// A dataset's own DCAT-AP file, answered by the renderer (site/src/lib/dcat-route.ts); a full build writes the files.
import type { APIRoute } from 'astro';
import { dcatResponse } from '../../lib/dcat-route.ts';

export const getStaticPaths = () => [];
export const GET: APIRoute = ({ params, site }) => dcatResponse({ kind: 'dataset', id: params.id ?? '' }, params.format, site);
