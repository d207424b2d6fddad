import type { Lang, OfficeDashboard, TownRow, WeekPoint } from '@anxin/shared';
import { chinaDate, chinaDayStartMs, isClaimLate, mondayOf } from '@anxin/shared';
import { z } from 'zod';
import type { AppDeps } from '../deps';
import { claimIdsFiltered, weeklyCounts } from '../repositories/dashboard-figures';
import { listClaims } from '../repositories/insurance-claims';
import { satisfactionByUnit } from '../repositories/ratings';
import { type Actor, scopeOf } from '../repositories/scope';
import { clockNow, dashboardFilterShape, dashboardParts, figureFilter } from './dashboard';
import { parseQuery } from './query';

/**
 * The office's desk dashboard (GET /api/office/dashboard): the figures of the dashboard every
 * role opens (dashboard.ts, same filter) plus what the office screen shows beside them.
 * Definitions: docs/dashboard-figures.md.
 */

const querySchema = z.strictObject({
  ...dashboardFilterShape,
  weeks: z.coerce.number().int().min(1).max(104).optional(),
});

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

function weeksBetween(first: string, last: string): string[] {
  const out: string[] = [];
  for (
    let ms = Date.parse(`${first}T00:00:00Z`);
    ms <= Date.parse(`${last}T00:00:00Z`);
    ms += WEEK_MS
  ) {
    out.push(new Date(ms).toISOString().slice(0, 10));
  }
  return out;
}

/**
 * GET /api/office/dashboard — GET /api/dashboard's figures plus a per-town table, the weekly
 * trend, queues, and insurance claims (late ones listed). Weekly: cases received in the
 * week, and of those same cases the ones resolved and money recovered in the week they were
 * resolved.
 */
export async function officeDashboard(
  deps: AppDeps,
  actor: Actor,
  raw: Record<string, string>,
  lang: Lang,
): Promise<OfficeDashboard> {
  const q = parseQuery(querySchema, raw, lang);
  const clock = clockNow(deps);
  const filter = figureFilter(actor, q);
  const { dashboard, towns, total } = await dashboardParts(deps, filter, clock);

  const byTown: TownRow[] = towns.map((t) => ({
    townId: t.townId,
    cases: t.cases,
    open: t.open,
    warning: t.byStage.warning,
    overdue: t.byStage.overdue,
    resolved: t.resolved,
    workersHelped: t.workersHelped,
    recoveredFen: t.recoveredFen,
  }));

  const lastWeek = mondayOf(q.to ?? chinaDate(clock.nowMs));
  const firstWeek = q.from
    ? mondayOf(q.from)
    : new Date(Date.parse(`${lastWeek}T00:00:00Z`) - ((q.weeks ?? 12) - 1) * WEEK_MS)
        .toISOString()
        .slice(0, 10);
  const shown = weeksBetween(firstWeek, lastWeek);
  const counted = new Map(
    (
      await weeklyCounts(deps.db, deps.dialect, filter, {
        fromInstant: new Date(chinaDayStartMs(firstWeek)).toISOString(),
        beforeInstant: new Date(chinaDayStartMs(lastWeek) + WEEK_MS).toISOString(),
      })
    ).map((w) => [w.weekOf, w]),
  );
  const weekly: WeekPoint[] = shown.map(
    (w) => counted.get(w) ?? { weekOf: w, received: 0, resolved: 0, recoveredFen: 0 },
  );

  // Claims are few and their list is part of the answer: counted from that list.
  const today = chinaDate(clock.nowMs);
  const claimIds = await claimIdsFiltered(deps.db, filter);
  const claims = (await listClaims(deps.db, scopeOf(actor)))
    .filter((cl) => claimIds.has(cl.id))
    .map((cl) => ({ ...cl, late: isClaimLate(cl, today) }));

  // Ratings are counted by when the worker gave them, in the same China-calendar days.
  const satisfaction = (
    await satisfactionByUnit(deps.db, scopeOf(actor), {
      ...(q.from !== undefined && { from: new Date(chinaDayStartMs(q.from)).toISOString() }),
      ...(q.to !== undefined && { to: new Date(chinaDayStartMs(q.to) + DAY_MS).toISOString() }),
    })
  ).filter((u) => q.townId === undefined || u.unitId === q.townId);

  return {
    ...dashboard,
    resolutionRate: total.cases === 0 ? null : total.resolved / total.cases,
    unassigned: total.unassigned,
    awaitingReview: total.awaitingReview,
    byTown,
    weekly,
    insurance: {
      started: claims.filter((c) => c.status === 'started').length,
      approved: claims.filter((c) => c.status === 'approved').length,
      paid: claims.filter((c) => c.status === 'paid').length,
      late: claims.filter((c) => c.late).length,
      lateClaims: claims.filter((c) => c.late),
    },
    satisfaction,
  };
}
