import type { Case, Refusal } from '@anxin/shared';
import { applyToCase, claimantMobilesOf, stripLocal, tryApply } from './apply';
import type { AnxinDB } from './db';
import type { LocalCase, OutboxItem } from './types';

/**
 * Rebuilds one case's local view as: server copy + every still-pending mutation for it, in
 * outbox order. Every path that changes either side (a local action, a push result, a
 * pulled page, a removal) ends here, so the view never drops an unsent edit and never keeps
 * one that has left the outbox. Must run inside a rw transaction over cases and outbox.
 *
 * `base`: the new server copy, when the caller has one; otherwise the stored one is kept.
 */
export async function rebuildCase(
  db: AnxinDB,
  caseId: string,
  base?: Case | null,
): Promise<LocalCase | null> {
  const [row, pending] = await Promise.all([
    db.cases.get(caseId),
    db.outbox.where('entityId').equals(caseId).sortBy('seq'),
  ]);
  const server = base !== undefined ? base : currentBase(row);
  const view = composeCase(server, pending);
  if (!view) {
    if (row) await db.cases.delete(caseId);
    return null;
  }
  await db.cases.put(view);
  return view;
}

/** The server copy under a stored row (null: made here, not yet accepted by the server). */
export function currentBase(row: LocalCase | undefined): Case | null {
  if (!row) return null;
  if (row.base !== undefined) return row.base;
  return stripLocal(row);
}

export function composeCase(server: Case | null, pending: readonly OutboxItem[]): LocalCase | null {
  let view = server;
  for (const m of pending) {
    view = applyToCase(view, m, { userId: m.actorId, role: m.actorRole });
  }
  if (!view) return null;
  const out: LocalCase = {
    ...view,
    claimantMobiles: claimantMobilesOf(view),
    pendingCount: pending.length,
  };
  if (pending.length > 0) out.base = server;
  return out;
}

/**
 * The view with one more pending mutation, from the stored view alone — or the rule's
 * refusal, when the mutation cannot apply to the case as this device shows it. Every write
 * keeps a stored row equal to `composeCase(base, pending)`, and composing is a left fold,
 * so applying the new (last) mutation to the row gives the same view as composing
 * everything again — without reading the outbox, which an edit would otherwise wait for.
 */
export function extendCase(
  row: LocalCase,
  item: OutboxItem,
): { ok: true; view: LocalCase | null } | { ok: false; refusal: Refusal } {
  const r = tryApply(stripLocal(row), item, { userId: item.actorId, role: item.actorRole });
  if (!r.ok) return r;
  if (!r.row) return { ok: true, view: null };
  return {
    ok: true,
    view: {
      ...r.row,
      claimantMobiles: claimantMobilesOf(r.row),
      pendingCount: row.pendingCount + 1,
      base: currentBase(row),
    },
  };
}

/** A server row as the device stores it when nothing is pending for it. */
export function serverRowToLocal(c: Case): LocalCase {
  return { ...c, claimantMobiles: claimantMobilesOf(c), pendingCount: 0 };
}
