// The request form in Chromium, without JavaScript, against the real portal server and Directus:
// spam and invalid input refused with clear messages and nothing stored, a valid request stored;
// the form and the list pass axe.
import AxeBuilder from '@axe-core/playwright';
import { createItem, readItems, updateItem } from '@directus/sdk';
import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { signIn, type CmsSession } from '../../../cms/src/client.ts';
import { MIN_FILL_MS } from '../../src/lib/requests.ts';
import { launchChromium } from './browser.ts';

const portal = inject('portal');
let browser: Browser;
let admin: CmsSession;

beforeAll(async () => {
  browser = await launchChromium();
  admin = await signIn(portal.cmsUrl, portal.adminEmail, portal.adminPassword);
});
afterAll(async () => {
  await browser?.close();
});

/** Without JavaScript, as the form must work; axe needs it, so pages checked with axe have it on. */
async function open(p: string, { js = false } = {}): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: js, baseURL: portal.url });
  const page = await context.newPage();
  await page.goto(p);
  return page;
}

async function fill(page: Page, v: { title?: string; description?: string; email?: string }) {
  await page.getByRole('textbox', { name: /^Tiêu đề/ }).fill(v.title ?? '');
  await page.getByRole('textbox', { name: /^Nội dung/ }).fill(v.description ?? '');
  await page.getByRole('textbox', { name: /^Thư điện tử/ }).fill(v.email ?? '');
}

const stored = (title: string) => admin.request(readItems('data_requests', { filter: { title: { _eq: title } } } as never));
/** A person takes longer than the minimum fill time. */
const think = () => new Promise((r) => setTimeout(r, MIN_FILL_MS + 500));

describe('request form', () => {
  it('refuses a form sent back too fast, saying so, and stores nothing', async () => {
    const page = await open('/requests/new/');
    const title = `Đề xuất nhanh ${randomBytes(3).toString('hex')}`;
    // Sent back at once with the stamp the page was served with, as a script would.
    const stamp = await page.locator('input[name="formStamp"]').inputValue();
    const res = await page.request.post('/requests/new/', {
      form: { kind: 'open_data', title, description: 'Xin công bố bảng giá đất theo từng xã.', requesterEmail: 'an@example.com', website: '', formStamp: stamp },
      headers: { Origin: portal.url },
    });
    expect(res.status()).toBe(400);
    expect(await res.text()).toMatch(/quá nhanh.*too fast/s);
    expect(await stored(title)).toEqual([]);
    await page.context().close();
  });

  it('refuses a filled honeypot and stores nothing', async () => {
    const page = await open('/requests/new/');
    const title = `Đề xuất máy ${randomBytes(3).toString('hex')}`;
    await fill(page, { title, description: 'Xin công bố bảng giá đất theo từng xã.', email: 'an@example.com' });
    await page.locator('input[name="website"]').fill('http://spam.example', { force: true });
    await think();
    await page.getByRole('button', { name: 'Gửi yêu cầu' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/thư rác.*spam/s);
    expect(await stored(title)).toEqual([]);
    await page.context().close();
  });

  it('shows field messages for invalid input, linked from the summary, with no accessibility violations', async () => {
    const page = await open('/requests/new/', { js: true });
    const description = `ngắn ${randomBytes(2).toString('hex')}`;
    await fill(page, { title: '', description, email: 'an@' });
    await think();
    await page.getByRole('button', { name: 'Gửi yêu cầu' }).click();
    const summary = page.getByRole('alert');
    expect(await summary.getByRole('link', { name: /Tiêu đề: Tiêu đề là bắt buộc\. \/ Title is required\./ }).getAttribute('href')).toBe('#odp-req-title');
    const email = page.getByRole('textbox', { name: /^Thư điện tử/ });
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    expect(await email.inputValue()).toBe('an@');
    expect(await page.locator('#odp-req-requesterEmail-error').textContent()).toMatch(/Địa chỉ thư điện tử không hợp lệ\. \/ Not a valid e-mail address\./);
    expect(await page.locator('#odp-req-description-error').textContent()).toMatch(/Quá ngắn/);
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
    await page.context().close();
  });

  it('stores a valid problem report from a dataset page and gives its reference number', async () => {
    const page = await open('/datasets/cho-truyen-thong/');
    await page.getByRole('link', { name: 'Báo lỗi bộ dữ liệu này' }).click();
    expect(await page.getByRole('radio', { name: 'Báo lỗi bộ dữ liệu' }).isChecked()).toBe(true);
    expect(await page.getByRole('combobox', { name: 'Bộ dữ liệu' }).inputValue()).toBe('cho-truyen-thong');
    const title = `Sai giờ mở cửa chợ ${randomBytes(3).toString('hex')}`;
    await fill(page, { title, description: 'Giờ mở cửa của chợ trong tệp CSV đã cũ, cần cập nhật.', email: 'an.nguyen@example.com' });
    await think();
    await page.getByRole('button', { name: 'Gửi yêu cầu' }).click();
    await page.getByRole('heading', { name: 'Đã gửi yêu cầu' }).waitFor();
    const ref = (await page.locator('.odp-request__ref strong').textContent()) ?? '';
    expect(ref).toMatch(/^yc-\d{8}-[a-z2-9]{6}$/);
    const rows = (await stored(title)) as Record<string, unknown>[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: ref, kind: 'problem', dataset: 'cho-truyen-thong', requesterEmail: 'an.nguyen@example.com', status: 'received' });
    await page.context().close();
  });

  it("puts an agency's answer on the public list (publish to live), without the requester", async () => {
    const id = `yc-20261123-${randomBytes(3).toString('hex')}`;
    const request = {
      id,
      kind: 'open_data',
      title: 'Mở dữ liệu lịch thu gom rác',
      description: 'Xin công bố lịch thu gom rác theo phường, dạng CSV.',
      agency: 'so-khcn',
      requesterName: 'Trần Thị Bình',
      requesterEmail: 'binh.tran@example.com',
      status: 'received',
      received: new Date().toISOString(),
    };
    await admin.request(createItem('data_requests', request as never));
    await admin.request(updateItem('data_requests', id, { status: 'accepted', answer: 'Sẽ công bố trong quý I/2027.', answered: new Date().toISOString() } as never));
    const deadline = Date.now() + 180_000;
    let html = '';
    while (Date.now() < deadline) {
      html = await (await fetch(`${portal.url}/requests/`)).text();
      if (html.includes(id)) break;
      await new Promise((r) => setTimeout(r, 2000));
    }
    expect(html).toContain(id);
    expect(html).toContain('Sẽ công bố trong quý I/2027.');
    expect(html).toContain('Chấp nhận');
    expect(html).not.toContain('binh.tran@example.com');
    expect(html).not.toContain('Trần Thị Bình');
    expect(html).not.toContain('theo phường, dạng CSV');
  }, 200_000);

  it('the form and the list of requests have no accessibility violations in either language', async () => {
    for (const p of ['/requests/new/', '/en/requests/new/', '/requests/', '/en/requests/']) {
      const page = await open(p, { js: true });
      const axe = await new AxeBuilder({ page }).analyze();
      expect(
        axe.violations.map((v) => v.id),
        p,
      ).toEqual([]);
      await page.context().close();
    }
  });
});
