import { type Kysely, type Migration, sql } from 'kysely';

/**
 * What the security review of 2026-12 needed in the schema:
 * - `blob_uploads`: every user who sent a blob's bytes, with when. Holding the bytes is what
 *   entitles someone to read or link a blob; knowing its hash is not (pull hands hashes to
 *   everyone who was ever in scope of a case). It also carries the per-user quota of unlinked
 *   bytes and the expiry of blobs never linked. Filled from `blobs.uploaded_by`, which stays
 *   as the first uploader.
 * - `mutation_log.duplicate`: idempotency is keyed by user + mutation id (no longer also by
 *   clientId), enforced by a partial unique index. Rows written before under a second
 *   clientId of the same user for the same id are kept (they are history) but marked
 *   `duplicate = 1`, so the index holds and a replay answers the first result.
 * - `sessions.client_id`: the device this session last pushed with; the audit of a revealed
 *   ID number names it instead of a header the caller chooses.
 */
export function securityMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('blob_uploads')
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('blob_uploads_pk', ['sha256', 'user_id'])
        .execute();
      await db.schema
        .createIndex('blob_uploads_user')
        .on('blob_uploads')
        .columns(['user_id', 'created_at'])
        .execute();
      await sql`insert into blob_uploads (sha256, user_id, size, created_at)
        select sha256, uploaded_by, size, created_at from blobs`.execute(db);
      // The expiry walks blobs by age; on SQLite `created_at` sits after the bytes in the row,
      // so without an index every sweep would read every blob's overflow pages.
      await db.schema
        .createIndex('blobs_created')
        .on('blobs')
        .columns(['created_at', 'sha256'])
        .execute();

      await db.schema
        .alterTable('mutation_log')
        .addColumn('duplicate', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await sql`update mutation_log set duplicate = 1 where exists (
          select 1 from mutation_log e
          where e.user_id = mutation_log.user_id and e.mutation_id = mutation_log.mutation_id
            and (e.created_at < mutation_log.created_at
                 or (e.created_at = mutation_log.created_at and e.client_id < mutation_log.client_id)))`.execute(
        db,
      );
      // A literal predicate, matched by the literal `duplicate = 0` in every lookup: SQLite
      // uses a partial index only then, and PostgreSQL's generic plans need it too.
      await sql`create unique index mutation_log_user_mutation
        on mutation_log (user_id, mutation_id) where duplicate = 0`.execute(db);

      await db.schema.alterTable('sessions').addColumn('client_id', 'text').execute();
    },
  };
}
