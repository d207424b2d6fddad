import {
  type CaseTransitionArgs,
  type EventNote,
  MUTATION_ARGS,
  totalOwedFen,
  transitionCase,
} from '@anxin/shared';
import { commitCase } from './case-write';
import { loadTargetCase, refusalOutcome } from './effects';
import type { MutationHandler } from './types';

/**
 * case.transition — the shared rule (shared/src/mutators/case.ts) judged against the
 * server's CURRENT copy, then written with what only the server adds.
 */
export const caseTransition: MutationHandler<'case.transition'> = {
  name: 'case.transition',
  schema: MUTATION_ARGS['case.transition'],
  batchesWrites: true,
  async apply(ctx, args) {
    const loaded = await loadTargetCase(ctx, args.id);
    if (!loaded.ok) return loaded.outcome;
    const current = loaded.stored.case;
    const moved = transitionCase(current, args, ctx.actor, ctx.occurredAt);
    if (!moved.ok) return refusalOutcome(ctx, moved.refusal, current);
    const notes = overrideNotes(args, moved.row.recoveredFen, totalOwedFen(current));
    return commitCase(ctx, loaded.stored, moved.row, args.comment ?? null, notes);
  },
};

/**
 * Where the move recorded more recovered than owed (the shared rule lets that through only
 * with a reason), who allowed it and why: the override is the record. The officer's own
 * comment stays their words; the note is the catalogue's, read in each device's language.
 */
function overrideNotes(
  args: CaseTransitionArgs,
  recordedFen: number,
  owedFen: number,
): EventNote[] {
  const reason = args.amountOverrideReason?.trim();
  if (!reason || args.recoveredFen !== recordedFen || recordedFen <= owedFen) return [];
  return [{ key: 'note.recoveredOverOwed', params: { reason } }];
}
