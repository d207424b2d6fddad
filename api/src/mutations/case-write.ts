import type { Case } from '@anxin/shared';
import { resolutionSmsText } from '@anxin/shared';
import { type StoredCase, updateCase } from '../repositories/cases';
import { queueSms } from '../repositories/sms-outbox';
import { bumpVersion, diffCase, feedCase, nowIso, recordEvent } from './effects';
import type { MutationContext, MutationOutcome } from './types';

/** Every field of a case the audit trail follows, in the order it lists them. */
export const CASE_FIELDS: readonly (keyof Case)[] = [
  'caseNo',
  'townId',
  'status',
  'source',
  'employer',
  'claimants',
  'workersCount',
  'description',
  'needsAssistance',
  'assignedOfficerId',
  'receivedAt',
  'firstActionAt',
  'resolvedAt',
  'closedAt',
  'outcome',
  'recoveredFen',
  'reviewComment',
];

/**
 * Writes what a shared mutator made of the current server row: only what only the server
 * can add happens here — the new version and field versions, the feed entry (with the unit
 * it left, so that unit's devices drop it), the case event, and on resolving an SMS to each
 * claimant — all in the mutation's transaction. A change that changes nothing (and says
 * nothing) keeps the version: replaying it is not a new edit.
 */
export async function commitCase(
  ctx: MutationContext,
  stored: StoredCase,
  next: Case,
  comment: string | null = null,
): Promise<MutationOutcome> {
  const current = stored.case;
  const changes = diffCase(current, next, CASE_FIELDS);
  if (changes.length === 0 && comment === null) {
    return { status: 'applied', version: current.version };
  }
  const at = nowIso(ctx);
  const updated = bumpVersion(
    stored,
    next,
    changes.map((c) => c.field),
    at,
  );
  await updateCase(ctx.trx, updated);
  await feedCase(ctx, updated.case, current.townId);
  await recordEvent(ctx, updated.case, { changes, comment });
  if (current.status !== 'resolved' && updated.case.status === 'resolved') {
    const body = resolutionSmsText(updated.case);
    const mobiles = [...new Set(updated.case.claimants.map((c) => c.mobile))];
    for (const mobile of mobiles) {
      await queueSms(ctx.trx, { caseId: current.id, mobile, body, at });
    }
  }
  return { status: 'applied', version: updated.case.version };
}
