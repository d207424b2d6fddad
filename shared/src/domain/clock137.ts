/**
 * The 1-3-7 clock (137快速处置): first action within 1 day of receipt, a warning at 3 days
 * if still unresolved, resolved within 7 days. Days are calendar hours from `receivedAt`
 * (no working-day calendar), and the limits are configuration.
 *
 * Stages, decided in this order:
 * - resolved_on_time: resolvedAt ≤ resolveDeadline (resolving exactly at the deadline is on
 *   time).
 * - resolved_late: resolvedAt > resolveDeadline.
 * - not_counted: unresolved but in a final status (FINAL_STATUSES_137): transferred to
 *   arbitration or enforcement, or closed without a resolution (a duplicate merged into a
 *   group case, a transfer confirmed by review). Nobody here has anything left to do within
 *   the 1-3-7 limits, so such a case is neither due, warned nor overdue, however old.
 * - overdue: unresolved and now ≥ resolveDeadline (at the deadline instant it IS overdue).
 * - warning: unresolved and now ≥ warningAt (at the warning instant it IS warning).
 * - first_action_due: unresolved, before warningAt, no first action yet.
 * - on_time: unresolved, before warningAt, first action taken.
 *
 * Whether the first action came late is not a stage but `firstActionLate`, so a late first
 * action stays visible in every stage: the first action counts as late when it happened after
 * firstActionDeadline, or when there is none and now ≥ firstActionDeadline. A case resolved
 * without a recorded first action counts its resolution as the first action; a not_counted
 * case without one never had it due (it left the clock), so it is not late.
 *
 * Final stages (resolved_*, not_counted) never change by themselves: msToNextDeadline null.
 *
 * `now` is the server's clock (the client passes its clock corrected by the server offset).
 */

import type { CaseStatus } from '../constants/case';

export interface Clock137Config {
  firstActionHours: number;
  warningHours: number;
  resolveHours: number;
}

export const DEFAULT_CLOCK_137: Clock137Config = {
  firstActionHours: 24,
  warningHours: 72,
  resolveHours: 168,
};

export const STAGES_137 = [
  'first_action_due',
  'on_time',
  'warning',
  'overdue',
  'resolved_on_time',
  'resolved_late',
  'not_counted',
] as const;
export type Stage137 = (typeof STAGES_137)[number];

export const STAGE_137_LABELS: Record<Stage137, { zh: string; en: string }> = {
  first_action_due: { zh: '待首次处置', en: 'First action due' },
  on_time: { zh: '正常处理中', en: 'On time' },
  warning: { zh: '预警', en: 'Warning' },
  overdue: { zh: '已超期', en: 'Overdue' },
  resolved_on_time: { zh: '按期化解', en: 'Resolved on time' },
  resolved_late: { zh: '超期化解', en: 'Resolved late' },
  not_counted: { zh: '不计入时限', en: 'Not counted' },
};

/**
 * Statuses in which the clock has stopped: nothing further happens to the case within the
 * 1-3-7 limits. `resolved` is not one of them: review may return it, and the clock runs again.
 */
export const FINAL_STATUSES_137 = [
  'closed',
  'transferred',
] as const satisfies readonly CaseStatus[];

export function isFinalStatus137(status: CaseStatus): boolean {
  return (FINAL_STATUSES_137 as readonly CaseStatus[]).includes(status);
}

export interface Clock137Input {
  status: CaseStatus;
  receivedAt: string;
  firstActionAt: string | null;
  resolvedAt: string | null;
}

export interface Clock137Result {
  stage: Stage137;
  firstActionDeadline: string;
  warningAt: string;
  resolveDeadline: string;
  /** ms until the result next changes by itself (a deadline passes); null when it never will. */
  msToNextDeadline: number | null;
  firstActionLate: boolean;
}

const HOUR_MS = 3600_000;

function parseInstant(value: string, name: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`clock137: ${name} is not an instant: ${value}`);
  return ms;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function clock137(
  c: Clock137Input,
  nowMs: number,
  config: Clock137Config = DEFAULT_CLOCK_137,
): Clock137Result {
  const received = parseInstant(c.receivedAt, 'receivedAt');
  const firstDue = received + config.firstActionHours * HOUR_MS;
  const warnAt = received + config.warningHours * HOUR_MS;
  const resolveDue = received + config.resolveHours * HOUR_MS;
  const resolved = c.resolvedAt === null ? null : parseInstant(c.resolvedAt, 'resolvedAt');
  const firstAction =
    c.firstActionAt === null ? resolved : parseInstant(c.firstActionAt, 'firstActionAt');
  const stopped = resolved === null && isFinalStatus137(c.status);

  const firstActionLate =
    firstAction === null ? !stopped && nowMs >= firstDue : firstAction > firstDue;

  let stage: Stage137;
  if (resolved !== null) stage = resolved <= resolveDue ? 'resolved_on_time' : 'resolved_late';
  else if (stopped) stage = 'not_counted';
  else if (nowMs >= resolveDue) stage = 'overdue';
  else if (nowMs >= warnAt) stage = 'warning';
  else stage = firstAction === null ? 'first_action_due' : 'on_time';

  let msToNextDeadline: number | null = null;
  if (resolved === null && !stopped) {
    const upcoming = [firstAction === null ? firstDue : null, warnAt, resolveDue].filter(
      (t): t is number => t !== null && t > nowMs,
    );
    if (upcoming.length > 0) msToNextDeadline = Math.min(...upcoming) - nowMs;
  }

  return {
    stage,
    firstActionDeadline: iso(firstDue),
    warningAt: iso(warnAt),
    resolveDeadline: iso(resolveDue),
    msToNextDeadline,
    firstActionLate,
  };
}

/**
 * A stage filter as conditions a query can use on the stored columns. Every condition that
 * is present must hold:
 * - resolved: true → resolvedAt IS NOT NULL; false → resolvedAt IS NULL.
 * - statuses: status IN (…); excludeStatuses: status NOT IN (…).
 * - firstActionNull: true → firstActionAt IS NULL; false → IS NOT NULL.
 * - receivedAfter: receivedAt > value; receivedAtOrBefore: receivedAt ≤ value.
 * - resolvedLate: true → resolvedAt > receivedAt + resolveHours; false → ≤ (resolveHours is
 *   given alongside so the query can add it as an interval).
 * Instants are `toISOString()` strings (UTC, milliseconds), so they compare correctly as text
 * against instants stored in the same form, and as timestamptz in PostgreSQL.
 */
export interface StageBounds {
  resolved: boolean;
  statuses?: readonly CaseStatus[];
  excludeStatuses?: readonly CaseStatus[];
  firstActionNull?: boolean;
  receivedAfter?: string;
  receivedAtOrBefore?: string;
  resolvedLate?: boolean;
  resolveHours?: number;
}

export function stageBounds(
  stage: Stage137,
  nowMs: number,
  config: Clock137Config = DEFAULT_CLOCK_137,
): StageBounds {
  // now ≥ receivedAt + h  ⇔  receivedAt ≤ now − h
  const warnEdge = iso(nowMs - config.warningHours * HOUR_MS);
  const resolveEdge = iso(nowMs - config.resolveHours * HOUR_MS);
  // The clock runs only for unresolved cases outside the final statuses.
  const running = { resolved: false, excludeStatuses: FINAL_STATUSES_137 } as const;
  switch (stage) {
    case 'overdue':
      return { ...running, receivedAtOrBefore: resolveEdge };
    case 'warning':
      return { ...running, receivedAfter: resolveEdge, receivedAtOrBefore: warnEdge };
    case 'first_action_due':
      return { ...running, firstActionNull: true, receivedAfter: warnEdge };
    case 'on_time':
      return { ...running, firstActionNull: false, receivedAfter: warnEdge };
    case 'not_counted':
      return { resolved: false, statuses: FINAL_STATUSES_137 };
    case 'resolved_on_time':
      return { resolved: true, resolvedLate: false, resolveHours: config.resolveHours };
    case 'resolved_late':
      return { resolved: true, resolvedLate: true, resolveHours: config.resolveHours };
  }
}
