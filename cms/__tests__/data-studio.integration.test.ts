// The reviewers' Data Studio as the real Directus holds it after setup: Vietnamese by default, names
// and sections applied, the reviewer's list views there and answering as the portal's quality rule
// does, nothing of the form's layout read into catalog records, and a second run changing nothing.
// What waits for review carries when it was sent and its quality score then, recorded by the CMS;
// a reviewer switches the Data Studio's language in their own profile.
import { createItem, deleteItem, readCollections, readFields, readItem, readItems, readMe, readPresets, readSettings, readUsers, updateItem, updateItems, updateMe, updateUser } from '@directus/sdk';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DataField, DataService } from '../../catalog-schema/generated/types.ts';
import { example } from '../../catalog-schema/src/examples.ts';
import { portalRoots } from '../../domain/pii-scan.ts';
import { portalProfiles } from '../../domain/portal-profiles.ts';
import { assessQuality, assessServiceQuality } from '../../domain/quality.ts';
import type { DatasetWithDistributions } from '../../domain/snapshot.ts';
import { config, paths } from '../../platform/config.ts';
import { publicClient, readCatalog, signIn, type CmsSession } from '../src/client.ts';
import { applyDataStudio, overdueFilter, reviewerPresets } from '../src/data-studio.ts';
import { sectionPrefix } from '../src/directus-model.ts';
import { testUser } from './setup/users.ts';

const cms = inject('cms');
let admin: CmsSession;
const A = 'so-xay-dung';
const fresh = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;
type Item = Record<string, unknown>;
/** What the tests made, removed at the end (children first). */
const made: [collection: string, id: string][] = [];

beforeAll(async () => {
  admin = await signIn(cms.url, cms.adminEmail, cms.adminPassword);
});
afterAll(async () => {
  for (const [collection, id] of made.reverse()) await admin.request(deleteItem(collection as never, id as never)).catch(() => undefined);
});

const status = (p: Promise<unknown>) =>
  p.then(
    () => 200,
    (e: { response?: Response }) => e.response?.status,
  );

describe(`the Data Studio (${cms.db})`, () => {
  it('opens in Vietnamese, with collections and fields named in Vietnamese and English', async () => {
    const settings = (await admin.request(readSettings())) as { default_language: string };
    expect(settings.default_language).toBe('vi-VN');
    const collections = (await admin.request(readCollections())) as { collection: string; meta: { translations: { language: string; translation: string }[] | null } | null }[];
    expect(collections.find((c) => c.collection === 'datasets')?.meta?.translations).toContainEqual(expect.objectContaining({ language: 'vi-VN', translation: 'Bộ dữ liệu' }));
    const fields = (await admin.request(readFields())) as { collection: string; field: string; meta: { translations: { language: string; translation: string }[] | null } | null }[];
    const publisher = fields.find((f) => f.collection === 'datasets' && f.field === 'publisher');
    expect(publisher?.meta?.translations).toEqual([
      { language: 'vi-VN', translation: 'Cơ quan công bố' },
      { language: 'en-US', translation: 'Publisher' },
    ]);
  });

  it('keeps the form’s sections out of the records read from the CMS', async () => {
    const [dataset] = (await admin.request(readItems('datasets', { limit: 1 } as never))) as Record<string, unknown>[];
    expect(Object.keys(dataset!).filter((k) => k.startsWith(sectionPrefix))).toEqual([]);
  });

  it('gives the reviewer role its list views, and a second run changes nothing', async () => {
    const presets = (await admin.request(readPresets({ filter: { role: { _eq: cms.reviewerRole } }, limit: -1 } as never))) as { bookmark: string | null; collection: string }[];
    expect(presets.filter((p) => p.collection === 'datasets' && p.bookmark).map((p) => p.bookmark)).toEqual(
      expect.arrayContaining(['Chờ duyệt (Awaiting review)', 'Bị trả lại (Sent back)', 'Quá hạn cập nhật (Update overdue)']),
    );
    expect(await applyDataStudio(admin, cms.reviewerRole)).toBe(0);
  });

  it('lists as overdue the published datasets the quality score finds overdue', async () => {
    const listed = (await admin.request(readItems('datasets', { filter: overdueFilter(), fields: ['id'], limit: -1 } as never))) as { id: string }[];
    const all = (await admin.request(readItems('datasets', { filter: { status: { _eq: 'published' } }, limit: -1 } as never))) as Record<string, unknown>[];
    const today = new Date().toISOString().slice(0, 10);
    const overdue = all
      .filter((d) => assessQuality({ ...(d as unknown as DatasetWithDistributions), distribution: [] }, {}, today).overdue)
      .map((d) => d.id as string)
      .sort();
    expect(overdue.length).toBeGreaterThan(0);
    expect(listed.map((d) => d.id).sort()).toEqual(overdue);
  });
});

describe(`sent for review (${cms.db})`, () => {
  /** A draft of agency A whose data dictionary names two of the bus routes file's columns, with that file. */
  async function draftWithFile(): Promise<{ record: Item; file: Item }> {
    const { distribution: _d, ...r } = example('valid', 'dataset-open-full').record;
    const id = fresh('gui-duyet');
    const dataDictionary = (r.dataDictionary as DataField[]).filter((f) => !f.codeList);
    const record = { ...r, id, identifier: id, publisher: A, owningAgency: A, contactPoint: [], updateResponsibility: [A], dataConfirmedBy: A, dataDictionary, status: 'draft' };
    await admin.request(createItem('datasets', record as never));
    made.push(['datasets', id]);
    const url = '/data/tuyen-xe-buyt/tuyen-xe-buyt.csv';
    const file = { id: fresh('tep'), dataset: id, title: { vi: 'Tuyến xe buýt (CSV)' }, format: 'csv', accessURL: url, downloadURL: url };
    await admin.request(createItem('distributions', file as never));
    made.push(['distributions', String(file.id)]);
    return { record, file };
  }

  /** The score the workspace's check page shows for it: its metadata and its file on the portal, measured now. */
  async function checkPageScore(record: Item, file: Item): Promise<{ withFiles: number; metadataOnly: number }> {
    const p = paths();
    const files = { roots: portalRoots(cms.publicDir, p.uploadsDir), uploadsDir: p.uploadsDir, portalOrigins: [], codes: new Map(), maxBytes: config().values.ODP_UPLOAD_MAX_BYTES };
    const d = { ...record, status: 'submitted', distribution: [file] } as unknown as DatasetWithDistributions;
    const today = new Date().toISOString().slice(0, 10);
    return { withFiles: assessQuality(d, await portalProfiles(d, d.distribution, files), today).overall, metadataOnly: assessQuality(d, {}, today).overall };
  }

  it("records when an editor sends a dataset for review and its score measured from its files, whatever the editor sent; the agency reads them, other agencies don't", async () => {
    const { record, file } = await draftWithFile();
    const editor = await testUser(admin, cms.url, 'bien-tap', cms.editorRole, A);
    const before = Date.now();
    await editor.request(updateItem('datasets', String(record.id), { status: 'submitted', submitted: '2020-01-01T00:00:00.000Z', qualityScore: 100 } as never));
    const stored = (await admin.request(readItem('datasets', String(record.id), { fields: ['status', 'submitted', 'qualityScore'] } as never))) as Item;
    expect(stored.status).toBe('submitted');
    expect(Date.parse(String(stored.submitted))).toBeGreaterThanOrEqual(before - 5_000);
    const score = await checkPageScore(record, file);
    // The file was read (its link answers, its columns fail the dictionary): not the score of the metadata alone.
    expect(score.withFiles).not.toBe(score.metadataOnly);
    expect(Number(stored.qualityScore)).toBe(score.withFiles);
    // Editing the entry while it waits changes neither; the editor's own values are ignored there too.
    await editor.request(updateItem('datasets', String(record.id), { version: '2', qualityScore: 5 } as never));
    expect(await admin.request(readItem('datasets', String(record.id), { fields: ['submitted', 'qualityScore'] } as never))).toEqual({
      submitted: stored.submitted,
      qualityScore: stored.qualityScore,
    });
    // The agency reads them on its own entry; the reviewer's list has the entry with both.
    expect(Number(((await editor.request(readItem('datasets', String(record.id), { fields: ['qualityScore'] } as never))) as Item).qualityScore)).toBe(score.withFiles);
    const reviewer = await testUser(admin, cms.url, 'tham-dinh', cms.reviewerRole);
    const preset = reviewerPresets().find((p) => p.collection === 'datasets' && p.bookmark === 'Chờ duyệt (Awaiting review)')!;
    const waiting = (await reviewer.request(readItems('datasets', { filter: preset.filter, fields: ['id', ...preset.fields], sort: preset.sort, limit: -1 } as never))) as Item[];
    expect(waiting.at(-1)).toMatchObject({ id: record.id, publisher: A });
    const times = waiting.map((w) => Date.parse(String(w.submitted)));
    expect(times.every((t) => !Number.isNaN(t))).toBe(true);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    // Published, the entry goes out without them: what the build reads (the public's view) has neither.
    await reviewer.request(updateItem('datasets', String(record.id), { status: 'published' } as never));
    const onSite = (await readCatalog(publicClient(cms.url))).datasets.find((d) => (d as Item).id === record.id) as Item | undefined;
    expect(onSite?.title).toEqual(record.title);
    expect([onSite?.submitted, onSite?.qualityScore, onSite?.reviewNote]).toEqual([undefined, undefined, undefined]);
    expect(((await admin.request(readItem('datasets', String(record.id), { fields: ['qualityScore'] } as never))) as Item).qualityScore).toBe(stored.qualityScore);
  });

  it('scores a data service by how complete its description is, and each of several entries submitted at once by its own', async () => {
    const { record: service } = example('valid', 'data-service-lgsp');
    const ids = [fresh('dich-vu'), fresh('dich-vu')];
    const records = [
      { ...service, id: ids[0], publisher: A, status: 'draft' },
      { ...service, id: ids[1], publisher: A, status: 'draft', healthURL: 'https://lgsp.tphcm.gov.vn/api/tthc/v1/health', contactPoint: [] as string[] },
    ];
    for (const r of records) {
      await admin.request(createItem('data_services', r as never));
      made.push(['data_services', String(r.id)]);
    }
    const editor = await testUser(admin, cms.url, 'bien-tap', cms.editorRole, A);
    await editor.request(updateItems('data_services', ids, { status: 'submitted' } as never));
    const expected = records.map((r) => assessServiceQuality(r as unknown as DataService).overall);
    expect(expected[0]).not.toBe(expected[1]);
    // Each entry's own score is written just after the change.
    const scores = async () =>
      Object.fromEntries(
        ((await admin.request(readItems('data_services', { filter: { id: { _in: ids } }, fields: ['id', 'qualityScore'] } as never))) as Item[]).map(
          (r) => [String(r.id), Number(r.qualityScore)] as const,
        ),
      );
    await expect.poll(scores, { timeout: 10_000 }).toEqual(Object.fromEntries(ids.map((id, i) => [id, expected[i]])));
  });
});

describe(`the Data Studio's language (${cms.db})`, () => {
  it("lets a reviewer switch to English and back in their own profile, and change nobody else's nor their own role", async () => {
    const reviewer = await testUser(admin, cms.url, 'tham-dinh', cms.reviewerRole);
    await reviewer.request(updateMe({ language: 'en-US' }));
    expect(((await reviewer.request(readMe({ fields: ['language'] } as never))) as Item).language).toBe('en-US');
    // Back to the project's language (Vietnamese).
    await reviewer.request(updateMe({ language: null }));
    expect(((await reviewer.request(readMe({ fields: ['language'] } as never))) as Item).language).toBeNull();
    const [other] = (await admin.request(readUsers({ filter: { role: { _eq: cms.editorRole } }, fields: ['id', 'language'], limit: 1 } as never))) as Item[];
    expect(await status(reviewer.request(updateUser(String(other!.id), { language: 'en-US' })))).toBe(403);
    expect(await status(reviewer.request(updateMe({ role: cms.editorRole })))).toBe(403);
    expect(((await admin.request(readUsers({ filter: { id: { _eq: String(other!.id) } }, fields: ['language'] } as never))) as Item[])[0]!.language).toBe(other!.language);
  });
});
