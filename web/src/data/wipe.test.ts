import { Dexie } from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { uniqueDbName } from '../../test-support';
import { setMeta } from './db';
import { sealBlob } from './vault/seal';
import { openTestDb } from './vault/testing';
import { wipeDevice } from './wipe';

/** Cache Storage as the page sees it, in memory: names only matter to a wipe. */
function fakeCaches(names: string[]): CacheStorage & { names: Set<string> } {
  const set = new Set(names);
  return {
    names: set,
    keys: async () => [...set],
    delete: async (n: string) => set.delete(n),
    has: async (n: string) => set.has(n),
    open: async () => {
      throw new Error('not used');
    },
    match: async () => undefined,
  } as unknown as CacheStorage & { names: Set<string> };
}

describe('wipeDevice', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('deletes the database with its blobs, the caches and the keyring, then opens an empty one', async () => {
    const name = uniqueDbName('wipe');
    const db = await openTestDb(name);
    await setMeta(db, 'keyring', { wrapped: 'x' });
    const at = '2026-12-01T08:00:00.000Z';
    await db.attachments.put({
      sha256: 'a'.repeat(64),
      caseId: 'case-1',
      kind: 'photo',
      mime: 'image/jpeg',
      size: 5,
      blob: await sealBlob(db.keySource.keys(), new Blob(['photo'])),
      uploaded: false,
      createdAt: at,
    });
    await db.outbox.add({
      id: 'mutation-1',
      name: 'case.create',
      args: {},
      entityId: 'case-1',
      createdAt: at,
      actorId: 'u1',
      actorRole: 'officer',
      attempts: 0,
    });
    const caches = fakeCaches(['workbox-precache-v2-https://x/', 'images', 'api-answers']);
    const vault = { clear: vi.fn() };

    await wipeDevice(db, vault, { caches });

    expect(vault.clear).toHaveBeenCalledTimes(1);
    expect([...caches.names]).toEqual([]);
    expect(db.isOpen()).toBe(true);
    expect(await db.meta.count()).toBe(0);
    expect(await db.attachments.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    // A second connection sees the same empty database: the old one is gone, not cleared.
    const again = new Dexie(name);
    await again.open();
    expect(again.tables.map((t) => t.name).sort()).toEqual(db.tables.map((t) => t.name).sort());
    for (const t of again.tables) expect(await t.count()).toBe(0);
    again.close();
    db.close();
  });

  it('uses the page’s Cache Storage when none is given, and works where there is none', async () => {
    const caches = fakeCaches(['runtime']);
    vi.stubGlobal('caches', caches);
    const db = await openTestDb(uniqueDbName('wipe'));
    await wipeDevice(db, { clear: () => {} });
    expect(caches.names.size).toBe(0);
    vi.unstubAllGlobals();

    await setMeta(db, 'x', 1);
    await wipeDevice(db, { clear: () => {} }, { caches: null });
    expect(await db.meta.count()).toBe(0);
    db.close();
  });

  it('the database is deleted before the keyring is forgotten, and reopened after', async () => {
    const db = await openTestDb(uniqueDbName('wipe'));
    await db.open();
    const order: string[] = [];
    const realDelete = db.delete.bind(db);
    const realOpen = db.open.bind(db);
    const traced = {
      delete: async () => {
        order.push('delete');
        await realDelete();
      },
      open: async () => {
        order.push('open');
        return realOpen();
      },
    };
    await wipeDevice(traced, { clear: () => order.push('clear') }, { caches: null });
    expect(order).toEqual(['delete', 'clear', 'open']);
    db.close();
  });
});
