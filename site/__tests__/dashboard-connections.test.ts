// The dashboard's table of connection requests: counts only, read by the build with the other CMS
// counts, each request at the step it is at.
import { describe, expect, it } from 'vitest';
import { defaultConnectionSteps } from '../../domain/connection-steps.ts';
import { connectionCounts, foldCounts } from '../../pipeline/governance-counts.ts';
import { seedSnapshot } from '../../pipeline/__tests__/fixtures.ts';
import { dashboard } from '../src/lib/dashboard.ts';
import { buildPortal } from '../src/lib/portal.ts';
import { readUsage } from '../../domain/usage.ts';

const today = '2026-11-23';
const steps = defaultConnectionSteps({ requestingAgency: 'so-khcn', providingAgency: 'so-xay-dung' }, '2026-11-02');
const appraised = steps.map((s, i) => (i === 1 ? { ...s, state: 'done' as const } : i === 2 ? { ...s, state: 'in_progress' as const } : s));
const refused = steps.map((s, i) => (i === 1 ? { ...s, state: 'rejected' as const, outcome: 'Không đủ căn cứ pháp lý.' } : s));

describe('connection requests on the dashboard', () => {
  it('counts the requests by the step they are at, from steps stored as lists or text, ignoring broken ones', () => {
    const counts = connectionCounts([steps, JSON.stringify(appraised), refused, steps, 'không phải JSON', null]);
    expect(counts.appraisal).toEqual({ pending: 2, in_progress: 0, done: 0, rejected: 1 });
    expect(counts.setup).toEqual({ pending: 0, in_progress: 1, done: 0, rejected: 0 });
    expect(JSON.stringify(counts)).not.toMatch(/so-khcn|căn cứ/);
  });

  it('shows a row a step and a column a state, and says when no counts were taken', () => {
    const governance = { ...foldCounts([], [], '2026-11-23T08:00:00Z'), connections: connectionCounts([steps, appraised, refused]) };
    const table = dashboard(buildPortal({ ...seedSnapshot(), governance }), 'vi', today, readUsage('/nonexistent', today)).find((x) => x.id === 'connections')!;
    expect(table.columns).toEqual(['Bước hiện tại', 'Chưa thực hiện', 'Đang thực hiện', 'Đã xong', 'Không đạt']);
    expect(table.rows.map((r) => `${r.label}: ${r.values.join(' ')}`)).toEqual([
      'Xác định nhu cầu: mục đích, phạm vi, phương thức, tần suất: 0 0 0 0',
      'Thẩm định: 1 0 0 1',
      'Thiết lập kết nối và cấp quyền: 0 1 0 0',
      'Kiểm thử và nghiệm thu: 0 0 0 0',
      'Vận hành: 0 0 0 0',
    ]);
    const none = dashboard(buildPortal(seedSnapshot()), 'en', today, readUsage('/nonexistent', today)).find((x) => x.id === 'connections')!;
    expect(none.rows).toEqual([]);
    expect(none.note).toBeTruthy();
  });
});
