import type { Executor } from '../db/schema';

/**
 * Login attempts live in the database, not in memory, so two API processes behind one
 * load balancer count the same failures.
 */
export async function recordLoginAttempt(
  db: Executor,
  a: { username: string; ip: string; atMs: number; ok: boolean },
): Promise<void> {
  await db
    .insertInto('login_attempts')
    .values({ username: a.username, ip: a.ip, at_ms: a.atMs, ok: a.ok ? 1 : 0 })
    .execute();
}

/** Failures since `sinceMs` for a username or an address: how many, and the oldest one. */
export async function failuresSince(
  db: Executor,
  by: { username: string } | { ip: string },
  sinceMs: number,
): Promise<{ count: number; oldestMs: number | null }> {
  let q = db
    .selectFrom('login_attempts')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('at_ms').as('oldest')])
    .where('ok', '=', 0)
    .where('at_ms', '>', sinceMs);
  q = 'username' in by ? q.where('username', '=', by.username) : q.where('ip', '=', by.ip);
  const row = await q.executeTakeFirstOrThrow();
  const oldest = row.oldest === null ? null : Number(row.oldest);
  return { count: Number(row.n), oldestMs: oldest };
}

/** A successful login forgives the username's earlier failures (not the address's). */
export async function clearUsernameFailures(db: Executor, username: string): Promise<void> {
  await db
    .deleteFrom('login_attempts')
    .where('username', '=', username)
    .where('ok', '=', 0)
    .execute();
}

export async function pruneLoginAttempts(db: Executor, beforeMs: number): Promise<void> {
  await db.deleteFrom('login_attempts').where('at_ms', '<', beforeMs).execute();
}
