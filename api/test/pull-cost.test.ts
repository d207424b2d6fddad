import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LoginResponse, PullResponse } from '@anxin/shared';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createApp } from '../src/app';
import { connect } from '../src/db/connect';
import { migrateToLatest } from '../src/db/migrate';
import type { AppDeps } from '../src/deps';
import { sessionCacheOf } from '../src/services/auth/session-cache';
import { actorOf } from '../src/services/seed/seed';
import { push } from '../src/services/sync/push';
import {
  type ApiCall,
  callerOf,
  createTestDatabase,
  seedTestFixture,
  TEST_PASSWORD,
  testConfig,
} from '../test-support';
import { queryCounter } from '../test-support/query-counter';
import { forEachDialect } from '../test-support/suite';

/**
 * Issue 20: a caught-up pull touches at most one index seek. Once the session is cached
 * (and the instance has looked at the auth generation within checkEveryMs, which is once
 * per instance, not per pull), the pull is one statement: the feed read.
 */
forEachDialect('cost of a caught-up pull', (dialect) => {
  let clock = Date.parse('2026-03-02T09:00:00.000Z');
  let deps: AppDeps;
  let counter: ReturnType<typeof queryCounter>;
  let call: ApiCall;
  let closeAll: () => Promise<void> = async () => {};

  beforeEach(async () => {
    clock = Date.parse('2026-03-02T09:00:00.000Z');
    let conn: ReturnType<typeof connect>;
    let drop: () => Promise<void>;
    if (dialect === 'postgres') {
      const fresh = await createTestDatabase('anxin_pc');
      conn = connect({ dialect: 'postgres', url: fresh.url, max: 4 });
      drop = fresh.drop;
    } else {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anxin-pc-'));
      conn = connect({ dialect: 'sqlite', path: path.join(dir, 'test.sqlite') });
      drop = async () => fs.rmSync(dir, { recursive: true, force: true });
    }
    await migrateToLatest(conn.db, dialect);
    counter = queryCounter();
    deps = {
      db: conn.db.withPlugin(counter),
      dialect,
      config: testConfig(),
      now: () => new Date(clock),
      log: () => {},
    };
    await seedTestFixture(deps);
    // The generation is looked at once; every later request within the minute trusts it.
    sessionCacheOf(deps, { checkEveryMs: 60_000 });
    call = callerOf(createApp(deps));
    closeAll = async () => {
      await conn.close();
      await drop();
    };
  });

  afterEach(async () => {
    await closeAll();
  });

  async function pullFrom(token: string, cursor: string): Promise<PullResponse> {
    const res = await call(token, 'GET', `/api/sync/pull?cursor=${encodeURIComponent(cursor)}`);
    expect(res.status).toBe(200);
    return (await res.json()) as PullResponse;
  }

  /** officer.choucheng signed in and pulled to the head: the token and the head cursor. */
  async function signInCaughtUp(): Promise<{ token: string; cursor: string }> {
    const login = await call(null, 'POST', '/api/auth/login', {
      username: 'officer.choucheng',
      password: TEST_PASSWORD,
    });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as LoginResponse;
    let page = await pullFrom(token, '');
    while (page.hasMore) page = await pullFrom(token, page.cursor);
    return { token, cursor: page.cursor };
  }

  it('once the session is cached, a caught-up pull runs one query (the feed), and still sees a new change', async () => {
    const { token, cursor: head } = await signInCaughtUp();

    counter.queries.length = 0;
    const caughtUp = await pullFrom(token, head);
    expect(caughtUp.changes).toEqual([]);
    expect(caughtUp.cursor).toBe(head);
    expect(counter.queries).toEqual([['change_feed']]);

    // A colleague's edit in the officer's town: the next pull, still one query for the feed
    // plus the rows it points to, brings it.
    const colleague = await actorOf(deps, 'inspector.1');
    const choucheng = await firstCaseOfTown('choucheng');
    const res = await push(
      deps,
      colleague,
      {
        clientId: 'pull-cost-colleague',
        mutations: [
          {
            id: 'pull-cost-edit',
            name: 'case.update',
            args: { id: choucheng, patch: { description: '补充说明：已电话联系老板' } },
            baseVersion: await versionOf(choucheng),
          },
        ],
      },
      'en',
    );
    expect(res.results.map((r) => r.status)).toEqual(['applied']);
    const next = await pullFrom(token, head);
    expect(next.changes.map((c) => `${c.entity}:${c.op}`)).toContain('case:put');
    expect(
      next.changes.some(
        (c) =>
          c.entity === 'case' &&
          (c.data as { description: string }).description === '补充说明：已电话联系老板',
      ),
    ).toBe(true);

    // Caught up again: one query.
    counter.queries.length = 0;
    expect((await pullFrom(token, next.cursor)).changes).toEqual([]);
    expect(counter.queries).toEqual([['change_feed']]);
  });

  it('still records the contact once a minute, and a logout is refused at once', async () => {
    const { token, cursor } = await signInCaughtUp();
    const contact = async () =>
      (
        await deps.db
          .selectFrom('sessions')
          .select('last_contact_at')
          .where('user_id', '=', (await actorOf(deps, 'officer.choucheng')).id)
          .executeTakeFirstOrThrow()
      ).last_contact_at;
    expect(await contact()).toBe(new Date(clock).toISOString());

    clock += 30_000;
    await pullFrom(token, cursor);
    expect(await contact()).toBe(new Date(clock - 30_000).toISOString());

    clock += 31_000;
    counter.queries.length = 0;
    await pullFrom(token, cursor);
    expect(counter.queries).toEqual([['change_feed'], ['sessions']]);
    expect(await contact()).toBe(new Date(clock).toISOString());

    expect((await call(token, 'POST', '/api/auth/logout')).status).toBeLessThan(300);
    expect((await call(token, 'GET', `/api/sync/pull?cursor=${cursor}`)).status).toBe(401);
  });

  async function firstCaseOfTown(townId: string): Promise<string> {
    const row = await deps.db
      .selectFrom('cases')
      .select('id')
      .where('town_id', '=', townId)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async function versionOf(caseId: string): Promise<number> {
    const row = await deps.db
      .selectFrom('cases')
      .select('version')
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    return row.version;
  }
});
