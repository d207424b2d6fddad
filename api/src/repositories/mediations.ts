import type { Mediation } from '@anxin/shared';
import type { Executor, MediationsTable } from '../db/schema';

export function rowToMediation(row: MediationsTable): Mediation {
  return JSON.parse(row.data) as Mediation;
}

export async function insertMediation(db: Executor, m: Mediation): Promise<void> {
  await db
    .insertInto('mediations')
    .values({
      id: m.id,
      case_id: m.caseId,
      version: m.version,
      supersedes_id: m.supersedesId ?? null,
      data: JSON.stringify(m),
      recorded_by: m.recordedBy,
      recorded_at: m.recordedAt,
    })
    .execute();
}

/** Replaces a draft in place (the caller has checked it is not frozen). */
export async function replaceMediation(db: Executor, m: Mediation): Promise<void> {
  await db
    .updateTable('mediations')
    .set({
      version: m.version,
      data: JSON.stringify(m),
      recorded_by: m.recordedBy,
      recorded_at: m.recordedAt,
    })
    .where('id', '=', m.id)
    .execute();
}

/** How many records the case has: the next one's sequence in its agreement number. */
export async function countMediationsOfCase(db: Executor, caseId: string): Promise<number> {
  const row = await db
    .selectFrom('mediations')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('case_id', '=', caseId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findMediation(db: Executor, id: string): Promise<Mediation | null> {
  const row = await db.selectFrom('mediations').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? rowToMediation(row) : null;
}

export async function mediationsOfCase(db: Executor, caseId: string): Promise<Mediation[]> {
  const rows = await db
    .selectFrom('mediations')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('recorded_at')
    .orderBy('id')
    .execute();
  return rows.map(rowToMediation);
}

/** The records of many cases at once (the morning digest reads an officer's units). */
export async function mediationsOfCases(
  db: Executor,
  caseIds: readonly string[],
): Promise<Mediation[]> {
  const out: Mediation[] = [];
  for (let i = 0; i < caseIds.length; i += 500) {
    const rows = await db
      .selectFrom('mediations')
      .selectAll()
      .where('case_id', 'in', caseIds.slice(i, i + 500))
      .execute();
    out.push(...rows.map(rowToMediation));
  }
  return out;
}

export async function mediationsByIds(
  db: Executor,
  ids: readonly string[],
): Promise<Map<string, Mediation>> {
  const out = new Map<string, Mediation>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db
      .selectFrom('mediations')
      .selectAll()
      .where('id', 'in', unique.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.id, rowToMediation(r));
  }
  return out;
}
