import type { PushResponse } from '@anxin/shared';
import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { sampleCaseArgs, startTestApi, type TestApi } from '../../../test-support';
import { forEachDialect, mid, useTestApi } from '../../../test-support/suite';
import { Admission, pushAdmission, retryAfterSeconds } from './admission';

describe('push admission', () => {
  it('admits up to the limit, queues up to the queue size, refuses the rest', async () => {
    const a = new Admission({ concurrency: 2, queue: 1 });
    const first = await a.enter();
    const second = await a.enter();
    const order: string[] = [];
    const queued = a.enter();
    expect(queued).not.toBeNull();
    void queued?.then(() => order.push('queued'));
    expect(a.enter()).toBeNull();
    expect(a.load).toEqual({ active: 2, waiting: 1 });
    first!();
    const third = await queued!;
    expect(order).toEqual(['queued']);
    expect(a.load).toEqual({ active: 2, waiting: 0 });
    // Releasing twice frees one slot only.
    third();
    third();
    expect(a.load).toEqual({ active: 1, waiting: 0 });
    second!();
    expect(a.load).toEqual({ active: 0, waiting: 0 });
  });

  it('serves waiters first come, first served', async () => {
    const a = new Admission({ concurrency: 1, queue: 3 });
    const held = await a.enter();
    const order: number[] = [];
    const waiters = [0, 1, 2].map((i) =>
      a.enter()!.then((release) => {
        order.push(i);
        release();
      }),
    );
    held!();
    await Promise.all(waiters);
    expect(order).toEqual([0, 1, 2]);
    expect(a.load).toEqual({ active: 0, waiting: 0 });
  });

  it('refuses a push that would wait longer than the limit, judged by how long pushes take', async () => {
    let now = 0;
    const a = new Admission({ concurrency: 2, queue: 10, maxWaitMs: 1000 }, () => now);
    // Two pushes that took 800 ms each: the running mean starts from them.
    const learn = [await a.enter(), await a.enter()];
    now = 800;
    for (const release of learn) release!();
    expect(a.expectedWaitMs()).toBe(0);

    const busy = [await a.enter(), await a.enter()];
    expect(a.expectedWaitMs()).toBe(400);
    const waiters = [a.enter(), a.enter()];
    expect(waiters.every((w) => w !== null)).toBe(true);
    // A third waiter would wait 3 × 800 ms / 2 slots: refused although the queue has room.
    expect(a.expectedWaitMs()).toBe(1200);
    expect(a.enter()).toBeNull();
    expect(a.load).toEqual({ active: 2, waiting: 2 });

    // Faster pushes lower the estimate and the door opens again.
    now = 900;
    busy[0]!();
    busy[1]!();
    const admitted = await Promise.all(waiters as Promise<() => void>[]);
    expect(a.expectedWaitMs()).toBeLessThan(1000);
    expect(a.enter()).not.toBeNull();
    for (const release of admitted) release();
  });

  it('judges a cold server by how long its first pushes have held their slots', async () => {
    let now = 0;
    const a = new Admission({ concurrency: 2, queue: 32, maxWaitMs: 750 }, () => now);
    const first = [await a.enter(), await a.enter()];
    // Nothing has finished yet, but both slots have been held for 1 s: the next push would
    // wait at least 1 s × 1 / 2 slots, the one after it 1 s × 2 / 2 — past the bound.
    now = 1000;
    expect(a.expectedWaitMs()).toBe(500);
    const queued = a.enter();
    expect(queued).not.toBeNull();
    expect(a.enter()).toBeNull();
    expect(a.load).toEqual({ active: 2, waiting: 1 });
    now = 1200;
    first[0]!();
    const next = await queued!;
    next();
    first[1]!();
    // From the first finished push on, the running mean decides.
    expect(a.load).toEqual({ active: 0, waiting: 0 });
  });

  it('asks devices to come back after 1 to 5 whole seconds, spread at random', () => {
    expect(retryAfterSeconds(() => 0)).toBe(1);
    expect(retryAfterSeconds(() => 0.999_999)).toBe(5);
    const seen = new Set(Array.from({ length: 500 }, () => retryAfterSeconds()));
    expect([...seen].every((s) => Number.isInteger(s) && s >= 1 && s <= 5)).toBe(true);
    expect(seen.size).toBeGreaterThan(1);
  });
});

function body(clientId: string, ids: string[]) {
  return {
    clientId,
    mutations: ids.map((id) => ({
      id: `m-${id}`,
      name: 'case.create',
      args: sampleCaseArgs(id, 'choucheng'),
    })),
  };
}

async function post(t: TestApi, token: string, b: unknown, lang = 'zh-CN'): Promise<Response> {
  return t.app.fetch(
    new Request('http://local/api/sync/push', {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
        'Accept-Language': lang,
      },
      body: JSON.stringify(b),
    }),
  );
}

async function timesLogged(t: TestApi, mutationId: string): Promise<number> {
  const rows = await t.db
    .selectFrom('mutation_log')
    .select('mutation_id')
    .where('mutation_id', '=', mutationId)
    .execute();
  return rows.length;
}

async function casesWithId(t: TestApi, id: string): Promise<number> {
  return (await t.db.selectFrom('cases').select('id').where('id', '=', id).execute()).length;
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 5));
}

forEachDialect('push admission over HTTP', (dialect) => {
  const get = useTestApi(dialect, { config: { pushConcurrency: 1, pushQueue: 1 } });

  it('a saturated server answers 503 + Retry-After; a queued push is applied once when admitted', async () => {
    const t = get();
    const token = await t.login('officer.choucheng');
    const clientId = `dev-${mid()}`;
    const admission = pushAdmission(t.deps);
    const held = await admission.enter();

    const queuedIds = ['adm-case-0001', 'adm-case-0002'];
    const queued = post(t, token, body(clientId, queuedIds));
    await until(() => admission.load.waiting === 1);

    const refused = await post(t, token, body(clientId, ['adm-case-0003']));
    expect(refused.status).toBe(503);
    const retryAfter = Number(refused.headers.get('Retry-After'));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 5).toBe(true);
    const err = (await refused.json()) as { error: { code: string; message: string } };
    expect(err.error.code).toBe('unavailable');
    expect(err.error.message).toMatch(/[\u4e00-\u9fff]/);
    const refusedEn = await post(t, token, body(clientId, ['adm-case-0003']), 'en');
    expect(refusedEn.status).toBe(503);
    expect(((await refusedEn.json()) as { error: { message: string } }).error.message).toMatch(
      /busy/i,
    );
    // Refused means untouched: the device keeps it queued and sends it again later.
    expect(await timesLogged(t, 'm-adm-case-0003')).toBe(0);
    expect(await casesWithId(t, 'adm-case-0001')).toBe(0);

    held!();
    const res = await queued;
    expect(res.status).toBe(200);
    const results = ((await res.json()) as PushResponse).results;
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied']);

    // The device honours Retry-After and re-sends the refused push with the rest of its queue.
    const again = await post(t, token, body(clientId, [...queuedIds, 'adm-case-0003']));
    expect(again.status).toBe(200);
    const againResults = ((await again.json()) as PushResponse).results;
    expect(againResults).toEqual([
      ...results,
      { id: 'm-adm-case-0003', status: 'applied', version: 1 },
    ]);
    for (const id of [...queuedIds, 'adm-case-0003']) {
      expect(await timesLogged(t, `m-${id}`)).toBe(1);
      expect(await casesWithId(t, id)).toBe(1);
    }
    expect(admission.load).toEqual({ active: 0, waiting: 0 });
  });
});

const pgUrl = process.env.TEST_DATABASE_URL;
describe.runIf(Boolean(pgUrl) || process.env.CI === 'true')(
  'push admission with a push stuck in the database [postgres]',
  () => {
    it('queues behind a real in-flight push, refuses beyond the queue, applies each once', async () => {
      const t = await startTestApi({
        dialect: 'postgres',
        config: { pushConcurrency: 1, pushQueue: 1 },
      });
      const locker = new pg.Client({ connectionString: await databaseUrlOf(t) });
      try {
        const token = await t.login('officer.choucheng');
        const clientId = `dev-${mid()}`;
        const admission = pushAdmission(t.deps);
        await locker.connect();
        // Another transaction holds the idempotency log: the first push blocks inside it.
        await locker.query('begin');
        await locker.query('lock table mutation_log in access exclusive mode');
        const inFlight = post(t, token, body(clientId, ['pgadm-case-0001']));
        await until(() => admission.load.active === 1);
        const queued = post(t, token, body(clientId, ['pgadm-case-0002']));
        await until(() => admission.load.waiting === 1);
        const refused = await post(t, token, body(clientId, ['pgadm-case-0003']));
        expect(refused.status).toBe(503);
        expect(refused.headers.get('Retry-After')).toMatch(/^[1-5]$/);
        await locker.query('commit');

        expect((await inFlight).status).toBe(200);
        expect((await queued).status).toBe(200);
        const retried = await post(t, token, body(clientId, ['pgadm-case-0003']));
        expect(retried.status).toBe(200);
        for (const id of ['pgadm-case-0001', 'pgadm-case-0002', 'pgadm-case-0003']) {
          expect(await timesLogged(t, `m-${id}`)).toBe(1);
          expect(await casesWithId(t, id)).toBe(1);
        }
      } finally {
        await locker.end().catch(() => undefined);
        await t.close();
      }
    });
  },
);

/** The test API's own database on TEST_DATABASE_URL's server, for a second connection. */
async function databaseUrlOf(t: TestApi): Promise<string> {
  const r = await sql<{ name: string }>`select current_database() as name`.execute(t.db);
  const url = new URL(pgUrl ?? '');
  url.pathname = `/${r.rows[0]!.name}`;
  return url.toString();
}
