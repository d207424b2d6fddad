import type { Dashboard, Lang, Stage137 } from '@anxin/shared';
import { chinaDayStartMs, employerGroups, STAGES_137 } from '@anxin/shared';
import { z } from 'zod';
import type { AppDeps } from '../deps';
import {
  type ClockNow,
  countsByOutcome,
  countsByTownStatus,
  employerRows,
  type FigureCounts,
  type FigureFilter,
  figuresByTown,
  type TownFigures,
} from '../repositories/dashboard-figures';
import { type Actor, scopeOf } from '../repositories/scope';
import { dayParam, type PeriodFilter, parseQuery } from './query';

/**
 * The dashboard every role opens (GET /api/dashboard): totals, 1-3-7 compliance, outcomes
 * and repeat employers over the cases in the user's scope (office/admin: all). The office's
 * desk screen shows more beside these figures: see office-dashboard.ts. Each figure is
 * defined in docs/dashboard-figures.md and counted by the database
 * (repositories/dashboard-figures.ts).
 */

/** The filter of both dashboards: town, receipt date range (China calendar days, inclusive). */
export const dashboardFilterShape = {
  townId: z.string().max(32).optional(),
  from: dayParam.optional(),
  to: dayParam.optional(),
};

const dashboardQuerySchema = z.strictObject(dashboardFilterShape);

const DAY_MS = 86_400_000;

/** The cases a dashboard counts: the user's scope, narrowed by town and receipt period. */
export function figureFilter(actor: Actor, q: PeriodFilter): FigureFilter {
  return {
    scope: scopeOf(actor),
    townId: q.townId,
    receivedFrom:
      q.from === undefined ? undefined : new Date(chinaDayStartMs(q.from)).toISOString(),
    receivedBefore:
      q.to === undefined ? undefined : new Date(chinaDayStartMs(q.to) + DAY_MS).toISOString(),
  };
}

export function clockNow(deps: AppDeps): ClockNow {
  return { nowMs: deps.now().getTime(), config: deps.config.clock137 };
}

function zeroStages(): Record<Stage137, number> {
  return Object.fromEntries(STAGES_137.map((s) => [s, 0])) as Record<Stage137, number>;
}

/** The whole filter's counts: the per-town rows added up (a few rows, one per town). */
export function sumTowns(towns: readonly TownFigures[]): FigureCounts {
  const total: FigureCounts = {
    cases: 0,
    open: 0,
    resolved: 0,
    workersHelped: 0,
    owedFen: 0,
    recoveredFen: 0,
    unassigned: 0,
    awaitingReview: 0,
    firstActionMeasured: 0,
    firstActionOnTime: 0,
    byStage: zeroStages(),
  };
  for (const t of towns) {
    for (const k of Object.keys(total) as Array<keyof FigureCounts>) {
      if (k !== 'byStage') total[k] += t[k];
    }
    for (const s of STAGES_137) total.byStage[s] += t.byStage[s];
  }
  return total;
}

export interface DashboardParts {
  dashboard: Dashboard;
  towns: TownFigures[];
  total: FigureCounts;
}

/** The figures of GET /api/dashboard over a filter, and the per-town counts behind them. */
export async function dashboardParts(
  deps: AppDeps,
  f: FigureFilter,
  clock: ClockNow,
): Promise<DashboardParts> {
  const [towns, byTownStatus, outcomes, employers] = await Promise.all([
    figuresByTown(deps.db, f, clock),
    countsByTownStatus(deps.db, f),
    countsByOutcome(deps.db, f),
    employerRows(deps.db, f),
  ]);
  const total = sumTowns(towns);
  const s = total.byStage;
  const resolvedMeasured = s.resolved_on_time + s.resolved_late;
  const dashboard: Dashboard = {
    serverTime: new Date(clock.nowMs).toISOString(),
    totals: {
      cases: total.cases,
      open: total.open,
      resolved: total.resolved,
      workersHelped: total.workersHelped,
      owedFen: total.owedFen,
      recoveredFen: total.recoveredFen,
    },
    byTownStatus: byTownStatus.sort(
      (a, b) => a.townId.localeCompare(b.townId) || a.status.localeCompare(b.status),
    ),
    compliance137: {
      firstActionOnTime: total.firstActionOnTime,
      firstActionDue: s.first_action_due,
      warningNow: s.warning,
      overdueNow: s.overdue,
      resolvedOnTime: s.resolved_on_time,
      resolvedLate: s.resolved_late,
      firstActionOnTimeRate:
        total.firstActionMeasured === 0
          ? null
          : total.firstActionOnTime / total.firstActionMeasured,
      resolvedWithinDeadlineRate:
        resolvedMeasured === 0 ? null : s.resolved_on_time / resolvedMeasured,
    },
    byStage: s,
    outcomes,
    // Same employer: same credit code or same normalised name, followed through; the rows
    // come in receipt order, so ties of code and name go the same way every time.
    repeatEmployers: employerGroups(employers, 2)
      .slice(0, 20)
      .map((g) => ({ creditCode: g.creditCode, name: g.name, cases: g.cases.length })),
  };
  return { dashboard, towns, total };
}

/** GET /api/dashboard */
export async function dashboardFor(
  deps: AppDeps,
  actor: Actor,
  raw: Record<string, string>,
  lang: Lang,
): Promise<Dashboard> {
  const q = parseQuery(dashboardQuerySchema, raw, lang);
  return (await dashboardParts(deps, figureFilter(actor, q), clockNow(deps))).dashboard;
}
