import type { Executor } from '../db/schema';

/**
 * The auth generation (0013_auth_generation): one counter raised by every change that can
 * alter what a bearer token is worth. Each instance's session cache re-reads it at most every
 * few hundred milliseconds and drops what it holds when it moved, so another instance's
 * change reaches every instance within a second. The instance that made the change drops its
 * cache at once (`authTransaction`, `changesAuth`), so its own next request never sees the
 * old answer.
 *
 * Lock order (PostgreSQL): the counter is one row, locked by its UPDATE until commit. Every
 * writer raises it FIRST, before touching users or sessions, so a transaction waiting for it
 * holds nothing another one waits for, and two auth changes can never deadlock.
 */
export async function bumpAuthGeneration(db: Executor): Promise<void> {
  await db
    .updateTable('auth_generation')
    .set((eb) => ({ generation: eb('generation', '+', 1) }))
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
}

export async function readAuthGeneration(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('auth_generation')
    .select('generation')
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  return Number(row.generation);
}

/** Per database handle (one per instance): what to drop when this instance changed auth. */
const localListeners = new WeakMap<Executor, Set<() => void>>();

/** Calls `drop` whenever an auth change made through `db` has committed; returns the unsubscribe. */
export function onLocalAuthChange(db: Executor, drop: () => void): () => void {
  let set = localListeners.get(db);
  if (!set) {
    set = new Set();
    localListeners.set(db, set);
  }
  set.add(drop);
  return () => set.delete(drop);
}

function changedHere(db: Executor): void {
  for (const drop of localListeners.get(db) ?? []) drop();
}

/**
 * A transaction that changes auth state (its repository writes raise the counter): once it
 * has ended, this instance drops its session cache — after the commit, since a request read
 * before it would only cache the old answer again.
 */
export async function authTransaction<T>(
  db: Executor,
  body: (trx: Executor) => Promise<T>,
): Promise<T> {
  if (db.isTransaction) return body(db);
  try {
    return await db.transaction().execute(body);
  } finally {
    // On a rollback too: nothing changed then, and dropping a cache is always safe.
    changedHere(db);
  }
}

/**
 * For the repository functions that change auth state: the counter raised first, then
 * `write`, in one transaction — the caller's, or one of its own when given the pool.
 */
export async function changesAuth<T>(
  db: Executor,
  write: (ex: Executor) => Promise<T>,
): Promise<T> {
  const run = async (ex: Executor) => {
    await bumpAuthGeneration(ex);
    return write(ex);
  };
  return db.isTransaction ? run(db) : authTransaction(db, run);
}
