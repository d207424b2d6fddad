import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestApi, type TestApi } from '../../../api/test-support';
import {
  deviceFor,
  faultyFetch,
  manualTimers,
  sampleCase,
  signIn,
  TEST_BASE_URL,
  uniqueDbName,
} from '../../test-support';
import type { AnxinDB } from '../data/db';
import { openTestDb } from '../data/vault/testing';
import { createSyncEngine, SYNC_INTERVAL_MS, type SyncEnvironment } from './engine';
import { createMemoryLock } from './lock';
import type { SyncStatus } from './status';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ dialect: 'sqlite' });
});
afterAll(async () => {
  await api.close();
});

/** A page-like environment: window and document are plain EventTargets the test drives. */
function fakeEnv() {
  const win = new EventTarget();
  const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' });
  let bgRegistrations = 0;
  const env: SyncEnvironment = {
    window: win,
    document: doc,
    isOnline: () => true,
    registerBackgroundSync: () => {
      bgRegistrations += 1;
    },
  };
  return { env, win, doc, registrations: () => bgRegistrations };
}

async function engineWith(username: string, given?: AnxinDB) {
  const db = given ?? (await openTestDb(uniqueDbName('trig')));
  const { token, user } = await signIn(api, username);
  const net = faultyFetch((i, init) => api.fetch(i as string | URL | Request, init));
  const timers = manualTimers();
  const page = fakeEnv();
  const engine = createSyncEngine({
    db,
    baseUrl: TEST_BASE_URL,
    fetch: net.fetch,
    getToken: () => token,
    timers,
    env: page.env,
    lock: createMemoryLock(),
  });
  const pushes = () => net.log.filter((r) => r.path.startsWith('/api/sync/push')).length;
  const pulls = () => net.log.filter((r) => r.path.startsWith('/api/sync/pull')).length;
  return { db, engine, net, timers, page, pushes, pulls, token, user };
}

describe('sync triggers', () => {
  it('start() syncs at once and registers Background Sync', async () => {
    const t = await engineWith('officer.choucheng');
    t.engine.start();
    await t.engine.whenIdle();
    expect(t.pulls()).toBe(1);
    expect(t.page.registrations()).toBe(1);
    expect(t.engine.getStatus().allSynced).toBe(true);
    t.engine.stop();
  });

  it("regaining the network ('online') syncs", async () => {
    const t = await engineWith('officer.choucheng');
    t.engine.start();
    await t.engine.whenIdle();
    t.page.win.dispatchEvent(new Event('offline'));
    expect(t.engine.getStatus().online).toBe(false);
    t.page.win.dispatchEvent(new Event('online'));
    await t.engine.whenIdle();
    expect(t.pulls()).toBe(2);
    expect(t.engine.getStatus().online).toBe(true);
    t.engine.stop();
  });

  it("'online' drops the old 'cannot reach the server': the retry it starts is what the bar shows", async () => {
    const t = await engineWith('officer.choucheng');
    t.net.offline = true;
    t.engine.start();
    await t.engine.whenIdle();
    expect(t.engine.getStatus().lastError?.code).toBe('network');
    const seen: SyncStatus[] = [];
    const off = t.engine.subscribe((s) => seen.push(s));
    t.net.offline = false;
    t.page.win.dispatchEvent(new Event('online'));
    await t.engine.whenIdle();
    off();
    // No moment of "syncing" while the stale error still stood.
    expect(seen.some((s) => s.syncing && s.lastError !== null)).toBe(false);
    expect(t.engine.getStatus()).toMatchObject({ lastError: null, unreachableSince: null });
    t.engine.stop();
  });

  it('the tab becoming visible syncs; becoming hidden does not', async () => {
    const t = await engineWith('officer.choucheng');
    t.engine.start();
    await t.engine.whenIdle();
    t.page.env.document!.visibilityState = 'hidden';
    t.page.doc.dispatchEvent(new Event('visibilitychange'));
    await t.engine.whenIdle();
    expect(t.pulls()).toBe(1);
    t.page.env.document!.visibilityState = 'visible';
    t.page.doc.dispatchEvent(new Event('visibilitychange'));
    await t.engine.whenIdle();
    expect(t.pulls()).toBe(2);
    t.engine.stop();
  });

  it('every 60 s while visible, and not while hidden', async () => {
    const t = await engineWith('officer.choucheng');
    t.engine.start();
    await t.engine.whenIdle();
    expect(t.timers.fire(SYNC_INTERVAL_MS)).toBe(1);
    await t.engine.whenIdle();
    expect(t.pulls()).toBe(2);
    t.page.env.document!.visibilityState = 'hidden';
    expect(t.timers.fire(SYNC_INTERVAL_MS)).toBe(1);
    await t.engine.whenIdle();
    expect(t.pulls()).toBe(2);
    t.engine.stop();
    // Stopped: no timer is left behind.
    expect(t.timers.scheduled()).toHaveLength(0);
  });

  it('the "sync now" button sends queued work at once', async () => {
    const t = await engineWith('officer.choucheng');
    const d = await deviceFor(api, 'officer.choucheng', { db: t.db });
    await d.actions.createCase(sampleCase('choucheng', 900));
    await t.engine.syncNow();
    expect(t.pushes()).toBe(1);
    expect(await t.db.outbox.count()).toBe(0);
  });

  it('after a Retry-After, automatic triggers wait; the officer’s button does not', async () => {
    const t = await engineWith('officer.choucheng');
    const d = await deviceFor(api, 'officer.choucheng', { db: t.db });
    await d.actions.createCase(sampleCase('choucheng', 901));
    t.net.failNext('/api/sync/push', {
      kind: 'status',
      status: 429,
      headers: { 'Retry-After': '120' },
    });
    await t.engine.syncNow();
    t.engine.start();
    t.page.win.dispatchEvent(new Event('online'));
    t.page.doc.dispatchEvent(new Event('visibilitychange'));
    await t.engine.whenIdle();
    expect(t.pushes()).toBe(1);
    await t.engine.syncNow();
    expect(t.pushes()).toBe(2);
    expect(await t.db.outbox.count()).toBe(0);
    t.engine.stop();
  });

  it('a network failure registers Background Sync so the worker sends it after the tab closes', async () => {
    const t = await engineWith('officer.choucheng');
    const d = await deviceFor(api, 'officer.choucheng', { db: t.db });
    await d.actions.createCase(sampleCase('choucheng', 904));
    t.net.offline = true;
    await t.engine.syncNow();
    expect(t.page.registrations()).toBe(1);
    expect(t.engine.getStatus().online).toBe(false);
    t.engine.stop();
  });
});

describe('sync status', () => {
  it('"all synced" only with an empty outbox AND a successful push AND pull', async () => {
    const t = await engineWith('officer.choucheng');
    const seen: SyncStatus[] = [];
    const unsubscribe = t.engine.subscribe((s) => seen.push(s));
    expect(t.engine.getStatus().allSynced).toBe(false);
    await t.engine.syncNow();
    expect(t.engine.getStatus().allSynced).toBe(true);
    expect(seen.some((s) => s.syncing)).toBe(true);

    // Outbox empty, push fine, but the pull fails: not "all synced".
    t.net.failNext('/api/sync/pull', { kind: 'status', status: 500 });
    await t.engine.syncNow();
    expect(t.engine.getStatus().pending).toBe(0);
    expect(t.engine.getStatus().allSynced).toBe(false);
    expect(t.engine.getStatus().lastError?.code).toBe('server');
    await t.engine.syncNow();
    expect(t.engine.getStatus().allSynced).toBe(true);

    // A change waiting to be sent (no network to send it): not "all synced", as soon as saved.
    t.net.offline = true;
    t.engine.start();
    const d = await deviceFor(api, 'officer.choucheng', { db: t.db });
    await d.actions.createCase(sampleCase('choucheng', 905));
    // The live count reaches the status without any sync running.
    const after = await new Promise<SyncStatus>((resolve) => {
      const check = (st: SyncStatus) => {
        if (st.pending === 1) resolve(st);
      };
      check(t.engine.getStatus());
      t.engine.subscribe(check);
    });
    expect(after.pending).toBe(1);
    expect(after.allSynced).toBe(false);
    t.engine.stop();
    unsubscribe();
  });

  it('records the clock offset from the server and warns beyond 5 minutes', async () => {
    const { token } = await signIn(api, 'officer.choucheng');
    const db = await openTestDb(uniqueDbName('clock'));
    const skew = 10 * 60_000;
    const engine = createSyncEngine({
      db,
      baseUrl: TEST_BASE_URL,
      fetch: (i, init) => api.fetch(i as string | URL | Request, init),
      getToken: () => token,
      // The device clock runs 10 minutes fast.
      now: () => Date.now() + skew,
      timers: manualTimers(),
      env: {},
    });
    await engine.syncNow();
    const s = engine.getStatus();
    expect(s.clockOffsetMs).not.toBeNull();
    expect(Math.abs(s.clockOffsetMs! + skew)).toBeLessThan(5_000);
    expect(s.clockSkewWarning).toBe(true);
    expect((await db.meta.get('clockOffsetMs'))?.value).toBe(s.clockOffsetMs);
  });

  it('a full disk while writing pulled data is reported plainly and the cursor does not move', async () => {
    const t = await engineWith('officer.choucheng');
    const table = t.db.cases as unknown as { bulkPut: (...a: unknown[]) => Promise<unknown> };
    const real = table.bulkPut;
    table.bulkPut = () => Promise.reject(new DOMException('disk full', 'QuotaExceededError'));
    await t.engine.syncNow();
    table.bulkPut = real;
    const s = t.engine.getStatus();
    expect(s.lastError?.code).toBe('storage_full');
    expect(s.lastError?.key).toBe('syncError.storageFull');
    expect(s.allSynced).toBe(false);
    expect(await t.db.meta.get('cursor')).toBeUndefined();
    expect(await t.db.cases.count()).toBe(0);
    expect(t.timers.scheduled()).toHaveLength(1);
    t.timers.fire();
    await t.engine.whenIdle();
    expect(t.engine.getStatus().allSynced).toBe(true);
    expect(await t.db.cases.count()).toBeGreaterThan(0);
  });

  it('a tab that is not syncing shows the syncing tab’s result through the database', async () => {
    const leader = await engineWith('officer.choucheng');
    const other = createSyncEngine({
      db: leader.db,
      baseUrl: TEST_BASE_URL,
      fetch: () => Promise.reject(new TypeError('this tab never syncs in this test')),
      getToken: () => leader.token,
      timers: manualTimers(),
      env: {},
    });
    other.start();
    await leader.engine.syncNow();
    const seen = await new Promise<SyncStatus>((resolve) => {
      const check = (st: SyncStatus) => {
        if (st.allSynced) resolve(st);
      };
      check(other.getStatus());
      other.subscribe(check);
    });
    expect(seen.lastSyncAt).toBe(leader.engine.getStatus().lastSyncAt);
    other.stop();
  });

  it('a request that never answers times out as a network failure instead of stalling sync', async () => {
    const { token } = await signIn(api, 'officer.choucheng');
    const db = await openTestDb(uniqueDbName('hang'));
    const timers = manualTimers();
    const engine = createSyncEngine({
      db,
      baseUrl: TEST_BASE_URL,
      // A dead link: no answer ever, only the abort signal ends the request.
      fetch: (_input, init) =>
        new Promise<Response>((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () =>
            reject(new DOMException('aborted', 'AbortError')),
          );
        }),
      getToken: () => token,
      requestTimeoutMs: 20,
      timers,
      env: {},
    });
    await engine.syncNow();
    expect(engine.getStatus().lastError?.code).toBe('network');
    expect(engine.getStatus().syncing).toBe(false);
    expect(timers.scheduled()).toHaveLength(1);
  });

  it('another tab holding the lock: a timer round skips and says so; an asked-for send waits, then pushes', async () => {
    const lock = createMemoryLock();
    const db = await openTestDb(uniqueDbName('locked'));
    const { token } = await signIn(api, 'office.1');
    const net = faultyFetch((i, init) => api.fetch(i as string | URL | Request, init));
    const timers = manualTimers();
    const engine = createSyncEngine({
      db,
      baseUrl: TEST_BASE_URL,
      fetch: net.fetch,
      getToken: () => token,
      lock,
      timers,
      env: {},
    });
    const d = await deviceFor(api, 'office.1', { db });
    await d.actions.createCase(sampleCase('choucheng', 901));
    let release = () => {};
    const otherTab = lock.request('anxin-sync', { ifAvailable: true }, async () => {
      await new Promise<void>((r) => {
        release = r;
      });
    });
    // The service worker's entry point does not queue a second cycle behind the tab's.
    await engine.syncNow({ waitForLock: false });
    expect(net.log).toHaveLength(0);
    expect(engine.getStatus().otherTabSyncing).toBe(true);
    // The person's send: waits for the other tab's cycle instead of for the next timer.
    let done = false;
    const sent = engine.syncNow().then(() => {
      done = true;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(done).toBe(false);
    release();
    await otherTab;
    await sent;
    expect(net.log.filter((r) => r.path.startsWith('/api/sync/push'))).toHaveLength(1);
    expect(await db.outbox.count()).toBe(0);
    expect(engine.getStatus().otherTabSyncing).toBe(false);
    // Nothing was left to a timer.
    expect(timers.scheduled()).toHaveLength(0);
  });

  it('a desk sends a new write at once while online; a field device waits for its triggers', async () => {
    for (const atOnce of [true, false]) {
      const db = await openTestDb(uniqueDbName(`atonce-${atOnce}`));
      const { token } = await signIn(api, 'office.1');
      const net = faultyFetch((i, init) => api.fetch(i as string | URL | Request, init));
      const engine = createSyncEngine({
        db,
        baseUrl: TEST_BASE_URL,
        fetch: net.fetch,
        getToken: () => token,
        lock: createMemoryLock(),
        timers: manualTimers(),
        env: fakeEnv().env,
        sendWritesAtOnce: () => atOnce,
      });
      engine.start();
      await engine.whenIdle();
      const d = await deviceFor(api, 'office.1', { db });
      await d.actions.createCase(sampleCase('choucheng', atOnce ? 902 : 903));
      const pushes = () => net.log.filter((r) => r.path.startsWith('/api/sync/push')).length;
      if (atOnce) {
        await vi.waitFor(() => expect(pushes()).toBe(1), { timeout: 5_000 });
        await engine.whenIdle();
        expect(await db.outbox.count()).toBe(0);
      } else {
        await new Promise((r) => setTimeout(r, 300));
        expect(pushes()).toBe(0);
        expect(await db.outbox.count()).toBe(1);
      }
      engine.stop();
    }
  });
});
