import type { SmsMessage } from '@anxin/shared';
import type { Selectable } from 'kysely';
import type { Executor, SmsOutboxTable } from '../db/schema';

/** `cancelled`: a held message whose reason was undone before it went out (an approval). */
export type SmsStatus = 'queued' | 'sent' | 'failed' | 'cancelled';

/**
 * Which message of a case it is. Each worker gets each kind of a case at most once: the
 * unique (case_id, kind, mobile) index makes a second insert a no-op (0010_public_channel).
 */
export const CASE_SMS_KINDS = [
  'received',
  'dispatched',
  'resolved',
  'arbitration',
  'insurance',
] as const;
export type CaseSmsKind = (typeof CASE_SMS_KINDS)[number];

export interface SmsRecord {
  id: number;
  /** The case a message is about; null for an officer's morning digest or a code. */
  caseId: string | null;
  kind: string | null;
  mobile: string;
  body: string;
  /** The named template and its parameters (null on messages from before templates). */
  templateId: string | null;
  params: Record<string, string> | null;
  status: SmsStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

/** A message waiting for its first attempt, due at `dueAt` (at once by default). */
function queued(m: { mobile: string; message: SmsMessage; at: string; dueAt?: string }) {
  return {
    mobile: m.mobile,
    body: m.message.body,
    template_id: m.message.templateId,
    params: JSON.stringify(m.message.params),
    status: 'queued',
    attempts: 0,
    next_attempt_at: m.dueAt ?? m.at,
    last_error: null,
    created_at: m.at,
    sent_at: null,
  };
}

/**
 * Queues a case's message of one kind to one worker, at most once ever: answers whether
 * this call queued it. `dueAt` holds it back (a resolution waits out the approval's undo
 * window). A message of that kind cancelled earlier (the approval was undone) is queued
 * again instead — it was never sent, so this is still its one time.
 */
export async function queueCaseSms(
  db: Executor,
  m: {
    caseId: string;
    kind: CaseSmsKind;
    mobile: string;
    message: SmsMessage;
    at: string;
    dueAt?: string;
  },
): Promise<boolean> {
  const row = queued(m);
  const r = await db
    .insertInto('sms_outbox')
    .values({ ...row, case_id: m.caseId, kind: m.kind, user_id: null, digest_day: null })
    .onConflict((oc) =>
      oc
        .columns(['case_id', 'kind', 'mobile'])
        .doUpdateSet({
          body: row.body,
          template_id: row.template_id,
          params: row.params,
          status: 'queued',
          attempts: 0,
          next_attempt_at: row.next_attempt_at,
          last_error: null,
          created_at: row.created_at,
        })
        .where('sms_outbox.status', '=', 'cancelled'),
    )
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Cancels a case's held message of one kind that has not gone out yet (an undone approval). */
export async function cancelCaseSms(
  db: Executor,
  caseId: string,
  kind: CaseSmsKind,
): Promise<number> {
  const r = await db
    .updateTable('sms_outbox')
    .set({ status: 'cancelled' })
    .where('case_id', '=', caseId)
    .where('kind', '=', kind)
    .where('status', '=', 'queued')
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** A code to a mobile (no case): sent at once; its text is wiped once sent (markSmsSent). */
export async function queueOtpSms(
  db: Executor,
  m: { mobile: string; message: SmsMessage; at: string },
): Promise<void> {
  await db
    .insertInto('sms_outbox')
    .values({ ...queued(m), case_id: null, kind: 'otp', user_id: null, digest_day: null })
    .execute();
}

/**
 * Queues an officer's morning digest for a China calendar day, at most once: the unique
 * (user_id, digest_day) index makes a second insert — another tick, another API process —
 * a no-op. Answers whether this call queued it.
 */
export async function queueDigestSms(
  db: Executor,
  m: { userId: string; day: string; mobile: string; message: SmsMessage; at: string },
): Promise<boolean> {
  const r = await db
    .insertInto('sms_outbox')
    .values({ ...queued(m), case_id: null, kind: null, user_id: m.userId, digest_day: m.day })
    .onConflict((oc) => oc.columns(['user_id', 'digest_day']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

function toRecord(r: Selectable<SmsOutboxTable>): SmsRecord {
  return {
    id: Number(r.id),
    caseId: r.case_id,
    kind: r.kind,
    mobile: r.mobile,
    body: r.body,
    templateId: r.template_id,
    params: r.params === null ? null : (JSON.parse(r.params) as Record<string, string>),
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
    // A sign-in code is useless after 5 minutes and a worker is waiting for it: codes go
    // before any backlog of case messages and digests.
    .orderBy((eb) => eb.case().when('kind', '=', 'otp').then(0).else(1).end())
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

/** The text a sent code leaves behind: the code itself is of no use to anyone any more. */
export const SENT_OTP_BODY = '验证码已发送';

export async function markSmsSent(db: Executor, id: number, at: string): Promise<void> {
  await db
    .updateTable('sms_outbox')
    .set((eb) => ({
      status: 'sent',
      sent_at: at,
      attempts: eb('attempts', '+', 1),
      last_error: null,
      body: eb.case().when('kind', '=', 'otp').then(SENT_OTP_BODY).else(eb.ref('body')).end(),
      params: eb.case().when('kind', '=', 'otp').then(null).else(eb.ref('params')).end(),
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
