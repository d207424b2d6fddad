import { randomBytes } from 'node:crypto';
import { type Kysely, type Migration, sql } from 'kysely';

/** A new feed identity: 12 hex characters, as they appear in a pull cursor. */
export function newFeedEpoch(): string {
  return randomBytes(6).toString('hex');
}

/**
 * The identity of this database's change feed, written into every pull cursor. A restore
 * from backup renews it (scripts/restore.ts): the feed is numbered from the backup's
 * position again, so a cursor handed out before the restore would skip the changes made
 * after it. With the epoch in the cursor the server refuses such a cursor and the device
 * pulls from the start instead (docs/decisions/010).
 */
export function feedEpochMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('feed_epoch')
        .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
        .addColumn('epoch', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('restored', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await sql`insert into feed_epoch (id, epoch, started_at) values (1, ${newFeedEpoch()}, ${new Date().toISOString()})`.execute(
        db,
      );
    },
  };
}
