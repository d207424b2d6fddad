import type { MessageKey } from '../i18n/messages';

/**
 * Amounts checked against what the case says is owed. A mediation's agreed amount and a
 * resolution's recovered amount above the total owed are almost always a typing slip (an
 * extra zero, yuan typed as fen) that would reach the worker's SMS and the dashboard; the
 * real exceptions — interest, compensation, economic damages — need a stated reason,
 * which is kept in the case's timeline.
 */
export const MIN_OVERRIDE_REASON_LENGTH = 4;

/** More workers than this on one case is not a real dispute but a typing slip. */
export const MAX_WORKERS_PER_CASE = 5000;

export function amountOverOwedProblem(
  amountFen: number,
  owedFen: number,
  overrideReason: string | undefined,
): MessageKey | null {
  if (amountFen <= owedFen) return null;
  const reason = overrideReason?.trim() ?? '';
  if (reason.length >= MIN_OVERRIDE_REASON_LENGTH) return null;
  return 'amount.overOwed';
}
