// The coordinating department's Data Studio in Chromium, as a new reviewer opens it: signs in, finds
// the datasets in Vietnamese with names instead of JSON, opens one and finds its agency by name, every
// field in Vietnamese and no code editor; the ready-made list views and the revisions panel are there;
// the reviewer switches the Data Studio to English in their own profile, and back.
// Screenshots are kept in test-results/data-studio/ for the README and reviews.
import { readItems, readUsers, updateUser } from '@directus/sdk';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { signIn } from '../../../cms/src/client.ts';
import { projectRoot } from '../../../platform/config.ts';
import { launchChromium } from './browser.ts';

const portal = inject('portal');
const screens = path.join(projectRoot, 'test-results', 'data-studio');
let browser: Browser;
let page: Page;

beforeAll(async () => {
  mkdirSync(screens, { recursive: true });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await page.goto(`${portal.cmsUrl}/admin/login`);
  await page.locator('input[type="email"]').fill(portal.reviewerEmail);
  await page.locator('input[type="password"]').fill(portal.reviewerPassword);
  await page.getByRole('button', { name: /Đăng nhập/ }).click();
  await page.waitForURL(/\/admin\/content/);
});
afterAll(async () => {
  await browser?.close();
  // The reviewer is left with the project's language whatever happened above.
  const admin = await signIn(portal.cmsUrl, portal.adminEmail, portal.adminPassword);
  const [me] = (await admin.request(readUsers({ filter: { email: { _eq: portal.reviewerEmail } }, fields: ['id'] } as never))) as { id: string }[];
  if (me) await admin.request(updateUser(me.id, { language: null }));
});

const main = () => page.locator('main').first();
/** The Data Studio boots on every page load: give it time before a check fails. */
const slow = { timeout: 20_000 };

describe('the Data Studio of a reviewer', () => {
  it('is in Vietnamese: collections in the navigation and the dataset list’s columns, text instead of JSON', async () => {
    await page.goto(`${portal.cmsUrl}/admin/content/datasets`);
    await expect.poll(() => page.getByText('Bộ dữ liệu', { exact: true }).count(), slow).toBeGreaterThan(0);
    await expect.poll(() => page.getByText('Cơ quan, đơn vị', { exact: true }).count(), slow).toBeGreaterThan(0);
    expect(await page.getByText('Datasets', { exact: true }).count()).toBe(0);
    // The reviewer's ready-made views are bookmarks under the collection.
    for (const name of ['Chờ duyệt (Awaiting review)', 'Bị trả lại (Sent back)', 'Quá hạn cập nhật (Update overdue)']) {
      await expect.poll(() => page.getByRole('link', { name }).count(), { ...slow, message: name }).toBeGreaterThan(0);
    }
    const table = main().locator('table');
    await expect.poll(() => table.locator('tbody tr').count(), slow).toBeGreaterThan(5);
    const headers = await table.locator('thead').innerText();
    expect(headers).toContain('Tên bộ dữ liệu');
    expect(headers).toContain('Cơ quan công bố');
    expect(headers).toContain('Trạng thái');
    const body = await table.locator('tbody').innerText();
    expect(body).not.toContain('{"vi"');
    expect(body).toMatch(/Sở [A-ZĐ]/);
    await page.screenshot({ path: path.join(screens, 'datasets-list.png') });
  });

  it('lists what waits for review, longest waiting first, with the agency, the quality score and when it was sent', async () => {
    await page.getByRole('link', { name: 'Chờ duyệt (Awaiting review)' }).first().click();
    await page.waitForURL(/bookmark=/);
    const table = main().locator('table');
    await expect.poll(() => table.locator('thead').innerText(), slow).toContain('Cơ quan công bố');
    const headers = await table.locator('thead').innerText();
    expect(headers).toContain('Điểm chất lượng khi gửi duyệt');
    expect(headers).toContain('Thời điểm gửi duyệt');
    await expect.poll(() => table.locator('tbody tr').count(), slow).toBeGreaterThan(0);
    await page.waitForLoadState('networkidle');
    expect(await main().innerText()).not.toContain('{"vi"');
    await page.screenshot({ path: path.join(screens, 'awaiting-review.png') });
  });

  it('shows a dataset with its agency by name, its fields in Vietnamese and no code editor', async () => {
    const admin = await signIn(portal.cmsUrl, portal.adminEmail, portal.adminPassword);
    const [dataset] = (await admin.request(
      readItems('datasets', { filter: { publisher: { _nnull: true }, legalBasis: { _nnull: true } }, fields: ['id', 'publisher.name'], sort: ['id'], limit: 1 } as never),
    )) as { id: string; publisher: { name: { vi: string } } }[];
    expect(dataset).toBeDefined();
    await page.goto(`${portal.cmsUrl}/admin/content/datasets/${dataset!.id}`);
    const form = main();
    await expect.poll(() => form.getByText('Tên bộ dữ liệu', { exact: true }).count(), slow).toBeGreaterThan(0);
    for (const label of ['Cơ quan công bố', 'Từ khóa', 'Phạm vi địa lý (phường, xã, tỉnh)', 'Phạm vi thời gian', 'Căn cứ pháp lý', 'Lĩnh vực', 'Tiếng Việt', 'Tiếng Anh']) {
      expect(await form.getByText(label, { exact: true }).count(), label).toBeGreaterThan(0);
    }
    // The agency by its name, where the Data Studio showed "--".
    await expect.poll(() => form.getByText(dataset!.publisher.name.vi, { exact: true }).count(), slow).toBeGreaterThan(0);
    // Places and references are drawn once their lists have loaded: no code, no raw JSON anywhere.
    await page.waitForLoadState('networkidle');
    expect(await page.locator('.cm-editor, .CodeMirror').count()).toBe(0);
    expect(await form.innerText()).not.toContain('{"vi"');
    // The revisions panel is in the sidebar (Directus's Vietnamese leaves its title in English).
    expect(
      await page
        .locator('#sidebar')
        .getByText(/^(Bản điều chỉnh|Revisions)$/)
        .count(),
    ).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(screens, 'dataset-item.png') });
    // The Data Studio scrolls inside its own panel: a tall window shows the whole form at once.
    await page.setViewportSize({ width: 1440, height: 5200 });
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: path.join(screens, 'dataset-item-full.png') });
    await page.setViewportSize({ width: 1440, height: 1000 });
  });

  it('lets the reviewer switch the Data Studio to English in their own profile, and back to Vietnamese', async () => {
    const admin = await signIn(portal.cmsUrl, portal.adminEmail, portal.adminPassword);
    const [me] = (await admin.request(readUsers({ filter: { email: { _eq: portal.reviewerEmail } }, fields: ['id'] } as never))) as { id: string }[];
    /** Chooses a language in the profile's Language field (named `label` in the language shown) and saves. */
    const chooseLanguage = async (label: string, language: string) => {
      await page.goto(`${portal.cmsUrl}/admin/users/${me!.id}`);
      const field = main()
        .locator('.field')
        .filter({ has: page.getByText(label, { exact: true }) });
      // The select's own element only wraps it: the input inside opens the list.
      const select = field.locator('.v-select .v-input').first();
      await expect.poll(() => select.isVisible(), slow).toBe(true);
      await select.click();
      await page.getByText(language, { exact: true }).last().click();
      const saved = page.waitForResponse((r) => r.url().includes(`/users/${me!.id}`) && r.request().method() === 'PATCH');
      await page
        .getByRole('button', { name: /^(Lưu|Save)$/ })
        .first()
        .click();
      expect((await saved).status()).toBe(200);
    };
    await chooseLanguage('Ngôn ngữ', 'English (United States)');
    await page.goto(`${portal.cmsUrl}/admin/content/datasets`);
    await expect.poll(() => page.getByText('Datasets', { exact: true }).count(), slow).toBeGreaterThan(0);
    await expect.poll(() => main().locator('table thead').innerText(), slow).toContain('Publisher');
    await page.screenshot({ path: path.join(screens, 'datasets-list-en.png') });
    await chooseLanguage('Language', 'Vietnamese (Vietnam)');
    await page.goto(`${portal.cmsUrl}/admin/content/datasets`);
    await expect.poll(() => page.getByText('Bộ dữ liệu', { exact: true }).count(), slow).toBeGreaterThan(0);
    expect(await page.getByText('Datasets', { exact: true }).count()).toBe(0);
  });
});
