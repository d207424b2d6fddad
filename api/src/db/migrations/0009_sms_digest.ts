import { type Kysely, type Migration, sql } from 'kysely';
import type { Dialect } from '../schema';

/**
 * The officers' morning digest (每日待办短信): a unit may have its officers sent, each
 * working morning, what needs them that day. Digests go through the one SMS outbox, which
 * until now held only the resolution messages of a case; a digest is about a person and a
 * day, not a case, so `case_id` may be empty and `(user_id, digest_day)` is unique — the
 * insert itself is what stops a second digest, whichever process or tick gets there first.
 */
export function smsDigestMigration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('units')
        .addColumn('sms_digest', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      if (dialect === 'postgres') {
        await sql`ALTER TABLE sms_outbox ALTER COLUMN case_id DROP NOT NULL`.execute(db);
        await db.schema
          .alterTable('sms_outbox')
          .addColumn('user_id', 'text', (c) => c.references('users.id'))
          .execute();
        await db.schema.alterTable('sms_outbox').addColumn('digest_day', 'text').execute();
      } else {
        // SQLite cannot drop a NOT NULL: the table is rebuilt with the same rows and ids.
        await sql`CREATE TABLE sms_outbox_v2 (
          id integer PRIMARY KEY AUTOINCREMENT,
          case_id text REFERENCES cases(id),
          user_id text REFERENCES users(id),
          digest_day text,
          mobile text NOT NULL,
          body text NOT NULL,
          status text NOT NULL,
          attempts integer NOT NULL,
          next_attempt_at text NOT NULL,
          last_error text,
          created_at text NOT NULL,
          sent_at text
        )`.execute(db);
        await sql`INSERT INTO sms_outbox_v2
          (id, case_id, mobile, body, status, attempts, next_attempt_at, last_error, created_at, sent_at)
          SELECT id, case_id, mobile, body, status, attempts, next_attempt_at, last_error, created_at, sent_at
          FROM sms_outbox`.execute(db);
        await sql`DROP TABLE sms_outbox`.execute(db);
        await sql`ALTER TABLE sms_outbox_v2 RENAME TO sms_outbox`.execute(db);
        await db.schema
          .createIndex('sms_outbox_due')
          .on('sms_outbox')
          .columns(['status', 'next_attempt_at'])
          .execute();
        await db.schema.createIndex('sms_outbox_case').on('sms_outbox').column('case_id').execute();
      }
      await db.schema
        .createIndex('sms_outbox_digest')
        .on('sms_outbox')
        .columns(['user_id', 'digest_day'])
        .unique()
        .execute();
    },
  };
}
