import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ApiError, LoginResponse, User } from '@anxin/shared';
import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createApp } from '../src/app';
import { connect } from '../src/db/connect';
import { migrateToLatest } from '../src/db/migrate';
import type { Db } from '../src/db/schema';
import type { AppDeps } from '../src/deps';
import { readAuthGeneration } from '../src/repositories/auth-generation';
import { revokeSession } from '../src/repositories/sessions';
import { hashToken } from '../src/services/auth/auth-service';
import { SessionCache, sessionCacheOf } from '../src/services/auth/session-cache';
import {
  type ApiCall,
  callerOf,
  createTestDatabase,
  seedTestFixture,
  TEST_PASSWORD,
  TEST_USERS,
  testConfig,
} from '../test-support';
import { queryCounter } from '../test-support/query-counter';
import { forEachDialect, jsonOf } from '../test-support/suite';

interface Instance {
  deps: AppDeps;
  call: ApiCall;
}

/**
 * Two server instances over one database, as behind a load balancer: each its own
 * connection (pool), its own deps and so its own session cache.
 */
forEachDialect('session cache across two instances', (dialect) => {
  let clock: number | null = null;
  const now = () => new Date(clock ?? Date.now());
  let closeAll: () => Promise<void> = async () => {};
  let a: Instance;
  let b: Instance;
  let dbA: Db;
  let counter: ReturnType<typeof queryCounter>;

  function instance(db: Db): Instance {
    const deps: AppDeps = { db, dialect, config: testConfig(), now, log: () => {} };
    return { deps, call: callerOf(createApp(deps)) };
  }

  beforeEach(async () => {
    clock = null;
    let open: (() => ReturnType<typeof connect>) | null = null;
    let drop: () => Promise<void>;
    if (dialect === 'postgres') {
      const fresh = await createTestDatabase('anxin_sc');
      open = () => connect({ dialect: 'postgres', url: fresh.url, max: 4 });
      drop = fresh.drop;
    } else {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anxin-sc-'));
      const file = path.join(dir, 'test.sqlite');
      open = () => connect({ dialect: 'sqlite', path: file });
      drop = async () => fs.rmSync(dir, { recursive: true, force: true });
    }
    const connA = open();
    await migrateToLatest(connA.db, dialect);
    const connB = open();
    counter = queryCounter();
    dbA = connA.db;
    a = instance(connA.db);
    b = instance(connB.db.withPlugin(counter));
    await seedTestFixture(a.deps);
    closeAll = async () => {
      await connA.close();
      await connB.close();
      await drop();
    };
  });

  afterEach(async () => {
    await closeAll();
  });

  async function login(username: string): Promise<LoginResponse> {
    const res = await a.call(null, 'POST', '/api/auth/login', {
      username,
      password: TEST_PASSWORD,
    });
    expect(res.status, await res.clone().text()).toBe(200);
    return jsonOf<LoginResponse>(res);
  }

  /** Polls `probe` on instance B until it holds; the time it took, or a failure after 1 s. */
  async function within1s(probe: () => Promise<boolean>): Promise<number> {
    const started = performance.now();
    for (;;) {
      if (await probe()) return performance.now() - started;
      if (performance.now() - started > 1000)
        throw new Error('instance B still answered the old way after 1 s');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  const codeOf = async (res: Response) =>
    res.status === 200 ? 'ok' : (await jsonOf<ApiError>(res)).error.code;

  it('a sign-out on A is refused on B within a second, and on A at once', async () => {
    const { token } = await login('officer.choucheng');
    expect((await a.call(token, 'GET', '/api/auth/me')).status).toBe(200);
    expect((await b.call(token, 'GET', '/api/auth/me')).status).toBe(200);
    expect((await a.call(token, 'POST', '/api/auth/logout')).status).toBe(200);
    expect(await codeOf(await a.call(token, 'GET', '/api/auth/me'))).toBe('unauthorized');
    const ms = await within1s(
      async () => (await codeOf(await b.call(token, 'GET', '/api/auth/me'))) === 'unauthorized',
    );
    expect(ms).toBeLessThan(1000);
  });

  it('an admin disabling a user on A: B answers account_disabled within a second', async () => {
    const { token } = await login('officer.fotang');
    const admin = (await login('admin')).token;
    // Cached on both instances before the change.
    expect((await a.call(token, 'GET', '/api/auth/me')).status).toBe(200);
    expect((await b.call(token, 'GET', '/api/sync/pull')).status).toBe(200);
    const res = await a.call(admin, 'PATCH', `/api/admin/users/${TEST_USERS.officerFotang.id}`, {
      disabled: true,
    });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await codeOf(await a.call(token, 'GET', '/api/auth/me'))).toBe('account_disabled');
    await within1s(
      async () => (await codeOf(await b.call(token, 'GET', '/api/auth/me'))) === 'account_disabled',
    );
    // Enabling again does not revive the revoked session, on either instance.
    await a.call(admin, 'PATCH', `/api/admin/users/${TEST_USERS.officerFotang.id}`, {
      disabled: false,
    });
    await within1s(
      async () => (await codeOf(await b.call(token, 'GET', '/api/auth/me'))) === 'unauthorized',
    );
  });

  it('a unit change on A: B serves the new scope within a second', async () => {
    const { token } = await login('officer.choucheng');
    const admin = (await login('admin')).token;
    const townsOn = async (i: Instance) =>
      (await jsonOf<{ user: User }>(await i.call(token, 'GET', '/api/auth/me'))).user.townIds;
    expect(await townsOn(a)).toEqual(['choucheng']);
    expect(await townsOn(b)).toEqual(['choucheng']);
    const res = await a.call(admin, 'PATCH', `/api/admin/users/${TEST_USERS.officerChoucheng.id}`, {
      unitIds: ['fotang'],
    });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await townsOn(a)).toEqual(['fotang']);
    await within1s(async () => (await townsOn(b)).join() === 'fotang');
  });

  it('a password reset on A ends the session on B within a second', async () => {
    const { token } = await login('inspector.1');
    const admin = (await login('admin')).token;
    expect((await a.call(token, 'GET', '/api/auth/me')).status).toBe(200);
    expect((await b.call(token, 'GET', '/api/auth/me')).status).toBe(200);
    const res = await a.call(
      admin,
      'POST',
      `/api/admin/users/${TEST_USERS.inspector.id}/password-reset`,
      {},
    );
    expect(res.status).toBe(200);
    expect(await codeOf(await a.call(token, 'GET', '/api/auth/me'))).toBe('unauthorized');
    await within1s(
      async () => (await codeOf(await b.call(token, 'GET', '/api/auth/me'))) === 'unauthorized',
    );
  });

  it('a password change on A ends the old session on A at once and on B within a second', async () => {
    const { token } = await login('office.1');
    expect((await a.call(token, 'GET', '/api/auth/me')).status).toBe(200);
    expect((await b.call(token, 'GET', '/api/auth/me')).status).toBe(200);
    const res = await a.call(token, 'POST', '/api/auth/password', {
      current: TEST_PASSWORD,
      next: 'Yiwu-river-lantern-2026',
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const fresh = (await jsonOf<LoginResponse>(res)).token;
    expect(await codeOf(await a.call(token, 'GET', '/api/auth/me'))).toBe('unauthorized');
    expect((await b.call(fresh, 'GET', '/api/auth/me')).status).toBe(200);
    await within1s(
      async () => (await codeOf(await b.call(token, 'GET', '/api/auth/me'))) === 'unauthorized',
    );
  });

  it('an expired session is refused at once, with no event, even when cached', async () => {
    clock = Date.parse('2026-11-20T02:00:00Z');
    const { token, expiresAt } = await login('officer.choucheng');
    expect((await b.call(token, 'GET', '/api/auth/me')).status).toBe(200);
    expect((await b.call(token, 'GET', '/api/auth/me')).status).toBe(200);
    const generation = await readAuthGeneration(dbA);
    clock = Date.parse(expiresAt) - 1;
    expect((await b.call(token, 'GET', '/api/auth/me')).status).toBe(200);
    clock = Date.parse(expiresAt);
    expect(await codeOf(await b.call(token, 'GET', '/api/auth/me'))).toBe('session_expired');
    expect(await readAuthGeneration(dbA)).toBe(generation);
  });

  it('a cache hit reads neither the session nor the user', async () => {
    const { token } = await login('officer.choucheng');
    counter.queries.length = 0;
    expect((await b.call(token, 'GET', '/api/auth/me')).status).toBe(200);
    const miss = counter.queries.splice(0);
    expect(miss.filter((t) => t.includes('sessions'))).toHaveLength(1);
    expect(miss.some((t) => t.includes('users'))).toBe(true);
    for (let i = 0; i < 5; i++) {
      expect((await b.call(token, 'GET', '/api/auth/me')).status).toBe(200);
    }
    // At most the shared look at the generation, never the session or the user.
    const hits = counter.queries.splice(0);
    expect(hits.flat().filter((t) => t !== 'auth_generation')).toEqual([]);
  });

  it('B looks at the generation only after checkEveryMs, and trusts an entry at most ttlMs', async () => {
    let mono = 1_000_000;
    sessionCacheOf(b.deps, { monotonic: () => mono, checkEveryMs: 300, ttlMs: 5000 });
    const { token } = await login('officer.choucheng');
    expect((await b.call(token, 'GET', '/api/auth/me')).status).toBe(200);
    // Signed out through A's repository: the generation moved, but B has not looked yet.
    await revokeSession(dbA, hashToken(token), new Date().toISOString());
    counter.queries.length = 0;
    expect((await b.call(token, 'GET', '/api/auth/me')).status).toBe(200);
    expect(counter.queries).toEqual([]);
    mono += 301;
    expect(await codeOf(await b.call(token, 'GET', '/api/auth/me'))).toBe('unauthorized');

    // A change behind the application's back (no generation raised) lasts at most ttlMs.
    const other = (await login('officer.fotang')).token;
    expect((await b.call(other, 'GET', '/api/auth/me')).status).toBe(200);
    await sql`update users set disabled = 1 where id = ${TEST_USERS.officerFotang.id}`.execute(dbA);
    mono += 1000;
    expect((await b.call(other, 'GET', '/api/auth/me')).status).toBe(200);
    mono += 4001;
    expect(await codeOf(await b.call(other, 'GET', '/api/auth/me'))).toBe('account_disabled');
  });

  it('keeps at most maxEntries, dropping the least recently used; a drop wins over a slow read', async () => {
    const cache = new SessionCache(dbA, {
      ttlMs: 5000,
      maxEntries: 2,
      checkEveryMs: 300,
      monotonic: () => performance.now(),
    });
    const v = (id: string) => ({
      actor: { id, username: id, displayName: id, role: 'officer' as const, townIds: ['x'] },
      expiresAt: '2099-01-01T00:00:00.000Z',
      mustChangePassword: false,
    });
    cache.set('t1', v('1'), cache.mark());
    cache.set('t2', v('2'), cache.mark());
    expect(cache.get('t1')?.actor.id).toBe('1');
    cache.set('t3', v('3'), cache.mark());
    expect(cache.size).toBe(2);
    expect(cache.get('t2')).toBeNull();
    expect(cache.get('t1')?.actor.id).toBe('1');
    // A read that began before a drop may hold the old answer: it is not remembered.
    const mark = cache.mark();
    cache.drop();
    cache.set('t4', v('4'), mark);
    expect(cache.get('t4')).toBeNull();
    expect(cache.size).toBe(0);
  });
});
