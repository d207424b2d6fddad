import { sql } from 'kysely';
import { pendingMigrations } from '../db/migrate';
import type { AppDeps } from '../deps';
import { lifecycleOf } from '../observability/lifecycle';

export interface Readiness {
  ready: boolean;
  database: 'ok' | 'unreachable';
  /** Migrations this version needs that the database has not run (null: unknown). */
  pendingMigrations: string[] | null;
  draining: boolean;
}

const migrated = new WeakSet<AppDeps>();

/**
 * Whether this instance should get traffic: the database answers, its schema is the one
 * this code needs (an instance started while another migrates waits here, not in errors),
 * and it is not shutting down (SIGTERM: the balancer moves on while in-flight work ends).
 */
export async function readiness(deps: AppDeps): Promise<Readiness> {
  const draining = lifecycleOf(deps).draining;
  let database: Readiness['database'] = 'ok';
  let pending: string[] | null = null;
  try {
    await sql`select 1`.execute(deps.db);
    // Once this code's migrations have all run they stay run: the list is read until then.
    pending = migrated.has(deps) ? [] : await pendingMigrations(deps.db, deps.dialect);
    if (pending.length === 0) migrated.add(deps);
  } catch {
    database = 'unreachable';
  }
  return {
    ready: database === 'ok' && pending !== null && pending.length === 0 && !draining,
    database,
    pendingMigrations: pending,
    draining,
  };
}
