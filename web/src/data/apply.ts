import {
  type Case,
  type CaseReviewArgs,
  isCaseMutation,
  type MutationName,
  type MutatorResult,
  mutateCase,
  REVIEW_TARGETS,
  type Role,
} from '@anxin/shared';
import type { LocalCase } from './types';

/**
 * How a mutation changes a case on this device, before the server has seen it: the same
 * rule the server applies (shared/src/mutators), run here on the server copy plus the
 * mutations queued before it. Whatever only the server derives (case number, versions)
 * arrives by pull and replaces this view.
 */
export interface PendingMutation {
  name: MutationName;
  args: unknown;
  createdAt: string;
}

export interface ApplyContext {
  userId: string;
  role: Role;
}

/** The rule's answer for one pending mutation; mutations beside the case leave it as it is. */
export function tryApply(
  base: Case | null,
  m: PendingMutation,
  ctx: ApplyContext,
): MutatorResult<Case | null> {
  if (!isCaseMutation(m.name)) return { ok: true, row: base };
  return mutateCase(m.name, base, m.args, { id: ctx.userId, role: ctx.role }, m.createdAt);
}

/**
 * The case after one pending mutation. One the rules refuse (the case moved on underneath
 * it) leaves the view as it was: the server refuses it too, and the inbox shows why.
 */
export function applyToCase(base: Case | null, m: PendingMutation, ctx: ApplyContext): Case | null {
  const r = tryApply(base, m, ctx);
  return r.ok ? r.row : base;
}

/** The fields a mutation sets, with the officer's values: what the inbox shows as "mine". */
export function mineOf(name: MutationName, args: unknown): Record<string, unknown> {
  const a = (args ?? {}) as Record<string, unknown>;
  switch (name) {
    case 'case.update':
      return { ...((a.patch as Record<string, unknown> | undefined) ?? {}) };
    case 'case.transition': {
      const { id: _id, to, ...rest } = a;
      return { status: to, ...rest };
    }
    case 'case.assign':
      return { townId: a.townId, assignedOfficerId: a.assignedOfficerId };
    case 'case.review': {
      const decision = a.decision as CaseReviewArgs['decision'] | undefined;
      return {
        status: decision ? REVIEW_TARGETS[decision] : undefined,
        decision,
        comment: a.comment,
      };
    }
    default:
      return { ...a };
  }
}

const LOCAL_KEYS = ['claimantMobiles', 'pendingCount', 'base'] as const;

/** The server-shaped part of a local row. */
export function stripLocal(row: LocalCase): Case {
  const copy: Record<string, unknown> = { ...row };
  for (const k of LOCAL_KEYS) delete copy[k];
  return copy as Case;
}

export function claimantMobilesOf(c: Pick<Case, 'claimants'>): string[] {
  return [...new Set(c.claimants.map((cl) => cl.mobile))];
}
