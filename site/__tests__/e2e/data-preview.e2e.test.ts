// The dataset page's preview over the Data API, in Chromium against the served portal: the ward table
// (168 rows) searched for a ward past its first 100 rows and sorted as a whole, with JavaScript (the
// preview, its chart of a grouped query, downloads of the same rows) and without (the form and the
// rows page the server renders).
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { projectRoot } from '../../../platform/config.ts';
import { browserSession } from './browser.ts';

const portal = inject('portal');
const session = browserSession(portal.url);
/** A page whose waits fail after 20 s with the locator they waited for, not at the test's time limit. */
async function open(p: string, o?: { js?: boolean }): Promise<Page> {
  const page = await session(p, o);
  page.setDefaultTimeout(20_000);
  return page;
}

const dataset = 'dan-so-theo-phuong-xa';
const csv = `${dataset}-csv`;
const rowsPage = `/datasets/${dataset}/rows/${csv}/`;

// What the file holds, read here so the expectations do not come from the code under test.
const lines = readFileSync(path.join(projectRoot, 'public', 'data', dataset, `${dataset}.csv`), 'utf8')
  .trim()
  .split('\n');
const header = lines[0]!.split(',');
const records = lines.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i]!, v])));
const area = (r: Record<string, string>) => Number(r.dien_tich_km2);
const largest = records.reduce((a, b) => (area(b) > area(a) ? b : a));
const smallest = records.reduce((a, b) => (area(b) < area(a) ? b : a));
const place = 'Xã Cần Giờ';

const types = { csv: 'text/csv', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', json: 'application/json' } as const;

async function axe(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** axe runs as a script: a page seen without JavaScript is checked again in a context that has it. */
async function axeOf(url: string): Promise<string[]> {
  const page = await open(url);
  const found = await axe(page);
  await page.context().close();
  return found;
}

/** Each "download these rows" link answers its format, with only the rows matching `q`. */
async function checkDownloads(page: Page, scope: string, expectRows: number): Promise<void> {
  for (const [format, type] of Object.entries(types)) {
    const href = await page
      .locator(scope)
      .getByRole('link', { name: new RegExp(`^(Tải )?${format.toUpperCase()}\\s?:`) })
      .getAttribute('href');
    expect(href, format).toMatch(new RegExp(`^/api/data/${dataset}/${csv}\\?.*format=${format}`));
    const res = await fetch(`${portal.url}${href}`);
    expect(res.status, format).toBe(200);
    expect(res.headers.get('content-type'), format).toContain(type);
    if (format === 'csv') {
      const body = (await res.text()).trim().split('\r\n');
      expect(body).toHaveLength(expectRows + 1);
      expect(body[1]).toContain(place);
    }
    if (format === 'json') expect(((await res.json()) as { rows: unknown[] }).rows).toHaveLength(expectRows);
  }
}

beforeAll(async () => {
  // The ingest runs in the background after the build: wait until the Data API has the file.
  const until = Date.now() + 180_000;
  for (;;) {
    const res = await fetch(`${portal.url}/api/data/${dataset}/${csv}?limit=1`).catch(() => undefined);
    if (res?.status === 200) return;
    if (Date.now() > until) throw new Error(`the Data API never answered for ${csv} (last status ${res?.status})`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}, 200_000);

describe('the preview with JavaScript', () => {
  it('searches the whole file without diacritics, sorts it by a heading, charts a grouped query and downloads the same rows', async () => {
    expect(records).toHaveLength(168);
    expect(records.findIndex((r) => r.ten_phuong === place)).toBeGreaterThan(100);
    const page = await open(`/datasets/${dataset}/`);
    await page.getByRole('button', { name: 'Xem trước CSV' }).click();
    const preview = page.locator('[data-odp-preview]');
    const table = preview.getByRole('table', { name: /^Xem trước:/ });
    await table.getByRole('cell').first().waitFor();
    // The first page of 100, out of every row of the file.
    expect(await table.getByRole('row').count()).toBe(101);
    expect(await preview.getByRole('status').textContent()).toContain('Dòng 1–100 trong 168 dòng khớp');
    expect(await table.getByRole('cell', { name: place, exact: true }).count()).toBe(0);

    // The chart: the average area by unit type, a grouped query, with its figures as a table.
    await preview.getByRole('img', { name: 'Biểu đồ Trung bình Diện tích tự nhiên theo Loại đơn vị; số liệu ở bảng bên dưới.' }).waitFor();
    await preview.getByText('Số liệu của biểu đồ', { exact: true }).click();
    const figures = preview.getByRole('table', { name: 'Số liệu của biểu đồ: Trung bình Diện tích tự nhiên' });
    expect(await figures.locator('tbody tr').count()).toBe(new Set(records.map((r) => r.loai_don_vi)).size);

    // Sorting sorts the file, not the page: the largest and the smallest area are both past row 100.
    const heading = table.getByRole('columnheader', { name: /^Diện tích tự nhiên/ });
    await heading.getByRole('button').click();
    await table.getByRole('cell', { name: smallest.ten_phuong, exact: true }).waitFor();
    expect(await heading.getAttribute('aria-sort')).toBe('ascending');
    await heading.getByRole('button').click();
    await expect.poll(() => heading.getAttribute('aria-sort')).toBe('descending');
    await expect.poll(() => table.getByRole('row').nth(1).getByRole('cell').nth(2).textContent()).toBe(largest.ten_phuong);

    // Paging: the second page holds the other 68 rows.
    await preview.getByRole('button', { name: 'Trang sau' }).click();
    await expect.poll(() => preview.getByRole('status').textContent()).toContain('Dòng 101–168 trong 168 dòng khớp');
    expect(await preview.getByRole('button', { name: 'Trang sau' }).isDisabled()).toBe(true);

    await preview.getByRole('searchbox', { name: 'Tìm trong bản xem trước (không cần gõ dấu)' }).fill('can gio');
    await preview.getByRole('button', { name: 'Lọc', exact: true }).click();
    await table.getByRole('cell', { name: place, exact: true }).waitFor();
    expect(await table.getByRole('row').count()).toBe(2);
    expect(await preview.getByRole('status').textContent()).toContain('Dòng 1–1 trong 1 dòng khớp');
    await checkDownloads(page, '[data-odp-preview]', 1);
    expect(await axe(page)).toEqual([]);
    await page.context().close();
  });
});

describe('without JavaScript', () => {
  it('the form shows the matching rows of the whole file on a page, sorted by its heading links and paged, with downloads', async () => {
    const page = await open(`/datasets/${dataset}/`, { js: false });
    await page.getByRole('searchbox', { name: 'Tìm trong bảng (không cần gõ dấu)' }).fill('can gio');
    await page.getByRole('button', { name: /^Xem các dòng/ }).click();
    await page.waitForURL((u) => u.pathname === rowsPage && u.searchParams.get('q') === 'can gio');
    const table = page.getByRole('table', { name: /^Các dòng của/ });
    expect(await table.getByRole('cell', { name: place, exact: true }).count()).toBe(1);
    expect((await page.locator('#odp-rows-count').textContent())?.trim()).toBe('1 dòng khớp.');
    // The form comes back filled in.
    expect(await page.getByRole('searchbox', { name: 'Tìm trong bảng (không cần gõ dấu)' }).inputValue()).toBe('can gio');
    await checkDownloads(page, 'main', 1);
    expect(await axeOf(page.url())).toEqual([]);

    // The whole file, sorted by area with the heading's link: ascending, then descending.
    await page.getByRole('searchbox', { name: 'Tìm trong bảng (không cần gõ dấu)' }).fill('');
    await page.getByRole('button', { name: /^Xem các dòng/ }).click();
    await page.waitForURL((u) => u.pathname === rowsPage && !u.searchParams.get('q'));
    expect((await page.locator('#odp-rows-count').textContent())?.trim()).toBe('168 dòng khớp; đang xem dòng 1–100.');
    const heading = () => page.getByRole('table', { name: /^Các dòng của/ }).getByRole('columnheader', { name: /^Diện tích tự nhiên/ });
    await heading().getByRole('link').click();
    await page.waitForURL((u) => u.searchParams.get('sort') === 'dien_tich_km2');
    expect(await heading().getAttribute('aria-sort')).toBe('ascending');
    const firstPlace = () =>
      page
        .getByRole('table', { name: /^Các dòng của/ })
        .getByRole('row')
        .nth(1)
        .getByRole('cell')
        .nth(2)
        .textContent();
    expect(await firstPlace()).toBe(smallest.ten_phuong);
    await heading().getByRole('link').click();
    await page.waitForURL((u) => u.searchParams.get('sort') === '-dien_tich_km2');
    expect(await heading().getAttribute('aria-sort')).toBe('descending');
    expect(await firstPlace()).toBe(largest.ten_phuong);
    await page.getByRole('navigation', { name: 'Phân trang kết quả' }).getByRole('link', { name: 'Trang sau' }).click();
    await page.waitForURL((u) => u.searchParams.get('offset') === '100' && u.searchParams.get('sort') === '-dien_tich_km2');
    expect((await page.locator('#odp-rows-count').textContent())?.trim()).toBe('168 dòng khớp; đang xem dòng 101–168.');
    await page.context().close();
  });

  it('says what is wrong on the page, in the page’s language, and has no rows page for data that is not open', async () => {
    const page = await open(`${rowsPage}?limit=5000&sort=khong_co`, { js: false });
    const summary = page.getByRole('alert');
    expect(await summary.getByRole('heading').textContent()).toBe('Không lọc được các dòng');
    expect(await summary.getByRole('link', { name: /^Số dòng mỗi trang: limit phải từ 0 đến 1000/ }).getAttribute('href')).toBe('#odp-data-limit');
    expect(await summary.getByRole('link', { name: /^Sắp xếp theo: Không có cột "khong_co"/ }).count()).toBe(1);
    expect(await page.getByRole('spinbutton', { name: 'Số dòng mỗi trang' }).getAttribute('aria-invalid')).toBe('true');
    expect(await axeOf(page.url())).toEqual([]);
    await page.context().close();
    const bad = await fetch(`${portal.url}${rowsPage}?limit=5000`);
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('text/html');

    const en = await open(`/en${rowsPage}?q=can%20gio`, { js: false });
    expect((await en.locator('#odp-rows-count').textContent())?.trim()).toBe('1 matching row.');
    expect(
      await en
        .getByRole('table', { name: /^Rows of / })
        .getByRole('cell', { name: place, exact: true })
        .count(),
    ).toBe(1);
    await en.context().close();

    // The public catalog holds no file of shared data: its rows page is not found (the engine refuses
    // such a file even when it was loaded: site/__tests__/data-rows.test.ts).
    const closed = await fetch(`${portal.url}/datasets/camera-giam-sat-giao-thong/rows/camera-giam-sat-giao-thong-api/?q=a`);
    expect(closed.status).toBe(404);
    expect(await closed.text()).not.toContain('lgsp.tphcm.gov.vn');
    expect((await fetch(`${portal.url}/datasets/${dataset}/rows/khong-co/`)).status).toBe(404);
  });
});
