import { describe, expect, it } from 'vitest';
import { uniqueDbName } from '../../../test-support';
import { AnxinDB } from '../db';
import { staticKeySource } from './data-keys';
import { toBase64Url } from './keyring';
import { deviceKeyringStore } from './raw-keyring';
import { randomDataKeys } from './testing';
import type { KeyringUser } from './types';
import { createVault, metaKeyringStore } from './vault';

const FAST = 1000; // PBKDF2 rounds: these tests are about the storage, not the rounds
const PIN = '135790';
const alice: KeyringUser = {
  id: 'user-alice',
  username: 'officer.alice',
  displayName: '李娜',
  role: 'officer',
};

async function databaseExists(name: string): Promise<boolean> {
  return (await indexedDB.databases()).some((d) => d.name === name);
}

const serverKey = (): string => toBase64Url(crypto.getRandomValues(new Uint8Array(32)));

describe('the keyring read and written with raw IndexedDB (the lock screen needs no Dexie)', () => {
  it('finds no keyring and creates no database where there is none', async () => {
    const name = uniqueDbName('raw-keyring-none');
    const store = deviceKeyringStore(name);
    store.prepare();
    expect(await store.read()).toBeUndefined();
    await store.remove();
    expect(await databaseExists(name)).toBe(false);
    // Dexie then creates it with its whole schema, not over an empty version 1.
    const db = new AnxinDB(name, staticKeySource(await randomDataKeys()));
    await db.open();
    expect(db.tables.map((t) => t.name)).toContain('cases');
    db.close();
  });

  it('reads and writes the same row as the Dexie store, the PIN opening it either way', async () => {
    const name = uniqueDbName('raw-keyring-same');
    const db = new AnxinDB(name, staticKeySource(await randomDataKeys()));
    const viaDexie = metaKeyringStore(db);
    const first = createVault(viaDexie, { iterations: FAST });
    await first.openWithServerKey(alice, serverKey());
    await first.setPin(PIN);

    const raw = deviceKeyringStore(name);
    expect(await raw.read()).toEqual(await viaDexie.read());
    // A cold start on the raw store: locked, a wrong PIN counted in the row Dexie reads.
    const cold = createVault(raw, { iterations: FAST });
    expect(await cold.load()).toMatchObject({ kind: 'locked', user: alice, failedPins: 0 });
    expect(await cold.unlockWithPin('000000')).toMatchObject({ ok: false, failedPins: 1 });
    expect((await viaDexie.read())?.failedPins).toBe(1);
    expect(await cold.unlockWithPin(PIN)).toEqual({ ok: true });
    expect((await viaDexie.read())?.failedPins).toBe(0);
    await raw.remove();
    expect(await viaDexie.read()).toBeUndefined();
    db.close();
  });

  it('writes through Dexie while there is no database yet (a first sign-in)', async () => {
    const name = uniqueDbName('raw-keyring-first');
    const raw = deviceKeyringStore(name);
    const vault = createVault(raw, { iterations: FAST });
    expect(await vault.load()).toEqual({ kind: 'empty' });
    const signingIn = vault.openWithServerKey(alice, serverKey());
    // Until the database code is in, the write waits for it.
    const db = new AnxinDB(name, staticKeySource(await randomDataKeys()));
    raw.attach(metaKeyringStore(db));
    await signingIn;
    expect((await metaKeyringStore(db).read())?.user).toEqual(alice);
    // From now on the raw connection finds the database Dexie made.
    await vault.setPin(PIN);
    expect((await raw.read())?.pin?.iterations).toBe(FAST);
    db.close();
  });

  it('steps aside for a deletion (wipe, logout) and a schema upgrade, then opens again', async () => {
    const name = uniqueDbName('raw-keyring-aside');
    const db = new AnxinDB(name, staticKeySource(await randomDataKeys()));
    const vault = createVault(metaKeyringStore(db), { iterations: FAST });
    await vault.openWithServerKey(alice, serverKey());
    const raw = deviceKeyringStore(name);
    expect((await raw.read())?.user).toEqual(alice);

    // A later schema version: the open connection would block the upgrade if it stayed.
    const version = db.verno;
    db.close();
    const upgrade: IDBDatabase = await new Promise((resolve, reject) => {
      const req = indexedDB.open(name, version * 10 + 1);
      req.onupgradeneeded = () => req.result.createObjectStore('later');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
      req.onblocked = () => reject(new Error('blocked by the raw keyring connection'));
    });
    upgrade.close();
    expect((await raw.read())?.user).toEqual(alice);

    await new Promise<void>((resolve, reject) => {
      const req = indexedDB.deleteDatabase(name);
      req.onsuccess = () => resolve();
      req.onerror = () => reject(req.error);
      req.onblocked = () => reject(new Error('blocked by the raw keyring connection'));
    });
    expect(await raw.read()).toBeUndefined();
    expect(await databaseExists(name)).toBe(false);
  });
});
