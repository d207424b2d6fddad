import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CALENDAR_2026 } from './calendar-2026';
import {
  addWorkingDays,
  CalendarMissingError,
  calendarMissingText,
  isWorkingDay,
  missingCalendarYear,
  type WorkCalendar,
  workCalendarOf,
  type YearCalendar,
} from './working-days';

const plainYear = (year: number): YearCalendar => ({ year, holidays: [], makeupWorkdays: [] });
/** 2026 with no holidays at all: only weekends are off. */
const PLAIN_2026 = workCalendarOf([plainYear(2026)]);
const REAL_2026 = workCalendarOf([CALENDAR_2026]);
/** A 2027 fixture (not the real notice): 元旦 on Friday 1 January and the weekend after it. */
const NEW_YEAR_2027: YearCalendar = {
  year: 2027,
  holidays: ['2027-01-01', '2027-01-02', '2027-01-03'],
  makeupWorkdays: [],
};

describe('isWorkingDay', () => {
  it('takes weekends off and weekdays on in a year without holidays', () => {
    expect(isWorkingDay('2026-11-23', PLAIN_2026)).toBe(true); // Monday
    expect(isWorkingDay('2026-11-27', PLAIN_2026)).toBe(true); // Friday
    expect(isWorkingDay('2026-11-28', PLAIN_2026)).toBe(false); // Saturday
    expect(isWorkingDay('2026-11-29', PLAIN_2026)).toBe(false); // Sunday
  });

  it('takes holidays off even on weekdays, and works make-up weekend days', () => {
    const cal = workCalendarOf([
      { year: 2026, holidays: ['2026-11-24'], makeupWorkdays: ['2026-11-29'] },
    ]);
    expect(isWorkingDay('2026-11-24', cal)).toBe(false);
    expect(isWorkingDay('2026-11-29', cal)).toBe(true);
    expect(isWorkingDay('2026-11-28', cal)).toBe(false);
  });

  it('knows the 2026 State Council arrangement', () => {
    expect(isWorkingDay('2026-01-01', REAL_2026)).toBe(false); // 元旦, a Thursday
    expect(isWorkingDay('2026-01-04', REAL_2026)).toBe(true); // Sunday worked for 元旦
    expect(isWorkingDay('2026-02-14', REAL_2026)).toBe(true); // Saturday worked before 春节
    expect(isWorkingDay('2026-02-23', REAL_2026)).toBe(false); // Monday, last day of 春节
    expect(isWorkingDay('2026-02-24', REAL_2026)).toBe(true);
    expect(isWorkingDay('2026-02-28', REAL_2026)).toBe(true); // Saturday worked after 春节
    expect(isWorkingDay('2026-04-06', REAL_2026)).toBe(false); // 清明 Monday
    expect(isWorkingDay('2026-05-05', REAL_2026)).toBe(false); // 劳动节 Tuesday
    expect(isWorkingDay('2026-05-09', REAL_2026)).toBe(true);
    expect(isWorkingDay('2026-06-19', REAL_2026)).toBe(false); // 端午 Friday
    expect(isWorkingDay('2026-09-25', REAL_2026)).toBe(false); // 中秋 Friday
    expect(isWorkingDay('2026-09-20', REAL_2026)).toBe(true);
    expect(isWorkingDay('2026-10-07', REAL_2026)).toBe(false);
    expect(isWorkingDay('2026-10-10', REAL_2026)).toBe(true);
  });

  it('has 2026 data of real dates in 2026, make-up days only on weekends, no day as both', () => {
    const weekday = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay();
    for (const d of [...CALENDAR_2026.holidays, ...CALENDAR_2026.makeupWorkdays]) {
      expect(d.slice(0, 4)).toBe('2026');
    }
    for (const d of CALENDAR_2026.makeupWorkdays) {
      expect([0, 6]).toContain(weekday(d));
      expect(CALENDAR_2026.holidays).not.toContain(d);
    }
    // The notice lists 33 days off in 2026 (3 + 9 + 3 + 5 + 3 + 3 + 7).
    expect(new Set(CALENDAR_2026.holidays).size).toBe(33);
    expect(CALENDAR_2026.holidays).toHaveLength(33);
  });

  it('never guesses a year that is not loaded, not even a plain weekday', () => {
    // Friday 1 January 2027 would be a working day by weekday alone; unknown is not "working".
    expect(() => isWorkingDay('2027-01-01', REAL_2026)).toThrow(CalendarMissingError);
    expect(() => isWorkingDay('2027-01-04', REAL_2026)).toThrow(CalendarMissingError);
    expect(() => isWorkingDay('2025-12-31', REAL_2026)).toThrow(CalendarMissingError);
    expect(() => isWorkingDay('2026-06-01', workCalendarOf([]))).toThrow(CalendarMissingError);
    try {
      isWorkingDay('2027-03-01', REAL_2026);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CalendarMissingError);
      expect((e as CalendarMissingError).year).toBe(2027);
      expect((e as CalendarMissingError).name).toBe('CalendarMissingError');
    }
  });

  it('rejects something that is not a date before asking for its year', () => {
    expect(() => isWorkingDay('2026-02-30', PLAIN_2026)).toThrow(RangeError);
    expect(() => isWorkingDay('2031-02-30', PLAIN_2026)).toThrow(RangeError);
  });
});

describe('addWorkingDays', () => {
  it('counts the insurer deadline: 3 working days after the claim agreement', () => {
    expect(addWorkingDays('2026-11-23', 3, PLAIN_2026)).toBe('2026-11-26'); // Mon → Thu
    expect(addWorkingDays('2026-11-26', 3, PLAIN_2026)).toBe('2026-12-01'); // Thu → Tue
    expect(addWorkingDays('2026-11-28', 1, PLAIN_2026)).toBe('2026-11-30'); // Sat → Mon
    // Signed the Friday before 春节: the make-up Saturday counts, then the holiday does not.
    expect(addWorkingDays('2026-02-13', 1, REAL_2026)).toBe('2026-02-14');
    expect(addWorkingDays('2026-02-13', 2, REAL_2026)).toBe('2026-02-24');
    // Over 国庆: Thu 8th, Fri 9th, then the make-up Saturday 10th.
    expect(addWorkingDays('2026-09-30', 3, REAL_2026)).toBe('2026-10-10');
  });

  it('stops at a year that is not loaded, and goes on once it is', () => {
    // Wed 30 Dec 2026 + 3: Thu 31st counts, then Fri 1 Jan 2027 must be looked at.
    const only2026 = () => addWorkingDays('2026-12-30', 3, REAL_2026);
    expect(only2026).toThrow(CalendarMissingError);
    expect(only2026).toThrow(expect.objectContaining({ year: 2027 }));
    // Even one day after 31 December needs next year's calendar.
    expect(() => addWorkingDays('2026-12-31', 1, REAL_2026)).toThrow(CalendarMissingError);
    // With 2027 loaded: 1–3 January are off, Mon 4th and Tue 5th count.
    const both = workCalendarOf([CALENDAR_2026, NEW_YEAR_2027]);
    expect(addWorkingDays('2026-12-30', 3, both)).toBe('2027-01-05');
    // Days up to the answer that stay in a loaded year need nothing more.
    expect(addWorkingDays('2026-12-30', 1, REAL_2026)).toBe('2026-12-31');
  });

  it('returns the date itself for n = 0, without any calendar, and refuses a bad n', () => {
    expect(addWorkingDays('2026-11-28', 0, PLAIN_2026)).toBe('2026-11-28');
    expect(addWorkingDays('2031-05-01', 0, workCalendarOf([]))).toBe('2031-05-01');
    expect(() => addWorkingDays('2026-11-23', -1, PLAIN_2026)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-11-23', 1.5, PLAIN_2026)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-02-30', 0, PLAIN_2026)).toThrow(RangeError);
  });

  it('lands on a working day with exactly n working days after the start, up to it', () => {
    const cal: WorkCalendar = workCalendarOf([CALENDAR_2026, NEW_YEAR_2027]);
    const dateArb = fc
      .integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2026, 11, 31) })
      .map((ms) => new Date(ms).toISOString().slice(0, 10));
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 1, max: 30 }), (start, n) => {
        const end = addWorkingDays(start, n, cal);
        expect(end > start).toBe(true);
        expect(isWorkingDay(end, cal)).toBe(true);
        let count = 0;
        for (let ms = Date.parse(start) + 86_400_000; ms <= Date.parse(end); ms += 86_400_000) {
          if (isWorkingDay(new Date(ms).toISOString().slice(0, 10), cal)) count++;
        }
        expect(count).toBe(n);
      }),
    );
  });
});

describe('missingCalendarYear', () => {
  it.each([
    ['this year not loaded', [2025], '2026-03-01', 2026],
    ['nothing loaded', [], '2026-01-01', 2026],
    ['this year missing wins over next year in November', [2027], '2026-11-15', 2026],
    ['this year loaded, before November', [2026], '2026-10-31', null],
    ['this year loaded, 1 January', [2026], '2026-01-01', null],
    ['from 1 November next year is expected', [2026], '2026-11-01', 2027],
    ['still on 31 December', [2026], '2026-12-31', 2027],
    ['both loaded in November', [2026, 2027], '2026-11-01', null],
    ['both loaded in December', [2027, 2026], '2026-12-31', null],
  ] as const)('%s', (_name, loaded, today, missing) => {
    expect(missingCalendarYear(loaded, today)).toBe(missing);
  });

  it('takes any iterable of years, such as the keys of a loaded calendar', () => {
    const cal = workCalendarOf([CALENDAR_2026]);
    expect(missingCalendarYear(Object.keys(cal.years).map(Number), '2026-11-02')).toBe(2027);
    expect(missingCalendarYear(new Set([2026]), '2026-06-30')).toBeNull();
  });
});

it('says which year is missing, in Chinese and English', () => {
  expect(calendarMissingText(2027, 'zh')).toBe('2027 年节假日安排尚未录入');
  expect(calendarMissingText(2027, 'en')).toContain('2027');
});
