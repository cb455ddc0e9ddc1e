import { describe, expect, it } from 'vitest';
import { dashboard, dashboardTotals } from '../src/lib/dashboard.ts';
import { buildPortal } from '../src/lib/portal.ts';
import { assessQuality } from '../src/lib/quality.ts';
import { seedSnapshot } from './fixtures.ts';

const snapshot = seedSnapshot();
const p = buildPortal(snapshot);
const today = '2026-11-23';

describe('governance dashboard', () => {
  const tables = dashboard(p, 'vi', today);
  const table = (id: string) => tables.find((x) => x.id === id)!;

  it('counts every public dataset once by agency, and as many times as it has themes by theme', () => {
    expect(table('agency').rows.reduce((s, r) => s + r.values[0]!, 0)).toBe(p.datasets.length);
    expect(table('theme').rows.reduce((s, r) => s + r.values[0]!, 0)).toBe(p.datasets.reduce((s, d) => s + (d.theme?.length ?? 0), 0));
    expect(table('agency').rows[0]!.href).toMatch(/^\/agencies\/[a-z0-9-]+\/$/);
  });

  it('counts files by format with the vocabulary labels', () => {
    const files = p.datasets.reduce((s, d) => s + d.distribution.length, 0);
    expect(table('format').rows.reduce((s, r) => s + r.values[0]!, 0)).toBe(files);
    expect(table('format').rows.map((r) => r.label)).toContain('CSV');
  });

  it('puts the agencies with overdue datasets first, as the quality report judges them', () => {
    const overdue = p.datasets.filter((d) => assessQuality(d, p.profiles, today).overdue).length;
    expect(overdue).toBeGreaterThan(0);
    expect(dashboardTotals(tables)).toEqual({ datasets: p.datasets.length, overdue, agencies: table('agency').rows.length });
    const late = table('timeliness').rows.map((r) => r.values[1]!);
    expect(late).toEqual([...late].sort((a, b) => b - a));
  });

  it('speaks English under /en/', () => {
    const en = dashboard(p, 'en', today);
    expect(en.find((x) => x.id === 'timeliness')!.columns).toEqual(['Publisher', 'On time', 'Overdue']);
    expect(en.find((x) => x.id === 'agency')!.rows[0]!.href).toMatch(/^\/en\/agencies\//);
  });
});

describe('requests and their outcomes', () => {
  const requests = [
    { id: 'yc-20261101-aaaaaa', kind: 'open_data', title: 'Giá đất theo xã', status: 'accepted', received: '2026-11-01T08:00:00Z' },
    { id: 'yc-20261102-bbbbbb', kind: 'open_data', title: 'Lịch thu gom rác', status: 'received', received: '2026-11-02T08:00:00Z' },
    { id: 'yc-20261103-cccccc', kind: 'problem', title: 'Thiếu tuyến 12', status: 'done', received: '2026-11-03T08:00:00Z' },
  ] as const;
  const withRequests = buildPortal({ ...snapshot, requests: [...requests] });
  it('counts requests by kind and status, one column per status', () => {
    const table = dashboard(withRequests, 'vi', today).find((x) => x.id === 'requests')!;
    expect(table.columns).toEqual(['Loại yêu cầu', 'Đã tiếp nhận', 'Đang xem xét', 'Đã trả lời', 'Chấp nhận', 'Từ chối', 'Đã hoàn thành']);
    expect(table.rows.map((r) => [r.label, r.values])).toEqual([
      ['Đề xuất mở dữ liệu', [1, 0, 0, 1, 0, 0]],
      ['Báo lỗi bộ dữ liệu', [0, 0, 0, 0, 0, 1]],
    ]);
  });
  it('shows zero rows, not an error, before any request arrives', () => {
    const table = dashboard(p, 'en', today).find((x) => x.id === 'requests')!;
    expect(table.rows.flatMap((r) => r.values).every((v) => v === 0)).toBe(true);
  });
});
