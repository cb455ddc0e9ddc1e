// Rules of service notices beyond the schema's shape (HCMC 30/2026 art. 20-21): planned maintenance
// is announced at least 7 working days before the window opens, counted in Vietnamese working days.
import type { ServiceNotice } from '../catalog-schema/generated/types.ts';
import type { FieldError } from '../catalog-schema/src/errors.ts';
import { HolidayTableError, vnDate, workingCalendar, type WorkingCalendar } from './working-days.ts';

/** HCMC 30/2026 art. 20: maintenance is announced at least this many working days ahead. */
const MAINTENANCE_NOTICE_WORKING_DAYS = 7;

/**
 * The first day (YYYY-MM-DD, Vietnam) a maintenance window announced on `announced` may open, for
 * forms that offer only allowed dates; noticeRuleErrors stays the check. Throws HolidayTableError
 * when the calendar lacks a year it needs.
 */
export function earliestMaintenanceStart(announced: string | Date, o: { calendar?: WorkingCalendar; holidaysFile?: string | undefined } = {}): string {
  return (o.calendar ?? workingCalendar(o.holidaysFile)).addWorkingDays(vnDate(announced), MAINTENANCE_NOTICE_WORKING_DAYS);
}

const vnDay = (date: string) => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;

/** Problems of a notice's dates; [] when it keeps the rules. The calendar is `calendar`, else that of `holidaysFile` (ODP_HOLIDAYS_FILE), else the shipped one. */
export function noticeRuleErrors(notice: Pick<ServiceNotice, 'kind' | 'announced' | 'start'>, o: { calendar?: WorkingCalendar; holidaysFile?: string | undefined } = {}): FieldError[] {
  if (notice.kind !== 'maintenance' || !notice.announced || !notice.start) return [];
  const announced = vnDate(notice.announced);
  const start = vnDate(notice.start);
  try {
    const cal = o.calendar ?? workingCalendar(o.holidaysFile);
    const days = cal.workingDaysBetween(announced, start);
    if (days >= MAINTENANCE_NOTICE_WORKING_DAYS) return [];
    const earliest = cal.addWorkingDays(announced, MAINTENANCE_NOTICE_WORKING_DAYS);
    const holidays = cal.holidaysBetween(announced, earliest);
    const skipped = holidays.length ? `; không tính thứ Bảy, Chủ nhật và ngày lễ ${holidays.map((h) => `${vnDay(h.date)} (${h.name})`).join(', ')}` : '; không tính thứ Bảy, Chủ nhật';
    const skippedEn = holidays.length ? `; weekends and the public holidays ${holidays.map((h) => h.date).join(', ')} do not count` : '; weekends do not count';
    return [
      {
        field: 'start',
        code: 'notice_too_short',
        message_vi: `Bảo trì phải được thông báo trước ít nhất ${MAINTENANCE_NOTICE_WORKING_DAYS} ngày làm việc: thông báo ngày ${vnDay(announced)} thì bắt đầu sớm nhất ngày ${vnDay(earliest)}, còn ngày ${vnDay(start)} chỉ cách ${days} ngày làm việc${skipped}. Dời lịch bảo trì, hoặc đăng thông báo sự cố đột xuất nếu dịch vụ đã gián đoạn.`,
        message_en: `Maintenance must be announced at least ${MAINTENANCE_NOTICE_WORKING_DAYS} working days ahead: announced on ${announced}, it can start on ${earliest} at the earliest, and ${start} is only ${days} working day(s) away${skippedEn}. Move the window, or post an emergency outage notice if the service is already down.`,
      },
    ];
  } catch (err) {
    if (!(err instanceof HolidayTableError)) throw err;
    return [{ field: 'start', code: 'holidays_unknown', message_vi: err.message, message_en: err.message }];
  }
}
