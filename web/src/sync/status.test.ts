import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { syncError } from './errors';
import {
  agoOf,
  INITIAL_STATUS,
  isAllSynced,
  progressCounter,
  type SyncErrorCode,
  type SyncProgress,
  type SyncRun,
  type SyncStatus,
  syncView,
} from './status';

const AT = '2026-06-10T02:05:00.000Z';
const status = (patch: Partial<SyncStatus> = {}): SyncStatus => ({ ...INITIAL_STATUS, ...patch });
const run = (uploaded: number, returned: number, seen = false): SyncRun => ({
  uploaded,
  returned,
  at: AT,
  seen,
});
const uploading = (
  done: number,
  total: number,
  bytes?: [number, number],
  photos?: [number, number],
): SyncProgress => ({
  phase: 'uploading',
  done,
  total,
  bytesDone: bytes?.[0] ?? null,
  bytesTotal: bytes?.[1] ?? null,
  photosDone: photos?.[0] ?? null,
  photosTotal: photos?.[1] ?? null,
});
const kindOf = (s: SyncStatus, browserOnline = true) => syncView(s, browserOnline).state.kind;

describe('the sync bar state: one at a time, derived in one place', () => {
  it('offline: how many changes wait, whatever the last error said', () => {
    const s = status({ pending: 3, lastError: syncError('network'), unreachableSince: AT });
    expect(syncView(s, false)).toEqual({
      state: { kind: 'offline', pending: 3 },
      online: false,
      canSyncNow: false,
    });
  });

  it('uploading n of m, and photo bytes while attachments go up', () => {
    expect(syncView(status({ syncing: true, progress: uploading(2, 8) }), true).state).toEqual({
      kind: 'uploading',
      done: 2,
      total: 8,
      bytesDone: null,
      bytesTotal: null,
      photosDone: null,
      photosTotal: null,
    });
    const photos = status({
      syncing: true,
      progress: uploading(0, 8, [1_000, 3_000_000], [1, 12]),
    });
    expect(syncView(photos, true).state).toMatchObject({
      bytesDone: 1_000,
      bytesTotal: 3_000_000,
      photosDone: 1,
      photosTotal: 12,
    });
  });

  it('the counter: files while they go up, then changes up, then changes down; none otherwise', () => {
    const counterOf = (s: SyncStatus) => progressCounter(syncView(s, true).state);
    expect(
      counterOf(status({ syncing: true, progress: uploading(0, 8, [10, 900], [3, 12]) })),
    ).toEqual({ phase: 'upload-photos', done: 3, total: 12 });
    expect(counterOf(status({ syncing: true, progress: uploading(2, 8) }))).toEqual({
      phase: 'upload',
      done: 2,
      total: 8,
    });
    expect(
      counterOf(
        status({ syncing: true, progress: { phase: 'downloading', done: 1200, total: 2000 } }),
      ),
    ).toEqual({ phase: 'download', done: 1200, total: 2000 });
    expect(
      counterOf(
        status({ syncing: true, progress: { phase: 'downloading', done: 5, total: null } }),
      ),
    ).toEqual({ phase: 'download', done: 5, total: null });
    // Gone once the cycle is over, and before anything is counted.
    expect(counterOf(status({ syncing: true }))).toBeNull();
    expect(counterOf(status({ allSynced: true, lastSyncAt: AT }))).toBeNull();
    // A retry nobody has answered yet says "unreachable", not a stale counter.
    const down = status({ lastError: syncError('network'), unreachableSince: AT });
    expect(counterOf({ ...down, syncing: true, progress: uploading(0, 2) })).toBeNull();
    expect(
      counterOf({ ...down, syncing: true, progress: uploading(0, 2, undefined, [1, 2]) }),
    ).toEqual({ phase: 'upload-photos', done: 1, total: 2 });
  });

  it('downloading after the push, and connecting before any progress', () => {
    const down = status({
      syncing: true,
      progress: { phase: 'downloading', done: 120, total: 900 },
    });
    expect(syncView(down, true).state).toEqual({ kind: 'downloading', done: 120, total: 900 });
    const uncounted = status({
      syncing: true,
      progress: { phase: 'downloading', done: 5, total: null },
    });
    expect(syncView(uncounted, true).state).toEqual({ kind: 'downloading', done: 5, total: null });
    expect(kindOf(status({ syncing: true }))).toBe('connecting');
  });

  it('while syncing, 立即同步 is disabled; idle and online it is enabled; offline it is not', () => {
    expect(syncView(status({ syncing: true, progress: uploading(1, 2) }), true).canSyncNow).toBe(
      false,
    );
    expect(syncView(status({ pending: 1 }), true).canSyncNow).toBe(true);
    expect(syncView(status({ pending: 1 }), false).canSyncNow).toBe(false);
    expect(syncView(status({ otherTabSyncing: true }), true).canSyncNow).toBe(false);
  });

  it('server unreachable since the first failure; a retry with no answer yet still says so', () => {
    const down = status({ pending: 2, lastError: syncError('network'), unreachableSince: AT });
    expect(syncView(down, true).state).toEqual({
      kind: 'unreachable',
      since: AT,
      pending: 2,
      retrying: false,
    });
    expect(syncView({ ...down, syncing: true }, true).state).toMatchObject({
      kind: 'unreachable',
      retrying: true,
    });
    expect(
      syncView({ ...down, syncing: true, progress: uploading(0, 2) }, true).state,
    ).toMatchObject({ kind: 'unreachable', retrying: true });
    // Once the server answers something, the upload is what is happening.
    expect(kindOf({ ...down, syncing: true, progress: uploading(1, 2) })).toBe('uploading');
    expect(kindOf({ ...down, syncing: true, progress: uploading(0, 2, [500, 900]) })).toBe(
      'uploading',
    );
    expect(kindOf({ ...down, lastError: syncError('server') })).toBe('unreachable');
  });

  it('other failures say what they are, as catalogue keys with parameters', () => {
    const busy = status({ lastError: syncError('rate_limited', 6_500) });
    const { state } = syncView(busy, true);
    expect(state).toMatchObject({
      kind: 'error',
      error: { code: 'rate_limited', key: 'syncError.rateLimitedIn', params: { secs: 7 } },
      pending: 0,
    });
    expect(state.kind === 'error' && state.error.text('zh')).toBe('服务器繁忙，7 秒后自动重试');
    expect(state.kind === 'error' && state.error.text('en')).toBe(
      'The server is busy; retrying in 7 s',
    );
    expect(syncError('storage_full')).toMatchObject({
      code: 'storage_full',
      key: 'syncError.storageFull',
      params: {},
    });
  });

  it('done: "8 uploaded, 1 returned" until seen; then the inbox, never "all synced"', () => {
    const after = status({ conflicts: 1, lastRun: run(8, 1), lastSyncAt: AT });
    expect(syncView(after, true).state).toEqual({ kind: 'returned', uploaded: 8, returned: 1 });
    expect(kindOf({ ...after, lastRun: run(8, 1, true) })).toBe('attention');
    // Even if the health flags say all is well, a returned change is not "synced".
    expect(kindOf({ ...after, allSynced: true })).toBe('returned');
    expect(kindOf({ ...after, allSynced: true, lastRun: run(8, 1, true) })).toBe('attention');
  });

  it('all synced, with what the last cycle sent until it is seen', () => {
    const ok = status({ allSynced: true, lastSyncAt: AT, lastRun: run(8, 0) });
    expect(syncView(ok, true).state).toEqual({ kind: 'synced', uploaded: 8 });
    expect(syncView({ ...ok, lastRun: run(8, 0, true) }, true).state).toEqual({
      kind: 'synced',
      uploaded: 0,
    });
  });

  it('pending online, and never synced', () => {
    expect(syncView(status({ pending: 4, lastSyncAt: AT }), true).state).toEqual({
      kind: 'pending',
      pending: 4,
    });
    expect(kindOf(status())).toBe('never');
  });

  it('sign-in and a disabled account come before everything, even offline or syncing', () => {
    const s = status({
      needsSignIn: true,
      pending: 2,
      syncing: true,
      lastError: syncError('network'),
    });
    expect(syncView(s, false).state).toEqual({ kind: 'signIn', pending: 2 });
    expect(syncView(s, true).canSyncNow).toBe(false);
    expect(kindOf({ ...s, removedBy: 'account_disabled' })).toBe('disabled');
  });

  it('"all synced" needs an empty outbox, an empty inbox and a good push and pull', () => {
    expect(isAllSynced({ pending: 0, conflicts: 0 }, true, true)).toBe(true);
    expect(isAllSynced({ pending: 1, conflicts: 0 }, true, true)).toBe(false);
    expect(isAllSynced({ pending: 0, conflicts: 1 }, true, true)).toBe(false);
    expect(isAllSynced({ pending: 0, conflicts: 0 }, false, true)).toBe(false);
    expect(isAllSynced({ pending: 0, conflicts: 0 }, true, false)).toBe(false);
  });
});

const CODES: SyncErrorCode[] = [
  'network',
  'server',
  'rate_limited',
  'unauthorized',
  'account_disabled',
  'storage_full',
  'bad_response',
  'upload_failed',
  'internal',
];

const statusArb: fc.Arbitrary<[SyncStatus, boolean]> = fc.tuple(
  fc
    .record({
      online: fc.boolean(),
      syncing: fc.boolean(),
      pending: fc.nat(20),
      conflicts: fc.nat(5),
      lastSyncAt: fc.option(fc.constant(AT)),
      lastError: fc.option(fc.constantFrom(...CODES).map((c) => syncError(c))),
      unreachableSince: fc.option(fc.constant(AT)),
      needsSignIn: fc.boolean(),
      removedBy: fc.constantFrom(null, 'account_disabled' as const, 'no_units' as const),
      otherTabSyncing: fc.boolean(),
      allSynced: fc.boolean(),
      progress: fc.option(
        fc.oneof(
          fc
            .tuple(fc.nat(10), fc.nat(10), fc.option(fc.tuple(fc.nat(5_000), fc.nat(5_000))))
            .map(([d, t, b]) => uploading(d, d + t, b ?? undefined)),
          fc
            .nat(500)
            .map((done): SyncProgress => ({ phase: 'downloading', done, total: done + 10 })),
        ),
      ),
      lastRun: fc.option(
        fc.tuple(fc.nat(10), fc.nat(10), fc.boolean()).map(([u, r, seen]) => run(u + r, r, seen)),
      ),
    })
    .map((patch) => status(patch)),
  fc.boolean(),
);

describe('the sync bar never contradicts itself (any status)', () => {
  it('never "syncing" while it says the server cannot be reached, and the reverse', () => {
    fc.assert(
      fc.property(statusArb, ([s, browserOnline]) => {
        const { state } = syncView(s, browserOnline);
        const busy = ['uploading', 'downloading', 'connecting'].includes(state.kind);
        if (busy) {
          expect(s.syncing || s.otherTabSyncing).toBe(true);
          expect(browserOnline).toBe(true);
        }
        if (state.kind === 'unreachable' && !state.retrying) expect(s.syncing).toBe(false);
      }),
    );
  });

  it('"all synced" only with nothing unsent, nothing returned, no error, online', () => {
    fc.assert(
      fc.property(statusArb, ([s, browserOnline]) => {
        const { state } = syncView(s, browserOnline);
        if (state.kind !== 'synced') return;
        expect(s.allSynced).toBe(true);
        expect(s.pending).toBe(0);
        expect(s.conflicts).toBe(0);
        expect(s.lastError).toBeNull();
        expect(s.lastRun?.seen === false && s.lastRun.returned > 0).toBe(false);
        expect(browserOnline).toBe(true);
      }),
    );
  });

  it('a returned change unseen is always said, unless a person must act or the device is offline or busy', () => {
    fc.assert(
      fc.property(statusArb, ([s, browserOnline]) => {
        const { state } = syncView(s, browserOnline);
        const unseen = s.lastRun !== null && !s.lastRun.seen && s.lastRun.returned > 0;
        const quiet = !s.syncing && !s.otherTabSyncing && s.lastError === null;
        if (unseen && quiet && browserOnline && !s.needsSignIn && !s.removedBy) {
          expect(state.kind).toBe('returned');
        }
      }),
    );
  });

  it('立即同步 is enabled only when it can start a sync', () => {
    fc.assert(
      fc.property(statusArb, ([s, browserOnline]) => {
        const view = syncView(s, browserOnline);
        if (!view.canSyncNow) return;
        expect(browserOnline).toBe(true);
        expect(s.needsSignIn || s.removedBy !== null || s.otherTabSyncing).toBe(false);
        expect(['uploading', 'downloading', 'connecting']).not.toContain(view.state.kind);
      }),
    );
  });
});

describe('last sync as "2 分钟前"', () => {
  const at = Date.parse(AT);
  it.each([
    [10_000, 'justNow', 0],
    [2 * 60_000 + 5_000, 'minutes', 2],
    [59 * 60_000, 'minutes', 59],
    [3 * 3600_000, 'hours', 3],
    [50 * 3600_000, 'days', 2],
  ] as const)('%i ms later → %s %i', (later, key, count) => {
    expect(agoOf(AT, at + later)).toEqual({ key, count });
  });
  it('a device clock behind the sync time says "just now", not a negative time', () => {
    expect(agoOf(AT, at - 60_000)).toEqual({ key: 'justNow', count: 0 });
  });
});
