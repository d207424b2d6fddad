import { type Kysely, type Migration, sql } from 'kysely';
import type { Dialect } from '../schema';

/**
 * 码上办事, the worker's public channel (issue 17):
 * - `otp_codes`: the SMS codes a worker proves a mobile with — only a salted hash of the
 *   code, its purpose, 5 minutes of life, one use, at most 5 tries (each try is counted
 *   before the code is compared, so concurrent guesses cannot exceed it).
 * - `public_limits`: one row per limited key (a mobile, a client address) counting the
 *   requests of its current window; the count is taken by ONE upsert, so N API processes
 *   share it without a lock and without check-then-act.
 * - `case_ratings`: the worker's satisfaction with a closed case, one per case.
 * - `cases.sector` / `cases.project` (JSON {name, generalContractor}): construction cases
 *   name the project and its general contractor; null on older cases.
 * - `sms_outbox.kind` / `template_id` / `params`: which message of a case it is (received,
 *   dispatched, resolved, arbitration, insurance, otp), sent as a named template with
 *   parameters. (case_id, kind, mobile) is unique, so each worker gets each message of a
 *   case at most once whoever queues it twice. Old resolution messages become kind
 *   'resolved' (the first per case and mobile: an older return-and-resubmit may have queued
 *   two), so a case resolved before this release is not told again when it is approved.
 */
export function publicChannelMigration(dialect: Dialect): Migration {
  const pg = dialect === 'postgres';
  const bigint = pg ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('otp_codes')
        .addColumn('id', pg ? 'bigserial' : 'integer', (c) =>
          pg ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('mobile', 'text', (c) => c.notNull())
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('salt', 'text', (c) => c.notNull())
        .addColumn('code_hash', 'text', (c) => c.notNull())
        .addColumn('created_at_ms', bigint, (c) => c.notNull())
        .addColumn('expires_at_ms', bigint, (c) => c.notNull())
        .addColumn('tries', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('used_at_ms', bigint)
        .addColumn('used_case_no', 'text')
        .addColumn('rated_at_ms', bigint)
        .execute();
      await db.schema
        .createIndex('otp_codes_mobile')
        .on('otp_codes')
        .columns(['mobile', 'purpose', 'id'])
        .execute();

      await db.schema
        .createTable('public_limits')
        .addColumn('bucket', 'text', (c) => c.primaryKey())
        .addColumn('window_start_ms', bigint, (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('case_ratings')
        .addColumn('case_id', 'text', (c) => c.primaryKey().references('cases.id'))
        .addColumn('rating', 'text', (c) => c.notNull())
        .addColumn('comment', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema.alterTable('cases').addColumn('sector', 'text').execute();
      await db.schema.alterTable('cases').addColumn('project', 'text').execute();

      await db.schema.alterTable('sms_outbox').addColumn('kind', 'text').execute();
      await db.schema.alterTable('sms_outbox').addColumn('template_id', 'text').execute();
      await db.schema.alterTable('sms_outbox').addColumn('params', 'text').execute();
      await sql`UPDATE sms_outbox SET kind = 'resolved' WHERE id IN (
        SELECT min(id) FROM sms_outbox
        WHERE case_id IS NOT NULL AND user_id IS NULL GROUP BY case_id, mobile)`.execute(db);
      await db.schema
        .createIndex('sms_outbox_case_kind')
        .on('sms_outbox')
        .columns(['case_id', 'kind', 'mobile'])
        .unique()
        .execute();
    },
  };
}
