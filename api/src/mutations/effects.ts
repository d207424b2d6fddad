import { randomUUID } from 'node:crypto';
import type { Case, CaseEvent, EventNote, MessageKey, Refusal } from '@anxin/shared';
import { INVALID_MESSAGE, maskCase, noteChange, t } from '@anxin/shared';
import { lookupCase, type StoredCase } from '../repositories/cases';
import { appendCaseEvent } from '../repositories/events';
import { appendFeed } from '../repositories/feed';
import { wasCreateRejected } from '../repositories/mutation-log';
import { rejectText } from './messages';
import type { MutationContext, MutationOutcome } from './types';

export function nowIso(ctx: MutationContext): string {
  return ctx.now.toISOString();
}

/** The case as this user's device should hold it (same masking as pull). */
export function serverCopy(ctx: MutationContext, c: Case): Case {
  return maskCase(c, ctx.actor.role, 'pull');
}

/**
 * Loads the target case, locked for the rest of the transaction. Missing and out of scope
 * answer the same "not found" (so the answer does not reveal that a case exists); the
 * out-of-scope attempt is logged. A case whose own create this user had refused gets a
 * reason that says so.
 */
export async function loadTargetCase(
  ctx: MutationContext,
  caseId: string,
): Promise<{ ok: true; stored: StoredCase } | { ok: false; outcome: MutationOutcome }> {
  const found = await lookupCase(ctx.trx, ctx.dialect, ctx.scope, caseId, { forUpdate: true });
  if (found.kind === 'found') return { ok: true, stored: found.stored };
  if (found.kind === 'out_of_scope') {
    ctx.log('scope.denied', {
      userId: ctx.actor.id,
      caseId,
      caseTown: found.townId,
      mutation: ctx.name,
      mutationId: ctx.mutationId,
    });
  } else if (await wasCreateRejected(ctx.trx, ctx.actor.id, caseId)) {
    return {
      ok: false,
      outcome: {
        status: 'rejected',
        code: 'not_found',
        message: rejectText('dependsOnRejectedCreate', ctx.lang),
      },
    };
  }
  return {
    ok: false,
    outcome: {
      status: 'rejected',
      code: 'not_found',
      message: rejectText('caseNotFound', ctx.lang),
    },
  };
}

/**
 * A refusal of a shared rule (or of a server-only check) as the push answers it: the
 * message and field messages in the caller's language and, for a case the caller can see,
 * the server copy to show beside what they sent.
 */
export function refusalOutcome(
  ctx: MutationContext,
  refusal: Refusal,
  current?: Case,
): MutationOutcome {
  const out: Extract<MutationOutcome, { status: 'rejected' }> = {
    status: 'rejected',
    code: refusal.code,
    message: refusal.key ? t(refusal.key, ctx.lang) : INVALID_MESSAGE[ctx.lang],
  };
  if (refusal.fields) {
    out.fields = Object.fromEntries(
      Object.entries(refusal.fields).map(([k, v]) => [k, t(v, ctx.lang)]),
    );
  }
  if (current) {
    out.version = current.version;
    out.server = serverCopy(ctx, current);
  }
  return out;
}

/** A closed case takes no more changes: the refusal carries the server copy to show instead. */
export function closedCaseOutcome(ctx: MutationContext, c: Case): MutationOutcome {
  return refusalOutcome(ctx, { code: 'rejected', key: 'reject.caseClosed' }, c);
}

export function invalidOutcome(
  ctx: MutationContext,
  fields: Record<string, MessageKey>,
): MutationOutcome {
  return refusalOutcome(ctx, { code: 'invalid', fields });
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Field-by-field old → new for the audit trail (only fields whose value changed). */
export function diffCase(
  before: Case | null,
  after: Case,
  fields: readonly (keyof Case)[],
): CaseEvent['changes'] {
  const changes: CaseEvent['changes'] = [];
  for (const f of fields) {
    const from = before === null ? null : before[f];
    if (before !== null && same(from, after[f])) continue;
    changes.push({ field: f, from, to: after[f] });
  }
  return changes;
}

export function valuesEqual(a: unknown, b: unknown): boolean {
  return same(a, b);
}

/** Appends the case event for this mutation and its feed entry, in the mutation's transaction. */
export async function recordEvent(
  ctx: MutationContext,
  c: Pick<Case, 'id' | 'townId'>,
  e: {
    changes: CaseEvent['changes'];
    comment?: string | null;
    /** What the server notes, as catalogue keys each device words itself (i18n/event-notes.ts). */
    notes?: readonly EventNote[];
    name?: string;
  },
): Promise<CaseEvent> {
  const event: CaseEvent = {
    id: randomUUID(),
    caseId: c.id,
    at: nowIso(ctx),
    actorId: ctx.actor.id,
    actorName: ctx.actor.displayName,
    clientId: ctx.clientId,
    mutationId: ctx.mutationId,
    name: e.name ?? ctx.name,
    changes: [...e.changes, ...(e.notes ?? []).map(noteChange)],
    comment: e.comment ?? null,
  };
  await appendCaseEvent(ctx.trx, event, c);
  return event;
}

export async function feedCase(
  ctx: MutationContext,
  c: Case,
  prevTownId: string | null = null,
): Promise<void> {
  await appendFeed(ctx.trx, {
    entity: 'case',
    entityId: c.id,
    caseId: c.id,
    townId: c.townId,
    prevTownId: prevTownId !== null && prevTownId !== c.townId ? prevTownId : null,
    op: 'put',
    at: nowIso(ctx),
  });
}

/** Bumps the version and stamps each changed field with it (the field-level conflict rule). */
export function bumpVersion(
  stored: StoredCase,
  next: Case,
  changedFields: readonly string[],
  at: string,
): StoredCase {
  const version = stored.case.version + 1;
  const fieldVersions = { ...stored.fieldVersions };
  for (const f of changedFields) fieldVersions[f] = version;
  return { case: { ...next, version, updatedAt: at }, fieldVersions };
}
