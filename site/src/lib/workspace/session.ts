// Editors' sessions of the publishing workspace (/publish/). The portal server signs an editor in to
// Directus (POST /auth/login) and keeps the editor's own tokens in one cookie, sealed with AES-256-GCM
// under a key derived from ODP_SESSION_SECRET: the browser can neither read nor alter them, and any
// portal server of the same CMS (after a restart, or the next published build) opens them again.
// Every read and write then goes to Directus with the editor's token (cms.ts), so Directus's
// permissions and the catalog hook stay the one place where rules are enforced.
//
// Forms are protected against cross-site posts twice: SameSite=Lax keeps the cookie off other sites'
// POSTs, and each form carries a token (HMAC of the session's id) that only a page of this session
// has; a POST whose Origin names another site is refused before either is looked at.
// Sign-in failures are counted per account and per client address, in memory (one portal server
// process is the whole truth, as for the request form's stamps).
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { APIContext } from 'astro';
import { roleNames } from '../../../../cms/src/client.ts';
import { config, readConfig, workspaceConfig, type WorkspaceConfig } from '../../../../platform/config.ts';
import { clientKey } from '../rate-limit.ts';
import { requestIsHttps } from '../security-headers.ts';

export type EditorRole = 'editor' | 'reviewer' | 'administrator';
export interface Editor {
  id: string;
  email: string;
  name: string;
  agency: string | undefined;
  role: EditorRole;
}
export interface Session {
  editor: Editor;
  /** The editor's Directus access token. */
  token: string;
  /** The value of the hidden `_csrf` field of every form of this session. */
  csrf: string;
}
export type Ctx = Pick<APIContext, 'cookies' | 'request' | 'url' | 'clientAddress'>;
export interface Message {
  vi: string;
  en: string;
}

export const CSRF_FIELD = '_csrf';
export const SESSION_COOKIE = 'odp_session';
/** An access token expiring sooner than this is refreshed before it is used. */
export const REFRESH_BEFORE_MS = 60_000;
const CMS_TIMEOUT_MS = 10_000;

export const messages = {
  missing: { vi: 'Nhập email và mật khẩu.', en: 'Enter your email and password.' },
  wrong: { vi: 'Email hoặc mật khẩu không đúng.', en: 'Wrong email or password.' },
  suspended: {
    vi: 'Tài khoản đang bị tạm khoá. Liên hệ đơn vị điều phối dữ liệu để mở lại.',
    en: 'This account is suspended. Ask the coordinating department to reopen it.',
  },
  noAgency: {
    vi: 'Tài khoản chưa được gán cơ quan nên chưa dùng được không gian xuất bản. Liên hệ đơn vị điều phối dữ liệu.',
    en: 'This account has no agency yet, so it cannot use the publishing workspace. Ask the coordinating department.',
  },
  unavailable: { vi: 'Hệ thống quản trị nội dung (CMS) đang không trả lời. Hãy thử lại sau ít phút.', en: 'The CMS is not answering. Try again in a few minutes.' },
  signedOut: { vi: 'Phiên đăng nhập đã hết. Hãy đăng nhập lại.', en: 'Your session has ended. Sign in again.' },
  csrf: { vi: 'Biểu mẫu đã cũ hoặc không đến từ trang này. Hãy tải lại trang và gửi lại.', en: 'The form is out of date or did not come from this site. Reload the page and send it again.' },
  otherOrigin: { vi: 'Yêu cầu đến từ một trang web khác nên bị từ chối.', en: 'The request came from another website and was refused.' },
} satisfies Record<string, Message>;

/** Too many failed sign-ins: how long to wait, in both languages. */
export function tooManyAttempts(retryAfterS: number): Message {
  const minutes = Math.ceil(retryAfterS / 60);
  return {
    vi: `Đăng nhập sai quá nhiều lần. Hãy thử lại sau ${retryAfterS} giây (khoảng ${minutes} phút).`,
    en: `Too many failed sign-ins. Try again in ${retryAfterS} seconds (about ${minutes} min).`,
  };
}

// ——— the sealed cookie ———

/** What the cookie holds. `sid` is made at sign-in and kept across refreshes: the CSRF tokens of open pages stay valid. */
export interface SealedSession {
  v: 1;
  sid: string;
  access: string;
  refresh: string;
  /** When the access token expires (ms since the epoch). */
  expires: number;
  editor: Editor;
}

function key(secret: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'odp-workspace-session', purpose, 32));
}

const SEAL_AAD = Buffer.from(SESSION_COOKIE);

/** `payload` encrypted and authenticated: base64url(iv ‖ tag ‖ ciphertext). */
export function seal(payload: SealedSession, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(secret, 'cookie'), iv);
  cipher.setAAD(SEAL_AAD);
  const body = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** The payload of a sealed value; undefined when it was altered, sealed with another secret, or is not one. */
export function unseal(value: string, secret: string): SealedSession | undefined {
  const raw = Buffer.from(value, 'base64url');
  if (raw.length < 29) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key(secret, 'cookie'), raw.subarray(0, 12));
    decipher.setAAD(SEAL_AAD);
    decipher.setAuthTag(raw.subarray(12, 28));
    const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    const p = JSON.parse(text) as Partial<SealedSession>;
    if (p.v !== 1 || typeof p.sid !== 'string' || typeof p.access !== 'string' || typeof p.refresh !== 'string' || typeof p.expires !== 'number' || !p.editor) return undefined;
    return p as SealedSession;
  } catch {
    return undefined;
  }
}

/** The session id: from the refresh token given at sign-in, never the token itself. */
export function sessionId(refreshToken: string): string {
  return createHash('sha256').update(`odp-session-id:${refreshToken}`).digest('base64url').slice(0, 32);
}

// ——— CSRF ———

export function csrfToken(secret: string, sid: string): string {
  return createHmac('sha256', key(secret, 'csrf')).update(sid).digest('base64url');
}

export function csrfValid(secret: string, sid: string, given: unknown): boolean {
  if (typeof given !== 'string' || !given) return false;
  const want = Buffer.from(csrfToken(secret, sid));
  const got = Buffer.from(given);
  return want.length === got.length && timingSafeEqual(want, got);
}

/**
 * Whether the request's Origin header, when there is one, names this site. The site's host is the
 * Host header, or what the trusted proxy says it forwarded (X-Forwarded-Host); `null` (a sandboxed
 * or privacy-redirected document) is refused too. Without an Origin the CSRF token decides.
 */
export function sameOrigin(request: Request, url: URL, trustProxy: boolean): boolean {
  const origin = request.headers.get('origin');
  if (origin === null) return true;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  const forwarded = trustProxy ? request.headers.get('x-forwarded-host')?.split(',')[0]?.trim() : undefined;
  const own = [url.host, request.headers.get('host'), forwarded].filter((h): h is string => Boolean(h)).map((h) => h.toLowerCase());
  return own.includes(host.toLowerCase());
}

// ——— failed sign-ins ———

/**
 * Failed sign-ins per key (an account, a client address) in fixed windows. Only failures count: a
 * person who signs in well is never slowed down. Bounded: when full, the oldest windows go first.
 */
export class SignInFailures {
  readonly #windows = new Map<string, { count: number; resetAt: number }>();
  readonly max: number;
  constructor(max = 10_000) {
    this.max = max;
  }

  get size(): number {
    return this.#windows.size;
  }

  /** Seconds to wait before `key` may try again, or 0. */
  blockedFor(key: string, limit: number, now = Date.now()): number {
    const w = this.#windows.get(key);
    if (!w || w.resetAt <= now || w.count < limit) return 0;
    return Math.max(1, Math.ceil((w.resetAt - now) / 1000));
  }

  fail(key: string, windowMs: number, now = Date.now()): void {
    let w = this.#windows.get(key);
    if (!w || w.resetAt <= now) {
      this.#windows.delete(key);
      while (this.#windows.size >= this.max) {
        const oldest = this.#windows.keys().next().value;
        if (oldest === undefined) break;
        this.#windows.delete(oldest);
      }
      w = { count: 0, resetAt: now + windowMs };
      this.#windows.set(key, w);
    }
    w.count++;
  }

  forget(key: string): void {
    this.#windows.delete(key);
  }
}

/** The failed sign-ins of this server process. */
export const signInFailures = new SignInFailures();

// ——— Directus ———

interface Tokens {
  access: string;
  refresh: string;
  expires: number;
}

type CmsAnswer<T> = { ok: true; data: T } | { ok: false; status: number; code: string | undefined } | { ok: false; status: 0; code: 'UNREACHABLE' };

async function cmsCall<T>(cfg: Pick<WorkspaceConfig, 'directusUrl'>, path: string, init: { method?: string; body?: unknown; token?: string }): Promise<CmsAnswer<T>> {
  let res: Response;
  try {
    res = await fetch(new URL(path, cfg.directusUrl.replace(/\/?$/, '/')), {
      method: init.method ?? 'GET',
      headers: { Accept: 'application/json', ...(init.body ? { 'Content-Type': 'application/json' } : {}), ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}) },
      body: init.body ? JSON.stringify(init.body) : undefined,
      signal: AbortSignal.timeout(CMS_TIMEOUT_MS),
    });
  } catch {
    return { ok: false, status: 0, code: 'UNREACHABLE' };
  }
  const json = (await res.json().catch(() => undefined)) as { data?: T; errors?: { extensions?: { code?: string } }[] } | undefined;
  if (!res.ok) return { ok: false, status: res.status, code: json?.errors?.[0]?.extensions?.code };
  return { ok: true, data: json?.data as T };
}

function tokensOf(data: { access_token?: string; refresh_token?: string; expires?: number } | undefined, now: number): Tokens | undefined {
  if (!data?.access_token || !data.refresh_token) return undefined;
  return { access: data.access_token, refresh: data.refresh_token, expires: now + (data.expires ?? 0) };
}

/** The claims Directus signed into its access token (read only: the token came straight from Directus). */
function tokenClaims(token: string): { admin_access?: boolean; app_access?: boolean } {
  try {
    return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { admin_access?: boolean };
  } catch {
    return {};
  }
}

/** The workspace role of a user, or undefined when the user has none (no agency and not a reviewer). */
export function editorRoleOf(user: { roleName?: string | null; agency?: string | null; admin?: boolean }): EditorRole | undefined {
  if (user.admin) return 'administrator';
  if (user.roleName === roleNames.reviewer) return 'reviewer';
  if (user.roleName === roleNames.editor && user.agency) return 'editor';
  // A user of another role set up with an agency acts as its editor (cms/src/access-rules.ts actorOfUser).
  if (user.roleName !== roleNames.intake && user.agency) return 'editor';
  return undefined;
}

interface Me {
  id: string;
  email?: string | null;
  first_name?: string | null;
  last_name?: string | null;
  agency?: string | null;
  role?: { name?: string | null } | string | null;
}

async function loadEditor(cfg: WorkspaceConfig, token: string): Promise<{ ok: true; editor: Editor | undefined } | { ok: false; status: number }> {
  const me = await cmsCall<Me>(cfg, 'users/me?fields=id,email,first_name,last_name,agency,role.name', { token });
  if (!me.ok) return { ok: false, status: me.status };
  const u = me.data;
  const roleName = u.role && typeof u.role === 'object' ? (u.role.name ?? undefined) : undefined;
  const role = editorRoleOf({ roleName, agency: u.agency, admin: tokenClaims(token).admin_access === true });
  if (!role || !u.id) return { ok: true, editor: undefined };
  const email = u.email ?? '';
  const name = [u.first_name, u.last_name].filter(Boolean).join(' ').trim() || email;
  return { ok: true, editor: { id: u.id, email, name, agency: u.agency ?? undefined, role } };
}

/**
 * Refreshes under way or just done, by the refresh token they used: Directus accepts a refresh token
 * once, so two requests of one browser refreshing at the same time share one answer.
 */
const refreshes = new Map<string, { at: number; result: Promise<Tokens | 'ended' | 'suspended' | 'unavailable'> }>();
const REFRESH_SHARED_MS = 30_000;

function refreshOnce(cfg: WorkspaceConfig, refreshToken: string, now: number): Promise<Tokens | 'ended' | 'suspended' | 'unavailable'> {
  for (const [k, r] of refreshes) if (now - r.at > REFRESH_SHARED_MS) refreshes.delete(k);
  const known = refreshes.get(refreshToken);
  if (known) return known.result;
  const result = cmsCall<{ access_token: string; refresh_token: string; expires: number }>(cfg, 'auth/refresh', { method: 'POST', body: { refresh_token: refreshToken, mode: 'json' } }).then((r) => {
    if (r.ok) return tokensOf(r.data, Date.now()) ?? 'unavailable';
    if (r.code === 'USER_SUSPENDED') return 'suspended';
    if (r.status === 0 || r.status >= 500) return 'unavailable';
    return 'ended';
  });
  refreshes.set(refreshToken, { at: now, result });
  return result;
}

// ——— the session of a request ———

/** The workspace configuration of this process, or of `env` when given (tests). */
export function workspaceSettings(env?: Readonly<Record<string, string | undefined>>): WorkspaceConfig | undefined {
  return workspaceConfig(env ? readConfig(env) : config());
}

function isHttps(ctx: Ctx, trustProxy: boolean): boolean {
  return requestIsHttps(ctx.url.protocol === 'https:', ctx.request.headers.get('x-forwarded-proto') ?? undefined, trustProxy);
}

function setCookie(ctx: Ctx, cfg: WorkspaceConfig, payload: SealedSession): void {
  // No Max-Age: the cookie ends with the browser; the refresh token's lifetime in Directus bounds it too.
  ctx.cookies.set(SESSION_COOKIE, seal(payload, cfg.sessionSecret), { httpOnly: true, sameSite: 'lax', path: '/', secure: isHttps(ctx, cfg.trustProxy) });
}

function clearCookie(ctx: Ctx): void {
  ctx.cookies.delete(SESSION_COOKIE, { path: '/' });
}

function sessionOf(cfg: WorkspaceConfig, s: SealedSession): Session {
  return { editor: s.editor, token: s.access, csrf: csrfToken(cfg.sessionSecret, s.sid) };
}

/** The signed-in editor of this request (refreshes tokens about to expire and sets the cookie again), or undefined. */
export async function readSession(ctx: Ctx, now = Date.now()): Promise<Session | undefined> {
  const cfg = workspaceSettings();
  const value = ctx.cookies.get(SESSION_COOKIE)?.value;
  if (!cfg || !value) return undefined;
  const sealed = unseal(value, cfg.sessionSecret);
  if (!sealed) {
    clearCookie(ctx);
    return undefined;
  }
  if (sealed.expires - now > REFRESH_BEFORE_MS) return sessionOf(cfg, sealed);
  const fresh = await refreshOnce(cfg, sealed.refresh, now);
  if (fresh === 'unavailable') {
    // The CMS is down: a token that is still valid is still good; an expired one cannot be renewed now.
    return sealed.expires > now ? sessionOf(cfg, sealed) : undefined;
  }
  if (fresh === 'ended' || fresh === 'suspended') {
    clearCookie(ctx);
    return undefined;
  }
  // The editor's role or agency may have changed since sign-in: read again with each new token.
  const loaded = await loadEditor(cfg, fresh.access);
  const editor = loaded.ok ? loaded.editor : sealed.editor;
  if (!editor) {
    clearCookie(ctx);
    return undefined;
  }
  const next: SealedSession = { ...sealed, access: fresh.access, refresh: fresh.refresh, expires: fresh.expires, editor };
  setCookie(ctx, cfg, next);
  return sessionOf(cfg, next);
}

export type PostCheck = { ok: true; session: Session } | { ok: false; status: 401 | 403; message: Message };

/** For every POST of the workspace: a session and a valid `_csrf` field in `form`; otherwise why not (401: sign in again; 403: CSRF). */
export async function requirePost(ctx: Ctx, form: FormData): Promise<PostCheck> {
  const cfg = workspaceSettings();
  if (cfg && !sameOrigin(ctx.request, ctx.url, cfg.trustProxy)) return { ok: false, status: 403, message: messages.otherOrigin };
  const session = await readSession(ctx);
  if (!cfg || !session) return { ok: false, status: 401, message: messages.signedOut };
  const sealed = unseal(ctx.cookies.get(SESSION_COOKIE)?.value ?? '', cfg.sessionSecret);
  if (!sealed || !csrfValid(cfg.sessionSecret, sealed.sid, form.get(CSRF_FIELD))) return { ok: false, status: 403, message: messages.csrf };
  return { ok: true, session };
}

export type SignInResult = { ok: true; session: Session } | { ok: false; status: 400 | 401 | 403 | 429 | 503; message: Message; retryAfterS?: number };

/** Signs in with Directus; failures are counted per account and per client address. */
export async function signIn(ctx: Ctx, email: string, password: string, failures = signInFailures): Promise<SignInResult> {
  const cfg = workspaceSettings();
  if (!cfg) return { ok: false, status: 503, message: messages.unavailable };
  // Directus compares e-mail addresses without case; so do the counters, or `A@b.vn` would be a fresh account.
  const address = email.normalize('NFC').trim().toLowerCase();
  const account = `account:${address}`;
  if (!address || !password) return { ok: false, status: 400, message: messages.missing };
  const client = `client:${clientKey(ctx.clientAddress, ctx.request.headers.get('x-forwarded-for'), cfg.trustProxy)}`;
  const now = Date.now();
  const wait = Math.max(failures.blockedFor(account, cfg.signin.accountAttempts, now), failures.blockedFor(client, cfg.signin.clientAttempts, now));
  if (wait > 0) return { ok: false, status: 429, message: tooManyAttempts(wait), retryAfterS: wait };

  const login = await cmsCall<{ access_token: string; refresh_token: string; expires: number }>(cfg, 'auth/login', {
    method: 'POST',
    body: { email: address, password, mode: 'json' },
  });
  if (!login.ok) {
    if (login.status === 401 && login.code !== 'USER_SUSPENDED') {
      failures.fail(account, cfg.signin.windowMs, now);
      failures.fail(client, cfg.signin.windowMs, now);
      return { ok: false, status: 401, message: messages.wrong };
    }
    if (login.code === 'USER_SUSPENDED') return { ok: false, status: 403, message: messages.suspended };
    // Directus's own limiter of login attempts answers 429 too.
    if (login.status === 429) return { ok: false, status: 429, message: tooManyAttempts(Math.ceil(cfg.signin.windowMs / 1000)), retryAfterS: Math.ceil(cfg.signin.windowMs / 1000) };
    return { ok: false, status: 503, message: messages.unavailable };
  }
  const tokens = tokensOf(login.data, Date.now());
  if (!tokens) return { ok: false, status: 503, message: messages.unavailable };
  const loaded = await loadEditor(cfg, tokens.access);
  if (!loaded.ok || !loaded.editor) {
    await cmsCall(cfg, 'auth/logout', { method: 'POST', body: { refresh_token: tokens.refresh, mode: 'json' } });
    return loaded.ok ? { ok: false, status: 403, message: messages.noAgency } : { ok: false, status: 503, message: messages.unavailable };
  }
  failures.forget(account);
  const sealed: SealedSession = { v: 1, sid: sessionId(tokens.refresh), access: tokens.access, refresh: tokens.refresh, expires: tokens.expires, editor: loaded.editor };
  setCookie(ctx, cfg, sealed);
  return { ok: true, session: sessionOf(cfg, sealed) };
}

/** Ends the session in Directus (its refresh token is revoked) and clears the cookie. */
export async function signOut(ctx: Ctx): Promise<void> {
  const cfg = workspaceSettings();
  const value = ctx.cookies.get(SESSION_COOKIE)?.value;
  const sealed = cfg && value ? unseal(value, cfg.sessionSecret) : undefined;
  if (cfg && sealed) await cmsCall(cfg, 'auth/logout', { method: 'POST', body: { refresh_token: sealed.refresh, mode: 'json' } });
  clearCookie(ctx);
}

// ——— the pages' side ———

/** The workspace's home in the language of `url`: /publish/ or /en/publish/. */
export function workspaceHome(url: URL): string {
  return /^\/en(\/|$)/.test(url.pathname) ? '/en/publish/' : '/publish/';
}

/** Where to go after signing in: `next` when it is a path of the workspace on this site, else the workspace's home. */
export function safeNext(next: unknown, url: URL): string {
  const home = workspaceHome(url);
  if (typeof next !== 'string' || !next) return home;
  // Only a plain path: no scheme, no host (`//evil`), no backslash tricks, no way out by `..`.
  if (!/^\/(en\/)?publish(\/[A-Za-z0-9._~\-/]*)?(\?[A-Za-z0-9._~\-=&%]*)?$/.test(next) || next.includes('//') || next.includes('..')) return home;
  return next;
}

/** The sign-in form's POST, for the workspace's home page: where to go, or the status and message to show with the form again. */
export async function handleSignIn(ctx: Ctx): Promise<{ status: number; error?: Message; redirect?: string; retryAfterS?: number }> {
  const cfg = workspaceSettings();
  if (cfg && !sameOrigin(ctx.request, ctx.url, cfg.trustProxy)) return { status: 403, error: messages.otherOrigin };
  let form: FormData;
  try {
    form = await ctx.request.formData();
  } catch {
    return { status: 400, error: messages.missing };
  }
  const text = (name: string) => {
    const v = form.get(name);
    return typeof v === 'string' ? v : '';
  };
  const result = await signIn(ctx, text('email'), text('password'));
  if (!result.ok) return { status: result.status, error: result.message, ...(result.retryAfterS ? { retryAfterS: result.retryAfterS } : {}) };
  return { status: 303, redirect: safeNext(text('next'), ctx.url) };
}
