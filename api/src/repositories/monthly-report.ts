import { sql } from 'kysely';
import type { Executor } from '../db/schema';
import type { Scope } from './scope';

/** One dispatch unit's line of the monthly report (月度报表). Money in fen. */
export interface MonthlyUnitFigures {
  unitId: string;
  unitName: string;
  received: number;
  resolvedOnTime: number;
  resolvedLate: number;
  transferred: number;
  recoveredFen: number;
  workers: number;
}

export interface MonthlyReportQuery {
  /** First instant of the month (inclusive), ISO UTC as stored. */
  fromIso: string;
  /** First instant of the next month (exclusive). */
  toIso: string;
  /** The 1-3-7 resolve limit: resolved within it is on time (clock137 resolved_on_time). */
  resolveMs: number;
  /** Only this unit (the export's townId filter). */
  unitId?: string | undefined;
}

/**
 * The figures per unit over the cases received in [fromIso, toIso), one GROUP BY over units
 * LEFT JOIN cases so a unit with no case still has its line. Cases folded into another by
 * case.merge are left out (the group case counts for them). Active units always appear; an
 * inactive one only when it has cases that month (its old cases still have to be reported).
 * Definitions in docs/api.md ("Monthly report").
 */
export async function monthlyFiguresByUnit(
  db: Executor,
  scope: Scope,
  q: MonthlyReportQuery,
): Promise<MonthlyUnitFigures[]> {
  let query = db
    .selectFrom('units as u')
    .leftJoin('cases as c', (join) =>
      join
        .onRef('c.town_id', '=', 'u.id')
        .on('c.received_at', '>=', q.fromIso)
        .on('c.received_at', '<', q.toIso)
        .on(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('case_links as l')
                .select('l.case_id')
                .whereRef('l.case_id', '=', 'c.id')
                .where('l.kind', '=', 'merged'),
            ),
          ),
        ),
    )
    .select([
      'u.id as unit_id',
      'u.name as unit_name',
      sql<number | string>`count(c.id)`.as('received'),
      sql<
        number | string
      >`coalesce(sum(case when c.resolved_at is not null and c.resolve_elapsed_ms <= ${q.resolveMs} then 1 else 0 end), 0)`.as(
        'resolved_on_time',
      ),
      sql<
        number | string
      >`coalesce(sum(case when c.resolved_at is not null and c.resolve_elapsed_ms > ${q.resolveMs} then 1 else 0 end), 0)`.as(
        'resolved_late',
      ),
      sql<
        number | string
      >`coalesce(sum(case when c.resolved_at is null and c.outcome in ('transferred_arbitration', 'transferred_enforcement') then 1 else 0 end), 0)`.as(
        'transferred',
      ),
      sql<number | string>`coalesce(sum(c.recovered_fen), 0)`.as('recovered_fen'),
      sql<number | string>`coalesce(sum(c.workers_count), 0)`.as('workers'),
    ])
    .groupBy(['u.id', 'u.name', 'u.sort_order', 'u.active'])
    .having(sql<boolean>`u.active = 1 or count(c.id) > 0`)
    .orderBy('u.sort_order')
    .orderBy('u.id');
  if (!scope.all) {
    if (scope.townIds.length === 0) return [];
    query = query.where('u.id', 'in', [...scope.townIds]);
  }
  if (q.unitId !== undefined) query = query.where('u.id', '=', q.unitId);
  const rows = await query.execute();
  // PostgreSQL answers count and sum of bigint as text: one Number() for both dialects.
  return rows.map((r) => ({
    unitId: r.unit_id,
    unitName: r.unit_name,
    received: Number(r.received),
    resolvedOnTime: Number(r.resolved_on_time),
    resolvedLate: Number(r.resolved_late),
    transferred: Number(r.transferred),
    recoveredFen: Number(r.recovered_fen),
    workers: Number(r.workers),
  }));
}
