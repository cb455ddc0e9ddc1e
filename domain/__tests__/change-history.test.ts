import { describe, expect, it } from 'vitest';
import { mergeHistory, publicHistory, type RevisionRow } from '../change-history.ts';

const rev = (id: number, collection: string, item: string, action: string, timestamp: string, data: Record<string, unknown>, delta: Record<string, unknown> | null = null): RevisionRow => ({
  id,
  collection,
  item,
  data,
  delta,
  activity: { action, timestamp },
});

const revisions: RevisionRow[] = [
  rev(1, 'datasets', 'ds', 'create', '2026-11-01T08:00:00Z', { id: 'ds', status: 'draft', title: { vi: 'A' } }),
  rev(2, 'datasets', 'ds', 'update', '2026-11-02T08:00:00Z', { id: 'ds', status: 'submitted' }, { status: 'submitted', submitted: '2026-11-02T08:00:00.000Z', qualityScore: 71 }),
  rev(
    3,
    'datasets',
    'ds',
    'update',
    '2026-11-03T08:00:00Z',
    { id: 'ds', status: 'changes_requested', reviewNote: 'sai' },
    { status: 'changes_requested', reviewNote: 'Ông Nguyễn Văn A: sai số liệu' },
  ),
  rev(4, 'datasets', 'ds', 'update', '2026-11-04T08:00:00Z', { id: 'ds', status: 'changes_requested' }, { reviewNote: 'chỉ ghi chú' }),
  rev(5, 'datasets', 'ds', 'update', '2026-11-05T08:00:00Z', { id: 'ds', status: 'published' }, { status: 'published', description: { vi: 'x' }, modified: '2026-11-05' }),
  rev(6, 'distributions', 'ds-csv', 'update', '2026-11-06T08:00:00Z', { id: 'ds-csv', dataset: 'ds' }, { byteSize: 10, downloadURL: '/data/x.csv' }),
  rev(7, 'datasets', 'secret', 'create', '2026-11-01T08:00:00Z', { id: 'secret', status: 'draft' }),
];

describe('publicHistory', () => {
  const h = publicHistory(revisions, new Set(['ds']))['ds']!;
  it('lists field names and status transitions, newest first, leaving out changes to internal fields only', () => {
    expect(h.map((e) => e.date.slice(0, 10))).toEqual(['2026-11-06', '2026-11-05', '2026-11-03', '2026-11-02', '2026-11-01']);
    expect(h[0]).toEqual({ date: '2026-11-06T08:00:00Z', action: 'update', target: 'ds-csv', fields: ['byteSize', 'downloadURL'] });
    expect(h[1]).toEqual({ date: '2026-11-05T08:00:00Z', action: 'update', target: 'dataset', fields: ['description', 'modified'], status: { from: 'changes_requested', to: 'published' } });
    expect(h[4]).toMatchObject({ action: 'create', status: { to: 'draft' } });
    // Sent for review: the step, not when or with which score (the workflow's own record).
    expect(h[3]).toEqual({ date: '2026-11-02T08:00:00Z', action: 'update', target: 'dataset', fields: [], status: { from: 'draft', to: 'submitted' } });
  });
  it("never carries the reviewer's comments or any value", () => {
    const text = JSON.stringify(h);
    expect(text).not.toMatch(/Nguyễn|reviewNote|sai số/);
  });
  it('reads only the datasets asked for', () => {
    expect(Object.keys(publicHistory(revisions, new Set(['ds'])))).toEqual(['ds']);
  });
});

describe('mergeHistory', () => {
  it('keeps older steps the CMS no longer serves, without duplicates', () => {
    const now = publicHistory(revisions.slice(4), new Set(['ds']));
    const earlier = publicHistory(revisions, new Set(['ds']));
    const merged = mergeHistory(earlier, now, new Set(['ds', 'other']));
    expect(merged['ds']).toHaveLength(earlier['ds']!.length);
    expect(merged['other']).toBeUndefined();
  });
});
