import type { CaseEvent } from '@anxin/shared';
import type { Selectable } from 'kysely';
import { appendRow } from '../db/deferred-inserts';
import type { CaseEventsTable, Executor } from '../db/schema';
import { appendFeed } from './feed';

export function rowToEvent(row: Selectable<CaseEventsTable>): CaseEvent {
  return {
    id: row.id,
    caseId: row.case_id,
    at: row.at,
    actorId: row.actor_id,
    actorName: row.actor_name,
    clientId: row.client_id,
    mutationId: row.mutation_id,
    name: row.name,
    changes: JSON.parse(row.changes) as CaseEvent['changes'],
    comment: row.comment,
  };
}

/** Appends to the audit trail. There is no update or delete here, and the database refuses both. */
export async function insertEvent(db: Executor, e: CaseEvent): Promise<void> {
  const row = {
    id: e.id,
    case_id: e.caseId,
    at: e.at,
    actor_id: e.actorId,
    actor_name: e.actorName,
    client_id: e.clientId,
    mutation_id: e.mutationId,
    name: e.name,
    changes: JSON.stringify(e.changes),
    comment: e.comment,
  };
  await appendRow(db, 'case_events', row);
}

export async function listEvents(db: Executor, caseId: string): Promise<CaseEvent[]> {
  const rows = await db
    .selectFrom('case_events')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('seq')
    .execute();
  return rows.map(rowToEvent);
}

export async function eventsByIds(
  db: Executor,
  ids: readonly string[],
): Promise<Map<string, CaseEvent>> {
  const out = new Map<string, CaseEvent>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db
      .selectFrom('case_events')
      .selectAll()
      .where('id', 'in', unique.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.id, rowToEvent(r));
  }
  return out;
}

export async function eventIdsOfCase(db: Executor, caseId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('case_events')
    .select('id')
    .where('case_id', '=', caseId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Appends an event to the case's trail and its entry to the change feed, so every device of
 * the case's unit pulls it: the one way an event is written.
 */
export async function appendCaseEvent(
  db: Executor,
  e: CaseEvent,
  c: { townId: string },
): Promise<void> {
  await insertEvent(db, e);
  await appendFeed(db, {
    entity: 'event',
    entityId: e.id,
    caseId: e.caseId,
    townId: c.townId,
    op: 'put',
    at: e.at,
  });
}
