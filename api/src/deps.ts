import type { AppConfig } from './config/env';
import type { Database, Db, Dialect } from './db/schema';

/** Structured log lines (JSON on stderr in production); tests may collect or silence them. */
export type Logger = (event: string, data?: Record<string, unknown>) => void;

export const stderrLogger: Logger = (event, data) => {
  process.stderr.write(`${JSON.stringify({ at: new Date().toISOString(), event, ...data })}\n`);
};

/** Everything the app needs from the outside world, passed in so tests can build their own. */
export interface AppDeps {
  db: Db;
  dialect: Dialect;
  config: AppConfig;
  /** The server clock. Deadlines and sessions use it; tests may move it. */
  now: () => Date;
  log: Logger;
}

export type { Database };
