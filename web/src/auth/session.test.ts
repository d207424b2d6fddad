import { t } from '@anxin/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, TEST_PASSWORD, type TestApi } from '../../../api/test-support';
import { faultyFetch, sampleCase, TEST_BASE_URL, uniqueDbName } from '../../test-support';
import { createActions } from '../data/actions';
import { openDb } from '../data/db';
import { request } from '../sync/http';
import { createSession, LoginError, type LoginResult } from './session';

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
    const result = await session.login('officer.choucheng', TEST_PASSWORD);
    expect(result.kind).toBe('signed_in');
    const { user } = result;
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
    expect(t((err as LoginError).key, 'zh')).toMatch(/密码/);
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
    expect(t(err.key, 'zh')).toMatch(/联网/);
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
    const { user } = await session.login('officer.choucheng', TEST_PASSWORD);
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
    const { user } = await session.login('officer.choucheng', TEST_PASSWORD);
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

/** A new account made by the administrator, as the API gives it: username and one-time password. */
async function newAccount(name: string): Promise<{ username: string; oneTimePassword: string }> {
  const admin = await api.login('admin');
  const username = `${name}.${Math.random().toString(36).slice(2, 8)}`;
  const res = await api.api(admin, 'POST', '/api/admin/users', {
    username,
    displayName: '新同事',
    role: 'officer',
    unitIds: ['choucheng'],
  });
  expect(res.status).toBe(201);
  const body = (await res.json()) as { oneTimePassword: string };
  return { username, oneTimePassword: body.oneTimePassword };
}

function mustChange(r: LoginResult): Extract<LoginResult, { kind: 'password_change_required' }> {
  if (r.kind !== 'password_change_required')
    throw new Error(`expected a password change, got ${r.kind}`);
  return r;
}

describe('session: sign-in with a password an administrator set', () => {
  it('stores nothing until a new password is set, then signs in with the fresh token', async () => {
    const { db, session } = setup();
    const account = await newAccount('fresh');
    const step = mustChange(await session.login(account.username, account.oneTimePassword));
    expect(step.user.username).toBe(account.username);
    expect(await session.current()).toBeNull();
    expect(await db.meta.get('session')).toBeUndefined();

    const user = await step.changePassword('Qingchun-2027-lu');
    expect(user.username).toBe(account.username);
    const cur = await session.current();
    expect(cur?.user.id).toBe(user.id);
    // The stored token is the one the password change answered, and it does real work.
    expect((await api.api(cur!.token, 'GET', '/api/cases')).status).toBe(200);
    // The one-time password is spent; the chosen one signs in without another step.
    await expect(session.login(account.username, account.oneTimePassword)).rejects.toMatchObject({
      code: 'bad_credentials',
    });
    expect((await session.login(account.username, 'Qingchun-2027-lu')).kind).toBe('signed_in');
  });

  it('sends the password just typed as the current one, with the login token', async () => {
    const db = openDb(uniqueDbName('session'));
    const faulty = faultyFetch((i, init) => api.fetch(i as string | URL | Request, init));
    const session = createSession(db, { baseUrl: TEST_BASE_URL, fetch: faulty.fetch });
    const account = await newAccount('sent');
    const step = mustChange(await session.login(account.username, account.oneTimePassword));
    await step.changePassword('Qingchun-2027-lu');
    const change = faulty.log.find((r) => r.path === '/api/auth/password');
    expect(change).toEqual({
      method: 'POST',
      path: '/api/auth/password',
      body: { current: account.oneTimePassword, next: 'Qingchun-2027-lu' },
    });
  });

  it('a refused new password names the field, stores nothing, and can be tried again', async () => {
    const { session } = setup();
    const account = await newAccount('weak');
    const step = mustChange(await session.login(account.username, account.oneTimePassword));
    const err = (await step.changePassword('1234567890').catch((e: unknown) => e)) as LoginError;
    expect(err).toBeInstanceOf(LoginError);
    expect(err.code).toBe('rejected');
    expect(err.fields.next).toMatch(/常见/);
    expect(await session.current()).toBeNull();
    await step.changePassword('Qingchun-2027-lu');
    expect((await session.current())?.user.username).toBe(account.username);
  });

  it('asks in English for English messages', async () => {
    const { session } = setup();
    const account = await newAccount('english');
    const step = mustChange(await session.login(account.username, account.oneTimePassword));
    const err = (await step
      .changePassword(account.username, { lang: 'en' })
      .catch((e: unknown) => e)) as LoginError;
    expect(err.code).toBe('rejected');
    expect(err.fields.next).toMatch(/username/i);
  });

  it('keeps the guard: another user’s unsent work refuses the sign-in before any password is changed', async () => {
    const { db, session } = setup();
    const { user } = await session.login('officer.choucheng', TEST_PASSWORD);
    const actions = createActions(db, { user: () => user, serverNow: () => Date.now() });
    await actions.createCase(sampleCase('choucheng', 3));
    const account = await newAccount('guarded');
    const err = (await session
      .login(account.username, account.oneTimePassword)
      .catch((e: unknown) => e)) as LoginError;
    expect(err.code).toBe('other_user_unsent');
    expect((await session.current())?.user.id).toBe(user.id);
    expect(await db.outbox.count()).toBe(1);
    // The one-time password still works: nothing was changed on the server.
    const again = await api.fetch('/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: account.username, password: account.oneTimePassword }),
    });
    expect(again.status).toBe(200);
  });

  it('a token that must change its password is "unauthorized" to the sync loops, not a refusal', async () => {
    const account = await newAccount('loops');
    const res = await api.fetch('/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: account.username, password: account.oneTimePassword }),
    });
    const { token } = (await res.json()) as { token: string };
    const out = await request(
      {
        baseUrl: TEST_BASE_URL,
        fetch: (i, init) => api.fetch(i as string | URL | Request, init),
        getToken: () => token,
        now: Date.now,
      },
      'POST',
      '/api/sync/push',
      { json: { clientId: 'device-1', mutations: [] } },
    );
    expect(out).toMatchObject({
      kind: 'unauthorized',
      status: 403,
      error: { code: 'password_change_required' },
    });
  });
});
