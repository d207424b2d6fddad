import { amountOverOwedProblem, checkTransition, MUTATION_ARGS, totalOwedFen } from '@anxin/shared';
import { invalidOutcome, loadTargetCase } from './effects';
import { applyMove, outcomeForTransfer, refusedMove } from './status-move';
import type { MutationHandler } from './types';

/**
 * case.transition — a field move (start, mediate, resolve, transfer, insurance advance…),
 * checked by the shared status machine against the server's CURRENT status, not the one
 * the device saw: if the move is allowed from where the case is now, it applies.
 */
export const caseTransition: MutationHandler<'case.transition'> = {
  name: 'case.transition',
  schema: MUTATION_ARGS['case.transition'],
  async apply(ctx, args) {
    const loaded = await loadTargetCase(ctx, args.id);
    if (!loaded.ok) return loaded.outcome;
    const { stored } = loaded;
    const check = checkTransition(ctx.actor.role, stored.case.status, args, 'case.transition');
    if (!check.ok) return refusedMove(ctx, stored, check);
    const set: Parameters<typeof applyMove>[3] = {};
    if (check.rule.requires.includes('outcome') && args.outcome !== undefined) {
      set.outcome = args.outcome;
    }
    let comment = args.comment ?? null;
    if (check.rule.requires.includes('recoveredFen') && args.recoveredFen !== undefined) {
      const owed = totalOwedFen(stored.case);
      const problem = amountOverOwedProblem(args.recoveredFen, owed, args.amountOverrideReason);
      if (problem) return invalidOutcome(ctx, { recoveredFen: problem });
      if (args.recoveredFen > owed) {
        // The override is the record: who allowed more than owed, and why.
        const why = `追回金额超过欠薪总额，原因：${args.amountOverrideReason!.trim()}`;
        comment = comment ? `${comment}（${why}）` : why;
      }
      set.recoveredFen = args.recoveredFen;
    }
    if (check.rule.to === 'transferred' && args.transferTarget !== undefined) {
      set.outcome = outcomeForTransfer(args.transferTarget);
    }
    if (check.rule.to === 'insurance_advance') set.outcome = 'insurance_advance';
    // The officer who picks up an unassigned case becomes its officer.
    if (stored.case.assignedOfficerId === null && ctx.actor.role === 'officer') {
      set.assignedOfficerId = ctx.actor.id;
    }
    return applyMove(ctx, stored, check.rule, set, comment);
  },
};
