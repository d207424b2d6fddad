import { type Kysely, type Migration, sql } from 'kysely';

/**
 * One counter that every change able to alter a session's answer raises (a sign-out, a
 * password changed or reset, a user disabled, enabled, renamed, moved to other units or
 * given another role), in the transaction of that change. Each server instance keeps a
 * short in-process cache of verified sessions and re-reads this one row at most every
 * 300 ms; when it moved, the instance drops its cache (services/auth/session-cache.ts). One
 * row rather than a table of events: a sequence can hand a later-committing transaction a
 * smaller id, so "the highest event id" could miss a change, while a counter cannot.
 */
export function authGenerationMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('auth_generation')
        .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
        .addColumn('generation', 'integer', (c) => c.notNull())
        .execute();
      await sql`insert into auth_generation (id, generation) values (1, 0)`.execute(db);
    },
  };
}
