import { t } from '@anxin/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, TEST_PASSWORD, type TestApi } from '../../../api/test-support';
import { faultyFetch, sampleCase, TEST_BASE_URL, uniqueDbName } from '../../test-support';
import { createActions } from '../data/actions';
import { getMeta, META, setMeta } from '../data/db';
import type { DataKeys } from '../data/vault/data-keys';
import { toBase64Url, unwrapWithServerKey } from '../data/vault/keyring';
import { metaKeyringStore } from '../data/vault/vault';
import { openVaultedDb } from '../data/vault/vaulted-db';
import { request } from '../sync/http';
import { createSession, LoginError, type LoginResult } from './session';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ dialect: 'sqlite' });
});
afterAll(async () => {
  await api.close();
});

/** PBKDF2 rounds for the PINs set here (the rounds themselves are vault.test.ts's concern). */
const FAST = 1000;

/** A device as main.tsx makes it: the database sealed by the vault that lives in it. */
async function setup(now?: () => number, opts: { name?: string; fetch?: typeof fetch } = {}) {
  const { db, vault } = openVaultedDb(opts.name ?? uniqueDbName('session'), {
    iterations: FAST,
  });
  await vault.load();
  const session = createSession(db, vault, {
    baseUrl: TEST_BASE_URL,
    fetch: opts.fetch ?? ((i, init) => api.fetch(i as string | URL | Request, init)),
    ...(now ? { now } : {}),
  });
  return { db, vault, session };
}

describe('session', () => {
  it('logs in online, keeps the session on the device, and records the clock offset', async () => {
    const { db, session } = await setup();
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
    const { session } = await setup();
    const err = await session.login('officer.choucheng', 'wrong-password').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LoginError);
    expect((err as LoginError).code).toBe('bad_credentials');
    expect(t((err as LoginError).key, 'zh')).toMatch(/密码/);
    expect(await session.current()).toBeNull();
  });

  it('no network at sign-in says so plainly', async () => {
    const { session } = await setup(undefined, {
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
    const { db, session } = await setup(() => deviceNow);
    await session.login('officer.choucheng', TEST_PASSWORD);
    expect(await session.current()).not.toBeNull();
    deviceNow += 8 * 86_400_000;
    expect(await session.current()).toBeNull();
    expect(await db.meta.get('session')).toBeDefined();
  });

  it('logout refuses while changes are unsent, unless the officer discards them; then wipes everything', async () => {
    const { db, session } = await setup();
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
    const { db, session } = await setup();
    await session.login('officer.choucheng', TEST_PASSWORD);
    const token = (await session.current())!.token;
    expect(await session.logout({ discardUnsent: false })).toEqual({ ok: true });
    expect(await db.meta.count()).toBe(0);
    const res = await api.api(token, 'GET', '/api/auth/me');
    expect(res.status).toBe(401);
  });

  it('another user cannot sign in over someone’s unsent work', async () => {
    const { db, session } = await setup();
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
    const { db, session } = await setup();
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
    const faulty = faultyFetch((i, init) => api.fetch(i as string | URL | Request, init));
    const { session } = await setup(undefined, { fetch: faulty.fetch });
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
    const { session } = await setup();
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
    const { session } = await setup();
    const account = await newAccount('english');
    const step = mustChange(await session.login(account.username, account.oneTimePassword));
    const err = (await step
      .changePassword(account.username, { lang: 'en' })
      .catch((e: unknown) => e)) as LoginError;
    expect(err.code).toBe('rejected');
    expect(err.fields.next).toMatch(/username/i);
  });

  it('keeps the guard: another user’s unsent work refuses the sign-in before any password is changed', async () => {
    const { db, session } = await setup();
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

/** What the server answers this user's login (its device key among it), asked directly. */
async function deviceKeyOf(username: string): Promise<string> {
  const res = await api.fetch('/api/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: TEST_PASSWORD }),
  });
  const { deviceKey } = (await res.json()) as { deviceKey?: string };
  if (!deviceKey) throw new Error('the test server hands out no device key');
  return deviceKey;
}

/** The real API, with the login answer's body changed on its way to the device. */
function editedLogin(edit: (body: Record<string, unknown>) => void): typeof fetch {
  return async (input, init) => {
    const res = await api.fetch(input as string | URL | Request, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.endsWith('/api/auth/login') || res.status !== 200) return res;
    const body = (await res.json()) as Record<string, unknown>;
    edit(body);
    const headers = new Headers(res.headers);
    headers.delete('content-length');
    return new Response(JSON.stringify(body), { status: 200, headers });
  };
}

/** Proves which data key is open: what one seals, only the same one opens. */
async function sealWith(keys: DataKeys, text: string) {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv },
    keys.aes,
    new TextEncoder().encode(text),
  );
  return { iv, data };
}

async function openWith(
  keys: DataKeys,
  sealed: { iv: Uint8Array<ArrayBuffer>; data: ArrayBuffer },
): Promise<string> {
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: sealed.iv },
    keys.aes,
    sealed.data,
  );
  return new TextDecoder().decode(plain);
}

describe('session: the device key', () => {
  it('a sign-in stores a keyring whose server wrap opens with the user’s device key; no PIN yet', async () => {
    const { db, vault, session } = await setup();
    const { user } = await session.login('officer.choucheng', TEST_PASSWORD);
    expect(vault.getState()).toMatchObject({
      kind: 'unlocked',
      hasPin: false,
      user: { id: user.id },
    });
    const keyring = await metaKeyringStore(db).read();
    expect(keyring?.user).toEqual({
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      role: user.role,
    });
    expect(keyring?.pin).toBeUndefined();
    const deviceKey = await deviceKeyOf('officer.choucheng');
    const raw = await unwrapWithServerKey(keyring!.server!, deviceKey, user.id);
    expect(raw?.byteLength).toBe(32);
    const other = toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
    expect(await unwrapWithServerKey(keyring!.server!, other, user.id)).toBeNull();
  });

  it('the same user signing in again (a cold start, no PIN) re-opens the same data key and its data', async () => {
    const name = uniqueDbName('session');
    const first = await setup(undefined, { name });
    const { user } = await first.session.login('officer.choucheng', TEST_PASSWORD);
    const actions = createActions(first.db, { user: () => user, serverNow: () => Date.now() });
    const caseId = await actions.createCase(sampleCase('choucheng', 4));
    const sealed = await sealWith(first.vault.keys(), '同一把钥匙');
    first.db.close();

    const again = await setup(undefined, { name });
    expect(again.vault.getState()).toMatchObject({ kind: 'needs_password', why: 'no_pin' });
    expect(await again.session.current()).toBeNull();
    expect(await again.db.outbox.count()).toBe(1);

    await again.session.login('officer.choucheng', TEST_PASSWORD);
    expect(await openWith(again.vault.keys(), sealed)).toBe('同一把钥匙');
    expect((await again.db.cases.get(caseId))?.employer.name).toContain('显示设备');
    expect((await again.session.current())?.user.id).toBe(user.id);
  });

  it('another user’s sign-in (nothing unsent, device locked) wipes the device and makes a new data key', async () => {
    const { db, vault, session } = await setup();
    await session.login('officer.choucheng', TEST_PASSWORD);
    const sealed = await sealWith(vault.keys(), '上一位的数据');
    await setMeta(db, META.cursor, 'cursor-of-the-first');
    // Left locked behind (a cold start): the wipe needs no key.
    await vault.setPin('135790');
    vault.lock();

    const { user } = await session.login('officer.fotang', TEST_PASSWORD);
    expect((await metaKeyringStore(db).read())?.user.id).toBe(user.id);
    expect(vault.getState()).toMatchObject({ kind: 'unlocked', user: { id: user.id } });
    await expect(openWith(vault.keys(), sealed)).rejects.toThrow();
    expect(await getMeta(db, META.cursor)).toBeUndefined();
    expect((await session.current())?.user.id).toBe(user.id);
  });

  it('another user is named from the keyring even while the device is locked', async () => {
    const { db, vault, session } = await setup();
    const { user } = await session.login('officer.choucheng', TEST_PASSWORD);
    const actions = createActions(db, { user: () => user, serverNow: () => Date.now() });
    await actions.createCase(sampleCase('choucheng', 5));
    await vault.setPin('135790');
    vault.lock();
    const err = (await session
      .login('officer.fotang', TEST_PASSWORD)
      .catch((e: unknown) => e)) as LoginError;
    expect(err.code).toBe('other_user_unsent');
    expect(err.params).toMatchObject({ name: user.displayName, count: 1 });
    expect(vault.getState()).toMatchObject({ kind: 'locked', user: { id: user.id } });
    expect(await vault.unlockWithPin('135790')).toEqual({ ok: true });
    expect((await session.current())?.user.id).toBe(user.id);
  });

  it('an answer without a device key (an older server) is refused, and nothing is stored', async () => {
    const { db, vault, session } = await setup(undefined, {
      fetch: editedLogin((body) => {
        delete body.deviceKey;
      }),
    });
    const err = (await session
      .login('officer.choucheng', TEST_PASSWORD)
      .catch((e: unknown) => e)) as LoginError;
    expect(err).toBeInstanceOf(LoginError);
    expect(err).toMatchObject({ code: 'server', key: 'signIn.badAnswer' });
    expect(vault.getState()).toEqual({ kind: 'empty' });
    expect(await db.meta.count()).toBe(0);
  });

  it('while locked there is no current session; the PIN brings it back; logout forgets the keys', async () => {
    const { vault, session } = await setup();
    await session.login('officer.choucheng', TEST_PASSWORD);
    await vault.setPin('135790');
    vault.lock();
    expect(await session.current()).toBeNull();
    expect(await vault.unlockWithPin('135790')).toEqual({ ok: true });
    expect((await session.current())?.user.username).toBe('officer.choucheng');
    expect(await session.logout({ discardUnsent: false })).toEqual({ ok: true });
    expect(vault.getState()).toEqual({ kind: 'empty' });
  });

  it('a replaced device key: with nothing unsent the device starts afresh under the new key', async () => {
    let replaced: string | null = null;
    const { vault, session } = await setup(undefined, {
      fetch: editedLogin((body) => {
        if (replaced) body.deviceKey = replaced;
      }),
    });
    await session.login('officer.choucheng', TEST_PASSWORD);
    const sealed = await sealWith(vault.keys(), '旧钥匙');
    replaced = toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
    expect((await session.login('officer.choucheng', TEST_PASSWORD)).kind).toBe('signed_in');
    await expect(openWith(vault.keys(), sealed)).rejects.toThrow();
    expect(vault.getState()).toMatchObject({ kind: 'unlocked', hasPin: false });
    expect(await session.current()).not.toBeNull();
  });

  it('a replaced device key with unsent work is refused; nothing changes and the PIN still opens it', async () => {
    let replaced: string | null = null;
    const { db, vault, session } = await setup(undefined, {
      fetch: editedLogin((body) => {
        if (replaced) body.deviceKey = replaced;
      }),
    });
    const { user } = await session.login('officer.choucheng', TEST_PASSWORD);
    const actions = createActions(db, { user: () => user, serverNow: () => Date.now() });
    await actions.createCase(sampleCase('choucheng', 6));
    await vault.setPin('135790');
    vault.lock();
    const before = await metaKeyringStore(db).read();

    replaced = toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
    const err = (await session
      .login('officer.choucheng', TEST_PASSWORD)
      .catch((e: unknown) => e)) as LoginError;
    expect(err).toMatchObject({ code: 'device_key_mismatch', params: { count: 1 } });
    expect(t(err.key, 'zh', err.params)).toMatch(/PIN/);
    expect(await metaKeyringStore(db).read()).toEqual(before);
    expect(vault.getState()).toMatchObject({ kind: 'locked' });
    expect(await vault.unlockWithPin('135790')).toEqual({ ok: true });
    expect(await db.outbox.count()).toBe(1);
    expect((await session.current())?.user.id).toBe(user.id);
  });
});
