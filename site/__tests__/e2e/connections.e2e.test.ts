// A connection request between two agencies in Chromium, without JavaScript, against the real portal
// server and Directus (Lào Cai art. 12): the editor of one agency files it from the public page of
// another agency's shared dataset; the providing agency records its appraisal and setup, the
// requesting agency the acceptance, the provider the operation; the coordinating department's
// reviewer sees it all done, in the workspace and through the CMS API. An agency cannot record
// another agency's step, neither through the page nor straight to Directus.
import AxeBuilder from '@axe-core/playwright';
import { deleteItem, readItem, readItems } from '@directus/sdk';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { signIn, type CmsSession } from '../../../cms/src/client.ts';
import { vnDate } from '../../../domain/working-days.ts';
import { launchChromium } from './browser.ts';

const portal = inject('portal');
let browser: Browser;
let admin: CmsSession;
const made: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  admin = await signIn(portal.cmsUrl, portal.adminEmail, portal.adminPassword);
});
afterAll(async () => {
  for (const id of made) await admin.request(deleteItem('connection_requests', id)).catch(() => undefined);
  await browser?.close();
});

async function signInAs(email: string, password: string): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ javaScriptEnabled: false, baseURL: portal.url });
  // A step that does not happen fails here, naming what was awaited, well within the test's time.
  ctx.setDefaultTimeout(20_000);
  const page = await ctx.newPage();
  await page.goto('/publish/');
  await page.getByLabel(/^(Thư điện tử|Email)/).fill(email);
  await page.getByLabel(/^Mật khẩu/).fill(password);
  await page.getByRole('button', { name: /^Đăng nhập/ }).click();
  await page.waitForLoadState();
  return { ctx, page };
}

interface Step {
  step: string;
  owner: string;
  state: string;
  date?: string;
  outcome?: string;
}
const stepsOf = async (id: string) => ((await admin.request(readItem('connection_requests', id, { fields: ['steps'] } as never))) as { steps: Step[] }).steps;
/** axe's findings on the page `page` shows, loaded again with JavaScript on (axe runs as a script) in the same session. */
async function axe(page: Page): Promise<string[]> {
  const ctx = await browser.newContext({ baseURL: portal.url, storageState: await page.context().storageState() });
  const again = await ctx.newPage();
  await again.goto(page.url());
  const found = (await new AxeBuilder({ page: again }).analyze()).violations.map((v) => `${new URL(page.url()).pathname}: ${v.id}`);
  await ctx.close();
  return found;
}

/** Records the step named `step` (its Vietnamese name) of request `id` in the form beside it, and waits for the page to say so. */
async function record(page: Page, id: string, step: string, state: string, outcome: string): Promise<void> {
  await page.goto(`/publish/connections/${id}`);
  const form = page.getByRole('form', { name: `Ghi kết quả bước ${step}` });
  await form.getByRole('combobox', { name: /^Trạng thái/ }).selectOption(state);
  await form.getByRole('textbox', { name: /^Kết quả/ }).fill(outcome);
  await form.getByRole('button', { name: `Lưu bước ${step}` }).click();
  await page.waitForURL(/\?done=recorded/);
  expect(await page.getByRole('status').textContent()).toContain('Đã ghi kết quả của bước.');
}

describe('connection requests between agencies', () => {
  it('files a request from a shared dataset of another agency and moves it through the five steps as the two agencies and the reviewer', async () => {
    const A = portal.editorAgency;
    const B = portal.otherEditorAgency;
    const today = vnDate(new Date());

    // A published shared dataset of B with a public page; master data (whose files are public) when
    // the public catalog does not list shared data yet.
    const ofB = (await admin.request(readItems('datasets', { filter: { publisher: { _eq: B }, status: { _eq: 'published' } }, fields: ['id', 'dataKind', 'title'], limit: -1 } as never))) as {
      id: string;
      dataKind: string[];
      title: { vi: string };
    }[];
    const candidates = [...ofB.filter((d) => d.dataKind.includes('shared')), ...ofB.filter((d) => d.dataKind.includes('master') && !d.dataKind.includes('shared'))];
    let dataset: (typeof ofB)[number] | undefined;
    for (const d of candidates) {
      if ((await fetch(`${portal.url}/datasets/${d.id}/`)).status === 200) {
        dataset = d;
        break;
      }
    }
    expect(dataset, `a shared or master dataset of ${B} with a public page`).toBeDefined();
    console.log(`[connections] from the public page of ${dataset!.id} (${dataset!.dataKind.join(', ')})`);

    // — the requesting agency files the request from the dataset's page —
    const a = await signInAs(portal.editorEmail, portal.editorPassword);
    await a.page.goto(`/datasets/${dataset!.id}/`);
    await a.page
      .getByRole('link', { name: /Đề nghị kết nối dữ liệu|Gửi yêu cầu kết nối/ })
      .first()
      .click();
    await a.page.waitForURL(/\/publish\/connections\/new\?dataset=/);
    expect(await a.page.getByRole('heading', { level: 1 }).textContent()).toBe('Đề nghị kết nối dữ liệu');
    expect(await a.page.getByRole('textbox', { name: /^Tên yêu cầu kết nối/ }).inputValue()).toContain(dataset!.title.vi);
    expect(await axe(a.page)).toEqual([]);

    // A purpose too short: refused, the message beside the field, nothing stored.
    await a.page.getByRole('textbox', { name: /^Mục đích sử dụng/ }).fill('Cần');
    await a.page.getByRole('textbox', { name: /^Phạm vi dữ liệu/ }).fill('Vị trí, loại và tình trạng; toàn thành phố; từ năm 2025.');
    await a.page.getByRole('combobox', { name: /^Phương thức kết nối/ }).selectOption('api-on-request');
    await a.page.getByRole('combobox', { name: /^Tần suất cần dữ liệu/ }).selectOption('daily');
    await a.page.getByRole('button', { name: 'Gửi đề nghị kết nối' }).click();
    await a.page.waitForLoadState();
    expect(await a.page.getByRole('alert').count()).toBe(1);
    const purpose = a.page.getByRole('textbox', { name: /^Mục đích sử dụng/ });
    expect(await purpose.getAttribute('aria-invalid')).toBe('true');
    expect(await purpose.locator('xpath=..').locator('.odp-form__error').count()).toBe(1);

    await purpose.fill('Điều phối giao thông và xử lý ùn tắc theo thời gian thực tại các nút giao.');
    await a.page.getByRole('button', { name: 'Gửi đề nghị kết nối' }).click();
    await a.page.waitForURL(/\/publish\/connections\/kn-[0-9]{8}-[a-f0-9]+\?done=filed/);
    const id = /\/publish\/connections\/(kn-[a-z0-9-]+)/.exec(a.page.url())![1]!;
    made.push(id);
    const filed = (await admin.request(readItem('connection_requests', id))) as { requestingAgency: string; providingAgency: string; dataset: string; method: string; steps: Step[] };
    expect(filed).toMatchObject({ requestingAgency: A, providingAgency: B, dataset: dataset!.id, method: 'api-on-request' });
    expect(filed.steps.map((s) => `${s.step}:${s.owner}:${s.state}`)).toEqual([`need:${A}:done`, `appraisal:${B}:pending`, `setup:${B}:pending`, `acceptance:${A}:pending`, `operation:${B}:pending`]);
    expect(filed.steps[0]!.date).toBe(today);
    // The five steps in order; the appraisal is the providing agency's, so the requester has no form.
    expect(
      await a.page
        .getByRole('listitem')
        .filter({ has: a.page.getByRole('heading', { name: /^Bước [1-5]:/ }) })
        .count(),
    ).toBe(5);
    expect(await a.page.getByRole('form').count()).toBe(0);
    expect(await axe(a.page)).toEqual([]);

    // — the requesting agency cannot record the provider's step: not through the page, not in Directus —
    // The request's page has no form for A: the session's token is read from the desk's sign-out form.
    await a.page.goto('/publish/');
    const csrf = await a.page.locator('input[name="_csrf"]').first().inputValue();
    const forged = await a.page.request.post(`/publish/connections/${id}`, {
      form: { _csrf: csrf, step: 'appraisal', 'steps.1.state': 'done', 'steps.1.date': today, 'steps.1.outcome': 'Tự thẩm định.' },
      headers: { Origin: portal.url },
    });
    expect(forged.status()).toBe(403);
    const editorA = await signIn(portal.cmsUrl, portal.editorEmail, portal.editorPassword);
    const direct = await fetch(`${portal.cmsUrl}/items/connection_requests/${id}`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${await editorA.getToken()}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ steps: filed.steps.map((s) => (s.step === 'appraisal' ? { ...s, state: 'done', date: today, outcome: 'Tự thẩm định.' } : s)) }),
    });
    expect(direct.status).toBe(403);
    expect(((await direct.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe('CONNECTION_STEP_OWNER');
    expect((await stepsOf(id))[1]).toMatchObject({ state: 'pending' });

    // — the providing agency finds it on its desk, waiting for it, appraises it and sets the connection up —
    const title = `Kết nối dữ liệu: ${dataset!.title.vi}`;
    const b = await signInAs(portal.otherEditorEmail, portal.otherEditorPassword);
    const onDeskOfB = b.page
      .getByRole('region', { name: /^Yêu cầu kết nối của/ })
      .getByRole('row')
      .filter({ hasText: title });
    expect(await onDeskOfB.textContent()).toMatch(/Thẩm định: Chưa thực hiện\s*Chờ cơ quan bạn/);
    await onDeskOfB.getByRole('link', { name: /^Ghi kết quả/ }).click();
    await b.page.waitForURL(new RegExp(`/publish/connections/${id}$`));
    expect(await b.page.getByRole('form').count()).toBe(1);
    await record(b.page, id, 'Thẩm định', 'done', 'Đồng ý cung cấp; không gồm hình ảnh có thông tin cá nhân.');
    await record(b.page, id, 'Thiết lập kết nối và cấp quyền', 'done', 'Đã cấp khóa API cho Sở; giới hạn 10 yêu cầu mỗi giây.');
    expect(await b.page.getByRole('form').count()).toBe(0);
    expect(await axe(b.page)).toEqual([]);

    // — the requesting agency tests and accepts —
    await record(a.page, id, 'Kiểm thử và nghiệm thu', 'done', 'Đã kiểm thử với 3 nút giao; nghiệm thu đạt.');

    // — the providing agency puts it into operation —
    await record(b.page, id, 'Vận hành', 'done', 'Kết nối vận hành từ hôm nay.');
    expect((await stepsOf(id)).map((s) => `${s.step}:${s.state}:${s.date ?? ''}`)).toEqual([
      `need:done:${today}`,
      `appraisal:done:${today}`,
      `setup:done:${today}`,
      `acceptance:done:${today}`,
      `operation:done:${today}`,
    ]);

    // — the coordinating department sees it all done: in the workspace, and through the CMS API —
    const r = await signInAs(portal.reviewerEmail, portal.reviewerPassword);
    const onReviewerDesk = r.page.getByRole('region', { name: 'Mọi yêu cầu kết nối giữa các cơ quan' }).getByRole('row').filter({ hasText: title });
    expect(await onReviewerDesk.textContent()).toMatch(/Vận hành: Đã xong/);
    expect(await onReviewerDesk.getByRole('link', { name: /^Xem/ }).count()).toBe(1);
    await r.page.goto(`/publish/connections/${id}`);
    expect(await r.page.getByText('Đang vận hành').count()).toBeGreaterThanOrEqual(1);
    expect(await r.page.getByRole('form').count()).toBe(5);
    expect(await axe(r.page)).toEqual([]);
    const reviewer = await signIn(portal.cmsUrl, portal.reviewerEmail, portal.reviewerPassword);
    const seen = (await reviewer.request(readItem('connection_requests', id))) as { steps: Step[] };
    expect(seen.steps.every((s) => s.state === 'done')).toBe(true);
    expect(seen.steps.map((s) => s.outcome ?? '')).toContain('Kết nối vận hành từ hôm nay.');

    // Both languages.
    expect((await b.page.goto(`/en/publish/connections/${id}`))?.status()).toBe(200);
    expect(await b.page.getByRole('heading', { name: /^Step 5: Operation/ }).count()).toBe(1);
    for (const x of [a, b, r]) await x.ctx.close();
  }, 120_000);
});
