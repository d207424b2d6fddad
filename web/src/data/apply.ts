import {
  type Case,
  type CaseAssignArgs,
  type CaseCreateArgs,
  type CaseReviewArgs,
  type CaseTransitionArgs,
  type CaseUpdateArgs,
  findTransition,
  type MutationName,
  REVIEW_TARGETS,
  type Role,
  timestampsClearedByMove,
  timestampsForMove,
} from '@anxin/shared';
import type { LocalCase } from './types';

/**
 * How a mutation changes a case on this device, before the server has seen it. The server
 * applies the same mutation for real; whatever it derives differently (case number, its own
 * timestamps) arrives by pull and replaces this view. Only the officer's own values must be
 * right here, because they are what the officer sees until then.
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

export function applyToCase(base: Case | null, m: PendingMutation, ctx: ApplyContext): Case | null {
  const at = m.createdAt;
  switch (m.name) {
    case 'case.create': {
      // The server already has it (a lost response, then a pull): the server copy stands.
      if (base) return base;
      const a = m.args as CaseCreateArgs;
      // Same rule as the server: an officer's own case starts in progress, assigned to them,
      // first action at receipt; office and inspector intake waits for assignment.
      const officer = ctx.role === 'officer';
      const receivedAt = a.receivedAt ?? at;
      return {
        id: a.id,
        caseNo: null,
        version: 0,
        townId: a.townId,
        source: a.source,
        employer: a.employer,
        claimants: a.claimants,
        workersCount: a.workersCount,
        description: a.description,
        needsAssistance: a.needsAssistance ?? false,
        status: officer ? 'in_progress' : 'received',
        assignedOfficerId: officer ? ctx.userId : null,
        receivedAt,
        firstActionAt: officer ? receivedAt : null,
        resolvedAt: null,
        closedAt: null,
        outcome: null,
        recoveredFen: 0,
        reviewComment: null,
        createdBy: ctx.userId,
        createdAt: at,
        updatedAt: at,
      };
    }
    case 'case.update': {
      if (!base) return null;
      const a = m.args as CaseUpdateArgs;
      const next: Case = { ...base, updatedAt: at };
      for (const [k, v] of Object.entries(a.patch)) {
        if (v !== undefined) (next as Record<string, unknown>)[k] = v;
      }
      return next;
    }
    case 'case.transition': {
      if (!base) return null;
      const a = m.args as CaseTransitionArgs;
      const rule = findTransition(base.status, a.to);
      const next: Case = { ...base, status: a.to, updatedAt: at };
      if (a.outcome !== undefined) next.outcome = a.outcome;
      if (a.recoveredFen !== undefined) next.recoveredFen = a.recoveredFen;
      if (rule) stampMove(next, rule, at);
      return next;
    }
    case 'case.assign': {
      if (!base) return null;
      const a = m.args as CaseAssignArgs;
      const next: Case = {
        ...base,
        townId: a.townId,
        assignedOfficerId: a.assignedOfficerId,
        updatedAt: at,
      };
      if (base.status === 'received') next.status = 'assigned';
      return next;
    }
    case 'case.review': {
      if (!base) return null;
      const a = m.args as CaseReviewArgs;
      const to = REVIEW_TARGETS[a.decision];
      const rule = findTransition(base.status, to);
      const next: Case = { ...base, status: to, updatedAt: at };
      if (a.decision === 'return') next.reviewComment = a.comment ?? null;
      if (rule) stampMove(next, rule, at);
      return next;
    }
    // mediation.record, attachment.link: they add records beside the case, not to it.
    default:
      return base;
  }
}

function stampMove(next: Case, rule: NonNullable<ReturnType<typeof findTransition>>, at: string) {
  for (const f of timestampsForMove(rule)) {
    if (next[f] === null) next[f] = at;
  }
  for (const f of timestampsClearedByMove(rule)) next[f] = null;
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
