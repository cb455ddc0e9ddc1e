import { describe, expect, it } from 'vitest';
import { checkRequest, formStamp, HONEYPOT_FIELD, MAX_FORM_AGE_MS, MIN_FILL_MS, referenceNumber, spamCheck, spamMessages, STAMP_FIELD, UsedStamps } from '../src/lib/requests.ts';

const secret = 'test-form-secret';
const known = { datasets: new Set(['dan-so-theo-xa']), agencies: new Set(['so-xay-dung']) };
const now = new Date('2026-11-23T10:00:00Z');
const valid = { kind: 'open_data', title: 'Mở dữ liệu giá đất', description: 'Xin công bố bảng giá đất theo từng xã, dạng CSV.', requesterEmail: 'an@example.com' };

describe('request form spam checks', () => {
  const served = now.getTime() - 60_000;
  it('accepts a form served a minute ago with an empty honeypot', () => {
    expect(spamCheck({ [STAMP_FIELD]: formStamp(served, secret), [HONEYPOT_FIELD]: '' }, now.getTime(), secret)).toBeUndefined();
  });
  it('refuses a filled honeypot', () => {
    expect(spamCheck({ [STAMP_FIELD]: formStamp(served, secret), [HONEYPOT_FIELD]: 'http://spam.example' }, now.getTime(), secret)).toBe('honeypot');
  });
  it('refuses a form sent back faster than a person can fill it', () => {
    expect(spamCheck({ [STAMP_FIELD]: formStamp(now.getTime() - MIN_FILL_MS + 500, secret) }, now.getTime(), secret)).toBe('too_fast');
  });
  it('refuses a stamp that is missing, forged or signed with another secret', () => {
    expect(spamCheck({}, now.getTime(), secret)).toBe('stamp_invalid');
    expect(spamCheck({ [STAMP_FIELD]: `${served}.forged` }, now.getTime(), secret)).toBe('stamp_invalid');
    expect(spamCheck({ [STAMP_FIELD]: formStamp(served, 'other') }, now.getTime(), secret)).toBe('stamp_invalid');
    // A bot cannot move the time back, nor change the nonce, while keeping the signature.
    const [time, nonce, mac] = formStamp(now.getTime(), secret).split('.');
    expect(spamCheck({ [STAMP_FIELD]: `${served}.${nonce}.${mac}` }, now.getTime(), secret)).toBe('stamp_invalid');
    expect(spamCheck({ [STAMP_FIELD]: `${time}.other-nonce.${mac}` }, now.getTime(), secret)).toBe('stamp_invalid');
    // A stamp of the old form (time and signature, no nonce) is refused too.
    expect(spamCheck({ [STAMP_FIELD]: `${served}.${mac}` }, now.getTime(), secret)).toBe('stamp_invalid');
  });
  it('refuses a form older than a day', () => {
    expect(spamCheck({ [STAMP_FIELD]: formStamp(now.getTime() - 25 * 3600_000, secret) }, now.getTime(), secret)).toBe('stamp_expired');
  });
});

describe('regression: one form stamp served about 80 posts', () => {
  const served = now.getTime() - 60_000;
  it('gives every served form its own stamp, even in the same millisecond', () => {
    expect(formStamp(served, secret)).not.toBe(formStamp(served, secret));
  });
  it('accepts a stamp once and refuses every later post of it, with a message in Vietnamese then English', () => {
    const used = new UsedStamps();
    const form = { [STAMP_FIELD]: formStamp(served, secret), [HONEYPOT_FIELD]: '' };
    expect(spamCheck(form, now.getTime(), secret, used)).toBeUndefined();
    for (let i = 1; i < 80; i++) expect(spamCheck(form, now.getTime() + i * 1000, secret, used)).toBe('stamp_used');
    expect(used.size).toBe(1);
    // Another form, served at the same moment, still passes.
    expect(spamCheck({ [STAMP_FIELD]: formStamp(served, secret) }, now.getTime(), secret, used)).toBeUndefined();
    expect(spamMessages.stamp_used.vi).toMatch(/đã được gửi/);
    expect(spamMessages.stamp_used.en).toMatch(/already been sent/);
  });
  it('does not use up a stamp refused for another reason', () => {
    const used = new UsedStamps();
    const stamp = formStamp(now.getTime() - 1000, secret);
    expect(spamCheck({ [STAMP_FIELD]: stamp }, now.getTime(), secret, used)).toBe('too_fast');
    expect(spamCheck({ [STAMP_FIELD]: stamp, [HONEYPOT_FIELD]: 'http://spam.example' }, now.getTime() + MIN_FILL_MS, secret, used)).toBe('honeypot');
    expect(used.size).toBe(0);
    expect(spamCheck({ [STAMP_FIELD]: stamp }, now.getTime() + MIN_FILL_MS, secret, used)).toBeUndefined();
  });
});

describe('the store of used stamps', () => {
  const hour = 3600_000;
  const t0 = Date.parse('2026-11-23T00:00:00Z');
  it('forgets nonces once their stamps have expired, an hour at a time', () => {
    const used = new UsedStamps();
    expect(used.claim('a', t0 + MAX_FORM_AGE_MS, t0)).toBe(true);
    expect(used.claim('b', t0 + 2 * hour + MAX_FORM_AGE_MS, t0 + 2 * hour)).toBe(true);
    expect(used.claim('a', t0 + MAX_FORM_AGE_MS, t0 + 10 * hour)).toBe(false);
    expect(used.size).toBe(2);
    // An hour after a's stamp expired, a is forgotten and b (two hours younger) is still kept.
    expect(used.claim('c', t0 + 25 * hour + MAX_FORM_AGE_MS, t0 + 25 * hour)).toBe(true);
    expect(used.size).toBe(2);
    expect(used.claim('b', t0 + 2 * hour + MAX_FORM_AGE_MS, t0 + 25 * hour)).toBe(false);
    // Long after every stamp expired, nothing is kept.
    expect(used.claim('d', t0 + 100 * hour + MAX_FORM_AGE_MS, t0 + 100 * hour)).toBe(true);
    expect(used.size).toBe(1);
  });
  it('keeps at most its bound, forgetting first the nonces whose stamps expire soonest', () => {
    const used = new UsedStamps(3);
    const at = t0 + 5 * hour;
    // Claimed in another order than they expire.
    expect(used.claim('late', t0 + 3 * hour + MAX_FORM_AGE_MS, at)).toBe(true);
    expect(used.claim('soon', t0 + MAX_FORM_AGE_MS, at)).toBe(true);
    expect(used.claim('middle', t0 + 2 * hour + MAX_FORM_AGE_MS, at)).toBe(true);
    expect(used.claim('new', t0 + 4 * hour + MAX_FORM_AGE_MS, at)).toBe(true);
    expect(used.size).toBe(3);
    expect(used.claim('late', t0 + 3 * hour + MAX_FORM_AGE_MS, at)).toBe(false);
    expect(used.claim('middle', t0 + 2 * hour + MAX_FORM_AGE_MS, at)).toBe(false);
    expect(used.claim('new', t0 + 4 * hour + MAX_FORM_AGE_MS, at)).toBe(false);
    for (let i = 0; i < 100; i++) used.claim(`n${i}`, t0 + 4 * hour + MAX_FORM_AGE_MS, at);
    expect(used.size).toBe(3);
  });
});

describe('request form validation', () => {
  it('makes a received request with a reference number from valid input, NFC-normalised', () => {
    const r = checkRequest({ ...valid, title: 'Mở dữ liệu gia\u0301 đất' }, known, now, 'yc-20261123-abc234');
    expect(r).toEqual({ ok: true, record: { id: 'yc-20261123-abc234', status: 'received', received: now.toISOString(), ...valid, title: 'Mở dữ liệu giá đất' } });
  });
  it('names every missing required field in Vietnamese and English', () => {
    const r = checkRequest({}, known, now);
    expect(r.ok).toBe(false);
    const errors = r.ok ? [] : r.errors;
    expect(errors.map((e) => e.field).sort()).toEqual(['description', 'kind', 'requesterEmail', 'title']);
    expect(errors.find((e) => e.field === 'title')).toMatchObject({ code: 'required', message_vi: 'Tiêu đề là bắt buộc.', message_en: 'Title is required.' });
  });
  it('refuses a bad e-mail, a too short description and a too long title with field messages', () => {
    const r = checkRequest({ ...valid, requesterEmail: 'an@', description: 'ngắn', title: 'x'.repeat(201) }, known, now);
    const errors = r.ok ? [] : r.errors;
    expect(errors).toContainEqual(expect.objectContaining({ field: 'requesterEmail', code: 'invalid_format' }));
    expect(errors).toContainEqual(expect.objectContaining({ field: 'description', code: 'too_short' }));
    expect(errors).toContainEqual(expect.objectContaining({ field: 'title', code: 'too_long' }));
  });
  it('asks for the dataset of a problem report, and refuses datasets and agencies not on the portal', () => {
    const noDataset = checkRequest({ ...valid, kind: 'problem' }, known, now);
    expect(noDataset.ok ? [] : noDataset.errors).toContainEqual(expect.objectContaining({ field: 'dataset', code: 'required' }));
    const unknown = checkRequest({ ...valid, kind: 'problem', dataset: 'khong-co', agency: 'so-khong-co' }, known, now);
    expect(unknown.ok ? [] : unknown.errors.map((e) => `${e.field}/${e.code}`)).toEqual(['dataset/unknown_reference', 'agency/unknown_reference']);
    expect(checkRequest({ ...valid, kind: 'problem', dataset: 'dan-so-theo-xa', agency: 'so-xay-dung' }, known, now).ok).toBe(true);
  });
  it('refuses a kind outside the list', () => {
    const r = checkRequest({ ...valid, kind: 'complaint' }, known, now);
    expect(r.ok ? [] : r.errors.map((e) => e.field)).toEqual(['kind']);
  });
});

describe('reference numbers', () => {
  it('are slugs with the date, so they are valid ids and easy to read out', () => {
    const id = referenceNumber(now, (n) => Buffer.alloc(n, 7));
    expect(id).toBe('yc-20261123-hhhhhh');
    expect(referenceNumber(now)).toMatch(/^yc-20261123-[a-z2-9]{6}$/);
  });
});

describe('the dataset a request names in a large catalog', () => {
  it('is taken from its identifier or from the address of its page', async () => {
    const { datasetIdFrom } = await import('../src/lib/requests.ts');
    expect(datasetIdFrom(' tuyen-xe-buyt ')).toBe('tuyen-xe-buyt');
    expect(datasetIdFrom('https://data.example.gov.vn/datasets/tuyen-xe-buyt/')).toBe('tuyen-xe-buyt');
    expect(datasetIdFrom('https://data.example.gov.vn/en/datasets/tuyen-xe-buyt/?x=1#files')).toBe('tuyen-xe-buyt');
    expect(datasetIdFrom('/datasets/ch%E1%BB%A3-b%E1%BA%BFn-th%C3%A0nh')).toBe('chợ-bến-thành');
    expect(datasetIdFrom('')).toBe('');
  });

  it('is checked against the catalog after it is taken from an address', async () => {
    const { checkRequest, knownIds } = await import('../src/lib/requests.ts');
    const known = knownIds({ datasets: [{ id: 'tuyen-xe-buyt' }], agents: [] });
    expect(knownIds({ datasets: [], agents: [] })).not.toBe(known);
    const base = { kind: 'problem', title: 'Sai giờ chạy', description: 'Giờ chạy tuyến 01 trong tệp CSV không khớp thực tế.', requesterEmail: 'a@example.vn' };
    const ok = checkRequest({ ...base, dataset: 'https://data.example.gov.vn/datasets/tuyen-xe-buyt/' }, known, new Date());
    expect(ok.ok).toBe(true);
    const bad = checkRequest({ ...base, dataset: 'https://data.example.gov.vn/datasets/khong-co/' }, known, new Date());
    expect(bad.ok).toBe(false);
  });
});
