import { randomUUID } from 'node:crypto';
import type { AppDeps } from '../deps';
import { insertAudit } from '../repositories/audit-log';
import type { Actor } from '../repositories/scope';

/**
 * Every export is an audit event (who took which cases or figures out of the system, and how),
 * and a log line beside it.
 */
export async function recordExportAudit(
  deps: AppDeps,
  actor: Actor,
  action: 'export.cases' | 'export.monthly',
  detail: Record<string, unknown>,
): Promise<void> {
  await insertAudit(deps.db, {
    id: randomUUID(),
    at: deps.now().toISOString(),
    actorId: actor.id,
    actorName: actor.displayName,
    action,
    detail,
  });
  deps.log(action, { userId: actor.id, ...detail });
}
