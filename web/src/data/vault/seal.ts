import type { DataKeys } from './data-keys';
import { BLOB_SEALED, SEAL_POLICY, SEALED, type TablePolicy } from './seal-policy';

/**
 * Sealing rows and blobs with the device's data key (AES-GCM, WebCrypto; docs/decisions/018).
 * A sealed value is `iv (12 random bytes) || ciphertext+tag`; the additional data names the
 * table, so a sealed row cannot be moved to another table and still open.
 */

const IV_BYTES = 12;
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const aadCache = new Map<string, Uint8Array<ArrayBuffer>>();

function aad(label: string): Uint8Array<ArrayBuffer> {
  let bytes = aadCache.get(label);
  if (!bytes) {
    bytes = encoder.encode(`anxin-field:${label}`);
    aadCache.set(label, bytes);
  }
  return bytes;
}

async function sealBytes(
  keys: DataKeys,
  plain: Uint8Array<ArrayBuffer>,
  label: string,
): Promise<Uint8Array<ArrayBuffer>> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const ct = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: aad(label) },
    keys.aes,
    plain,
  );
  const out = new Uint8Array(IV_BYTES + ct.byteLength);
  out.set(iv, 0);
  out.set(new Uint8Array(ct), IV_BYTES);
  return out;
}

async function openBytes(
  keys: DataKeys,
  sealed: Uint8Array<ArrayBuffer>,
  label: string,
): Promise<ArrayBuffer> {
  if (sealed.byteLength < IV_BYTES + 16) throw new SealError('sealed value too short');
  try {
    return await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: sealed.subarray(0, IV_BYTES), additionalData: aad(label) },
      keys.aes,
      sealed.subarray(IV_BYTES),
    );
  } catch {
    // OperationError: another key, or the bytes were changed.
    throw new SealError('a sealed value did not open with this key');
  }
}

/** A sealed value that does not open: another device key, or damaged bytes. */
export class SealError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SealError';
  }
}

/**
 * The blind index of a value: base64url of HMAC-SHA-256 under the index key, cut to 16
 * bytes. Equal values give equal entries (so `anyOf` finds them); the value itself is not
 * stored, and without the key a guess cannot be checked.
 */
export async function blindIndex(keys: DataKeys, value: string): Promise<string> {
  const mac = await crypto.subtle.sign('HMAC', keys.index, encoder.encode(value));
  return base64url(new Uint8Array(mac, 0, 16));
}

function base64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

// Blobs made by sealBlob or read sealed from storage. A Blob's bytes cannot be read
// synchronously, so the middleware tells ciphertext from plain bytes by identity.
const sealedBlobs = new WeakSet<Blob>();

/** The bytes of a photo, signature or document sealed: a Blob of iv || ciphertext. */
export async function sealBlob(keys: DataKeys, blob: Blob): Promise<Blob> {
  const plain = new Uint8Array(await blob.arrayBuffer());
  const sealed = new Blob([await sealBytes(keys, plain, 'attachments.blob')], {
    type: 'application/octet-stream',
  });
  sealedBlobs.add(sealed);
  return sealed;
}

/** Whether a Blob is ciphertext made by sealBlob (or read sealed from the database). */
export function isSealedBlob(blob: unknown): boolean {
  return blob instanceof Blob && sealedBlobs.has(blob);
}

/** An attachment's plain bytes, typed with its mime (rows stored before sealing: as stored). */
export async function openBlob(keys: DataKeys, row: { blob: Blob; mime: string }): Promise<Blob> {
  if (!sealedBlobs.has(row.blob)) return row.blob;
  const sealed = new Uint8Array(await row.blob.arrayBuffer());
  return new Blob([await openBytes(keys, sealed, 'attachments.blob')], { type: row.mime });
}

type Row = Record<string, unknown>;

function getPath(row: Row, path: string): unknown {
  if (!path.includes('.')) return row[path];
  let at: unknown = row;
  for (const part of path.split('.')) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Row)[part];
  }
  return at;
}

function setPath(row: Row, path: string, value: unknown): void {
  const parts = path.split('.');
  let at = row;
  for (const part of parts.slice(0, -1)) {
    const next = at[part];
    if (next === null || typeof next !== 'object') at[part] = {};
    at = at[part] as Row;
  }
  at[parts[parts.length - 1] as string] = value;
}

export function policyOf(table: string): TablePolicy | null {
  const policy = SEAL_POLICY[table];
  if (policy === undefined) {
    throw new Error(`No seal policy for table "${table}" (web/src/data/vault/seal-policy.ts)`);
  }
  return policy;
}

/** Whether a row is stored without sealing: a meta row whose key is allow-listed. */
export function isPlainRow(policy: TablePolicy, row: unknown): boolean {
  return (
    policy.plainRows !== undefined &&
    row !== null &&
    typeof row === 'object' &&
    policy.plainRows.has((row as Row).key as string)
  );
}

/** Whether a value is already in its stored form (sealRows): `$s` and no field only sealed. */
export function isSealedRow(policy: TablePolicy, value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  const row = value as Row;
  if (!(row[SEALED] instanceof Uint8Array)) return false;
  for (const key of Object.keys(row)) {
    if (key === SEALED || key === BLOB_SEALED) continue;
    if (key === policy.blob) {
      if (!isSealedBlob(row[key])) return false;
      continue;
    }
    if (policy.blind?.includes(key)) continue;
    if (!onlyPlain(row[key], key, policy.plain)) return false;
  }
  return true;
}

// A field of a sealed row holds nothing but plain paths (`employer` only its creditCode).
function onlyPlain(value: unknown, path: string, plain: readonly string[]): boolean {
  if (plain.includes(path)) return true;
  if (!plain.some((p) => p.startsWith(`${path}.`))) return false;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  return Object.entries(value as Row).every(([k, v]) => onlyPlain(v, `${path}.${k}`, plain));
}

/** The stored form of one row: its plain fields, blind indexes, and `$s`. */
export async function sealRow(
  keys: DataKeys,
  table: string,
  policy: TablePolicy,
  value: unknown,
): Promise<Row> {
  const row = value as Row;
  let content: Row = row;
  if (policy.blob) {
    const blob = row[policy.blob];
    if (blob !== undefined && !isSealedBlob(blob)) {
      throw new Error(`${table}: the ${policy.blob} must be sealed first (sealBlob)`);
    }
    const { [policy.blob]: _bytes, ...rest } = row;
    content = rest;
  }
  const blinds = policy.blind ?? [];
  const json = JSON.stringify(content);
  const [sealed, ...blinded] = await Promise.all([
    sealBytes(keys, encoder.encode(json), table),
    ...blinds.map(async (field) => {
      const v = row[field];
      if (Array.isArray(v)) return Promise.all(v.map((x) => blindIndex(keys, String(x))));
      return v === undefined || v === null ? v : blindIndex(keys, String(v));
    }),
  ]);
  const stored: Row = {};
  for (const path of policy.plain) {
    const v = getPath(row, path);
    if (v !== undefined) setPath(stored, path, v);
  }
  blinds.forEach((field, i) => {
    if (blinded[i] !== undefined) stored[field] = blinded[i];
  });
  if (policy.blob && row[policy.blob] !== undefined) {
    stored[policy.blob] = row[policy.blob];
    stored[BLOB_SEALED] = true;
  }
  stored[SEALED] = sealed;
  remember(keys, table, sealed, json);
  return stored;
}

/**
 * Rows sealed or opened lately, by table and IV, as JSON: a read of one of them opens
 * without waiting on WebCrypto (no keep-alive round trip in the transaction). An IV is
 * random per seal, so it names one ciphertext. Held per key: when the vault drops the key,
 * the cache goes with it. Bounded (oldest out first).
 */
const OPENED_MAX = 2048;
const openedByKeys = new WeakMap<DataKeys, Map<string, string>>();

function openedFor(keys: DataKeys): Map<string, string> {
  let map = openedByKeys.get(keys);
  if (!map) {
    map = new Map();
    openedByKeys.set(keys, map);
  }
  return map;
}

function ivName(table: string, sealed: Uint8Array): string {
  let s = table;
  for (let i = 0; i < IV_BYTES; i++) s += String.fromCharCode(sealed[i] as number);
  return s;
}

function remember(keys: DataKeys, table: string, sealed: Uint8Array, json: string): void {
  const map = openedFor(keys);
  const name = ivName(table, sealed);
  map.delete(name);
  map.set(name, json);
  if (map.size > OPENED_MAX) {
    const oldest = map.keys().next().value;
    if (oldest !== undefined) map.delete(oldest);
  }
}

function rowFromJson(
  json: string,
  policy: TablePolicy,
  primaryKeyPath: string | null,
  stored: Row,
): Row {
  const row = JSON.parse(json) as Row;
  if (primaryKeyPath) setPath(row, primaryKeyPath, getPath(stored, primaryKeyPath));
  if (policy.blob && stored[policy.blob] !== undefined) {
    const blob = stored[policy.blob];
    if (stored[BLOB_SEALED] === true && blob instanceof Blob) sealedBlobs.add(blob);
    row[policy.blob] = blob;
  }
  return row;
}

/** Not in the cache: open it with openRow. */
export const NOT_CACHED: unique symbol = Symbol('not cached');

/** The opened row when this ciphertext was sealed or opened lately, without waiting. */
export function openRowCached(
  keys: DataKeys,
  table: string,
  policy: TablePolicy,
  primaryKeyPath: string | null,
  value: unknown,
): unknown {
  const stored = value as Row;
  const json = openedByKeys.get(keys)?.get(ivName(table, stored[SEALED] as Uint8Array));
  return json === undefined ? NOT_CACHED : rowFromJson(json, policy, primaryKeyPath, stored);
}

/** The row a sealed one holds, with its primary key as stored (IndexedDB may have assigned it). */
export async function openRow(
  keys: DataKeys,
  table: string,
  policy: TablePolicy,
  primaryKeyPath: string | null,
  value: unknown,
): Promise<unknown> {
  const stored = value as Row;
  const sealed = stored[SEALED] as Uint8Array<ArrayBuffer>;
  const json = decoder.decode(await openBytes(keys, sealed, table));
  remember(keys, table, sealed, json);
  return rowFromJson(json, policy, primaryKeyPath, stored);
}

/** Whether a stored value must be opened (`$s`); rows stored before sealing are returned as they are. */
export function needsOpening(value: unknown): boolean {
  return (
    value !== null && typeof value === 'object' && (value as Row)[SEALED] instanceof Uint8Array
  );
}

/**
 * Seals rows outside any transaction, for a bulk writer (the pull) that then puts them: the
 * middleware passes values already in their stored form through.
 */
export async function sealRows<T>(keys: DataKeys, table: string, rows: readonly T[]): Promise<T[]> {
  const policy = policyOf(table);
  if (!policy) return [...rows];
  return (await Promise.all(
    rows.map((r) => (isPlainRow(policy, r) ? r : sealRow(keys, table, policy, r))),
  )) as T[];
}

/**
 * Rows sealed ahead of their transaction (sealAhead), by the very object that will be put.
 * The middleware stores the recorded sealed form instead of sealing the object again, so a
 * write whose rows are all sealed already needs no wait on WebCrypto inside the transaction
 * (no keep-alive round trip). Everything above the middleware (hooks, change tracking, the
 * liveQuery cache) keeps seeing the plain object: only the middleware looks it up here.
 */
interface Ahead {
  readonly keys: DataKeys;
  readonly table: string;
  /** The stored form once sealed; undefined while pending. */
  sealed: Row | undefined;
  readonly promise: Promise<Row>;
}
const ahead = new WeakMap<object, Ahead>();

// A recorded sealed form is right only while the object is the one it was made from. The
// guard is that the object cannot change: sealAhead deep-freezes it (a write to it, or to
// anything it holds, throws in strict code instead of storing a stale seal). A fingerprint
// check (JSON again at put time) would cost as much main-thread work as the seal saves on
// a first sync; freezing costs one walk, done outside the transaction.
function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object') return;
  if (ArrayBuffer.isView(value) || value instanceof Blob) return;
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
}

/**
 * Starts sealing each row now, outside any transaction, and records its sealed form by
 * the row object's identity; a later put/add of THAT object (same table, same key) stores
 * the recorded form without waiting in the transaction. The rows are frozen (deeply): the
 * caller hands them over as they will be stored and must not change them (a changed copy,
 * e.g. `{ ...row, x }`, is another object and is sealed as usual). The promise settles when
 * every row is sealed; it never rejects (a row that fails to seal is sealed again, and its
 * error reported, by the put).
 */
export function sealAhead(keys: DataKeys, table: string, rows: readonly object[]): Promise<void> {
  const policy = policyOf(table);
  if (!policy) return Promise.resolve();
  const work: Promise<unknown>[] = [];
  for (const row of rows) {
    if (isPlainRow(policy, row) || ahead.has(row)) continue;
    deepFreeze(row);
    const promise = sealRow(keys, table, policy, row);
    const entry: Ahead = { keys, table, sealed: undefined, promise };
    ahead.set(row, entry);
    work.push(
      promise.then(
        (sealed) => {
          entry.sealed = sealed;
        },
        () => {
          // Not recorded: the put seals it and reports the error.
          if (ahead.get(row) === entry) ahead.delete(row);
        },
      ),
    );
  }
  return Promise.all(work).then(() => undefined);
}

/**
 * The stored form recorded for this object by sealAhead (for this table and the current key): the
 * sealed row when done, its promise while pending, undefined when none.
 */
export function sealedAhead(
  keys: () => DataKeys,
  table: string,
  value: unknown,
): Row | Promise<Row> | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const entry = ahead.get(value);
  // The key is asked for only when there is a record (it throws while locked).
  if (!entry || entry.table !== table || entry.keys !== keys()) return undefined;
  return entry.sealed ?? entry.promise;
}
