import type { Case, MediationRecordArgs } from '@anxin/shared';
import { mineOf } from '../data/apply';
import type { AnxinDB } from '../data/db';
import { currentBase } from '../data/rebuild';
import type { ConflictItem, ConflictKind, OutboxItem } from '../data/types';
import { DEPENDENT_REASON, type Reason } from './reasons';

/**
 * Moves one mutation from the outbox to the conflicts inbox. Runs inside a rw transaction
 * over cases, mediations, outbox and conflicts. The inbox entry's id is the mutation id, so
 * handling the same result twice (two tabs, a replayed answer) still leaves exactly one.
 *
 * A create that never reached the server takes the case's later mutations with it: they
 * could never apply, and dropping them would lose what was typed.
 */
export async function moveToInbox(
  db: AnxinDB,
  item: OutboxItem,
  kind: ConflictKind,
  why: Reason,
  extra: { server?: unknown; fields?: string[]; code?: string; at: string },
): Promise<void> {
  const mine = mineOf(item.name, item.args);
  const entry: ConflictItem = {
    id: item.id,
    kind,
    mutation: { id: item.id, name: item.name, args: item.args },
    entityId: item.entityId,
    fields: extra.fields && extra.fields.length > 0 ? extra.fields : Object.keys(mine),
    mine,
    server: extra.server ?? null,
    why,
    createdAt: extra.at,
  };
  if (item.baseVersion !== undefined) entry.mutation.baseVersion = item.baseVersion;
  if (extra.code !== undefined) entry.code = extra.code;
  await db.conflicts.put(entry);
  if (item.seq !== undefined) await db.outbox.delete(item.seq);

  if (item.name === 'mediation.record') {
    const m = item.args as MediationRecordArgs;
    const row = await db.mediations.get(m.id);
    // Only a record the server never accepted leaves the device's list; the inbox keeps it.
    if (row && row.version === 0) await db.mediations.delete(m.id);
  }

  if (item.name === 'case.create') {
    const row = await db.cases.get(item.entityId);
    if (currentBase(row) === null) {
      const dependents = await db.outbox.where('entityId').equals(item.entityId).sortBy('seq');
      for (const d of dependents) {
        await moveToInbox(db, d, kind === 'out_of_scope' ? kind : 'rejected', DEPENDENT_REASON, {
          at: extra.at,
        });
      }
    }
  }
}

/** A server copy of a case, checked enough to store; anything else is not trusted as one. */
export function asServerCase(v: unknown): Case | null {
  if (typeof v !== 'object' || v === null) return null;
  const r = v as Record<string, unknown>;
  if (typeof r.id !== 'string' || typeof r.version !== 'number') return null;
  if (typeof r.status !== 'string' || !Array.isArray(r.claimants)) return null;
  if (typeof r.employer !== 'object' || r.employer === null) return null;
  return v as Case;
}
