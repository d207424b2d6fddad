import { sql } from 'kysely';
import type { Db, Dialect } from './schema';

// Any fixed 64-bit key, the same in every instance: 'anxin' in ASCII.
const STARTUP_LOCK_KEY = 0x616e78696e;

/**
 * Runs `work` (migrations, then the seed of an empty database) while holding a
 * PostgreSQL advisory lock, so N instances started at the same moment on one database take
 * turns: the first migrates and seeds, the others then find it done. Without it two
 * instances both see an empty database and both insert the first users (a duplicate key
 * on users_pkey stops one of them). The lock is held on a connection of its own and ends
 * with it, even if the process dies. SQLite is one file opened by one server process.
 */
export async function withStartupLock<T>(
  db: Db,
  dialect: Dialect,
  work: () => Promise<T>,
): Promise<T> {
  if (dialect !== 'postgres') return work();
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${STARTUP_LOCK_KEY})`.execute(conn);
    try {
      return await work();
    } finally {
      await sql`select pg_advisory_unlock(${STARTUP_LOCK_KEY})`.execute(conn);
    }
  });
}
