import type BetterSqlite3 from 'better-sqlite3';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult, SqliteDatabase } from 'kysely';
import type pg from 'pg';

/**
 * Prepared-statement reuse under Kysely (docs/decisions/014-prepared-statements-and-push-locks.md).
 *
 * Kysely's drivers send every query as new text: better-sqlite3 compiles it again each time
 * and PostgreSQL parses and plans it again each time. A push applies ~10 statements per
 * mutation, all from a few dozen distinct texts, so most of that work repeats.
 */

/** Distinct texts kept; dynamic `IN (…)` lists make the set open-ended, so it is bounded. */
export const SQLITE_STATEMENT_CACHE_SIZE = 500;

/**
 * A better-sqlite3 handle whose `prepare` hands back the statement compiled for the same
 * text before (least recently used dropped beyond `capacity`). A statement still being
 * iterated (a streamed query) is busy and cannot run twice at once: then a fresh one is
 * compiled for that call.
 */
export function cachingSqlite(
  db: BetterSqlite3.Database,
  capacity = SQLITE_STATEMENT_CACHE_SIZE,
): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close() {
      cache.clear();
      db.close();
    },
    prepare(sql: string) {
      const cached = cache.get(sql);
      if (cached && !cached.busy) {
        // Map order is insertion order: re-inserting marks it most recently used.
        cache.delete(sql);
        cache.set(sql, cached);
        return cached;
      }
      const stmt = db.prepare(sql);
      if (!cached) {
        cache.set(sql, stmt);
        if (cache.size > capacity) {
          const oldest = cache.keys().next().value;
          if (oldest !== undefined) cache.delete(oldest);
        }
      }
      return stmt;
    },
  };
}

/**
 * Statements with more parameters than this are sent unnamed: those are the `IN (…)` lists
 * of a pull page, one text per list length, which would fill every connection's memory
 * with plans used once.
 */
export const PG_MAX_NAMED_PARAMETERS = 64;
/** Distinct named texts per process; each connection prepares a name on first use. */
export const PG_MAX_NAMED_STATEMENTS = 1000;

/**
 * Gives each recurring query text a name, which makes node-postgres prepare it once per
 * connection and afterwards only bind and execute it. A name is never reused for another
 * text (pg refuses that), so names are handed out once and never evicted; past the cap,
 * new texts go unnamed as before.
 */
export class PgStatementNames {
  private readonly names = new Map<string, string>();

  constructor(
    private readonly maxStatements = PG_MAX_NAMED_STATEMENTS,
    private readonly maxParameters = PG_MAX_NAMED_PARAMETERS,
  ) {}

  nameFor(sql: string, parameterCount: number): string | undefined {
    if (parameterCount > this.maxParameters) return undefined;
    let name = this.names.get(sql);
    if (name === undefined && this.names.size < this.maxStatements) {
      name = `anxin_${this.names.size}`;
      this.names.set(sql, name);
    }
    return name;
  }

  get size(): number {
    return this.names.size;
  }
}

/** A pool whose clients send Kysely's queries as named (prepared) statements. */
export function namingPool(pool: pg.Pool, names = new PgStatementNames()): PostgresPool {
  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      const query = ((sqlOrCursor: unknown, parameters?: ReadonlyArray<unknown>) => {
        if (typeof sqlOrCursor !== 'string' || parameters === undefined) {
          // A cursor (streamed query) goes through untouched.
          return client.query(sqlOrCursor as pg.Submittable);
        }
        const values = [...parameters];
        const name = names.nameFor(sqlOrCursor, values.length);
        return name === undefined
          ? client.query(sqlOrCursor, values)
          : client.query({ name, text: sqlOrCursor, values });
      }) as <R>(sql: string, parameters: ReadonlyArray<unknown>) => Promise<PostgresQueryResult<R>>;
      return { query, release: () => client.release() } as PostgresPoolClient;
    },
    end: () => pool.end(),
  };
}
