import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, TEST_PASSWORD, type TestApi } from '../../../api/test-support';
import { createActions } from '../data/actions';
import { openDb } from '../data/db';
import { sampleCase, TEST_BASE_URL, uniqueDbName } from '../sync/test-kit';
import { createSession, LoginError } from './session';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ dialect: 'sqlite' });
});
afterAll(async () => {
  await api.close();
});

function setup(now?: () => number) {
  const db = openDb(uniqueDbName('session'));
  const session = createSession(db, {
    baseUrl: TEST_BASE_URL,
    fetch: (i, init) => api.fetch(i as string | URL | Request, init),
    ...(now ? { now } : {}),
  });
  return { db, session };
}

describe('session', () => {
  it('logs in online, keeps the session on the device, and records the clock offset', async () => {
    const { db, session } = setup();
    const user = await session.login('officer.choucheng', TEST_PASSWORD);
    expect(user.role).toBe('officer');
    expect(user.townIds).toEqual(['choucheng']);
    const cur = await session.current();
    expect(cur?.user.id).toBe(user.id);
    expect(cur?.token.length).toBeGreaterThan(10);
    expect(typeof (await db.meta.get('clockOffsetMs'))?.value).toBe('number');
  });

  it('a wrong password is a typed error in Chinese', async () => {
    const { session } = setup();
    const err = await session.login('officer.choucheng', 'wrong-password').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LoginError);
    expect((err as LoginError).code).toBe('bad_credentials');
    expect((err as LoginError).messageZh).toMatch(/密码/);
    expect(await session.current()).toBeNull();
  });

  it('no network at sign-in says so plainly', async () => {
    const db = openDb(uniqueDbName('session'));
    const session = createSession(db, {
      baseUrl: TEST_BASE_URL,
      fetch: () => Promise.reject(new TypeError('offline')),
    });
    const err = (await session
      .login('officer.choucheng', TEST_PASSWORD)
      .catch((e: unknown) => e)) as LoginError;
    expect(err.code).toBe('offline');
    expect(err.messageZh).toMatch(/联网/);
  });

  it('an expired session is not current (judged by server time), but the data stays', async () => {
    let deviceNow = Date.now();
    const { db, session } = setup(() => deviceNow);
    await session.login('officer.choucheng', TEST_PASSWORD);
    expect(await session.current()).not.toBeNull();
    deviceNow += 8 * 86_400_000;
    expect(await session.current()).toBeNull();
    expect(await db.meta.get('session')).toBeDefined();
  });

  it('logout refuses while changes are unsent, unless the officer discards them; then wipes everything', async () => {
    const { db, session } = setup();
    const user = await session.login('officer.choucheng', TEST_PASSWORD);
    const actions = createActions(db, { user: () => user, serverNow: () => Date.now() });
    await actions.createCase(sampleCase('choucheng', 1));
    await actions.saveDraft({
      id: 'draft-1',
      kind: 'mediation',
      data: {},
      updatedAt: new Date().toISOString(),
    });

    const refused = await session.logout({ discardUnsent: false });
    expect(refused).toEqual({ ok: false, unsent: 1, drafts: 1 });
    expect(await db.cases.count()).toBe(1);
    expect(await session.current()).not.toBeNull();

    const done = await session.logout({ discardUnsent: true });
    expect(done).toEqual({ ok: true });
    for (const table of db.tables) expect(await table.count()).toBe(0);
    expect(await session.current()).toBeNull();
  });

  it('logout with nothing unsent succeeds at once and revokes the token on the server', async () => {
    const { db, session } = setup();
    await session.login('officer.choucheng', TEST_PASSWORD);
    const token = (await session.current())!.token;
    expect(await session.logout({ discardUnsent: false })).toEqual({ ok: true });
    expect(await db.meta.count()).toBe(0);
    const res = await api.api(token, 'GET', '/api/auth/me');
    expect(res.status).toBe(401);
  });

  it('another user cannot sign in over someone’s unsent work', async () => {
    const { db, session } = setup();
    const user = await session.login('officer.choucheng', TEST_PASSWORD);
    const actions = createActions(db, { user: () => user, serverNow: () => Date.now() });
    await actions.createCase(sampleCase('choucheng', 2));
    const err = (await session
      .login('officer.fotang', TEST_PASSWORD)
      .catch((e: unknown) => e)) as LoginError;
    expect(err.code).toBe('other_user_unsent');
    expect((await session.current())?.user.id).toBe(user.id);
    expect(await db.outbox.count()).toBe(1);
  });
});
