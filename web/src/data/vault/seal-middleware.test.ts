import { liveQuery } from 'dexie';
import { describe, expect, it, vi } from 'vitest';
import { localOfficer, sampleCase, uniqueDbName } from '../../../test-support';
import { createActions } from '../actions';
import { AnxinDB, META } from '../db';
import type { LocalAttachment, LocalCase, OutboxItem } from '../types';
import { casesByClaimantMobiles } from './blind-queries';
import {
  type DataKeys,
  dataKeysFromRaw,
  type KeySource,
  newRawDataKey,
  staticKeySource,
  VaultLockedError,
} from './data-keys';
import { blindIndex, openBlob, SealError, sealAhead, sealBlob, sealRows } from './seal';
import { SEAL_POLICY } from './seal-policy';

const CREDIT_CODE = '91330782MA2E9XNL0D';

/** A key source the test can lock and unlock, like the vault. */
function switchableKeys(keys: DataKeys) {
  let open = true;
  const source: KeySource = {
    keys: () => {
      if (!open) throw new VaultLockedError();
      return keys;
    },
  };
  return {
    source,
    lock: () => {
      open = false;
    },
    unlock: () => {
      open = true;
    },
  };
}

async function setup() {
  const name = uniqueDbName('seal');
  const keys = await dataKeysFromRaw(newRawDataKey());
  const sw = switchableKeys(keys);
  const db = new AnxinDB(name, sw.source);
  const actions = createActions(db, { user: () => localOfficer, serverNow: () => Date.now() });
  return { name, keys, db, actions, ...sw };
}

/** Every store's values as IndexedDB holds them, read without Dexie. */
async function rawStores(name: string): Promise<Record<string, unknown[]>> {
  const idb = await new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(name);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  const names = [...idb.objectStoreNames];
  const tx = idb.transaction(names, 'readonly');
  const out: Record<string, unknown[]> = {};
  await Promise.all(
    names.map(
      (n) =>
        new Promise<void>((resolve, reject) => {
          const req = tx.objectStore(n).getAll();
          req.onsuccess = () => {
            out[n] = req.result;
            resolve();
          };
          req.onerror = () => reject(req.error);
        }),
    ),
  );
  idb.close();
  return out;
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

const photoBytes = new TextEncoder().encode('JPEG-ish bytes of 张三 的工资条');

async function fillEverything(t: Awaited<ReturnType<typeof setup>>) {
  const base = sampleCase('choucheng', 7);
  const id = await t.actions.createCase({
    ...base,
    employer: { ...base.employer, creditCode: CREDIT_CODE, contactPhone: '13712345678' },
  });
  await t.actions.saveDraft({
    id: 'draft-1',
    kind: 'case',
    data: { claimants: [{ name: '李草稿', mobile: '13600001111' }] },
    updatedAt: new Date().toISOString(),
  });
  await t.actions.addAttachment(id, new Blob([photoBytes], { type: 'image/png' }), 'document');
  await t.db.meta.put({
    key: META.session,
    value: { token: 'secret-session-token-abc', user: { displayName: '稠城专管员' } },
  });
  await t.db.meta.put({ key: 'keyring', value: { wrapped: 'kr-1' } });
  return id;
}

describe('the seal middleware: what IndexedDB holds', () => {
  it('keeps no personal value readable: names, mobiles, contacts, text, token, photo bytes', async () => {
    const t = await setup();
    const id = await fillEverything(t);
    // The app still reads everything in plain.
    const row = await t.db.cases.get(id);
    expect(row?.claimants[0]?.name).toBe('张7');
    expect(row?.employer.contactName).toBe('王经理');
    expect(row?.claimantMobiles).toEqual(['13910000007']);
    t.db.close();

    const stores = await rawStores(t.name);
    const all = (await textsOf(stores)).join('\n');
    for (const secret of [
      '张7',
      '13910000007',
      '王经理',
      '13712345678',
      '显示设备',
      '拖欠工资',
      '李草稿',
      '13600001111',
      'secret-session-token-abc',
      '稠城专管员',
      '工资条',
    ]) {
      expect(all, secret).not.toContain(secret);
    }
    // What stays plain is exactly what the indexes need.
    const stored = stores.cases?.[0] as Record<string, unknown>;
    expect(Object.keys(stored).sort()).toEqual(
      [
        '$s',
        'claimantMobiles',
        'employer',
        'id',
        'receivedAt',
        'status',
        'townId',
        'updatedAt',
        'version',
      ].sort(),
    );
    expect(stored.employer).toEqual({ creditCode: CREDIT_CODE });
    expect(stored.claimantMobiles).toEqual([await blindIndex(t.keys, '13910000007')]);
    expect(stores.meta?.find((m) => (m as { key: string }).key === 'keyring')).toEqual({
      key: 'keyring',
      value: { wrapped: 'kr-1' },
    });
    const outbox = stores.outbox?.[0] as Record<string, unknown>;
    expect(outbox.args).toBeUndefined();
    expect(outbox.$s).toBeInstanceOf(Uint8Array);
  });

  it('every table has a policy, and every indexed key path stays plain', async () => {
    const t = await setup();
    for (const table of t.db.tables) {
      expect(table.name in SEAL_POLICY, table.name).toBe(true);
      const policy = SEAL_POLICY[table.name];
      if (!policy) continue;
      const paths = [table.schema.primKey, ...table.schema.indexes].map((i) => i.keyPath);
      for (const path of paths) {
        expect(
          policy.plain.includes(path as string) || policy.blind?.includes(path as string),
          `${table.name}.${String(path)}`,
        ).toBe(true);
      }
    }
  });
});

describe('the seal middleware: queries still work', () => {
  it('finds cases by town, status, date order, employer code and (blind) claimant mobile', async () => {
    const t = await setup();
    const ids: string[] = [];
    for (let n = 1; n <= 4; n++) {
      const base = sampleCase(n % 2 ? 'choucheng' : 'beiyuan', n);
      ids.push(
        await t.actions.createCase({
          ...base,
          employer: { ...base.employer, ...(n === 3 ? { creditCode: CREDIT_CODE } : {}) },
        }),
      );
    }
    expect(
      (await t.db.cases.where('townId').equals('choucheng').toArray()).map((c) => c.id).sort(),
    ).toEqual([ids[0], ids[2]].sort());
    expect(await t.db.cases.where('status').equals('in_progress').count()).toBe(4);
    const byDate = await t.db.cases.orderBy('receivedAt').reverse().toArray();
    const dates = byDate.map((c) => c.receivedAt);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(byDate.every((c) => c.claimants.length === 1)).toBe(true);
    const byCode = await t.db.cases.where('employer.creditCode').equals(CREDIT_CODE).toArray();
    expect(byCode.map((c) => c.id)).toEqual([ids[2]]);
    expect(byCode[0]?.employer.name).toContain('显示设备');
    // Through the blind index: the plain mobile finds nothing, the helper finds the case.
    expect(await t.db.cases.where('claimantMobiles').equals('13910000002').count()).toBe(0);
    const byMobile = await casesByClaimantMobiles(t.db, ['13910000002', '13910000004', '1']);
    expect(byMobile.map((c) => c.id).sort()).toEqual([ids[1], ids[3]].sort());
    expect(byMobile.map((c) => c.claimants[0]?.name).sort()).toEqual(['张2', '张4']);
    // A cursor walk opens every row too.
    const walked: string[] = [];
    await t.db.cases.each((c) => {
      walked.push(c.claimants[0]?.name ?? '');
    });
    expect(walked.sort()).toEqual(['张1', '张2', '张3', '张4']);
  });

  it('the duplicate hint by mobile stays live: a new case with the mobile, then its closing', async () => {
    const t = await setup();
    await t.actions.createCase(sampleCase('choucheng', 1));
    const seen: number[] = [];
    const settle = () => new Promise((r) => setTimeout(r, 150));
    const sub = liveQuery(async () => {
      const found = await casesByClaimantMobiles(t.db, ['13910000002']);
      return found.filter((c) => c.status !== 'closed').length;
    }).subscribe((n) => seen.push(n));
    await settle();
    const id = await t.actions.createCase(sampleCase('beiyuan', 2));
    await settle();
    await t.db.cases.update(id, { status: 'closed' });
    await settle();
    sub.unsubscribe();
    expect(seen).toEqual([0, 1, 0]);
  });

  it('keeps the outbox order (++seq) and finds mutations by case', async () => {
    const t = await setup();
    const a = await t.actions.createCase(sampleCase('choucheng', 1));
    const b = await t.actions.createCase(sampleCase('choucheng', 2));
    await t.actions.updateCase(a, { description: '第二次修改的描述内容' });
    const all = await t.db.outbox.orderBy('seq').toArray();
    expect(all.map((m) => m.entityId)).toEqual([a, b, a]);
    expect(all.map((m) => m.seq)).toEqual([...all.map((m) => m.seq)].sort((x, y) => x! - y!));
    expect(all.every((m) => typeof m.seq === 'number')).toBe(true);
    const forA = await t.db.outbox.where('entityId').equals(a).toArray();
    expect(forA.map((m) => m.name)).toEqual(['case.create', 'case.update']);
    expect((forA[1]?.args as { changes?: unknown; description?: string }) ?? {}).toBeTruthy();
    expect(JSON.stringify(forA[1]?.args)).toContain('第二次修改的描述内容');
    const first = await t.db.outbox.where('id').equals(all[0]!.id).first();
    expect(first?.seq).toBe(all[0]?.seq);
  });

  it('update() and modify() read, change and reseal whole rows', async () => {
    const t = await setup();
    const id = await t.actions.createCase(sampleCase('choucheng', 5));
    await t.db.cases.update(id, { status: 'closed' });
    await t.db.cases
      .where('townId')
      .equals('choucheng')
      .modify((c: LocalCase) => {
        c.description = '修改后的描述';
      });
    const row = await t.db.cases.get(id);
    expect(row?.status).toBe('closed');
    expect(row?.description).toBe('修改后的描述');
    expect(row?.claimants[0]?.name).toBe('张5');
    expect(await t.db.cases.where('status').equals('closed').count()).toBe(1);
    expect((await casesByClaimantMobiles(t.db, ['13910000005'])).map((c) => c.id)).toEqual([id]);
    // An attachment row's flag changes while its sealed bytes stay as they are.
    const sha = await t.actions.addAttachment(
      id,
      new Blob([photoBytes], { type: 'image/png' }),
      'document',
    );
    await t.db.attachments.update(sha, { uploaded: true });
    const att = (await t.db.attachments.get(sha)) as LocalAttachment;
    expect(att.uploaded).toBe(true);
    const bytes = new Uint8Array(await (await openBlob(t.keys, att)).arrayBuffer());
    expect(bytes).toEqual(photoBytes);
    expect((await openBlob(t.keys, att)).type).toBe('image/png');
  });

  it('reads and writes in one transaction across the crypto waits', async () => {
    const t = await setup();
    const id = await t.actions.createCase(sampleCase('choucheng', 6));
    const out = await t.db.transaction('rw', t.db.cases, t.db.outbox, async () => {
      const before = await t.db.cases.get(id);
      await t.db.cases.put({ ...(before as LocalCase), description: '同一事务' });
      const m = await t.db.outbox.where('entityId').equals(id).first();
      await t.db.outbox.put({ ...(m as OutboxItem), attempts: 3 });
      return [(await t.db.cases.get(id))?.description, (await t.db.outbox.get(m!.seq!))?.attempts];
    });
    expect(out).toEqual(['同一事务', 3]);
  });

  it('passes rows sealed ahead of the transaction (sealRows) through as they are', async () => {
    const t = await setup();
    const id = await t.actions.createCase(sampleCase('choucheng', 8));
    const row = (await t.db.cases.get(id)) as LocalCase;
    const copies = [1, 2, 3].map((n) => ({ ...row, id: `pre-${n}`, description: `预封存${n}` }));
    const sealed = await sealRows(t.keys, 'cases', copies);
    expect(sealed.every((s) => (s as unknown as { $s: unknown }).$s instanceof Uint8Array)).toBe(
      true,
    );
    await t.db.cases.bulkPut(sealed);
    const back = await t.db.cases.bulkGet(['pre-1', 'pre-2', 'pre-3']);
    expect(back.map((c) => c?.description)).toEqual(['预封存1', '预封存2', '预封存3']);
    expect((await casesByClaimantMobiles(t.db, ['13910000008'])).length).toBe(4);
  });
});

/** Counts the keep-alive spins (`get(-Infinity)` on a native store) while `fn` runs. */
async function countSpins<T>(fn: () => Promise<T>): Promise<{ result: T; spins: number }> {
  const spy = vi.spyOn(IDBObjectStore.prototype, 'get');
  try {
    const result = await fn();
    const spins = spy.mock.calls.filter(([key]) => key === Number.NEGATIVE_INFINITY).length;
    return { result, spins };
  } finally {
    spy.mockRestore();
  }
}

describe('the seal middleware: rows sealed ahead (sealAhead)', () => {
  async function caseRows(t: Awaited<ReturnType<typeof setup>>, n: number, tag: string) {
    const id = await t.actions.createCase(sampleCase('choucheng', 9));
    const row = (await t.db.cases.get(id)) as LocalCase;
    return Array.from({ length: n }, (_, i) => ({
      ...structuredClone(row),
      id: `${tag}-${i}`,
      description: `预先封存 ${tag} ${i}`,
    }));
  }

  it('stores a row sealed ahead sealed, reads it back equal, and waits on nothing', async () => {
    const t = await setup();
    const rows = await caseRows(t, 3, 'ahead');
    await sealAhead(t.keys, 'cases', rows);
    const { spins } = await countSpins(() =>
      t.db.transaction('rw', t.db.cases, t.db.meta, async () => {
        await t.db.cases.bulkPut(rows);
        // The transaction is still usable right after (nothing waited, nothing committed early).
        await t.db.meta.put({ key: META.cursor, value: 'c-ahead' });
      }),
    );
    expect(spins).toBe(0);
    // The counter does see a spin: the same put of rows not sealed ahead waits once.
    const copies = rows.map((r) => ({ ...r, id: `${r.id}-copy` }));
    const unsealed = await countSpins(() =>
      t.db.transaction('rw', t.db.cases, () => t.db.cases.bulkPut(copies)),
    );
    expect(unsealed.spins).toBeGreaterThan(0);
    const back = await t.db.cases.bulkGet(rows.map((r) => r.id));
    expect(back).toEqual(rows);
    const raw = (await rawStores(t.name)).cases as Record<string, unknown>[];
    const stored = raw.find((r) => r.id === 'ahead-1') as Record<string, unknown>;
    expect(stored.$s).toBeInstanceOf(Uint8Array);
    expect(stored.description).toBeUndefined();
    expect((await textsOf(stored)).join(' ')).not.toContain('预先封存');
    // The blind index is made as for any sealed case: the mobile still finds them.
    expect((await casesByClaimantMobiles(t.db, ['13910000009'])).length).toBe(7);
  });

  it('a row sealed ahead cannot be changed afterwards, so its recorded seal is never stale', async () => {
    const t = await setup();
    const [row] = await caseRows(t, 1, 'frozen');
    const r = row as LocalCase;
    await sealAhead(t.keys, 'cases', [r]);
    expect(() => {
      r.description = '事后改动';
    }).toThrow(TypeError);
    expect(() => {
      (r.employer as { name: string }).name = '事后改动的单位';
    }).toThrow(TypeError);
    // A changed copy is another object: sealed as usual, with the change.
    const changed = { ...r, description: '改动后的副本' };
    await t.db.cases.put(changed);
    expect((await t.db.cases.get(r.id))?.description).toBe('改动后的副本');
    await t.db.cases.put(r);
    expect(await t.db.cases.get(r.id)).toEqual(r);
  });

  it('waits only on rows still being sealed, and ignores a seal made with another key', async () => {
    const t = await setup();
    const rows = await caseRows(t, 4, 'mixed');
    const otherKeys = await dataKeysFromRaw(newRawDataKey());
    // Not awaited: still pending when the put comes. And one sealed under another key.
    void sealAhead(t.keys, 'cases', rows.slice(0, 2));
    await sealAhead(otherKeys, 'cases', rows.slice(2, 3));
    await t.db.cases.bulkPut(rows);
    expect(await t.db.cases.bulkGet(rows.map((r) => r.id))).toEqual(rows);
    // A seal recorded for another table is not used either.
    const [ev] = await caseRows(t, 1, 'table');
    await sealAhead(t.keys, 'drafts', [ev as object]);
    await t.db.cases.put(ev as LocalCase);
    expect(await t.db.cases.get((ev as LocalCase).id)).toEqual(ev);
  });

  it('while locked, a row sealed ahead is refused like any other', async () => {
    const t = await setup();
    const [row] = await caseRows(t, 1, 'locked');
    await sealAhead(t.keys, 'cases', [row as object]);
    t.lock();
    await expect(t.db.cases.put(row as LocalCase)).rejects.toBeInstanceOf(VaultLockedError);
    t.unlock();
    await t.db.cases.put(row as LocalCase);
    expect(await t.db.cases.get((row as LocalCase).id)).toEqual(row);
  });

  it('a new case is saved with its rows sealed before the transaction: no wait inside', async () => {
    const t = await setup();
    // Warm: the first write opens the database.
    await t.actions.createCase(sampleCase('choucheng', 10));
    const { result: id, spins } = await countSpins(() =>
      t.actions.createCase(sampleCase('choucheng', 11)),
    );
    expect(spins).toBe(0);
    const row = await t.db.cases.get(id);
    expect(row?.id).toBe(id);
    expect((await t.db.outbox.where('entityId').equals(id).toArray()).map((m) => m.name)).toEqual([
      'case.create',
    ]);
  });
});

describe('the seal middleware: keys', () => {
  it('while locked, sealed tables refuse and the plain keyring still reads', async () => {
    const t = await setup();
    const id = await fillEverything(t);
    t.lock();
    await expect(t.db.cases.get(id)).rejects.toBeInstanceOf(VaultLockedError);
    await expect(t.db.cases.toArray()).rejects.toBeInstanceOf(VaultLockedError);
    await expect(t.db.outbox.toArray()).rejects.toBeInstanceOf(VaultLockedError);
    await expect(
      t.db.drafts.put({ id: 'd', kind: 'case', data: {}, updatedAt: '' }),
    ).rejects.toBeInstanceOf(VaultLockedError);
    await expect(t.db.meta.get(META.session)).rejects.toBeInstanceOf(VaultLockedError);
    expect((await t.db.meta.get('keyring'))?.value).toEqual({ wrapped: 'kr-1' });
    await t.db.meta.put({ key: 'keyring', value: { wrapped: 'kr-2' } });
    await t.db.meta.put({ key: META.lastSyncAt, value: 1 });
    expect((await t.db.meta.get('keyring'))?.value).toEqual({ wrapped: 'kr-2' });
    // Counting needs no key (the sync badge while locked), nor does a delete (the wipe).
    expect(await t.db.outbox.count()).toBe(2);
    await t.db.drafts.delete('draft-1');
    t.unlock();
    expect(await t.db.drafts.count()).toBe(0);
    expect((await t.db.cases.get(id))?.claimants[0]?.name).toBe('张7');
  });

  it('another key does not open the rows', async () => {
    const t = await setup();
    const id = await fillEverything(t);
    t.db.close();
    const other = new AnxinDB(t.name, staticKeySource(await dataKeysFromRaw(newRawDataKey())));
    await expect(other.cases.get(id)).rejects.toBeInstanceOf(SealError);
    await expect(other.meta.get(META.session)).rejects.toBeInstanceOf(SealError);
    expect((await other.meta.get('keyring'))?.value).toEqual({ wrapped: 'kr-1' });
    other.close();
    const same = new AnxinDB(t.name, staticKeySource(t.keys));
    expect((await same.cases.get(id))?.claimants[0]?.name).toBe('张7');
  });

  it('refuses an attachment whose bytes are not sealed', async () => {
    const t = await setup();
    const row = {
      sha256: 'b'.repeat(64),
      caseId: 'c',
      kind: 'photo',
      mime: 'image/jpeg',
      size: 3,
      uploaded: false,
      createdAt: '',
    } as const;
    await expect(t.db.attachments.put({ ...row, blob: new Blob(['abc']) })).rejects.toThrow(
      /sealed first/,
    );
    await t.db.attachments.put({ ...row, blob: await sealBlob(t.keys, new Blob(['abc'])) });
    const stored = (await rawStores(t.name)).attachments?.[0] as { blob: Blob };
    expect(new TextDecoder().decode(await stored.blob.arrayBuffer())).not.toContain('abc');
  });
});
