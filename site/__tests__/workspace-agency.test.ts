import { describe, expect, it } from 'vitest';
import { earliestMaintenanceStart } from '../../domain/notices.ts';
import { WorkingCalendar } from '../../domain/working-days.ts';
import { assessmentState } from '../src/lib/dashboard.ts';
import { deskAssessment, deskDataset, dueState, present, publishPaths, shapeDesk, statusCounts } from '../src/lib/workspace/agency-desk.ts';
import {
  assessmentInputOf,
  assessmentsFromForm,
  checkAnswer,
  fieldLabel,
  formValues,
  noticeFromForm,
  noticeId,
  noticeInputOf,
  noticeMinStart,
  vnInstant,
  vnLocal,
  type NoticeValues,
} from '../src/lib/workspace/agency-forms.ts';

// December 2026 with one made-up holiday, so the counts are easy to follow.
const calendar = new WorkingCalendar({ years: { '2026': { holidays: [{ date: '2026-12-24', name: 'Ngày thử' }] }, '2027': { holidays: [] } } });

const dataset = (over: Record<string, unknown> = {}) => ({
  id: 'xe-buyt',
  title: { vi: 'Tuyến xe buýt' },
  description: { vi: 'Các tuyến xe buýt.', en: null },
  publisher: 'so-gtvt',
  dataKind: ['open'],
  accessLevel: 'public',
  status: 'draft',
  reviewNote: null,
  accrualPeriodicity: 'monthly',
  modified: '2026-11-01',
  distribution: ['x1'],
  ...over,
});

describe('the desk of an agency', () => {
  it('drops what Directus leaves unset and the relation aliases', () => {
    expect(present({ a: 1, b: null, c: undefined, distribution: ['x'] }, ['distribution'])).toEqual({ a: 1 });
  });

  it('says an update is overdue by the rule of the public page, and due soon within two weeks', () => {
    expect(dueState({ overdue: true, dueDate: '2026-12-01' }, '2026-12-10')).toEqual({ state: 'overdue', date: '2026-12-01' });
    expect(dueState({ overdue: false, dueDate: '2026-12-20' }, '2026-12-10')).toEqual({ state: 'soon', date: '2026-12-20' });
    expect(dueState({ overdue: false, dueDate: '2027-02-01' }, '2026-12-10')).toEqual({ state: 'onTime', date: '2027-02-01' });
    expect(dueState({ overdue: false }, '2026-12-10')).toEqual({ state: 'unknown' });
    // A monthly dataset updated on 1 November is due 32 days later (Frequency "days").
    expect(deskDataset(dataset(), [], '2026-12-10').due).toEqual({ state: 'overdue', date: '2026-12-03' });
    expect(deskDataset(dataset(), [], '2026-11-25').due).toEqual({ state: 'soon', date: '2026-12-03' });
  });

  it('scores quality with the build’s criteria before the files are profiled', () => {
    const bare = deskDataset(dataset(), [], '2026-11-05');
    expect(bare.quality.of).toBe(5);
    // Timely (on time) and consistent (nothing to compare) pass; complete, accurate (no confirming agency) and valid (no dictionary) do not.
    expect(bare.quality.met).toBe(2);
    const better = deskDataset(dataset({ dataConfirmedBy: 'so-gtvt' }), [{ id: 'x1', dataset: 'xe-buyt', format: 'csv', title: { vi: 'CSV' } }], '2026-11-05');
    expect(better.quality.met).toBe(3);
    expect(better.quality.overall).toBeGreaterThan(bare.quality.overall);
    expect(better.files).toBe(1);
  });

  it('shows the reviewer’s comments only on an entry sent back', () => {
    expect(deskDataset(dataset({ status: 'changes_requested', reviewNote: 'Bổ sung giấy phép.' }), [], '2026-11-05').reviewNote).toBe('Bổ sung giấy phép.');
    expect(deskDataset(dataset({ status: 'submitted', reviewNote: 'Cũ.' }), [], '2026-11-05').reviewNote).toBeUndefined();
  });

  it('lists entries sent back first, then drafts, and requests still waiting, oldest first', () => {
    const desk = shapeDesk(
      {
        agent: { id: 'so-gtvt', name: { vi: 'Sở Giao thông' }, dataAssessments: null },
        datasets: [
          dataset({ id: 'b', title: { vi: 'B' }, status: 'published' }),
          dataset({ id: 'a', title: { vi: 'A' }, status: 'changes_requested', reviewNote: 'Sửa.' }),
          dataset({ id: 'c', title: { vi: 'C' } }),
        ],
        distributions: [{ id: 'x1', dataset: 'b', format: 'csv', title: { vi: 'CSV' } }],
        services: [{ id: 's', title: { vi: 'API' }, status: 'published', reviewNote: null, modified: null, issued: '2026-01-01' }],
        notices: [
          { id: 'n1', title: { vi: 'Cũ' }, service: 's', kind: 'outage', status: 'published', start: '2026-01-01T00:00:00Z', expectedEnd: null, end: null },
          { id: 'n2', title: { vi: 'Mới' }, service: 's', kind: 'maintenance', status: 'published', start: '2026-12-20T00:00:00Z', expectedEnd: '2026-12-21T00:00:00Z', end: null },
        ],
        requests: [
          { id: 'yc-2', title: 'Hai', kind: 'open_data', status: 'in_review', received: '2026-11-02T00:00:00Z' },
          { id: 'yc-1', title: 'Một', kind: 'problem', status: 'received', received: '2026-11-01T00:00:00Z', dataset: 'b' },
          { id: 'yc-0', title: 'Xong', kind: 'problem', status: 'answered', received: '2026-10-01T00:00:00Z' },
        ],
      },
      '2026-11-05',
    );
    expect(desk.datasets.map((d) => d.id)).toEqual(['a', 'c', 'b']);
    expect(desk.datasets.find((d) => d.id === 'b')!.files).toBe(1);
    expect(desk.notices.map((n) => n.id)).toEqual(['n2', 'n1']);
    expect(desk.notices[0]!.serviceTitle).toEqual({ vi: 'API' });
    expect(desk.requests.map((r) => r.id)).toEqual(['yc-1', 'yc-2']);
    expect(desk.services[0]!.lastChange).toBe('2026-01-01');
    expect(statusCounts(desk.datasets)).toEqual([
      { status: 'changes_requested', count: 1 },
      { status: 'draft', count: 1 },
      { status: 'published', count: 1 },
    ]);
  });

  it('says what is due of this year’s assessment, with the dashboard’s states', () => {
    expect(deskAssessment(undefined, '2026-12-01')).toEqual({ year: 2026, deadline: '2026-12-15', state: 'due', daysLeft: 14, submitted: undefined, document: undefined });
    expect(deskAssessment([{ year: 2025, submitted: '2025-12-01' }], '2026-12-16').state).toBe('missing');
    expect(deskAssessment([{ year: 2026, submitted: '2026-12-17', document: '/bao-cao.pdf' }], '2026-12-20')).toMatchObject({ state: 'late', submitted: '2026-12-17', document: '/bao-cao.pdf' });
    // Moved to domain/ and still importable from the dashboard.
    expect(assessmentState('2026-12-15', 2026, '2026-12-20')).toBe('submitted');
  });

  it('has its addresses in both languages', () => {
    expect(publishPaths.dataset('vi', 'xe-buyt')).toBe('/publish/datasets/xe-buyt/');
    expect(publishPaths.request('en', 'yc-1')).toBe('/en/publish/requests/yc-1');
    expect(publishPaths.newNotice('vi', { service: 's', kind: 'outage' })).toBe('/publish/notices/new?service=s&kind=outage');
  });
});

describe('answering a request', () => {
  const stored = {
    id: 'yc-20261101-abcdef',
    kind: 'open_data',
    title: 'Dữ liệu bãi xe',
    description: 'Xin công bố dữ liệu bãi đỗ xe.',
    requesterEmail: 'a@example.org',
    status: 'received',
    received: '2026-11-01T00:00:00.000Z',
    answer: null,
    answered: null,
  };
  const now = new Date('2026-11-10T03:00:00Z');

  it('asks for the public answer once the request is answered, accepted, declined or done', () => {
    const r = checkAnswer({ status: 'declined', answer: '' }, stored, now);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors.map((e) => e.field)).toEqual(['answer']);
    expect(checkAnswer({ status: 'in_review', answer: '' }, stored, now)).toEqual({ ok: true, value: { status: 'in_review', answer: null, answered: null } });
  });

  it('dates the answer when it is given or changed, not when only the status moves', () => {
    const given = checkAnswer({ status: 'answered', answer: 'Sẽ công bố trong quý 1.' }, stored, now);
    expect(given).toEqual({ ok: true, value: { status: 'answered', answer: 'Sẽ công bố trong quý 1.', answered: '2026-11-10T03:00:00.000Z' } });
    const later = checkAnswer(
      { status: 'done', answer: 'Sẽ công bố trong quý 1.' },
      { ...stored, answer: 'Sẽ công bố trong quý 1.', answered: '2026-11-10T03:00:00.000Z' },
      new Date('2027-01-05T00:00:00Z'),
    );
    expect(later.ok && later.value.answered).toBe('2026-11-10T03:00:00.000Z');
  });

  it('refuses a status outside the vocabulary and an answer too long for the schema', () => {
    const r = checkAnswer({ status: 'closed', answer: 'x'.repeat(5001) }, stored, now);
    expect(!r.ok && r.errors.map((e) => [e.field, e.code])).toEqual([
      ['status', 'required'],
      ['answer', 'too_long'],
    ]);
  });

  it('reads posted fields normalised to NFC and trimmed', () => {
    const form = new FormData();
    form.set('answer', '  Trả lời\u0301  '.normalize('NFD'));
    expect(formValues(form, ['status', 'answer'])).toEqual({ status: '', answer: 'Trả lời\u0301'.normalize('NFC') });
  });
});

describe('a service notice', () => {
  const blank: NoticeValues = { service: '', kind: '', 'title.vi': '', 'title.en': '', start: '', expectedEnd: '', 'reason.vi': '', 'reason.en': '', 'fallback.vi': '', 'fallback.en': '' };
  const ctx = { agency: 'so-gtvt', services: ['api-xe-buyt'], now: new Date('2026-12-10T02:00:00Z'), id: 'api-xe-buyt-maintenance-20261210-ab12', calendar };
  const maintenance: NoticeValues = {
    ...blank,
    service: 'api-xe-buyt',
    kind: 'maintenance',
    'title.vi': 'Bảo trì máy chủ',
    start: '2026-12-22T22:00',
    expectedEnd: '2026-12-23T02:00',
    'fallback.vi': 'Dùng tệp CSV.',
  };

  it('offers as earliest start the day 7 working days ahead, holidays and weekends not counted', () => {
    // Thursday 10 December: 11, 14, 15, 16, 17, 18, 21 are the seven working days.
    expect(earliestMaintenanceStart(ctx.now, { calendar })).toBe('2026-12-21');
    expect(noticeMinStart(ctx.now, { calendar })).toBe('2026-12-21T00:00');
    // 17 December: 18, 21, 22, 23, 25 (24 is the holiday), 28, 29.
    expect(noticeMinStart(new Date('2026-12-17T02:00:00Z'), { calendar })).toBe('2026-12-29T00:00');
    // A year the table does not know: no minimum offered, the check on saving says why.
    expect(noticeMinStart(new Date('2028-06-01T00:00:00Z'), { calendar })).toBeUndefined();
  });

  it('is published by the agency at once, with Vietnam times', () => {
    const r = noticeFromForm(maintenance, ctx);
    expect(r).toEqual({
      ok: true,
      value: {
        id: 'api-xe-buyt-maintenance-20261210-ab12',
        service: 'api-xe-buyt',
        publisher: 'so-gtvt',
        kind: 'maintenance',
        title: { vi: 'Bảo trì máy chủ' },
        announced: '2026-12-10T02:00:00.000Z',
        start: '2026-12-22T22:00:00+07:00',
        expectedEnd: '2026-12-23T02:00:00+07:00',
        fallback: { vi: 'Dùng tệp CSV.' },
        status: 'published',
      },
    });
  });

  it('refuses maintenance announced less than 7 working days ahead, beside the start', () => {
    const r = noticeFromForm({ ...maintenance, start: '2026-12-18T22:00', expectedEnd: '2026-12-19T02:00' }, ctx);
    expect(!r.ok && r.errors.map((e) => [e.field, e.code])).toEqual([['start', 'notice_too_short']]);
  });

  it('asks each kind for what it needs, beside the Vietnamese input', () => {
    const m = noticeFromForm({ ...maintenance, expectedEnd: '', 'fallback.vi': '' }, ctx);
    expect(!m.ok && m.errors.map((e) => e.field).sort()).toEqual(['expectedEnd', 'fallback.vi']);
    const outage = noticeFromForm({ ...blank, service: 'api-xe-buyt', kind: 'outage', 'title.vi': 'Gián đoạn', start: '2026-12-10T08:00' }, ctx);
    expect(!outage.ok && outage.errors.map((e) => [e.field, e.code])).toEqual([['reason.vi', 'required']]);
    // Fields the kind does not ask for are not sent, even when posted.
    const restored = noticeFromForm(
      { ...blank, service: 'api-xe-buyt', kind: 'restored', 'title.vi': 'Đã khôi phục', start: '2026-12-10T09:00', expectedEnd: '2026-12-01T00:00', 'fallback.vi': 'x' },
      ctx,
    );
    expect(restored.ok && Object.keys(restored.value).sort()).toEqual(['announced', 'id', 'kind', 'publisher', 'service', 'start', 'status', 'title']);
  });

  it('refuses a service of another agency and an end before the start', () => {
    const r = noticeFromForm({ ...maintenance, service: 'api-khac', expectedEnd: '2026-12-22T21:00' }, ctx);
    expect(!r.ok && r.errors.map((e) => [e.field, e.code])).toEqual([
      ['service', 'required'],
      ['expectedEnd', 'date_order'],
    ]);
  });

  it('puts the CMS hook’s errors beside the inputs they name', () => {
    expect(noticeInputOf({ field: 'start', code: 'notice_too_short' })).toBe('start');
    expect(noticeInputOf({ field: 'fallback', code: 'required' })).toBe('fallback.vi');
    expect(noticeInputOf({ field: 'title.en', code: 'too_long' })).toBe('title.en');
    expect(noticeInputOf({ field: 'publisher', code: 'publisher_mismatch' })).toBe('service');
    expect(noticeInputOf({ field: 'id', code: 'invalid_format' })).toBe('');
  });

  it('reads and writes datetime-local values as Vietnam time', () => {
    expect(vnInstant('2026-12-22T22:00')).toBe('2026-12-22T22:00:00+07:00');
    expect(vnInstant('2026-02-30T10:00')).toBeUndefined();
    expect(vnInstant('22/12/2026')).toBeUndefined();
    expect(vnLocal('2026-12-22T15:00:00.000Z')).toBe('2026-12-22T22:00');
  });

  it('gets an identifier that is a slug', () => {
    expect(noticeId('api-xe-buyt', 'outage', new Date('2026-12-09T20:00:00Z'), 'ab12')).toBe('api-xe-buyt-outage-20261210-ab12');
    expect(noticeId(`${'a'.repeat(59)}-b`, 'termination', new Date('2026-12-10T00:00:00Z'), 'ff00')).toMatch(/^a{59}-termination-20261210-ff00$/);
  });
});

describe('the yearly data assessment', () => {
  const agent = { id: 'so-gtvt', name: { vi: 'Sở Giao thông' }, kind: 'department', dataAssessments: [{ year: 2025, submitted: '2025-12-12', summary: { vi: 'Năm 2025.' } }] };
  const posted = { year: '2026', submitted: '2026-12-01', document: 'https://so-gtvt.example.gov.vn/bao-cao-2026.pdf', 'summary.vi': 'Năm 2026.', 'summary.en': '' };

  it('adds this year and keeps earlier years, newest first', () => {
    const r = assessmentsFromForm(posted, agent, '2026-12-02');
    expect(r).toEqual({
      ok: true,
      value: {
        dataAssessments: [{ year: 2026, submitted: '2026-12-01', document: 'https://so-gtvt.example.gov.vn/bao-cao-2026.pdf', summary: { vi: 'Năm 2026.' } }, agent.dataAssessments[0]],
        replaced: false,
        at: 0,
      },
    });
  });

  it('replaces the entry of a year recorded before', () => {
    const r = assessmentsFromForm({ ...posted, year: '2025', submitted: '2025-12-10', document: '' }, agent, '2026-12-02');
    expect(r.ok && r.value.replaced).toBe(true);
    expect(r.ok && r.value.dataAssessments).toEqual([{ year: 2025, submitted: '2025-12-10', summary: { vi: 'Năm 2026.' } }]);
  });

  it('refuses a future year or date and a link that is not one, beside their inputs', () => {
    const r = assessmentsFromForm({ ...posted, year: '2027', submitted: '2026-12-05' }, agent, '2026-12-02');
    expect(!r.ok && r.errors.map((e) => [e.field, e.code])).toEqual([
      ['year', 'out_of_range'],
      ['submitted', 'in_future'],
    ]);
    const link = assessmentsFromForm({ ...posted, document: 'ftp://x/y' }, agent, '2026-12-02');
    expect(!link.ok && link.errors.map((e) => [e.field, e.code])).toEqual([['document', 'invalid_format']]);
    expect(assessmentInputOf('dataAssessments.1.submitted', 0)).toBe('');
    expect(assessmentInputOf('dataAssessments.0.summary', 0)).toBe('summary.vi');
  });

  it('takes its labels from the schema', () => {
    expect(fieldLabel('Agent', 'dataAssessments.submitted')).toEqual({ vi: 'Ngày gửi báo cáo', en: 'Date submitted' });
    expect(fieldLabel('DataRequest', 'answer').vi).toBe('Trả lời công khai');
  });
});
