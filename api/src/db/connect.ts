import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database, Dialect } from './schema';
import { cachingSqlite, namingPool } from './statement-cache';

/** Connections of a PostgreSQL pool (SQLite has one connection and no pool). */
export interface PoolStats {
  total: number;
  idle: number;
  /** Queries waiting for a free connection. */
  waiting: number;
}

export interface Connection {
  db: Kysely<Database>;
  dialect: Dialect;
  close(): Promise<void>;
  /** PostgreSQL only: the pool's connections now (for /metrics). */
  poolStats?: () => PoolStats;
}

export type ConnectOptions =
  | { dialect: 'sqlite'; path: string }
  | { dialect: 'postgres'; url: string; max?: number; onIdleError?: (err: Error) => void };

// pg returns int8 (bigint, count(*)) as strings to be safe beyond 2^53; our bigints are fen
// (≤ 1e10), row sequences and transaction ids, all far below that, so numbers are right.
const PG_INT8_OID = 20;
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === PG_INT8_OID
      ? (value: string) => Number.parseInt(value, 10)
      : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

export function connect(options: ConnectOptions): Connection {
  if (options.dialect === 'postgres') {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.max ?? 10,
      types: pgTypes,
    });
    // An idle connection can die (server restart, a test database dropped): the pool drops
    // it and the next query opens a new one. Without a listener the process would crash.
    pool.on('error', (err) => options.onIdleError?.(err));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: namingPool(pool) }) });
    return {
      db,
      dialect: 'postgres',
      close: () => db.destroy(),
      poolStats: () => ({
        total: pool.totalCount,
        idle: pool.idleCount,
        waiting: pool.waitingCount,
      }),
    };
  }
  if (options.path !== ':memory:') fs.mkdirSync(path.dirname(options.path), { recursive: true });
  const sqlite = new SQLite(options.path);
  // Official records: WAL for concurrent readers, FULL sync so a committed push survives a
  // power cut, foreign keys enforced, and a wait instead of an error when another
  // process holds the write lock.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: cachingSqlite(sqlite) }),
  });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

/** SQLite unique/primary-key violation or PostgreSQL 23505. */
export function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null || !('code' in err)) return false;
  const code = (err as { code: unknown }).code;
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE'
  );
}

/** Errors after which the same transaction, run again, may succeed. */
export function isRetryable(err: unknown): boolean {
  if (typeof err !== 'object' || err === null || !('code' in err)) return false;
  const code = (err as { code: unknown }).code;
  return code === '40001' || code === '40P01' || code === 'SQLITE_BUSY' || isUniqueViolation(err);
}
