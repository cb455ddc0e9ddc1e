// Rate limits of the server routes (search, CKAN API, request forms): a fixed window per client and
// per kind of request, in memory. Memory is bounded: at most `maxClients` counters are kept; when
// full, expired counters are dropped first, then the oldest. One portal server process holds its own
// counters (a city running several behind a proxy limits at the proxy as well).

export interface RateRule {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
}

export interface RateLimitConfig {
  /** Reading requests (GET, HEAD) per client. */
  read: RateRule;
  /** Writing requests (POST and the rest: forms, CKAN POST) per client, stricter. */
  write: RateRule;
  maxClients: number;
  /** Take the client address from X-Forwarded-For (the portal is behind a proxy the operator runs). */
  trustProxy: boolean;
  enabled: boolean;
}

export type RateVerdict = { ok: true; remaining: number } | { ok: false; retryAfterS: number };

function positive(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name}="${raw}" không hợp lệ, cần một số dương / is not valid, a positive number is needed`);
  return n;
}

/**
 * Limits from the environment: ODP_RATE_LIMIT_READ (requests per window, default 120),
 * ODP_RATE_LIMIT_WRITE (default 10), ODP_RATE_LIMIT_WINDOW_S (default 60), ODP_RATE_LIMIT_CLIENTS
 * (counters kept, default 10000), ODP_RATE_LIMIT=0 turns limiting off, ODP_TRUST_PROXY=1.
 */
export function rateLimitConfig(env: Record<string, string | undefined> = process.env): RateLimitConfig {
  const windowMs = positive(env, 'ODP_RATE_LIMIT_WINDOW_S', 60) * 1000;
  return {
    read: { limit: positive(env, 'ODP_RATE_LIMIT_READ', 120), windowMs },
    write: { limit: positive(env, 'ODP_RATE_LIMIT_WRITE', 10), windowMs },
    maxClients: positive(env, 'ODP_RATE_LIMIT_CLIENTS', 10_000),
    trustProxy: env.ODP_TRUST_PROXY === '1',
    enabled: env.ODP_RATE_LIMIT !== '0',
  };
}

interface Counter {
  start: number;
  count: number;
}

export class RateLimiter {
  readonly #counters = new Map<string, Counter>();
  readonly maxClients: number;
  constructor(maxClients: number) {
    this.maxClients = maxClients;
  }

  get size(): number {
    return this.#counters.size;
  }

  /** Counts one request of `key` under `rule` at time `now`. */
  hit(key: string, rule: RateRule, now = Date.now()): RateVerdict {
    let c = this.#counters.get(key);
    if (c && now - c.start >= rule.windowMs) {
      this.#counters.delete(key);
      c = undefined;
    }
    if (!c) {
      this.#makeRoom(now, rule.windowMs);
      c = { start: now, count: 0 };
      this.#counters.set(key, c);
    }
    if (c.count >= rule.limit) return { ok: false, retryAfterS: Math.max(1, Math.ceil((c.start + rule.windowMs - now) / 1000)) };
    c.count++;
    return { ok: true, remaining: rule.limit - c.count };
  }

  #makeRoom(now: number, windowMs: number): void {
    if (this.#counters.size < this.maxClients) return;
    for (const [k, c] of this.#counters) if (now - c.start >= windowMs) this.#counters.delete(k);
    // Still full: forget the oldest counters (Map keeps insertion order).
    for (const k of this.#counters.keys()) {
      if (this.#counters.size < this.maxClients) break;
      this.#counters.delete(k);
    }
  }
}

/** The client a request is counted against. */
export function clientKey(address: string, forwardedFor: string | null, trustProxy: boolean): string {
  if (trustProxy && forwardedFor) {
    // The proxy appends the address it saw last: the right-most entry is the one it vouches for.
    const last = forwardedFor.split(',').map((s) => s.trim()).filter(Boolean).pop();
    if (last) return last;
  }
  return address;
}

export const isWrite = (method: string): boolean => method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
