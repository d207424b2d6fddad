import { PROTOCOL_HEADER, PROTOCOL_VERSION, type PullResponse } from '@anxin/shared';
import PouchDB from 'pouchdb-browser';
import { createActions } from '../../web/src/data/actions';
import { type AnxinDB, openDb as openAppDb } from '../../web/src/data/db';
import type { LocalCase, SessionUser } from '../../web/src/data/types';
import {
  type DataKeys,
  dataKeysFromRaw,
  newRawDataKey,
  staticKeySource,
} from '../../web/src/data/vault/data-keys';
import { openVaultedDb } from '../../web/src/data/vault/vaulted-db';
import { createSyncEngine } from '../../web/src/sync/engine';
import { writePage } from '../../web/src/sync/pull';
import { pushOutbox } from '../../web/src/sync/push';
import { makeCases } from '../lib/cases';

/**
 * Runs inside headless Chromium, built by the runner with Vite from the app's own modules
 * (web/src/data, web/src/sync: the real Dexie schema, write path and sync engine). The
 * runner calls these through page.evaluate; every timing is taken here, in the page.
 */

const now = () => performance.now();

// The app's database is measured as shipped: sealed (docs/decisions/018), with one random
// data key for this page. The raw-IndexedDB floors stay unencrypted.
let benchKeys: Promise<DataKeys> | undefined;
async function openDb(name: string): Promise<AnxinDB> {
  benchKeys ??= dataKeysFromRaw(newRawDataKey());
  return openAppDb(name, staticKeySource(await benchKeys));
}
const quietEnv = { window: null, document: null, isOnline: () => true };

async function login(
  username: string,
  baseUrl = '',
): Promise<{ token: string; user: SessionUser }> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: 'anxin-demo' }),
  });
  if (!res.ok) throw new Error(`login ${username}: ${res.status}`);
  return (await res.json()) as { token: string; user: SessionUser };
}

function txDone(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
  });
}

function reqDone<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

/** A raw IndexedDB database with exactly the object stores and indexes Dexie made for `tables`. */
async function rawTwin(source: AnxinDB, name: string, tables: string[]): Promise<IDBDatabase> {
  await reqDone(indexedDB.deleteDatabase(name));
  const open = indexedDB.open(name, 1);
  open.onupgradeneeded = () => {
    const idb = open.result;
    for (const t of tables) {
      const schema = source.table(t).schema;
      const pk = schema.primKey;
      const store = idb.createObjectStore(t, {
        keyPath: pk.keyPath ?? null,
        autoIncrement: pk.auto,
      } as IDBObjectStoreParameters);
      for (const ix of schema.indexes) {
        store.createIndex(ix.name, ix.keyPath as string | string[], {
          unique: ix.unique ?? false,
          multiEntry: ix.multi ?? false,
        });
      }
    }
  };
  return reqDone(open);
}

async function fresh(name: string, sealed = true): Promise<AnxinDB> {
  const db = await openDb(name);
  await db.delete();
  const again = await openDb(name);
  // Profile only ("unsealed"): the same schema and write path with the seal middleware
  // removed, to show what sealing costs next to the raw floor. Never the measured figure.
  if (!sealed) again.unuse({ stack: 'dbcore', name: 'seal' });
  await again.open();
  return again;
}

/** Scenario 2, ours: first sync of everything in scope into an empty database, through the engine. */
async function firstSync(dbName: string, username: string) {
  const { token } = await login(username);
  const db = await fresh(dbName);
  const engine = createSyncEngine({ db, baseUrl: '', getToken: () => token, env: quietEnv });
  const t0 = now();
  await engine.syncNow();
  const ms = now() - t0;
  const status = engine.getStatus();
  engine.stop();
  const [cases, events] = await Promise.all([db.cases.count(), db.events.count()]);
  db.close();
  return { ms, cases, events, lastError: status.lastError?.code ?? null };
}

/** Scenario 2 profile: every page of the same first sync fetched and JSON-parsed, nothing written. */
/** A pull's headers as the engine sends them: its protocol decides the pages (slim creation events). */
function pullHeaders(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) };
}

async function fetchOnly(username: string, pageSize: number) {
  const { token } = await login(username);
  const t0 = now();
  let cursor = '';
  let pages = 0;
  let changes = 0;
  let bytes = 0;
  for (;;) {
    const res = await fetch(
      `/api/sync/pull?limit=${pageSize}&cursor=${encodeURIComponent(cursor)}`,
      {
        headers: pullHeaders(token),
      },
    );
    const text = await res.text();
    bytes += text.length;
    const page = JSON.parse(text) as { changes: unknown[]; cursor: string; hasMore: boolean };
    pages++;
    changes += page.changes.length;
    cursor = page.cursor;
    if (!page.hasMore) break;
  }
  return { ms: now() - t0, pages, changes, chars: bytes };
}

/** Scenario 2 profile: the same pages fetched first (untimed), then only the engine's writePage timed. */
async function writeOnly(dbName: string, username: string, pageSize: number, sealed = true) {
  const { token } = await login(username);
  const pages: PullResponse[] = [];
  let cursor = '';
  for (;;) {
    const res = await fetch(
      `/api/sync/pull?limit=${pageSize}&cursor=${encodeURIComponent(cursor)}`,
      {
        headers: pullHeaders(token),
      },
    );
    const page = (await res.json()) as PullResponse;
    pages.push(page);
    cursor = page.cursor;
    if (!page.hasMore) break;
  }
  const db = await fresh(dbName, sealed);
  const t0 = now();
  for (const p of pages) await writePage(db, p, Date.now);
  const ms = now() - t0;
  await db.delete();
  return { ms, pages: pages.length };
}

/**
 * Scenario 2, floor: the rows the sync stored (cases and events, read back untimed), written
 * raw into a twin database with the same stores and indexes, `perTx` rows per transaction.
 */
async function rawWrite(srcName: string, twinName: string, perTx: number) {
  const src = await openDb(srcName);
  await src.open();
  const tables = ['cases', 'events'] as const;
  const rows = { cases: await src.cases.toArray(), events: await src.events.toArray() };
  const idb = await rawTwin(src, twinName, [...tables]);
  src.close();
  const t0 = now();
  for (const t of tables) {
    const all = rows[t] as unknown[];
    for (let i = 0; i < all.length; i += perTx) {
      const tx = idb.transaction(t, 'readwrite');
      const store = tx.objectStore(t);
      for (let j = i; j < Math.min(i + perTx, all.length); j++) store.put(all[j]);
      await txDone(tx);
    }
  }
  const ms = now() - t0;
  idb.close();
  await reqDone(indexedDB.deleteDatabase(twinName));
  return {
    ms,
    cases: rows.cases.length,
    events: rows.events.length,
    bytes: JSON.stringify(rows.cases[0]).length,
  };
}

/** Scenario 1 set-up: copies of the synced cases under new ids until `total` are stored. */
async function fillTo(dbName: string, total: number) {
  const db = await openDb(dbName);
  await db.open();
  const have = await db.cases.count();
  const model = await db.cases.toArray();
  let made = 0;
  for (let i = have; i < total; i += 2_000) {
    const batch: LocalCase[] = [];
    for (let j = i; j < Math.min(i + 2_000, total); j++) {
      const m = model[j % model.length]!;
      batch.push({ ...m, id: `copy-${j}`, caseNo: `${m.caseNo}-${j}` });
    }
    await db.cases.bulkPut(batch);
    made += batch.length;
  }
  const count = await db.cases.count();
  db.close();
  return { count, made };
}

/**
 * Scenario 1: `edits` real updateCase calls (row + outbox in one transaction) on random
 * cases, interleaved one for one with a raw single put of a case row into the same object
 * store (same indexes, same 50,000 rows) in its own transaction.
 */
/**
 * Scenario 1 profile set-up: the same cases (opened) copied into a database with the same
 * schema and the seal middleware removed ("unsealed"), to show what sealing costs a save.
 */
async function unsealedTwin(srcName: string, twinName: string) {
  const src = await openDb(srcName);
  await src.open();
  const rows = await src.cases.toArray();
  src.close();
  const twin = await fresh(twinName, false);
  for (let i = 0; i < rows.length; i += 2_000) await twin.cases.bulkPut(rows.slice(i, i + 2_000));
  const count = await twin.cases.count();
  twin.close();
  return { count };
}

async function localSaves(
  dbName: string,
  user: SessionUser,
  edits: number,
  warmup: number,
  sealed = true,
) {
  const db = await openDb(dbName);
  if (!sealed) db.unuse({ stack: 'dbcore', name: 'seal' });
  await db.open();
  const ids = (await db.cases.toCollection().primaryKeys()) as string[];
  const sample = (await db.cases.get(ids[0]!))!;
  const actions = createActions(db, { user: () => user, serverNow: () => Date.now() });
  const idb = db.backendDB();
  const editMs: number[] = [];
  const putMs: number[] = [];
  // Profile: the IndexedDB requests updateCase makes, issued raw in one transaction (get
  // the row; then the outbox add and the row put back to back: two round trips); the same
  // three requests issued at once (one round trip); and a Dexie transaction over the same
  // six tables doing one put.
  const sameOpsMs: number[] = [];
  const oneTripMs: number[] = [];
  const dexiePutMs: number[] = [];
  let seed = 12345;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const rawOutboxRow = (i: number, id: string, tag: string) => ({
    id: `raw-ob-${tag}-${i}`,
    name: 'case.update',
    args: { id, patch: {} },
    entityId: `raw-${id}`,
    createdAt: new Date().toISOString(),
    actorId: user.id,
    actorRole: user.role,
    attempts: 0,
  });
  for (let i = 0; i < edits + warmup; i++) {
    const id = ids[Math.floor(rnd() * ids.length)]!;
    const t0 = now();
    await actions.updateCase(id, { description: `现场核实：第${i}次补充，老板承诺本周内结清。` });
    const t1 = now();
    const tx = idb.transaction('cases', 'readwrite');
    tx.objectStore('cases').put({ ...sample, id: `raw-put-${i}`, description: `raw ${i}` });
    await txDone(tx);
    const t2 = now();
    const tx2 = idb.transaction(['cases', 'outbox'], 'readwrite');
    const cs = tx2.objectStore('cases');
    const row = (await reqDone(cs.get(id))) as LocalCase;
    tx2.objectStore('outbox').add(rawOutboxRow(i, id, 'same'));
    cs.put({ ...row, id: `raw-same-${i}` });
    await txDone(tx2);
    const t3 = now();
    const tx3 = idb.transaction(['cases', 'outbox'], 'readwrite');
    tx3.objectStore('cases').get(id);
    tx3.objectStore('outbox').add(rawOutboxRow(i, id, 'trip'));
    tx3.objectStore('cases').put({ ...sample, id: `raw-trip-${i}` });
    await txDone(tx3);
    const t3b = now();
    await db.transaction(
      'rw',
      [db.cases, db.mediations, db.outbox, db.conflicts, db.attachments, db.drafts],
      () => db.cases.put({ ...sample, id: `dexie-put-${i}` }),
    );
    const t4 = now();
    if (i >= warmup) {
      editMs.push(t1 - t0);
      putMs.push(t2 - t1);
      sameOpsMs.push(t3 - t2);
      oneTripMs.push(t3b - t3);
      dexiePutMs.push(t4 - t3b);
    }
  }
  // Profile: the save as the app makes it, on the case its detail screen has just read (the
  // row is among those opened lately, so reading it in the transaction waits on nothing).
  const afterReadMs: number[] = [];
  for (let i = 0; i < edits; i++) {
    const id = ids[Math.floor(rnd() * ids.length)]!;
    await db.cases.get(id);
    const t0 = now();
    await actions.updateCase(id, { description: `读后保存：第${i}次补充。` });
    afterReadMs.push(now() - t0);
  }
  const outbox = await db.outbox.count();
  const cases = await db.cases.count();
  db.close();
  return { editMs, putMs, sameOpsMs, oneTripMs, dexiePutMs, afterReadMs, outbox, cases };
}

/** Scenario 3 set-up: `count` cases created through the real createCase action (queued, unsent). */
async function queueCreates(
  dbName: string,
  username: string,
  townId: string,
  count: number,
  prefix: string,
) {
  const { user } = await login(username);
  const db = await fresh(dbName);
  const actions = createActions(db, { user: () => user, serverNow: () => Date.now() });
  const all = makeCases(count, townId, prefix, 99);
  const t0 = now();
  for (const a of all) {
    const { id, ...rest } = a;
    await actions.createCase({ ...rest, id });
  }
  const ms = now() - t0;
  const queued = await db.outbox.count();
  db.close();
  return { queued, ms };
}

/** Scenario 3: the real push loop drains the outbox (HTTP, server apply, results stored). */
async function pushAll(dbName: string, username: string, baseUrl: string) {
  const { token } = await login(username, baseUrl);
  const db = await openDb(dbName);
  await db.open();
  // Time until each answer's headers arrive: the request, the server's work and the wait
  // for it; the rest of the run is the device's own (reading batches, storing results).
  let fetchMs = 0;
  const t0 = now();
  const out = await pushOutbox({
    db,
    baseUrl,
    fetch: async (input, init) => {
      const started = now();
      try {
        return await fetch(input, init);
      } finally {
        fetchMs += now() - started;
      }
    },
    getToken: () => token,
    now: Date.now,
    clientId: `bench-${crypto.randomUUID()}`,
    rotateClientId: async () => `bench-${crypto.randomUUID()}`,
    stopped: () => false,
  });
  const ms = now() - t0;
  const left = await db.outbox.count();
  const conflicts = await db.conflicts.count();
  const accepted = await db.cases.filter((c) => c.version >= 1 && c.pendingCount === 0).count();
  db.close();
  return { ms, fetchMs, ok: out.ok, left, conflicts, accepted };
}

/** Scenario 8: PouchDB replicating the same rows from a PouchDB server on loopback. */
async function pouchPull(remote: string, name: string) {
  const local = new PouchDB(name);
  await local.destroy();
  const db = new PouchDB(name);
  const t0 = now();
  const info = await db.replicate.from(remote);
  const ms = now() - t0;
  const docs = (await db.info()).doc_count;
  await db.destroy();
  return { ms, docs, written: info.docs_written, ok: info.ok };
}

/**
 * Scenario 6 set-up, run in a document of the APP's origin (this module imported there): the
 * app's own database, unlocked with the officer's PIN through the app's vault, topped up to
 * `total` cases with copies of the synced rows under new ids, written through the app's
 * Dexie schema, so the copies are sealed exactly as the app seals (each its own IV).
 */
async function topUpApp(total: number, pin: string) {
  const { db, vault } = openVaultedDb();
  await vault.load();
  const unlocked = await vault.unlockWithPin(pin);
  if (!unlocked.ok) throw new Error(`top-up: the PIN did not unlock (${unlocked.reason})`);
  const model = await db.cases.toArray();
  for (let i = model.length; i < total; i += 2_000) {
    const batch: LocalCase[] = [];
    for (let j = i; j < Math.min(i + 2_000, total); j++) {
      const m = model[j % model.length]!;
      batch.push({ ...m, id: `copy-${j}`, caseNo: `${m.caseNo}-${j}` });
    }
    await db.cases.bulkPut(batch);
  }
  const count = await db.cases.count();
  vault.lock();
  db.close();
  return count;
}

async function dropDb(name: string) {
  await (await openDb(name)).delete();
}

/** Scenario 3 set-up: the queued device (cases + outbox) copied into a fresh database, untimed. */
async function cloneQueued(src: string, dst: string) {
  const from = await openDb(src);
  await from.open();
  const [cases, outbox] = await Promise.all([from.cases.toArray(), from.outbox.toArray()]);
  from.close();
  const to = await fresh(dst);
  await to.cases.bulkAdd(cases);
  await to.outbox.bulkAdd(outbox);
  const queued = await to.outbox.count();
  to.close();
  return { queued };
}

const api = {
  login,
  fetchOnly,
  writeOnly,
  cloneQueued,
  firstSync,
  rawWrite,
  fillTo,
  unsealedTwin,
  localSaves,
  queueCreates,
  pushAll,
  pouchPull,
  dropDb,
  topUpApp,
};
export type BenchApi = typeof api;
(globalThis as unknown as { anxinBench: BenchApi }).anxinBench = api;
// Absent when scenario 6 imports this module into a document of the app's origin.
const state = document.getElementById('state');
if (state) state.textContent = 'ready';
