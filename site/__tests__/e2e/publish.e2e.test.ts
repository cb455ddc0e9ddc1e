// Publish to live against the whole portal: a dataset published in the CMS appears on the site and in
// its search without any manual step; a publish the pipeline cannot validate leaves the live site as
// it was and tells the person who published, in the CMS.
import { createItem, readItem, readMe, readNotifications, updateItem } from '@directus/sdk';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, inject, it } from 'vitest';
import { example } from '../../../catalog-schema/src/examples.ts';
import { signIn } from '../../../cms/src/client.ts';
import { measurePublishToLive } from '../../../scripts/lib/publish-live.ts';

const portal = inject('portal');

function newDataset(title: string) {
  const { record } = example('valid', 'dataset-open-full');
  const { distribution: _d, ...rest } = record as Record<string, unknown>;
  const id = `xuat-ban-${randomBytes(4).toString('hex')}`;
  return { ...rest, id, identifier: id, title: { vi: title, en: title }, publisher: 'so-khcn', owningAgency: 'so-khcn', contactPoint: [], updateResponsibility: ['so-khcn'], dataConfirmedBy: 'so-khcn', status: 'submitted' };
}

describe('publish to live', () => {
  it('a dataset published in the CMS gets its page and its search result without a manual step', async () => {
    const admin = await signIn(portal.cmsUrl, portal.adminEmail, portal.adminPassword);
    const ds = newDataset('Sổ theo dõi hồ chứa thủy lợi Dầu Tiếng');
    await admin.request(createItem('datasets', ds as never));
    expect((await fetch(`${portal.url}/datasets/${ds.id}/`)).status).toBe(404);
    const t = await measurePublishToLive({ reviewer: admin, datasetId: ds.id, siteUrl: portal.url, query: 'ho chua thuy loi Dau Tieng', timeoutMs: 150_000 });
    expect(t.pageMs).toBeGreaterThan(0);
    const html = await (await fetch(`${portal.url}/datasets/${ds.id}/`)).text();
    expect(html).toContain('Sổ theo dõi hồ chứa thủy lợi Dầu Tiếng');
    // Its public change history names the workflow steps, never a person.
    expect(html).toMatch(/Lịch sử thay đổi[\s\S]*Trạng thái: Đã gửi duyệt → Đã công bố/);
    expect(html).not.toContain(portal.adminEmail);
  }, 200_000);

  it('a publish the pipeline finds invalid leaves the live site unchanged and notifies the publisher in the CMS', async () => {
    const admin = await signIn(portal.cmsUrl, portal.adminEmail, portal.adminPassword);
    const me = (await admin.request(readMe({ fields: ['id'] }))) as { id: string };
    const homeBefore = await (await fetch(`${portal.url}/datasets/`)).text();
    // A record made invalid outside the CMS hook (as a database repair gone wrong would): the whole
    // catalog no longer validates, so no build may go live.
    const db = new DatabaseSync(path.join(portal.stateDir, 'directus', 'data.db'));
    const victim = 'tuyen-xe-buyt';
    const original = (db.prepare('SELECT title FROM datasets WHERE id = ?').get(victim) as { title: string }).title;
    db.prepare('UPDATE datasets SET title = ? WHERE id = ?').run(JSON.stringify({ vi: '' }), victim);
    try {
      const ds = newDataset('Danh mục giếng khoan quan trắc nước ngầm');
      await admin.request(createItem('datasets', ds as never));
      await admin.request(updateItem('datasets', ds.id, { status: 'published' } as never));
      let note: { subject: string; message: string } | undefined;
      for (let i = 0; i < 300 && !note; i++) {
        const list = (await admin.request(readNotifications({ filter: { recipient: { _eq: me.id }, item: { _eq: ds.id } }, fields: ['subject', 'message'] } as never))) as { subject: string; message: string }[];
        note = list[0];
        if (!note) await new Promise((r) => setTimeout(r, 500));
      }
      expect(note?.subject).toMatch(/not live/);
      expect(note?.message).toMatch(/không hợp lệ|invalid/);
      expect(note?.message).toContain(victim);
      expect((await fetch(`${portal.url}/datasets/${ds.id}/`)).status).toBe(404);
      expect(await (await fetch(`${portal.url}/datasets/`)).text()).toBe(homeBefore);
      expect(((await admin.request(readItem('datasets', ds.id))) as { status: string }).status).toBe('published');
      await admin.request(updateItem('datasets', ds.id, { status: 'withdrawn' } as never));
    } finally {
      db.prepare('UPDATE datasets SET title = ? WHERE id = ?').run(original, victim);
      db.close();
    }
  }, 200_000);
});
