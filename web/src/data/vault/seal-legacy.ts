import type { Table } from 'dexie';
import { type AnxinDB, META } from '../db';
import type { LocalAttachment } from '../types';
import type { DataKeys } from './data-keys';
import { isPlainRow, isSealedBlob, needsOpening, policyOf, sealBlob } from './seal';
import type { TablePolicy } from './seal-policy';
import type { KeyringUser } from './types';

/**
 * A phone upgraded from a build before sealing (docs/decisions/018, "Phones upgraded from a
 * build before encryption") holds every row plain. The middleware returns such rows as they
 * are, so the app works, but they would stay readable on disk until something rewrote
 * them. This rewrites them once, through the normal tables, so the middleware seals them.
 */

/** Rows per rewrite transaction: small enough that a reload loses little, large enough to be quick. */
const ROWS_PER_GROUP = 200;
/** Attachments per group: their bytes are read and sealed before each transaction. */
const BLOBS_PER_GROUP = 4;

type Row = Record<string, unknown>;

/** Needs a key to be stored: neither sealed (`$s`) nor a meta row that stays plain. */
function isLegacyPlain(policy: TablePolicy, value: unknown): boolean {
  return !needsOpening(value) && !isPlainRow(policy, value);
}

/**
 * The primary keys of the rows of a store that are still plain, read as IndexedDB holds
 * them: through Dexie an opened row and a plain one look alike.
 */
async function plainKeysOf(
  db: AnxinDB,
  store: string,
  policy: TablePolicy,
): Promise<IDBValidKey[]> {
  await db.open();
  const tx = db.backendDB().transaction(store, 'readonly');
  const keys: IDBValidKey[] = [];
  return new Promise((resolve, reject) => {
    const req = tx.objectStore(store).openCursor();
    req.onsuccess = () => {
      const cursor = req.result;
      if (!cursor) return;
      if (isLegacyPlain(policy, cursor.value)) keys.push(cursor.primaryKey);
      cursor.continue();
    };
    tx.oncomplete = () => resolve(keys);
    tx.onerror = () => reject(tx.error ?? req.error);
    tx.onabort = () => reject(tx.error ?? new Error(`reading ${store} was aborted`));
  });
}

/** One stored value as IndexedDB holds it (undefined when there is none). */
async function rawGet(db: AnxinDB, store: string, key: IDBValidKey): Promise<unknown> {
  await db.open();
  const req = db.backendDB().transaction(store, 'readonly').objectStore(store).get(key);
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function groups<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Rows are read again inside the transaction that puts them: what the app changed or
 * deleted meanwhile (a push that sent an outbox item) is written as it now is, or not at
 * all, never as it was at the raw read. A row sealed meanwhile is sealed again with the
 * same content, which changes nothing but its IV. The outbox's rows keep their `seq` (the
 * primary key is in the row) and their ids.
 */
async function rewrite(db: AnxinDB, table: Table<Row, IDBValidKey>, keys: IDBValidKey[]) {
  for (const group of groups(keys, ROWS_PER_GROUP)) {
    await db.transaction('rw', table, async () => {
      const rows = await table.bulkGet(group);
      const present = rows.filter((r): r is Row => r !== undefined);
      if (present.length > 0) await table.bulkPut(present);
    });
  }
}

/**
 * Attachments: the middleware refuses plain bytes, and a transaction cannot wait for a
 * Blob's bytes, so each group's bytes are sealed first, then the rows put. A row's key is
 * the hash of its bytes, so the bytes sealed are the bytes the row still holds.
 */
async function rewriteAttachments(
  db: AnxinDB,
  keys: DataKeys,
  policy: TablePolicy,
  shas: IDBValidKey[],
) {
  const table = db.attachments;
  for (const group of groups(shas as string[], BLOBS_PER_GROUP)) {
    const before = await Promise.all(group.map((sha) => rawGet(db, table.name, sha)));
    const sealed = await Promise.all(
      before.map((row) => {
        const blob = (row as Partial<LocalAttachment> | undefined)?.blob;
        return isLegacyPlain(policy, row) && blob instanceof Blob
          ? sealBlob(keys, blob)
          : undefined;
      }),
    );
    await db.transaction('rw', table, async () => {
      const rows = await table.bulkGet(group);
      const puts: LocalAttachment[] = [];
      rows.forEach((row, i) => {
        // Gone, or sealed meanwhile (a sealed row's blob is known as sealed once read).
        if (!row || isSealedBlob(row.blob)) return;
        if (row.blob === undefined) puts.push(row);
        else if (sealed[i]) puts.push({ ...row, blob: sealed[i] });
        // Bytes appeared that were not there at the raw read: left for the next run.
      });
      if (puts.length > 0) await table.bulkPut(puts);
    });
  }
}

/**
 * Seals every row of every sealed table that a build before sealing stored plain, once per
 * device: the plain `legacySealed` meta row records that it is done. Each group of rows is
 * its own transaction, so an interrupted run (a reload, the vault locking) leaves every
 * row either plain or sealed, both readable, and the next run seals only what is still
 * plain. Needs the vault open: `keys` seal the attachments' bytes; the rows are sealed by
 * the database's own key source (the same vault).
 */
export async function sealLegacyRows(db: AnxinDB, keys: DataKeys): Promise<void> {
  if ((await db.meta.get(META.legacySealed)) !== undefined) return;
  for (const table of db.tables) {
    const policy = policyOf(table.name);
    if (!policy) continue;
    const plain = await plainKeysOf(db, table.name, policy);
    if (plain.length === 0) continue;
    if (policy.blob) await rewriteAttachments(db, keys, policy, plain);
    else await rewrite(db, table as Table<Row, IDBValidKey>, plain);
  }
  await db.meta.put({ key: META.legacySealed, value: new Date().toISOString() });
}

/**
 * Whose session a build before sealing left on this device, read from the stored `session`
 * row only when it is plain (a sealed one is this build's, and needs the key). The
 * sign-in's other-user guard asks this when there is no keyring: an upgraded phone.
 */
export async function legacySessionUser(db: AnxinDB): Promise<KeyringUser | undefined> {
  const stored = await rawGet(db, db.meta.name, META.session);
  if (stored === null || typeof stored !== 'object' || needsOpening(stored)) return undefined;
  const user = ((stored as Row).value as { user?: unknown } | undefined)?.user;
  if (user === null || typeof user !== 'object') return undefined;
  const u = user as Row;
  if (
    typeof u.id !== 'string' ||
    typeof u.username !== 'string' ||
    typeof u.displayName !== 'string' ||
    typeof u.role !== 'string'
  ) {
    return undefined;
  }
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role as KeyringUser['role'],
  };
}
