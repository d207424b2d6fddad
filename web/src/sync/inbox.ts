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
  // Read before the caller rebuilds the case over the server's answer: the copy underneath
  // is still the one the officer edited.
  const shown = await db.cases.get(item.entityId);
  const baseline = baselineOf(currentBase(shown), item, mine);
  if (baseline) entry.baseline = baseline;
  const subject = subjectOf(shown ?? asServerCase(extra.server), item);
  if (subject) entry.subject = subject;
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

/** The officer's starting values for the fields the edit set, when the device has that version. */
function baselineOf(
  before: Case | null,
  item: OutboxItem,
  mine: Record<string, unknown>,
): Record<string, unknown> | null {
  if (!before || item.baseVersion === undefined || before.version !== item.baseVersion) return null;
  const server = before as unknown as Record<string, unknown>;
  return Object.fromEntries(Object.keys(mine).map((k) => [k, server[k]]));
}

/** Case number and employer, from the case or (a case never created) the create itself. */
function subjectOf(c: Case | null, item: OutboxItem): ConflictItem['subject'] | null {
  if (c) return { caseNo: c.caseNo, employer: c.employer.name };
  if (item.name !== 'case.create') return null;
  const employer = (item.args as { employer?: { name?: unknown } }).employer?.name;
  return typeof employer === 'string' ? { caseNo: null, employer } : null;
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
