import { sql } from 'kysely';
import type { Db, Dialect } from '../db/schema';

export type RateDecision = { ok: true } | { ok: false; retryAfterMs: number };

/**
 * Takes one hit from `bucket` if fewer than `max` were taken in the last `windowMs`, as ONE
 * atomic step: the count and the insert happen in one transaction, serialised per bucket
 * (PostgreSQL: an advisory transaction lock on the bucket; SQLite: one writer), so N
 * concurrent requests can never all see "under the limit". Old hits of the bucket are
 * pruned on the way.
 */
export async function takeRateLimit(
  db: Db,
  dialect: Dialect,
  bucket: string,
  limit: { max: number; windowMs: number; nowMs: number },
): Promise<RateDecision> {
  return db.transaction().execute(async (trx) => {
    if (dialect === 'postgres') {
      await sql`select pg_advisory_xact_lock(hashtext(${bucket}))`.execute(trx);
    }
    const since = limit.nowMs - limit.windowMs;
    await trx
      .deleteFrom('rate_limit_hits')
      .where('bucket', '=', bucket)
      .where('at_ms', '<=', since)
      .execute();
    const row = await trx
      .selectFrom('rate_limit_hits')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('at_ms').as('oldest')])
      .where('bucket', '=', bucket)
      .executeTakeFirstOrThrow();
    if (Number(row.n) >= limit.max) {
      const oldest = Number(row.oldest ?? limit.nowMs);
      return { ok: false, retryAfterMs: Math.max(1000, oldest + limit.windowMs - limit.nowMs) };
    }
    await trx.insertInto('rate_limit_hits').values({ bucket, at_ms: limit.nowMs }).execute();
    return { ok: true };
  });
}
