// Server route: the CKAN-compatible action API (GET with query parameters, or POST with a JSON body).
import type { APIRoute } from 'astro';
import { ckanAction, ckanBody, CkanError, packageSearchRequest, packageSearchResult, type MeiliAnswer, type PackageSearchParams } from '../../../../lib/ckan.ts';
import { loadPortal } from '../../../../lib/portal.ts';
import { searchRaw } from '../../../../lib/search-server.ts';

export const prerender = false;

async function params(request: Request, url: URL): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const k of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(k);
    out[k] = all.length > 1 ? all : all[0];
  }
  if (request.method === 'POST') {
    const type = request.headers.get('content-type') ?? '';
    if (type.includes('application/json')) {
      let body: unknown;
      try {
        body = await request.json();
      } catch {
        throw new CkanError(400, 'Bad request', 'JSON body không hợp lệ / the request body is not valid JSON');
      }
      if (!body || typeof body !== 'object' || Array.isArray(body)) throw new CkanError(400, 'Bad request', 'The request body must be a JSON object');
      Object.assign(out, body);
    } else if (type.includes('form')) {
      for (const [k, v] of (await request.formData()).entries()) if (typeof v === 'string') out[k] = v;
    }
  }
  return out;
}

async function answer(action: string, request: Request, url: URL, site: URL): Promise<Response> {
  const base = site.href;
  let outcome: { result: unknown } | { error: CkanError };
  try {
    const p = await params(request, url);
    const portal = loadPortal();
    if (action === 'package_search') {
      const req = packageSearchRequest(p as PackageSearchParams);
      const r = await searchRaw<MeiliAnswer>(req.body);
      if (!r.ok) {
        console.error(`[ckan] ${r.reason}`);
        throw new CkanError(503, 'Search Error', 'Tìm kiếm tạm thời không hoạt động / search is temporarily unavailable');
      }
      outcome = { result: packageSearchResult(portal, base, req, r.res) };
    } else {
      outcome = { result: ckanAction(portal, base, action, p) };
    }
  } catch (err) {
    if (!(err instanceof CkanError)) {
      console.error('[ckan]', err);
      outcome = { error: new CkanError(500, 'Internal Server Error', 'Internal error') };
    } else outcome = { error: err };
  }
  const { status, body } = ckanBody(base, action, outcome);
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json;charset=utf-8', 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'public, max-age=60' },
  });
}

export const GET: APIRoute = ({ params: route, request, url, site }) => answer(route.action ?? '', request, url, site!);
export const POST: APIRoute = ({ params: route, request, url, site }) => answer(route.action ?? '', request, url, site!);
