import { isRealDate } from '../validation/dates';

/**
 * Working days for the insurance advance: after the claim agreement is signed the insurer
 * pays within 3 working days. Weekends are off unless listed as make-up working days (调休);
 * holidays are off even on weekdays. Dates are 'YYYY-MM-DD' calendar days in China.
 */
export interface WorkCalendar {
  holidays: readonly string[];
  makeupWorkdays: readonly string[];
}

/**
 * China's 2026 public holidays and make-up working days, from the State Council notice of
 * 2025-11-04 (国务院办公厅关于2026年部分节假日安排的通知). Later
 * years must be added when the State Council publishes them (usually in November).
 */
export const DEFAULT_WORK_CALENDAR: WorkCalendar = {
  holidays: [
    // 元旦
    '2026-01-01',
    '2026-01-02',
    '2026-01-03',
    // 春节
    '2026-02-15',
    '2026-02-16',
    '2026-02-17',
    '2026-02-18',
    '2026-02-19',
    '2026-02-20',
    '2026-02-21',
    '2026-02-22',
    '2026-02-23',
    // 清明节
    '2026-04-04',
    '2026-04-05',
    '2026-04-06',
    // 劳动节
    '2026-05-01',
    '2026-05-02',
    '2026-05-03',
    '2026-05-04',
    '2026-05-05',
    // 端午节
    '2026-06-19',
    '2026-06-20',
    '2026-06-21',
    // 中秋节
    '2026-09-25',
    '2026-09-26',
    '2026-09-27',
    // 国庆节
    '2026-10-01',
    '2026-10-02',
    '2026-10-03',
    '2026-10-04',
    '2026-10-05',
    '2026-10-06',
    '2026-10-07',
  ],
  makeupWorkdays: [
    '2026-01-04',
    '2026-02-14',
    '2026-02-28',
    '2026-05-09',
    '2026-09-20',
    '2026-10-10',
  ],
};

function dayMs(date: string): number {
  if (!isRealDate(date)) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8)));
}

const DAY_MS = 86_400_000;

export function isWorkingDay(date: string, cal: WorkCalendar = DEFAULT_WORK_CALENDAR): boolean {
  const weekday = new Date(dayMs(date)).getUTCDay();
  if (cal.holidays.includes(date)) return false;
  if (weekday === 0 || weekday === 6) return cal.makeupWorkdays.includes(date);
  return true;
}

/**
 * The n-th working day after `date` (n ≥ 0); n = 0 gives `date` itself, working day or not.
 * "Pays within 3 working days after the agreement of date D" is due by addWorkingDays(D, 3).
 */
export function addWorkingDays(
  date: string,
  n: number,
  cal: WorkCalendar = DEFAULT_WORK_CALENDAR,
): string {
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
