import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../schema';

/**
 * The office and inspector workspace (issue 6): inspectors' weekly visit plans, insurance
 * advance claims, links between duplicate cases, and the audit trail of reads that concern
 * many cases at once (exports). Table types are in db/schema.ts.
 */
export function officeMigration(dialect: Dialect): Migration {
  const pg = dialect === 'postgres';
  const bigint = pg ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('visit_plans')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('inspector_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('week_of', 'text', (c) => c.notNull())
        .addColumn('visits', 'text', (c) => c.notNull())
        .addColumn('case_ids', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('visit_plans_week')
        .on('visit_plans')
        .columns(['week_of', 'inspector_id'])
        .execute();

      await db.schema
        .createTable('insurance_claims')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('amount_fen', bigint, (c) => c.notNull())
        .addColumn('comment', 'text')
        .addColumn('started_by', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('approved_by', 'text')
        .addColumn('approved_at', 'text')
        .addColumn('agreement_date', 'text')
        .addColumn('due_date', 'text')
        .addColumn('paid_date', 'text')
        .execute();
      await db.schema
        .createIndex('insurance_claims_case')
        .on('insurance_claims')
        .column('case_id')
        .execute();

      await db.schema
        .createTable('case_links')
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('other_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('case_links_pk', ['case_id', 'other_id'])
        .execute();
      await db.schema.createIndex('case_links_other').on('case_links').column('other_id').execute();

      await db.schema
        .createTable('audit_log')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text', (c) => c.notNull())
        .addColumn('actor_name', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('audit_log').execute();
      await db.schema.dropTable('case_links').execute();
      await db.schema.dropTable('insurance_claims').execute();
      await db.schema.dropTable('visit_plans').execute();
    },
  };
}
