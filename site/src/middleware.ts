// Runs before every on-demand route (search, CKAN API, request forms, the agencies' workspace): rate
// limits per client, POST stricter than GET, the workspace's POSTs on a budget of their own
// (lib/rate-limit.ts); per-request pages are marked no-store, and the workspace's kept out of search
// engines. Prerendered pages pass through: at build time there is no client, and static files are
// served without Astro middleware.
import type { MiddlewareHandler } from 'astro';
import { t } from './lib/i18n.ts';
import { clientKey, isWorkspacePath, RateLimiter, rateKind, rateLimitConfig } from './lib/rate-limit.ts';

const config = rateLimitConfig();
const limiter = new RateLimiter(config.maxClients);

function tooMany(pathname: string, retryAfterS: number): Response {
  const vi = t('vi', 'rateLimit.message', { seconds: retryAfterS });
  const en = t('en', 'rateLimit.message', { seconds: retryAfterS });
  const headers = { 'Retry-After': String(retryAfterS), 'Cache-Control': 'no-store' };
  if (/^\/api\//.test(pathname)) {
    // The CKAN API answers in CKAN's error shape.
    return Response.json({ success: false, error: { __type: 'Rate Limit Error', message: `${vi} / ${en}` } }, { status: 429, headers });
  }
  const body = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${t('vi', 'rateLimit.title')} / ${t('en', 'rateLimit.title')}</title></head><body><main><h1>${t('vi', 'rateLimit.title')}</h1><p>${vi}</p><p lang="en">${en}</p><p><a href="/">${t('vi', 'nav.home')}</a> · <a href="/en/" lang="en">${t('en', 'nav.home')}</a></p></main></body></html>`;
  return new Response(body, { status: 429, headers: { ...headers, 'Content-Type': 'text/html;charset=utf-8' } });
}

export const onRequest: MiddlewareHandler = async (context, next) => {
  if (context.isPrerendered || !config.enabled) return next();
  const { request } = context;
  const kind = rateKind(request.method, context.url.pathname);
  const key = `${kind}:${clientKey(context.clientAddress, request.headers.get('x-forwarded-for'), config.trustProxy)}`;
  const verdict = limiter.hit(key, config[kind]);
  if (!verdict.ok) return tooMany(context.url.pathname, verdict.retryAfterS);
  const response = await next();
  // Pages made per request (search results) are not kept by caches unless the route says otherwise.
  if (!response.headers.has('Cache-Control')) response.headers.set('Cache-Control', 'no-store');
  if (isWorkspacePath(context.url.pathname)) {
    // An editor's pages hold drafts and personal sessions: never cached, never indexed.
    response.headers.set('Cache-Control', 'no-store');
    response.headers.set('X-Robots-Tag', 'noindex, nofollow');
  }
  return response;
};
