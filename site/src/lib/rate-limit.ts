// Rate limits of the server routes (search, CKAN API, request forms): a token bucket per client and
// per kind of request, in memory. A rule of `limit` requests per window lets a client send up to
// `limit` at once and then `limit` per window, spread evenly: a harvester reading the catalog keeps
// going at the sustained rate instead of waiting out a whole window (reads are cheap, from the
// snapshot; writes and forms have a much smaller rule). Memory is bounded: at most `maxClients`
// buckets are kept; when full, buckets that have filled up again (the same as a client never seen)
// are dropped first, then the oldest. One portal server process holds its own buckets (a city
// running several behind a proxy limits at the proxy as well).
import { config, rateLimits, readConfig, type RateLimitConfig, type RateRule } from '../../../platform/config.ts';

export type { RateLimitConfig, RateRule } from '../../../platform/config.ts';

export type RateVerdict = { ok: true; remaining: number } | { ok: false; retryAfterS: number };

/**
 * The limits (ODP_RATE_LIMIT, ODP_RATE_LIMIT_READ, _WRITE, _WORKSPACE, _WINDOW_S, _CLIENTS and ODP_TRUST_PROXY in
 * the configuration table) of this process, or of `env` when given.
 */
export function rateLimitConfig(env?: Readonly<Record<string, string | undefined>>): RateLimitConfig {
  return rateLimits(env ? readConfig(env) : config());
}

interface Bucket {
  tokens: number;
  at: number;
  /** When the bucket is full again if nothing more is asked. */
  fullAt: number;
}

export class RateLimiter {
  readonly #buckets = new Map<string, Bucket>();
  readonly maxClients: number;
  constructor(maxClients: number) {
    this.maxClients = maxClients;
  }

  get size(): number {
    return this.#buckets.size;
  }

  /** Counts one request of `key` under `rule` at time `now`. */
  hit(key: string, rule: RateRule, now = Date.now()): RateVerdict {
    const perMs = rule.limit / rule.windowMs;
    let b = this.#buckets.get(key);
    if (b) {
      b.tokens = Math.min(rule.limit, b.tokens + Math.max(0, now - b.at) * perMs);
      b.at = now;
    } else {
      this.#makeRoom(now);
      b = { tokens: rule.limit, at: now, fullAt: now };
      this.#buckets.set(key, b);
    }
    if (b.tokens < 1) return { ok: false, retryAfterS: Math.max(1, Math.ceil((1 - b.tokens) / perMs / 1000)) };
    b.tokens -= 1;
    b.fullAt = now + (rule.limit - b.tokens) / perMs;
    return { ok: true, remaining: Math.floor(b.tokens) };
  }

  #makeRoom(now: number): void {
    if (this.#buckets.size < this.maxClients) return;
    for (const [k, b] of this.#buckets) if (b.fullAt <= now) this.#buckets.delete(k);
    // Still full: forget the oldest buckets (Map keeps insertion order).
    for (const k of this.#buckets.keys()) {
      if (this.#buckets.size < this.maxClients) break;
      this.#buckets.delete(k);
    }
  }
}

/** The client a request is counted against. */
export function clientKey(address: string, forwardedFor: string | null, trustProxy: boolean): string {
  if (trustProxy && forwardedFor) {
    // The proxy appends the address it saw last: the right-most entry is the one it vouches for.
    const last = forwardedFor
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .pop();
    if (last) return last;
  }
  return address;
}

export const isWrite = (method: string): boolean => method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';

/** The agencies' publishing workspace: /publish/… and /en/publish/…. */
export const isWorkspacePath = (pathname: string): boolean => /^\/(en\/)?publish(\/|$)/.test(pathname);

export type RateKind = 'read' | 'write' | 'workspace';

/**
 * Which budget a request is counted against. Editors send many forms in a working session (a long
 * dataset record is saved part by part, files uploaded, checked, submitted): their POSTs have a
 * budget of their own instead of the public forms' small one. The workspace's sign-in failures are
 * limited apart from this, per account (lib/workspace/session.ts).
 */
export function rateKind(method: string, pathname: string): RateKind {
  if (!isWrite(method)) return 'read';
  // The CKAN action API only reads; its clients (ckanapi) POST every call, even a datastore_search.
  if (/^\/api\/3\/action\//.test(pathname)) return 'read';
  return isWorkspacePath(pathname) ? 'workspace' : 'write';
}
