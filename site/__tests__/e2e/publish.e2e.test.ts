// The agency workspace in Chromium, as a new agency editor would use it, against the real portal
// server, Directus and Meilisearch: sign in, create a dataset from an XLSX file with Vietnamese text,
// take the proposed data dictionary, correct an error shown beside its field, submit; a reviewer
// publishes and the page and search show it. A file with citizen ID numbers is blocked with the
// finding shown and nothing stored. Editors cannot read or change another agency's entries through
// the pages or by forged requests; sessions, CSRF and the sign-in rate limit hold.
import AxeBuilder from '@axe-core/playwright';
import { createItem, deleteItem, readItem, readItems } from '@directus/sdk';
import { referenceNumber } from '../../src/lib/requests.ts';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { submittedDataset } from '../../../catalog-schema/src/examples.ts';
import { signIn, tokenClient, type CmsSession } from '../../../cms/src/client.ts';
import { measurePublishToLive, publisherIdle } from '../../../pipeline/publish-live.ts';
import { projectRoot } from '../../../platform/config.ts';
import { launchChromium } from './browser.ts';

const portal = inject('portal');
let browser: Browser;
let admin: CmsSession;
const created = new Set<string>();
const dir = mkdtempSync(path.join(tmpdir(), 'odp-publish-'));

beforeAll(async () => {
  browser = await launchChromium();
  admin = await signIn(portal.cmsUrl, portal.adminEmail, portal.adminPassword);
});
afterAll(async () => {
  for (const id of created) await admin.request(deleteItem('datasets', id)).catch(() => undefined);
  await browser?.close();
});

async function context(js = true): Promise<BrowserContext> {
  return browser.newContext({ javaScriptEnabled: js, baseURL: portal.url });
}

/** Signs in on /publish/ as a person would; returns the page on "My agency". */
async function signInAs(ctx: BrowserContext, email: string, password: string, start = '/publish/'): Promise<Page> {
  const page = await ctx.newPage();
  await page.goto(start);
  await page.getByLabel(/^(Thư điện tử|Email)/).fill(email);
  await page.getByLabel(/^Mật khẩu/).fill(password);
  await page.getByRole('button', { name: /^Đăng nhập/ }).click();
  await page.waitForLoadState();
  return page;
}

/** The datasets whose Vietnamese title contains `text` (titles are JSON in the CMS: read and filtered here). */
async function withTitle(text: string): Promise<string[]> {
  const all = (await admin.request(readItems('datasets', { fields: ['id', 'title'], limit: -1 } as never))) as { id: string; title: { vi: string } }[];
  return all.filter((d) => d.title.vi.includes(text)).map((d) => d.id);
}

const csrfOf = (page: Page) => page.locator('input[name="_csrf"]').first().inputValue();
const uploadsOf = (datasetId: string) => path.join(portal.stateDir, 'uploads', datasetId);

describe('an agency editor publishes on the portal', () => {
  it('signs in, creates a dataset from an XLSX file, takes the proposed dictionary, corrects an error, submits; a reviewer publishes; page and search show it', async () => {
    const started = Date.now();
    let steps = 0;
    const step = async <T>(p: Promise<T>): Promise<T> => {
      steps++;
      return p;
    };
    const ctx = await context(true);
    const desk = await signInAs(ctx, portal.editorEmail, portal.editorPassword);
    steps += 3; // e-mail, password, sign in
    await expect.poll(() => desk.getByRole('heading', { level: 1 }).textContent()).toMatch(/.+/);
    expect(await new AxeBuilder({ page: desk }).analyze().then((r) => r.violations.map((v) => v.id))).toEqual([]);

    await step(desk.getByRole('link', { name: /Thêm bộ dữ liệu/ }).click());
    const page = desk;
    await page.waitForURL(/\/publish\/datasets\/new/);
    expect(await new AxeBuilder({ page }).analyze().then((r) => r.violations.map((v) => v.id))).toEqual([]);

    // The file first: profiled at once, a dictionary proposed from its columns.
    const file = path.join(dir, 'di-tich-ben-thanh.xlsx');
    copyFileSync(path.join(projectRoot, 'public/data/di-tich-lich-su-van-hoa/di-tich-lich-su-van-hoa.xlsx'), file);
    await step(page.getByLabel(/^Tải tệp lên/).setInputFiles(file));
    await step(page.getByRole('button', { name: 'Tải lên và kiểm tra' }).click());
    await expect.poll(() => page.getByText('Không thấy dữ liệu cá nhân.').count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => page.getByRole('table', { name: /Từ điển dữ liệu đề xuất/ }).count()).toBe(1);
    await step(page.getByRole('button', { name: 'Dùng từ điển đề xuất' }).click());
    await expect.poll(() => page.getByText(/Đã điền từ điển dữ liệu đề xuất/).count()).toBe(1);
    expect(await page.locator('input[name="dataDictionary.0.name"]').inputValue()).toBe('ma_di_tich');

    // Vietnamese text; the description forgotten: refused, the message beside the field, nothing stored.
    const title = `Di tích lịch sử văn hóa phường Bến Thành ${randomBytes(2).toString('hex')}`;
    await step(
      page
        .getByRole('group', { name: /^Tên bộ dữ liệu/ })
        .getByLabel('Tiếng Việt')
        .fill(title),
    );
    await step(
      page
        .getByRole('group', { name: /^Từ khóa/ })
        .getByLabel('Tiếng Việt')
        .fill('di tích, văn hóa, Bến Thành'),
    );
    await step(page.getByRole('textbox', { name: /^Phạm vi địa lý/ }).fill('Bến Thành'));
    await step(page.getByRole('button', { name: 'Lưu bản nháp' }).click());
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'Chưa lưu được' }).count()).toBe(1);
    const description = page.getByRole('group', { name: /^Mô tả \(bắt buộc\)/ });
    expect(await description.locator('.odp-form__error').textContent()).toMatch(/bắt buộc|required/i);
    expect(await withTitle(title)).toEqual([]);

    await step(description.getByLabel('Tiếng Việt').fill('Danh sách các di tích lịch sử, văn hóa đã được xếp hạng trên địa bàn, có địa chỉ và tọa độ.'));
    await step(page.getByRole('button', { name: 'Lưu bản nháp' }).click());
    await page.waitForURL(/\/publish\/datasets\/[a-z0-9-]+\/\?notice=created/);
    const id = /\/publish\/datasets\/([a-z0-9-]+)\//.exec(page.url())![1]!;
    created.add(id);
    const stored = (await admin.request(readItem('datasets', id, { fields: ['status', 'publisher', 'spatial', 'dataDictionary', 'distribution.downloadURL'] } as never))) as {
      status: string;
      publisher: string;
      spatial: string[];
      dataDictionary: { name: string }[];
      distribution: { downloadURL: string }[];
    };
    expect(stored.status).toBe('draft');
    expect(stored.publisher).toBe(portal.editorAgency);
    expect(stored.spatial).toHaveLength(1);
    expect(stored.dataDictionary[0]?.name).toBe('ma_di_tich');
    expect(stored.distribution[0]?.downloadURL).toBe(`/data/${id}/di-tich-ben-thanh.xlsx`);
    // Not public before review: the file is in the uploads, not on the site.
    expect(existsSync(path.join(uploadsOf(id), 'di-tich-ben-thanh.xlsx'))).toBe(true);
    expect((await fetch(`${portal.url}/data/${id}/di-tich-ben-thanh.xlsx`)).status).toBe(404);

    await step(page.getByRole('link', { name: 'Xem trước và gửi duyệt' }).first().click());
    await page.waitForURL(/\/check$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(title);
    expect(await page.getByText('Chất lượng').count()).toBeGreaterThan(0);
    expect(await new AxeBuilder({ page }).analyze().then((r) => r.violations.map((v) => v.id))).toEqual([]);
    await step(page.getByRole('button', { name: 'Gửi duyệt' }).click());
    await page.waitForURL(/\/publish\/\?done=submitted/);
    const submittedMs = Date.now() - started;
    console.log(`[publish] sign-in to submitted: ${steps} steps, ${(submittedMs / 1000).toFixed(1)} s`);
    expect(((await admin.request(readItem('datasets', id, { fields: ['status'] } as never))) as { status: string }).status).toBe('submitted');

    // A reviewer publishes; the page, its file and the search follow without a manual step.
    const reviewer = await signIn(portal.cmsUrl, portal.reviewerEmail, portal.reviewerPassword);
    await publisherIdle(portal.publishUrl, portal.publishSecret);
    await measurePublishToLive({ reviewer, datasetId: id, siteUrl: portal.url, query: title, timeoutMs: 150_000 });
    const html = await (await fetch(`${portal.url}/datasets/${id}/`)).text();
    expect(html).toContain(title);
    expect((await fetch(`${portal.url}/data/${id}/di-tich-ben-thanh.xlsx`)).status).toBe(200);
    await ctx.close();
  }, 300_000);

  it('blocks a file with citizen ID numbers, shows where (value masked), and stores nothing', async () => {
    const ctx = await context(false);
    const page = await signInAs(ctx, portal.editorEmail, portal.editorPassword);
    await page.goto('/publish/datasets/new');
    const file = path.join(dir, 'nguoi-nhan-tro-cap.csv');
    writeFileSync(file, 'ho_ten,so_cccd,phuong\nNguyễn Văn An,079203001234,Bến Thành\nTrần Thị Bình,001185004321,Sài Gòn\n');
    await page.getByLabel(/^Tải tệp lên/).setInputFiles(file);
    await page.getByRole('button', { name: 'Tải lên và kiểm tra' }).click();
    const findings = page.getByRole('table', { name: 'Tệp có dữ liệu cá nhân' });
    await expect.poll(() => findings.count()).toBe(1);
    const text = (await findings.textContent()) ?? '';
    expect(text).toContain('so_cccd');
    expect(text).not.toContain('079203001234');
    const title = `Người nhận trợ cấp ${randomBytes(2).toString('hex')}`;
    await page
      .getByRole('group', { name: /^Tên bộ dữ liệu/ })
      .getByLabel('Tiếng Việt')
      .fill(title);
    await page
      .getByRole('group', { name: /^Mô tả \(bắt buộc\)/ })
      .getByLabel('Tiếng Việt')
      .fill('Danh sách người nhận trợ cấp.');
    await page.getByRole('button', { name: 'Lưu bản nháp' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'Chưa lưu được' }).count()).toBe(1);
    expect(await page.getByRole('alert').filter({ hasText: 'Chưa lưu được' }).textContent()).toMatch(/dữ liệu cá nhân/);
    expect(await withTitle(title)).toEqual([]);
    const uploads = path.join(portal.stateDir, 'uploads');
    const committed = existsSync(uploads) ? readdirSync(uploads).filter((d) => !d.startsWith('.')) : [];
    expect(committed.some((d) => d.startsWith('nguoi-nhan-tro-cap'))).toBe(false);
    await ctx.close();
  }, 120_000);
});

describe('the agency boundary', () => {
  it("editor A cannot read another agency's draft or change its entries, through the pages or by forged requests", async () => {
    // A draft of the other agency, and one of its published datasets.
    const draft = { ...submittedDataset('nhap-co-quan-khac', 'Bản nháp của cơ quan khác'), publisher: portal.otherEditorAgency, status: 'draft' };
    created.add(draft.id);
    await admin.request(createItem('datasets', draft as never));
    const published = (await admin.request(
      readItems('datasets', { filter: { publisher: { _eq: portal.otherEditorAgency }, status: { _eq: 'published' } }, fields: ['id', 'title'], limit: 1 } as never),
    )) as {
      id: string;
      title: { vi: string };
    }[];
    expect(published.length).toBe(1);
    const theirs = published[0]!;

    const ctx = await context(false);
    const page = await signInAs(ctx, portal.editorEmail, portal.editorPassword);
    expect(await page.content()).not.toContain('Bản nháp của cơ quan khác');
    expect((await page.goto(`/publish/datasets/${draft.id}/`))?.status()).toBe(404);
    expect((await page.goto(`/publish/datasets/${draft.id}/check`))?.status()).toBe(404);
    expect((await page.goto(`/publish/datasets/${theirs.id}/`))?.status()).toBe(404);

    // Forged posts with the editor's own valid session and CSRF token.
    await page.goto('/publish/datasets/new');
    const csrf = await csrfOf(page);
    const forged = await page.request.post(`/publish/datasets/${theirs.id}/`, {
      multipart: { _csrf: csrf, action: 'save', 'title.vi': 'Đã bị sửa', 'description.vi': 'x' },
      headers: { Origin: portal.url },
    });
    expect(forged.status()).toBe(404);
    const submit = await page.request.post(`/publish/datasets/${draft.id}/check`, { form: { _csrf: csrf }, headers: { Origin: portal.url } });
    expect(submit.status()).toBe(404);
    const after = (await admin.request(readItem('datasets', theirs.id, { fields: ['title', 'status'] } as never))) as { title: { vi: string }; status: string };
    expect(after).toEqual({ title: theirs.title, status: 'published' });
    expect(((await admin.request(readItem('datasets', draft.id, { fields: ['status'] } as never))) as { status: string }).status).toBe('draft');

    // Straight to Directus with the editor's own token: the same rules hold there.
    const editor = await signIn(portal.cmsUrl, portal.editorEmail, portal.editorPassword);
    const token = await editor.getToken();
    const direct = tokenClient(portal.cmsUrl, token!);
    await expect(direct.request(readItem('datasets', draft.id))).rejects.toBeTruthy();
    await ctx.close();
  }, 120_000);
});

describe('sessions, CSRF and the sign-in limit', () => {
  it('a post without the CSRF token, or from another origin, is refused and changes nothing', async () => {
    const ctx = await context(false);
    const page = await signInAs(ctx, portal.editorEmail, portal.editorPassword);
    const title = `Không có mã CSRF ${randomBytes(2).toString('hex')}`;
    const none = await page.request.post('/publish/datasets/new', { multipart: { action: 'save', 'title.vi': title, 'description.vi': 'x' }, headers: { Origin: portal.url } });
    expect(none.status()).toBe(403);
    await page.goto('/publish/datasets/new');
    const csrf = await csrfOf(page);
    const other = await page.request.post('/publish/datasets/new', {
      multipart: { _csrf: csrf, action: 'save', 'title.vi': title, 'description.vi': 'x' },
      headers: { Origin: 'https://evil.example' },
    });
    expect(other.status()).toBe(403);
    expect(await withTitle(title)).toEqual([]);
    await ctx.close();
  }, 60_000);

  it('the session cookie is httpOnly and SameSite; a tampered cookie signs out; sign-out ends the session', async () => {
    const ctx = await context(false);
    const page = await signInAs(ctx, portal.editorEmail, portal.editorPassword);
    const cookie = (await ctx.cookies()).find((c) => c.name === 'odp_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(cookie.value).not.toContain(portal.editorEmail);

    const forgedCtx = await context(false);
    await forgedCtx.addCookies([{ ...cookie, value: `${cookie.value.slice(0, -4)}AAAA` }]);
    const forgedPage = await forgedCtx.newPage();
    await forgedPage.goto('/publish/datasets/new');
    expect(new URL(forgedPage.url()).pathname).toBe('/publish/');
    expect(await forgedPage.getByLabel(/^Mật khẩu/).count()).toBe(1);
    await forgedCtx.close();

    await page.goto('/publish/');
    await page.getByRole('button', { name: /Đăng xuất/ }).click();
    await page.waitForLoadState();
    expect(await page.getByLabel(/^Mật khẩu/).count()).toBe(1);
    expect((await ctx.cookies()).find((c) => c.name === 'odp_session')).toBeUndefined();
    await ctx.close();
  }, 60_000);

  it('limits failed sign-ins per account, saying when to try again', async () => {
    const ctx = await context(false);
    const page = await ctx.newPage();
    const email = `khong-co-${randomBytes(3).toString('hex')}@example.vn`;
    let last = 0;
    for (let i = 0; i < 6; i++) {
      await page.goto('/publish/');
      await page.getByLabel(/^(Thư điện tử|Email)/).fill(email);
      await page.getByLabel(/^Mật khẩu/).fill('sai-mat-khau');
      const [res] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: /^Đăng nhập/ }).click()]);
      last = res.status();
    }
    expect(last).toBe(429);
    expect(await page.content()).toMatch(/thử lại sau|try again in/i);
    await ctx.close();
  }, 60_000);
});

describe("the agency's other duties", () => {
  it('answers a citizen request addressed to the agency, from the desk', async () => {
    const id = referenceNumber(new Date());
    const title = `Đề xuất mở dữ liệu điểm wifi ${randomBytes(2).toString('hex')}`;
    await admin.request(
      createItem('data_requests', {
        id,
        kind: 'open_data',
        title,
        description: 'Xin công bố danh sách điểm wifi công cộng.',
        agency: portal.editorAgency,
        requesterEmail: 'an@example.com',
        status: 'received',
        received: new Date().toISOString(),
      } as never),
    );
    const ctx = await context(false);
    const desk = await signInAs(ctx, portal.editorEmail, portal.editorPassword);
    const row = desk.getByRole('row').filter({ hasText: title });
    await row.getByRole('link', { name: /Trả lời/ }).click();
    await desk.waitForURL(new RegExp(`/publish/requests/${id}`));
    await desk.getByRole('radio', { name: 'Đã trả lời' }).check();
    await desk.getByLabel(/^Trả lời công khai/).fill('Sở sẽ công bố danh sách trong quý I năm 2027.');
    await desk.getByRole('button', { name: 'Lưu trả lời' }).click();
    await desk.waitForURL(/\/publish\/\?done=request/);
    const stored = (await admin.request(readItem('data_requests', id, { fields: ['status', 'answer'] } as never))) as { status: string; answer: string };
    expect(stored).toEqual({ status: 'answered', answer: 'Sở sẽ công bố danh sách trong quý I năm 2027.' });
    await ctx.close();
  }, 60_000);

  it('offers no maintenance start earlier than 7 working days ahead, and refuses one typed earlier beside the field', async () => {
    const ctx = await context(false);
    const page = await signInAs(ctx, portal.editorEmail, portal.editorPassword);
    await page.goto('/publish/notices/new?service=api-wifi-cong-cong&kind=maintenance');
    const start = page.locator('input[name="start"]');
    const min = (await start.getAttribute('min')) ?? '';
    const days = (Date.parse(`${min.slice(0, 10)}T00:00:00Z`) - Date.parse(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`)) / 86_400_000;
    expect(days).toBeGreaterThanOrEqual(9);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await page.locator('input[name="title.vi"]').fill('Bảo trì máy chủ wifi công cộng');
    await start.fill(`${tomorrow}T22:00`);
    await page.getByRole('button', { name: 'Công bố thông báo' }).click();
    await page.waitForLoadState();
    const beside = page.locator('input[name="start"]').locator('xpath=..').locator('.odp-form__error');
    expect(await beside.first().textContent()).toMatch(/7 ngày làm việc/);
    await ctx.close();
  }, 60_000);

  it('records the yearly data assessment, keeping earlier years', async () => {
    const ctx = await context(false);
    const page = await signInAs(ctx, portal.editorEmail, portal.editorPassword);
    await page.goto('/publish/assessment');
    await page.getByLabel(/^Báo cáo \(đường dẫn\)/).fill('https://example.org/bao-cao-danh-gia.pdf');
    await page.getByRole('button', { name: 'Lưu báo cáo' }).click();
    await page.waitForURL(/\/publish\/\?done=assessment/);
    const agent = (await admin.request(readItem('agents', portal.editorAgency, { fields: ['dataAssessments'] } as never))) as { dataAssessments: { year: number; document?: string }[] };
    expect(agent.dataAssessments.find((a) => a.year === new Date().getFullYear())?.document).toBe('https://example.org/bao-cao-danh-gia.pdf');
    await ctx.close();
  }, 60_000);

  it('the workspace pages pass axe and fit a phone screen', async () => {
    const ctx = await browser.newContext({ baseURL: portal.url, viewport: { width: 375, height: 800 } });
    const page = await signInAs(ctx, portal.editorEmail, portal.editorPassword);
    for (const p of ['/publish/', '/publish/datasets/new', '/publish/notices/new?service=api-wifi-cong-cong&kind=maintenance', '/publish/assessment', '/en/publish/datasets/new']) {
      await page.goto(p);
      expect(await new AxeBuilder({ page }).analyze().then((r) => r.violations.map((v) => `${p}: ${v.id}`))).toEqual([]);
      // Nothing wider than the screen but what scrolls in its own box (tables).
      const wide = await page.evaluate(() =>
        [...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.parentElement?.closest('.odp-table-wrap'))
          .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}.${[...e.classList].join('.')}`)
          .slice(0, 5),
      );
      expect(wide, p).toEqual([]);
    }
    await ctx.close();
    const signedOut = await (await context(true)).newPage();
    await signedOut.goto('/publish/');
    expect(await new AxeBuilder({ page: signedOut }).analyze().then((r) => r.violations.map((v) => v.id))).toEqual([]);
    await signedOut.context().close();
  }, 120_000);
});
