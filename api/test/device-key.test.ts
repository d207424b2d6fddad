import type { ApiError, LoginResponse, OneTimePasswordAnswer } from '@anxin/shared';
import { expect, it } from 'vitest';
import { ensureDeviceKey, setUserUnits } from '../src/repositories/users';
import { TEST_PASSWORD, TEST_USERS } from '../test-support';
import { forEachDialect, jsonOf, useTestApi } from '../test-support/suite';

// Issue 18, the server's half: the per-user device key a password sign-in hands out, and
// `no_units`, which tells a field user's devices to wipe once they belong to no unit.

const NOW = Date.parse('2026-12-02T02:00:00.000Z');
const KEY = /^[A-Za-z0-9_-]{43}$/;

forEachDialect('device key and no_units', (dialect) => {
  const get = useTestApi(dialect, { now: () => new Date(NOW) });

  function signIn(username: string, password = TEST_PASSWORD, lang = 'zh-CN') {
    return get().fetch('/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Accept-Language': lang },
      body: JSON.stringify({ username, password }),
    });
  }

  async function answer(username: string, password = TEST_PASSWORD): Promise<LoginResponse> {
    const res = await signIn(username, password);
    expect(res.status, await res.clone().text()).toBe(200);
    return jsonOf<LoginResponse>(res);
  }

  async function storedKey(userId: string): Promise<string | null> {
    const row = await get()
      .db.selectFrom('users')
      .select('device_key')
      .where('id', '=', userId)
      .executeTakeFirstOrThrow();
    return row.device_key;
  }

  it('makes the key at the first sign-in and answers the same one at every later one', async () => {
    expect(await storedKey(TEST_USERS.officerChoucheng.id)).toBeNull();
    const first = await answer('officer.choucheng');
    expect(first.deviceKey).toMatch(KEY);
    expect(Buffer.from(first.deviceKey!, 'base64url')).toHaveLength(32);
    expect(await storedKey(TEST_USERS.officerChoucheng.id)).toBe(first.deviceKey);
    const second = await answer('officer.choucheng');
    expect(second.token).not.toBe(first.token);
    expect(second.deviceKey).toBe(first.deviceKey);

    const others = await Promise.all(
      ['officer.fotang', 'inspector.1', 'office.1', 'admin'].map(async (u) => {
        const a = await answer(u);
        expect(a.deviceKey, u).toMatch(KEY);
        return a.deviceKey;
      }),
    );
    expect(new Set([first.deviceKey, ...others]).size).toBe(5);
  });

  it('concurrent first sign-ins of one user all answer the one key that was stored', async () => {
    const answers = await Promise.all([1, 2, 3, 4].map(() => answer('officer.fotang')));
    const keys = new Set(answers.map((a) => a.deviceKey));
    expect(keys.size).toBe(1);
    expect(await storedKey(TEST_USERS.officerFotang.id)).toBe(answers[0]!.deviceKey);

    // The same race at the repository, with distinct candidates: the first write wins.
    const raced = await Promise.all(
      ['cand-a', 'cand-b', 'cand-c'].map((c) =>
        ensureDeviceKey(get().db, TEST_USERS.inspector.id, c),
      ),
    );
    expect(new Set(raced).size).toBe(1);
    expect(['cand-a', 'cand-b', 'cand-c']).toContain(raced[0]);
    expect(await ensureDeviceKey(get().db, TEST_USERS.inspector.id, 'cand-d')).toBe(raced[0]);
  });

  it('keeps the key through a password change, an admin reset and disabling', async () => {
    const t = get();
    const admin = await t.login('admin');
    const created = await jsonOf<OneTimePasswordAnswer>(
      await t.api(admin, 'POST', '/api/admin/users', {
        username: 'officer.key1',
        displayName: '新来的劳资专员',
        role: 'officer',
        unitIds: ['choucheng'],
      }),
    );
    // A one-time password is a password sign-in too; the device stores nothing before the
    // change, whose answer carries the same key.
    const once = await answer('officer.key1', created.oneTimePassword);
    expect(once.mustChangePassword).toBe(true);
    expect(once.deviceKey).toMatch(KEY);
    const changed = await t.api(once.token, 'POST', '/api/auth/password', {
      current: created.oneTimePassword,
      next: 'Fen-to-yuan-2027',
    });
    expect(changed.status).toBe(200);
    expect((await jsonOf<LoginResponse>(changed)).deviceKey).toBe(once.deviceKey);

    const reset = await jsonOf<OneTimePasswordAnswer>(
      await t.api(admin, 'POST', `/api/admin/users/${created.user.id}/password-reset`, {}),
    );
    expect((await answer('officer.key1', reset.oneTimePassword)).deviceKey).toBe(once.deviceKey);

    for (const disabled of [true, false]) {
      const res = await t.api(admin, 'PATCH', `/api/admin/users/${created.user.id}`, { disabled });
      expect(res.status).toBe(200);
    }
    expect(await storedKey(created.user.id)).toBe(once.deviceKey);
    expect((await answer('officer.key1', reset.oneTimePassword)).deviceKey).toBe(once.deviceKey);
  });

  it('no other answer carries the key: me, directory, admin list, audit trail, logs', async () => {
    const t = get();
    const officer = await answer('officer.choucheng');
    const admin = await answer('admin');
    const office = await answer('office.1');
    // An audited change of the officer, so the audit trail names them.
    const patched = await t.api(admin.token, 'PATCH', `/api/admin/users/${officer.user.id}`, {
      displayName: '稠城专员',
    });
    expect(patched.status).toBe(200);
    const reads: Array<[string, string]> = [
      [officer.token, '/api/auth/me'],
      [officer.token, '/api/users'],
      [office.token, '/api/users'],
      [admin.token, '/api/admin/users'],
      [admin.token, `/api/admin/users?q=officer`],
      [office.token, '/api/office/audit'],
    ];
    const keys = [officer.deviceKey!, admin.deviceKey!, office.deviceKey!];
    for (const [token, path] of reads) {
      const res = await t.api(token, 'GET', path);
      expect(res.status, path).toBe(200);
      const text = await res.text();
      expect(text, path).not.toMatch(/deviceKey|device_key/);
      for (const key of keys) expect(text, path).not.toContain(key);
    }
    const patchedText = await patched.text();
    for (const key of keys) expect(patchedText).not.toContain(key);
    const logged = JSON.stringify(t.logs);
    for (const key of keys) expect(logged).not.toContain(key);
  });

  it('a field user in no unit: 401 no_units on every call and at sign-in; back in a unit, signed in again', async () => {
    const t = get();
    const before = await answer('officer.fotang');
    const admin = await t.login('admin');
    const id = TEST_USERS.officerFotang.id;
    // The admin API keeps every officer in at least one unit; the state still arises from
    // outside it (a seed, an operator's SQL), and the server must not serve that user.
    const refused = await t.api(admin, 'PATCH', `/api/admin/users/${id}`, { unitIds: [] });
    expect(refused.status).toBe(400);
    await setUserUnits(t.db, id, []);

    for (const [method, path] of [
      ['GET', '/api/sync/pull'],
      ['GET', '/api/auth/me'],
      ['GET', '/api/cases'],
    ] as const) {
      const res = await t.api(before.token, method, path);
      expect(res.status, path).toBe(401);
      expect((await jsonOf<ApiError>(res)).error).toEqual({
        code: 'no_units',
        message: '你已不属于任何单位，请联系管理员',
      });
    }
    const zh = await signIn('officer.fotang');
    expect(zh.status).toBe(401);
    expect((await jsonOf<ApiError>(zh)).error.code).toBe('no_units');
    const en = await signIn('officer.fotang', TEST_PASSWORD, 'en');
    expect((await jsonOf<ApiError>(en)).error).toEqual({
      code: 'no_units',
      message: 'You no longer belong to any unit; contact an administrator',
    });
    // Only the right password learns it: a guess is a plain failure.
    const guess = await signIn('officer.fotang', 'not-the-password');
    expect(guess.status).toBe(401);
    expect((await jsonOf<ApiError>(guess)).error.code).toBe('unauthorized');
    // A refused sign-in opened no session.
    const sessions = await t.db
      .selectFrom('sessions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(Number(sessions.n)).toBe(1);

    // Office and admin belong to no unit by design and are unaffected.
    expect((await t.api(admin, 'GET', '/api/auth/me')).status).toBe(200);
    expect((await signIn('office.1')).status).toBe(200);

    const back = await t.api(admin, 'PATCH', `/api/admin/users/${id}`, { unitIds: ['fotang'] });
    expect(back.status, await back.clone().text()).toBe(200);
    expect((await t.api(before.token, 'GET', '/api/sync/pull')).status).toBe(200);
    const again = await answer('officer.fotang');
    expect(again.user.townIds).toEqual(['fotang']);
    expect(again.deviceKey).toBe(before.deviceKey);
  });

  it('an inspector in no unit is refused the same way', async () => {
    const t = get();
    const token = await t.login('inspector.1');
    await setUserUnits(t.db, TEST_USERS.inspector.id, []);
    const res = await t.api(token, 'GET', '/api/sync/pull');
    expect(res.status).toBe(401);
    expect((await jsonOf<ApiError>(res)).error.code).toBe('no_units');
    expect((await jsonOf<ApiError>(await signIn('inspector.1'))).error.code).toBe('no_units');
  });
});
