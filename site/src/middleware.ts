// Runs before every on-demand route (search, CKAN API, request forms): rate limits per client, POST
// stricter than GET (lib/rate-limit.ts); per-request pages are marked no-store. Prerendered pages pass through: at build time there is no
// client, and static files are served without Astro middleware.
import type { MiddlewareHandler } from 'astro';
import { t } from './lib/i18n.ts';
import { clientKey, isWrite, RateLimiter, rateLimitConfig } from './lib/rate-limit.ts';

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
  const write = isWrite(request.method);
  const key = `${write ? 'w' : 'r'}:${clientKey(context.clientAddress, request.headers.get('x-forwarded-for'), config.trustProxy)}`;
  const verdict = limiter.hit(key, write ? config.write : config.read);
  if (!verdict.ok) return tooMany(context.url.pathname, verdict.retryAfterS);
  const response = await next();
  // Pages made per request (search results) are not kept by caches unless the route says otherwise.
  if (!response.headers.has('Cache-Control')) response.headers.set('Cache-Control', 'no-store');
  return response;
};
