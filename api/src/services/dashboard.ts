import type { Case, CaseOutcome, CaseStatus, Dashboard, Lang, Stage137 } from '@anxin/shared';
import { clock137, employerGroups, OPEN_STATUSES } from '@anxin/shared';
import { z } from 'zod';
import type { AppDeps } from '../deps';
import { allCasesInScope } from '../repositories/cases';
import { type Actor, scopeOf } from '../repositories/scope';
import { dayParam, inPeriod, type PeriodFilter, parseQuery } from './query';

/**
 * The dashboard every role opens (GET /api/dashboard): totals, 1-3-7 compliance, outcomes
 * and repeat employers over the cases in the user's scope (office/admin: all). The office's
 * desk screen shows more beside these figures: see office-dashboard.ts.
 */

/** The filter of both dashboards: town, receipt date range (China calendar days, inclusive). */
export const dashboardFilterShape = {
  townId: z.string().max(32).optional(),
  from: dayParam.optional(),
  to: dayParam.optional(),
};

const dashboardQuerySchema = z.strictObject(dashboardFilterShape);

/** The cases a dashboard counts: the user's scope, narrowed by town and receipt period. */
export async function casesInPeriod(deps: AppDeps, actor: Actor, q: PeriodFilter): Promise<Case[]> {
  return (await allCasesInScope(deps.db, scopeOf(actor))).filter((c) => inPeriod(c, q));
}

/** GET /api/dashboard */
export async function dashboardFor(
  deps: AppDeps,
  actor: Actor,
  raw: Record<string, string>,
  lang: Lang,
): Promise<Dashboard> {
  const q = parseQuery(dashboardQuerySchema, raw, lang);
  return dashboardFigures(deps, await casesInPeriod(deps, actor, q));
}

/**
 * The figures over a set of cases. "Resolved" counts resolved and closed cases; workers
 * helped is the workers of those cases.
 */
export function dashboardFigures(deps: AppDeps, cases: readonly Case[]): Dashboard {
  const nowMs = deps.now().getTime();
  const byTownStatus = new Map<string, number>();
  const byStage: Record<Stage137, number> = {
    first_action_due: 0,
    on_time: 0,
    warning: 0,
    overdue: 0,
    resolved_on_time: 0,
    resolved_late: 0,
    not_counted: 0,
  };
  const outcomes: Partial<Record<CaseOutcome, number>> = {};
  let firstActionOnTime = 0;
  let firstActionMeasured = 0;
  let resolved = 0;
  let workersHelped = 0;
  let owedFen = 0;
  let recoveredFen = 0;

  for (const c of cases) {
    const key = `${c.townId}\u0000${c.status}`;
    byTownStatus.set(key, (byTownStatus.get(key) ?? 0) + 1);
    const clock = clock137(c, nowMs, deps.config.clock137);
    byStage[clock.stage]++;
    if (c.firstActionAt !== null || clock.firstActionLate) {
      firstActionMeasured++;
      if (!clock.firstActionLate) firstActionOnTime++;
    }
    owedFen += c.claimants.reduce((s, cl) => s + cl.owedFen, 0);
    recoveredFen += c.recoveredFen;
    if (c.status === 'resolved' || c.status === 'closed') {
      resolved++;
      workersHelped += c.workersCount;
    }
    if (c.outcome) outcomes[c.outcome] = (outcomes[c.outcome] ?? 0) + 1;
  }
  // Same employer: same credit code or same normalised name (one employer is often filed
  // under several codes, or none). By receipt, so ties of code and name go the same way.
  const byReceipt = [...cases].sort(
    (a, b) =>
      Date.parse(a.receivedAt) - Date.parse(b.receivedAt) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const resolvedMeasured = byStage.resolved_on_time + byStage.resolved_late;
  return {
    serverTime: new Date(nowMs).toISOString(),
    totals: {
      cases: cases.length,
      open: cases.filter((c) => OPEN_STATUSES.includes(c.status) && c.resolvedAt === null).length,
      resolved,
      workersHelped,
      owedFen,
      recoveredFen,
    },
    byTownStatus: [...byTownStatus.entries()]
      .map(([k, count]) => {
        const [townId, status] = k.split('\u0000') as [string, CaseStatus];
        return { townId, status, count };
      })
      .sort((a, b) => a.townId.localeCompare(b.townId) || a.status.localeCompare(b.status)),
    compliance137: {
      firstActionOnTime,
      firstActionDue: byStage.first_action_due,
      warningNow: byStage.warning,
      overdueNow: byStage.overdue,
      resolvedOnTime: byStage.resolved_on_time,
      resolvedLate: byStage.resolved_late,
      firstActionOnTimeRate:
        firstActionMeasured === 0 ? null : firstActionOnTime / firstActionMeasured,
      resolvedWithinDeadlineRate:
        resolvedMeasured === 0 ? null : byStage.resolved_on_time / resolvedMeasured,
    },
    byStage,
    outcomes,
    repeatEmployers: employerGroups(byReceipt, 2)
      .slice(0, 20)
      .map((g) => ({
        creditCode: g.creditCode,
        name: g.name,
        cases: g.cases.length,
      })),
  };
}
