import { isRealDate } from '../validation/dates';

/**
 * Working days for the insurance advance: after the claim agreement is signed the insurer
 * pays within 3 working days. Weekends are off unless listed as make-up working days (调休);
 * holidays are off even on weekdays. Dates are 'YYYY-MM-DD' calendar days in China.
 *
 * The calendar is data: administrators load each year's State Council notice (the API's
 * /api/admin/calendar/:year), devices receive it through pull. A year that is not loaded is
 * never guessed as plain Monday–Friday: any question about one of its days throws
 * CalendarMissingError, which the API answers as `calendar_missing`.
 */
export interface YearCalendar {
  year: number;
  holidays: readonly string[];
  makeupWorkdays: readonly string[];
}

/** The loaded years, by year. */
export interface WorkCalendar {
  years: Readonly<Record<number, YearCalendar>>;
}

export function workCalendarOf(years: Iterable<YearCalendar>): WorkCalendar {
  const out: Record<number, YearCalendar> = {};
  for (const y of years) out[y.year] = y;
  return { years: out };
}

export class CalendarMissingError extends Error {
  readonly year: number;
  constructor(year: number) {
    super(`the working-day calendar of ${year} is not loaded`);
    this.name = 'CalendarMissingError';
    this.year = year;
  }
}

/** "2027 年节假日安排尚未录入" in the asked language. */
export function calendarMissingText(year: number, lang: 'zh' | 'en'): string {
  return lang === 'zh'
    ? `${year} 年节假日安排尚未录入`
    : `The ${year} public-holiday calendar has not been loaded yet`;
}

function dayMs(date: string): number {
  if (!isRealDate(date)) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8)));
}

const DAY_MS = 86_400_000;

function weekdayOf(date: string): number {
  return new Date(dayMs(date)).getUTCDay();
}

export function isWeekend(date: string): boolean {
  const d = weekdayOf(date);
  return d === 0 || d === 6;
}

export function isWorkingDay(date: string, cal: WorkCalendar): boolean {
  const weekday = weekdayOf(date);
  const year = Number(date.slice(0, 4));
  const y = cal.years[year];
  if (!y) throw new CalendarMissingError(year);
  if (y.holidays.includes(date)) return false;
  if (weekday === 0 || weekday === 6) return y.makeupWorkdays.includes(date);
  return true;
}

/**
 * The n-th working day after `date` (n ≥ 0); n = 0 gives `date` itself, working day or not.
 * "Pays within 3 working days after the agreement of date D" is due by addWorkingDays(D, 3).
 * Throws CalendarMissingError when a day it must look at lies in a year not loaded.
 */
export function addWorkingDays(date: string, n: number, cal: WorkCalendar): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a whole number ≥ 0: ${n}`);
  let ms = dayMs(date);
  let day = date;
  for (let left = n; left > 0; ) {
    ms += DAY_MS;
    day = new Date(ms).toISOString().slice(0, 10);
    if (isWorkingDay(day, cal)) left--;
  }
  return day;
}

/** From this month on (November, when the State Council publishes it) next year is expected. */
export const NEXT_YEAR_EXPECTED_FROM_MONTH = 11;

/**
 * The year whose calendar should be loaded and is not, as of `today` (a China calendar
 * day), or null: this year always; next year from 1 November.
 */
export function missingCalendarYear(loaded: Iterable<number>, today: string): number | null {
  const have = new Set(loaded);
  const year = Number(today.slice(0, 4));
  if (!have.has(year)) return year;
  if (Number(today.slice(5, 7)) >= NEXT_YEAR_EXPECTED_FROM_MONTH && !have.has(year + 1)) {
    return year + 1;
  }
  return null;
}
