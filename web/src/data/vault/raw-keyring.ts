import { parseKeyring } from './keyring';
import { KEYRING_ROW, type KeyringStore } from './vault';

/** The Dexie table (and IndexedDB object store) holding the keyring row. */
const META_STORE = 'meta';

/** The app's keyring store; `attach` hands it the Dexie store once the database code is in. */
export interface DeviceKeyringStore extends KeyringStore {
  attach(dexie: KeyringStore): void;
  /** Starts opening the database now (a read's own open would wait for a microtask). */
  prepare(): void;
}

/**
 * The keyring row (`meta` / `keyring`, the one plain row: see seal-policy.ts) read and
 * written with IndexedDB itself. Why not through Dexie: every cold start opens on the lock
 * screen, which needs only this row; with it read raw, the first screen's JavaScript holds
 * neither Dexie nor the seal middleware, and the database's (slow) cold open starts before
 * React has even evaluated. Dexie, the schema and the rest load while the PIN is typed.
 *
 * Dexie owns the schema and its upgrades, so this store never creates the database: while
 * there is none (a first visit, or after a wipe) reads find no keyring and writes wait for
 * the Dexie store (`attach`). Its connection steps aside whenever another one needs the
 * database to itself (Dexie upgrading the schema, a wipe deleting it) and opens again on the
 * next read or write.
 */
export function deviceKeyringStore(name: string, idb: IDBFactory = indexedDB): DeviceKeyringStore {
  let conn: Promise<IDBDatabase | null> | null = null;
  let attachDexie: (store: KeyringStore) => void = () => {};
  const dexie = new Promise<KeyringStore>((resolve) => {
    attachDexie = resolve;
  });

  function connect(): Promise<IDBDatabase | null> {
    if (conn) return conn;
    const opening = new Promise<IDBDatabase | null>((resolve) => {
      let req: IDBOpenDBRequest;
      try {
        req = idb.open(name);
      } catch {
        resolve(null);
        return;
      }
      req.onupgradeneeded = (e) => {
        // No database yet: opening without a version would create an empty one (version 1,
        // no tables) under Dexie's feet. Abort: the open fails and nothing is created.
        if (e.oldVersion === 0) req.transaction?.abort();
      };
      req.onsuccess = () => {
        const db = req.result;
        if (!db.objectStoreNames.contains(META_STORE)) {
          db.close();
          resolve(null);
          return;
        }
        const forget = () => {
          if (conn === opening) conn = null;
        };
        db.onversionchange = () => {
          db.close();
          forget();
        };
        db.onclose = forget;
        resolve(db);
      };
      req.onerror = (e) => {
        // Expected when the upgrade above was aborted: not an error of the page.
        e.preventDefault();
        resolve(null);
      };
    });
    conn = opening;
    // No database: ask again next time (Dexie may have created it meanwhile).
    void opening.then((db) => {
      if (!db && conn === opening) conn = null;
    });
    return opening;
  }

  /** One request in its own transaction; null when there is no database to run it in. */
  async function run<T>(
    mode: IDBTransactionMode,
    request: (store: IDBObjectStore) => IDBRequest<T>,
  ): Promise<{ value: T } | null> {
    for (let attempt = 0; ; attempt++) {
      const db = await connect();
      if (!db) return null;
      let trans: IDBTransaction;
      try {
        trans = db.transaction(META_STORE, mode);
      } catch (err) {
        // Closed between the open and now (a versionchange): open again, once.
        if (attempt === 0 && err instanceof DOMException && err.name === 'InvalidStateError') {
          if (conn) conn = null;
          continue;
        }
        throw err;
      }
      return new Promise((resolve, reject) => {
        const req = request(trans.objectStore(META_STORE));
        // Settled when the transaction has committed, as Dexie's own writes are.
        trans.oncomplete = () => resolve({ value: req.result });
        trans.onerror = () => reject(trans.error ?? req.error);
        trans.onabort = () => reject(trans.error ?? new DOMException('aborted', 'AbortError'));
      });
    }
  }

  return {
    attach: (store) => attachDexie(store),

    prepare: () => void connect(),

    async read() {
      const got = await run('readonly', (s) => s.get(KEYRING_ROW));
      const row = got?.value as { value?: unknown } | undefined;
      return parseKeyring(row?.value);
    },

    async write(k) {
      const done = await run('readwrite', (s) => s.put({ key: KEYRING_ROW, value: k }));
      if (!done) await (await dexie).write(k);
    },

    async remove() {
      // No database: no keyring to remove.
      await run('readwrite', (s) => s.delete(KEYRING_ROW));
    },
  };
}
