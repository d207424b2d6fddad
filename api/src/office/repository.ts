import type { AuditEntry, InsuranceClaim, InsuranceClaimStatus, VisitPlan } from '@anxin/shared';
import type { Executor } from '../db/schema';
import type { Scope } from '../repositories/scope';
import { type InsuranceClaimsTable, officeDb, type VisitPlansTable } from './tables';

function rowToPlan(r: VisitPlansTable): VisitPlan {
  return {
    id: r.id,
    inspectorId: r.inspector_id,
    weekOf: r.week_of,
    visits: JSON.parse(r.visits) as VisitPlan['visits'],
    caseIds: JSON.parse(r.case_ids) as string[],
    note: r.note,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function planToRow(p: VisitPlan): VisitPlansTable {
  return {
    id: p.id,
    inspector_id: p.inspectorId,
    week_of: p.weekOf,
    visits: JSON.stringify(p.visits),
    case_ids: JSON.stringify(p.caseIds),
    note: p.note,
    version: p.version,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
  };
}

export async function findPlan(db: Executor, id: string): Promise<VisitPlan | null> {
  const r = await officeDb(db)
    .selectFrom('visit_plans')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return r ? rowToPlan(r) : null;
}

export async function savePlan(db: Executor, p: VisitPlan, isNew: boolean): Promise<void> {
  const row = planToRow(p);
  if (isNew) {
    await officeDb(db).insertInto('visit_plans').values(row).execute();
    return;
  }
  const { id: _id, ...rest } = row;
  await officeDb(db).updateTable('visit_plans').set(rest).where('id', '=', p.id).execute();
}

export async function listPlans(
  db: Executor,
  f: { weekOf?: string; inspectorId?: string },
): Promise<VisitPlan[]> {
  let q = officeDb(db).selectFrom('visit_plans').selectAll();
  if (f.weekOf !== undefined) q = q.where('week_of', '=', f.weekOf);
  if (f.inspectorId !== undefined) q = q.where('inspector_id', '=', f.inspectorId);
  const rows = await q.orderBy('week_of', 'desc').orderBy('id').limit(200).execute();
  return rows.map(rowToPlan);
}

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
  return officeDb(db)
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
  await officeDb(db)
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
  await officeDb(db)
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

export interface CaseLink {
  caseId: string;
  otherId: string;
  kind: 'linked' | 'merged';
  createdBy: string;
  createdAt: string;
}

export async function insertLink(db: Executor, l: CaseLink): Promise<void> {
  await officeDb(db)
    .insertInto('case_links')
    .values({
      case_id: l.caseId,
      other_id: l.otherId,
      kind: l.kind,
      created_by: l.createdBy,
      created_at: l.createdAt,
    })
    .onConflict((oc) => oc.columns(['case_id', 'other_id']).doUpdateSet({ kind: l.kind }))
    .execute();
}

/** Links touching any of the cases, in either direction. */
export async function linksOf(db: Executor, caseIds: readonly string[]): Promise<CaseLink[]> {
  const ids = [...new Set(caseIds)];
  if (ids.length === 0) return [];
  const out: CaseLink[] = [];
  for (let i = 0; i < ids.length; i += 400) {
    const chunk = ids.slice(i, i + 400);
    const rows = await officeDb(db)
      .selectFrom('case_links')
      .selectAll()
      .where((eb) => eb.or([eb('case_id', 'in', chunk), eb('other_id', 'in', chunk)]))
      .execute();
    for (const r of rows) {
      out.push({
        caseId: r.case_id,
        otherId: r.other_id,
        kind: r.kind as CaseLink['kind'],
        createdBy: r.created_by,
        createdAt: r.created_at,
      });
    }
  }
  return out;
}

/** Cases folded into another by case.merge: they are no longer work of their own. */
export async function mergedCaseIds(db: Executor): Promise<Set<string>> {
  const rows = await officeDb(db)
    .selectFrom('case_links')
    .select('case_id')
    .where('kind', '=', 'merged')
    .execute();
  return new Set(rows.map((r) => r.case_id));
}

export async function insertAudit(db: Executor, e: AuditEntry): Promise<void> {
  await officeDb(db)
    .insertInto('audit_log')
    .values({
      id: e.id,
      at: e.at,
      actor_id: e.actorId,
      actor_name: e.actorName,
      action: e.action,
      detail: JSON.stringify(e.detail),
    })
    .execute();
}

export async function listAudit(db: Executor, limit = 100): Promise<AuditEntry[]> {
  const rows = await officeDb(db)
    .selectFrom('audit_log')
    .selectAll()
    .orderBy('at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actorId: r.actor_id,
    actorName: r.actor_name,
    action: r.action,
    detail: JSON.parse(r.detail) as Record<string, unknown>,
  }));
}
