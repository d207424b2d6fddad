import {
  type CaseTransitionArgs,
  MUTATION_ARGS,
  totalOwedFen,
  transitionCase,
} from '@anxin/shared';
import { commitCase } from './case-write';
import { loadTargetCase, nowIso, refusalOutcome } from './effects';
import type { MutationHandler } from './types';

/**
 * case.transition — the shared rule (shared/src/mutators/case.ts) judged against the
 * server's CURRENT copy, then written with what only the server adds.
 */
export const caseTransition: MutationHandler<'case.transition'> = {
  name: 'case.transition',
  schema: MUTATION_ARGS['case.transition'],
  async apply(ctx, args) {
    const loaded = await loadTargetCase(ctx, args.id);
    if (!loaded.ok) return loaded.outcome;
    const current = loaded.stored.case;
    const moved = transitionCase(current, args, ctx.actor, nowIso(ctx));
    if (!moved.ok) return refusalOutcome(ctx, moved.refusal, current);
    const note = overrideNote(args, moved.row.recoveredFen, totalOwedFen(current));
    return commitCase(ctx, loaded.stored, moved.row, note);
  },
};

/**
 * The officer's comment and, where the move recorded more recovered than owed (the shared
 * rule lets that through only with a reason), who allowed it and why: the override is the
 * record.
 */
function overrideNote(
  args: CaseTransitionArgs,
  recordedFen: number,
  owedFen: number,
): string | null {
  const comment = args.comment ?? null;
  const reason = args.amountOverrideReason?.trim();
  if (!reason || args.recoveredFen !== recordedFen || recordedFen <= owedFen) return comment;
  const why = `追回金额超过欠薪总额，原因：${reason}`;
  return comment ? `${comment}（${why}）` : why;
}
