import { checkTransition, MUTATION_ARGS, seesAllTowns } from '@anxin/shared';
import { unitTakesCases } from '../repositories/units';
import { findUserById } from '../repositories/users';
import { closedCaseOutcome, invalidOutcome, loadTargetCase, serverCopy } from './effects';
import { rejectText } from './messages';
import { applyMove, refusedMove } from './status-move';
import type { MutationHandler } from './types';

/**
 * case.assign — office triage: send a case to a town and (optionally) an officer. A received
 * case moves to `assigned` through the status machine; an already assigned case keeps its
 * status and only changes hands. Moving a case to another town takes it off the old town's
 * devices at their next pull (see services/sync/pull.ts).
 */
export const caseAssign: MutationHandler<'case.assign'> = {
  name: 'case.assign',
  schema: MUTATION_ARGS['case.assign'],
  async apply(ctx, args) {
    const loaded = await loadTargetCase(ctx, args.id);
    if (!loaded.ok) return loaded.outcome;
    const { stored } = loaded;
    if (!seesAllTowns(ctx.actor.role)) {
      return {
        status: 'rejected',
        code: 'forbidden',
        message: rejectText('roleNotAllowed', ctx.lang),
        version: stored.case.version,
        server: serverCopy(ctx, stored.case),
      };
    }
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
    const status = stored.case.status;
    if (status === 'closed') {
      return closedCaseOutcome(ctx, stored.case);
    }
    let rule = null;
    if (status === 'received') {
      const check = checkTransition(ctx.actor.role, status, { to: 'assigned' }, 'case.assign');
      if (!check.ok) return refusedMove(ctx, stored, check);
      rule = check.rule;
    }
    return applyMove(
      ctx,
      stored,
      rule,
      { townId: args.townId, assignedOfficerId: args.assignedOfficerId },
      null,
    );
  },
};
