import { describe, expect, it } from 'vitest';
import type { CaseStatus } from '../constants/case';
import { CALENDAR_2026 } from './calendar-2026';
import type { AgreementLike, InstalmentPayment } from './instalments';
import { compareUrgency, selectToday, todayHorizon } from './today';
import { isWorkingDay, workCalendarOf } from './working-days';

const H = 3600_000;
// Wednesday 2026-03-11, 10:00 in China.
const NOW = Date.parse('2026-03-11T02:00:00.000Z');
const CAL = workCalendarOf([CALENDAR_2026]);

function kase(
  id: string,
  hoursAgo: number,
  over: Partial<{
    status: CaseStatus;
    firstActionAt: string | null;
    resolvedAt: string | null;
  }> = {},
) {
  return {
    id,
    status: 'in_progress' as CaseStatus,
    receivedAt: new Date(NOW - hoursAgo * H).toISOString(),
    firstActionAt: new Date(NOW - hoursAgo * H + H).toISOString(),
    resolvedAt: null,
    ...over,
  };
}

function agreement(
  id: string,
  caseId: string,
  dueDates: string[],
  over: Partial<AgreementLike> = {},
): AgreementLike {
  return {
    id,
    caseId,
    recordedAt: '2026-03-01T02:00:00.000Z',
    instalments: dueDates.map((dueDate) => ({ dueDate, amountFen: 100_00 })),
    ...over,
  };
}

function payment(
  mediationId: string,
  dueDate: string,
  outcome: 'paid' | 'missed',
): InstalmentPayment {
  return {
    id: `p-${mediationId}-${dueDate}`,
    caseId: 'c',
    mediationId,
    dueDate,
    outcome,
    date: dueDate,
    amountFen: outcome === 'paid' ? 100_00 : 0,
    recordedBy: 'u',
    recordedAt: `${dueDate}T03:00:00.000Z`,
    version: 1,
  };
}

describe('today horizon', () => {
  it('is tomorrow on a working day before a working day', () => {
    expect(todayHorizon('2026-03-11', CAL)).toBe('2026-03-12');
  });
  it('reaches over the weekend to Monday on a Friday', () => {
    expect(todayHorizon('2026-03-13', CAL)).toBe('2026-03-16');
  });
  it('reaches over the National Day holiday to the first working day after it', () => {
    const h = todayHorizon('2026-09-30', CAL);
    expect(h > '2026-10-07').toBe(true);
    expect(isWorkingDay(h, CAL)).toBe(true);
  });
  it('is plain tomorrow when the year is not loaded', () => {
    expect(todayHorizon('2027-03-12', CAL)).toBe('2027-03-13');
    expect(todayHorizon('2026-12-31', CAL)).toBe('2027-01-01');
  });
});

describe('selectToday', () => {
  it('lists each running case once under its most urgent reason', () => {
    const list = selectToday({
      cases: [
        kase('fresh', 2, { status: 'received', firstActionAt: null }),
        kase('calm', 30),
        kase('warnsToday', 66),
        kase('warning', 100),
        kase('resolveTomorrow', 150),
        kase('overdue', 200),
        kase('resolved', 200, {
          status: 'resolved',
          resolvedAt: new Date(NOW - 100 * H).toISOString(),
        }),
        kase('transferred', 200, { status: 'transferred' }),
      ],
      mediations: [],
      payments: [],
      nowMs: NOW,
      calendar: CAL,
    });
    expect(list.today).toBe('2026-03-11');
    expect(list.cases.map((i) => [i.case.id, i.reason])).toEqual([
      ['overdue', 'overdue'],
      ['resolveTomorrow', 'resolve_due'],
      ['warning', 'warning'],
      ['warnsToday', 'warning'],
      ['fresh', 'first_action_due'],
    ]);
  });

  it('lists an unrecorded instalment due by the horizon, late ones marked, also on a closed case', () => {
    const closed = kase('closed', 400, {
      status: 'closed',
      resolvedAt: '2026-02-01T00:00:00.000Z',
    });
    const list = selectToday({
      cases: [closed],
      mediations: [
        agreement('m1', 'closed', ['2026-03-01', '2026-03-10', '2026-03-12', '2026-04-12']),
      ],
      payments: [payment('m1', '2026-03-01', 'paid')],
      nowMs: NOW,
      calendar: CAL,
    });
    expect(list.cases).toEqual([]);
    expect(list.instalments.map((i) => [i.dueDate, i.late])).toEqual([
      ['2026-03-10', true],
      ['2026-03-12', false],
    ]);
  });

  it('drops an instalment once recorded, paid or not', () => {
    const list = selectToday({
      cases: [kase('c', 400, { status: 'closed', resolvedAt: '2026-02-01T00:00:00.000Z' })],
      mediations: [agreement('m1', 'c', ['2026-03-11'])],
      payments: [payment('m1', '2026-03-11', 'missed')],
      nowMs: NOW,
    });
    expect(list.instalments).toEqual([]);
  });

  it('takes the instalments of the agreement in force, not of one it superseded', () => {
    const list = selectToday({
      cases: [kase('c', 400, { status: 'closed', resolvedAt: '2026-02-01T00:00:00.000Z' })],
      mediations: [
        agreement('old', 'c', ['2026-03-11']),
        agreement('new', 'c', ['2026-03-12'], {
          supersedesId: 'old',
          recordedAt: '2026-03-02T02:00:00.000Z',
        }),
      ],
      payments: [],
      nowMs: NOW,
    });
    expect(list.instalments.map((i) => [i.mediationId, i.dueDate])).toEqual([
      ['new', '2026-03-12'],
    ]);
  });
});

describe('case list urgency', () => {
  it('orders overdue, then due today, then the rest, stopped clocks last', () => {
    const cases = [
      kase('resolved', 200, {
        status: 'resolved',
        resolvedAt: new Date(NOW - 100 * H).toISOString(),
      }),
      kase('calm', 30),
      kase('dueToday', 70),
      kase('overdue', 200),
    ];
    const sorted = [...cases].sort((a, b) => compareUrgency(a, b, NOW)).map((c) => c.id);
    expect(sorted).toEqual(['overdue', 'dueToday', 'calm', 'resolved']);
  });
});
