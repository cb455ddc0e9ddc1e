// The reviewers' Data Studio as the real Directus holds it after setup: Vietnamese by default, names
// and sections applied, the reviewer's list views there and answering as the portal's quality rule
// does, nothing of the form's layout read into catalog records, and a second run changing nothing.
import { readCollections, readFields, readItems, readPresets, readSettings } from '@directus/sdk';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { assessQuality } from '../../domain/quality.ts';
import type { DatasetWithDistributions } from '../../domain/snapshot.ts';
import { signIn, type CmsSession } from '../src/client.ts';
import { applyDataStudio, overdueFilter } from '../src/data-studio.ts';
import { sectionPrefix } from '../src/directus-model.ts';

const cms = inject('cms');
let admin: CmsSession;

beforeAll(async () => {
  admin = await signIn(cms.url, cms.adminEmail, cms.adminPassword);
});

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
