import type { PushResult } from '@anxin/shared';
import { sql } from 'kysely';
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
  const row = await db
    .selectFrom('mutation_log')
    .select(['request_hash', 'result'])
    .where('user_id', '=', key.userId)
    .where('mutation_id', '=', key.mutationId)
    .where('duplicate', '=', sql.lit(0))
    .executeTakeFirst();
  return row
    ? { requestHash: row.request_hash, result: JSON.parse(row.result) as PushResult }
    : null;
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
  await db
    .insertInto('mutation_log')
    .values({
      user_id: m.userId,
      client_id: m.clientId,
      mutation_id: m.mutationId,
      name: m.name,
      target_id: m.targetId,
      request_hash: m.requestHash,
      status: m.result.status,
      result: JSON.stringify(m.result),
      created_at: m.at,
    })
    .execute();
}

/** Whether this user's create of `caseId` was refused: later mutations on it explain why. */
export async function wasCreateRejected(
  db: Executor,
  userId: string,
  caseId: string,
): Promise<boolean> {
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
