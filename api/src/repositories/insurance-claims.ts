import type { InsuranceClaim, InsuranceClaimStatus } from '@anxin/shared';
import type { Executor, InsuranceClaimsTable } from '../db/schema';
import type { Scope } from './scope';

/** A claim carries its case's town: scope and the claims list filter on it. */
type ClaimRow = InsuranceClaimsTable & { town_id: string };

function rowToClaim(r: ClaimRow): InsuranceClaim {
  return {
    id: r.id,
    caseId: r.case_id,
    townId: r.town_id,
    status: r.status as InsuranceClaimStatus,
    amountFen: Number(r.amount_fen),
    comment: r.comment,
    startedBy: r.started_by,
    startedAt: r.started_at,
    approvedBy: r.approved_by,
    approvedAt: r.approved_at,
    agreementDate: r.agreement_date,
    dueDate: r.due_date,
    paidDate: r.paid_date,
  };
}

function claimQuery(db: Executor) {
  return db
    .selectFrom('insurance_claims')
    .innerJoin('cases', 'cases.id', 'insurance_claims.case_id')
    .selectAll('insurance_claims')
    .select('cases.town_id');
}

export async function findClaim(db: Executor, id: string): Promise<InsuranceClaim | null> {
  const r = await claimQuery(db).where('insurance_claims.id', '=', id).executeTakeFirst();
  return r ? rowToClaim(r) : null;
}

export async function insertClaim(db: Executor, c: InsuranceClaim): Promise<void> {
  await db
    .insertInto('insurance_claims')
    .values({
      id: c.id,
      case_id: c.caseId,
      status: c.status,
      amount_fen: c.amountFen,
      comment: c.comment,
      started_by: c.startedBy,
      started_at: c.startedAt,
      approved_by: c.approvedBy,
      approved_at: c.approvedAt,
      agreement_date: c.agreementDate,
      due_date: c.dueDate,
      paid_date: c.paidDate,
    })
    .execute();
}

export async function updateClaim(db: Executor, c: InsuranceClaim): Promise<void> {
  await db
    .updateTable('insurance_claims')
    .set({
      status: c.status,
      comment: c.comment,
      approved_by: c.approvedBy,
      approved_at: c.approvedAt,
      agreement_date: c.agreementDate,
      due_date: c.dueDate,
      paid_date: c.paidDate,
    })
    .where('id', '=', c.id)
    .execute();
}

export async function openClaimOfCase(
  db: Executor,
  caseId: string,
): Promise<InsuranceClaim | null> {
  const r = await claimQuery(db)
    .where('insurance_claims.case_id', '=', caseId)
    .where('insurance_claims.status', '!=', 'paid')
    .executeTakeFirst();
  return r ? rowToClaim(r) : null;
}

export async function listClaims(
  db: Executor,
  scope: Scope,
  f: { townId?: string; status?: InsuranceClaimStatus } = {},
): Promise<InsuranceClaim[]> {
  let q = claimQuery(db);
  if (!scope.all) {
    if (scope.townIds.length === 0) return [];
    q = q.where('cases.town_id', 'in', [...scope.townIds]);
  }
  if (f.townId !== undefined) q = q.where('cases.town_id', '=', f.townId);
  if (f.status !== undefined) q = q.where('insurance_claims.status', '=', f.status);
  const rows = await q.orderBy('insurance_claims.started_at', 'desc').execute();
  return rows.map(rowToClaim);
}
