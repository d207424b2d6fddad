import { checkTransition, MUTATION_ARGS, REVIEW_TARGETS } from '@anxin/shared';
import { loadTargetCase } from './effects';
import { applyMove, refusedMove } from './status-move';
import type { MutationHandler } from './types';

/**
 * case.review — the office's decision on a resolved (or transferred) case: approve → closed,
 * return → returned with a comment the officer sees on the case after the next sync.
 */
export const caseReview: MutationHandler<'case.review'> = {
  name: 'case.review',
  schema: MUTATION_ARGS['case.review'],
  async apply(ctx, args) {
    const loaded = await loadTargetCase(ctx, args.id);
    if (!loaded.ok) return loaded.outcome;
    const { stored } = loaded;
    const to = REVIEW_TARGETS[args.decision];
    const moveArgs = args.comment === undefined ? { to } : { to, comment: args.comment };
    const check = checkTransition(ctx.actor.role, stored.case.status, moveArgs, 'case.review');
    if (!check.ok) return refusedMove(ctx, stored, check);
    return applyMove(
      ctx,
      stored,
      check.rule,
      { reviewComment: args.comment ?? null },
      args.comment ?? null,
    );
  },
};
