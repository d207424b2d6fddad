import { describe, expect, it } from 'vitest';
import { uniqueDbName } from '../../../test-support';
import { AnxinDB } from '../db';
import { type DataKeys, staticKeySource, VaultLockedError } from './data-keys';
import { type Keyring, PIN_KDF_ITERATIONS, toBase64Url } from './keyring';
import { randomDataKeys } from './testing';
import type { KeyringUser, Vault } from './types';
import {
  createVault,
  InvalidPinError,
  type KeyringStore,
  metaKeyringStore,
  WrongServerKeyError,
} from './vault';

const MIN = 60_000;
const FAST = 1000; // PBKDF2 rounds for the tests that are not about the rounds

const alice: KeyringUser = {
  id: 'user-alice',
  username: 'officer.alice',
  displayName: '李娜',
  role: 'officer',
};
const bob: KeyringUser = {
  id: 'user-bob',
  username: 'officer.bob',
  displayName: '王强',
  role: 'officer',
};

function randomServerKey(): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
}

/** A store as the meta row would be: JSON in, JSON out, nothing shared with the caller. */
function memoryStore(): KeyringStore & { row(): Keyring | undefined; writes: number } {
  let row: string | undefined;
  const store = {
    writes: 0,
    row: () => (row === undefined ? undefined : (JSON.parse(row) as Keyring)),
    read: async () => store.row(),
    write: async (k: Keyring) => {
      store.writes += 1;
      row = JSON.stringify(k);
    },
    remove: async () => {
      row = undefined;
    },
  };
  return store;
}

function clock(start = Date.parse('2026-12-01T08:00:00Z')) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

/** Proves which data key is open: something sealed under one opens only under the same. */
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
) {
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: sealed.iv },
    keys.aes,
    sealed.data,
  );
  return new TextDecoder().decode(plain);
}

/** A vault signed in once (server wrap only) with a PIN set, then locked. */
async function lockedWithPin(pin = '135790') {
  const store = memoryStore();
  const c = clock();
  const serverKey = randomServerKey();
  const vault = createVault(store, { now: c.now, iterations: FAST });
  await vault.openWithServerKey(alice, serverKey);
  await vault.setPin(pin);
  const sealed = await sealWith(vault.keys(), '欠薪案件');
  vault.lock();
  return { store, clock: c, serverKey, vault, sealed, pin };
}

async function wrongTimes(vault: Vault, n: number) {
  const results = [];
  for (let i = 0; i < n; i++) results.push(await vault.unlockWithPin('000000'));
  return results;
}

describe('vault: first sign-in and PIN', () => {
  it('a first sign-in makes a data key wrapped by the server key only; no PIN yet', async () => {
    const store = memoryStore();
    const vault = createVault(store, { iterations: FAST });
    expect(await vault.load()).toEqual({ kind: 'empty' });
    expect(() => vault.keys()).toThrow(VaultLockedError);

    await vault.openWithServerKey(alice, randomServerKey());
    expect(vault.getState()).toEqual({ kind: 'unlocked', user: alice, hasPin: false });
    expect(vault.keys().aes.extractable).toBe(false);
    const row = store.row();
    expect(row?.user).toEqual(alice);
    expect(row?.server?.wrapped).toBeTruthy();
    expect(row?.pin).toBeUndefined();

    vault.lock();
    expect(vault.getState()).toEqual({ kind: 'needs_password', user: alice, why: 'no_pin' });
    expect(() => vault.keys()).toThrow(VaultLockedError);
  });

  it('the PIN opens the same data key after a lock, and a cold start is locked', async () => {
    const { store, vault, sealed, pin } = await lockedWithPin();
    expect(vault.getState()).toMatchObject({ kind: 'locked', failedPins: 0, waitUntil: null });
    expect(await vault.unlockWithPin(pin)).toEqual({ ok: true });
    expect(vault.getState()).toEqual({ kind: 'unlocked', user: alice, hasPin: true });
    expect(await openWith(vault.keys(), sealed)).toBe('欠薪案件');

    const coldStart = createVault(store, { iterations: FAST });
    expect(await coldStart.load()).toMatchObject({ kind: 'locked', user: alice });
    expect(() => coldStart.keys()).toThrow(VaultLockedError);
    expect(await coldStart.unlockWithPin(pin)).toEqual({ ok: true });
    expect(await openWith(coldStart.keys(), sealed)).toBe('欠薪案件');
  });

  it('takes six digits only, before counting anything', async () => {
    const { store, vault } = await lockedWithPin();
    for (const bad of ['12345', '1234567', 'abcdef', '１２３４５６']) {
      await expect(vault.unlockWithPin(bad)).rejects.toBeInstanceOf(InvalidPinError);
    }
    expect(store.row()?.failedPins).toBe(0);
    await vault.unlockWithPin('135790');
    await expect(vault.setPin('12345')).rejects.toBeInstanceOf(InvalidPinError);
  });

  it('setPin needs the vault unlocked', async () => {
    const { vault } = await lockedWithPin();
    await expect(vault.setPin('111111')).rejects.toBeInstanceOf(VaultLockedError);
  });

  it('the default derivation stores at least 600,000 PBKDF2 rounds, and opens with them', async () => {
    const store = memoryStore();
    const vault = createVault(store);
    await vault.openWithServerKey(alice, randomServerKey());
    const sealed = await sealWith(vault.keys(), 'x');
    await vault.setPin('902114');
    const iterations = store.row()?.pin?.iterations ?? 0;
    expect(iterations).toBe(PIN_KDF_ITERATIONS);
    expect(iterations).toBeGreaterThanOrEqual(600_000);
    vault.lock();
    expect(await vault.unlockWithPin('902114')).toEqual({ ok: true });
    expect(await openWith(vault.keys(), sealed)).toBe('x');
  }, 60_000);
});

describe('vault: wrong PINs', () => {
  it('counts wrong PINs, waits 1, 5, 15, 30, 60 minutes from the fifth, and answers "wait" without trying', async () => {
    const { store, clock: c, vault } = await lockedWithPin();
    const first = await wrongTimes(vault, 4);
    expect(first.map((r) => (r.ok ? 0 : r.reason === 'wrong' ? r.failedPins : -1))).toEqual([
      1, 2, 3, 4,
    ]);
    expect(first.every((r) => !r.ok && r.reason === 'wrong' && r.waitUntil === null)).toBe(true);

    const waits = [1 * MIN, 5 * MIN, 15 * MIN, 30 * MIN, 60 * MIN];
    for (const [i, wait] of waits.entries()) {
      const fifthOn = await vault.unlockWithPin('000000');
      expect(fifthOn).toEqual({
        ok: false,
        reason: 'wrong',
        failedPins: 5 + i,
        waitUntil: c.now() + wait,
      });
      expect(vault.getState()).toMatchObject({ kind: 'locked', failedPins: 5 + i });
      // During the wait even the right PIN is not tried, and nothing is counted.
      c.advance(wait - 1);
      const writes = store.writes;
      expect(await vault.unlockWithPin('135790')).toEqual({
        ok: false,
        reason: 'wait',
        waitUntil: c.now() + 1,
      });
      expect(store.writes).toBe(writes);
      expect(store.row()?.failedPins).toBe(5 + i);
      expect(() => vault.keys()).toThrow(VaultLockedError);
      c.advance(1);
      if (i === waits.length - 1) break;
    }
    // After the 9th and its hour: the right PIN still opens, and resets the count.
    expect(await vault.unlockWithPin('135790')).toEqual({ ok: true });
    expect(store.row()).toMatchObject({ failedPins: 0, waitUntil: null });
  });

  it('a right PIN after wrong ones resets the count', async () => {
    const { store, vault, pin } = await lockedWithPin();
    await wrongTimes(vault, 3);
    expect(store.row()?.failedPins).toBe(3);
    expect(await vault.unlockWithPin(pin)).toEqual({ ok: true });
    expect(store.row()?.failedPins).toBe(0);
    vault.lock();
    expect(vault.getState()).toMatchObject({ kind: 'locked', failedPins: 0 });
    const again = await vault.unlockWithPin('000000');
    expect(again).toMatchObject({ reason: 'wrong', failedPins: 1 });
  });

  it('the 10th wrong PIN drops the PIN wrap, keeps the server wrap; the password opens the same data', async () => {
    const { store, clock: c, vault, serverKey, sealed, pin } = await lockedWithPin();
    const serverWrap = store.row()?.server;
    let last: Awaited<ReturnType<Vault['unlockWithPin']>> | undefined;
    for (let i = 0; i < 10; i++) {
      last = await vault.unlockWithPin('000000');
      c.advance(2 * 60 * MIN);
    }
    expect(last).toEqual({ ok: false, reason: 'forgotten' });
    expect(vault.getState()).toEqual({ kind: 'needs_password', user: alice, why: 'too_many_pins' });
    const row = store.row();
    expect(row?.pin).toBeUndefined();
    expect(row?.server).toEqual(serverWrap);
    // The right PIN no longer opens anything.
    expect(await vault.unlockWithPin(pin)).toEqual({ ok: false, reason: 'forgotten' });
    expect(() => vault.keys()).toThrow(VaultLockedError);
    // A reload still knows why.
    const reloaded = createVault(store, { iterations: FAST });
    expect(await reloaded.load()).toEqual({
      kind: 'needs_password',
      user: alice,
      why: 'too_many_pins',
    });

    await reloaded.openWithServerKey(alice, serverKey);
    expect(reloaded.getState()).toEqual({ kind: 'unlocked', user: alice, hasPin: false });
    expect(await openWith(reloaded.keys(), sealed)).toBe('欠薪案件');
    await reloaded.setPin('246802');
    expect(store.row()).toMatchObject({ failedPins: 0, waitUntil: null });
    expect(store.row()?.pinLost).toBeUndefined();
  });

  it('counts and waits survive a new vault over the same store (a reload)', async () => {
    const { store, clock: c, vault } = await lockedWithPin();
    await wrongTimes(vault, 5);
    const waitUntil = c.now() + MIN;
    expect(store.row()).toMatchObject({ failedPins: 5, waitUntil });

    const reloaded = createVault(store, { now: c.now, iterations: FAST });
    expect(await reloaded.load()).toEqual({
      kind: 'locked',
      user: alice,
      failedPins: 5,
      waitUntil,
    });
    expect(await reloaded.unlockWithPin('135790')).toEqual({
      ok: false,
      reason: 'wait',
      waitUntil,
    });
    c.advance(MIN);
    expect(await reloaded.unlockWithPin('000000')).toMatchObject({
      reason: 'wrong',
      failedPins: 6,
    });
  });

  it('a try is counted before the key is derived: one cut short by a reload still counts', async () => {
    const { store, vault, pin } = await lockedWithPin();
    const counts: number[] = [];
    const write = store.write;
    store.write = async (k) => {
      counts.push(k.failedPins);
      await write(k);
    };
    // Even the right PIN is first written down as a try, then the count is reset.
    expect(await vault.unlockWithPin(pin)).toEqual({ ok: true });
    expect(counts).toEqual([1, 0]);
  });

  it('a 10th try cut short by a reload drops the PIN wrap at the next load', async () => {
    const { store } = await lockedWithPin();
    const row = store.row() as Keyring;
    await store.write({ ...row, failedPins: 10, waitUntil: null });
    const reloaded = createVault(store, { iterations: FAST });
    expect(await reloaded.load()).toEqual({
      kind: 'needs_password',
      user: alice,
      why: 'too_many_pins',
    });
    expect(store.row()?.pin).toBeUndefined();
    expect(store.row()?.server).toEqual(row.server);
  });

  it('two tries at once are counted one after the other', async () => {
    const { store, vault } = await lockedWithPin();
    const both = await Promise.all([vault.unlockWithPin('000000'), vault.unlockWithPin('111111')]);
    expect(both.map((r) => (!r.ok && r.reason === 'wrong' ? r.failedPins : null))).toEqual([1, 2]);
    expect(store.row()?.failedPins).toBe(2);
  });
});

describe('vault: PIN change and forgotten PIN', () => {
  it('a new PIN re-wraps the same data key under a new salt; the old PIN stops working', async () => {
    const { store, vault, sealed, pin } = await lockedWithPin();
    expect(await vault.unlockWithPin(pin)).toEqual({ ok: true });
    const before = store.row()?.pin;
    await vault.setPin('864200');
    const after = store.row()?.pin;
    expect(after?.salt).not.toBe(before?.salt);
    expect(after?.wrapped).not.toBe(before?.wrapped);
    vault.lock();

    expect(await vault.unlockWithPin(pin)).toMatchObject({ ok: false, reason: 'wrong' });
    expect(await vault.unlockWithPin('864200')).toEqual({ ok: true });
    expect(await openWith(vault.keys(), sealed)).toBe('欠薪案件');
    expect(store.row()?.failedPins).toBe(0);
  });

  it('forgetPin drops the PIN wrap and locks; the password opens, then a new PIN is chosen', async () => {
    const { store, vault, serverKey, sealed, pin } = await lockedWithPin();
    await vault.forgetPin();
    expect(vault.getState()).toEqual({ kind: 'needs_password', user: alice, why: 'pin_forgotten' });
    expect(store.row()?.pin).toBeUndefined();
    expect(store.row()?.server).toBeDefined();
    expect(await vault.unlockWithPin(pin)).toEqual({ ok: false, reason: 'forgotten' });

    await vault.openWithServerKey(alice, serverKey);
    expect(vault.getState()).toEqual({ kind: 'unlocked', user: alice, hasPin: false });
    expect(await openWith(vault.keys(), sealed)).toBe('欠薪案件');
    await vault.setPin('777111');
    vault.lock();
    expect(await vault.unlockWithPin('777111')).toEqual({ ok: true });
  });

  it('forgetPin while unlocked also drops the key from memory', async () => {
    const { vault, pin } = await lockedWithPin();
    await vault.unlockWithPin(pin);
    await vault.forgetPin();
    expect(() => vault.keys()).toThrow(VaultLockedError);
    expect(vault.getState()).toMatchObject({ kind: 'needs_password', why: 'pin_forgotten' });
  });
});

describe('vault: the server key', () => {
  it('a wrong server key throws, leaves the keyring untouched and the data sealed; the PIN still opens', async () => {
    const { store, vault, sealed, pin } = await lockedWithPin();
    const before = store.row();
    await expect(vault.openWithServerKey(alice, randomServerKey())).rejects.toBeInstanceOf(
      WrongServerKeyError,
    );
    expect(store.row()).toEqual(before);
    expect(vault.getState()).toMatchObject({ kind: 'locked', user: alice });
    expect(() => vault.keys()).toThrow(VaultLockedError);
    expect(await vault.unlockWithPin(pin)).toEqual({ ok: true });
    expect(await openWith(vault.keys(), sealed)).toBe('欠薪案件');
  });

  it('the same user and key re-open the same data key; a password sign-in resets the PIN count', async () => {
    const { store, vault, serverKey, sealed } = await lockedWithPin();
    await wrongTimes(vault, 6);
    await vault.openWithServerKey({ ...alice, displayName: '李娜（城关）' }, serverKey);
    expect(vault.getState()).toMatchObject({ kind: 'unlocked', hasPin: true });
    expect(await openWith(vault.keys(), sealed)).toBe('欠薪案件');
    expect(store.row()).toMatchObject({ failedPins: 0, waitUntil: null });
    expect(store.row()?.user.displayName).toBe('李娜（城关）');
  });

  it('another user gets a new data key (the previous one does not open their data)', async () => {
    const { store, vault, sealed } = await lockedWithPin();
    await vault.openWithServerKey(bob, randomServerKey());
    expect(vault.getState()).toEqual({ kind: 'unlocked', user: bob, hasPin: false });
    expect(store.row()?.user).toEqual(bob);
    expect(store.row()?.pin).toBeUndefined();
    await expect(openWith(vault.keys(), sealed)).rejects.toThrow();
  });

  it('a malformed server key is refused before anything is read or written', async () => {
    const store = memoryStore();
    const vault = createVault(store, { iterations: FAST });
    await expect(vault.openWithServerKey(alice, 'short')).rejects.toBeInstanceOf(TypeError);
    expect(store.writes).toBe(0);
  });
});

describe('vault: memory and listeners', () => {
  it('a lock during an unlock in flight wins: the key stays closed', async () => {
    const { vault, pin } = await lockedWithPin();
    const pending = vault.unlockWithPin(pin);
    vault.lock();
    expect(await pending).toEqual({ ok: true });
    expect(() => vault.keys()).toThrow(VaultLockedError);
    expect(vault.getState()).toMatchObject({ kind: 'locked' });
  });

  it('a lock during a PIN change keeps the old PIN', async () => {
    const { store, vault, pin } = await lockedWithPin();
    await vault.unlockWithPin(pin);
    const before = store.row()?.pin;
    const pending = vault.setPin('999000');
    vault.lock();
    await expect(pending).rejects.toBeInstanceOf(VaultLockedError);
    expect(store.row()?.pin).toEqual(before);
    expect(await vault.unlockWithPin(pin)).toEqual({ ok: true });
  });

  it('clear forgets everything in memory; listeners hear each change, with a stable snapshot', async () => {
    const store = memoryStore();
    const vault = createVault(store, { iterations: FAST });
    const seen: string[] = [];
    const off = vault.subscribe(() => seen.push(vault.getState().kind));
    const serverKey = randomServerKey();
    await vault.openWithServerKey(alice, serverKey);
    const snap = vault.getState();
    expect(vault.getState()).toBe(snap);
    vault.clear();
    expect(vault.getState()).toEqual({ kind: 'empty' });
    expect(() => vault.keys()).toThrow(VaultLockedError);
    off();
    await vault.openWithServerKey(alice, serverKey);
    expect(seen).toEqual(['unlocked', 'empty']);
  });
});

describe('vault: the keyring in the meta table', () => {
  it('is the plain `keyring` row, read back as written, and removed', async () => {
    const db = new AnxinDB(uniqueDbName('vault'), staticKeySource(await randomDataKeys()));
    const store = metaKeyringStore(db);
    expect(await store.read()).toBeUndefined();
    const vault = createVault(store, { iterations: FAST });
    await vault.openWithServerKey(alice, randomServerKey());
    await vault.setPin('135790');
    const row = await store.read();
    expect(row?.user).toEqual(alice);
    expect(row?.pin?.iterations).toBe(FAST);

    const reloaded = createVault(metaKeyringStore(db), { iterations: FAST });
    expect(await reloaded.load()).toMatchObject({ kind: 'locked', user: alice });
    expect(await reloaded.unlockWithPin('135790')).toEqual({ ok: true });

    await store.remove();
    expect(await store.read()).toBeUndefined();
    db.close();
  });
});
