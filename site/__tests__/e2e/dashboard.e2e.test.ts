// The governance dashboard and the dataset change history in Chromium: tables readable without
// JavaScript, charts drawn from them with it, and no accessibility violations.
import AxeBuilder from '@axe-core/playwright';
import { describe, expect, inject, it } from 'vitest';
import { browserSession } from './browser.ts';

const portal = inject('portal');
const open = browserSession(portal.url);

describe('dashboard', () => {
  it('shows every figure as a table without JavaScript', async () => {
    const page = await open('/dashboard/', { js: false });
    const timeliness = page.getByRole('table', { name: 'Số liệu: Cập nhật đúng hạn và quá hạn theo cơ quan' });
    expect(await timeliness.getByRole('columnheader', { name: 'Quá hạn' }).count()).toBe(1);
    expect(await timeliness.getByRole('rowheader').count()).toBeGreaterThan(5);
    expect(
      await page
        .getByRole('table', { name: /Tệp theo định dạng/ })
        .getByRole('rowheader', { name: 'CSV' })
        .count(),
    ).toBe(1);
    expect(await page.locator('canvas').count()).toBe(0);
    await page.context().close();
  });

  it('draws a chart beside each table, with no accessibility violations in either language', async () => {
    for (const [p, name] of [
      ['/dashboard/', 'Thống kê'],
      ['/en/dashboard/', 'Statistics'],
    ] as const) {
      const page = await open(p);
      await page.getByRole('img', { name: /Datasets by agency|Tập dữ liệu theo cơ quan/ }).waitFor();
      // One chart per table: what the catalog publishes, the CMS counts, requests, usage, scorecard.
      const tables = await page.locator('[data-odp-chart]').count();
      expect(tables).toBeGreaterThanOrEqual(12);
      await expect.poll(() => page.locator('canvas').count()).toBe(tables);
      expect(
        await page
          .getByRole('navigation', { name: /Menu|Điều hướng|Main|chính/i })
          .getByRole('link', { name })
          .getAttribute('aria-current'),
      ).toBe('page');
      const axe = await new AxeBuilder({ page }).analyze();
      expect(
        axe.violations.map((v) => v.id),
        p,
      ).toEqual([]);
      await page.context().close();
    }
  });

  it('the dataset page shows its change history table with no accessibility violations', async () => {
    const page = await open('/datasets/cho-truyen-thong/');
    const history = page.getByRole('table', { name: /Các thay đổi của/ });
    expect(await history.getByRole('cell', { name: /Tạo mới/ }).count()).toBeGreaterThan(0);
    const axe = await new AxeBuilder({ page }).include('section[aria-labelledby="odp-history-title"]').analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
    await page.context().close();
  });
});
