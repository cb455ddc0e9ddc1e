// The portal's request form against a real Directus: what is refused stores nothing, a valid
// request is stored, and the portal's intake token can do nothing else.
import { createItem, deleteItem, readItem, readItems, updateItem } from '@directus/sdk';
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { signIn, tokenClient, type CmsSession } from '../src/client.ts';
import { example } from '../../catalog-schema/src/examples.ts';
import { formStamp, handleRequestPost, HONEYPOT_FIELD, STAMP_FIELD, type RequestServerConfig } from '../../site/src/lib/requests.ts';
import { readPublicRequests } from '../../pipeline/catalog-source.ts';

const cms = inject('cms');
const cfg: RequestServerConfig = { directusUrl: cms.url, token: cms.intakeToken, formSecret: randomBytes(16).toString('hex') };
const known = { datasets: new Set(['tuyen-xe-buyt']), agencies: new Set(['so-khcn']) };
let admin: CmsSession;

/** A form as a person sends it: served a minute ago, honeypot empty; `title` marks it for the read-back. */
function form(title: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    kind: 'problem',
    title,
    description: 'Tệp CSV không có tuyến số 12 đã chạy từ tháng 9; xin bổ sung.',
    dataset: 'tuyen-xe-buyt',
    agency: 'so-khcn',
    requesterName: 'Nguyễn Văn An',
    requesterEmail: 'an.nguyen@example.com',
    [STAMP_FIELD]: formStamp(Date.now() - 60_000, cfg.formSecret),
    [HONEYPOT_FIELD]: '',
    ...extra,
  };
}

async function storedWithTitle(title: string) {
  return admin.request(readItems('data_requests', { filter: { title: { _eq: title } } } as never));
}

beforeAll(async () => {
  admin = await signIn(cms.url, cms.adminEmail, cms.adminPassword);
});

describe(`request form (${cms.db})`, () => {
  it('refuses a filled honeypot and a too fast submit, storing nothing', async () => {
    const bot = `Báo lỗi thư rác ${randomBytes(3).toString('hex')}`;
    expect(await handleRequestPost(form(bot, { [HONEYPOT_FIELD]: 'http://spam.example' }), known, cfg)).toEqual({ kind: 'spam', reason: 'honeypot' });
    expect(await handleRequestPost(form(bot, { [STAMP_FIELD]: formStamp(Date.now() - 500, cfg.formSecret) }), known, cfg)).toEqual({ kind: 'spam', reason: 'too_fast' });
    expect(await storedWithTitle(bot)).toEqual([]);
  });

  it('refuses invalid input with field messages, storing nothing', async () => {
    const title = `Báo lỗi sai thư ${randomBytes(3).toString('hex')}`;
    const out = await handleRequestPost(form(title, { requesterEmail: 'an@', dataset: 'khong-co' }), known, cfg);
    expect(out.kind).toBe('invalid');
    const errors = out.kind === 'invalid' ? out.errors : [];
    expect(errors).toContainEqual(expect.objectContaining({ field: 'requesterEmail', code: 'invalid_format', message_vi: 'Địa chỉ thư điện tử không hợp lệ.' }));
    expect(errors).toContainEqual(expect.objectContaining({ field: 'dataset', code: 'unknown_reference' }));
    expect(await storedWithTitle(title)).toEqual([]);
  });

  it('stores a valid request as received, with its reference number', async () => {
    const title = `Thiếu tuyến xe buýt ${randomBytes(3).toString('hex')}`;
    const out = await handleRequestPost(form(title), known, cfg);
    expect(out.kind).toBe('stored');
    const id = out.kind === 'stored' ? out.id : '';
    expect(id).toMatch(/^yc-\d{8}-[a-z2-9]{6}$/);
    const row = (await admin.request(readItem('data_requests', id))) as Record<string, unknown>;
    expect(row).toMatchObject({ id, kind: 'problem', title, dataset: 'tuyen-xe-buyt', agency: 'so-khcn', requesterEmail: 'an.nguyen@example.com', status: 'received', answer: null });
    // The build's public list has it, without the requester or the free text.
    const listed = (await readPublicRequests(admin)).find((r) => r.id === id);
    expect(listed).toEqual<Record<string, unknown>>({ id, kind: 'problem', title, dataset: 'tuyen-xe-buyt', agency: 'so-khcn', status: 'received', received: expect.any(String) });
  });

  it('regression: one stamp served about 80 posts; the second post of a stamp is refused and writes nothing', async () => {
    const title = `Đề xuất gửi lặp ${randomBytes(3).toString('hex')}`;
    const sent = form(title, { kind: 'open_data', dataset: '' });
    const first = await handleRequestPost(sent, known, cfg);
    expect(first.kind).toBe('stored');
    expect(await handleRequestPost(sent, known, cfg)).toEqual({ kind: 'spam', reason: 'stamp_used' });
    // Changing the fields does not make the stamp new.
    expect(await handleRequestPost({ ...sent, title: `${title} (2)` }, known, cfg)).toEqual({ kind: 'spam', reason: 'stamp_used' });
    expect((await storedWithTitle(title)).map((r) => (r as { id: string }).id)).toEqual([first.kind === 'stored' ? first.id : '']);
    expect(await storedWithTitle(`${title} (2)`)).toEqual([]);
  });

  it('gives the intake token no other right: it cannot read, update or delete requests, nor file one already answered', async () => {
    const title = `Đề xuất mở dữ liệu ${randomBytes(3).toString('hex')}`;
    const out = await handleRequestPost(form(title, { kind: 'open_data', dataset: '' }), known, cfg);
    const id = out.kind === 'stored' ? out.id : '';
    expect(id).not.toBe('');
    const intake = tokenClient(cms.url, cms.intakeToken);
    const status = async (p: Promise<unknown>) =>
      p.then(
        () => 200,
        (e: { response?: Response }) => e.response?.status,
      );
    expect(await status(intake.request(readItems('data_requests')))).toBe(403);
    expect(await status(intake.request(readItem('data_requests', id)))).toBe(403);
    expect(await status(intake.request(updateItem('data_requests', id, { status: 'done' } as never)))).toBe(403);
    expect(await status(intake.request(deleteItem('data_requests', id)))).toBe(403);
    expect(await status(intake.request(readItems('datasets')))).toBe(403);
    const answered = {
      id: `yc-20261123-${randomBytes(3).toString('hex')}`,
      kind: 'open_data',
      title,
      description: 'Xin công bố bảng giá đất theo từng xã.',
      requesterEmail: 'an@example.com',
      status: 'done',
      received: new Date().toISOString(),
    };
    expect(await status(intake.request(createItem('data_requests', answered as never)))).toBe(403);
    expect(((await admin.request(readItem('data_requests', id))) as { status: string }).status).toBe('received');
  });

  it('stores a connection request with its five steps, and refuses one with a step missing', async () => {
    const { record } = example('valid', 'connection-request-xe-buyt');
    const id = `kn-kiem-thu-${randomBytes(3).toString('hex')}`;
    await admin.request(createItem('connection_requests', { ...record, id }));
    const row = (await admin.request(readItem('connection_requests', id))) as { steps: { step: string; owner: string; state: string }[] };
    expect(row.steps.map((x) => `${x.step}:${x.state}`)).toEqual(['need:done', 'appraisal:done', 'setup:in_progress', 'acceptance:pending', 'operation:pending']);
    const short = { ...record, id: `${id}-b`, steps: (record.steps as unknown[]).slice(0, 4) };
    const err = (await admin.request(createItem('connection_requests', short as never)).then(
      () => undefined,
      (e: unknown) => e,
    )) as { response: Response; errors: { extensions: { errors: { field: string }[] } }[] };
    expect(err.response.status).toBe(400);
    expect(err.errors[0]?.extensions.errors.map((e) => e.field)).toContain('steps');
  });
});
