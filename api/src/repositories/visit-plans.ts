import type { VisitPlan } from '@anxin/shared';
import type { Executor, VisitPlansTable } from '../db/schema';

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
  const r = await db.selectFrom('visit_plans').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? rowToPlan(r) : null;
}

export async function savePlan(db: Executor, p: VisitPlan, isNew: boolean): Promise<void> {
  const row = planToRow(p);
  if (isNew) {
    await db.insertInto('visit_plans').values(row).execute();
    return;
  }
  const { id: _id, ...rest } = row;
  await db.updateTable('visit_plans').set(rest).where('id', '=', p.id).execute();
}

export async function listPlans(
  db: Executor,
  f: { weekOf?: string; inspectorId?: string },
): Promise<VisitPlan[]> {
  let q = db.selectFrom('visit_plans').selectAll();
  if (f.weekOf !== undefined) q = q.where('week_of', '=', f.weekOf);
  if (f.inspectorId !== undefined) q = q.where('inspector_id', '=', f.inspectorId);
  const rows = await q.orderBy('week_of', 'desc').orderBy('id').limit(200).execute();
  return rows.map(rowToPlan);
}
