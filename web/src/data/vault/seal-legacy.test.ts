import { Dexie } from 'dexie';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, TEST_PASSWORD, type TestApi } from '../../../../api/test-support';
import {
  signIn as apiSignIn,
  faultyFetch,
  localOfficer,
  sampleCase,
  TEST_BASE_URL,
  uniqueDbName,
} from '../../../test-support';
import { createSession, LoginError } from '../../auth/session';
import { createActions } from '../actions';
import { AnxinDB, META } from '../db';
import type { LocalAttachment, SessionUser } from '../types';
import {
  type DataKeys,
  dataKeysFromRaw,
  type KeySource,
  newRawDataKey,
  VaultLockedError,
} from './data-keys';
import { openBlob } from './seal';
import { legacySessionUser, sealLegacyRows } from './seal-legacy';
import { SEAL_POLICY } from './seal-policy';
import { metaKeyringStore } from './vault';
import { openVaultedDb } from './vaulted-db';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ dialect: 'sqlite' });
});
afterAll(async () => {
  await api.close();
});

/** PBKDF2 rounds for any PIN set here (the rounds are vault.test.ts's concern). */
const FAST = 1000;

// The schema of the build before sealing, as it shipped (a copy on purpose: what those
// phones hold does not change when db.ts does).
const OLD_V1 = {
  cases: 'id, townId, status, receivedAt, updatedAt, employer.creditCode, *claimantMobiles',
  mediations: 'id, caseId',
  events: 'id, caseId, at',
  outbox: '++seq, &id, entityId',
  conflicts: 'id, createdAt, entityId',
  attachments: 'sha256, caseId, uploaded',
  attachmentMeta: 'id, sha256, caseId',
  drafts: 'id, kind, caseId, updatedAt',
  meta: 'key',
};
const OLD_V2 = { units: 'id', calendars: 'year' };
const OLD_V3 = { instalments: 'id, caseId' };

const CASE_ID = 'case-legacy-0001';
const SHA = 'ab'.repeat(32);
const PHOTO = new TextEncoder().encode('JPEG bytes: 工资条照片 of 李四');
const LEGACY_TOKEN = 'legacy-token-7f3a9c1e5b';

/** What no raw read may find once the phone is signed in again. */
const SECRETS = [
  '李四',
  '13800138000',
  '赵会计',
  '13512345678',
  '老东家服装',
  '老板欠薪',
  '王草稿',
  '13600001111',
  '调解笔录',
  '电话联系了老板',
  '我改的描述',
  '工资条照片',
  '分两期付清',
  '服务器暂时不可用',
  LEGACY_TOKEN,
];

type Row = Record<string, unknown>;

/** Plain rows of every table, as the build before sealing stored them (the outbox apart). */
function legacyRows(user: SessionUser): Record<string, Row[]> {
  const at = '2026-11-03T02:00:00.000Z';
  const employer = {
    name: '义乌市老东家服装有限公司',
    creditCode: '91330782MA2E9XNL0D',
    contactName: '赵会计',
    contactPhone: '13512345678',
  };
  const claimants = [{ name: '李四', mobile: '13800138000', owedFen: 300_000 }];
  const server = {
    id: CASE_ID,
    caseNo: 'YW-2026-0042',
    townId: 'choucheng',
    source: 'walk_in',
    status: 'in_progress',
    employer,
    claimants,
    workersCount: 1,
    description: '老板欠薪两个月',
    needsAssistance: false,
    receivedAt: '2026-11-02T02:00:00.000Z',
    updatedAt: '2026-11-02T03:00:00.000Z',
    version: 2,
  };
  return {
    cases: [
      {
        ...server,
        description: '老板欠薪三个月',
        updatedAt: at,
        claimantMobiles: ['13800138000'],
        pendingCount: 2,
        base: server,
      },
    ],
    mediations: [
      { id: 'med-0001', caseId: CASE_ID, pending: true, notes: '调解笔录：双方同意分期' },
    ],
    events: [{ id: 'ev-0001', caseId: CASE_ID, at, actorId: user.id, comment: '电话联系了老板' }],
    conflicts: [
      {
        id: 'cf-0001',
        kind: 'conflict',
        mutation: { id: 'mut-old', name: 'case.update', args: { description: '我改的描述' } },
        entityId: CASE_ID,
        fields: ['description'],
        mine: { description: '我改的描述' },
        server: null,
        createdAt: at,
      },
    ],
    attachments: [
      {
        sha256: SHA,
        caseId: CASE_ID,
        kind: 'photo',
        mime: 'image/jpeg',
        size: PHOTO.byteLength,
        blob: new Blob([PHOTO], { type: 'image/jpeg' }),
        uploaded: false,
        createdAt: at,
      },
    ],
    attachmentMeta: [
      {
        id: `${CASE_ID}:${SHA}`,
        sha256: SHA,
        caseId: CASE_ID,
        kind: 'photo',
        mime: 'image/jpeg',
        size: PHOTO.byteLength,
        createdAt: at,
        version: 1,
      },
    ],
    drafts: [
      {
        id: 'draft-0001',
        kind: 'case',
        data: { claimants: [{ name: '王草稿', mobile: '13600001111' }] },
        updatedAt: at,
      },
    ],
    instalments: [
      {
        id: 'inst-0001',
        caseId: CASE_ID,
        mediationId: 'med-0001',
        dueDate: '2026-12-01',
        outcome: 'paid',
        date: '2026-12-01',
        amountFen: 150_000,
        comment: '分两期付清，第一期',
        recordedBy: user.id,
        recordedAt: at,
        version: 1,
      },
    ],
    units: [{ id: 'choucheng', name: '稠城街道', kind: 'street', active: true }],
    calendars: [{ year: 2026, holidays: ['2026-10-01'], makeupWorkdays: ['2026-10-10'] }],
    meta: [
      { key: META.clientId, value: 'client-legacy-0001' },
      { key: META.cursor, value: 'cursor-legacy-42' },
      { key: META.lastSyncAt, value: 1_790_000_000_000 },
      {
        key: META.session,
        value: {
          user: {
            id: user.id,
            username: user.username,
            displayName: user.displayName,
            role: user.role,
            townIds: user.townIds,
          },
          token: LEGACY_TOKEN,
          expiresAt: '2026-11-10T00:00:00.000Z',
        },
      },
    ],
  };
}

function outboxItems(user: SessionUser): Row[] {
  const base = {
    entityId: CASE_ID,
    createdAt: '2026-11-03T02:00:00.000Z',
    actorId: user.id,
    actorRole: user.role,
  };
  return [
    {
      ...base,
      id: 'mut-0001',
      name: 'case.create',
      args: { id: CASE_ID, claimants: [{ name: '李四', mobile: '13800138000' }] },
      attempts: 0,
    },
    {
      ...base,
      id: 'mut-0002',
      name: 'case.update',
      args: { id: CASE_ID, changes: { description: '老板欠薪三个月' } },
      baseVersion: 2,
      attempts: 1,
    },
    { ...base, id: 'mut-0003', name: 'case.update', args: { id: CASE_ID }, attempts: 0 },
    {
      ...base,
      id: 'mut-0004',
      name: 'mediation.record',
      args: { caseId: CASE_ID, notes: '调解笔录：双方同意分期' },
      attempts: 2,
      lastError: '服务器暂时不可用',
    },
  ];
}

interface Legacy {
  rows: Record<string, Row[]>;
  /** The outbox as the old build left it: seq assigned by IndexedDB, with a gap (one sent). */
  outbox: Row[];
}

/** A phone of the build before sealing: its schema, no middleware, every row plain. */
async function oldPhone(name: string, user: SessionUser): Promise<Legacy> {
  const old = new Dexie(name);
  old.version(1).stores(OLD_V1);
  old.version(2).stores(OLD_V2);
  old.version(3).stores(OLD_V3);
  const rows = legacyRows(user);
  await old.transaction('rw', old.tables, async () => {
    for (const [table, list] of Object.entries(rows)) await old.table(table).bulkPut(list);
    for (const item of outboxItems(user)) await old.table('outbox').add(item);
    // The third was sent and deleted: the queue has a gap, as a real one does.
    await old.table('outbox').where('id').equals('mut-0003').delete();
  });
  const outbox = (await old.table('outbox').orderBy('seq').toArray()) as Row[];
  old.close();
  return { rows, outbox };
}

/** Every store's values as IndexedDB holds them, read without Dexie. */
async function rawStores(name: string): Promise<Record<string, Row[]>> {
  const idb = await new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(name);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  const names = [...idb.objectStoreNames];
  const tx = idb.transaction(names, 'readonly');
  const out: Record<string, Row[]> = {};
  await Promise.all(
    names.map(
      (n) =>
        new Promise<void>((resolve, reject) => {
          const req = tx.objectStore(n).getAll();
          req.onsuccess = () => {
            out[n] = req.result as Row[];
            resolve();
          };
          req.onerror = () => reject(req.error);
        }),
    ),
  );
  idb.close();
  return out;
}

/** A stored value with its Blobs as bytes, so two reads compare byte for byte. */
async function comparable(value: unknown): Promise<unknown> {
  if (value instanceof Blob) return { blobBytes: new Uint8Array(await value.arrayBuffer()) };
  if (value instanceof Uint8Array) return value;
  if (Array.isArray(value)) return Promise.all(value.map(comparable));
  if (value !== null && typeof value === 'object') {
    const out: Row = {};
    for (const [k, v] of Object.entries(value)) out[k] = await comparable(v);
    return out;
  }
  return value;
}

async function snapshot(name: string): Promise<Record<string, Row[]>> {
  return (await comparable(await rawStores(name))) as Record<string, Row[]>;
}

/** Every string in a stored value, Uint8Arrays and Blobs decoded as UTF-8 as well. */
async function textsOf(value: unknown, into: string[] = []): Promise<string[]> {
  if (typeof value === 'string') into.push(value);
  else if (value instanceof Uint8Array) into.push(new TextDecoder().decode(value));
  else if (value instanceof Blob) into.push(new TextDecoder().decode(await value.arrayBuffer()));
  else if (Array.isArray(value)) for (const v of value) await textsOf(v, into);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      into.push(k);
      await textsOf(v, into);
    }
  }
  return into;
}

/** Every row of a sealed table is stored sealed, but for the meta rows that stay plain. */
function expectAllSealed(stores: Record<string, Row[]>): void {
  for (const [table, rows] of Object.entries(stores)) {
    const policy = SEAL_POLICY[table];
    if (!policy) continue;
    for (const row of rows) {
      if (policy.plainRows?.has(row.key as string)) {
        expect(row.$s, `${table} ${String(row.key)}`).toBeUndefined();
        continue;
      }
      expect(row.$s, `${table} ${JSON.stringify(Object.keys(row))}`).toBeInstanceOf(Uint8Array);
      if (policy.blob && row[policy.blob] !== undefined) expect(row.$b).toBe(true);
    }
  }
}

/** Every legacy row reads back through the app's database as it was written. */
async function expectReadsBack(db: AnxinDB, keys: DataKeys, legacy: Legacy): Promise<void> {
  for (const [table, rows] of Object.entries(legacy.rows)) {
    if (table === 'meta' || table === 'attachments') continue;
    expect(await db.table(table).toArray(), table).toEqual(rows);
  }
  expect(await db.outbox.orderBy('seq').toArray()).toEqual(legacy.outbox);
  for (const key of [META.clientId, META.cursor, META.lastSyncAt]) {
    const want = legacy.rows.meta?.find((m) => m.key === key);
    expect(await db.meta.get(key), key).toEqual(want);
  }
  const att = (await db.attachments.get(SHA)) as LocalAttachment;
  const { blob: _blob, ...want } = (legacy.rows.attachments ?? [])[0] as Row;
  const { blob, ...got } = att;
  expect(got).toEqual(want);
  const bytes = await openBlob(keys, { blob, mime: att.mime });
  expect(new Uint8Array(await bytes.arrayBuffer())).toEqual(PHOTO);
  expect(bytes.type).toBe('image/jpeg');
}

/** An upgraded phone as main.tsx opens it: the sealed database and its vault, no keyring yet. */
async function upgraded(name: string, fetch?: typeof globalThis.fetch) {
  const { db, vault } = openVaultedDb(name, { iterations: FAST });
  await vault.load();
  const session = createSession(db, vault, {
    baseUrl: TEST_BASE_URL,
    fetch: fetch ?? ((i, init) => api.fetch(i as string | URL | Request, init)),
  });
  return { db, vault, session };
}

describe('a phone upgraded from the build before sealing', () => {
  it('its first sign-in seals every plain row; everything reads back, the outbox unchanged', async () => {
    const { user } = await apiSignIn(api, 'officer.choucheng');
    const name = uniqueDbName('legacy');
    const legacy = await oldPhone(name, user);
    const before = await rawStores(name);
    const plainTexts = (await textsOf(before)).join('\n');
    // The test's own premise: the old phone held all of it readable.
    for (const secret of SECRETS) expect(plainTexts, secret).toContain(secret);

    const { db, vault, session } = await upgraded(name);
    expect(vault.getState()).toEqual({ kind: 'empty' });
    expect(await legacySessionUser(db)).toMatchObject({ id: user.id });

    const result = await session.login('officer.choucheng', TEST_PASSWORD);
    expect(result.kind).toBe('signed_in');
    const current = await session.current();
    expect(current?.user.id).toBe(user.id);
    expect(current?.token).not.toBe(LEGACY_TOKEN);

    const after = await rawStores(name);
    const all = (await textsOf(after)).join('\n');
    for (const secret of SECRETS) expect(all, secret).not.toContain(secret);
    expectAllSealed(after);
    expect(after.meta?.find((m) => m.key === META.legacySealed)?.value).toEqual(expect.any(String));
    // The queue's order and ids are the plain fields they were.
    const rawOutbox = (after.outbox ?? []).map((r) => [r.seq, r.id]);
    expect(rawOutbox).toEqual(legacy.outbox.map((r) => [r.seq, r.id]));
    expect(rawOutbox.map(([seq]) => seq)).toEqual([1, 2, 4]);
    // Public reference data was never sealed, and is as it was.
    expect(await comparable(after.units)).toEqual(await comparable(before.units));
    expect(await comparable(after.calendars)).toEqual(await comparable(before.calendars));

    await expectReadsBack(db, vault.keys(), legacy);
    expect(await legacySessionUser(db)).toBeUndefined();

    // Running again changes nothing, with the record of the first run and without it.
    const sealed = await snapshot(name);
    await sealLegacyRows(db, vault.keys());
    expect(await snapshot(name)).toEqual(sealed);
    await db.meta.delete(META.legacySealed);
    await sealLegacyRows(db, vault.keys());
    const again = await snapshot(name);
    const withoutRecord = (s: Record<string, Row[]>) => ({
      ...s,
      meta: s.meta?.filter((m) => m.key !== META.legacySealed),
    });
    expect(withoutRecord(again)).toEqual(withoutRecord(sealed));
    expect(again.meta?.some((m) => m.key === META.legacySealed)).toBe(true);

    // New work queues after the old.
    const actions = createActions(db, { user: () => user, serverNow: () => Date.now() });
    await actions.createCase(sampleCase('choucheng', 31));
    const seqs = (await db.outbox.orderBy('seq').toArray()).map((m) => m.seq);
    expect(seqs).toEqual([1, 2, 4, 5]);
  });

  it('another officer cannot sign in over the old session’s unsent work: nothing is sent, wiped or changed', async () => {
    const { user: owner } = await apiSignIn(api, 'officer.choucheng');
    const name = uniqueDbName('legacy');
    const legacy = await oldPhone(name, owner);
    const before = await snapshot(name);
    const net = faultyFetch((i, init) => api.fetch(i as string | URL | Request, init));
    const { db, vault, session } = await upgraded(name, net.fetch);

    const err = (await session
      .login('officer.fotang', TEST_PASSWORD)
      .catch((e: unknown) => e)) as LoginError;
    expect(err).toBeInstanceOf(LoginError);
    expect(err.code).toBe('other_user_unsent');
    expect(err.params).toMatchObject({ name: owner.displayName, count: 3 });
    expect(vault.getState()).toEqual({ kind: 'empty' });
    expect(await metaKeyringStore(db).read()).toBeUndefined();
    expect(net.log.map((r) => r.path)).toEqual(['/api/auth/login']);
    expect(await snapshot(name)).toEqual(before);

    // Its owner still signs in, and finds the work as it was, now sealed.
    expect((await session.login('officer.choucheng', TEST_PASSWORD)).kind).toBe('signed_in');
    expectAllSealed(await rawStores(name));
    await expectReadsBack(db, vault.keys(), legacy);
  });

  it('another officer over the old session with nothing unsent: the previous data is wiped', async () => {
    const { user: owner } = await apiSignIn(api, 'officer.choucheng');
    const name = uniqueDbName('legacy');
    await oldPhone(name, owner);
    const { db: old } = await upgraded(name);
    await old.outbox.clear();
    old.close();

    const { db, session } = await upgraded(name);
    const { user } = await session.login('officer.fotang', TEST_PASSWORD);
    expect((await session.current())?.user.id).toBe(user.id);
    for (const table of ['cases', 'mediations', 'drafts', 'attachments', 'conflicts']) {
      expect(await db.table(table).count(), table).toBe(0);
    }
    expect(await db.meta.get(META.cursor)).toBeUndefined();
    expect(await db.meta.get(META.clientId)).toBeUndefined();
    const all = (await textsOf(await rawStores(name))).join('\n');
    for (const secret of SECRETS) expect(all, secret).not.toContain(secret);
  });

  it('a row that cannot be sealed fails the sign-in and locks the vault; the next sign-in ends the work', async () => {
    const { user } = await apiSignIn(api, 'officer.choucheng');
    const name = uniqueDbName('legacy');
    const legacy = await oldPhone(name, user);
    // A value JSON cannot hold (no build wrote one; it stands in for a full disk).
    const old = new Dexie(name);
    old.version(3).stores({ ...OLD_V1, ...OLD_V2, ...OLD_V3 });
    await old
      .table('drafts')
      .put({ id: 'draft-bad', kind: 'case', data: { n: 10n }, updatedAt: '' });
    old.close();

    const { db, vault, session } = await upgraded(name);
    await expect(session.login('officer.choucheng', TEST_PASSWORD)).rejects.toThrow(/BigInt/);
    expect(vault.getState()).toMatchObject({ kind: 'needs_password', user: { id: user.id } });
    expect(await session.current()).toBeNull();
    const half = await rawStores(name);
    expect(half.meta?.some((m) => m.key === META.legacySealed)).toBe(false);
    expect(half.drafts?.every((d) => d.$s === undefined)).toBe(true);

    await db.drafts.delete('draft-bad');
    expect((await session.login('officer.choucheng', TEST_PASSWORD)).kind).toBe('signed_in');
    expectAllSealed(await rawStores(name));
    await expectReadsBack(db, vault.keys(), legacy);
  });

  it('an interrupted run leaves every row plain or sealed, never re-seals one, and the next run ends it', async () => {
    const name = uniqueDbName('legacy');
    const legacy = await oldPhone(name, localOfficer);
    const keys = await dataKeysFromRaw(newRawDataKey());
    // The vault locks after a few requests (the phone went to the background): each run
    // gets that far and stops.
    let budget = 0;
    const source: KeySource = {
      keys: () => {
        if (budget <= 0) throw new VaultLockedError();
        budget -= 1;
        return keys;
      },
    };
    const db = new AnxinDB(name, source);

    let before = await snapshot(name);
    let runs = 0;
    for (;;) {
      runs += 1;
      expect(runs).toBeLessThan(40);
      budget = 3;
      const out = await sealLegacyRows(db, keys).then(
        () => 'done' as const,
        (e: unknown) => e,
      );
      const after = await snapshot(name);
      // A row sealed by an earlier run is byte for byte as it was (same IV, same bytes).
      for (const [table, rows] of Object.entries(before)) {
        for (const row of rows) if (row.$s) expect(after[table], table).toContainEqual(row);
      }
      expect((after.outbox ?? []).map((r) => [r.seq, r.id])).toEqual(
        legacy.outbox.map((r) => [r.seq, r.id]),
      );
      if (out === 'done') break;
      expect(out).toBeInstanceOf(VaultLockedError);
      expect(after.meta?.some((m) => m.key === META.legacySealed)).toBe(false);
      // Half done, the app still reads every row.
      budget = Number.POSITIVE_INFINITY;
      await expectReadsBack(db, keys, legacy);
      before = after;
    }
    expect(runs).toBeGreaterThan(2);
    const done = await rawStores(name);
    expectAllSealed(done);
    const all = (await textsOf(done)).join('\n');
    for (const secret of SECRETS) expect(all, secret).not.toContain(secret);
    budget = Number.POSITIVE_INFINITY;
    await expectReadsBack(db, keys, legacy);
    expect((await db.meta.get(META.session))?.value).toMatchObject({ token: LEGACY_TOKEN });
  });
});
