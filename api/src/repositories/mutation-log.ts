import type { PushResult } from '@anxin/shared';
import { sql } from 'kysely';
import { appendRow, deferredInsertsOf } from '../db/deferred-inserts';
import type { Executor } from '../db/schema';

export interface LoggedMutation {
  requestHash: string;
  result: PushResult;
}

/**
 * The first result of a mutation id from this user, whichever of the user's devices sent
 * it: the same change re-sent from a second clientId (a reinstalled app, a rotated id) must
 * not apply twice. Rows marked `duplicate` (written under a second clientId before
 * migration 0006) are history, never an answer; the literal `duplicate = 0` lets both
 * databases use the partial unique index that enforces one answer per user and id.
 */
export async function findLoggedMutation(
  db: Executor,
  key: { userId: string; mutationId: string },
): Promise<LoggedMutation | null> {
  const found = await findLoggedMutations(db, key.userId, [key.mutationId]);
  return found.get(key.mutationId) ?? null;
}

export async function logMutation(
  db: Executor,
  m: {
    userId: string;
    clientId: string;
    mutationId: string;
    name: string;
    targetId: string | null;
    requestHash: string;
    result: PushResult;
    at: string;
  },
): Promise<void> {
  const row = {
    user_id: m.userId,
    client_id: m.clientId,
    mutation_id: m.mutationId,
    name: m.name,
    target_id: m.targetId,
    request_hash: m.requestHash,
    status: m.result.status,
    result: JSON.stringify(m.result),
    created_at: m.at,
  };
  await appendRow(db, 'mutation_log', row);
}

/**
 * Every mutation id of `mutationIds` this user has a first result for (as
 * `findLoggedMutation`), in one query per 500 ids: a push looks its batch up at once.
 */
export async function findLoggedMutations(
  db: Executor,
  userId: string,
  mutationIds: readonly string[],
): Promise<Map<string, LoggedMutation>> {
  const out = new Map<string, LoggedMutation>();
  const unique = [...new Set(mutationIds)];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db
      .selectFrom('mutation_log')
      .select(['mutation_id', 'request_hash', 'result'])
      .where('user_id', '=', userId)
      .where('mutation_id', 'in', unique.slice(i, i + 500))
      .where('duplicate', '=', sql.lit(0))
      .execute();
    for (const r of rows) {
      out.set(r.mutation_id, {
        requestHash: r.request_hash,
        result: JSON.parse(r.result) as PushResult,
      });
    }
  }
  return out;
}

/** Whether this user's create of `caseId` was refused: later mutations on it explain why. */
export async function wasCreateRejected(
  db: Executor,
  userId: string,
  caseId: string,
): Promise<boolean> {
  // A create refused earlier in the same run of a push may not be written yet.
  const held = deferredInsertsOf(db)?.rows.mutation_log.some(
    (r) =>
      r.user_id === userId &&
      r.target_id === caseId &&
      r.name === 'case.create' &&
      r.status !== 'applied',
  );
  if (held) return true;
  const row = await db
    .selectFrom('mutation_log')
    .select('status')
    .where('user_id', '=', userId)
    .where('target_id', '=', caseId)
    .where('name', '=', 'case.create')
    .where('status', '!=', 'applied')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Binds a device id to the first user who pushes with it. Answers the owner, so a token of
 * one user cannot replay or read another user's idempotency records under their clientId.
 */
export async function claimClient(
  db: Executor,
  clientId: string,
  userId: string,
  at: string,
): Promise<string> {
  const ownerOf = () =>
    db.selectFrom('clients').select('user_id').where('client_id', '=', clientId).executeTakeFirst();
  // A device pushes many times under the same id: read first, write only the first time.
  const known = await ownerOf();
  if (known) return known.user_id;
  await db
    .insertInto('clients')
    .values({ client_id: clientId, user_id: userId, first_seen_at: at })
    .onConflict((oc) => oc.column('client_id').doNothing())
    .execute();
  const row = await ownerOf();
  if (!row) throw new Error(`client ${clientId} was not stored`);
  return row.user_id;
}
