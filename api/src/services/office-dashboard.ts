import type { Case, Lang, OfficeDashboard, TownRow, WeekPoint } from '@anxin/shared';
import { chinaDate, clock137, isClaimLate, mondayOf, OPEN_STATUSES } from '@anxin/shared';
import { z } from 'zod';
import type { AppDeps } from '../deps';
import { listClaims } from '../repositories/insurance-claims';
import { type Actor, scopeOf } from '../repositories/scope';
import { casesInPeriod, dashboardFigures, dashboardFilterShape } from './dashboard';
import { parseQuery } from './query';

/**
 * The office's desk dashboard (GET /api/office/dashboard): the figures of the dashboard every
 * role opens (dashboard.ts, same filter) plus what the office screen shows beside them.
 */

const querySchema = z.strictObject({
  ...dashboardFilterShape,
  weeks: z.coerce.number().int().min(1).max(104).optional(),
});

const WEEK_MS = 7 * 86_400_000;

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

const isResolved = (c: Case) => c.status === 'resolved' || c.status === 'closed';

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
  const cases = await casesInPeriod(deps, actor, q);
  const base = dashboardFigures(deps, cases);
  const nowMs = deps.now().getTime();

  const byTown = new Map<string, TownRow>();
  for (const c of cases) {
    const row = byTown.get(c.townId) ?? {
      townId: c.townId,
      cases: 0,
      open: 0,
      warning: 0,
      overdue: 0,
      resolved: 0,
      workersHelped: 0,
      recoveredFen: 0,
    };
    row.cases++;
    const stage = clock137(c, nowMs, deps.config.clock137).stage;
    if (OPEN_STATUSES.includes(c.status) && c.resolvedAt === null) row.open++;
    if (stage === 'warning') row.warning++;
    if (stage === 'overdue') row.overdue++;
    if (isResolved(c)) {
      row.resolved++;
      row.workersHelped += c.workersCount;
    }
    row.recoveredFen += c.recoveredFen;
    byTown.set(c.townId, row);
  }

  const lastWeek = mondayOf(q.to ?? chinaDate(nowMs));
  const firstWeek = q.from
    ? mondayOf(q.from)
    : new Date(Date.parse(`${lastWeek}T00:00:00Z`) - ((q.weeks ?? 12) - 1) * WEEK_MS)
        .toISOString()
        .slice(0, 10);
  const weekly = new Map<string, WeekPoint>(
    weeksBetween(firstWeek, lastWeek).map((w) => [
      w,
      { weekOf: w, received: 0, resolved: 0, recoveredFen: 0 },
    ]),
  );
  for (const c of cases) {
    const rw = weekly.get(mondayOf(chinaDate(Date.parse(c.receivedAt))));
    if (rw) rw.received++;
    if (c.resolvedAt !== null && isResolved(c)) {
      const sw = weekly.get(mondayOf(chinaDate(Date.parse(c.resolvedAt))));
      if (sw) {
        sw.resolved++;
        sw.recoveredFen += c.recoveredFen;
      }
    }
  }

  const today = chinaDate(nowMs);
  const caseIds = new Set(cases.map((c) => c.id));
  const claims = (await listClaims(deps.db, scopeOf(actor)))
    .filter((cl) => caseIds.has(cl.caseId))
    .map((cl) => ({ ...cl, late: isClaimLate(cl, today) }));

  return {
    ...base,
    resolutionRate: cases.length === 0 ? null : base.totals.resolved / cases.length,
    unassigned: cases.filter((c) => c.status === 'received').length,
    awaitingReview: cases.filter((c) => c.status === 'resolved').length,
    byTown: [...byTown.values()].sort((a, b) => a.townId.localeCompare(b.townId)),
    weekly: [...weekly.values()],
    insurance: {
      started: claims.filter((c) => c.status === 'started').length,
      approved: claims.filter((c) => c.status === 'approved').length,
      paid: claims.filter((c) => c.status === 'paid').length,
      late: claims.filter((c) => c.late).length,
      lateClaims: claims.filter((c) => c.late),
    },
  };
}
