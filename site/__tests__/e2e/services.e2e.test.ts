// The data-sharing service registry as a developer uses it, in Chromium against the served site
// (the rules the CMS hook enforces are tested in cms/__tests__/cms.integration.test.ts).
import AxeBuilder from '@axe-core/playwright';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { liveStatusFile, runHealthPass, writeLiveStatus } from '../../../pipeline/health-monitor.ts';
import { liveBuildOf } from '../../../pipeline/publish-live.ts';
import { parseFetchAllow } from '../../../platform/safe-fetch.ts';
import { browserSession } from './browser.ts';

const portal = inject('portal');
const open = browserSession(portal.url);

async function axe(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('the interactive reference', () => {
  it("is drawn by Swagger UI from the OpenAPI document, from the portal's own files, without axe violations", async () => {
    const page = await open('/services/api-du-lieu-xe-buyt/reference/');
    const csp: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) csp.push(m.text());
    });
    await page.locator('#odp-swagger .opblock').first().waitFor();
    const doc = (await (await fetch(`${portal.url}/openapi/api-du-lieu-xe-buyt.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).filter((k) => ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'].includes(k)).length, 0);
    expect(await page.locator('#odp-swagger .opblock').count()).toBe(operations);
    await page.locator('#odp-swagger .opblock-summary-control').first().click();
    await page.locator('#odp-swagger .opblock-body').first().waitFor();
    expect(csp).toEqual([]);
    expect(await page.getByRole('link', { name: /Về trang dịch vụ/ }).getAttribute('href')).toBe('/services/api-du-lieu-xe-buyt/');
    await page.locator('#odp-swagger .opblock-summary-control').first().click();
    expect(await axe(page)).toEqual([]);
    await page.context().close();
  });
});

describe('a service page', () => {
  it('shows its plain-language summary, its current state and notices, and its API reference, without JavaScript and without axe violations', async () => {
    const page = await open('/services/api-du-lieu-xe-buyt/', { js: false });
    const summary = page.getByRole('region', { name: 'Tóm tắt' });
    expect(await summary.getByText('Ai được dùng?').isVisible()).toBe(true);
    expect(await summary.textContent()).toContain('Công khai: mọi tổ chức, cá nhân đều được dùng.');
    expect(await summary.textContent()).toContain('60 yêu cầu/phút');

    const status = page.getByRole('region', { name: 'Tình trạng hoạt động' });
    expect(await status.textContent()).toContain('Đang hoạt động');
    expect(await status.getByRole('heading', { name: 'Chuyển API dữ liệu xe buýt sang trung tâm dữ liệu mới' }).isVisible()).toBe(true);
    expect(await status.getByRole('heading', { name: 'Bảo trì định kỳ máy chủ API dữ liệu xe buýt' }).isVisible()).toBe(true);

    const reference = page.getByRole('region', { name: 'Tài liệu tham chiếu API' });
    await reference.getByRole('navigation', { name: 'Các thao tác' }).getByRole('link', { name: 'GET /routes/{routeId}/trips' }).click();
    await page.waitForURL(/#op-get-routes-routeId-trips$/);
    const op = page.getByRole('article', { name: 'GET /routes/{routeId}/trips' });
    expect(
      await op
        .getByRole('table', { name: /Tham số/ })
        .getByRole('rowheader', { name: /date/ })
        .isVisible(),
    ).toBe(true);
    expect(await op.locator('pre').textContent()).toBe("curl 'https://api.buyttphcm.tphcm.gov.vn/v2/routes/19/trips?date=2026-12-01' \\\n  -H 'X-API-Key: <KHOA_API>'");

    // The document behind the reference is published beside it.
    const res = await page.request.get('/openapi/api-du-lieu-xe-buyt.json');
    expect(res.headers()['content-type']).toContain('application/json');
    expect(((await res.json()) as { openapi: string }).openapi).toBe('3.0.3');
    await page.context().close();

    // axe runs in the page: open it again with JavaScript on.
    const withJs = await open('/services/api-du-lieu-xe-buyt/');
    expect(await axe(withJs)).toEqual([]);
    await withJs.context().close();
  });

  it('in English too, without axe violations', async () => {
    const page = await open('/en/services/api-chat-luong-moi-truong/');
    expect(await page.getByRole('region', { name: 'In short' }).getByText('Who may use it?').isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: 'Air-quality observations interrupted' }).isVisible()).toBe(true);
    expect(await page.getByRole('region', { name: 'API reference' }).getByRole('link', { name: 'GET /observations' }).isVisible()).toBe(true);
    expect(await axe(page)).toEqual([]);
    await page.context().close();
  });

  it('shows availability measured after the build, from the monitor beside the site', async () => {
    let up = true;
    const server: Server = createServer((_req, res) => void res.writeHead(up ? 200 : 503).end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;
    const file = path.join(portal.stateDir, 'health-live.jsonl');
    // The stand-in service listens on loopback, which the monitor calls only when allowed.
    const allow = parseFetchAllow('127.0.0.1');
    try {
      await runHealthPass([{ service: 'api-du-lieu-xe-buyt', url }], { file, allow });
      up = false;
      await runHealthPass([{ service: 'api-du-lieu-xe-buyt', url }], { file, allow });
    } finally {
      server.close();
    }
    writeLiveStatus(file, liveStatusFile((await liveBuildOf(portal.publishUrl, portal.publishSecret)).outDir));
    const page = await open('/services/api-du-lieu-xe-buyt/');
    const status = page.getByRole('region', { name: 'Tình trạng hoạt động' });
    await page.waitForFunction(() => document.querySelector('[data-odp-health-24h]')?.textContent?.startsWith('50'));
    expect(await status.textContent()).toContain('không trả lời (HTTP 503)');
    await page.context().close();
  });
});

describe('the registry pages', () => {
  it.each(['/status/', '/systems/', '/contacts/', '/en/status/', '/en/contacts/'])('have no axe violations: %s', async (p) => {
    const page = await open(p);
    expect(await axe(page)).toEqual([]);
    await page.context().close();
  });

  it('the status page lists every published service with its state and links the notices feed', async () => {
    const page = await open('/status/', { js: false });
    const table = page.getByRole('table', { name: 'Tình trạng dịch vụ chia sẻ dữ liệu' });
    expect(await table.getByRole('row', { name: /Wi-Fi công cộng/ }).textContent()).toContain('Ngừng cung cấp dịch vụ');
    const feed = await page.request.get('/feeds/notices.atom');
    expect(feed.headers()['content-type']).toContain('application/atom+xml');
    const body = await feed.text();
    expect(body).toContain('Gián đoạn dữ liệu quan trắc không khí');
    // Services for agencies only are in the public registry (domain/visibility.ts), their notices too.
    expect(body).toContain('Một phần camera giao thông không truyền hình ảnh');
    expect(await table.getByRole('row', { name: /camera giao thông/ }).count()).toBe(1);
    await page.context().close();
  });

  it('the contacts directory narrows as you type, without diacritics', async () => {
    const page = await open('/contacts/');
    const all = await page.locator('[data-odp-contact]:visible').count();
    await page.getByRole('searchbox', { name: 'Lọc theo tên, cơ quan, chức vụ' }).fill('so y te');
    await page.waitForFunction((n) => document.querySelectorAll('[data-odp-contact]:not([hidden])').length < n, all);
    expect(await page.getByRole('heading', { name: 'Sở Y tế' }).isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: 'Sở Du lịch' }).isVisible()).toBe(false);
    await page.context().close();
  });
});
