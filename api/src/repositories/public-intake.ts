import { PUBLIC_INTAKE_UNIT } from '@anxin/shared';
import { EVERY_SCOPE } from '../db/migrations/0005_administration';
import type { Executor } from '../db/schema';
import { appendFeed } from './feed';

/**
 * The inactive unit complaints of unknown unit wait in (PUBLIC_INTAKE_UNIT), made on first
 * use and announced to every device like any unit, so the office's screens can name it.
 */
export async function ensureIntakeUnit(db: Executor, at: string): Promise<string> {
  const r = await db
    .insertInto('units')
    .values({
      id: PUBLIC_INTAKE_UNIT.id,
      name: PUBLIC_INTAKE_UNIT.name,
      kind: PUBLIC_INTAKE_UNIT.kind,
      sort_order: 100_000,
      active: 0,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  if (Number(r.numInsertedOrUpdatedRows ?? 0) === 1) {
    await appendFeed(db, {
      entity: 'unit',
      entityId: PUBLIC_INTAKE_UNIT.id,
      caseId: '',
      townId: EVERY_SCOPE,
      op: 'put',
      at,
    });
  }
  return PUBLIC_INTAKE_UNIT.id;
}

/** The active units a worker may choose from, in the office's order. */
export async function activeUnitNames(db: Executor): Promise<Array<{ id: string; name: string }>> {
  return db
    .selectFrom('units')
    .select(['id', 'name'])
    .where('active', '=', 1)
    .orderBy('sort_order')
    .execute();
}

/** A case as the public channel finds it: by number, and only if the mobile is one of its workers'. */
export async function caseIdByNumber(db: Executor, caseNo: string): Promise<string | null> {
  const row = await db
    .selectFrom('cases')
    .select('id')
    .where('case_no', '=', caseNo)
    .executeTakeFirst();
  return row?.id ?? null;
}

/** The insurer's due date of the case's approved (or paid) insurance advance, if any. */
export async function approvedInsuranceDueDate(
  db: Executor,
  caseId: string,
): Promise<string | null> {
  const row = await db
    .selectFrom('insurance_claims')
    .select('due_date')
    .where('case_id', '=', caseId)
    .where('status', 'in', ['approved', 'paid'])
    .where('due_date', 'is not', null)
    .orderBy('approved_at', 'desc')
    .executeTakeFirst();
  return row?.due_date ?? null;
}
