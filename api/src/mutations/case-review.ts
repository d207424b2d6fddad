import { MUTATION_ARGS, reviewCase } from '@anxin/shared';
import { commitCase } from './case-write';
import { loadTargetCase, refusalOutcome } from './effects';
import type { MutationHandler } from './types';

/**
 * case.review — the office's decision on a resolved (or transferred) case, by the shared
 * rule; the comment goes to the timeline as well, where the officer reads it.
 */
export const caseReview: MutationHandler<'case.review'> = {
  name: 'case.review',
  schema: MUTATION_ARGS['case.review'],
  async apply(ctx, args) {
    const loaded = await loadTargetCase(ctx, args.id);
    if (!loaded.ok) return loaded.outcome;
    const current = loaded.stored.case;
    const reviewed = reviewCase(current, args, ctx.actor, ctx.occurredAt);
    if (!reviewed.ok) return refusalOutcome(ctx, reviewed.refusal, current);
    return commitCase(ctx, loaded.stored, reviewed.row, args.comment ?? null);
  },
};
