import type { CaseOutcome, CaseStatus, Clock137Config, Employer, Stage137 } from '@anxin/shared';
import {
  FINAL_STATUSES_137,
  OPEN_STATUSES,
  REVIEW_QUEUE_STATUSES,
  STAGES_137,
  stageBounds,
} from '@anxin/shared';
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Database, Dialect, Executor } from '../db/schema';
import { casesInScopeQuery, stageCondition } from './cases';
import type { Scope } from './scope';

/**
 * The dashboards' figures, counted by the database (docs/dashboard-figures.md defines each
 * one and names its condition here). Every query starts from the cases list's scope filter
 * (`casesInScopeQuery`) and the same receipt period, so a figure and the list it summarises
 * count the same cases.
 */

/** Which cases a figure counts: the reader's scope, a town, a receipt period [from, before). */
export interface FigureFilter {
  scope: Scope;
  townId?: string | undefined;
  /** ISO instants (`toISOString()`), compared as text with the stored received_at. */
  receivedFrom?: string | undefined;
  receivedBefore?: string | undefined;
}

/** Server time and the configured limits: the 1-3-7 edges are instants worked out from them. */
export interface ClockNow {
  nowMs: number;
  config: Clock137Config;
}

type Eb = ExpressionBuilder<Database, 'cases'>;
type Cond = (eb: Eb) => Expression<SqlBool>;

const HOUR_MS = 3600_000;

function filtered(db: Executor, f: FigureFilter) {
  let q = casesInScopeQuery(db, f.scope);
  if (!q) return null;
  if (f.townId !== undefined) q = q.where('town_id', '=', f.townId);
  if (f.receivedFrom !== undefined) q = q.where('received_at', '>=', f.receivedFrom);
  if (f.receivedBefore !== undefined) q = q.where('received_at', '<', f.receivedBefore);
  return q;
}

/** SUM(CASE WHEN cond THEN 1 ELSE 0 END); literals inlined so PostgreSQL knows their type. */
function countWhen(eb: Eb, cond: Expression<SqlBool>) {
  return eb.fn.sum<number | string | null>(
    eb.case().when(cond).then(eb.lit(1)).else(eb.lit(0)).end(),
  );
}

function sumWhen(eb: Eb, cond: Expression<SqlBool>, column: 'workers_count') {
  return eb.fn.sum<number | string | null>(
    eb.case().when(cond).then(eb.ref(column)).else(eb.lit(0)).end(),
  );
}

/** PostgreSQL answers SUM(bigint) as numeric (a string); an empty SUM is NULL. */
const num = (v: number | string | null | undefined): number => (v == null ? 0 : Number(v));

/** 已化解: resolved here (awaiting review or approved): a resolution time and status. */
export const isResolvedCase: Cond = (eb) =>
  eb.and([eb('resolved_at', 'is not', null), eb('status', 'in', ['resolved', 'closed'])]);

/** 在办: not closed and not resolved (transferred cases wait for review, so they are open). */
export const isOpenCase: Cond = (eb) =>
  eb.and([eb('status', 'in', [...OPEN_STATUSES]), eb('resolved_at', 'is', null)]);

/** 待审核: what the review queue lists (REVIEW_QUEUE_STATUSES). */
export const isAwaitingReview: Cond = (eb) => eb('status', 'in', [...REVIEW_QUEUE_STATUSES]);

/** 待分派: received by the office, not yet given to a town. */
export const isUnassigned: Cond = (eb) => eb('status', '=', 'received');

/**
 * The first action (firstActionAt, else resolvedAt: first_action_elapsed_ms) came within
 * firstActionHours of receipt: clock137's `firstActionLate` false with a first action.
 */
function firstActionOnTime(clock: ClockNow): Cond {
  const limit = clock.config.firstActionHours * HOUR_MS;
  return (eb) =>
    eb.and([
      eb('first_action_elapsed_ms', 'is not', null),
      eb('first_action_elapsed_ms', '<=', limit),
    ]);
}

/**
 * The first action can be judged: it happened, or it is late already (none, the clock still
 * runs, now ≥ receivedAt + firstActionHours). A case that left the clock (closed or
 * transferred) without one never had it due.
 */
function firstActionMeasured(clock: ClockNow): Cond {
  const edge = new Date(clock.nowMs - clock.config.firstActionHours * HOUR_MS).toISOString();
  return (eb) =>
    eb.or([
      eb('first_action_elapsed_ms', 'is not', null),
      eb.and([eb('status', 'not in', [...FINAL_STATUSES_137]), eb('received_at', '<=', edge)]),
    ]);
}

export interface FigureCounts {
  cases: number;
  open: number;
  resolved: number;
  workersHelped: number;
  owedFen: number;
  recoveredFen: number;
  unassigned: number;
  awaitingReview: number;
  firstActionMeasured: number;
  firstActionOnTime: number;
  byStage: Record<Stage137, number>;
}

export type TownFigures = FigureCounts & { townId: string };

const stageColumn = (s: Stage137) => `stage_${s}` as const;

/**
 * The counts of every case figure per town, in one GROUP BY town_id. A stage's count is the
 * case list's stage filter (`stageCondition` over `stageBounds`), so the dashboard's 已超期
 * and the list filtered to overdue are the same cases.
 */
export async function figuresByTown(
  db: Executor,
  f: FigureFilter,
  clock: ClockNow,
): Promise<TownFigures[]> {
  const q = filtered(db, f);
  if (!q) return [];
  const rows = await q
    .select((eb) => [
      'town_id',
      eb.fn.countAll<number | string>().as('cases'),
      countWhen(eb, isOpenCase(eb)).as('open'),
      countWhen(eb, isResolvedCase(eb)).as('resolved'),
      sumWhen(eb, isResolvedCase(eb), 'workers_count').as('workers_helped'),
      eb.fn.sum<number | string | null>('owed_fen').as('owed_fen'),
      eb.fn.sum<number | string | null>('recovered_fen').as('recovered_fen'),
      countWhen(eb, isUnassigned(eb)).as('unassigned'),
      countWhen(eb, isAwaitingReview(eb)).as('awaiting_review'),
      countWhen(eb, firstActionMeasured(clock)(eb)).as('first_measured'),
      countWhen(eb, firstActionOnTime(clock)(eb)).as('first_on_time'),
      ...STAGES_137.map((s) =>
        countWhen(eb, stageCondition(eb, stageBounds(s, clock.nowMs, clock.config))).as(
          stageColumn(s),
        ),
      ),
    ])
    .groupBy('town_id')
    .execute();
  return rows
    .map((r) => {
      const row = r as unknown as Record<string, number | string | null>;
      return {
        townId: r.town_id,
        cases: num(r.cases),
        open: num(r.open),
        resolved: num(r.resolved),
        workersHelped: num(r.workers_helped),
        owedFen: num(r.owed_fen),
        recoveredFen: num(r.recovered_fen),
        unassigned: num(r.unassigned),
        awaitingReview: num(r.awaiting_review),
        firstActionMeasured: num(r.first_measured),
        firstActionOnTime: num(r.first_on_time),
        byStage: Object.fromEntries(STAGES_137.map((s) => [s, num(row[stageColumn(s)])])) as Record<
          Stage137,
          number
        >,
      };
    })
    .sort((a, b) => (a.townId < b.townId ? -1 : a.townId > b.townId ? 1 : 0));
}

/** Cases per (town, status): GROUP BY town_id, status. */
export async function countsByTownStatus(
  db: Executor,
  f: FigureFilter,
): Promise<Array<{ townId: string; status: CaseStatus; count: number }>> {
  const q = filtered(db, f);
  if (!q) return [];
  const rows = await q
    .select((eb) => ['town_id', 'status', eb.fn.countAll<number | string>().as('n')])
    .groupBy(['town_id', 'status'])
    .execute();
  return rows.map((r) => ({
    townId: r.town_id,
    status: r.status as CaseStatus,
    count: num(r.n),
  }));
}

/** Cases per recorded outcome (cases without one are not counted): GROUP BY outcome. */
export async function countsByOutcome(
  db: Executor,
  f: FigureFilter,
): Promise<Partial<Record<CaseOutcome, number>>> {
  const q = filtered(db, f);
  if (!q) return {};
  const rows = await q
    .where('outcome', 'is not', null)
    .select((eb) => ['outcome', eb.fn.countAll<number | string>().as('n')])
    .groupBy('outcome')
    .execute();
  const out: Partial<Record<CaseOutcome, number>> = {};
  for (const r of rows) out[r.outcome as CaseOutcome] = num(r.n);
  return out;
}

/**
 * The Monday (China calendar) of the week an instant column falls in, as 'YYYY-MM-DD'.
 * China is UTC+8 all year, so the local day is the UTC instant plus 8 hours on both dialects.
 * SQLite: 'weekday 0' moves forward to Sunday (staying on a Sunday), six days back is Monday.
 * PostgreSQL: date_trunc('week') is the ISO week, which starts on Monday.
 */
function chinaWeekOf(dialect: Dialect, column: 'received_at' | 'resolved_at') {
  const col = sql.ref(column);
  return dialect === 'postgres'
    ? sql<string>`to_char(date_trunc('week', (${col}::timestamptz at time zone 'UTC') + interval '8 hours'), 'YYYY-MM-DD')`
    : sql<string>`date(${col}, '+8 hours', 'weekday 0', '-6 days')`;
}

export interface WeekCounts {
  weekOf: string;
  received: number;
  resolved: number;
  recoveredFen: number;
}

/**
 * Per China week in [fromInstant, beforeInstant): cases received (by received_at), and of the
 * same cases (the filter is on receipt) those resolved (isResolvedCase, by resolved_at) and
 * the money they recovered. Weeks with nothing in them are not returned.
 */
export async function weeklyCounts(
  db: Executor,
  dialect: Dialect,
  f: FigureFilter,
  weeks: { fromInstant: string; beforeInstant: string },
): Promise<WeekCounts[]> {
  const base = filtered(db, f);
  if (!base) return [];
  const received = await base
    .where('received_at', '>=', weeks.fromInstant)
    .where('received_at', '<', weeks.beforeInstant)
    .select((eb) => [
      chinaWeekOf(dialect, 'received_at').as('week_of'),
      eb.fn.countAll<number | string>().as('n'),
    ])
    .groupBy(chinaWeekOf(dialect, 'received_at'))
    .execute();
  const resolved = await base
    .where(isResolvedCase)
    .where('resolved_at', '>=', weeks.fromInstant)
    .where('resolved_at', '<', weeks.beforeInstant)
    .select((eb) => [
      chinaWeekOf(dialect, 'resolved_at').as('week_of'),
      eb.fn.countAll<number | string>().as('n'),
      eb.fn.sum<number | string | null>('recovered_fen').as('recovered'),
    ])
    .groupBy(chinaWeekOf(dialect, 'resolved_at'))
    .execute();
  const out = new Map<string, WeekCounts>();
  const at = (w: string) => {
    let row = out.get(w);
    if (!row) {
      row = { weekOf: w, received: 0, resolved: 0, recoveredFen: 0 };
      out.set(w, row);
    }
    return row;
  };
  for (const r of received) at(r.week_of).received = num(r.n);
  for (const r of resolved) {
    const row = at(r.week_of);
    row.resolved = num(r.n);
    row.recoveredFen = num(r.recovered);
  }
  return [...out.values()];
}

/**
 * The narrow rows repeat employers are grouped from: the grouping follows shared codes and
 * normalised names through (shared/src/domain/employers.ts), which SQL cannot do exactly,
 * so only (id, employer, receivedAt) leave the database, in receipt order.
 */
export async function employerRows(
  db: Executor,
  f: FigureFilter,
): Promise<Array<{ id: string; employer: Employer; receivedAt: string }>> {
  const q = filtered(db, f);
  if (!q) return [];
  const rows = await q.select(['id', 'employer', 'received_at']).execute();
  // Sorted here, not by ORDER BY: PostgreSQL's collation may order ids differently from JS.
  return rows
    .map((r) => ({
      id: r.id,
      employer: JSON.parse(r.employer) as Employer,
      receivedAt: r.received_at,
    }))
    .sort(
      (a, b) =>
        Date.parse(a.receivedAt) - Date.parse(b.receivedAt) ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
}

/** The insurance claims on the cases the filter counts: their ids, by a join on the case. */
export async function claimIdsFiltered(db: Executor, f: FigureFilter): Promise<Set<string>> {
  const q = filtered(db, f);
  if (!q) return new Set();
  const rows = await q
    .innerJoin('insurance_claims', 'insurance_claims.case_id', 'cases.id')
    .select('insurance_claims.id as claim_id')
    .execute();
  return new Set(rows.map((r) => r.claim_id));
}
