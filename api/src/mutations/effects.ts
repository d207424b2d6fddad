import { randomUUID } from 'node:crypto';
import type { Case, CaseEvent, MessageKey } from '@anxin/shared';
import { t } from '@anxin/shared';
import { lookupCase, type StoredCase } from '../repositories/cases';
import { insertEvent } from '../repositories/events';
import { appendFeed } from '../repositories/feed';
import { wasCreateRejected } from '../repositories/mutation-log';
import { maskCase } from '../services/cases/masking';
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

/** A closed case takes no more changes: the refusal carries the server copy to show instead. */
export function closedCaseOutcome(ctx: MutationContext, c: Case): MutationOutcome {
  return {
    status: 'rejected',
    code: 'rejected',
    message: rejectText('caseClosed', ctx.lang),
    version: c.version,
    server: serverCopy(ctx, c),
  };
}

export function invalidOutcome(
  ctx: MutationContext,
  fields: Record<string, MessageKey>,
): MutationOutcome {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) out[k] = t(v, ctx.lang);
  return {
    status: 'rejected',
    code: 'invalid',
    message: rejectText('invalid', ctx.lang),
    fields: out,
  };
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
  e: { changes: CaseEvent['changes']; comment?: string | null; name?: string },
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
    changes: e.changes,
    comment: e.comment ?? null,
  };
  await insertEvent(ctx.trx, event);
  await appendFeed(ctx.trx, {
    entity: 'event',
    entityId: event.id,
    caseId: c.id,
    townId: c.townId,
    op: 'put',
    at: event.at,
  });
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
