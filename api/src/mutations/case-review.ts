import type { CaseEvent } from '@anxin/shared';
import { MUTATION_ARGS, reviewCase } from '@anxin/shared';
import { listEvents } from '../repositories/events';
import { commitCase } from './case-write';
import { loadTargetCase, nowIso, refusalOutcome } from './effects';
import type { MutationHandler } from './types';

/**
 * case.review — the office's decision on a resolved (or transferred) case, by the shared
 * rule; the comment goes to the timeline as well, where the officer reads it.
 *
 * Undoing an approval (undo_approve) is judged by the server's clock, not by when the
 * device says it acted: the window is the server's to keep. And the server alone has the
 * case's history, so it also checks that the closing was an approval of a resolved case
 * (the shared rule can only tell from the row), before writing the move through the same
 * commit as every other, which records the event with a note naming the approval undone.
 */
export const caseReview: MutationHandler<'case.review'> = {
  name: 'case.review',
  schema: MUTATION_ARGS['case.review'],
  async apply(ctx, args) {
    const loaded = await loadTargetCase(ctx, args.id);
    if (!loaded.ok) return loaded.outcome;
    const current = loaded.stored.case;
    const undo = args.decision === 'undo_approve';
    const reviewed = reviewCase(current, args, ctx.actor, undo ? nowIso(ctx) : ctx.occurredAt);
    if (!reviewed.ok) return refusalOutcome(ctx, reviewed.refusal, current);
    if (!undo) return commitCase(ctx, loaded.stored, reviewed.row, args.comment ?? null);
    const closing = lastStatusMove(await listEvents(ctx.trx, current.id));
    if (closing?.name !== 'case.review' || closing.from !== 'resolved') {
      return refusalOutcome(ctx, { code: 'rejected', key: 'reject.undoNotApproval' }, current);
    }
    return commitCase(ctx, loaded.stored, reviewed.row, args.comment ?? null, [
      { key: 'note.approvalUndone', params: { closedAt: current.closedAt ?? '' } },
    ]);
  },
};

/** The event that last moved the case's status: which mutation, and from where. */
function lastStatusMove(events: CaseEvent[]): { name: string; from: unknown } | null {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    const status = e.changes.find((c) => c.field === 'status');
    if (status) return { name: e.name, from: status.from };
  }
  return null;
}
