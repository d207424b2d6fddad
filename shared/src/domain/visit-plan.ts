import type { Case } from '../schemas/case';
import { type Clock137Config, clock137, DEFAULT_CLOCK_137 } from './clock137';
import { OPEN_STATUSES } from './status-machine';

/**
 * Why an inspector should look at a case on a town visit:
 * - overdue: unresolved past the 7-day limit;
 * - assistance: the officer flagged it "需协助" (needsAssistance);
 * - hard: past the 3-day warning, sent back by review, a group case (10 or more workers),
 *   or a failed first action deadline — the cases officers most often need help with.
 * Only open, unresolved cases are candidates.
 */
export type VisitReason = 'overdue' | 'assistance' | 'hard';

export const HARD_CASE_MIN_WORKERS = 10;

export const VISIT_REASON_LABELS: Record<VisitReason, { zh: string; en: string }> = {
  overdue: { zh: '已超期', en: 'Overdue' },
  assistance: { zh: '需协助', en: 'Needs assistance' },
  hard: { zh: '疑难', en: 'Hard case' },
};

export function visitReasons(
  c: Pick<
    Case,
    'status' | 'needsAssistance' | 'workersCount' | 'receivedAt' | 'firstActionAt' | 'resolvedAt'
  >,
  nowMs: number,
  config: Clock137Config = DEFAULT_CLOCK_137,
): VisitReason[] {
  if (!OPEN_STATUSES.includes(c.status) || c.resolvedAt !== null) return [];
  const clock = clock137(c, nowMs, config);
  const out: VisitReason[] = [];
  if (clock.stage === 'overdue') out.push('overdue');
  if (c.needsAssistance) out.push('assistance');
  if (
    clock.stage === 'warning' ||
    c.status === 'returned' ||
    c.workersCount >= HARD_CASE_MIN_WORKERS ||
    clock.firstActionLate
  ) {
    out.push('hard');
  }
  return out;
}

/** The Monday of the week holding `date` ('YYYY-MM-DD'); weeks start on Monday in China. */
export function mondayOf(date: string): string {
  const ms = Date.UTC(
    Number(date.slice(0, 4)),
    Number(date.slice(5, 7)) - 1,
    Number(date.slice(8)),
  );
  const weekday = (new Date(ms).getUTCDay() + 6) % 7;
  return new Date(ms - weekday * 86_400_000).toISOString().slice(0, 10);
}
