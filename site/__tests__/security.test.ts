// Rate limits and security headers as plain functions (the served site is checked in e2e/security.e2e.test.ts).
import { describe, expect, it } from 'vitest';
import { clientKey, isWrite, RateLimiter, rateLimitConfig } from '../src/lib/rate-limit.ts';
import { contentSecurityPolicy, requestIsHttps, securityHeaders } from '../src/lib/security-headers.ts';

describe('rate limiter', () => {
  const rule = { limit: 3, windowMs: 60_000 };

  it('allows `limit` requests at once, then `limit` per window spread evenly, refusing with the seconds until the next', () => {
    const rl = new RateLimiter(100);
    expect([1, 2, 3].map(() => rl.hit('a', rule, 1000).ok)).toEqual([true, true, true]);
    // One request comes back every 20 s (3 a minute).
    expect(rl.hit('a', rule, 11_000)).toEqual({ ok: false, retryAfterS: 10 });
    expect(rl.hit('a', rule, 21_000)).toEqual({ ok: true, remaining: 0 });
    expect(rl.hit('a', rule, 21_000)).toEqual({ ok: false, retryAfterS: 20 });
    // Another client has its own bucket.
    expect(rl.hit('b', rule, 21_000)).toEqual({ ok: true, remaining: 2 });
    // A client quiet for a window has its whole allowance again, never more.
    expect(rl.hit('a', rule, 500_000)).toEqual({ ok: true, remaining: 2 });
  });

  it('lets a harvester read at the sustained rate for as long as it likes', () => {
    const rl = new RateLimiter(100);
    const read = { limit: 3000, windowMs: 60_000 };
    // 10,000 reads at 50 a second, after a burst of 3,000 at once: none refused.
    const refused = [];
    for (let i = 0; i < 3000; i++) if (!rl.hit('h', read, 0).ok) refused.push(i);
    for (let i = 1; i <= 7000; i++) if (!rl.hit('h', read, i * 20).ok) refused.push(3000 + i);
    expect(refused).toEqual([]);
    expect(rl.hit('h', read, 7000 * 20).ok).toBe(false);
  });

  it('keeps at most maxClients buckets, dropping full ones first, then the oldest', () => {
    const rl = new RateLimiter(3);
    for (let i = 0; i < 1000; i++) rl.hit(`c${i}`, rule, i);
    expect(rl.size).toBe(3);
    // A flood of new addresses cannot grow memory, and the newest clients are still counted.
    for (let i = 0; i < 3; i++) rl.hit('c999', rule, 1000);
    expect(rl.hit('c999', rule, 1000).ok).toBe(false);
  });

  it('reads limits from the environment, POST stricter than GET by default, and refuses nonsense', () => {
    const c = rateLimitConfig({});
    expect(c.write.limit).toBeLessThan(c.read.limit);
    expect(c.enabled).toBe(true);
    const set = rateLimitConfig({ ODP_RATE_LIMIT_READ: '5', ODP_RATE_LIMIT_WRITE: '2', ODP_RATE_LIMIT_WINDOW_S: '10', ODP_RATE_LIMIT: '0' });
    expect(set).toMatchObject({ read: { limit: 5, windowMs: 10_000 }, write: { limit: 2, windowMs: 10_000 }, enabled: false });
    expect(() => rateLimitConfig({ ODP_RATE_LIMIT_READ: 'nhieu' })).toThrow(/ODP_RATE_LIMIT_READ.*positive number/);
    expect(() => rateLimitConfig({ ODP_RATE_LIMIT_WRITE: '-1' })).toThrow(/không hợp lệ/);
  });

  it('counts a client by its socket address unless a trusted proxy forwards it', () => {
    expect(clientKey('10.0.0.1', '1.2.3.4', false)).toBe('10.0.0.1');
    expect(clientKey('10.0.0.1', '6.6.6.6, 1.2.3.4', true)).toBe('1.2.3.4');
    expect(clientKey('10.0.0.1', null, true)).toBe('10.0.0.1');
    expect(['GET', 'HEAD', 'POST', 'PUT'].map(isWrite)).toEqual([false, false, true, true]);
  });
});

describe('security headers', () => {
  it('allow scripts only from the portal itself, and search requests to the public Meilisearch origin', () => {
    const csp = contentSecurityPolicy({ searchPublicUrl: 'https://search.example.gov.vn/meili', https: false });
    const directives = new Map(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(directives.get('connect-src')).toEqual(["'self'", 'https://search.example.gov.vn']);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.has('upgrade-insecure-requests')).toBe(false);
  });

  it('ignore a search address that is not http(s)', () => {
    expect(contentSecurityPolicy({ searchPublicUrl: 'javascript:alert(1)', https: false })).toContain("connect-src 'self';");
  });

  it('send HSTS only over HTTPS', () => {
    expect(securityHeaders({ https: false })['Strict-Transport-Security']).toBeUndefined();
    const h = securityHeaders({ https: true });
    expect(h['Strict-Transport-Security']).toMatch(/max-age=\d{8}/);
    expect(h['Content-Security-Policy']).toContain('upgrade-insecure-requests');
    for (const name of ['X-Content-Type-Options', 'Referrer-Policy', 'X-Frame-Options', 'Permissions-Policy', 'Cross-Origin-Opener-Policy']) expect(h[name], name).toBeTruthy();
  });

  it('trust X-Forwarded-Proto only from a trusted proxy', () => {
    expect(requestIsHttps(false, 'https', false)).toBe(false);
    expect(requestIsHttps(false, 'https', true)).toBe(true);
    expect(requestIsHttps(false, 'http', true)).toBe(false);
    expect(requestIsHttps(true, undefined, false)).toBe(true);
  });
});
