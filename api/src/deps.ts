import type { AppConfig } from './config/env';
import type { PoolStats } from './db/connect';
import type { Database, Db, Dialect } from './db/schema';

/**
 * Structured log lines: in the server, pino JSON on stdout with personal data redacted
 * (observability/logger.ts); tests may collect or silence them.
 */
export type Logger = (event: string, data?: Record<string, unknown>) => void;

/** Everything the app needs from the outside world, passed in so tests can build their own. */
export interface AppDeps {
  db: Db;
  dialect: Dialect;
  config: AppConfig;
  /** The server clock. Deadlines and sessions use it; tests may move it. */
  now: () => Date;
  log: Logger;
  /** The PostgreSQL pool's connections, for /metrics (absent on SQLite). */
  dbPool?: () => PoolStats;
}

export type { Database };
