import type { Kysely, Migration } from 'kysely';

/**
 * The town sets pull cursors were issued for, by a short hash of the set. When a user's towns
 * change (an officer moved to another town), the next pull finds the old set here and tells
 * the device to drop the towns it no longer sees (docs/decisions/010).
 */
export function pullScopesMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('pull_scopes')
        .addColumn('tag', 'text', (c) => c.primaryKey())
        .addColumn('town_ids', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
