import type { Kysely, Migration } from 'kysely';

/**
 * The officer's checks of an agreement's instalments (instalment.record): append-only, one
 * row per check, the latest of an instalment (mediation, due date) counting. `data` is the
 * record as pulled (shared/src/domain/instalments.ts).
 */
export function instalmentsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('instalment_payments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('mediation_id', 'text', (c) => c.notNull().references('mediations.id'))
        .addColumn('due_date', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('recorded_by', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('instalment_payments_case')
        .on('instalment_payments')
        .column('case_id')
        .execute();
    },
  };
}
