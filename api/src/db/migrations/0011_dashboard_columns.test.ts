import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Migrator, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test-support';
import { connect } from '../connect';
import { migrateToLatest } from '../migrate';
import type { Dialect } from '../schema';
import { migrationsFor } from './index';

/** Cases stored before 0011 get their owed sum and first-action time from the migration. */

const runPostgres = Boolean(process.env.TEST_DATABASE_URL) || process.env.CI === 'true';

let close: (() => Promise<void>) | null = null;
afterEach(async () => {
  await close?.();
  close = null;
});

async function open(dialect: Dialect) {
  if (dialect === 'postgres') {
    const fresh = await createTestDatabase();
    const conn = connect({ dialect: 'postgres', url: fresh.url, max: 2 });
    close = async () => {
      await conn.close();
      await fresh.drop();
    };
    return conn;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anxin-mig11-'));
  const conn = connect({ dialect: 'sqlite', path: path.join(dir, 'old.sqlite') });
  close = async () => {
    await conn.close();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return conn;
}

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe.runIf(dialect === 'sqlite' || runPostgres)(`0011_dashboard_columns [${dialect}]`, () => {
    it('fills owed_fen and first_action_elapsed_ms of the rows already there', async () => {
      const conn = await open(dialect);
      const migrator = new Migrator({
        db: conn.db,
        provider: { getMigrations: async () => migrationsFor(dialect) },
      });
      expect((await migrator.migrateTo('0009_sms_digest')).error).toBeUndefined();
      await sql`insert into units (id, name, kind, sort_order, active)
        values ('choucheng', '稠城街道', 'street', 1, 1)`.execute(conn.db);
      const row = (
        id: string,
        claimants: Array<{ owedFen: number }>,
        firstActionAt: string | null,
        resolvedAt: string | null,
      ) => sql`insert into cases (id, case_no, version, town_id, status, source, employer,
          claimants, workers_count, description, needs_assistance, received_at, first_action_at,
          resolved_at, recovered_fen, created_by, created_at, updated_at, field_versions,
          search_text)
        values (${id}, ${`NO-${id}`}, 1, 'choucheng', 'in_progress', 'walk_in', '{"name":"x"}',
          ${JSON.stringify(claimants)}, 1, 'd', 0, '2026-11-01T00:00:00.000Z', ${firstActionAt},
          ${resolvedAt}, 0, 'u', '2026-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z', '{}', '')`;
      await row(
        'c-acted',
        [{ owedFen: 100 }, { owedFen: 250 }],
        '2026-11-01T05:30:00.000Z',
        null,
      ).execute(conn.db);
      // No recorded first action: the resolution counts as one (shared clock137).
      await row('c-resolved', [{ owedFen: 7 }], null, '2026-11-03T00:00:00.000Z').execute(conn.db);
      await row('c-untouched', [], null, null).execute(conn.db);

      await migrateToLatest(conn.db, dialect);
      const rows = await conn.db
        .selectFrom('cases')
        .select(['id', 'owed_fen', 'first_action_elapsed_ms'])
        .orderBy('id')
        .execute();
      expect(
        rows.map((r) => ({
          id: r.id,
          owed: Number(r.owed_fen),
          first: r.first_action_elapsed_ms === null ? null : Number(r.first_action_elapsed_ms),
        })),
      ).toEqual([
        { id: 'c-acted', owed: 350, first: 5.5 * 3600_000 },
        { id: 'c-resolved', owed: 7, first: 2 * 86_400_000 },
        { id: 'c-untouched', owed: 0, first: null },
      ]);
    });
  });
}
