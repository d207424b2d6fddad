import type { Executor } from '../db/schema';

/**
 * When the server last answered a device (clientId) and a session: the earliest a time
 * that device gives for something done offline may be (shared/src/domain/action-time.ts).
 */
export async function lastContactMs(
  db: Executor,
  who: { clientId: string; tokenHash: string | null },
): Promise<number | null> {
  const client = await db
    .selectFrom('clients')
    .select('last_contact_at')
    .where('client_id', '=', who.clientId)
    .executeTakeFirst();
  const session = who.tokenHash
    ? await db
        .selectFrom('sessions')
        .select(['last_contact_at', 'created_at'])
        .where('token_hash', '=', who.tokenHash)
        .executeTakeFirst()
    : undefined;
  const times = [client?.last_contact_at, session?.last_contact_at ?? session?.created_at]
    .filter((t): t is string => typeof t === 'string')
    .map((t) => Date.parse(t));
  return times.length === 0 ? null : Math.max(...times);
}

export async function touchClient(db: Executor, clientId: string, at: string): Promise<void> {
  await db
    .updateTable('clients')
    .set({ last_contact_at: at })
    .where('client_id', '=', clientId)
    .execute();
}

/** How old a stored contact must be before touchSession writes it again. */
export const CONTACT_EVERY_MS = 60_000;

/**
 * Records that the server answered this session (and, on a push, with which device: the
 * audit of a revealed ID number names it). ONE statement, and it writes only when the
 * device changed or the stored contact is a minute old, so a caught-up pull every few
 * seconds does not become a write every time.
 */
export async function touchSession(
  db: Executor,
  tokenHash: string,
  at: string,
  clientId?: string,
): Promise<boolean> {
  const staleBefore = new Date(Date.parse(at) - CONTACT_EVERY_MS).toISOString();
  const [r] = await db
    .updateTable('sessions')
    .set(
      clientId === undefined
        ? { last_contact_at: at }
        : { last_contact_at: at, client_id: clientId },
    )
    .where('token_hash', '=', tokenHash)
    .where((eb) =>
      eb.or([
        eb('last_contact_at', 'is', null),
        eb('last_contact_at', '<', staleBefore),
        ...(clientId === undefined
          ? []
          : [eb('client_id', 'is', null), eb('client_id', '!=', clientId)]),
      ]),
    )
    .execute();
  // Whether it wrote: then the stored contact is `at`, which the pull route remembers.
  return Number(r?.numUpdatedRows ?? 0) > 0;
}
