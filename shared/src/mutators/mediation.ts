import { totalOwedFen } from '../constants/case';
import { instalmentInRange } from '../domain/action-time';
import { amountOverOwedProblem } from '../domain/amounts';
import type { MediationRecordArgs } from '../protocol/mutations';
import type { Case } from '../schemas/case';
import type { Mediation } from '../schemas/mediation';
import { chinaDate } from '../validation/dates';
import { accepted, invalidFields, type MutatorActor, type MutatorResult, refused } from './types';

/**
 * A mediation record (调解记录) under a case: the rules its content must meet against the
 * case it belongs to. Records are append-only, so this makes a new one; that an id is
 * free, that the record it supersedes exists and that its signatures are the caller's to
 * use, only the server can tell (api/src/mutations/mediation-record.ts). `version` 0 until
 * the server has stored it.
 */
export function recordMediation(
  c: Case | null,
  args: MediationRecordArgs,
  actor: MutatorActor,
  at: string,
): MutatorResult<Mediation> {
  if (!c) return refused({ code: 'rejected', key: 'reject.caseNotFound' });
  if (c.status === 'closed') return refused({ code: 'rejected', key: 'reject.caseClosed' });
  const overOwed = amountOverOwedProblem(
    args.amountAgreedFen,
    totalOwedFen(c),
    args.amountOverrideReason,
  );
  if (overOwed) return invalidFields({ amountAgreedFen: overOwed });
  // Instalments run from the day it was held (China calendar), at most five years on.
  const heldDay = chinaDate(Date.parse(args.heldAt));
  const outOfRange = args.instalments.findIndex((i) => !instalmentInRange(i.dueDate, heldDay));
  if (outOfRange >= 0) {
    return invalidFields({ [`instalments.${outOfRange}.dueDate`]: 'instalments.range' });
  }
  return accepted({ ...args, version: 0, recordedBy: actor.id, recordedAt: at });
}
