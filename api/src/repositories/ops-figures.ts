import { sql } from 'kysely';
import type { Executor } from '../db/schema';

/**
 * Figures an operator's monitoring reads at every scrape (observability/metrics.ts): the
 * SMS outbox as the database has it, so every instance reports the same backlog and a
 * dead instance's messages still count.
 */
export interface SmsOutboxFigures {
  /** Messages not yet sent (waiting for their first attempt, or for a retry). */
  queued: number;
  /** Of those, due now: what the delivery loops should be sending. */
  due: number;
  /** Of those, failed at least once and waiting for a retry. */
  retrying: number;
  /** Messages given up on (MAX_SMS_ATTEMPTS failures): shown on the case. */
  failed: number;
  /** When the oldest unsent message was queued, or null when none is waiting. */
  oldestQueuedAt: string | null;
}

export async function smsOutboxFigures(db: Executor, now: string): Promise<SmsOutboxFigures> {
  const row = await db
    .selectFrom('sms_outbox')
    .select([
      sql<number>`count(case when status = 'queued' then 1 end)`.as('queued'),
      sql<number>`count(case when status = 'queued' and next_attempt_at <= ${now} then 1 end)`.as(
        'due',
      ),
      sql<number>`count(case when status = 'queued' and attempts > 0 then 1 end)`.as('retrying'),
      sql<number>`count(case when status = 'failed' then 1 end)`.as('failed'),
      sql<string | null>`min(case when status = 'queued' then created_at end)`.as('oldest'),
    ])
    .executeTakeFirstOrThrow();
  return {
    queued: Number(row.queued),
    due: Number(row.due),
    retrying: Number(row.retrying),
    failed: Number(row.failed),
    oldestQueuedAt: row.oldest ?? null,
  };
}
