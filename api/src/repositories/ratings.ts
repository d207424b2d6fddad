import type { PublicRating, UnitSatisfaction } from '@anxin/shared';
import { PUBLIC_RATINGS } from '@anxin/shared';
import type { Executor } from '../db/schema';
import type { Scope } from './scope';

export interface CaseRatingRecord {
  caseId: string;
  rating: PublicRating;
  comment: string | null;
  createdAt: string;
}

/** Stores a case's rating if it has none yet (the primary key): whether this call stored it. */
export async function insertRating(db: Executor, r: CaseRatingRecord): Promise<boolean> {
  const res = await db
    .insertInto('case_ratings')
    .values({ case_id: r.caseId, rating: r.rating, comment: r.comment, created_at: r.createdAt })
    .onConflict((oc) => oc.column('case_id').doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function ratingOfCase(db: Executor, caseId: string): Promise<CaseRatingRecord | null> {
  const row = await db
    .selectFrom('case_ratings')
    .selectAll()
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  return row
    ? {
        caseId: row.case_id,
        rating: row.rating as PublicRating,
        comment: row.comment,
        createdAt: row.created_at,
      }
    : null;
}

/**
 * 满意率 by unit: the ratings of cases in scope, counted by the unit the case is in now,
 * for ratings given in [from, to) (ISO instants; either may be left open).
 */
export async function satisfactionByUnit(
  db: Executor,
  scope: Scope,
  period: { from?: string; to?: string },
): Promise<UnitSatisfaction[]> {
  let q = db
    .selectFrom('case_ratings')
    .innerJoin('cases', 'cases.id', 'case_ratings.case_id')
    .select((eb) => [
      'cases.town_id as unitId',
      'case_ratings.rating as rating',
      eb.fn.countAll<number>().as('n'),
    ])
    .groupBy(['cases.town_id', 'case_ratings.rating']);
  if (!scope.all) {
    if (scope.townIds.length === 0) return [];
    q = q.where('cases.town_id', 'in', [...scope.townIds]);
  }
  if (period.from !== undefined) q = q.where('case_ratings.created_at', '>=', period.from);
  if (period.to !== undefined) q = q.where('case_ratings.created_at', '<', period.to);
  const byUnit = new Map<string, UnitSatisfaction>();
  for (const r of await q.execute()) {
    const u = byUnit.get(r.unitId) ?? {
      unitId: r.unitId,
      satisfied: 0,
      mostly: 0,
      unsatisfied: 0,
      total: 0,
      rate: null,
    };
    if ((PUBLIC_RATINGS as readonly string[]).includes(r.rating)) {
      u[r.rating as PublicRating] += Number(r.n);
      u.total += Number(r.n);
    }
    byUnit.set(r.unitId, u);
  }
  return [...byUnit.values()]
    .map((u) => ({ ...u, rate: u.total === 0 ? null : (u.satisfied + u.mostly) / u.total }))
    .sort((a, b) => a.unitId.localeCompare(b.unitId));
}
