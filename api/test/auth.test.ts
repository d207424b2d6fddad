import type { ApiError, LoginResponse, User } from '@anxin/shared';
import { expect, it } from 'vitest';
import { setUserDisabled } from '../src/repositories/users';
import { TEST_PASSWORD, TEST_USERS } from '../test-support';
import { forEachDialect, jsonOf, useTestApi } from '../test-support/suite';

forEachDialect('login and sessions', (dialect) => {
  let clock = Date.parse('2026-11-20T02:00:00Z');
  const get = useTestApi(dialect, { now: () => new Date(clock) });

  const tryLogin = (username: string, password: string) =>
    get().api(null, 'POST', '/api/auth/login', { username, password });

  it('logs in with the right password and answers the contract shape', async () => {
    clock = Date.parse('2026-11-20T02:00:00Z');
    const res = await tryLogin('officer.choucheng', TEST_PASSWORD);
    expect(res.status).toBe(200);
    const body = await jsonOf<LoginResponse>(res);
    expect(body.user).toEqual({
      id: TEST_USERS.officerChoucheng.id,
      username: 'officer.choucheng',
      displayName: expect.any(String),
      role: 'officer',
      townIds: ['choucheng'],
    });
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(body.expiresAt).toBe('2026-11-27T02:00:00.000Z');
    expect(body.serverTime).toBe('2026-11-20T02:00:00.000Z');
    const me = await get().api(body.token, 'GET', '/api/auth/me');
    expect(me.status).toBe(200);
    expect((await jsonOf<{ user: User }>(me)).user.username).toBe('officer.choucheng');
  });

  it('refuses a wrong password or unknown user with 401 and the same message', async () => {
    const a = await tryLogin('officer.choucheng', 'wrong-password');
    const b = await tryLogin('nobody.here', 'wrong-password');
    expect(a.status).toBe(401);
    expect(b.status).toBe(401);
    expect((await jsonOf<ApiError>(a)).error.message).toBe(
      (await jsonOf<ApiError>(b)).error.message,
    );
  });

  it('locks a username out after 5 failures, even for the right password, with Retry-After', async () => {
    clock = Date.parse('2026-11-20T02:00:00Z');
    for (let i = 0; i < 5; i++) {
      expect((await tryLogin('office.1', `bad-${i}`)).status).toBe(401);
    }
    const locked = await tryLogin('office.1', TEST_PASSWORD);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect(Number(locked.headers.get('Retry-After'))).toBeLessThanOrEqual(15 * 60);
    expect((await jsonOf<ApiError>(locked)).error.code).toBe('rate_limited');
    // Other users are not affected by this username's lock.
    expect((await tryLogin('admin', TEST_PASSWORD)).status).toBe(200);
    // After the window the right password works again.
    clock += 15 * 60_000 + 1000;
    expect((await tryLogin('office.1', TEST_PASSWORD)).status).toBe(200);
  });

  it('locks an address out after 20 failures across usernames', async () => {
    clock = Date.parse('2026-11-20T02:00:00Z');
    for (let i = 0; i < 20; i++) {
      expect((await tryLogin(`guess.${i}`, 'x')).status).toBe(401);
    }
    const res = await tryLogin('officer.fotang', TEST_PASSWORD);
    expect(res.status).toBe(429);
    expect(res.headers.get('Retry-After')).not.toBeNull();
  });

  it('revokes the session on logout', async () => {
    const token = await get().login('inspector.1');
    expect((await get().api(token, 'GET', '/api/auth/me')).status).toBe(200);
    expect((await get().api(token, 'POST', '/api/auth/logout')).status).toBe(200);
    const after = await get().api(token, 'GET', '/api/auth/me');
    expect(after.status).toBe(401);
    expect((await jsonOf<ApiError>(after)).error.code).toBe('unauthorized');
  });

  it('kills sessions at once when the user is disabled', async () => {
    const token = await get().login('officer.fotang');
    await setUserDisabled(get().db, TEST_USERS.officerFotang.id, true);
    const res = await get().api(token, 'GET', '/api/sync/pull');
    expect(res.status).toBe(401);
    expect((await tryLogin('officer.fotang', TEST_PASSWORD)).status).toBe(401);
  });

  it('expires sessions after SESSION_DAYS with session_expired', async () => {
    clock = Date.parse('2026-11-20T02:00:00Z');
    const token = await get().login('officer.choucheng');
    clock += 7 * 86_400_000 - 1000;
    expect((await get().api(token, 'GET', '/api/auth/me')).status).toBe(200);
    clock += 2000;
    const res = await get().api(token, 'GET', '/api/auth/me');
    expect(res.status).toBe(401);
    expect((await jsonOf<ApiError>(res)).error.code).toBe('session_expired');
  });

  it('answers 401 without a token or with a made-up one', async () => {
    expect((await get().api(null, 'GET', '/api/cases')).status).toBe(401);
    const res = await get().api('x'.repeat(43), 'GET', '/api/cases');
    expect(res.status).toBe(401);
    expect((await jsonOf<ApiError>(res)).error.code).toBe('unauthorized');
  });
});
