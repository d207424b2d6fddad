import { assignCase, MUTATION_ARGS } from '@anxin/shared';
import { unitTakesCases } from '../repositories/units';
import { findUserById } from '../repositories/users';
import { commitCase } from './case-write';
import { invalidOutcome, loadTargetCase, refusalOutcome } from './effects';
import { rejectText } from './messages';
import type { MutationHandler } from './types';

/**
 * case.assign — office triage by the shared rule, plus what only the server's tables can
 * tell: that the unit takes cases and the officer works there. Moving a case to another
 * unit takes it off the old unit's devices at their next pull (see services/sync/pull.ts).
 */
export const caseAssign: MutationHandler<'case.assign'> = {
  name: 'case.assign',
  schema: MUTATION_ARGS['case.assign'],
  batchesWrites: true,
  async apply(ctx, args) {
    const loaded = await loadTargetCase(ctx, args.id);
    if (!loaded.ok) return loaded.outcome;
    const current = loaded.stored.case;
    const assigned = assignCase(current, args, ctx.actor, ctx.occurredAt);
    if (!assigned.ok) return refusalOutcome(ctx, assigned.refusal, current);
    if (!(await unitTakesCases(ctx.trx, ctx.dialect, args.townId)))
      return invalidOutcome(ctx, { townId: 'notInList' });
    if (args.assignedOfficerId !== null) {
      const officer = await findUserById(ctx.trx, args.assignedOfficerId);
      if (
        !officer ||
        officer.disabled ||
        officer.role !== 'officer' ||
        !officer.townIds.includes(args.townId)
      ) {
        return {
          status: 'rejected',
          code: 'invalid',
          message: rejectText('officerInvalid', ctx.lang),
          fields: { assignedOfficerId: rejectText('officerInvalid', ctx.lang) },
        };
      }
    }
    return commitCase(ctx, loaded.stored, assigned.row);
  },
};
