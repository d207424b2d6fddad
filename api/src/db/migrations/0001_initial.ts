import { type Kysely, type Migration, sql } from 'kysely';
import type { Dialect } from '../schema';

/**
 * The first schema. One migration for both dialects; where the dialects differ (identity
 * columns, blobs, the transaction id of a feed entry, the append-only trigger) the
 * difference is spelled out here and nowhere else.
 */
export function initialMigration(dialect: Dialect): Migration {
  const pg = dialect === 'postgres';
  const bigint = pg ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('towns')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('sort_order', 'integer', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('user_towns')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('town_id', 'text', (c) => c.notNull().references('towns.id'))
        .addPrimaryKeyConstraint('user_towns_pk', ['user_id', 'town_id'])
        .execute();

      await db.schema
        .createTable('sessions')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

      await db.schema
        .createTable('login_attempts')
        .addColumn('id', pg ? 'bigserial' : 'integer', (c) =>
          pg ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('username', 'text', (c) => c.notNull())
        .addColumn('ip', 'text', (c) => c.notNull())
        .addColumn('at_ms', bigint, (c) => c.notNull())
        .addColumn('ok', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('login_attempts_user')
        .on('login_attempts')
        .columns(['username', 'at_ms'])
        .execute();
      await db.schema
        .createIndex('login_attempts_ip')
        .on('login_attempts')
        .columns(['ip', 'at_ms'])
        .execute();

      await db.schema
        .createTable('cases')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_no', 'text', (c) => c.notNull().unique())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('town_id', 'text', (c) => c.notNull().references('towns.id'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('employer', 'text', (c) => c.notNull())
        .addColumn('claimants', 'text', (c) => c.notNull())
        .addColumn('workers_count', 'integer', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('needs_assistance', 'integer', (c) => c.notNull())
        .addColumn('assigned_officer_id', 'text', (c) => c.references('users.id'))
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('first_action_at', 'text')
        .addColumn('resolved_at', 'text')
        .addColumn('closed_at', 'text')
        .addColumn('resolve_elapsed_ms', bigint)
        .addColumn('outcome', 'text')
        .addColumn('recovered_fen', bigint, (c) => c.notNull())
        .addColumn('review_comment', 'text')
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('field_versions', 'text', (c) => c.notNull())
        .addColumn('search_text', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('cases_town_status')
        .on('cases')
        .columns(['town_id', 'status'])
        .execute();
      await db.schema.createIndex('cases_received').on('cases').column('received_at').execute();
      await db.schema
        .createIndex('cases_officer')
        .on('cases')
        .column('assigned_officer_id')
        .execute();

      await db.schema
        .createTable('case_counters')
        .addColumn('year', 'integer', (c) => c.primaryKey())
        .addColumn('last_no', 'integer', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('case_events')
        .addColumn('seq', pg ? 'bigserial' : 'integer', (c) =>
          pg ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text', (c) => c.notNull())
        .addColumn('actor_name', 'text', (c) => c.notNull())
        .addColumn('client_id', 'text')
        .addColumn('mutation_id', 'text')
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('changes', 'text', (c) => c.notNull())
        .addColumn('comment', 'text')
        .execute();
      await db.schema
        .createIndex('case_events_case')
        .on('case_events')
        .columns(['case_id', 'seq'])
        .execute();

      await db.schema
        .createTable('mediations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('supersedes_id', 'text')
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('recorded_by', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('mediations_case').on('mediations').column('case_id').execute();

      await db.schema
        .createTable('attachments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('mime', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('linked_by', 'text', (c) => c.notNull())
        .addColumn('linked_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('attachments_case').on('attachments').column('case_id').execute();

      await db.schema
        .createTable('blobs')
        .addColumn('sha256', 'text', (c) => c.primaryKey())
        .addColumn('mime', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('data', pg ? 'bytea' : 'blob', (c) => c.notNull())
        .addColumn('uploaded_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('blob_refs')
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addPrimaryKeyConstraint('blob_refs_pk', ['sha256', 'case_id'])
        .execute();

      await db.schema
        .createTable('mutation_log')
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('mutation_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('target_id', 'text')
        .addColumn('request_hash', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('result', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('mutation_log_pk', ['user_id', 'client_id', 'mutation_id'])
        .execute();
      await db.schema
        .createIndex('mutation_log_target')
        .on('mutation_log')
        .columns(['user_id', 'target_id'])
        .execute();

      await db.schema
        .createTable('clients')
        .addColumn('client_id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('first_seen_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('change_feed')
        .addColumn('seq', pg ? 'bigserial' : 'integer', (c) =>
          pg ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        // PostgreSQL: the id of the transaction that wrote the entry, so a pull can stop
        // below the oldest transaction still running (docs/decisions/010-api-pull-feed-watermark.md).
        .addColumn('xid', bigint, (c) =>
          c.notNull().defaultTo(pg ? sql`(pg_current_xact_id()::text::bigint)` : 0),
        )
        .addColumn('entity', 'text', (c) => c.notNull())
        .addColumn('entity_id', 'text', (c) => c.notNull())
        .addColumn('case_id', 'text', (c) => c.notNull())
        .addColumn('town_id', 'text', (c) => c.notNull())
        .addColumn('prev_town_id', 'text')
        .addColumn('op', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('change_feed_order')
        .on('change_feed')
        .columns(['xid', 'seq'])
        .execute();
      await db.schema
        .createIndex('change_feed_town')
        .on('change_feed')
        .columns(['town_id', 'xid', 'seq'])
        .execute();

      await db.schema
        .createTable('sms_outbox')
        .addColumn('id', pg ? 'bigserial' : 'integer', (c) =>
          pg ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('mobile', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('next_attempt_at', 'text', (c) => c.notNull())
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('sent_at', 'text')
        .execute();
      await db.schema
        .createIndex('sms_outbox_due')
        .on('sms_outbox')
        .columns(['status', 'next_attempt_at'])
        .execute();
      await db.schema.createIndex('sms_outbox_case').on('sms_outbox').column('case_id').execute();

      // The audit trail is append-only in the database itself, not only in our code: an
      // UPDATE or DELETE (or, on PostgreSQL, a TRUNCATE) of case_events fails.
      if (pg) {
        await sql`
          CREATE FUNCTION case_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN
            RAISE EXCEPTION 'case_events is append-only: % refused', TG_OP;
          END;
          $$`.execute(db);
        await sql`
          CREATE TRIGGER case_events_append_only BEFORE UPDATE OR DELETE ON case_events
          FOR EACH ROW EXECUTE FUNCTION case_events_refuse_change()`.execute(db);
        await sql`
          CREATE TRIGGER case_events_no_truncate BEFORE TRUNCATE ON case_events
          FOR EACH STATEMENT EXECUTE FUNCTION case_events_refuse_change()`.execute(db);
      } else {
        await sql`
          CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events
          BEGIN SELECT RAISE(ABORT, 'case_events is append-only: UPDATE refused'); END`.execute(db);
        await sql`
          CREATE TRIGGER case_events_no_delete BEFORE DELETE ON case_events
          BEGIN SELECT RAISE(ABORT, 'case_events is append-only: DELETE refused'); END`.execute(db);
      }
    },
  };
}
