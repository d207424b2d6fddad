import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  DEFAULT_WORK_CALENDAR,
  isWorkingDay,
  type WorkCalendar,
} from './working-days';

const EMPTY: WorkCalendar = { holidays: [], makeupWorkdays: [] };

describe('isWorkingDay', () => {
  it('takes weekends off and weekdays on in a calendar without holidays', () => {
    expect(isWorkingDay('2026-11-23', EMPTY)).toBe(true); // Monday
    expect(isWorkingDay('2026-11-27', EMPTY)).toBe(true); // Friday
    expect(isWorkingDay('2026-11-28', EMPTY)).toBe(false); // Saturday
    expect(isWorkingDay('2026-11-29', EMPTY)).toBe(false); // Sunday
  });

  it('takes holidays off even on weekdays, and works make-up weekend days', () => {
    const cal: WorkCalendar = { holidays: ['2026-11-24'], makeupWorkdays: ['2026-11-29'] };
    expect(isWorkingDay('2026-11-24', cal)).toBe(false);
    expect(isWorkingDay('2026-11-29', cal)).toBe(true);
    expect(isWorkingDay('2026-11-28', cal)).toBe(false);
  });

  it('knows the 2026 State Council arrangement', () => {
    expect(isWorkingDay('2026-01-01')).toBe(false); // 元旦, a Thursday
    expect(isWorkingDay('2026-01-04')).toBe(true); // Sunday worked for 元旦
    expect(isWorkingDay('2026-02-14')).toBe(true); // Saturday worked before 春节
    expect(isWorkingDay('2026-02-23')).toBe(false); // Monday, last day of 春节
    expect(isWorkingDay('2026-02-24')).toBe(true);
    expect(isWorkingDay('2026-02-28')).toBe(true); // Saturday worked after 春节
    expect(isWorkingDay('2026-04-06')).toBe(false); // 清明 Monday
    expect(isWorkingDay('2026-05-05')).toBe(false); // 劳动节 Tuesday
    expect(isWorkingDay('2026-05-09')).toBe(true);
    expect(isWorkingDay('2026-06-19')).toBe(false); // 端午 Friday
    expect(isWorkingDay('2026-09-25')).toBe(false); // 中秋 Friday
    expect(isWorkingDay('2026-09-20')).toBe(true);
    expect(isWorkingDay('2026-10-07')).toBe(false);
    expect(isWorkingDay('2026-10-10')).toBe(true);
  });

  it('lists only real dates, make-up days only on weekends, and no day as both', () => {
    const weekday = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay();
    for (const d of DEFAULT_WORK_CALENDAR.makeupWorkdays) {
      expect([0, 6]).toContain(weekday(d));
      expect(DEFAULT_WORK_CALENDAR.holidays).not.toContain(d);
    }
    // The notice lists 33 days off in 2026 (3 + 9 + 3 + 5 + 3 + 3 + 7).
    expect(new Set(DEFAULT_WORK_CALENDAR.holidays).size).toBe(33);
  });

  it('rejects something that is not a date', () => {
    expect(() => isWorkingDay('2026-02-30', EMPTY)).toThrow(RangeError);
  });
});

describe('addWorkingDays', () => {
  it('counts the insurer deadline: 3 working days after the claim agreement', () => {
    expect(addWorkingDays('2026-11-23', 3, EMPTY)).toBe('2026-11-26'); // Mon → Thu
    expect(addWorkingDays('2026-11-26', 3, EMPTY)).toBe('2026-12-01'); // Thu → Tue
    expect(addWorkingDays('2026-11-28', 1, EMPTY)).toBe('2026-11-30'); // Sat → Mon
    // Signed the Friday before 春节: the make-up Saturday counts, then the holiday does not.
    expect(addWorkingDays('2026-02-13', 1)).toBe('2026-02-14');
    expect(addWorkingDays('2026-02-13', 2)).toBe('2026-02-24');
    // Over 国庆: Thu 8th, Fri 9th, then the make-up Saturday 10th.
    expect(addWorkingDays('2026-09-30', 3)).toBe('2026-10-10');
    expect(addWorkingDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('returns the date itself for n = 0 and refuses a negative or fractional n', () => {
    expect(addWorkingDays('2026-11-28', 0, EMPTY)).toBe('2026-11-28');
    expect(() => addWorkingDays('2026-11-23', -1, EMPTY)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-11-23', 1.5, EMPTY)).toThrow(RangeError);
  });

  it('lands on a working day with exactly n working days after the start, up to it', () => {
    const dateArb = fc
      .integer({ min: Date.UTC(2025, 10, 1), max: Date.UTC(2026, 11, 31) })
      .map((ms) => new Date(ms).toISOString().slice(0, 10));
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 1, max: 30 }), (start, n) => {
        const end = addWorkingDays(start, n);
        expect(end > start).toBe(true);
        expect(isWorkingDay(end)).toBe(true);
        let count = 0;
        for (let ms = Date.parse(start) + 86_400_000; ms <= Date.parse(end); ms += 86_400_000) {
          if (isWorkingDay(new Date(ms).toISOString().slice(0, 10))) count++;
        }
        expect(count).toBe(n);
      }),
    );
  });
});
