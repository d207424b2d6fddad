import type { Selectable } from 'kysely';
import type { Executor, SmsOutboxTable } from '../db/schema';

export type SmsStatus = 'queued' | 'sent' | 'failed';

export interface SmsRecord {
  id: number;
  /** The case of a resolution message; null for an officer's morning digest. */
  caseId: string | null;
  mobile: string;
  body: string;
  status: SmsStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

/** A message waiting for its first attempt, due at once. */
function queued(m: { mobile: string; body: string; at: string }) {
  return {
    mobile: m.mobile,
    body: m.body,
    status: 'queued',
    attempts: 0,
    next_attempt_at: m.at,
    last_error: null,
    created_at: m.at,
    sent_at: null,
  };
}

export async function queueSms(
  db: Executor,
  m: { caseId: string; mobile: string; body: string; at: string },
): Promise<void> {
  await db
    .insertInto('sms_outbox')
    .values({ ...queued(m), case_id: m.caseId, user_id: null, digest_day: null })
    .execute();
}

/**
 * Queues an officer's morning digest for a China calendar day, at most once: the unique
 * (user_id, digest_day) index makes a second insert — another tick, another API process —
 * a no-op. Answers whether this call queued it.
 */
export async function queueDigestSms(
  db: Executor,
  m: { userId: string; day: string; mobile: string; body: string; at: string },
): Promise<boolean> {
  const r = await db
    .insertInto('sms_outbox')
    .values({ ...queued(m), case_id: null, user_id: m.userId, digest_day: m.day })
    .onConflict((oc) => oc.columns(['user_id', 'digest_day']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

function toRecord(r: Selectable<SmsOutboxTable>): SmsRecord {
  return {
    id: Number(r.id),
    caseId: r.case_id,
    mobile: r.mobile,
    body: r.body,
    status: r.status as SmsStatus,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    createdAt: r.created_at,
    sentAt: r.sent_at,
  };
}

export async function dueSms(db: Executor, now: string, limit: number): Promise<SmsRecord[]> {
  const rows = await db
    .selectFrom('sms_outbox')
    .selectAll()
    .where('status', '=', 'queued')
    .where('next_attempt_at', '<=', now)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(toRecord);
}

export async function smsOfCase(db: Executor, caseId: string): Promise<SmsRecord[]> {
  const rows = await db
    .selectFrom('sms_outbox')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('id')
    .execute();
  return rows.map(toRecord);
}

export async function markSmsSent(db: Executor, id: number, at: string): Promise<void> {
  await db
    .updateTable('sms_outbox')
    .set((eb) => ({
      status: 'sent',
      sent_at: at,
      attempts: eb('attempts', '+', 1),
      last_error: null,
    }))
    .where('id', '=', id)
    .where('status', '=', 'queued')
    .execute();
}

export async function markSmsFailed(
  db: Executor,
  id: number,
  r: { error: string; nextAttemptAt: string; giveUp: boolean },
): Promise<void> {
  await db
    .updateTable('sms_outbox')
    .set((eb) => ({
      status: r.giveUp ? 'failed' : 'queued',
      attempts: eb('attempts', '+', 1),
      last_error: r.error.slice(0, 500),
      next_attempt_at: r.nextAttemptAt,
    }))
    .where('id', '=', id)
    .where('status', '=', 'queued')
    .execute();
}

/**
 * Takes a due message for a while (a lease), so two API processes never send the same one:
 * only the process whose update matched the old due time sends it.
 */
export async function leaseSms(
  db: Executor,
  id: number,
  dueAt: string,
  leaseUntil: string,
): Promise<boolean> {
  const r = await db
    .updateTable('sms_outbox')
    .set({ next_attempt_at: leaseUntil })
    .where('id', '=', id)
    .where('status', '=', 'queued')
    .where('next_attempt_at', '=', dueAt)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
