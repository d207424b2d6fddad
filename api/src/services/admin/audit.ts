import { randomUUID } from 'node:crypto';
import type { AuditEntry, Lang } from '@anxin/shared';
import type { Executor } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { insertAudit, listAudit } from '../../repositories/audit-log';
import type { Actor } from '../../repositories/scope';
import { requireDesk } from '../query';

/**
 * GET /api/office/audit — the audit trail (exports, ID look-ups, administration changes),
 * newest first. Desk work: office and admin only.
 */
export async function auditTrail(
  deps: AppDeps,
  actor: Actor,
  lang: Lang,
): Promise<{ entries: AuditEntry[] }> {
  requireDesk(actor, lang);
  return { entries: await listAudit(deps.db) };
}

/**
 * One administration change in the audit trail: who, when, what, and the changed fields
 * before → after. Callers pass only fields that changed and never a password or its hash.
 */
export async function auditChange(
  db: Executor,
  actor: Actor,
  at: string,
  action: string,
  detail: {
    targetId: string;
    targetName: string;
    before: Record<string, unknown> | null;
    after: Record<string, unknown> | null;
  },
): Promise<void> {
  await insertAudit(db, {
    id: randomUUID(),
    at,
    actorId: actor.id,
    actorName: actor.displayName,
    action,
    detail,
  });
}

/** The fields of `after` whose values differ from `before`, as {before, after} pairs. */
export function changedFields<T extends Record<string, unknown>>(
  before: T,
  after: Partial<T>,
): { before: Partial<T>; after: Partial<T> } {
  const b: Partial<T> = {};
  const a: Partial<T> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (after[key] === undefined) continue;
    if (JSON.stringify(before[key]) === JSON.stringify(after[key])) continue;
    b[key] = before[key];
    a[key] = after[key];
  }
  return { before: b, after: a };
}
