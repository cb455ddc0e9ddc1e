// The portal as people use it, in Debian's Chromium against the served site (Directus, Meilisearch
// and the built site really started by the global setup).
import AxeBuilder from '@axe-core/playwright';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createItem, deleteItems, readItem, readItems, readMe, readNotifications, updateItem } from '@directus/sdk';
import { DatabaseSync } from 'node:sqlite';
import { submittedDataset } from '../../../catalog-schema/src/examples.ts';
import { measurePublishToLive, publisherIdle } from '../../../pipeline/publish-live.ts';
import { signIn } from '../../../cms/src/client.ts';
import { browserSession } from './browser.ts';

const portal = inject('portal');
const open = browserSession(portal.url);

const countText = (page: Page) => page.locator('#odp-results-count').textContent();

// Datasets a test creates in the CMS, deleted after it whether it passed or not, so that a failed test
// leaves the catalog (and, once the publisher has rebuilt, the live site and its search) as seeded.
const created = new Set<string>();
afterEach(async () => {
  if (!created.size) return;
  const ids = [...created];
  created.clear();
  const admin = await signIn(portal.cmsUrl, portal.adminEmail, portal.adminPassword);
  const left = (await admin.request(readItems('datasets', { filter: { id: { _in: ids } }, fields: ['id'] } as never))) as { id: string }[];
  if (left.length)
    await admin.request(
      deleteItems(
        'datasets',
        left.map((d) => d.id),
      ),
    );
  await publisherIdle(portal.publishUrl, portal.publishSecret);
}, 300_000);

describe('search', () => {
  it('finds a seeded dataset as you type a query without diacritics, and puts it in the URL', async () => {
    const page = await open('/search/');
    await page.getByRole('main').getByRole('searchbox', { name: 'Tìm dữ liệu' }).fill('du lieu giao thong');
    await page.getByRole('link', { name: 'Cơ sở dữ liệu kết cấu hạ tầng giao thông đường bộ' }).waitFor();
    await page.waitForURL(/[?&]q=du\+lieu\+giao\+thong/);
    expect(await page.locator('#odp-results mark').count()).toBeGreaterThan(0);
    await page.context().close();
  });

  it('narrows results with a facet, records it in the URL, and the back button undoes it', async () => {
    const page = await open('/search/?q=xe');
    const before = await countText(page);
    const all = Number(before?.match(/\d+/)?.[0]);
    // A long facet list can be searched (without diacritics too).
    await page.getByRole('searchbox', { name: 'Tìm trong Từ khóa' }).fill('buyt');
    expect(await page.locator('fieldset:has(legend:text("Từ khóa")) li:not([hidden])').count()).toBeLessThan(await page.locator('fieldset:has(legend:text("Từ khóa")) li').count());
    expect(await page.getByRole('checkbox', { name: /^xe buýt/ }).isVisible()).toBe(true);
    await page.getByRole('checkbox', { name: /Giao thông vận tải/ }).check();
    await page.waitForURL(/theme=giao-thong/);
    await page.waitForFunction((old) => document.getElementById('odp-results-count')?.textContent !== old, before);
    const narrowed = Number((await countText(page))?.match(/\d+/)?.[0]);
    expect(narrowed).toBeGreaterThan(0);
    expect(narrowed).toBeLessThan(all);
    await page.goBack();
    await page.waitForURL((u) => !u.search.includes('theme='));
    await page.waitForFunction((old) => document.getElementById('odp-results-count')?.textContent === old, before);
    expect(await page.getByRole('checkbox', { name: /Giao thông vận tải/ }).isChecked()).toBe(false);
    // The filtered address, shared, opens the same results.
    const shared = await open('/search/?q=xe&theme=giao-thong');
    expect(Number((await countText(shared))?.match(/\d+/)?.[0])).toBe(narrowed);
    await page.context().close();
    await shared.context().close();
  });

  it('works without JavaScript: the form is answered by the server route', async () => {
    const page = await open('/', { js: false });
    const box = page.getByRole('main').getByRole('searchbox');
    // "xe" (vehicle): buses, parking, charging stations; "xe buýt" now finds only the bus datasets.
    await box.fill('xe');
    await box.press('Enter');
    await page.waitForURL(/\/search\/\?q=xe(&|$)/);
    expect(await page.getByRole('link', { name: 'Danh sách tuyến xe buýt' }).count()).toBe(1);
    await page.getByRole('checkbox', { name: /Năng lượng/ }).check();
    await page.getByRole('button', { name: 'Áp dụng bộ lọc' }).click();
    await page.waitForURL(/theme=nang-luong/);
    expect(await page.getByRole('link', { name: 'Danh sách tuyến xe buýt' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: /Trạm sạc xe điện/ }).count()).toBe(1);
    await page.context().close();
  });
});

describe('one search box', () => {
  it('shows services and code-list values found by the same query, and themes when nothing matches', async () => {
    const page = await open('/search/?q=b%E1%BA%BFn+th%C3%A0nh', { js: false });
    await page.getByRole('heading', { name: 'Cũng tìm thấy' }).waitFor();
    expect(await page.getByRole('link', { name: 'Phường Bến Thành' }).count()).toBeGreaterThan(0);
    const bus = await open('/search/?q=xe+bu%C3%BDt', { js: false });
    expect(await bus.getByRole('link', { name: /API dữ liệu xe buýt/ }).count()).toBe(1);
    const none = await open('/search/?q=qqxxzzw', { js: false });
    expect(await none.getByText(/Không tìm thấy tập dữ liệu nào/).count()).toBe(1);
    expect(await none.getByRole('link', { name: 'Giao thông vận tải' }).count()).toBeGreaterThan(0);
    for (const p of [page, bus, none]) await p.context().close();
  });
});

describe('pages', () => {
  it('show a dataset with its distributions, each download link answering 200', async () => {
    const page = await open('/datasets/cho-truyen-thong/');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Chợ truyền thống và chợ đầu mối');
    const links = page.getByRole('link', { name: /^Tải (CSV|XML|Excel)/ });
    expect(await links.count()).toBe(3);
    for (const href of await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')))) {
      const res = await page.request.get(href!);
      expect(res.status(), href!).toBe(200);
      expect((await res.body()).length).toBeGreaterThan(100);
    }
    // Licence, the three open-data terms and the data dictionary are on the page.
    const main = page.getByRole('main');
    await main.getByRole('heading', { name: 'Giấy phép và điều khoản sử dụng' }).waitFor();
    expect(await main.getByText('Phải ghi nguồn khi sử dụng.').count()).toBe(1);
    expect(
      await main
        .getByRole('table', { name: /Các trường dữ liệu/ })
        .getByRole('row')
        .count(),
    ).toBeGreaterThan(3);
    await page.context().close();
  });

  it('preview a CSV and an XLSX file as a sortable table with a chart, without axe violations', async () => {
    const page = await open('/datasets/gia-ca-thi-truong/');
    await page.getByRole('button', { name: 'Xem trước CSV' }).click();
    const table = page.getByRole('table', { name: /^Xem trước:/ });
    await table.waitFor();
    expect(await table.getByRole('row').count()).toBe(101);
    expect(await table.getByRole('cell', { name: 'Gạo tẻ thường' }).count()).toBeGreaterThan(0);
    // Sorting by a numeric column puts the smallest price first (through the Data API once it has
    // the file, so the heading says so when the sorted rows are in).
    // The dictionary's title first, the column's own name beneath it.
    await table.getByRole('button', { name: /gia_thap_nhat_dong$/ }).click();
    await table.locator('th[aria-sort="ascending"]').waitFor();
    const first = await table.getByRole('row').nth(1).getByRole('cell').nth(3).textContent();
    const prices = await table.getByRole('row').evaluateAll((rows) => rows.slice(1).map((r) => Number(r.children[3]?.textContent)));
    expect(Number(first)).toBe(Math.min(...prices));
    expect(await table.locator('th[aria-sort="ascending"]').count()).toBe(1);
    await page.getByRole('img', { name: /Biểu đồ .* theo Ngày/ }).waitFor();
    expect(await page.getByText('Số liệu của biểu đồ', { exact: true }).count()).toBe(1);
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
    // The quality panel names the seeded dictionary mismatch.
    expect(await page.getByText(/cột "ghi_chu" không có trong từ điển dữ liệu/).count()).toBe(1);

    const xlsx = await open('/datasets/cho-truyen-thong/');
    await xlsx.getByRole('button', { name: 'Xem trước Excel (XLSX)' }).click();
    await xlsx
      .getByRole('table', { name: /^Xem trước:/ })
      .getByRole('cell', { name: 'Chợ Bến Thành' })
      .waitFor();
    await page.context().close();
    await xlsx.context().close();
  });

  it('show the administrative units code list, filtered as you type without diacritics', async () => {
    const page = await open('/code-lists/don-vi-hanh-chinh-2026/');
    await page
      .getByRole('table')
      .getByRole('link', { name: /Thành phố Hồ Chí Minh/ })
      .click();
    await page.waitForURL(/\/code-lists\/don-vi-hanh-chinh-2026\/79\/$/);
    const rows = page.getByRole('table').getByRole('row');
    expect(await rows.count()).toBe(169);
    await page.getByRole('searchbox', { name: 'Lọc theo mã hoặc tên' }).fill('ben thanh');
    await page.waitForFunction(() => [...document.querySelectorAll('tbody tr')].filter((r) => !(r as HTMLElement).hidden).length === 1);
    expect(await page.getByRole('cell', { name: 'Phường Bến Thành' }).isVisible()).toBe(true);
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
    await page.context().close();
  });

  it('switch to English and back', async () => {
    const page = await open('/datasets/cho-truyen-thong/');
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL(/\/en\/datasets\/cho-truyen-thong\/$/);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Traditional and wholesale markets');
    await page.getByRole('link', { name: 'Tiếng Việt' }).click();
    await page.waitForURL(/\/datasets\/cho-truyen-thong\/$/);
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    await page.context().close();
  });

  it('serve the DCAT-AP exports, schema.org, sitemap, robots and feeds beside the pages', async () => {
    const page = await open('/datasets/cho-truyen-thong/');
    const alt = await page.locator('link[rel="alternate"][type="application/ld+json"]').getAttribute('href');
    expect(alt).toBe('/datasets/cho-truyen-thong.jsonld');
    const schemaOrg = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent()) ?? '{}') as { '@type': string; distribution: unknown[] };
    expect(schemaOrg['@type']).toBe('Dataset');
    expect(schemaOrg.distribution).toHaveLength(3);
    const expectType = async (p: string, type: string) => {
      const res = await page.request.get(p);
      expect(res.status(), p).toBe(200);
      expect(res.headers()['content-type'], p).toContain(type);
      return res.text();
    };
    expect((JSON.parse(await expectType(alt!, 'application/ld+json')) as { '@graph': unknown[] })['@graph'].length).toBeGreaterThan(10);
    expect(await expectType('/datasets/cho-truyen-thong.ttl', 'text/turtle')).toContain('dcat:Dataset');
    expect(await expectType('/catalog.ttl', 'text/turtle')).toContain('dcat:Catalog');
    expect(await expectType('/catalog.rdf', 'application/rdf+xml')).toContain('<rdf:RDF');
    expect(await expectType('/catalog.jsonld', 'application/ld+json')).toContain('dcat:Catalog');
    expect(await expectType('/sitemap.xml', 'xml')).toContain('/en/datasets/cho-truyen-thong/');
    expect(await expectType('/robots.txt', 'text/plain')).toContain('Sitemap: ');
    expect(await expectType('/feeds/updated.atom', 'atom')).toContain('<entry>');
    await page.context().close();
  });
  // axe on every page type, in both languages: security.e2e.test.ts.
});

describe('search kept current by the CMS', () => {
  it('a dataset published in Directus is searchable within seconds, and gone once withdrawn, without a rebuild', async () => {
    const admin = await signIn(portal.cmsUrl, portal.adminEmail, portal.adminPassword);
    const id = 'ban-do-tram-cap-nuoc-sach';
    const record = {
      id,
      title: { vi: 'Bản đồ trạm cấp nước sạch nông thôn', en: 'Rural clean water stations' },
      description: { vi: 'Vị trí và công suất các trạm cấp nước sạch nông thôn.' },
      publisher: 'so-nong-nghiep-moi-truong',
      accessLevel: 'public',
      dataKind: ['open'],
      license: 'cc-by-4.0',
      containsPersonalData: false,
      status: 'published',
    };
    const found = async () => {
      const r = await fetch(`${portal.meiliUrl}/indexes/datasets/search`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${portal.searchKey}` },
        body: JSON.stringify({ q: 'tram cap nuoc sach' }),
      });
      return ((await r.json()) as { hits: { id: string }[] }).hits.some((h) => h.id === id);
    };
    const within = async (want: boolean) => {
      for (let i = 0; i < 50; i++) {
        if ((await found()) === want) return true;
        await new Promise((r) => setTimeout(r, 200));
      }
      return false;
    };
    created.add(id);
    await admin.request(createItem('datasets', record as never));
    expect(await within(true)).toBe(true);
    // The search page (server route) shows it too.
    const page = await open('/search/?q=tram+cap+nuoc+sach', { js: false });
    expect(await page.getByRole('link', { name: 'Bản đồ trạm cấp nước sạch nông thôn' }).count()).toBe(1);
    await page.context().close();
    await admin.request(updateItem('datasets', id, { status: 'withdrawn' } as never));
    expect(await within(false)).toBe(true);
  });
});

// Publish to live: a dataset published in the CMS appears on the site and in its search without any
// manual step; a publish the pipeline cannot validate leaves the live site as it was and tells the
// person who published, in the CMS.
function newDataset(title: string) {
  return submittedDataset('xuat-ban', title);
}

describe('publish to live', () => {
  it('a dataset published in the CMS gets its page and its search result without a manual step', async () => {
    const admin = await signIn(portal.cmsUrl, portal.adminEmail, portal.adminPassword);
    const ds = newDataset('Sổ theo dõi hồ chứa thủy lợi Dầu Tiếng');
    created.add(ds.id);
    await admin.request(createItem('datasets', ds as never));
    expect((await fetch(`${portal.url}/datasets/${ds.id}/`)).status).toBe(404);
    await publisherIdle(portal.publishUrl, portal.publishSecret);
    const t = await measurePublishToLive({ reviewer: admin, datasetId: ds.id, siteUrl: portal.url, query: 'ho chua thuy loi Dau Tieng', timeoutMs: 150_000 });
    expect(t.pageMs).toBeGreaterThan(0);
    const html = await (await fetch(`${portal.url}/datasets/${ds.id}/`)).text();
    expect(html).toContain('Sổ theo dõi hồ chứa thủy lợi Dầu Tiếng');
    // Its public change history names the workflow steps, never a person.
    expect(html).toMatch(/Lịch sử thay đổi[\s\S]*Trạng thái: Đã gửi duyệt → Đã công bố/);
    expect(html).not.toContain(portal.adminEmail);
  }, 200_000);

  it('a record made invalid outside the CMS never goes live: a publish shows only what changed, a full build refuses and notifies', async () => {
    const admin = await signIn(portal.cmsUrl, portal.adminEmail, portal.adminPassword);
    const me = await admin.request<{ id: string }>(readMe({ fields: ['id'] }));
    await publisherIdle(portal.publishUrl, portal.publishSecret);
    // A record made invalid outside the CMS hook (as a database repair gone wrong would).
    const db = new DatabaseSync(path.join(portal.stateDir, 'directus', 'data.db'));
    const victim = 'tuyen-xe-buyt';
    const victimPage = await (await fetch(`${portal.url}/datasets/${victim}/`)).text();
    const original = (db.prepare('SELECT title FROM datasets WHERE id = ?').get(victim) as { title: string }).title;
    db.prepare('UPDATE datasets SET title = ? WHERE id = ?').run(JSON.stringify({ vi: '' }), victim);
    try {
      // A publish reads the entries it changes: the new dataset goes live, the broken one stays as it was.
      const ds = newDataset('Danh mục giếng khoan quan trắc nước ngầm');
      created.add(ds.id);
      await admin.request(createItem('datasets', ds as never));
      await admin.request(updateItem('datasets', ds.id, { status: 'published' } as never));
      let status = 0;
      for (let i = 0; i < 600 && status !== 200; i++) {
        status = (await fetch(`${portal.url}/datasets/${ds.id}/`)).status;
        if (status !== 200) await new Promise((r) => setTimeout(r, 100));
      }
      expect(status).toBe(200);
      await publisherIdle(portal.publishUrl, portal.publishSecret);
      expect(await (await fetch(`${portal.url}/datasets/${victim}/`)).text()).toBe(victimPage);
      // A full build reads the whole catalog: it refuses, the site stays as it is, the publisher is told.
      const listBefore = await (await fetch(`${portal.url}/datasets/`)).text();
      const asked = await fetch(portal.publishUrl, {
        method: 'POST',
        headers: { Authorization: `Bearer ${portal.publishSecret}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ datasets: [ds.id], full: true, user: me.id }),
      });
      expect(asked.status).toBe(202);
      let note: { subject: string; message: string } | undefined;
      for (let i = 0; i < 300 && !note; i++) {
        const list = (await admin.request(readNotifications({ filter: { recipient: { _eq: me.id }, item: { _eq: ds.id } }, fields: ['subject', 'message'] } as never))) as {
          subject: string;
          message: string;
        }[];
        note = list[0];
        if (!note) await new Promise((r) => setTimeout(r, 500));
      }
      expect(note?.subject).toMatch(/not live/);
      expect(note?.message).toMatch(/không hợp lệ|invalid/);
      expect(note?.message).toContain(victim);
      await publisherIdle(portal.publishUrl, portal.publishSecret);
      expect(await (await fetch(`${portal.url}/datasets/`)).text()).toBe(listBefore);
      expect(await (await fetch(`${portal.url}/datasets/${victim}/`)).text()).toBe(victimPage);
      expect(((await admin.request(readItem('datasets', ds.id))) as { status: string }).status).toBe('published');
    } finally {
      db.prepare('UPDATE datasets SET title = ? WHERE id = ?').run(original, victim);
      db.close();
    }
  }, 200_000);
});
