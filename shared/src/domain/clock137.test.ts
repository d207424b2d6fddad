import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CASE_STATUSES, type CaseStatus } from '../schemas/case';
import {
  type Clock137Config,
  type Clock137Input,
  clock137,
  DEFAULT_CLOCK_137,
  FINAL_STATUSES_137,
  STAGE_137_LABELS,
  STAGES_137,
  type Stage137,
  type StageBounds,
  stageBounds,
} from './clock137';

const H = 3600_000;
const RECEIVED = '2026-03-02T01:30:00.000Z';
const R = Date.parse(RECEIVED);
const at = (ms: number) => new Date(ms).toISOString();

const open = (firstActionAt: string | null = null): Clock137Input => ({
  status: firstActionAt === null ? 'received' : 'in_progress',
  receivedAt: RECEIVED,
  firstActionAt,
  resolvedAt: null,
});

describe('clock137 deadlines', () => {
  it('puts the deadlines at 24 h, 72 h and 168 h after receipt by default', () => {
    const c = clock137(open(), R);
    expect(c.firstActionDeadline).toBe('2026-03-03T01:30:00.000Z');
    expect(c.warningAt).toBe('2026-03-05T01:30:00.000Z');
    expect(c.resolveDeadline).toBe('2026-03-09T01:30:00.000Z');
  });

  it('reads receipt times with an offset as the same instant', () => {
    const c = clock137({ ...open(), receivedAt: '2026-03-02T09:30:00+08:00' }, R);
    expect(c.resolveDeadline).toBe('2026-03-09T01:30:00.000Z');
  });

  it('takes the limits from configuration', () => {
    const config: Clock137Config = { firstActionHours: 2, warningHours: 48, resolveHours: 120 };
    const c = clock137(open(), R + 48 * H, config);
    expect(c.stage).toBe('warning');
    expect(c.firstActionDeadline).toBe(at(R + 2 * H));
    expect(c.resolveDeadline).toBe(at(R + 120 * H));
    expect(clock137(open(), R + 48 * H - 1, config).stage).toBe('first_action_due');
  });

  it('rejects a receipt time that is not an instant', () => {
    expect(() => clock137({ ...open(), receivedAt: 'yesterday' }, R)).toThrow(RangeError);
  });
});

describe('clock137 at the exact boundary instants', () => {
  it('first action deadline: late from the instant itself when nothing was done', () => {
    const d = R + 24 * H;
    expect(clock137(open(), d - 1)).toMatchObject({
      stage: 'first_action_due',
      firstActionLate: false,
      msToNextDeadline: 1,
    });
    expect(clock137(open(), d)).toMatchObject({
      stage: 'first_action_due',
      firstActionLate: true,
      msToNextDeadline: 48 * H,
    });
    expect(clock137(open(), d + 1)).toMatchObject({ firstActionLate: true });
  });

  it('first action taken exactly at the deadline is on time, one ms later is late', () => {
    const d = R + 24 * H;
    expect(clock137(open(at(d - 1)), d + H).firstActionLate).toBe(false);
    expect(clock137(open(at(d)), d + H).firstActionLate).toBe(false);
    expect(clock137(open(at(d + 1)), d + H)).toMatchObject({
      stage: 'on_time',
      firstActionLate: true,
    });
  });

  it('warning: IS warning at exactly receipt + 72 h', () => {
    const w = R + 72 * H;
    const acted = open(at(R + H));
    expect(clock137(acted, w - 1)).toMatchObject({ stage: 'on_time', msToNextDeadline: 1 });
    expect(clock137(acted, w)).toMatchObject({ stage: 'warning', msToNextDeadline: 96 * H });
    expect(clock137(acted, w + 1).stage).toBe('warning');
    expect(clock137(open(), w - 1).stage).toBe('first_action_due');
    expect(clock137(open(), w)).toMatchObject({ stage: 'warning', firstActionLate: true });
  });

  it('resolve deadline: unresolved IS overdue at exactly receipt + 168 h', () => {
    const d = R + 168 * H;
    const acted = open(at(R + H));
    expect(clock137(acted, d - 1)).toMatchObject({ stage: 'warning', msToNextDeadline: 1 });
    expect(clock137(acted, d)).toMatchObject({ stage: 'overdue', msToNextDeadline: null });
    expect(clock137(acted, d + 1).stage).toBe('overdue');
  });

  it('resolved exactly at receipt + 168 h is on time, one ms later is late', () => {
    const d = R + 168 * H;
    const resolved = (ms: number): Clock137Input => ({
      status: 'resolved',
      receivedAt: RECEIVED,
      firstActionAt: at(R + H),
      resolvedAt: at(ms),
    });
    expect(clock137(resolved(d - 1), d + 100 * H).stage).toBe('resolved_on_time');
    expect(clock137(resolved(d), d + 100 * H).stage).toBe('resolved_on_time');
    expect(clock137(resolved(d + 1), d + 100 * H)).toMatchObject({
      stage: 'resolved_late',
      msToNextDeadline: null,
    });
  });

  it('a resolution without a recorded first action counts as the first action', () => {
    const c = clock137(
      { status: 'resolved', receivedAt: RECEIVED, firstActionAt: null, resolvedAt: at(R + 2 * H) },
      R,
    );
    expect(c).toMatchObject({ stage: 'resolved_on_time', firstActionLate: false });
    const late = clock137(
      { status: 'resolved', receivedAt: RECEIVED, firstActionAt: null, resolvedAt: at(R + 30 * H) },
      R + 40 * H,
    );
    expect(late).toMatchObject({ stage: 'resolved_on_time', firstActionLate: true });
  });
});

describe('clock137 for cases in a final status', () => {
  const D = 24 * H;
  // What each move leaves on the case (status-machine.ts timestampsForMove, case.merge):
  // review closes a resolved case and keeps resolvedAt; a transfer and a merge stamp none.
  const kase = (
    status: CaseStatus,
    firstActionAt: number | null,
    resolvedAt: number | null,
  ): Clock137Input => ({
    status,
    receivedAt: RECEIVED,
    firstActionAt: firstActionAt === null ? null : at(firstActionAt),
    resolvedAt: resolvedAt === null ? null : at(resolvedAt),
  });

  it.each([
    // [what happened, case, now, stage, firstActionLate]
    [
      'closed after resolving on time',
      kase('closed', R + H, R + 3 * D),
      R + 30 * D,
      'resolved_on_time',
      false,
    ],
    [
      'closed after resolving late',
      kase('closed', R + 2 * D, R + 9 * D),
      R + 30 * D,
      'resolved_late',
      true,
    ],
    [
      'closed, resolved without a first action',
      kase('closed', null, R + 5 * H),
      R + 30 * D,
      'resolved_on_time',
      false,
    ],
    [
      'merged into a group case on day 0',
      kase('closed', null, null),
      R + 2 * H,
      'not_counted',
      false,
    ],
    [
      'merged, looked at a month later',
      kase('closed', null, null),
      R + 30 * D,
      'not_counted',
      false,
    ],
    ['transferred on day 2', kase('transferred', R + H, null), R + 2 * D, 'not_counted', false],
    [
      'transferred, long past 7 days',
      kase('transferred', R + H, null),
      R + 30 * D,
      'not_counted',
      false,
    ],
    [
      'transferred after a late first action',
      kase('transferred', R + 2 * D, null),
      R + 30 * D,
      'not_counted',
      true,
    ],
    [
      'transfer confirmed and closed by review',
      kase('closed', R + H, null),
      R + 30 * D,
      'not_counted',
      false,
    ],
    // An old case closed without resolution was overdue while it was open; closed, it is not.
    [
      'old overdue case closed without resolution',
      kase('closed', null, null),
      R + 365 * D,
      'not_counted',
      false,
    ],
    // Not final: the clock runs on.
    [
      'waiting for the insurer past 7 days',
      kase('insurance_advance', R + H, null),
      R + 8 * D,
      'overdue',
      false,
    ],
    ['returned by review past 7 days', kase('returned', R + H, null), R + 8 * D, 'overdue', false],
    [
      'received and untouched past 7 days',
      kase('received', null, null),
      R + 8 * D,
      'overdue',
      true,
    ],
    [
      'awaiting review, resolved on time',
      kase('resolved', R + H, R + 6 * D),
      R + 8 * D,
      'resolved_on_time',
      false,
    ],
  ] as const)('%s', (_name, input, now, stage, firstActionLate) => {
    const c = clock137(input, now);
    expect(c.stage).toBe(stage);
    expect(c.firstActionLate).toBe(firstActionLate);
    if (stage === 'not_counted' || stage.startsWith('resolved')) {
      expect(c.msToNextDeadline).toBeNull();
    }
    // The deadlines are still reported, for the record.
    expect(c.resolveDeadline).toBe(at(R + 168 * H));
  });

  it('a final stage never changes by itself', () => {
    const finalArb = fc.record({
      status: fc.constantFrom(...FINAL_STATUSES_137),
      firstAfter: fc.option(fc.integer({ min: 0, max: 400 * H }), { nil: null }),
      resolvedAfter: fc.option(fc.integer({ min: 0, max: 400 * H }), { nil: null }),
      nowAfter: fc.integer({ min: 0, max: 400 * H }),
      later: fc.integer({ min: 1, max: 1000 * H }),
    });
    fc.assert(
      fc.property(finalArb, ({ status, firstAfter, resolvedAfter, nowAfter, later }) => {
        const input = kase(
          status,
          firstAfter === null ? null : R + firstAfter,
          resolvedAfter === null ? null : R + resolvedAfter,
        );
        const now = clock137(input, R + nowAfter);
        expect(now.msToNextDeadline).toBeNull();
        expect(['resolved_on_time', 'resolved_late', 'not_counted']).toContain(now.stage);
        expect(clock137(input, R + nowAfter + later)).toEqual(now);
      }),
      { numRuns: 1000 },
    );
  });

  it('reopening by review starts the clock against the original deadline', () => {
    // Returned clears resolvedAt: the same case in `returned` is overdue again.
    expect(clock137(kase('closed', R + H, R + 9 * D), R + 10 * D).stage).toBe('resolved_late');
    expect(clock137(kase('returned', R + H, null), R + 10 * D).stage).toBe('overdue');
  });
});

describe('clock137 properties', () => {
  const caseArb = fc
    .record({
      received: fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2027, 0, 1) }),
      firstAfter: fc.option(fc.integer({ min: 0, max: 400 * H }), { nil: null }),
      resolvedAfter: fc.option(fc.integer({ min: 0, max: 400 * H }), { nil: null }),
      nowAfter: fc.integer({ min: 0, max: 400 * H }),
      status: fc.constantFrom(...CASE_STATUSES),
    })
    .map(({ received, firstAfter, resolvedAfter, nowAfter, status }) => ({
      input: {
        status,
        receivedAt: at(received),
        firstActionAt: firstAfter === null ? null : at(received + firstAfter),
        resolvedAt: resolvedAfter === null ? null : at(received + resolvedAfter),
      },
      now: received + nowAfter,
    }));

  // Boundaries sit on whole hours, so pick nows right at, just before and just after them.
  const edgeCaseArb = fc
    .record({
      received: fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2027, 0, 1) }),
      hours: fc.constantFrom(24, 72, 168),
      delta: fc.constantFrom(-1, 0, 1),
      acted: fc.boolean(),
      status: fc.constantFrom<CaseStatus>('received', 'in_progress', 'closed', 'transferred'),
    })
    .map(({ received, hours, delta, acted, status }) => ({
      input: {
        status,
        receivedAt: at(received),
        firstActionAt: acted ? at(received + H) : null,
        resolvedAt: null,
      },
      now: received + hours * H + delta,
    }));

  it('never counts the next deadline past the resolve deadline, and only while unresolved', () => {
    fc.assert(
      fc.property(caseArb, ({ input, now }) => {
        const c = clock137(input, now);
        if (c.msToNextDeadline !== null) {
          expect(input.resolvedAt).toBeNull();
          expect(c.msToNextDeadline).toBeGreaterThan(0);
          expect(now + c.msToNextDeadline).toBeLessThanOrEqual(Date.parse(c.resolveDeadline));
          // Just before the next deadline nothing has changed yet.
          const before = clock137(input, now + c.msToNextDeadline - 1);
          expect(before.stage).toBe(c.stage);
          expect(before.firstActionLate).toBe(c.firstActionLate);
        } else {
          expect(
            input.resolvedAt !== null || c.stage === 'overdue' || c.stage === 'not_counted',
          ).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('stageBounds picks out exactly the cases clock137 puts in that stage', () => {
    const holds = (b: StageBounds, c: Clock137Input): boolean => {
      const received = Date.parse(c.receivedAt);
      if (b.resolved !== (c.resolvedAt !== null)) return false;
      if (b.statuses !== undefined && !b.statuses.includes(c.status)) return false;
      if (b.excludeStatuses?.includes(c.status)) return false;
      if (b.firstActionNull !== undefined && b.firstActionNull !== (c.firstActionAt === null)) {
        return false;
      }
      // Compared as text, the way SQL compares stored ISO instants.
      if (b.receivedAfter !== undefined && !(c.receivedAt > b.receivedAfter)) return false;
      if (b.receivedAtOrBefore !== undefined && !(c.receivedAt <= b.receivedAtOrBefore)) {
        return false;
      }
      if (b.resolvedLate !== undefined) {
        const late = Date.parse(c.resolvedAt ?? '') > received + (b.resolveHours ?? NaN) * H;
        if (late !== b.resolvedLate) return false;
      }
      return true;
    };
    fc.assert(
      fc.property(fc.oneof(caseArb, edgeCaseArb), ({ input, now }) => {
        const stage = clock137(input, now).stage;
        const matching = STAGES_137.filter((s) => holds(stageBounds(s, now), input));
        expect(matching).toEqual([stage]);
      }),
      { numRuns: 3000 },
    );
  });

  it('stageBounds follows the configuration', () => {
    const config = { ...DEFAULT_CLOCK_137, resolveHours: 100 };
    const now = Date.parse('2026-05-10T00:00:00.000Z');
    expect(stageBounds('overdue', now, config)).toEqual({
      resolved: false,
      excludeStatuses: ['closed', 'transferred'],
      receivedAtOrBefore: '2026-05-05T20:00:00.000Z',
    });
    expect(stageBounds('not_counted', now, config)).toEqual({
      resolved: false,
      statuses: ['closed', 'transferred'],
    });
    expect(stageBounds('resolved_late', now, config)).toEqual({
      resolved: true,
      resolvedLate: true,
      resolveHours: 100,
    });
  });
});

it('labels every stage in Chinese and English', () => {
  expect(Object.keys(STAGE_137_LABELS).sort()).toEqual([...STAGES_137].sort());
  const zh = (s: Stage137) => STAGE_137_LABELS[s].zh;
  expect(zh('overdue')).toBe('已超期');
  expect(zh('warning')).toBe('预警');
  expect(STAGE_137_LABELS.not_counted).toEqual({ zh: '不计入时限', en: 'Not counted' });
});
