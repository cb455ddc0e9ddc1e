// Against a real Directus over HTTP (SQLite or PostgreSQL, see the project name), through @directus/sdk.
import { createItem, deleteItem, readItem, readItems, readRevisions, updateItem } from '@directus/sdk';
import { randomBytes } from 'node:crypto';
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { example } from '../../catalog-schema/src/examples.ts';
import { applyAccess } from '../src/access.ts';
import { applySchema } from '../src/apply-schema.ts';
import { describeCmsError, publicClient, signIn, type CmsSession } from '../src/client.ts';
import { seedCatalog } from '../src/seed.ts';
import { testUser } from './setup/users.ts';
import { readHistory } from '../../pipeline/change-history.ts';

const cms = inject('cms');

interface SdkError {
  errors: { message: string; extensions: { code: string; errors?: { field: string; code: string; message_vi: string; message_en: string }[] } }[];
  response: Response;
}

async function rejection(p: Promise<unknown>): Promise<SdkError> {
  try {
    await p;
  } catch (e) {
    return e as SdkError;
  }
  throw new Error('expected the request to be rejected');
}

let admin: CmsSession;

// One user per role, shared by every test file (the Core plan allows 3 Data Studio users).
const sessions = new Map<string, Promise<CmsSession>>();
function userOf(key: string, role: string, agency?: string): Promise<CmsSession> {
  let s = sessions.get(key);
  if (!s) {
    s = testUser(admin, cms.url, key, role, agency);
    sessions.set(key, s);
  }
  return s;
}
const editorOf = (agency: 'so-xay-dung') => userOf(`bien-tap-${agency}`, cms.editorRole, agency);
const reviewer = () => userOf('tham-dinh', cms.reviewerRole);

/** The full valid example dataset, under a fresh id, published by `agency`. */
function datasetFor(agency: string, overrides: Record<string, unknown> = {}) {
  const { record } = example('valid', 'dataset-open-full');
  const id = `kiem-thu-${randomBytes(4).toString('hex')}`;
  const { distribution: _ignored, ...rest } = record as Record<string, unknown> & { title: { vi: string } };
  return { ...rest, id, identifier: id, publisher: agency, owningAgency: agency, contactPoint: [], updateResponsibility: [agency], dataConfirmedBy: agency, ...overrides };
}

beforeAll(async () => {
  admin = await signIn(cms.url, cms.adminEmail, cms.adminPassword);
});

describe(`CMS validation hook (${cms.db})`, () => {
  it('rejects an invalid dataset with HTTP 400 and field errors in Vietnamese and English, storing nothing', async () => {
    const { record } = example('invalid', 'dataset-missing-title');
    const err = await rejection(admin.request(createItem('datasets', record as never)));
    expect(err.response.status).toBe(400);
    expect(err.errors[0]?.extensions.code).toBe('CATALOG_VALIDATION_FAILED');
    const fieldErrors = err.errors[0]?.extensions.errors ?? [];
    expect(fieldErrors).toContainEqual(expect.objectContaining({ field: 'title', code: 'required' }));
    expect(fieldErrors[0]?.message_vi).toMatch(/bắt buộc/);
    const stored = await admin.request(readItems('datasets', { filter: { id: { _eq: String(record.id) } } } as never));
    expect(stored).toEqual([]);
  });

  it('rejects every invalid example fixture of the CMS collections with its expected field', async () => {
    // The hardening cases (a NUL stored then broke RDF/XML and Atom; 30 February was stored as 2 March; a
    // loopback link let the build probe the machine) are refused by the hook too, not only by the validators.
    for (const file of [
      'dataset-open-but-agencies-only',
      'dataset-temporal-reversed',
      'dataset-unknown-vocabulary',
      'distribution-bad-url',
      'contact-point-bad-email',
      'dataset-nul-in-title',
      'dataset-impossible-date',
      'distribution-private-address',
    ]) {
      const ex = example('invalid', file);
      const collection = { Dataset: 'datasets', Distribution: 'distributions', ContactPoint: 'contact_points' }[ex.entity as string] ?? '';
      const err = await rejection(admin.request(createItem(collection as never, ex.record as never)));
      expect(err.response.status, file).toBe(400);
      for (const want of ex.expect) expect(err.errors[0]?.extensions.errors, file).toContainEqual(expect.objectContaining(want));
    }
  });

  it('rejects a reference to an agency that does not exist', async () => {
    const err = await rejection(admin.request(createItem('datasets', datasetFor('so-khong-ton-tai') as never)));
    expect(err.response.status).toBe(400);
    expect(err.errors[0]?.extensions.errors).toContainEqual(expect.objectContaining({ field: 'publisher', code: 'unknown_reference' }));
  });

  it('validates a partial update against the whole stored record', async () => {
    const ds = datasetFor('so-khcn');
    await admin.request(createItem('datasets', ds as never));
    const err = await rejection(admin.request(updateItem('datasets', ds.id, { accessLevel: 'internal' } as never)));
    expect(err.response.status).toBe(400);
    expect(err.errors[0]?.extensions.errors).toContainEqual(expect.objectContaining({ field: 'accessLevel', code: 'invalid_value' }));
    const stored = (await admin.request(readItem('datasets', ds.id))) as { accessLevel: string };
    expect(stored.accessLevel).toBe('public');
  });

  it('stores Vietnamese typed in decomposed form (NFD) as NFC', async () => {
    const ds = datasetFor('so-khcn', { title: { vi: 'Dữ liệu thủy văn'.normalize('NFD') } });
    await admin.request(createItem('datasets', ds as never));
    const stored = (await admin.request(readItem('datasets', ds.id))) as { title: { vi: string } };
    expect(stored.title.vi).toBe('Dữ liệu thủy văn'.normalize('NFC'));
  });
});

describe(`roles and permissions (${cms.db})`, () => {
  it('an agency editor creates a valid dataset, and the change is recorded as a revision', async () => {
    const editor = await editorOf('so-xay-dung');
    const ds = datasetFor('so-xay-dung', { status: 'draft' });
    await editor.request(createItem('datasets', ds as never));
    const revisions = (await admin.request(
      readRevisions({ filter: { collection: { _eq: 'datasets' }, item: { _eq: ds.id } }, fields: ['id', 'data', 'activity.action', 'activity.user'] } as never),
    )) as { data: { title: { vi: string } }; activity: { action: string; user: string } }[];
    expect(revisions.length).toBe(1);
    expect(revisions[0]?.activity.action).toBe('create');
    expect(revisions[0]?.data.title.vi).toBe(ds.title.vi);
    const me = (await editor.request(readItems('datasets', { filter: { id: { _eq: ds.id } } } as never))) as unknown[];
    expect(me).toHaveLength(1);
  });

  it("an agency editor cannot update another agency's dataset (403)", async () => {
    const editor = await editorOf('so-xay-dung');
    const other = datasetFor('so-khcn', { status: 'draft' });
    await admin.request(createItem('datasets', other as never));
    const err = await rejection(editor.request(updateItem('datasets', other.id, { version: '2' } as never)));
    expect(err.response.status).toBe(403);
    const stored = (await admin.request(readItem('datasets', other.id))) as { version: string | null };
    expect(stored.version).toBeNull();
  });

  it('an agency editor cannot create a dataset for another agency', async () => {
    const editor = await editorOf('so-xay-dung');
    const ds = datasetFor('so-khcn', { status: 'draft' });
    const err = await rejection(editor.request(createItem('datasets', ds as never)));
    expect([400, 403]).toContain(err.response.status);
    expect(await admin.request(readItems('datasets', { filter: { id: { _eq: ds.id } } } as never))).toEqual([]);
  });

  it('an agency editor cannot publish, not even its own dataset', async () => {
    const editor = await editorOf('so-xay-dung');
    const ds = datasetFor('so-xay-dung', { status: 'submitted' });
    await editor.request(createItem('datasets', ds as never));
    const err = await rejection(editor.request(updateItem('datasets', ds.id, { status: 'published' } as never)));
    expect([400, 403]).toContain(err.response.status);
    const created = await rejection(editor.request(createItem('datasets', datasetFor('so-xay-dung', { status: 'published' }) as never)));
    expect([400, 403]).toContain(created.response.status);
    const stored = (await admin.request(readItem('datasets', ds.id))) as { status: string };
    expect(stored.status).toBe('submitted');
  });

  it('a reviewer publishes what an editor submitted', async () => {
    const editor = await editorOf('so-xay-dung');
    const ds = datasetFor('so-xay-dung', { status: 'submitted' });
    await editor.request(createItem('datasets', ds as never));
    await (await reviewer()).request(updateItem('datasets', ds.id, { status: 'published' } as never));
    const stored = (await admin.request(readItem('datasets', ds.id))) as { status: string };
    expect(stored.status).toBe('published');
  });

  it('a sent-back entry is not published: comments required, then resubmitted, then published; the public history shows the steps', async () => {
    const editor = await editorOf('so-xay-dung');
    const rev = await reviewer();
    const ds = datasetFor('so-xay-dung', { status: 'submitted' });
    await editor.request(createItem('datasets', ds as never));
    const noNote = await rejection(rev.request(updateItem('datasets', ds.id, { status: 'changes_requested' } as never)));
    expect(noNote.response.status).toBe(400);
    expect(noNote.errors[0]?.extensions.code).toBe('REVIEW_NOTE_REQUIRED');
    await rev.request(updateItem('datasets', ds.id, { status: 'changes_requested', reviewNote: 'Bổ sung mô tả cột / describe the columns' } as never));
    const early = await rejection(rev.request(updateItem('datasets', ds.id, { status: 'published' } as never)));
    expect(early.response.status).toBe(400);
    expect(early.errors[0]?.extensions.code).toBe('WORKFLOW_TRANSITION');
    expect(((await admin.request(readItem('datasets', ds.id))) as { status: string }).status).toBe('changes_requested');
    await editor.request(updateItem('datasets', ds.id, { status: 'submitted', version: '1.1' } as never));
    await rev.request(updateItem('datasets', ds.id, { status: 'published' } as never));
    expect(((await admin.request(readItem('datasets', ds.id))) as { status: string }).status).toBe('published');

    const history = (await readHistory(admin, new Set([ds.id])))[ds.id] ?? [];
    expect(history.map((h) => h.status?.to).filter(Boolean)).toEqual(['published', 'submitted', 'changes_requested', 'submitted']);
    expect(history.find((h) => h.status?.to === 'submitted' && h.status.from === 'changes_requested')?.fields).toEqual(['version']);
    expect(JSON.stringify(history)).not.toMatch(/Bổ sung|@example\.com/);
  });

  it('the public reads published open data and the description of shared data, not sectoral data kept for the agencies', async () => {
    const open = datasetFor('so-khcn', { status: 'published' });
    const { record: shared } = example('valid', 'dataset-shared-minimal');
    const restricted = { ...shared, id: `chia-se-${randomBytes(4).toString('hex')}`, publisher: 'so-khcn', status: 'published' };
    const sectoral = { ...restricted, id: `nganh-${randomBytes(4).toString('hex')}`, accessLevel: 'internal', dataKind: ['sectoral'] };
    for (const d of [open, restricted, sectoral]) await admin.request(createItem('datasets', d as never));
    const anon = publicClient(cms.url);
    const seen = (await anon.request(readItems('datasets', { filter: { id: { _in: [open.id, restricted.id, sectoral.id] } }, fields: ['id', 'accessLevel'] } as never))) as { id: string }[];
    expect(seen.map((d) => d.id).sort()).toEqual([open.id, restricted.id].sort());
    const err = await rejection(anon.request(readItem('datasets', sectoral.id)));
    expect(err.response.status).toBe(403);
  });

  it('the public does not read drafts', async () => {
    const draft = datasetFor('so-khcn', { status: 'draft' });
    await admin.request(createItem('datasets', draft as never));
    const err = await rejection(publicClient(cms.url).request(readItem('datasets', draft.id)));
    expect(err.response.status).toBe(403);
  });
});

describe(`personal-data guard (${cms.db})`, () => {
  it('blocks publishing an open dataset whose CSV holds a citizen ID number, with a report, and publishes it once the file is clean', async () => {
    const editor = await editorOf('so-xay-dung');
    const ds = datasetFor('so-xay-dung', { status: 'submitted' });
    await editor.request(createItem('datasets', ds as never));
    const file = `${ds.id}.csv`;
    copyFileSync(path.resolve(import.meta.dirname, '..', '..', 'domain', '__tests__', 'fixtures', 'nguoi-nhan-ho-tro.csv'), path.join(cms.publicDir, 'kiem-thu', file));
    const dist = { id: `${ds.id}-csv`, dataset: ds.id, title: { vi: 'Danh sách' }, format: 'csv', accessURL: `/kiem-thu/${file}`, downloadURL: `/kiem-thu/${file}`, mediaType: 'text/csv' };
    await editor.request(createItem('distributions', dist as never));
    const err = await rejection((await reviewer()).request(updateItem('datasets', ds.id, { status: 'published' } as never)));
    expect(err.response.status).toBe(400);
    expect(err.errors[0]?.extensions.code).toBe('PERSONAL_DATA_FOUND');
    expect(err.errors[0]?.message).toMatch(/dòng\/line 2, cột\/column so_cccd: .*căn cước.*\(07\*+34\)/);
    expect(err.errors[0]?.message).not.toMatch(/079203001234/);
    expect(((await admin.request(readItem('datasets', ds.id))) as { status: string }).status).toBe('submitted');

    // The agency replaces the file with the seed's clean CSV; publishing goes through.
    await editor.request(updateItem('distributions', dist.id, { accessURL: '/data/bai-giu-xe/bai-giu-xe.csv', downloadURL: '/data/bai-giu-xe/bai-giu-xe.csv' } as never));
    await (await reviewer()).request(updateItem('datasets', ds.id, { status: 'published' } as never));
    expect(((await admin.request(readItem('datasets', ds.id))) as { status: string }).status).toBe('published');

    // Adding a file with personal data to a published open dataset is refused too.
    const added = await rejection(admin.request(createItem('distributions', { ...dist, id: `${ds.id}-csv2` } as never)));
    expect(added.errors[0]?.extensions.code).toBe('PERSONAL_DATA_FOUND');
  });
});

describe(`idempotent setup (${cms.db})`, () => {
  it('applying the schema, the roles and the seed again changes nothing', async () => {
    const schema = await applySchema(admin);
    expect([...schema.created, ...schema.updated]).toEqual([]);
    expect((await applyAccess(admin)).changes).toBe(0);
    const seed = await seedCatalog(admin);
    expect(seed.created).toBe(0);
    expect(seed.kept).toBeGreaterThan(100);
  });

  it('seeding again keeps an edit made in the CMS (a restart set `version` back)', async () => {
    const [ds] = (await admin.request(readItems('datasets', { limit: 1, sort: ['id'], fields: ['id', 'version'] } as never))) as { id: string; version?: string | null }[];
    const before = ds!.version ?? null;
    await admin.request(updateItem('datasets', ds!.id, { version: '9.9-edited' } as never));
    try {
      const seed = await seedCatalog(admin);
      expect(seed.created).toBe(0);
      expect(seed.edited).toBeGreaterThanOrEqual(1);
      const after = (await admin.request(readItem('datasets', ds!.id, { fields: ['version'] } as never))) as { version: string };
      expect(after.version).toBe('9.9-edited');
    } finally {
      await admin.request(updateItem('datasets', ds!.id, { version: before } as never));
    }
  });
});

describe(`seeded demo catalog (${cms.db})`, () => {
  it('is readable by the public: agencies with contact points, published datasets with distributions, data services', async () => {
    const anon = publicClient(cms.url);
    const agents = (await anon.request(readItems('agents', { limit: -1 } as never))) as unknown[];
    const contacts = (await anon.request(readItems('contact_points', { limit: -1 } as never))) as { agent: string }[];
    const datasets = (await anon.request(readItems('datasets', { limit: -1, fields: ['id', 'status', 'accessLevel', 'distribution.format'] } as never))) as {
      status: string;
      accessLevel: string;
      distribution: { format: string }[];
    }[];
    const services = (await anon.request(readItems('data_services', { limit: -1 } as never))) as unknown[];
    expect(agents.length).toBeGreaterThanOrEqual(12);
    expect(new Set(contacts.map((c) => c.agent)).size).toBe(agents.length);
    expect(datasets.length).toBeGreaterThan(30);
    expect(datasets.every((d) => d.status === 'published')).toBe(true);
    // The catalog of shared databases and the list of master data are public, never their files.
    expect(datasets.filter((d) => d.accessLevel !== 'public').length).toBeGreaterThanOrEqual(12);
    expect(datasets.every((d) => d.accessLevel === 'public' || d.distribution.length === 0)).toBe(true);
    const formats = new Set(datasets.flatMap((d) => d.distribution.map((x) => x.format)));
    for (const f of ['csv', 'json', 'xml', 'xlsx']) expect(formats).toContain(f);
    expect(services.length).toBeGreaterThan(0);
  });
});

describe(`service notices (${cms.db})`, () => {
  const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();
  const maintenance = (overrides: Record<string, unknown> = {}) => ({
    id: `bao-tri-${randomBytes(4).toString('hex')}`,
    service: 'lgsp-camera-giao-thong',
    publisher: 'so-xay-dung',
    kind: 'maintenance',
    title: { vi: 'Bảo trì máy chủ camera' },
    announced: '2020-01-01T00:00:00.000Z',
    start: inDays(30),
    expectedEnd: inDays(31),
    fallback: { vi: 'Dùng ảnh chụp 5 phút một lần trên trang của Sở' },
    status: 'published',
    ...overrides,
  });

  it('an editor publishes a notice of its own service; the time it was given is the time it reached the CMS', async () => {
    const editor = await editorOf('so-xay-dung');
    const n = maintenance();
    const before = Date.now();
    await editor.request(createItem('service_notices', n as never));
    const stored = (await admin.request(readItem('service_notices', n.id))) as { announced: string; status: string };
    expect(stored.status).toBe('published');
    expect(Date.parse(stored.announced.endsWith('Z') ? stored.announced : `${stored.announced}Z`)).toBeGreaterThanOrEqual(before - 2000);
    // …and cannot move it back in time afterwards.
    await editor.request(updateItem('service_notices', n.id, { announced: '2020-01-01T00:00:00.000Z' } as never));
    const after = (await admin.request(readItem('service_notices', n.id))) as { announced: string };
    expect(after.announced).toBe(stored.announced);
  });

  it('refuses maintenance announced too late, with the earliest allowed date', async () => {
    const editor = await editorOf('so-xay-dung');
    const err = await rejection(editor.request(createItem('service_notices', maintenance({ start: inDays(2), expectedEnd: inDays(3) }) as never)));
    expect(err.response.status).toBe(400);
    const e = err.errors[0]?.extensions.errors?.[0];
    expect(e).toMatchObject({ field: 'start', code: 'notice_too_short' });
    expect(e?.message_vi).toContain('bắt đầu sớm nhất ngày');
  });

  it("refuses a notice about another agency's service, or given in another agency's name", async () => {
    const editor = await editorOf('so-xay-dung');
    const mismatch = await rejection(editor.request(createItem('service_notices', maintenance({ service: 'api-du-lieu-xe-buyt' }) as never)));
    expect(mismatch.errors[0]?.extensions.errors?.[0]).toMatchObject({ field: 'publisher', code: 'publisher_mismatch' });
    const other = await rejection(editor.request(createItem('service_notices', maintenance({ service: 'api-du-lieu-xe-buyt', publisher: 'trung-tam-quan-ly-giao-thong-cong-cong' }) as never)));
    expect(other.response.status).toBe(403);
  });

  it('the public reads notices of the services it reads only, and no distribution of a dataset whose files are not public (regression: relational read rules were dropped)', async () => {
    const anon = publicClient(cms.url);
    const notices = (await anon.request(readItems('service_notices', { limit: -1, fields: ['id', 'service'] } as never))) as { service: string }[];
    const services = new Set(((await anon.request(readItems('data_services', { limit: -1, fields: ['id'] } as never))) as { id: string }[]).map((x) => x.id));
    expect(notices.length).toBeGreaterThan(0);
    expect(notices.every((n) => services.has(n.service))).toBe(true);
    // Services for agencies only are in the public registry, and so are their notices.
    expect(notices.some((n) => n.service === 'lgsp-camera-giao-thong')).toBe(true);
    expect(services.has('api-truong-hoc')).toBe(false); // a draft
    const distributions = (await anon.request(readItems('distributions', { limit: -1, fields: ['id', 'dataset.accessLevel', 'dataset.status'] } as never))) as {
      dataset: { accessLevel: string; status: string };
    }[];
    expect(distributions.length).toBeGreaterThan(30);
    expect(distributions.every((d) => d.dataset.accessLevel === 'public' && d.dataset.status === 'published')).toBe(true);
  });
});

describe(`data-sharing service rules (${cms.db})`, () => {
  it('rejects an invalid OpenAPI document with a clear error, and keeps the stored one', async () => {
    const err = await admin.request(updateItem('data_services', 'api-wifi-cong-cong', { openapi: { openapi: '3.0.3', info: { title: 'x' }, paths: {} } } as never)).catch((e: unknown) => e);
    expect(describeCmsError(err)).toMatch(/^openapi: Đặc tả OpenAPI không hợp lệ: .*version.* \/ Invalid OpenAPI document/);
    const stored = (await admin.request(readItem('data_services', 'api-wifi-cong-cong', { fields: ['openapi'] } as never))) as { openapi: { info: { version: string } } };
    expect(stored.openapi.info.version).toBe('1.0.2');
  });

  it('rejects maintenance announced 6 working days ahead across a weekend and public holidays, and accepts 7', async () => {
    const notice = {
      service: 'api-du-lieu-xe-buyt',
      publisher: 'trung-tam-quan-ly-giao-thong-cong-cong',
      kind: 'maintenance',
      title: { vi: 'Bảo trì thử' },
      announced: '2026-04-23T09:00:00+07:00',
      expectedEnd: '2026-05-08T06:00:00+07:00',
      fallback: { vi: 'Dùng tệp GTFS' },
      status: 'draft',
    };
    const err = await admin.request(createItem('service_notices', { ...notice, id: 'bao-tri-6-ngay', start: '2026-05-06T22:00:00+07:00' } as never)).catch((e: unknown) => e);
    expect(describeCmsError(err)).toContain('start: Bảo trì phải được thông báo trước ít nhất 7 ngày làm việc');
    expect(describeCmsError(err)).toContain('only 6 working day(s) away');
    await admin.request(createItem('service_notices', { ...notice, id: 'bao-tri-7-ngay', start: '2026-05-07T22:00:00+07:00' } as never));
    await admin.request(deleteItem('service_notices', 'bao-tri-7-ngay'));
  });
});
