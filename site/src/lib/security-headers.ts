// The security headers of every response of the portal server, static pages and server routes
// alike (site/serve.ts sets them before the Astro handler answers).
//
// Content-Security-Policy: every script is a file under /_astro/ (Astro emits no inline script here;
// JSON data blocks such as <script type="application/json"> are not executed and need no hash), so
// script-src is 'self' without 'unsafe-inline'. The only other origin a page talks to is Meilisearch,
// at its public address, for search as you type.

export interface HeaderOptions {
  /** Meilisearch as browsers reach it (MEILI_PUBLIC_URL); allowed in connect-src. */
  searchPublicUrl?: string;
  /** The request came over HTTPS (directly, or through a trusted proxy): adds HSTS and upgrade-insecure-requests. */
  https: boolean;
}

/** The origin of a URL, or undefined when it is not an http(s) URL. */
function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : undefined;
  } catch {
    return undefined;
  }
}

export function contentSecurityPolicy({ searchPublicUrl, https }: HeaderOptions): string {
  const search = originOf(searchPublicUrl);
  const directives: [string, ...string[]][] = [
    ['default-src', "'self'"],
    ['script-src', "'self'"],
    ['style-src', "'self'"],
    ['img-src', "'self'", 'data:'],
    ['font-src', "'self'"],
    ['connect-src', "'self'", ...(search ? [search] : [])],
    ['object-src', "'none'"],
    ['base-uri', "'self'"],
    ['form-action', "'self'"],
    ['frame-ancestors', "'none'"],
    ['manifest-src', "'self'"],
    ['worker-src', "'self'"],
  ];
  if (https) directives.push(['upgrade-insecure-requests']);
  return directives.map((d) => d.join(' ')).join('; ');
}

/** Every security header of a response, by name. */
export function securityHeaders(o: HeaderOptions): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(o),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'X-Frame-Options': 'DENY',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
    'Cross-Origin-Opener-Policy': 'same-origin',
    // HSTS only over HTTPS: browsers ignore it over HTTP, and a local or test server must stay reachable.
    ...(o.https ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}

/**
 * Whether a request reached us over HTTPS: a TLS socket, or, behind a reverse proxy the operator
 * trusts (ODP_TRUST_PROXY=1), an X-Forwarded-Proto of https.
 */
export function requestIsHttps(encrypted: boolean, forwardedProto: string | undefined, trustProxy: boolean): boolean {
  if (encrypted) return true;
  return trustProxy && (forwardedProto ?? '').split(',')[0]?.trim().toLowerCase() === 'https';
}
