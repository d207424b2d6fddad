import type { PushResponse } from '@anxin/shared';
import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { sampleCaseArgs, startTestApi, TEST_CASES, type TestApi } from '../../../test-support';
import { SHARED_LOCK_STREAK } from './push';

/**
 * On PostgreSQL a push that created a case must not keep the year's case-number counter
 * locked while the rest of its batch runs: every other officer's push that creates a case
 * would wait for it. New cases in a row share a commit, up to SHARED_LOCK_STREAK of them
 * (push.ts, `commitsNow`).
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

    it('numbers new cases in a row in one transaction each streak, gapless', async () => {
      const t = await startTestApi({ dialect: 'postgres' });
      try {
        const token = await t.login('officer.choucheng');
        const count = SHARED_LOCK_STREAK + 8;
        const ids = Array.from({ length: count }, (_, i) => `streak-case-${i}`);
        const res = await t.api(token, 'POST', '/api/sync/push', {
          clientId: 'dev-streak',
          mutations: ids.map((id, i) => ({
            id: `m-streak-${i}`,
            name: 'case.create',
            args: sampleCaseArgs(id, 'choucheng', i),
          })),
        });
        expect(res.status).toBe(200);
        const { results } = (await res.json()) as PushResponse;
        expect(results.every((r) => r.status === 'applied')).toBe(true);
        // Rows written by one transaction share its id (xmin): two commits, not one per case.
        const rows = await sql<{ tx: string; case_no: string }>`
          select xmin::text as tx, case_no from cases where id in (${sql.join(ids)})
          order by case_no`.execute(t.db);
        expect(rows.rows).toHaveLength(count);
        expect(new Set(rows.rows.map((r) => r.tx)).size).toBe(2);
        const serials = rows.rows.map((r) => Number(r.case_no.slice(-6)));
        expect(serials).toEqual(serials.map((_, i) => serials[0]! + i));
      } finally {
        await t.close();
      }
    });
  },
);
