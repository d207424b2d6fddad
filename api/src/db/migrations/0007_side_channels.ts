import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../schema';

/**
 * - Hits counted against a limit, one row per hit, by bucket (e.g. `dup-id:<userId>`), so
 *   every instance on one database shares the same count (api/src/repositories/rate-limits.ts).
 * - The feed by case: when a case moves out of a town, that town's devices are told to drop
 *   only what they could have held — the case's entries before the move.
 * - When the server last answered each device and session: device-given action times must
 *   lie after it (shared/src/domain/action-time.ts).
 */
export function sideChannelsMigration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('rate_limit_hits')
        .addColumn('bucket', 'text', (c) => c.notNull())
        .addColumn('at_ms', dialect === 'postgres' ? 'bigint' : 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('rate_limit_hits_bucket')
        .on('rate_limit_hits')
        .columns(['bucket', 'at_ms'])
        .execute();
      await db.schema
        .createIndex('change_feed_case')
        .on('change_feed')
        .columns(['case_id', 'xid', 'seq'])
        .execute();
      await db.schema.alterTable('clients').addColumn('last_contact_at', 'text').execute();
      await db.schema.alterTable('sessions').addColumn('last_contact_at', 'text').execute();
    },
  };
}
