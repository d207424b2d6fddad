import type { InstalmentPayment } from '@anxin/shared';
import type { Executor, InstalmentPaymentsTable } from '../db/schema';

function rowToPayment(row: InstalmentPaymentsTable): InstalmentPayment {
  return JSON.parse(row.data) as InstalmentPayment;
}

export async function insertInstalmentPayment(db: Executor, p: InstalmentPayment): Promise<void> {
  await db
    .insertInto('instalment_payments')
    .values({
      id: p.id,
      case_id: p.caseId,
      mediation_id: p.mediationId,
      due_date: p.dueDate,
      outcome: p.outcome,
      data: JSON.stringify(p),
      recorded_by: p.recordedBy,
      recorded_at: p.recordedAt,
    })
    .execute();
}

export async function findInstalmentPayment(
  db: Executor,
  id: string,
): Promise<InstalmentPayment | null> {
  const row = await db
    .selectFrom('instalment_payments')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? rowToPayment(row) : null;
}

export async function instalmentPaymentsOfCase(
  db: Executor,
  caseId: string,
): Promise<InstalmentPayment[]> {
  const rows = await db
    .selectFrom('instalment_payments')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('recorded_at')
    .orderBy('id')
    .execute();
  return rows.map(rowToPayment);
}

export async function instalmentPaymentsOfCases(
  db: Executor,
  caseIds: readonly string[],
): Promise<InstalmentPayment[]> {
  const out: InstalmentPayment[] = [];
  for (let i = 0; i < caseIds.length; i += 500) {
    const rows = await db
      .selectFrom('instalment_payments')
      .selectAll()
      .where('case_id', 'in', caseIds.slice(i, i + 500))
      .execute();
    out.push(...rows.map(rowToPayment));
  }
  return out;
}

export async function instalmentPaymentsByIds(
  db: Executor,
  ids: readonly string[],
): Promise<Map<string, InstalmentPayment>> {
  const out = new Map<string, InstalmentPayment>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db
      .selectFrom('instalment_payments')
      .selectAll()
      .where('id', 'in', unique.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.id, rowToPayment(r));
  }
  return out;
}
