import type { Case, PullResponse } from '@anxin/shared';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTestDb, randomDataKeys } from '../data/vault/testing';
import { writePrepared } from './pull';
import type { SealedRows } from './pull-rows';
import { sortPage } from './pull-rows';
import type { SealReply, SealRequest } from './pull-worker';

// The worker's own code, run here on a stand-in for its global scope (Node has no Worker):
// what the page's thread receives from it must be what writePrepared stores as it is.
const replies: SealReply[] = [];
const scope: {
  onmessage: ((ev: { data: SealRequest }) => void) | null;
  postMessage: (m: SealReply) => void;
} = { onmessage: null, postMessage: (m) => replies.push(m) };

beforeAll(async () => {
  vi.stubGlobal('self', scope);
  await import('./pull-worker');
});
afterAll(() => {
  vi.unstubAllGlobals();
});

/** The `$s` of a row as IndexedDB holds it, read without the app's database layer. */
async function rawSealed(dbName: string, store: string, id: string): Promise<Uint8Array> {
  const idb = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open(dbName);
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const row = await new Promise<{ $s: Uint8Array }>((resolve, reject) => {
    const req = idb.transaction(store).objectStore(store).get(id);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  idb.close();
  return row.$s;
}

async function ask(req: SealRequest): Promise<SealReply> {
  const before = replies.length;
  scope.onmessage?.({ data: req });
  await vi.waitFor(() => expect(replies.length).toBe(before + 1));
  return replies[before] as SealReply;
}

const serverCase = {
  id: 'case-worker-1',
  version: 3,
  townId: 'choucheng',
  status: 'accepted',
  caseNo: 'YW-2026-0001',
  receivedAt: '2026-11-01T08:00:00.000Z',
  updatedAt: '2026-11-02T08:00:00.000Z',
  description: '拖欠三个月工资',
  employer: { name: '义乌市华丰电子有限公司', creditCode: '91330782MA2ABCDE1X' },
  claimants: [{ name: '王秀英', mobile: '13912345678', owedFen: 120_000 }],
} as unknown as Case;

const page: PullResponse = {
  changes: [
    { entity: 'case', id: serverCase.id, op: 'put', version: 3, data: serverCase },
    {
      entity: 'event',
      id: 'event-worker-1',
      op: 'put',
      version: 1,
      data: {
        id: 'event-worker-1',
        caseId: serverCase.id,
        at: '2026-11-02T08:00:00.000Z',
        note: '王秀英来电',
      },
    },
  ],
  cursor: 'c-1',
  hasMore: false,
  serverTime: '2026-11-02T08:00:00.000Z',
};

describe('pull worker', () => {
  it('seals a page’s rows: nothing personal in plain, and the writer stores them as they are', async () => {
    const db = await openTestDb(`pull-worker-${crypto.randomUUID()}`);
    await db.open();
    const keys = db.keySource.keys();
    const reply = await ask({ id: 7, keys, text: JSON.stringify(page) });
    expect(reply).toMatchObject({ id: 7, ok: true });
    const sealed = (reply as { sealed: SealedRows }).sealed;
    expect(sealed.cases.map((r) => (r as { id: string }).id)).toEqual([serverCase.id]);
    expect(sealed.events.map((r) => (r as { id: string }).id)).toEqual(['event-worker-1']);
    const plainPart = JSON.stringify([...sealed.cases, ...sealed.events], (k, v) =>
      k === '$s' ? undefined : v,
    );
    for (const secret of ['王秀英', '13912345678', '华丰', '拖欠']) {
      expect(plainPart).not.toContain(secret);
    }

    // The same rows written by the page's thread, sealed by "the worker", open with the key.
    const rows = sortPage(page.changes);
    await writePrepared(db, {
      cursor: page.cursor,
      now: Date.now,
      rows,
      sealed: Promise.resolve({ keys, rows: sealed }),
    });
    // Stored as the worker sealed it (not sealed a second time on this thread).
    expect(await rawSealed(db.name, 'cases', serverCase.id)).toEqual(
      (sealed.cases[0] as { $s: Uint8Array }).$s,
    );
    const stored = await db.cases.get(serverCase.id);
    expect(stored?.claimants[0]?.name).toBe('王秀英');
    expect(stored?.pendingCount).toBe(0);
    expect((await db.events.get('event-worker-1'))?.caseId).toBe(serverCase.id);
    db.close();
  });

  it('rows sealed under keys that are no longer the device’s are sealed again, not stored', async () => {
    const other = await randomDataKeys();
    const reply = await ask({ id: 8, keys: other, text: JSON.stringify(page) });
    const sealed = (reply as { sealed: SealedRows }).sealed;
    const db = await openTestDb(`pull-worker-${crypto.randomUUID()}`);
    await db.open();
    await writePrepared(db, {
      cursor: page.cursor,
      now: Date.now,
      rows: sortPage(page.changes),
      sealed: Promise.resolve({ keys: other, rows: sealed }),
    });
    expect(await rawSealed(db.name, 'cases', serverCase.id)).not.toEqual(
      (sealed.cases[0] as { $s: Uint8Array }).$s,
    );
    // Stored with the device's own key: it opens.
    expect((await db.cases.get(serverCase.id))?.employer.name).toBe('义乌市华丰电子有限公司');
    db.close();
  });

  it('a body that is not a page is an error reply, not a crash', async () => {
    const reply = await ask({ id: 9, keys: await randomDataKeys(), text: '{"changes":' });
    expect(reply).toMatchObject({ id: 9, ok: false });
  });
});
