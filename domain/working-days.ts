// Vietnamese working days: Monday to Friday, except public holidays and days off in lieu, plus the
// Saturdays worked in exchange. The holidays are data (catalog-schema/data/vn-public-holidays.json,
// or the file named by ODP_HOLIDAYS_FILE) because Tết and the exchanges are decided every year.
import { readFileSync } from 'node:fs';
import holidayData from '../catalog-schema/data/vn-public-holidays.json' with { type: 'json' };
import { OdpError } from '../catalog-schema/src/errors.ts';

export interface HolidayTable {
  years: Record<string, { provisional?: boolean; holidays: { date: string; name: string }[]; workingWeekends?: string[] }>;
}

export class HolidayTableError extends OdpError {
  override name = 'HolidayTableError';
}

/** Vietnam keeps UTC+7 all year (no daylight saving). */
const VN_OFFSET_MS = 7 * 3600_000;

export class WorkingCalendar {
  private readonly holidays = new Map<string, string>();
  private readonly workingWeekends = new Set<string>();
  private readonly years = new Set<number>();

  constructor(table: HolidayTable) {
    for (const [year, y] of Object.entries(table.years)) {
      this.years.add(Number(year));
      for (const h of y.holidays) this.holidays.set(h.date, h.name);
      for (const d of y.workingWeekends ?? []) this.workingWeekends.add(d);
    }
  }

  /** The name of the holiday on `date` (YYYY-MM-DD), if it is one. */
  holiday(date: string): string | undefined {
    return this.holidays.get(date);
  }

  isWorkingDay(date: string): boolean {
    this.assertKnownYear(date);
    if (this.workingWeekends.has(date)) return true;
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6 && !this.holidays.has(date);
  }

  /** The date `n` working days after `date` (the day itself not counted). */
  addWorkingDays(date: string, n: number): string {
    let d = date;
    for (let counted = 0; counted < n;) {
      d = nextDay(d);
      if (this.isWorkingDay(d)) counted++;
    }
    return d;
  }

  /** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
  workingDaysBetween(from: string, to: string): number {
    let n = 0;
    for (let d = nextDay(from); d <= to; d = nextDay(d)) if (this.isWorkingDay(d)) n++;
    return n;
  }

  /** Holidays strictly after `from` up to and including `to`, for messages that explain a count. */
  holidaysBetween(from: string, to: string): { date: string; name: string }[] {
    const out: { date: string; name: string }[] = [];
    for (let d = nextDay(from); d <= to; d = nextDay(d)) {
      const name = this.holidays.get(d);
      if (name) out.push({ date: d, name });
    }
    return out;
  }

  private assertKnownYear(date: string): void {
    const year = Number(date.slice(0, 4));
    if (!this.years.has(year)) {
      throw new HolidayTableError(
        'HOLIDAYS_UNKNOWN_YEAR',
        `Chưa có lịch nghỉ lễ năm ${year}; bổ sung vào bảng ngày lễ (ODP_HOLIDAYS_FILE hoặc catalog-schema/data/vn-public-holidays.json) / no public holidays for ${year} yet: add them to the holiday table.`,
      );
    }
  }
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The calendar date in Vietnam of an instant (ISO 8601 date-time or Date). */
export function vnDate(instant: string | Date): string {
  const ms = (typeof instant === 'string' ? new Date(instant) : instant).getTime();
  return new Date(ms + VN_OFFSET_MS).toISOString().slice(0, 10);
}

const calendars = new Map<string | undefined, WorkingCalendar>();

/** The calendar of the holiday table in `file` (ODP_HOLIDAYS_FILE), else of the table shipped with the schema; read once. */
export function workingCalendar(file?: string): WorkingCalendar {
  let calendar = calendars.get(file);
  if (!calendar) {
    let table = holidayData as HolidayTable;
    if (file) {
      try {
        table = JSON.parse(readFileSync(file, 'utf8')) as HolidayTable;
      } catch (err) {
        throw new HolidayTableError('HOLIDAYS_UNREADABLE', `Không đọc được bảng ngày lễ / cannot read the holiday table ${file}: ${(err as Error).message}`, { cause: err });
      }
    }
    calendar = new WorkingCalendar(table);
    calendars.set(file, calendar);
  }
  return calendar;
}
