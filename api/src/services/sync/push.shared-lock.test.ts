import type { PushResponse } from '@anxin/shared';
import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { sampleCaseArgs, startTestApi, TEST_CASES, type TestApi } from '../../../test-support';

/**
 * On PostgreSQL a push that created a case must not keep the year's case-number counter
 * locked while the rest of its batch runs: every other officer's push that creates a case
 * would wait for it (push.ts, `releasesLockEarly`).
 */

const pgUrl = process.env.TEST_DATABASE_URL;

async function databaseUrlOf(t: TestApi): Promise<string> {
  const r = await sql<{ name: string }>`select current_database() as name`.execute(t.db);
  const url = new URL(pgUrl ?? '');
  url.pathname = `/${r.rows[0]!.name}`;
  return url.toString();
}

/** Sessions of this test's database waiting for a lock (other tests share the server). */
async function waitingLocks(client: pg.Client): Promise<number> {
  const r = await client.query<{ n: string }>(
    `select count(*) as n from pg_stat_activity
     where datname = current_database() and wait_event_type = 'Lock'`,
  );
  return Number(r.rows[0]!.n);
}

describe.runIf(Boolean(pgUrl) || process.env.CI === 'true')(
  'push and the case-number counter [postgres]',
  () => {
    it('frees the counter for other pushes as soon as its case is created, before the batch ends', async () => {
      const t = await startTestApi({ dialect: 'postgres' });
      const url = await databaseUrlOf(t);
      const blocker = new pg.Client({ connectionString: url });
      const probe = new pg.Client({ connectionString: url });
      try {
        await Promise.all([blocker.connect(), probe.connect()]);
        const token = await t.login('officer.choucheng');
        // Another transaction holds the existing case the batch edits second: the push
        // stops there with the new case (and the counter) already behind it.
        await blocker.query('begin');
        await blocker.query('select id from cases where id = $1 for update', [
          TEST_CASES.chouchengOwn,
        ]);
        const pushing = t.api(token, 'POST', '/api/sync/push', {
          clientId: 'dev-shared-lock',
          mutations: [
            {
              id: 'm-lock-create',
              name: 'case.create',
              args: sampleCaseArgs('lock-case-1', 'choucheng'),
            },
            {
              id: 'm-lock-update',
              name: 'case.update',
              args: { id: TEST_CASES.chouchengOwn, patch: { workersCount: 4 } },
              baseVersion: 1,
            },
          ],
        });
        const deadline = Date.now() + 10_000;
        while ((await waitingLocks(probe)) === 0) {
          if (Date.now() > deadline) throw new Error('the push never reached the locked case');
          await new Promise((r) => setTimeout(r, 10));
        }

        // Another push could number its case now: the counter row is free …
        await probe.query('begin');
        const counter = await probe.query<{ last_no: number }>(
          'select last_no from case_counters for update nowait',
        );
        expect(counter.rows).toHaveLength(1);
        await probe.query('rollback');
        // … because the new case is already committed, while the edit still waits.
        const created = await probe.query('select case_no from cases where id = $1', [
          'lock-case-1',
        ]);
        expect(created.rows).toHaveLength(1);

        await blocker.query('commit');
        const res = await pushing;
        expect(res.status).toBe(200);
        const { results } = (await res.json()) as PushResponse;
        expect(results.map((r) => r.status)).toEqual(['applied', 'applied']);
        const numbers = await t.db.selectFrom('cases').select('case_no').execute();
        expect(new Set(numbers.map((n) => n.case_no)).size).toBe(numbers.length);
      } finally {
        await blocker.end().catch(() => undefined);
        await probe.end().catch(() => undefined);
        await t.close();
      }
    });
  },
);
