import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../schema';

/**
 * Two figures of the dashboard need a value that otherwise lives inside JSON or takes date
 * arithmetic the dialects spell differently, so each case row carries it, written by the one
 * row mapper (repositories/cases.ts `caseToRow`) beside resolve_elapsed_ms:
 * - owed_fen: the sum of the claimants' owedFen (the claimants are a JSON column);
 * - first_action_elapsed_ms: (firstActionAt, else resolvedAt) − receivedAt in ms, the first
 *   action as the 1-3-7 clock counts it (shared/src/domain/clock137.ts).
 * Existing rows are filled here with the same arithmetic in JS, so old and new rows agree.
 */

interface BackfillRow {
  id: string;
  claimants: string;
  received_at: string;
  first_action_at: string | null;
  resolved_at: string | null;
}

type BackfillDb = Kysely<{
  cases: BackfillRow & { owed_fen: number; first_action_elapsed_ms: number | null };
}>;

const BATCH = 500;

export function dashboardColumnsMigration(dialect: Dialect): Migration {
  const bigint = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(raw: Kysely<unknown>) {
      await raw.schema
        .alterTable('cases')
        .addColumn('owed_fen', bigint, (c) => c.notNull().defaultTo(0))
        .execute();
      await raw.schema.alterTable('cases').addColumn('first_action_elapsed_ms', bigint).execute();
      await fillDashboardColumns(raw);
    },
  };
}

/** Works out both columns of every case from the row's own fields (the migration's backfill). */
export async function fillDashboardColumns(raw: Kysely<unknown>): Promise<void> {
  const db = raw as unknown as BackfillDb;
  let after = '';
  for (;;) {
    const rows = await db
      .selectFrom('cases')
      .select(['id', 'claimants', 'received_at', 'first_action_at', 'resolved_at'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      const claimants = JSON.parse(r.claimants) as Array<{ owedFen: number }>;
      const first = r.first_action_at ?? r.resolved_at;
      await db
        .updateTable('cases')
        .set({
          owed_fen: claimants.reduce((s, cl) => s + cl.owedFen, 0),
          first_action_elapsed_ms:
            first === null ? null : Date.parse(first) - Date.parse(r.received_at),
        })
        .where('id', '=', r.id)
        .execute();
    }
    after = rows.at(-1)!.id;
  }
}
