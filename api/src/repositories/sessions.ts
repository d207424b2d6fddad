import type { Executor } from '../db/schema';
import { changesAuth } from './auth-generation';

export interface SessionRow {
  tokenHash: string;
  userId: string;
  expiresAt: string;
  revokedAt: string | null;
}

export async function insertSession(
  db: Executor,
  s: { tokenHash: string; userId: string; createdAt: string; expiresAt: string },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      token_hash: s.tokenHash,
      user_id: s.userId,
      created_at: s.createdAt,
      expires_at: s.expiresAt,
      revoked_at: null,
    })
    .execute();
}

export async function findSession(db: Executor, tokenHash: string): Promise<SessionRow | null> {
  const row = await db
    .selectFrom('sessions')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return null;
  return {
    tokenHash: row.token_hash,
    userId: row.user_id,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}

// Revoking raises the auth generation (repositories/auth-generation.ts): every instance's
// session cache forgets the session within a second, this instance's at once.
export async function revokeSession(db: Executor, tokenHash: string, at: string): Promise<void> {
  await changesAuth(db, (ex) =>
    ex
      .updateTable('sessions')
      .set({ revoked_at: at })
      .where('token_hash', '=', tokenHash)
      .where('revoked_at', 'is', null)
      .execute(),
  );
}

export async function revokeUserSessions(db: Executor, userId: string, at: string): Promise<void> {
  await changesAuth(db, (ex) =>
    ex
      .updateTable('sessions')
      .set({ revoked_at: at })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .execute(),
  );
}

/** The device this session last pushed with, or null when it never pushed. */
export async function sessionDevice(db: Executor, tokenHash: string): Promise<string | null> {
  const row = await db
    .selectFrom('sessions')
    .select('client_id')
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row?.client_id ?? null;
}
