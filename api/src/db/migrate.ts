import { type Kysely, type MigrationProvider, Migrator } from 'kysely';
import { migrationsFor } from './migrations';
import type { Database, Dialect } from './schema';

function migrator(db: Kysely<Database>, dialect: Dialect): Migrator {
  const provider: MigrationProvider = { getMigrations: async () => migrationsFor(dialect) };
  return new Migrator({ db, provider });
}

/** Brings the schema up to the latest version; throws (and start-up stops) if one fails. */
export async function migrateToLatest(db: Kysely<Database>, dialect: Dialect): Promise<string[]> {
  const m = migrator(db, dialect);
  const { error, results } = await m.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Migration ${failed} failed: ${String(error)}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * Migrations this code knows that the database has not run (readiness: an instance of a
 * newer version must not take traffic before the schema it needs is there).
 */
export async function pendingMigrations(db: Kysely<Database>, dialect: Dialect): Promise<string[]> {
  const all = await migrator(db, dialect).getMigrations();
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
