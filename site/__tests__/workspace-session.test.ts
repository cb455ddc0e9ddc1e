// The workspace's sessions: the sealed cookie, CSRF tokens and origins, the sign-in limits, and
// sign-in, refresh and sign-out against a small stand-in for Directus's auth endpoints (the real
// Directus: cms/__tests__/editor-accounts.integration.test.ts).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { roleNames } from '../../cms/src/access-rules.ts';
import { RateLimiter, rateKind, rateLimitConfig } from '../src/lib/rate-limit.ts';
import {
  CSRF_FIELD,
  csrfToken,
  csrfValid,
  handleSignIn,
  readSession,
  requirePost,
  safeNext,
  sameOrigin,
  seal,
  SESSION_COOKIE,
  sessionId,
  signIn,
  SignInFailures,
  signOut,
  unseal,
  type Ctx,
  type SealedSession,
} from '../src/lib/workspace/session.ts';

const secret = 'test-session-secret';
const editor = { id: 'u1', email: 'a@b.vn', name: 'A', agency: 'so-khcn', role: 'editor' as const };
const payload: SealedSession = { v: 1, sid: 'sid-1', access: 'acc', refresh: 'ref', expires: 1_000, editor };

describe('the sealed cookie', () => {
  it('opens with the same secret and gives back what was sealed', () => {
    const value = seal(payload, secret);
    expect(value).not.toContain('acc');
    expect(unseal(value, secret)).toEqual(payload);
  });

  it('is no session when altered, sealed with another secret, or not a seal at all', () => {
    const value = seal(payload, secret);
    const raw = Buffer.from(value, 'base64url');
    raw[raw.length - 3]! ^= 1;
    expect(unseal(raw.toString('base64url'), secret)).toBeUndefined();
    expect(unseal(value, 'another-secret')).toBeUndefined();
    expect(unseal('abc', secret)).toBeUndefined();
    expect(unseal('', secret)).toBeUndefined();
  });

  it('never seals two sessions alike (a fresh IV each time)', () => {
    expect(seal(payload, secret)).not.toBe(seal(payload, secret));
  });
});

describe('CSRF', () => {
  it('accepts the token of the session and refuses another session’s, a changed one or none', () => {
    const token = csrfToken(secret, 'sid-1');
    expect(csrfValid(secret, 'sid-1', token)).toBe(true);
    expect(csrfValid(secret, 'sid-2', token)).toBe(false);
    expect(csrfValid(secret, 'sid-1', `${token.slice(0, -1)}x`)).toBe(false);
    expect(csrfValid(secret, 'sid-1', '')).toBe(false);
    expect(csrfValid(secret, 'sid-1', null)).toBe(false);
    expect(csrfValid('other', 'sid-1', token)).toBe(false);
  });

  it('keeps the session id when tokens are refreshed: it comes from the first refresh token only', () => {
    expect(sessionId('r1')).toBe(sessionId('r1'));
    expect(sessionId('r1')).not.toBe(sessionId('r2'));
    expect(sessionId('r1')).not.toContain('r1');
  });

  it('refuses a POST whose Origin names another site, or null; accepts this site or no Origin', () => {
    const url = new URL('http://portal.example/publish/');
    const req = (headers: Record<string, string>) => new Request(url, { method: 'POST', headers: { host: 'portal.example', ...headers } });
    expect(sameOrigin(req({}), url, false)).toBe(true);
    expect(sameOrigin(req({ origin: 'http://portal.example' }), url, false)).toBe(true);
    expect(sameOrigin(req({ origin: 'https://evil.example' }), url, false)).toBe(false);
    expect(sameOrigin(req({ origin: 'null' }), url, false)).toBe(false);
    // Behind the city's proxy the public host is the forwarded one, believed only from a trusted proxy.
    const inner = new URL('http://127.0.0.1:4323/publish/');
    const proxied = new Request(inner, { method: 'POST', headers: { host: '127.0.0.1:4323', 'x-forwarded-host': 'data.example.vn', origin: 'https://data.example.vn' } });
    expect(sameOrigin(proxied, inner, true)).toBe(true);
    expect(sameOrigin(proxied, inner, false)).toBe(false);
  });
});

describe('where to go after signing in', () => {
  const url = new URL('http://portal.example/publish/');
  it('is a workspace path of this site, else the workspace home in the page language', () => {
    expect(safeNext('/publish/datasets/new', url)).toBe('/publish/datasets/new');
    expect(safeNext('/en/publish/notices/new', url)).toBe('/en/publish/notices/new');
    for (const bad of ['https://evil.example/publish/', '//evil.example/publish/', '/publish/../admin', '/datasets/', '/publishing', '/publish/\\evil', 42, undefined])
      expect(safeNext(bad, url)).toBe('/publish/');
    expect(safeNext('//evil', new URL('http://portal.example/en/publish/'))).toBe('/en/publish/');
  });
});

describe('the workspace’s rate budget', () => {
  it('counts POSTs under /publish/ and /en/publish/ apart from the public forms, on a larger budget', () => {
    expect(rateKind('POST', '/publish/datasets/new')).toBe('workspace');
    expect(rateKind('POST', '/en/publish/')).toBe('workspace');
    expect(rateKind('POST', '/publish')).toBe('workspace');
    expect(rateKind('POST', '/requests/new')).toBe('write');
    expect(rateKind('POST', '/publishing/')).toBe('write');
    expect(rateKind('GET', '/publish/')).toBe('read');
    const c = rateLimitConfig({});
    expect(c.workspace.limit).toBe(120);
    // An editor's 11th form in a minute goes through; the public's 11th is refused with a wait.
    const limiter = new RateLimiter(100);
    for (let i = 0; i < 10; i++) limiter.hit('write:a', c.write, 0);
    for (let i = 0; i < 10; i++) limiter.hit('workspace:a', c.workspace, 0);
    expect(limiter.hit('write:a', c.write, 0)).toEqual({ ok: false, retryAfterS: 6 });
    expect(limiter.hit('workspace:a', c.workspace, 0).ok).toBe(true);
  });
});

describe('failed sign-ins', () => {
  it('count failures only, block past the limit with the seconds left, and start again after the window', () => {
    const f = new SignInFailures();
    const t0 = 1_000_000;
    for (let i = 0; i < 4; i++) f.fail('account:a', 900_000, t0 + i);
    expect(f.blockedFor('account:a', 5, t0 + 10)).toBe(0);
    f.fail('account:a', 900_000, t0 + 10);
    expect(f.blockedFor('account:a', 5, t0 + 10)).toBe(900);
    expect(f.blockedFor('account:a', 5, t0 + 600_000)).toBe(300);
    expect(f.blockedFor('account:b', 5, t0 + 10)).toBe(0);
    expect(f.blockedFor('account:a', 5, t0 + 900_000)).toBe(0);
    f.forget('account:a');
    expect(f.size).toBe(0);
  });

  it('keeps a bounded number of keys, forgetting the oldest', () => {
    const f = new SignInFailures(3);
    for (const k of ['a', 'b', 'c', 'd']) f.fail(k, 60_000, 0);
    expect(f.size).toBe(3);
    expect(f.blockedFor('a', 1, 1)).toBe(0);
    expect(f.blockedFor('d', 1, 1)).toBe(60);
  });
});

// ——— against a stand-in for Directus ———

interface Fake {
  url: string;
  calls: string[];
  refreshTokens: Set<string>;
  server: http.Server;
  expiresMs: number;
}

function jwt(claims: Record<string, unknown>): string {
  return `x.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.y`;
}

let fake: Fake;
let n = 0;

beforeAll(async () => {
  const calls: string[] = [];
  const refreshTokens = new Set<string>();
  const users: Record<string, { password: string; me: Record<string, unknown>; admin?: boolean }> = {
    'editor@so-khcn.vn': { password: 'right-password', me: { id: 'u-ed', email: 'editor@so-khcn.vn', first_name: 'Lan', last_name: 'Nguyễn', agency: 'so-khcn', role: { name: roleNames.editor } } },
    'reviewer@x.vn': { password: 'right-password', me: { id: 'u-rev', email: 'reviewer@x.vn', first_name: 'Minh', last_name: null, agency: null, role: { name: roleNames.reviewer } } },
    'nobody@x.vn': { password: 'right-password', me: { id: 'u-no', email: 'nobody@x.vn', agency: null, role: null } },
  };
  const byAccess = new Map<string, string>();
  const tokensFor = (email: string) => {
    const access = jwt({ id: users[email]!.me.id, n: n++, admin_access: users[email]!.admin ?? false });
    const refresh = `r-${n++}`;
    byAccess.set(access, email);
    refreshTokens.add(refresh);
    return { access_token: access, refresh_token: refresh, expires: fake.expiresMs };
  };
  const refreshOwner = new Map<string, string>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      calls.push(`${req.method} ${req.url}`);
      const send = (status: number, json: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(json));
      };
      const input = body ? (JSON.parse(body) as Record<string, string>) : {};
      if (req.url === '/auth/login') {
        const u = users[input.email ?? ''];
        if (!u || u.password !== input.password) return send(401, { errors: [{ message: 'Invalid user credentials.', extensions: { code: 'INVALID_CREDENTIALS' } }] });
        const t = tokensFor(input.email!);
        refreshOwner.set(t.refresh_token, input.email!);
        return send(200, { data: t });
      }
      if (req.url === '/auth/refresh') {
        const owner = refreshOwner.get(input.refresh_token ?? '');
        if (!owner || !refreshTokens.has(input.refresh_token!)) return send(401, { errors: [{ message: 'Invalid user credentials.', extensions: { code: 'INVALID_CREDENTIALS' } }] });
        refreshTokens.delete(input.refresh_token!);
        const t = tokensFor(owner);
        refreshOwner.set(t.refresh_token, owner);
        return send(200, { data: t });
      }
      if (req.url === '/auth/logout') {
        refreshTokens.delete(input.refresh_token ?? '');
        return send(200, {});
      }
      if (req.url?.startsWith('/users/me')) {
        const email = byAccess.get((req.headers.authorization ?? '').replace('Bearer ', ''));
        return email ? send(200, { data: users[email]!.me }) : send(401, { errors: [{ message: 'Token expired.', extensions: { code: 'TOKEN_EXPIRED' } }] });
      }
      send(404, {});
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls, refreshTokens, server, expiresMs: 3_600_000 };
});

afterAll(async () => {
  await new Promise((resolve) => fake.server.close(resolve));
});

afterEach(() => {
  vi.unstubAllEnvs();
  fake.expiresMs = 3_600_000;
});

function useFake(extra: Record<string, string> = {}) {
  vi.stubEnv('ODP_DIRECTUS_URL', fake.url);
  vi.stubEnv('ODP_SESSION_SECRET', secret);
  for (const [k, v] of Object.entries(extra)) vi.stubEnv(k, v);
}

/** A request context with a cookie jar that keeps what the code sets. */
function ctxOf(jar: Map<string, string>, o: { method?: string; path?: string; headers?: Record<string, string>; body?: BodyInit; address?: string } = {}): Ctx & { setOptions: unknown[] } {
  const url = new URL(o.path ?? '/publish/', 'http://portal.example');
  const setOptions: unknown[] = [];
  const cookies = {
    get: (name: string) => (jar.has(name) ? { value: jar.get(name)! } : undefined),
    set: (name: string, value: string, options: unknown) => {
      jar.set(name, value);
      setOptions.push(options);
    },
    delete: (name: string) => jar.delete(name),
  };
  const request = new Request(url, { method: o.method ?? 'GET', headers: { host: 'portal.example', ...o.headers }, body: o.body });
  return { cookies, request, url, clientAddress: o.address ?? '203.0.113.7', setOptions } as unknown as Ctx & { setOptions: unknown[] };
}

describe('signing in, the session of a request, signing out', () => {
  it('signs an editor in: the cookie is sealed, httpOnly and SameSite=Lax, and readSession finds the editor', async () => {
    useFake();
    const jar = new Map<string, string>();
    const ctx = ctxOf(jar, { method: 'POST' });
    const r = await signIn(ctx, ' Editor@SO-KHCN.vn ', 'right-password', new SignInFailures());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.session.editor).toEqual({ id: 'u-ed', email: 'editor@so-khcn.vn', name: 'Lan Nguyễn', agency: 'so-khcn', role: 'editor' });
    expect(ctx.setOptions[0]).toMatchObject({ httpOnly: true, sameSite: 'lax', path: '/', secure: false });
    expect(jar.get(SESSION_COOKIE)).not.toContain(r.session.token);
    const again = await readSession(ctxOf(jar));
    expect(again?.editor.agency).toBe('so-khcn');
    expect(again?.csrf).toBe(r.session.csrf);
  });

  it('marks the cookie Secure over HTTPS from a trusted proxy', async () => {
    useFake({ ODP_TRUST_PROXY: '1' });
    const ctx = ctxOf(new Map(), { method: 'POST', headers: { 'x-forwarded-proto': 'https' } });
    expect((await signIn(ctx, 'editor@so-khcn.vn', 'right-password', new SignInFailures())).ok).toBe(true);
    expect(ctx.setOptions[0]).toMatchObject({ secure: true });
  });

  it('lets a reviewer in without an agency, and refuses a user with neither agency nor reviewer role (403)', async () => {
    useFake();
    const rev = await signIn(ctxOf(new Map()), 'reviewer@x.vn', 'right-password', new SignInFailures());
    expect(rev.ok && rev.session.editor).toMatchObject({ role: 'reviewer', agency: undefined, name: 'Minh' });
    const jar = new Map<string, string>();
    const nobody = await signIn(ctxOf(jar), 'nobody@x.vn', 'right-password', new SignInFailures());
    expect(nobody).toMatchObject({ ok: false, status: 403 });
    expect(jar.has(SESSION_COOKIE)).toBe(false);
  });

  it('answers a wrong password with 401, and after 5 failures of one account 429 with the seconds to wait', async () => {
    useFake();
    const failures = new SignInFailures();
    for (let i = 0; i < 5; i++) {
      const r = await signIn(ctxOf(new Map(), { address: `198.51.100.${i}` }), 'editor@so-khcn.vn', 'wrong', failures);
      expect(r).toMatchObject({ ok: false, status: 401, message: { vi: 'Email hoặc mật khẩu không đúng.', en: 'Wrong email or password.' } });
    }
    const before = fake.calls.length;
    const blocked = await signIn(ctxOf(new Map(), { address: '198.51.100.99' }), 'editor@so-khcn.vn', 'right-password', failures);
    expect(blocked).toMatchObject({ ok: false, status: 429 });
    if (blocked.ok) return;
    expect(blocked.retryAfterS).toBeGreaterThan(890);
    expect(blocked.retryAfterS).toBeLessThanOrEqual(900);
    expect(blocked.message.vi).toContain(`${blocked.retryAfterS} giây`);
    expect(blocked.message.en).toContain(`${blocked.retryAfterS} seconds`);
    // Refused before Directus is asked: the password is not tried at all.
    expect(fake.calls.length).toBe(before);
    // Another account is not held up by this one.
    expect((await signIn(ctxOf(new Map(), { address: '198.51.100.99' }), 'reviewer@x.vn', 'right-password', failures)).ok).toBe(true);
  });

  it('limits one client address over many accounts (20 failures), and counts no success', async () => {
    useFake();
    const failures = new SignInFailures();
    for (let i = 0; i < 3; i++) expect((await signIn(ctxOf(new Map()), 'editor@so-khcn.vn', 'right-password', failures)).ok).toBe(true);
    for (let i = 0; i < 20; i++) await signIn(ctxOf(new Map()), `someone${i}@x.vn`, 'wrong', failures);
    expect(await signIn(ctxOf(new Map()), 'editor@so-khcn.vn', 'right-password', failures)).toMatchObject({ ok: false, status: 429 });
    expect((await signIn(ctxOf(new Map(), { address: '192.0.2.1' }), 'editor@so-khcn.vn', 'right-password', failures)).ok).toBe(true);
  });

  it('asks for both fields (400) and says the CMS is unavailable (503) when Directus does not answer', async () => {
    useFake();
    expect(await signIn(ctxOf(new Map()), '', 'x', new SignInFailures())).toMatchObject({ ok: false, status: 400 });
    expect(await signIn(ctxOf(new Map()), 'a@b.vn', '', new SignInFailures())).toMatchObject({ ok: false, status: 400 });
    vi.stubEnv('ODP_DIRECTUS_URL', 'http://127.0.0.1:9');
    expect(await signIn(ctxOf(new Map()), 'editor@so-khcn.vn', 'right-password', new SignInFailures())).toMatchObject({ ok: false, status: 503 });
  });

  it('refreshes an access token expiring within 60 s and keeps the CSRF token of open pages valid', async () => {
    useFake();
    fake.expiresMs = 30_000;
    const jar = new Map<string, string>();
    const first = await signIn(ctxOf(jar), 'editor@so-khcn.vn', 'right-password', new SignInFailures());
    if (!first.ok) throw new Error('not signed in');
    const cookieBefore = jar.get(SESSION_COOKIE);
    fake.expiresMs = 3_600_000;
    const next = await readSession(ctxOf(jar));
    expect(next?.token).not.toBe(first.session.token);
    expect(jar.get(SESSION_COOKIE)).not.toBe(cookieBefore);
    expect(next?.csrf).toBe(first.session.csrf);
    expect(fake.calls.filter((c) => c === 'POST /auth/refresh')).toHaveLength(1);
    // The same old cookie in a second tab at once: the refresh is shared, not refused as a reused token.
    const other = new Map([[SESSION_COOKIE, cookieBefore!]]);
    expect((await readSession(ctxOf(other)))?.token).toBe(next?.token);
  });

  it('ends with sign-out: the refresh token is revoked in Directus and the cookie cleared', async () => {
    useFake();
    fake.expiresMs = 1_000;
    const jar = new Map<string, string>();
    const r = await signIn(ctxOf(jar), 'editor@so-khcn.vn', 'right-password', new SignInFailures());
    expect(r.ok).toBe(true);
    const sealed = unseal(jar.get(SESSION_COOKIE)!, secret)!;
    await signOut(ctxOf(jar));
    expect(jar.has(SESSION_COOKIE)).toBe(false);
    expect(fake.refreshTokens.has(sealed.refresh)).toBe(false);
    // A copy of the old cookie cannot be refreshed any more.
    const copy = new Map([[SESSION_COOKIE, seal(sealed, secret)]]);
    expect(await readSession(ctxOf(copy))).toBeUndefined();
    expect(copy.has(SESSION_COOKIE)).toBe(false);
  });

  it('requires a session and the CSRF token for a POST, and refuses a post from another site', async () => {
    useFake();
    const jar = new Map<string, string>();
    const r = await signIn(ctxOf(jar), 'editor@so-khcn.vn', 'right-password', new SignInFailures());
    if (!r.ok) throw new Error('not signed in');
    const form = (csrf?: string) => {
      const f = new FormData();
      if (csrf !== undefined) f.set(CSRF_FIELD, csrf);
      return f;
    };
    expect(await requirePost(ctxOf(jar, { method: 'POST' }), form(r.session.csrf))).toMatchObject({ ok: true, session: { editor: { id: 'u-ed' } } });
    expect(await requirePost(ctxOf(jar, { method: 'POST' }), form())).toMatchObject({ ok: false, status: 403 });
    expect(await requirePost(ctxOf(jar, { method: 'POST' }), form('forged'))).toMatchObject({ ok: false, status: 403 });
    expect(await requirePost(ctxOf(jar, { method: 'POST', headers: { origin: 'https://evil.example' } }), form(r.session.csrf))).toMatchObject({ ok: false, status: 403 });
    expect(await requirePost(ctxOf(new Map(), { method: 'POST' }), form(r.session.csrf))).toMatchObject({ ok: false, status: 401 });
    // A cookie altered by the browser's owner is no session at all.
    const tampered = new Map([[SESSION_COOKIE, `${jar.get(SESSION_COOKIE)!.slice(0, -2)}AA`]]);
    expect(await requirePost(ctxOf(tampered, { method: 'POST' }), form(r.session.csrf))).toMatchObject({ ok: false, status: 401 });
  });

  it('handleSignIn sends the editor on to a workspace page, never elsewhere, and shows why not', async () => {
    useFake();
    const body = (fields: Record<string, string>) => new URLSearchParams(fields);
    const post = (fields: Record<string, string>, path = '/publish/', headers: Record<string, string> = {}) =>
      ctxOf(new Map(), { method: 'POST', path, body: body(fields), headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, address: '192.0.2.50' });
    expect(await handleSignIn(post({ email: 'editor@so-khcn.vn', password: 'right-password', next: '/publish/datasets/new' }))).toEqual({ status: 303, redirect: '/publish/datasets/new' });
    expect(await handleSignIn(post({ email: 'editor@so-khcn.vn', password: 'right-password', next: 'https://evil.example/' }, '/en/publish/'))).toEqual({ status: 303, redirect: '/en/publish/' });
    expect(await handleSignIn(post({ email: 'editor@so-khcn.vn', password: 'nope' }))).toMatchObject({ status: 401, error: { en: 'Wrong email or password.' } });
    expect(await handleSignIn(post({ email: 'editor@so-khcn.vn', password: 'right-password' }, '/publish/', { origin: 'https://evil.example' }))).toMatchObject({ status: 403 });
  });
});
