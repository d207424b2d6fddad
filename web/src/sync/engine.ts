import { liveQuery, type Subscription } from 'dexie';
import { type AnxinDB, getClientId, META, newId, setMeta } from '../data/db';
import { isQuotaError } from '../data/errors';
import { dropExpiredClosedCases } from '../data/retention';
import { CLOCK_SKEW_LIMIT_MS } from '../data/time';
import { BACKGROUND_SYNC_TAG } from '../pwa/constants';
import { syncError } from './errors';
import { browserLock, type LockLike, SYNC_LOCK_NAME } from './lock';
import { pullChanges } from './pull';
import { type Failure, type PhaseOutcome, pushOutbox } from './push';
import { INITIAL_STATUS, isAllSynced, type SyncError, type SyncStatus } from './status';

export type { LockLike } from './lock';
export type { SyncStatus } from './status';

/** While visible, sync at least this often even if nothing else triggers it. */
export const SYNC_INTERVAL_MS = 60_000;
/** Backoff after a failure: 2 s doubling to 5 min, with jitter so devices do not stampede. */
export const BACKOFF_BASE_MS = 2_000;
export const BACKOFF_MAX_MS = 5 * 60_000;

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Where the engine listens for 'online' and 'visibilitychange' (window and document). */
export interface SyncEnvironment {
  window?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'> | null;
  document?:
    | (Pick<EventTarget, 'addEventListener' | 'removeEventListener'> & {
        visibilityState: string;
      })
    | null;
  isOnline?: () => boolean;
  /** Registers a Background Sync so the service worker syncs after the tab is gone. */
  registerBackgroundSync?: () => void;
}

export interface SyncEngineOptions {
  db: AnxinDB;
  baseUrl: string;
  fetch?: typeof fetch;
  /** Read before every request, so a fresh sign-in takes effect at once. */
  getToken: () => string | null | Promise<string | null>;
  random?: () => number;
  now?: () => number;
  lock?: LockLike;
  timers?: Timers;
  env?: SyncEnvironment;
  pullPageSize?: number;
  /** Per-request time limit; defaults to 60 s (3 min for uploads). */
  requestTimeoutMs?: number;
  /**
   * Days a closed case stays on this device after closing (field roles); null or absent:
   * keep everything (desk roles). Applied after every successful pull (data/retention.ts).
   */
  retentionDays?: () => number | null;
  /**
   * Read on every new write: true sends it at once while online (desk roles, whose work is
   * checked against the server as they go), instead of with the next timer or trigger.
   */
  sendWritesAtOnce?: () => boolean;
}

export interface SyncNowOptions {
  /**
   * When another tab (or the service worker) holds the sync lock: false skips this round
   * (the service worker's Background Sync: the tab sends it); true, the default, waits for
   * that cycle to finish and then sends what is still queued, so an asked-for send never
   * waits for the next timer.
   */
  waitForLock?: boolean;
}

export interface SyncEngine {
  start(): void;
  stop(): void;
  /** One push then pull; resolves when done (after another tab's cycle, when one holds the lock). */
  syncNow(opts?: SyncNowOptions): Promise<void>;
  subscribe(fn: (s: SyncStatus) => void): () => void;
  getStatus(): SyncStatus;
  /** Resolves when no cycle is running or queued (a timer or event may have started one). */
  whenIdle(): Promise<void>;
  /** The officer has seen what the last cycle sent and got back (the bar stops saying it). */
  markRunSeen(): void;
}

/** Full jitter around an exponential delay, never below half of it: no tight retry loops. */
export function backoffDelay(attempt: number, random: () => number): number {
  const exp = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + (random() * exp) / 2);
}

export function createSyncEngine(opts: SyncEngineOptions): SyncEngine {
  const { db } = opts;
  const fetchFn = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const now = opts.now ?? Date.now;
  const random = opts.random ?? Math.random;
  const lock = opts.lock ?? browserLock();
  const timers: Timers = opts.timers ?? {
    setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
    clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
  };
  const env: SyncEnvironment = opts.env ?? defaultEnvironment();
  const isOnline = env.isOnline ?? (() => true);

  let status: SyncStatus = { ...INITIAL_STATUS, online: isOnline() };
  const listeners = new Set<(s: SyncStatus) => void>();
  let lastPushOk = false;
  let lastPullOk = false;
  let started = false;
  let stopped = false;
  /** Set by stop(): a running cycle finishes its current request and goes no further. */
  let halt = false;
  let failures = 0;
  /** Retry-After: no automatic request before this instant (device time). */
  let notBefore = 0;
  let retryTimer: unknown = null;
  let intervalTimer: unknown = null;
  let running: Promise<void> | null = null;
  let queued: Promise<void> | null = null;
  /** Whether the queued cycle waits for another tab's lock (any explicit caller asked it). */
  let queuedWaits = false;
  /** The outbox size last seen, to notice a new write (null before the first reading). */
  let lastPending: number | null = null;
  let countsSub: Subscription | null = null;
  let loaded: Promise<void> | null = null;

  const set = (patch: Partial<SyncStatus>) => {
    const next = { ...status, ...patch };
    next.allSynced = isAllSynced(next, lastPushOk, lastPullOk);
    next.clockSkewWarning =
      next.clockOffsetMs !== null && Math.abs(next.clockOffsetMs) > CLOCK_SKEW_LIMIT_MS;
    const changed = (Object.keys(next) as Array<keyof SyncStatus>).some(
      (k) => next[k] !== status[k],
    );
    if (!changed) return;
    // A new object only on change: React's useSyncExternalStore compares by identity.
    status = next;
    for (const fn of listeners) fn(status);
  };

  const refreshCounts = async () => {
    const [pending, conflicts] = await Promise.all([db.outbox.count(), db.conflicts.count()]);
    set({ pending, conflicts });
  };

  /**
   * What every tab of this device shares through the database: counts, the last sync and
   * whether the last push and pull succeeded. A tab that is not the one syncing still shows
   * the truth (live query), instead of "not synced" forever.
   */
  const readShared = async () => {
    const [pending, conflicts, meta] = await Promise.all([
      db.outbox.count(),
      db.conflicts.count(),
      db.meta.bulkGet([META.lastSyncAt, META.lastPushOk, META.lastPullOk, META.clockOffsetMs]),
    ]);
    const [at, pushOk, pullOk, offset] = meta.map((m) => m?.value);
    return {
      pending,
      conflicts,
      lastSyncAt: typeof at === 'string' ? at : null,
      pushOk: pushOk === true,
      pullOk: pullOk === true,
      clockOffsetMs: typeof offset === 'number' ? offset : null,
    };
  };
  const applyShared = (r: Awaited<ReturnType<typeof readShared>>) => {
    lastPushOk = r.pushOk;
    lastPullOk = r.pullOk;
    set({
      pending: r.pending,
      conflicts: r.conflicts,
      lastSyncAt: r.lastSyncAt,
      clockOffsetMs: r.clockOffsetMs,
    });
  };
  const saveHealth = () =>
    db.meta.bulkPut([
      { key: META.lastPushOk, value: lastPushOk },
      { key: META.lastPullOk, value: lastPullOk },
    ]);

  const loadStored = () => {
    loaded ??= readShared().then(applyShared, (err: unknown) => {
      loaded = null;
      throw err;
    });
    return loaded;
  };

  const recordOffset = async (offset: number | null) => {
    if (offset === null) return;
    await setMeta(db, META.clockOffsetMs, offset);
    set({ clockOffsetMs: offset });
  };

  const scheduleRetry = (delay: number) => {
    if (retryTimer !== null) timers.clearTimeout(retryTimer);
    set({ nextRetryAt: new Date(now() + delay).toISOString() });
    retryTimer = timers.setTimeout(() => {
      retryTimer = null;
      if (!stopped) void syncNow(false);
    }, delay);
  };

  const clearRetry = () => {
    if (retryTimer !== null) timers.clearTimeout(retryTimer);
    retryTimer = null;
    failures = 0;
    set({ nextRetryAt: null });
  };

  const onFailure = (failure: Failure) => {
    let error: SyncError;
    if (failure.kind === 'network' || failure.kind === 'server') {
      // Since when no server has answered: the first failure of the run of them.
      set({ unreachableSince: status.unreachableSince ?? new Date(now()).toISOString() });
    }
    if (failure.kind === 'unauthorized') {
      // Retrying with the same token cannot help; the officer must sign in. The outbox
      // stays exactly as it is.
      // Signing in again cannot help either: the device wipes itself (app/App.tsx).
      if (failure.code === 'account_disabled' || failure.code === 'no_units') {
        set({
          needsSignIn: true,
          removedBy: failure.code,
          lastError: syncError(failure.code),
          nextRetryAt: null,
        });
        return;
      }
      set({
        needsSignIn: true,
        passwordChangeRequired: failure.code === 'password_change_required',
        lastError: syncError('unauthorized'),
        nextRetryAt: null,
      });
      return;
    }
    failures += 1;
    let delay = backoffDelay(failures, random);
    if (failure.kind === 'retry_after') {
      if (failure.retryAfterMs !== null) delay = failure.retryAfterMs;
      notBefore = now() + delay;
      error = syncError('rate_limited', delay);
    } else if (failure.kind === 'network') {
      error = syncError('network');
      set({ online: false });
      env.registerBackgroundSync?.();
    } else if (failure.kind === 'server') {
      error = syncError('server');
    } else {
      error = syncError('bad_response');
    }
    set({ lastError: error });
    if (!stopped) scheduleRetry(delay);
  };

  const phaseDone = async (out: PhaseOutcome): Promise<boolean> => {
    await recordOffset(out.clockOffsetMs);
    if (out.ok) return true;
    onFailure(out.failure);
    return false;
  };

  const cycle = async (): Promise<void> => {
    const token = await Promise.resolve()
      .then(opts.getToken)
      .catch(() => null);
    if (!token) {
      set({ needsSignIn: true, lastError: syncError('unauthorized') });
      return;
    }
    const deps = {
      db,
      baseUrl: opts.baseUrl,
      fetch: fetchFn,
      getToken: opts.getToken,
      now,
      stopped: () => halt,
      ...(opts.requestTimeoutMs !== undefined ? { timeoutMs: opts.requestTimeoutMs } : {}),
    };
    set({ syncing: true, progress: null });
    let sent = { done: 0, returned: 0 };
    try {
      const clientId = await getClientId(db);
      const pushed = await pushOutbox({
        ...deps,
        onProgress: (p) => {
          sent = p;
          const { done, total, bytesDone, bytesTotal, photosDone, photosTotal } = p;
          set({
            progress: {
              phase: 'uploading',
              done,
              total,
              bytesDone,
              bytesTotal,
              photosDone,
              photosTotal,
            },
          });
        },
        clientId,
        rotateClientId: async () => {
          const id = newId();
          await setMeta(db, META.clientId, id);
          return id;
        },
      });
      lastPushOk = pushed.ok;
      if (!pushed.ok) lastPullOk = false;
      // What the server answered stands even if a later batch failed: the bar says it
      // ("8 sent, 1 returned") until the officer has seen it.
      if (sent.done > 0) {
        const at = new Date(now()).toISOString();
        set({ lastRun: { uploaded: sent.done, returned: sent.returned, at, seen: false } });
      }
      await saveHealth();
      await refreshCounts();
      if (!(await phaseDone(pushed)) || halt) return;
      // Pull only after a push that got every answer: anything still queued now was never
      // sent, so a removal that moves it to the inbox cannot hide a change already applied.
      set({ progress: { phase: 'downloading', done: 0, total: null } });
      const pullDeps = {
        ...deps,
        onProgress: (done: number, total: number | null) =>
          set({ progress: { phase: 'downloading', done, total } }),
      };
      const pulled = await pullChanges(
        opts.pullPageSize === undefined ? pullDeps : { ...pullDeps, pageSize: opts.pullPageSize },
      );
      lastPullOk = pulled.ok;
      const at = new Date(now()).toISOString();
      // One write, so another tab never sees "all synced" with the previous sync time.
      await (pulled.ok
        ? db.meta.bulkPut([
            { key: META.lastPushOk, value: true },
            { key: META.lastPullOk, value: true },
            { key: META.lastSyncAt, value: at },
          ])
        : saveHealth());
      if (!(await phaseDone(pulled))) return;
      const days = opts.retentionDays?.() ?? null;
      if (days !== null) {
        const offset = status.clockOffsetMs ?? 0;
        await dropExpiredClosedCases(db, { nowMs: now() + offset, retentionDays: days });
      }
      clearRetry();
      notBefore = 0;
      set({
        lastSyncAt: at,
        lastError: null,
        unreachableSince: null,
        needsSignIn: false,
        removedBy: null,
        passwordChangeRequired: false,
        online: true,
      });
    } catch (err) {
      lastPushOk = false;
      lastPullOk = false;
      await saveHealth().catch(() => undefined);
      // Sync reaches the UI as a status, never as an exception: the officer sees plain
      // words and the engine tries again later.
      set({ lastError: syncError(isQuotaError(err) ? 'storage_full' : 'internal') });
      failures += 1;
      if (!stopped) scheduleRetry(backoffDelay(failures, random));
    } finally {
      await refreshCounts().catch(() => undefined);
      set({ syncing: false, progress: null });
    }
  };

  const runLocked = async (waitForLock: boolean): Promise<void> => {
    await loadStored();
    if (!lock) return cycle();
    const skipped = await lock.request(SYNC_LOCK_NAME, { ifAvailable: true }, async (held) => {
      if (!held) {
        // Another tab is syncing this device's outbox; a push now would be a duplicate.
        set({ otherTabSyncing: true });
        await refreshCounts();
        return true;
      }
      set({ otherTabSyncing: false });
      await cycle();
      return false;
    });
    if (!skipped || !waitForLock) return;
    // Asked for: after the other tab's cycle, send what it did not (a write made since).
    await lock.request(SYNC_LOCK_NAME, {}, async () => {
      set({ otherTabSyncing: false });
      await cycle();
    });
  };

  /** Coalesces triggers: at most one cycle running and one queued behind it. */
  const syncNow = (waitForLock: boolean): Promise<void> => {
    if (!running) {
      running = runLocked(waitForLock)
        .catch(() => {
          // e.g. the database was closed or deleted under us (logout in another tab).
          set({ syncing: false, lastError: syncError('internal') });
        })
        .finally(() => {
          running = null;
        });
      return running;
    }
    queuedWaits ||= waitForLock;
    queued ??= running
      .catch(() => undefined)
      .then(() => {
        const wait = queuedWaits;
        queued = null;
        queuedWaits = false;
        return syncNow(wait);
      });
    return queued;
  };

  /** Automatic triggers respect a server's Retry-After; the officer's button does not wait. */
  const autoSync = () => {
    if (stopped || now() < notBefore) return;
    void syncNow(false).catch(() => undefined);
  };

  /**
   * A new write on a desk: sent at once while online, like pressing the button, unless a
   * backoff retry or a Retry-After owns the next attempt (a server that is struggling).
   */
  const onShared = (r: Awaited<ReturnType<typeof readShared>>) => {
    const grew = lastPending !== null && r.pending > lastPending;
    lastPending = r.pending;
    applyShared(r);
    if (!grew || stopped || !opts.sendWritesAtOnce?.() || !status.online) return;
    if (retryTimer !== null || now() < notBefore) return;
    void syncNow(true).catch(() => undefined);
  };

  const visible = () => !env.document || env.document.visibilityState === 'visible';

  const onOnline = () => {
    // A network is back: "cannot reach the server" was about the one that went away.
    const stale = status.lastError?.code === 'network';
    set(stale ? { online: true, lastError: null, unreachableSince: null } : { online: true });
    // The network is back: the old backoff is about a network that no longer applies.
    if (now() >= notBefore) clearRetry();
    autoSync();
  };
  const onOffline = () => set({ online: false });
  const onVisibility = () => {
    if (visible()) autoSync();
  };

  const tick = () => {
    intervalTimer = timers.setTimeout(() => {
      if (stopped) return;
      // A pending backoff retry owns the next attempt; the timer must not shorten it.
      if (visible() && retryTimer === null) autoSync();
      tick();
    }, SYNC_INTERVAL_MS);
  };

  return {
    start() {
      if (started && !stopped) return;
      started = true;
      stopped = false;
      halt = false;
      env.window?.addEventListener('online', onOnline);
      env.window?.addEventListener('offline', onOffline);
      env.document?.addEventListener('visibilitychange', onVisibility);
      lastPending = null;
      countsSub = liveQuery(readShared).subscribe({
        next: onShared,
        error: () => undefined,
      });
      tick();
      env.registerBackgroundSync?.();
      autoSync();
    },
    stop() {
      stopped = true;
      halt = true;
      env.window?.removeEventListener('online', onOnline);
      env.window?.removeEventListener('offline', onOffline);
      env.document?.removeEventListener('visibilitychange', onVisibility);
      countsSub?.unsubscribe();
      countsSub = null;
      if (intervalTimer !== null) timers.clearTimeout(intervalTimer);
      intervalTimer = null;
      if (retryTimer !== null) timers.clearTimeout(retryTimer);
      retryTimer = null;
    },
    syncNow: (o) => {
      // Asked for explicitly (the button, a write's "send now", a test, the service worker):
      // runs even when the engine's automatic triggers are stopped.
      halt = false;
      return syncNow(o?.waitForLock ?? true);
    },
    subscribe(fn) {
      listeners.add(fn);
      void loadStored();
      return () => {
        listeners.delete(fn);
      };
    },
    getStatus: () => status,
    markRunSeen() {
      if (status.lastRun && !status.lastRun.seen)
        set({ lastRun: { ...status.lastRun, seen: true } });
    },
    whenIdle: async () => {
      while (running || queued) await (queued ?? running)?.catch(() => undefined);
    },
  };
}

/** The browser's window/document/navigator, or nothing outside a browser. */
function defaultEnvironment(): SyncEnvironment {
  const hasWindow = typeof window !== 'undefined';
  const hasDocument = typeof document !== 'undefined';
  const nav = typeof navigator !== 'undefined' ? navigator : undefined;
  return {
    window: hasWindow ? window : null,
    document: hasDocument ? document : null,
    isOnline: () => (typeof nav?.onLine === 'boolean' ? nav.onLine : true),
    registerBackgroundSync: () => {
      const sw = nav?.serviceWorker;
      if (!sw) return;
      void sw.ready
        .then((reg) => {
          const sync = (
            reg as ServiceWorkerRegistration & {
              sync?: { register(tag: string): Promise<void> };
            }
          ).sync;
          return sync?.register(BACKGROUND_SYNC_TAG);
        })
        .catch(() => undefined);
    },
  };
}
