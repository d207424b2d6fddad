import { describe, expect, it } from 'vitest';
import { CALENDAR_2026 } from './calendar-2026';
import { insurerDueDate, isClaimLate } from './insurance';
import { CalendarMissingError, workCalendarOf } from './working-days';

const CAL = workCalendarOf([CALENDAR_2026]);

describe('insurerDueDate: agreement date + 3 working days', () => {
  it.each([
    // Monday → Thursday
    ['2026-11-23', '2026-11-26'],
    // Thursday → next Tuesday (the weekend does not count)
    ['2026-11-26', '2026-12-01'],
    // Signed on a Saturday: Monday, Tuesday, Wednesday
    ['2026-11-28', '2026-12-02'],
    // Before National Day: 30 Sep (Wed) → 1–7 Oct are off; 8 Oct, 9 Oct, then 10 Oct (a
    // Saturday, but a make-up working day)
    ['2026-09-30', '2026-10-10'],
    // Spring Festival: 13 Feb (Fri) → 14 Feb (Sat, make-up) counts, then the holiday until the 23rd
    ['2026-02-13', '2026-02-25'],
  ])('%s → %s', (agreement, due) => {
    expect(insurerDueDate(agreement, CAL)).toBe(due);
  });

  it('refuses to guess a due date that runs into a year not loaded', () => {
    // 30 Dec 2026 + 3 working days reaches January 2027: an unknown year is never plain Mon–Fri.
    expect(() => insurerDueDate('2026-12-30', CAL)).toThrow(CalendarMissingError);
    expect(() => insurerDueDate('2026-12-30', CAL)).toThrow(
      expect.objectContaining({ year: 2027 }),
    );
    const with2027 = workCalendarOf([
      CALENDAR_2026,
      { year: 2027, holidays: ['2027-01-01', '2027-01-02', '2027-01-03'], makeupWorkdays: [] },
    ]);
    expect(insurerDueDate('2026-12-30', with2027)).toBe('2027-01-05');
  });
});

describe('isClaimLate', () => {
  const due = '2026-11-26';
  it.each([
    ['not approved yet', { dueDate: null, paidDate: null }, '2026-12-31', false],
    ['unpaid, due today', { dueDate: due, paidDate: null }, '2026-11-26', false],
    ['unpaid, due yesterday', { dueDate: due, paidDate: null }, '2026-11-27', true],
    ['paid on the due date', { dueDate: due, paidDate: '2026-11-26' }, '2026-12-31', false],
    ['paid a day late', { dueDate: due, paidDate: '2026-11-27' }, '2026-11-27', true],
  ] as const)('%s', (_name, claim, today, late) => {
    expect(isClaimLate(claim, today)).toBe(late);
  });
});
