import type { AgreementLike, InstalmentPayment } from '../domain/instalments';
import {
  checkTransition,
  INSTALMENT_CHECKERS,
  timestampsClearedByMove,
  timestampsForMove,
} from '../domain/status-machine';
import type { InstalmentRecordArgs } from '../protocol/instalment-mutations';
import type { Case } from '../schemas/case';
import { chinaDate } from '../validation/dates';
import { accepted, invalidFields, type MutatorActor, type MutatorResult, refused } from './types';

/**
 * instalment.record — one check of one instalment of a case's agreement. Two rules, run by
 * the device (optimistically) and by the server (api/src/mutations/instalment-record.ts):
 * - `recordInstalment`: the record itself, against the agreement it names;
 * - `instalmentCaseMove`: what it does to the case — a missed instalment of a closed case
 *   puts it back before the office (status machine: closed → resolved via
 *   instalment.record), so the unpaid rest is followed up instead of forgotten.
 * `today` is the China calendar day of the deciding clock (the server's, or the device's
 * corrected one); `version` is 0 until the server has stored the record.
 */
export function recordInstalment(
  c: Case | null,
  agreement: AgreementLike | null,
  args: InstalmentRecordArgs,
  actor: MutatorActor,
  at: string,
): MutatorResult<InstalmentPayment> {
  if (!c) return refused({ code: 'rejected', key: 'reject.caseNotFound' });
  if (!INSTALMENT_CHECKERS.includes(actor.role)) {
    return refused({ code: 'forbidden', key: 'reject.roleNotAllowed' });
  }
  const due =
    agreement && agreement.caseId === c.id
      ? agreement.instalments.find((i) => i.dueDate === args.dueDate)
      : undefined;
  if (!agreement || !due) return refused({ code: 'rejected', key: 'reject.instalmentNotFound' });
  const today = chinaDate(Date.parse(at));
  if (args.date > today) return invalidFields({ date: 'instalment.dateFuture' });
  if (args.date < chinaDate(Date.parse(agreement.heldAt ?? agreement.recordedAt))) {
    return invalidFields({ date: 'instalment.dateBeforeAgreement' });
  }
  if (args.outcome === 'paid' && args.amountFen < due.amountFen) {
    return invalidFields({ amountFen: 'instalment.paidShort' });
  }
  if (args.outcome === 'missed') {
    if (today < args.dueDate) return invalidFields({ date: 'instalment.notDueYet' });
    if (args.amountFen >= due.amountFen)
      return invalidFields({ amountFen: 'instalment.missedFull' });
  }
  const { comment, ...rest } = args;
  const record: InstalmentPayment = { ...rest, recordedBy: actor.id, recordedAt: at, version: 0 };
  if (comment !== undefined && comment.trim() !== '') record.comment = comment;
  return accepted(record);
}

/** The case after the check: unchanged, unless a missed instalment reopens a closed case. */
export function instalmentCaseMove(
  row: Case | null,
  args: InstalmentRecordArgs,
  actor: MutatorActor,
  at: string,
): MutatorResult<Case> {
  if (!row) return refused({ code: 'rejected', key: 'reject.caseNotFound' });
  if (!INSTALMENT_CHECKERS.includes(actor.role)) {
    return refused({ code: 'forbidden', key: 'reject.roleNotAllowed' });
  }
  if (args.outcome !== 'missed' || row.status !== 'closed') return accepted(row);
  const check = checkTransition(actor.role, row.status, { to: 'resolved' }, 'instalment.record');
  if (!check.ok) return accepted(row);
  const next: Case = { ...row, status: check.rule.to, updatedAt: at };
  for (const stamp of timestampsForMove(check.rule)) next[stamp] = at;
  for (const cleared of timestampsClearedByMove(check.rule)) next[cleared] = null;
  return accepted(next);
}
