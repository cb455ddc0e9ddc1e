// The public request form (server route /requests/): proposals to open data and problem reports.
// Spam is kept out without asking people to prove anything: a honeypot field that people never
// see, and a signed time stamp that refuses forms sent back faster than a person can fill them
// (or older than a day), and that serves one post only (a stamp once served about 80 posts of a
// script). Rate limiting of /requests/ is the middleware's job, not this module's.
// Valid requests are written to the CMS with the intake token, which may only create requests.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createItem } from '@directus/sdk';
import type { FieldError } from '../../../catalog-schema/src/errors.ts';
import { normalizeRecord } from '../../../catalog-schema/src/normalize.ts';
import { validateRecord } from '../../../catalog-schema/src/validate.ts';
import { describeCmsError, tokenClient } from '../../../cms/src/client.ts';
import { config, portalServerConfig, readConfig } from '../../../platform/config.ts';
import { sharedWeakMap } from './process-cache.ts';

/** The form's fields, as posted. */
export const requestFields = ['kind', 'title', 'description', 'dataset', 'agency', 'requesterName', 'requesterOrganisation', 'requesterEmail'] as const;
export type RequestField = (typeof requestFields)[number];
export type RequestValues = Partial<Record<RequestField, string>>;

/** The honeypot: a field people never see (hidden, skipped by screen readers); bots fill it in. */
export const HONEYPOT_FIELD = 'website';
export const STAMP_FIELD = 'formStamp';
/** Fewer seconds than this between serving and sending the form: not a person typing. */
export const MIN_FILL_MS = 3_000;
export const MAX_FORM_AGE_MS = 24 * 60 * 60 * 1000;

export interface RequestServerConfig {
  directusUrl: string;
  token: string;
  formSecret: string;
}

/** Read at request time (ODP_DIRECTUS_URL, ODP_REQUESTS_TOKEN, ODP_FORM_SECRET), like the search server; of `env` when given. */
export function requestServerConfig(env?: Readonly<Record<string, string | undefined>>): RequestServerConfig | undefined {
  return portalServerConfig(env ? readConfig(env) : config()).requests;
}

function sign(time: number, nonce: string, secret: string): string {
  return createHmac('sha256', secret).update(`odp-request-form:${time}:${nonce}`).digest('base64url');
}

/** The value of the hidden stamp field: when the form was served and a random nonce (which makes it single-use), signed. */
export function formStamp(now: number, secret: string, nonce = randomBytes(12).toString('base64url')): string {
  return `${now}.${nonce}.${sign(now, nonce, secret)}`;
}

const HOUR_MS = 60 * 60 * 1000;

/**
 * The nonces of stamps already posted, kept until their stamps expire (MAX_FORM_AGE_MS after being
 * served), grouped by the hour they expire in so a whole hour is forgotten at once.
 *
 * In memory: the portal server is one process, so this set is the whole truth. With several
 * processes or hosts behind a load balancer each would keep its own set and one stamp could be
 * posted once per process; the used nonces would then have to go to a store they share, with the
 * same expiry (a unique row in the database, or SET NX with a 24-hour TTL in Redis).
 *
 * Bounded: when full, the nonces whose stamps expire soonest are forgotten first. Only a flood of
 * posts (each needing its own served form, and limited per client by the middleware) fills it, and
 * a forgotten stamp could then be posted once more before it expires.
 */
export class UsedStamps {
  private readonly byHour = new Map<number, Set<string>>();
  private count = 0;
  readonly max: number;
  constructor(max = 50_000) {
    this.max = max;
  }

  get size(): number {
    return this.count;
  }

  /** Marks a stamp's nonce as used; false when it was used before (the post must be refused). */
  claim(nonce: string, expiresAt: number, now: number): boolean {
    this.forgetExpired(now);
    for (const nonces of this.byHour.values()) if (nonces.has(nonce)) return false;
    while (this.count >= this.max) this.forgetSoonest();
    const hour = Math.floor(expiresAt / HOUR_MS);
    let nonces = this.byHour.get(hour);
    if (!nonces) this.byHour.set(hour, (nonces = new Set()));
    nonces.add(nonce);
    this.count++;
    return true;
  }

  private forgetExpired(now: number): void {
    for (const [hour, nonces] of this.byHour) {
      if ((hour + 1) * HOUR_MS <= now) {
        this.byHour.delete(hour);
        this.count -= nonces.size;
      }
    }
  }

  private forgetSoonest(): void {
    const hour = Math.min(...this.byHour.keys());
    const nonces = this.byHour.get(hour)!;
    const [first] = nonces;
    nonces.delete(first!);
    this.count--;
    if (!nonces.size) this.byHour.delete(hour);
  }
}

/** The stamps posted to this server. */
export const usedStamps = new UsedStamps();

export type SpamReason = 'honeypot' | 'too_fast' | 'stamp_invalid' | 'stamp_expired' | 'stamp_used';

/**
 * Why a post looks automated, or undefined when it looks like a person's. With `used`, a stamp that
 * passes every other check is claimed there, before anything is awaited, so two posts of one stamp
 * racing each other cannot both pass.
 */
export function spamCheck(form: Record<string, string | undefined>, now: number, secret: string, used?: UsedStamps): SpamReason | undefined {
  if ((form[HONEYPOT_FIELD] ?? '').trim() !== '') return 'honeypot';
  const parts = (form[STAMP_FIELD] ?? '').split('.');
  const [timeText = '', nonce = '', mac = ''] = parts;
  const time = Number(timeText);
  const want = Buffer.from(parts.length === 3 && nonce && Number.isSafeInteger(time) ? sign(time, nonce, secret) : '');
  const got = Buffer.from(mac);
  if (!want.length || want.length !== got.length || !timingSafeEqual(want, got)) return 'stamp_invalid';
  if (now - time < MIN_FILL_MS) return 'too_fast';
  if (now - time > MAX_FORM_AGE_MS) return 'stamp_expired';
  if (used && !used.claim(nonce, time + MAX_FORM_AGE_MS, now)) return 'stamp_used';
  return undefined;
}

/** What the person is told, Vietnamese first. The honeypot is not named, so bots learn nothing from it. */
export const spamMessages: Record<SpamReason, { vi: string; en: string }> = {
  honeypot: {
    vi: 'Yêu cầu không được gửi vì trông giống thư rác. Nếu bạn là người gửi, hãy tải lại trang và gửi lại.',
    en: 'The request was not sent because it looks like spam. If you are a person, reload the page and send it again.',
  },
  too_fast: { vi: 'Biểu mẫu được gửi quá nhanh. Hãy đợi vài giây, kiểm tra nội dung rồi gửi lại.', en: 'The form was sent too fast. Wait a few seconds, check what you wrote and send it again.' },
  stamp_invalid: { vi: 'Biểu mẫu không hợp lệ. Hãy tải lại trang và gửi lại.', en: 'The form is not valid. Reload the page and send it again.' },
  stamp_expired: { vi: 'Biểu mẫu đã quá hạn (hơn 24 giờ). Hãy tải lại trang và gửi lại.', en: 'The form has expired (over 24 hours). Reload the page and send it again.' },
  stamp_used: {
    vi: 'Biểu mẫu này đã được gửi một lần; mỗi lần mở biểu mẫu chỉ gửi được một yêu cầu. Nếu bạn vừa bấm gửi hai lần, yêu cầu đầu tiên có thể đã được nhận: hãy xem danh sách yêu cầu trước khi gửi lại.',
    en: 'This form has already been sent once; each opened form sends one request. If you pressed send twice, the first request may have been received: check the list of requests before sending again.',
  },
};

/** The reference number given to the requester: yc-YYYYMMDD- and six random letters or digits. */
export function referenceNumber(now: Date, random: (n: number) => Buffer = randomBytes): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const tail = [...random(6)].map((b) => alphabet[b % alphabet.length]).join('');
  return `yc-${now.toISOString().slice(0, 10).replaceAll('-', '')}-${tail}`;
}

export interface KnownIds {
  datasets: Set<string>;
  agencies: Set<string>;
}

/** The datasets and agencies a request may name: those on the portal. */
export function knownIds(p: { datasets: readonly { id: string }[]; agents: readonly { id: string }[] }): KnownIds {
  let k = knownCache.get(p);
  if (!k) knownCache.set(p, (k = { datasets: new Set(p.datasets.map((d) => d.id)), agencies: new Set(p.agents.map((a) => a.id)) }));
  return k;
}

// Made once per catalog, not on every request of the form.
const knownCache = sharedWeakMap<object, KnownIds>('known-ids');

export type Checked = { ok: true; record: Record<string, unknown> } | { ok: false; errors: FieldError[] };

const msg = (field: string, code: string, vi: string, en: string): FieldError => ({ field, code, message_vi: vi, message_en: en });

/**
 * The record a form post makes, or field errors. The catalog schema (DataRequest) checks types,
 * lengths and the e-mail; this adds what a form needs: plain messages for empty fields, a dataset
 * for problem reports, and ids that exist on the portal.
 */
/**
 * The dataset a request names, from what was typed in the field of a large catalog: its identifier,
 * or the address of its page (https://…/en/datasets/<id>/ or a path), whose <id> is taken.
 */
export function datasetIdFrom(value: string): string {
  const v = value.trim();
  const m = /\/datasets\/([^/?#\s]+)/.exec(v);
  if (!m) return v;
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    return m[1]!;
  }
}

export function checkRequest(values: RequestValues, known: KnownIds, now: Date, id = referenceNumber(now)): Checked {
  const v = normalizeRecord(Object.fromEntries(requestFields.map((f) => [f, values[f] ?? ''])) as Record<RequestField, string>);
  v.dataset = datasetIdFrom(v.dataset);
  const errors: FieldError[] = [];
  if (v.kind !== 'open_data' && v.kind !== 'problem') errors.push(msg('kind', 'required', 'Hãy chọn loại yêu cầu.', 'Choose the kind of request.'));
  if (!v.title) errors.push(msg('title', 'required', 'Tiêu đề là bắt buộc.', 'Title is required.'));
  if (!v.description) errors.push(msg('description', 'required', 'Nội dung là bắt buộc.', 'Description is required.'));
  if (!v.requesterEmail) errors.push(msg('requesterEmail', 'required', 'Thư điện tử là bắt buộc, để cơ quan trả lời bạn.', 'E-mail is required, so the agency can answer you.'));
  if (v.kind === 'problem' && !v.dataset) errors.push(msg('dataset', 'required', 'Hãy chọn bộ dữ liệu có lỗi.', 'Choose the dataset with the problem.'));
  if (v.dataset && !known.datasets.has(v.dataset)) errors.push(msg('dataset', 'unknown_reference', 'Không có bộ dữ liệu này trên cổng.', 'There is no such dataset on the portal.'));
  if (v.agency && !known.agencies.has(v.agency)) errors.push(msg('agency', 'unknown_reference', 'Không có cơ quan này trên cổng.', 'There is no such agency on the portal.'));
  const record: Record<string, unknown> = { id, status: 'received', received: now.toISOString() };
  for (const f of requestFields) if (v[f]) record[f] = v[f];
  // Schema errors for fields already reported empty or unknown would only repeat them.
  const reported = new Set(errors.map((e) => e.field));
  errors.push(...validateRecord('DataRequest', record).filter((e) => !reported.has(e.field.split('.')[0] ?? '')));
  return errors.length ? { ok: false, errors } : { ok: true, record };
}

export type Submitted = { ok: true; id: string } | { ok: false; reason: string };

/** Writes a checked request to the CMS with the intake token. Failures become a reason, never a throw. */
export async function submitRequest(record: Record<string, unknown>, cfg: RequestServerConfig): Promise<Submitted> {
  try {
    await tokenClient(cfg.directusUrl, cfg.token).request(createItem('data_requests', record as never));
    return { ok: true, id: String(record.id) };
  } catch (err) {
    return { ok: false, reason: describeCmsError(err) };
  }
}

export type Outcome = { kind: 'form' } | { kind: 'spam'; reason: SpamReason } | { kind: 'invalid'; errors: FieldError[] } | { kind: 'unavailable'; reason: string } | { kind: 'stored'; id: string };

/**
 * One form post from start to end: spam check, validation, storing. Nothing is stored unless all
 * pass. The stamp is used up once it passes the spam check, even when the fields are then refused:
 * the page sent back carries a new stamp.
 */
export async function handleRequestPost(form: Record<string, string | undefined>, known: KnownIds, cfg: RequestServerConfig | undefined, now = new Date(), used = usedStamps): Promise<Outcome> {
  if (!cfg) return { kind: 'unavailable', reason: 'request forms are not configured (ODP_DIRECTUS_URL, ODP_REQUESTS_TOKEN, ODP_FORM_SECRET)' };
  const spam = spamCheck(form, now.getTime(), cfg.formSecret, used);
  if (spam) return { kind: 'spam', reason: spam };
  const checked = checkRequest(form, known, now);
  if (!checked.ok) return { kind: 'invalid', errors: checked.errors };
  const stored = await submitRequest(checked.record, cfg);
  return stored.ok ? { kind: 'stored', id: stored.id } : { kind: 'unavailable', reason: stored.reason };
}

export interface FormState {
  outcome: Outcome;
  values: RequestValues;
  /** HTTP status of the page: 400 for refused input, 503 when the CMS cannot take the request. */
  status: number;
}

/**
 * What the form page shows for one request: the empty form (GET; kind and dataset may come from the
 * query, as from a dataset page's "report a problem" link) or the outcome of a post. Called from the
 * page itself, so the status is set before the page starts streaming.
 */
export async function requestFormState(request: Request, url: URL, known: KnownIds, cfg = requestServerConfig()): Promise<FormState> {
  if (request.method !== 'POST') {
    return { outcome: { kind: 'form' }, values: { kind: url.searchParams.get('kind') ?? 'open_data', dataset: datasetIdFrom(url.searchParams.get('dataset') ?? '') }, status: 200 };
  }
  const data = await request.formData();
  const form = Object.fromEntries([...data.entries()].map(([k, v]) => [k, typeof v === 'string' ? v : '']));
  const values = Object.fromEntries(requestFields.map((f) => [f, form[f] ?? ''])) as RequestValues;
  const outcome = await handleRequestPost(form, known, cfg);
  if (outcome.kind === 'unavailable') console.error(`[requests] ${outcome.reason}`);
  return { outcome, values, status: { form: 200, stored: 200, spam: 400, invalid: 400, unavailable: 503 }[outcome.kind] };
}
