import { describe, expect, it } from 'vitest';
import { CALENDAR_2026 } from '../domain/calendar-2026';
import { fieldErrors } from '../protocol/errors';
import { calendarYearSchema, yearCalendarRequestSchema } from './admin';

/** The `{path: message}` a refused request answers with, or null when it is accepted. */
function errorsOf(year: number, body: unknown, lang: 'zh' | 'en' = 'zh') {
  const r = yearCalendarRequestSchema(year).safeParse(body);
  return r.success ? null : fieldErrors(r.error, lang);
}

describe('yearCalendarRequestSchema', () => {
  it('accepts the 2026 State Council notice', () => {
    const r = yearCalendarRequestSchema(2026).safeParse({
      holidays: CALENDAR_2026.holidays,
      makeupWorkdays: CALENDAR_2026.makeupWorkdays,
    });
    expect(r.success).toBe(true);
    expect(r.data?.holidays).toHaveLength(33);
  });

  it('accepts an empty year (nothing off but weekends)', () => {
    expect(yearCalendarRequestSchema(2027).parse({ holidays: [], makeupWorkdays: [] })).toEqual({
      holidays: [],
      makeupWorkdays: [],
    });
  });

  it('gives both lists back sorted', () => {
    const out = yearCalendarRequestSchema(2027).parse({
      holidays: ['2027-10-01', '2027-01-01', '2027-02-06'],
      makeupWorkdays: ['2027-10-09', '2027-02-20'],
    });
    expect(out).toEqual({
      holidays: ['2027-01-01', '2027-02-06', '2027-10-01'],
      makeupWorkdays: ['2027-02-20', '2027-10-09'],
    });
  });

  it('refuses a day of another year, at its position', () => {
    expect(
      errorsOf(2027, { holidays: ['2027-01-01', '2026-12-31'], makeupWorkdays: ['2028-01-01'] }),
    ).toEqual({
      'holidays.1': '日期不在这一年内',
      'makeupWorkdays.0': '日期不在这一年内',
    });
    expect(errorsOf(2027, { holidays: ['2026-12-31'], makeupWorkdays: [] }, 'en')).toEqual({
      'holidays.0': 'This date is not in that year',
    });
  });

  it('refuses a day listed twice, naming the second listing', () => {
    expect(
      errorsOf(2027, { holidays: ['2027-01-01', '2027-01-02', '2027-01-01'], makeupWorkdays: [] }),
    ).toEqual({ 'holidays.2': '日期重复' });
    expect(errorsOf(2027, { holidays: [], makeupWorkdays: ['2027-02-20', '2027-02-20'] })).toEqual({
      'makeupWorkdays.1': '日期重复',
    });
  });

  it('refuses a day that is both a holiday and a make-up working day', () => {
    // 2027-01-02 is a Saturday, so only the overlap is wrong.
    expect(errorsOf(2027, { holidays: ['2027-01-02'], makeupWorkdays: ['2027-01-02'] })).toEqual({
      'makeupWorkdays.0': '同一天不能既是节假日又是调休上班日',
    });
  });

  it('refuses a make-up working day on a weekday', () => {
    // Monday 4 January 2027 is a working day anyway; Sunday 10 January is fine.
    expect(errorsOf(2027, { holidays: [], makeupWorkdays: ['2027-01-10', '2027-01-04'] })).toEqual({
      'makeupWorkdays.1': '调休上班日应为周六或周日（工作日本来就上班）',
    });
    expect(
      errorsOf(2027, { holidays: [], makeupWorkdays: ['2027-01-04'] }, 'en')?.['makeupWorkdays.0'],
    ).toMatch(/Saturday or Sunday/);
  });

  it('refuses what is not a real date, and unknown fields', () => {
    expect(errorsOf(2027, { holidays: ['2027-02-30', '2027/01/01'], makeupWorkdays: [] })).toEqual({
      'holidays.0': '日期格式应为 YYYY-MM-DD 且为真实日期',
      'holidays.1': '日期格式应为 YYYY-MM-DD 且为真实日期',
    });
    expect(errorsOf(2027, { holidays: [], makeupWorkdays: [], year: 2027 })).toEqual({
      year: '不允许的字段',
    });
    expect(errorsOf(2027, { holidays: [] })).toEqual({ makeupWorkdays: '必填' });
  });

  it('reports every problem at once', () => {
    expect(
      errorsOf(2027, {
        holidays: ['2026-10-01', '2027-01-01', '2027-01-01'],
        makeupWorkdays: ['2027-01-01', '2027-01-05'],
      }),
    ).toEqual({
      'holidays.0': '日期不在这一年内',
      'holidays.2': '日期重复',
      'makeupWorkdays.0': '同一天不能既是节假日又是调休上班日',
      'makeupWorkdays.1': '调休上班日应为周六或周日（工作日本来就上班）',
    });
  });
});

describe('calendarYearSchema', () => {
  it('takes a year from the URL and refuses what is no year', () => {
    expect(calendarYearSchema.parse('2027')).toBe(2027);
    expect(calendarYearSchema.safeParse('1999').success).toBe(false);
    expect(calendarYearSchema.safeParse('2101').success).toBe(false);
    expect(calendarYearSchema.safeParse('2027.5').success).toBe(false);
    expect(calendarYearSchema.safeParse('next').success).toBe(false);
  });
});
