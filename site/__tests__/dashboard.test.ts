import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { foldCounts } from '../../pipeline/governance-counts.ts';
import { assessments, assessmentState, dashboard, dashboardTotals } from '../src/lib/dashboard.ts';
import { countedPath, readUsage, UsageCounter, usageKind } from '../../domain/usage.ts';
import { buildPortal } from '../src/lib/portal.ts';
import { assessQuality } from '../../domain/quality.ts';
import { seedSnapshot } from '../../pipeline/__tests__/fixtures.ts';

const snapshot = seedSnapshot();
const p = buildPortal(snapshot);
const today = '2026-11-23';

describe('governance dashboard', () => {
  const noUsage = readUsage('/nonexistent/usage.jsonl', today);
  const tables = dashboard(p, 'vi', today, noUsage);
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
    const en = dashboard(p, 'en', today, noUsage);
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
    const table = dashboard(withRequests, 'vi', today, readUsage('/nonexistent', today)).find((x) => x.id === 'requests')!;
    expect(table.columns).toEqual(['Loại yêu cầu', 'Đã tiếp nhận', 'Đang xem xét', 'Đã trả lời', 'Chấp nhận', 'Từ chối', 'Đã hoàn thành']);
    expect(table.rows.map((r) => [r.label, r.values])).toEqual([
      ['Đề xuất mở dữ liệu', [1, 0, 0, 1, 0, 0]],
      ['Báo lỗi bộ dữ liệu', [0, 0, 0, 0, 0, 1]],
    ]);
  });
  it('shows zero rows, not an error, before any request arrives', () => {
    const table = dashboard(p, 'en', today, readUsage('/nonexistent', today)).find((x) => x.id === 'requests')!;
    expect(table.rows.flatMap((r) => r.values).every((v) => v === 0)).toBe(true);
  });
});

describe('dashboard: what the CMS counts, usage, scorecard, yearly assessments', () => {
  const governance = foldCounts(
    [
      { publisher: 'so-khcn', status: 'published', accessLevel: 'public', count: 3 },
      { publisher: 'so-khcn', status: 'published', accessLevel: 'agencies', count: 2 },
      { publisher: 'so-khcn', status: 'submitted', accessLevel: 'agencies', count: '1' },
      { publisher: 'so-y-te', status: 'draft', accessLevel: 'internal', count: { '*': 4 } },
    ],
    [
      { publisher: 'so-khcn', status: 'published', connectionModel: 'lgsp', serviceState: 'operational', count: 1 },
      { publisher: 'so-khcn', status: 'published', connectionModel: 'direct', serviceState: 'outage', count: 1 },
    ],
    '2026-11-23T08:00:00Z',
  );
  const withCounts = buildPortal({ ...snapshot, governance });

  it('folds the CMS counts by agency: open against shared, workflow steps, sharing', () => {
    expect(governance.byAgency['so-khcn']).toEqual({
      datasetsByStatus: { published: 5, submitted: 1 },
      publishedByAccess: { public: 3, agencies: 2 },
      servicesByStatus: { published: 2 },
      publishedServicesByConnection: { lgsp: 1, direct: 1 },
      servicesOperational: 1,
    });
    const tables = dashboard(withCounts, 'vi', today, readUsage('/nonexistent', today));
    const khcn = (id: string) => tables.find((x) => x.id === id)!.rows.find((r) => r.href === '/agencies/so-khcn/')!.values;
    expect(khcn('access')).toEqual([3, 2, 0]);
    expect(khcn('workflow')).toEqual([0, 1, 0, 0, 7, 0]); // datasets and services together
    expect(khcn('sharing')).toEqual([2, 1, 0, 1, 1]);
    // Without counts the tables say why they are empty.
    const none = dashboard(p, 'en', today, readUsage('/nonexistent', today)).find((x) => x.id === 'access')!;
    expect(none.rows).toEqual([]);
    expect(none.note).toMatch(/administrator/);
  });

  it('scores each publishing agency 0–100 on each criterion, the total being their mean', () => {
    const card = dashboard(withCounts, 'vi', today, readUsage('/nonexistent', today)).find((x) => x.id === 'scorecard')!;
    expect(card.columns).toHaveLength(8);
    for (const r of card.rows) {
      const applied = r.values.slice(1).filter((v) => v >= 0);
      expect(r.values[0]).toBe(Math.round(applied.reduce((a, b) => a + b, 0) / applied.length));
      for (const v of applied) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(100);
      }
    }
    const khcn = card.rows.find((r) => r.href === '/agencies/so-khcn/')!;
    expect(khcn.values[5]).toBe(50); // one of two published services operational
    expect(khcn.values[6]).toBe(100); // the 2025 assessment went in before 15 December 2025
  });

  it('tracks the yearly assessment due on 15 December as submitted, late, due or missing', () => {
    expect(assessmentState('2026-12-15', 2026, '2026-12-20')).toBe('submitted');
    expect(assessmentState('2026-12-16', 2026, '2026-12-20')).toBe('late');
    expect(assessmentState(undefined, 2026, '2026-12-15')).toBe('due');
    expect(assessmentState(undefined, 2026, '2026-12-16')).toBe('missing');
    const rows = assessments(p, 'vi', today);
    expect(rows.find((r) => r.agency === 'so-khcn')).toMatchObject({ year: 2026, state: 'submitted', submitted: '2026-11-16' });
    expect(rows.find((r) => r.agency === 'so-y-te')).toMatchObject({ year: 2026, state: 'due' });
  });

  const dir = mkdtempSync(path.join(os.tmpdir(), 'odp-usage-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('counts views and downloads by day and path only, and reads them back for the dashboard', () => {
    expect(usageKind('GET', 200, 'text/html; charset=utf-8', '/datasets/tuyen-xe-buyt/')).toBe('view');
    expect(usageKind('GET', 200, 'text/csv', '/data/tuyen-xe-buyt/tuyen.csv')).toBe('download');
    expect(usageKind('GET', 404, 'text/html', '/khong-co/')).toBeUndefined();
    expect(usageKind('POST', 200, 'text/html', '/search/')).toBeUndefined();
    expect(usageKind('GET', 200, 'text/javascript', '/_astro/x.js')).toBeUndefined();
    // A query string can carry what a person typed (a name, an e-mail address): never counted.
    expect(countedPath('/search/?q=nguyen.van.a%40gmail.com#top')).toBe('/search/');
    expect(countedPath('/datasets/ch%E1%BB%A3/')).toBe('/datasets/chợ/');
    const file = path.join(dir, 'usage.jsonl');
    const c = new UsageCounter(file, 3);
    const day = new Date('2026-11-22T10:00:00Z');
    const id = 'cho-truyen-thong';
    const csv = '/data/cho-truyen-thong/cho-truyen-thong.csv';
    expect(p.datasetById.get(id)?.distribution.map((x) => x.downloadURL)).toContain(csv);
    c.add('view', `/datasets/${id}/`, day);
    c.add('view', `/en/datasets/${id}/`, day);
    c.add('download', csv, day);
    c.add('view', '/a/', day); // past the cap of 3 paths: counted under "(other)"
    c.add('view', `/datasets/${id}/`, day);
    expect(c.flush()).toBe(4);
    c.add('view', `/datasets/${id}/`, new Date('2026-11-23T01:00:00Z'));
    expect(c.flush()).toBe(1);
    // The log holds a count per day, kind and path, and nothing else.
    expect(
      readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as unknown),
    ).toEqual([
      { day: '2026-11-22', kind: 'view', path: `/datasets/${id}/`, n: 2 },
      { day: '2026-11-22', kind: 'view', path: `/en/datasets/${id}/`, n: 1 },
      { day: '2026-11-22', kind: 'download', path: csv, n: 1 },
      { day: '2026-11-22', kind: 'view', path: '(other)', n: 1 },
      { day: '2026-11-23', kind: 'view', path: `/datasets/${id}/`, n: 1 },
    ]);
    const u = readUsage(file, today);
    expect(u.days).toHaveLength(30);
    expect(u.days.at(-2)).toEqual({ day: '2026-11-22', views: 4, downloads: 1 });
    expect(u.days.at(-1)).toEqual({ day: '2026-11-23', views: 1, downloads: 0 });
    // Views in both languages and the downloads of its files count for the dataset; "(other)" for none.
    const top = dashboard(p, 'vi', today, u).find((x) => x.id === 'top')!;
    expect(top.rows.map((r) => [r.href, r.values])).toEqual([[`/datasets/${id}/`, [4, 1]]]);
  });
});
