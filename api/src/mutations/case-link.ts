import type { Case, Claimant } from '@anxin/shared';
import {
  checkTransition,
  MUTATION_ARGS,
  moveRefusal,
  seesAllTowns,
  timestampsForMove,
} from '@anxin/shared';
import { insertLink, linksOf } from '../repositories/case-links';
import { updateCase } from '../repositories/cases';
import {
  bumpVersion,
  diffCase,
  feedCase,
  loadTargetCase,
  nowIso,
  recordEvent,
  refusalOutcome,
  serverCopy,
} from './effects';
import { type RejectMessage, rejectText } from './messages';
import type { MutationContext, MutationHandler, MutationOutcome } from './types';

function refuse(
  ctx: MutationContext,
  code: 'forbidden' | 'rejected' | 'invalid',
  key: RejectMessage,
  extra: Partial<Extract<MutationOutcome, { status: 'rejected' }>> = {},
): MutationOutcome {
  return { status: 'rejected', code, message: rejectText(key, ctx.lang), ...extra };
}

/**
 * case.link — office marks two cases as the same dispute (a duplicate found at intake that
 * should stay a case of its own). Both timelines record it; no case row changes.
 */
export const caseLink: MutationHandler<'case.link'> = {
  name: 'case.link',
  schema: MUTATION_ARGS['case.link'],
  async apply(ctx, args) {
    const a = await loadTargetCase(ctx, args.id);
    if (!a.ok) return a.outcome;
    const b = await loadTargetCase(ctx, args.otherId);
    if (!b.ok) return b.outcome;
    if (!seesAllTowns(ctx.actor.role)) return refuse(ctx, 'forbidden', 'officeOnly');
    const known = await linksOf(ctx.trx, [args.id]);
    const already = known.some(
      (l) =>
        (l.caseId === args.id && l.otherId === args.otherId) ||
        (l.caseId === args.otherId && l.otherId === args.id),
    );
    if (already) return { status: 'applied', version: a.stored.case.version };
    await insertLink(ctx.trx, {
      caseId: args.id,
      otherId: args.otherId,
      kind: 'linked',
      createdBy: ctx.actor.id,
      createdAt: nowIso(ctx),
    });
    const comment = args.comment ?? null;
    await recordEvent(ctx, a.stored.case, {
      changes: [{ field: 'linkedCase', from: null, to: args.otherId }],
      comment,
    });
    await recordEvent(ctx, b.stored.case, {
      changes: [{ field: 'linkedCase', from: null, to: args.id }],
      comment,
    });
    return { status: 'applied', version: a.stored.case.version };
  },
};

const MAX_CLAIMANTS = 500;

/** Claimants of `extra` not already in `base` (same mobile or same ID number). */
function newClaimants(base: readonly Claimant[], extra: readonly Claimant[]): Claimant[] {
  const mobiles = new Set(base.map((c) => c.mobile));
  const ids = new Set(base.flatMap((c) => (c.idNumber ? [c.idNumber] : [])));
  return extra.filter(
    (c) => !mobiles.has(c.mobile) && !(c.idNumber !== undefined && ids.has(c.idNumber)),
  );
}

/**
 * case.merge — office folds a newly received duplicate into an open case: many workers
 * against one employer become one group case. The target gains the duplicate's claimants
 * (those it does not have yet) and their workers; the duplicate keeps its own row and
 * timeline (the audit trail is never deleted), is marked merged and is closed through the
 * status machine (received → closed via case.merge, no outcome: its workers count in the
 * group case), so it leaves the intake queue, the open lists and the dashboard. Only a case
 * not yet assigned may be merged away, so no officer is working on it.
 */
export const caseMerge: MutationHandler<'case.merge'> = {
  name: 'case.merge',
  schema: MUTATION_ARGS['case.merge'],
  async apply(ctx, args) {
    const src = await loadTargetCase(ctx, args.id);
    if (!src.ok) return src.outcome;
    const dst = await loadTargetCase(ctx, args.intoId);
    if (!dst.ok) return dst.outcome;
    const source = src.stored.case;
    const target = dst.stored.case;
    const withServer = { version: source.version, server: serverCopy(ctx, source) };
    if (!seesAllTowns(ctx.actor.role)) return refuse(ctx, 'forbidden', 'officeOnly', withServer);
    const links = await linksOf(ctx.trx, [source.id, target.id]);
    const merged = (id: string) => links.some((l) => l.kind === 'merged' && l.caseId === id);
    if (merged(source.id)) {
      const into = links.find((l) => l.kind === 'merged' && l.caseId === source.id);
      if (into?.otherId === target.id) return { status: 'applied', version: source.version };
      return refuse(ctx, 'rejected', 'alreadyMerged', withServer);
    }
    if (source.status !== 'received') {
      return refuse(ctx, 'rejected', 'mergeSourceNotReceived', withServer);
    }
    const move = checkTransition(ctx.actor.role, source.status, { to: 'closed' }, 'case.merge');
    if (!move.ok) return refusalOutcome(ctx, moveRefusal(move), source);
    if (target.status === 'closed' || merged(target.id)) {
      return refuse(ctx, 'rejected', 'mergeTargetClosed', {
        fields: { intoId: rejectText('mergeTargetClosed', ctx.lang) },
      });
    }
    const added = newClaimants(target.claimants, source.claimants);
    if (target.claimants.length + added.length > MAX_CLAIMANTS) {
      return refuse(ctx, 'invalid', 'mergeTooManyClaimants');
    }
    const at = nowIso(ctx);
    const duplicates = source.claimants.length - added.length;
    const next: Case = {
      ...target,
      claimants: [...target.claimants, ...added],
      workersCount: target.workersCount + Math.max(source.workersCount - duplicates, 0),
    };
    const changes = diffCase(target, next, ['claimants', 'workersCount']);
    const comment = args.comment ?? `合并重复案件 ${source.caseNo ?? source.id}`;
    if (changes.length > 0) {
      const updated = bumpVersion(
        dst.stored,
        next,
        changes.map((c) => c.field),
        at,
      );
      await updateCase(ctx.trx, updated);
      await feedCase(ctx, updated.case);
    }
    await insertLink(ctx.trx, {
      caseId: source.id,
      otherId: target.id,
      kind: 'merged',
      createdBy: ctx.actor.id,
      createdAt: at,
    });
    await recordEvent(ctx, target, {
      changes: [...changes, { field: 'mergedFrom', from: null, to: source.id }],
      comment,
    });
    const closed: Case = { ...source, status: move.rule.to, outcome: null };
    for (const stamp of timestampsForMove(move.rule)) closed[stamp] = at;
    const moved = diffCase(source, closed, ['status', 'closedAt', 'outcome']);
    const closedSource = bumpVersion(
      src.stored,
      closed,
      moved.map((c) => c.field),
      at,
    );
    await updateCase(ctx.trx, closedSource);
    await feedCase(ctx, closedSource.case);
    await recordEvent(ctx, closedSource.case, {
      changes: [...moved, { field: 'mergedInto', from: null, to: target.id }],
      comment,
    });
    return { status: 'applied', version: closedSource.case.version };
  },
};
