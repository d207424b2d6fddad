import { type RawBuilder, sql } from 'kysely';
import type { Db, Dialect, Executor } from '../db/schema';

/**
 * Login attempts live in the database, not in memory, so two API processes behind one
 * load balancer count the same failures.
 */

/** How many failures each scope may have in the window before sign-in is refused. */
export interface LoginLimits {
  windowMs: number;
  /** One username from one address: the lock a wrong guess counts towards first. */
  perUserAddress: number;
  /** One address, any username. */
  perAddress: number;
  /** One username, any address: the brake on guessing spread over many addresses. */
  perUser: number;
}

// Two-int advisory keys (class, hash) live apart from the one-bigint startup lock's keys.
const LOGIN_LOCK_CLASS = 0x4c4f47;

/**
 * Reserves one password check: inserts the attempt as a failure, but only while every
 * scope is still under its limit, as ONE atomic step. The row counts from this moment, so
 * however many guesses arrive at once, at most the limit are ever checked; a success then
 * turns it into a success (`markLoginSucceeded`), and a crash in between leaves a failure.
 * SQLite: one INSERT … SELECT takes the write lock before it reads, so no other writer (of
 * this or another process) counts in between. PostgreSQL: two transactions could both count
 * 4 under READ COMMITTED, so they queue on advisory locks of the username and the address
 * (always in that order, so two of them never wait for each other).
 * Answers the new row's id, or null when some scope is full.
 */
export async function reserveLoginAttempt(
  db: Db,
  dialect: Dialect,
  a: { username: string; ip: string; atMs: number },
  limits: LoginLimits,
): Promise<number | null> {
  const since = a.atMs - limits.windowMs;
  return db.transaction().execute(async (trx) => {
    if (dialect === 'postgres') {
      await sql`select pg_advisory_xact_lock(${LOGIN_LOCK_CLASS}, hashtext(${`u:${a.username}`}))`.execute(
        trx,
      );
      await sql`select pg_advisory_xact_lock(${LOGIN_LOCK_CLASS}, hashtext(${`a:${a.ip}`}))`.execute(
        trx,
      );
    }
    const failures = (where: RawBuilder<unknown>) =>
      sql`(select count(*) from login_attempts where ok = 0 and at_ms > ${since} and ${where})`;
    const row = await sql<{ id: number }>`
      insert into login_attempts (username, ip, at_ms, ok)
      select cast(${a.username} as text), cast(${a.ip} as text), cast(${a.atMs} as bigint), 0
      where ${failures(sql`username = ${a.username} and ip = ${a.ip}`)} < ${limits.perUserAddress}
        and ${failures(sql`ip = ${a.ip}`)} < ${limits.perAddress}
        and ${failures(sql`username = ${a.username}`)} < ${limits.perUser}
      returning id`.execute(trx);
    const id = row.rows[0]?.id;
    return id === undefined ? null : Number(id);
  });
}

/**
 * The password was right: the reserved attempt becomes a success, and the failures of this
 * username from this address are forgiven. Failures from other addresses stay: the person
 * signing in proved nothing about them, and forgiving them would refill a stranger's guesses.
 */
export async function markLoginSucceeded(
  db: Db,
  dialect: Dialect,
  a: { id: number; username: string; ip: string },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    // Two sign-ins of one person at once each update their own row and delete the other's:
    // without this lock (the reservation's, in the same order) they deadlock on PostgreSQL.
    if (dialect === 'postgres') {
      await sql`select pg_advisory_xact_lock(${LOGIN_LOCK_CLASS}, hashtext(${`u:${a.username}`}))`.execute(
        trx,
      );
    }
    await trx.updateTable('login_attempts').set({ ok: 1 }).where('id', '=', a.id).execute();
    await trx
      .deleteFrom('login_attempts')
      .where('username', '=', a.username)
      .where('ip', '=', a.ip)
      .where('ok', '=', 0)
      .execute();
  });
}

/** Failures since `sinceMs` in one scope: how many, and the oldest one. */
export async function failuresSince(
  db: Executor,
  by: { username: string; ip: string } | { username: string } | { ip: string },
  sinceMs: number,
): Promise<{ count: number; oldestMs: number | null }> {
  let q = db
    .selectFrom('login_attempts')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('at_ms').as('oldest')])
    .where('ok', '=', 0)
    .where('at_ms', '>', sinceMs);
  if ('username' in by) q = q.where('username', '=', by.username);
  if ('ip' in by) q = q.where('ip', '=', by.ip);
  const row = await q.executeTakeFirstOrThrow();
  const oldest = row.oldest === null ? null : Number(row.oldest);
  return { count: Number(row.n), oldestMs: oldest };
}

export async function pruneLoginAttempts(db: Executor, beforeMs: number): Promise<void> {
  await db.deleteFrom('login_attempts').where('at_ms', '<', beforeMs).execute();
}
