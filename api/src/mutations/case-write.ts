import type { Case, CaseEvent, EventNote, SmsMessage } from '@anxin/shared';
import { APPROVAL_UNDO_MS, clampedTimeNote, renderSms, resolutionSms } from '@anxin/shared';
import { type StoredCase, updateCase } from '../repositories/cases';
import { type CaseSmsKind, cancelCaseSms, queueCaseSms } from '../repositories/sms-outbox';
import { findUnit } from '../repositories/units';
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
 * it left, so that unit's devices drop it), the case event, and the workers' text messages
 * the move calls for (notifyWorkers) — all in the mutation's transaction. A change that changes nothing (and says
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
  await notifyWorkers(ctx, current, updated.case);
  return { status: 'applied', version: updated.case.version };
}

/** Every worker of a case, once each (two claimants may share a phone). */
function workerMobiles(c: Case): string[] {
  return [...new Set(c.claimants.map((cl) => cl.mobile))];
}

async function queueForWorkers(
  ctx: MutationContext,
  c: Case,
  kind: CaseSmsKind,
  message: SmsMessage,
  dueAt?: string,
): Promise<void> {
  for (const mobile of workerMobiles(c)) {
    await queueCaseSms(ctx.trx, {
      caseId: c.id,
      kind,
      mobile,
      message,
      at: nowIso(ctx),
      ...(dueAt ? { dueAt } : {}),
    });
  }
}

/**
 * The workers' text messages a status move calls for, each at most once per case, kind and
 * worker (the outbox's unique index): dispatched to a unit; resolved — only when the office
 * APPROVES the closure, so a case sent back for more work never told anyone it was solved,
 * and held for APPROVAL_UNDO_MS so an approval undone within that window (case.review
 * closed → resolved) cancels it unsent; transferred to arbitration. (Received is queued by
 * the public channel that files the case; the insurance advance by its approval.)
 */
async function notifyWorkers(ctx: MutationContext, before: Case, after: Case): Promise<void> {
  if (before.status === after.status) return;
  const caseNo = after.caseNo ?? '';
  if (before.status === 'received' && after.status === 'assigned') {
    const unit = await findUnit(ctx.trx, after.townId);
    await queueForWorkers(
      ctx,
      after,
      'dispatched',
      renderSms('dispatched', { caseNo, unit: unit?.name ?? after.townId }),
    );
  } else if (before.status === 'resolved' && after.status === 'closed') {
    const dueAt = new Date(ctx.now.getTime() + APPROVAL_UNDO_MS).toISOString();
    await queueForWorkers(ctx, after, 'resolved', resolutionSms(after), dueAt);
  } else if (before.status === 'closed' && after.status === 'resolved') {
    // An undone approval (case.review); a missed instalment reopens a case long told.
    if (ctx.name === 'case.review') await cancelCaseSms(ctx.trx, after.id, 'resolved');
  } else if (after.status === 'transferred' && after.outcome === 'transferred_arbitration') {
    await queueForWorkers(ctx, after, 'arbitration', renderSms('arbitration', { caseNo }));
  }
}

/** insurance.approve: the workers learn the insurer's due date (once per case). */
export async function notifyInsuranceApproved(
  ctx: MutationContext,
  c: Case,
  dueDate: string,
): Promise<void> {
  await queueForWorkers(
    ctx,
    c,
    'insurance',
    renderSms('insuranceApproved', { caseNo: c.caseNo ?? '', dueDate }),
  );
}
