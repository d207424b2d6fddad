import type { CandidatesAnswer, Lang, PlansAnswer, VisitReason } from '@anxin/shared';
import { chinaDate, clock137, maskCase, mondayOf, t, visitReasons } from '@anxin/shared';
import { z } from 'zod';
import type { AppDeps } from '../deps';
import { HttpError } from '../http/errors';
import { mergedCaseIds } from '../repositories/case-links';
import { allCasesInScope } from '../repositories/cases';
import { type Actor, inScope, scopeOf } from '../repositories/scope';
import { listPlans } from '../repositories/visit-plans';
import { dayParam, parseQuery } from './query';

/** The inspector's visit reads: weekly plans, and the cases worth a visit. */

const plansQuerySchema = z.strictObject({
  weekOf: dayParam.optional(),
  inspectorId: z.string().max(64).optional(),
});

/**
 * GET /api/visits/plans?weekOf= — an inspector sees their own plans; office and admin see
 * every inspector's (optionally one). Officers see the plans that visit their towns, so
 * they know when help is coming.
 */
export async function plansFor(
  deps: AppDeps,
  actor: Actor,
  raw: Record<string, string>,
  lang: Lang,
): Promise<PlansAnswer> {
  const q = parseQuery(plansQuerySchema, raw, lang);
  const now = deps.now();
  const weekOf = mondayOf(q.weekOf ?? chinaDate(now.getTime()));
  const filter: { weekOf: string; inspectorId?: string } = { weekOf };
  if (actor.role === 'inspector') filter.inspectorId = actor.id;
  else if (q.inspectorId !== undefined) filter.inspectorId = q.inspectorId;
  let plans = await listPlans(deps.db, filter);
  if (actor.role === 'officer') {
    const scope = scopeOf(actor);
    plans = plans.filter((p) => p.visits.some((v) => inScope(scope, v.townId)));
  }
  return { plans, weekOf, serverTime: now.toISOString() };
}

const candidatesQuerySchema = z.strictObject({
  townId: z
    .string()
    .transform((s) => s.split(',').filter((x) => x.length > 0))
    .pipe(z.array(z.string().max(32)).max(20))
    .optional(),
});

/**
 * GET /api/visits/candidates?townId=a,b — the cases worth a visit in those towns (default:
 * all of the user's): overdue, hard, or flagged "需协助", most urgent first.
 */
export async function visitCandidates(
  deps: AppDeps,
  actor: Actor,
  raw: Record<string, string>,
  lang: Lang,
): Promise<CandidatesAnswer> {
  if (actor.role === 'admin') throw new HttpError('forbidden', t('http.forbidden', lang));
  const q = parseQuery(candidatesQuerySchema, raw, lang);
  const nowMs = deps.now().getTime();
  const scope = scopeOf(actor);
  const merged = await mergedCaseIds(deps.db);
  const towns = q.townId ? new Set(q.townId) : null;
  const rank: Record<VisitReason, number> = { overdue: 0, assistance: 1, hard: 2 };
  const items = (await allCasesInScope(deps.db, scope))
    .filter((c) => !merged.has(c.id) && (towns === null || towns.has(c.townId)))
    .map((c) => ({ c, reasons: visitReasons(c, nowMs, deps.config.clock137) }))
    .filter((x) => x.reasons.length > 0)
    .sort(
      (a, b) =>
        Math.min(...a.reasons.map((r) => rank[r])) - Math.min(...b.reasons.map((r) => rank[r])) ||
        a.c.receivedAt.localeCompare(b.c.receivedAt),
    )
    .map(({ c, reasons }) => ({
      case: maskCase(c, actor.role, 'list'),
      clock137: clock137(c, nowMs, deps.config.clock137),
      reasons,
    }));
  return { items, serverTime: new Date(nowMs).toISOString() };
}
