import { describe, expect, it } from 'vitest';
import { noticeRuleErrors } from '../notices.ts';
import { validateRecord } from '../../catalog-schema/src/validate.ts';
import { vnDate, WorkingCalendar, workingCalendar } from '../working-days.ts';

const cal = workingCalendar();

describe('Vietnamese working days', () => {
  it('skips weekends, public holidays and days off in lieu, and counts Saturdays worked in exchange', () => {
    expect(cal.isWorkingDay('2026-04-24')).toBe(true); // Friday
    expect(cal.isWorkingDay('2026-04-25')).toBe(false); // Saturday
    expect(cal.isWorkingDay('2026-04-27')).toBe(false); // day off in lieu of Giỗ Tổ (Sunday 26/4)
    expect(cal.isWorkingDay('2026-04-30')).toBe(false);
    expect(cal.isWorkingDay('2026-02-18')).toBe(false); // Tết Bính Ngọ
    expect(cal.isWorkingDay('2026-09-01')).toBe(false); // the day next to 2/9
    expect(cal.isWorkingDay('2025-04-26')).toBe(true); // Saturday worked in exchange for 2/5/2025
  });

  it('adds working days across a weekend and a holiday', () => {
    // Thu 23/4/2026 + 7: Fri 24, (weekend, Mon 27 off), Tue 28, Wed 29, (30/4, 1/5, weekend), Mon 4, Tue 5, Wed 6, Thu 7.
    expect(cal.addWorkingDays('2026-04-23', 7)).toBe('2026-05-07');
    expect(cal.workingDaysBetween('2026-04-23', '2026-05-06')).toBe(6);
  });

  it('takes the date of an instant in Vietnam time (UTC+7)', () => {
    expect(vnDate('2026-05-06T18:30:00Z')).toBe('2026-05-07');
    expect(vnDate('2026-05-07T08:00:00+07:00')).toBe('2026-05-07');
  });

  it('refuses to count in a year the table does not know, saying what to do', () => {
    const small = new WorkingCalendar({ years: { '2026': { holidays: [] } } });
    expect(() => small.isWorkingDay('2031-01-02')).toThrow(/2031.*holiday table/);
  });
});

describe('maintenance notice rule (HCMC 30/2026 art. 20)', () => {
  const notice = (start: string) => ({ kind: 'maintenance' as const, announced: '2026-04-23T09:00:00+07:00', start });

  it('rejects maintenance 6 working days ahead across a weekend and public holidays, with the reason', () => {
    const [err, ...rest] = noticeRuleErrors(notice('2026-05-06T22:00:00+07:00'));
    expect(rest).toEqual([]);
    expect(err).toMatchObject({ field: 'start', code: 'notice_too_short' });
    expect(err?.message_vi).toContain('ít nhất 7 ngày làm việc');
    expect(err?.message_vi).toContain('sớm nhất ngày 07/05/2026');
    expect(err?.message_vi).toContain('chỉ cách 6 ngày làm việc');
    expect(err?.message_vi).toContain('30/04/2026');
    expect(err?.message_en).toContain('2026-05-07 at the earliest');
  });

  it('accepts maintenance 7 working days ahead', () => {
    expect(noticeRuleErrors(notice('2026-05-07T22:00:00+07:00'))).toEqual([]);
  });

  it('counts the start in Vietnam time: 23:00 UTC on 6 May is already 7 May in Hồ Chí Minh City', () => {
    expect(noticeRuleErrors(notice('2026-05-06T17:00:00Z'))).toEqual([]);
    expect(noticeRuleErrors(notice('2026-05-06T16:59:00Z'))).toHaveLength(1);
  });

  it('does not ask emergency outages for notice ahead', () => {
    expect(noticeRuleErrors({ kind: 'outage', announced: '2026-04-23T09:00:00+07:00', start: '2026-04-23T08:40:00+07:00' })).toEqual([]);
  });

  it('the schema asks maintenance for its recovery time and fallback, outages and terminations for a reason', () => {
    const base = {
      id: 'bao-tri',
      service: 'api-du-lieu-xe-buyt',
      publisher: 'trung-tam-quan-ly-giao-thong-cong-cong',
      title: { vi: 'Bảo trì' },
      announced: '2026-04-23T09:00:00+07:00',
      start: '2026-05-07T22:00:00+07:00',
      status: 'published',
    };
    expect(
      validateRecord('ServiceNotice', { ...base, kind: 'maintenance' })
        .map((e) => e.field)
        .sort(),
    ).toEqual(['expectedEnd', 'fallback']);
    expect(validateRecord('ServiceNotice', { ...base, kind: 'outage' }).map((e) => e.field)).toEqual(['reason']);
    expect(validateRecord('ServiceNotice', { ...base, kind: 'termination', reason: { vi: 'Thay bằng API v3' } })).toEqual([]);
    expect(validateRecord('ServiceNotice', { ...base, kind: 'maintenance', expectedEnd: '2026-05-07T20:00:00+07:00', fallback: { vi: 'Dùng tệp GTFS' } })).toEqual([
      expect.objectContaining({ code: 'date_order' }),
    ]);
  });
});
