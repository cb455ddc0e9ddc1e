// The catalog's first page in DCAT-AP, answered by the renderer (site/src/lib/dcat-route.ts); a full build writes the file.
import type { APIRoute } from 'astro';
import { dcatResponse } from '../lib/dcat-route.ts';

export const getStaticPaths = () => [];
export const GET: APIRoute = ({ params, site }) => dcatResponse({ kind: 'catalog', page: 1 }, params.format, site);
