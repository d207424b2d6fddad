import type { CaseEvent } from '@anxin/shared';
import { MUTATION_ARGS } from '@anxin/shared';
import { appendCaseEvent, eventsByIds } from '../repositories/events';
import { closedCaseOutcome, loadTargetCase, nowIso } from './effects';
import { rejectText } from './messages';
import type { MutationHandler } from './types';

/** The event name of a visit note in the case timeline. */
export const VISIT_NOTE_EVENT = 'visit.note';

/**
 * visit.note — an append-only note from a visit, by anyone who may see the case. It is a
 * case event under the note's own (client-made) id, so it reaches every device through pull
 * like the rest of the timeline and never conflicts: the same note again is accepted as
 * already done; different content under an existing id is refused, never overwritten.
 */
export const visitNote: MutationHandler<'visit.note'> = {
  name: 'visit.note',
  schema: MUTATION_ARGS['visit.note'],
  async apply(ctx, args) {
    const loaded = await loadTargetCase(ctx, args.caseId);
    if (!loaded.ok) return loaded.outcome;
    const c = loaded.stored.case;
    const at = nowIso(ctx);
    // A visit cannot happen after the server's now; a fast device clock is clamped. Without
    // a time of its own the note was written when the device says it did it.
    const visitedAt =
      args.visitedAt !== undefined && Date.parse(args.visitedAt) <= ctx.now.getTime()
        ? new Date(Date.parse(args.visitedAt)).toISOString()
        : args.visitedAt !== undefined
          ? at
          : ctx.occurredAt;
    const existing = (await eventsByIds(ctx.trx, [args.id])).get(args.id);
    if (existing) {
      if (
        existing.caseId === args.caseId &&
        existing.name === VISIT_NOTE_EVENT &&
        existing.comment === args.text
      ) {
        return { status: 'applied', version: 1 };
      }
      return {
        status: 'rejected',
        code: 'conflict',
        message: rejectText('noteExists', ctx.lang),
      };
    }
    if (c.status === 'closed') {
      return closedCaseOutcome(ctx, c);
    }
    const event: CaseEvent = {
      id: args.id,
      caseId: c.id,
      at,
      actorId: ctx.actor.id,
      actorName: ctx.actor.displayName,
      clientId: ctx.clientId,
      mutationId: ctx.mutationId,
      name: VISIT_NOTE_EVENT,
      changes: [{ field: 'visitNote', from: null, to: { visitedAt, role: ctx.actor.role } }],
      comment: args.text,
    };
    await appendCaseEvent(ctx.trx, event, c);
    return { status: 'applied', version: 1 };
  },
};
