import { sql } from 'kysely';
import type { Executor } from '../db/schema';

export type LimitDecision = { ok: true } | { ok: false; retryAfterMs: number };

/**
 * Counts one request against `bucket`: at most `max` per window, the window starting with
 * the first request after the previous one ended. ONE statement decides and counts — an
 * upsert whose update only happens while the window has room (or has run out and starts
 * anew), RETURNING the row it counted — so two API processes on one database can never
 * both take the last place (no read-then-write). Refused → how long until the window ends.
 */
export async function takePublicLimit(
  db: Executor,
  bucket: string,
  limit: { max: number; windowMs: number; nowMs: number },
): Promise<LimitDecision> {
  const { max, windowMs, nowMs } = limit;
  const expired = sql<boolean>`public_limits.window_start_ms <= ${nowMs - windowMs}`;
  const counted = await sql<{ count: number }>`
    insert into public_limits (bucket, window_start_ms, count)
    values (${bucket}, ${nowMs}, 1)
    on conflict (bucket) do update set
      count = case when ${expired} then 1 else public_limits.count + 1 end,
      window_start_ms = case when ${expired} then ${nowMs} else public_limits.window_start_ms end
    where ${expired} or public_limits.count < ${max}
    returning count`.execute(db);
  if (counted.rows.length > 0) return { ok: true };
  const row = await db
    .selectFrom('public_limits')
    .select('window_start_ms')
    .where('bucket', '=', bucket)
    .executeTakeFirst();
  const start = Number(row?.window_start_ms ?? nowMs);
  return { ok: false, retryAfterMs: Math.max(1000, start + windowMs - nowMs) };
}

/** Windows long over: nothing counts in them any more. */
export async function prunePublicLimits(db: Executor, beforeMs: number): Promise<void> {
  await db.deleteFrom('public_limits').where('window_start_ms', '<', beforeMs).execute();
}
