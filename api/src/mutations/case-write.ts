import type { Case, CaseEvent, EventNote } from '@anxin/shared';
import { clampedTimeNote, resolutionSmsText } from '@anxin/shared';
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

/** The fields a move stamps with the time the action happened (ctx.occurredAt). */
const ACTION_TIME_FIELDS: ReadonlySet<string> = new Set([
  'firstActionAt',
  'resolvedAt',
  'closedAt',
]);

/**
 * When a stamped time is not the one the device sent (it lay outside the window since the
 * device's last contact), the event says so: the 1-3-7 figures read these times.
 */
function movedTimeNote(ctx: MutationContext, changes: CaseEvent['changes']): EventNote | null {
  const moved = ctx.occurredAtMoved;
  if (!moved || !changes.some((c) => ACTION_TIME_FIELDS.has(c.field))) return null;
  return clampedTimeNote('time.actedAt', moved.sent, moved.placed);
}

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
  notes: readonly EventNote[] = [],
): Promise<MutationOutcome> {
  const current = stored.case;
  const changes = diffCase(current, next, CASE_FIELDS);
  if (changes.length === 0 && comment === null && notes.length === 0) {
    return { status: 'applied', version: current.version };
  }
  const moved = movedTimeNote(ctx, changes);
  const at = nowIso(ctx);
  const updated = bumpVersion(
    stored,
    next,
    changes.map((c) => c.field),
    at,
  );
  await updateCase(ctx.trx, updated);
  await feedCase(ctx, updated.case, current.townId);
  await recordEvent(ctx, updated.case, {
    changes,
    comment,
    notes: moved ? [...notes, moved] : notes,
  });
  // A closed case reopened by a missed instalment was resolved before: the workers were told.
  const newlyResolved = current.status !== 'resolved' && current.status !== 'closed';
  if (newlyResolved && updated.case.status === 'resolved') {
    const body = resolutionSmsText(updated.case);
    const mobiles = [...new Set(updated.case.claimants.map((c) => c.mobile))];
    for (const mobile of mobiles) {
      await queueSms(ctx.trx, { caseId: current.id, mobile, body, at });
    }
  }
  return { status: 'applied', version: updated.case.version };
}
