import type { AuditEntry } from '@anxin/shared';
import type { Executor } from '../db/schema';

export async function insertAudit(db: Executor, e: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      id: e.id,
      at: e.at,
      actor_id: e.actorId,
      actor_name: e.actorName,
      action: e.action,
      detail: JSON.stringify(e.detail),
    })
    .execute();
}

export async function listAudit(db: Executor, limit = 100): Promise<AuditEntry[]> {
  const rows = await db
    .selectFrom('audit_log')
    .selectAll()
    .orderBy('at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actorId: r.actor_id,
    actorName: r.actor_name,
    action: r.action,
    detail: JSON.parse(r.detail) as Record<string, unknown>,
  }));
}
