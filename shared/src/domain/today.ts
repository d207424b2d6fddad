import { chinaDate } from '../validation/dates';
import {
  type Clock137Config,
  type Clock137Input,
  type Clock137Result,
  clock137,
  DEFAULT_CLOCK_137,
} from './clock137';
import {
  type AgreementLike,
  currentAgreement,
  type InstalmentPayment,
  latestPayment,
} from './instalments';
import { CalendarMissingError, isWorkingDay, type WorkCalendar } from './working-days';

/**
 * The officer's "今日" (today) list: what needs them today and on the next working day, so
 * nothing waits for a push message that never reaches a phone in mainland China. Days are
 * China calendar days of the server's clock (the device passes its corrected clock).
 *
 * A running case (clock137 not final) appears once, under the first reason that holds:
 * - overdue: its resolve deadline has passed;
 * - resolve_due: its resolve deadline falls today or by the horizon;
 * - warning: it is in the 3-day warning, or reaches it today;
 * - first_action_due: no first action yet (due within a day of receipt).
 * An instalment of a case's agreement in force is listed while nobody has recorded it, from
 * the horizon on (late when its day has passed), whatever the case's status: a closed case's
 * instalments are exactly what would otherwise be forgotten.
 *
 * The horizon is the next working day by the calendar the device pulled, so on a Friday the
 * weekend's deadlines show together with Monday's; with that year's calendar missing it is
 * plain tomorrow (a guess about holidays would hide a deadline).
 */

export const TODAY_REASONS = ['overdue', 'resolve_due', 'warning', 'first_action_due'] as const;
export type TodayReason = (typeof TODAY_REASONS)[number];

export interface TodayCaseItem<C> {
  case: C;
  reason: TodayReason;
  /** The deadline the reason is about (ISO instant). */
  deadline: string;
  clock: Clock137Result;
}

export interface TodayInstalmentItem<C> {
  case: C;
  mediationId: string;
  dueDate: string;
  amountFen: number;
  /** Its day has passed and nobody recorded it. */
  late: boolean;
}

export interface TodayList<C> {
  /** Today's China calendar day. */
  today: string;
  /** The last day the list looks ahead to (the next working day). */
  horizon: string;
  cases: TodayCaseItem<C>[];
  instalments: TodayInstalmentItem<C>[];
}

export interface TodayInput<C extends Clock137Input & { id: string }> {
  cases: readonly C[];
  mediations: readonly AgreementLike[];
  payments: readonly InstalmentPayment[];
  nowMs: number;
  calendar?: WorkCalendar;
  config?: Clock137Config;
}

const DAY_MS = 86_400_000;

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/** The next working day after `today`; plain tomorrow when a year's calendar is not loaded. */
export function todayHorizon(today: string, calendar?: WorkCalendar): string {
  const tomorrow = nextDay(today);
  if (!calendar) return tomorrow;
  try {
    let day = tomorrow;
    // A fortnight bounds the longest holiday (Spring Festival with its weekends).
    for (let i = 0; i < 14 && !isWorkingDay(day, calendar); i++) day = nextDay(day);
    return day;
  } catch (e) {
    if (e instanceof CalendarMissingError) return tomorrow;
    throw e;
  }
}

function reasonOf(
  r: Clock137Result,
  today: string,
  horizon: string,
): { reason: TodayReason; deadline: string } | null {
  if (r.stage === 'overdue') return { reason: 'overdue', deadline: r.resolveDeadline };
  if (r.stage !== 'warning' && r.stage !== 'first_action_due' && r.stage !== 'on_time') return null;
  if (chinaDate(Date.parse(r.resolveDeadline)) <= horizon) {
    return { reason: 'resolve_due', deadline: r.resolveDeadline };
  }
  if (r.stage === 'warning' || chinaDate(Date.parse(r.warningAt)) <= today) {
    return { reason: 'warning', deadline: r.warningAt };
  }
  if (r.stage === 'first_action_due') {
    return { reason: 'first_action_due', deadline: r.firstActionDeadline };
  }
  return null;
}

export function selectToday<C extends Clock137Input & { id: string }>(
  input: TodayInput<C>,
): TodayList<C> {
  const config = input.config ?? DEFAULT_CLOCK_137;
  const today = chinaDate(input.nowMs);
  const horizon = todayHorizon(today, input.calendar);

  const cases: TodayCaseItem<C>[] = [];
  for (const c of input.cases) {
    const clock = clock137(c, input.nowMs, config);
    const why = reasonOf(clock, today, horizon);
    if (why) cases.push({ case: c, ...why, clock });
  }
  const rank = (r: TodayReason) => TODAY_REASONS.indexOf(r);
  cases.sort(
    (a, b) =>
      rank(a.reason) - rank(b.reason) ||
      a.deadline.localeCompare(b.deadline) ||
      a.case.id.localeCompare(b.case.id),
  );

  const byCase = new Map<string, AgreementLike[]>();
  for (const m of input.mediations) {
    const list = byCase.get(m.caseId);
    if (list) list.push(m);
    else byCase.set(m.caseId, [m]);
  }
  const instalments: TodayInstalmentItem<C>[] = [];
  for (const c of input.cases) {
    const agreement = currentAgreement(byCase.get(c.id) ?? []);
    if (!agreement) continue;
    for (const i of agreement.instalments) {
      if (i.dueDate > horizon) continue;
      if (latestPayment(input.payments, agreement.id, i.dueDate)) continue;
      instalments.push({
        case: c,
        mediationId: agreement.id,
        dueDate: i.dueDate,
        amountFen: i.amountFen,
        late: i.dueDate < today,
      });
    }
  }
  instalments.sort(
    (a, b) => a.dueDate.localeCompare(b.dueDate) || a.case.id.localeCompare(b.case.id),
  );
  return { today, horizon, cases, instalments };
}

/**
 * The case list's default order, most urgent first: overdue, then a deadline falling today
 * (first action, warning or resolve), then the rest by their next deadline; cases whose clock
 * has stopped (resolved, transferred, closed) last, newest first.
 */
export function urgencyRank(
  c: Clock137Input,
  nowMs: number,
  config: Clock137Config = DEFAULT_CLOCK_137,
): { group: 0 | 1 | 2 | 3; key: number } {
  const r = clock137(c, nowMs, config);
  if (r.stage === 'overdue') return { group: 0, key: Date.parse(r.resolveDeadline) };
  if (r.msToNextDeadline === null) return { group: 3, key: -Date.parse(c.receivedAt) };
  const next = nowMs + r.msToNextDeadline;
  return { group: chinaDate(next) === chinaDate(nowMs) ? 1 : 2, key: next };
}

export function compareUrgency(
  a: Clock137Input,
  b: Clock137Input,
  nowMs: number,
  config: Clock137Config = DEFAULT_CLOCK_137,
): number {
  const ra = urgencyRank(a, nowMs, config);
  const rb = urgencyRank(b, nowMs, config);
  return ra.group - rb.group || ra.key - rb.key;
}
