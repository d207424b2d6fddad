import type { VisitPlan } from '@anxin/shared';
import { MUTATION_ARGS, mondayOf } from '@anxin/shared';
import { casesByIds } from '../repositories/cases';
import { inScope } from '../repositories/scope';
import { findPlan, savePlan } from '../repositories/visit-plans';
import { nowIso } from './effects';
import { refused } from './messages';
import type { MutationHandler } from './types';

/**
 * visit.plan — an inspector's plan for one week: towns, days and the cases to look at. The
 * plan is the inspector's own, replaced as a whole on each save (no one else edits it), so
 * it needs no base version. Every town must be one of the inspector's, every case in one of
 * the planned towns.
 */
export const visitPlan: MutationHandler<'visit.plan'> = {
  name: 'visit.plan',
  schema: MUTATION_ARGS['visit.plan'],
  async apply(ctx, args) {
    if (ctx.actor.role !== 'inspector') return refused(ctx, 'forbidden', 'plannerOnly');
    if (mondayOf(args.weekOf) !== args.weekOf) {
      return refused(ctx, 'invalid', 'weekOfNotMonday', 'weekOf');
    }
    for (const [i, v] of args.visits.entries()) {
      if (!inScope(ctx.scope, v.townId)) {
        return refused(ctx, 'forbidden', 'townNotYours', `visits.${i}.townId`);
      }
      if (mondayOf(v.date) !== args.weekOf) {
        return refused(ctx, 'invalid', 'visitOutsideWeek', `visits.${i}.date`);
      }
    }
    const towns = new Set(args.visits.map((v) => v.townId));
    const cases = await casesByIds(ctx.trx, args.caseIds);
    for (const [i, id] of args.caseIds.entries()) {
      const c = cases.get(id);
      if (!c || !towns.has(c.townId)) {
        return refused(ctx, 'not_found', 'planCaseNotFound', `caseIds.${i}`);
      }
    }
    const existing = await findPlan(ctx.trx, args.id);
    if (existing && existing.inspectorId !== ctx.actor.id) {
      return refused(ctx, 'forbidden', 'planNotYours');
    }
    const at = nowIso(ctx);
    const plan: VisitPlan = {
      id: args.id,
      inspectorId: ctx.actor.id,
      weekOf: args.weekOf,
      visits: [...args.visits].sort((a, b) => a.date.localeCompare(b.date)),
      caseIds: [...new Set(args.caseIds)],
      note: args.note ?? null,
      version: (existing?.version ?? 0) + 1,
      createdAt: existing?.createdAt ?? at,
      updatedAt: at,
    };
    await savePlan(ctx.trx, plan, existing === null);
    return { status: 'applied', version: plan.version };
  },
};
