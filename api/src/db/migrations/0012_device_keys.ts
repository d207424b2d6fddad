import type { Kysely, Migration } from 'kysely';

/**
 * `users.device_key`: the server-held half of a phone's encryption at rest (issue 18). The
 * phone wraps its random data key with a key from the officer's PIN and, for the online
 * re-sign-in path, with this one, which the server hands out only in the answer of a
 * password sign-in (POST /api/auth/login, /api/auth/password). 32 random bytes, base64url,
 * made at the user's first password sign-in (auth-service `deviceKeyOf`); null until then.
 * A column of users rather than a table of its own: one key per user, written once, never
 * changed (neither by disabling nor by a password reset), so it has no life of its own. The
 * user row mappers (repositories/users.ts) name their columns, so it reaches no other answer.
 */
export function deviceKeysMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('users').addColumn('device_key', 'text').execute();
    },
  };
}
