import type { Lang, MessageKey, MessageParams } from '@anxin/shared';
import type { WipeReason } from '../data/wipe';

/**
 * What the engine knows about sync, as one typed object: never a raw exception. "All synced"
 * is claimed only when the outbox is empty, nothing waits in the inbox AND the last push and
 * the last pull both succeeded, so the bar cannot say "synced" while a change sits unsent,
 * unconfirmed or returned. What the bar shows is derived from this in ONE place
 * (`syncView` below).
 */
export interface SyncStatus {
  online: boolean;
  syncing: boolean;
  /** Unsent mutations in the outbox. */
  pending: number;
  /** Items waiting in the conflicts inbox. */
  conflicts: number;
  /** Device time (ISO) of the last cycle whose push and pull both succeeded. */
  lastSyncAt: string | null;
  lastError: SyncError | null;
  /** Device time (ISO) of the first of the failures in a row that reached no server. */
  unreachableSince: string | null;
  needsSignIn: boolean;
  /**
   * The server said this account was disabled by an administrator, or that this person was
   * removed from every unit: signing in again cannot help, and the device must not keep the
   * data (device protection wipes it). Null while neither was said.
   */
  removedBy: WipeReason | null;
  /** The server answered 403 password_change_required: the person must sign in again. */
  passwordChangeRequired: boolean;
  /** serverTime − device time, from the last push, pull or login; null if never measured. */
  clockOffsetMs: number | null;
  /** The device clock is more than 5 minutes off the server's. */
  clockSkewWarning: boolean;
  allSynced: boolean;
  /** When the next automatic retry is due after a failure (device time, ISO). */
  nextRetryAt: string | null;
  /** Another tab holds the sync lock and is syncing for this device. */
  otherTabSyncing: boolean;
  /** What the running cycle is doing, while it runs. */
  progress: SyncProgress | null;
  /** What the last cycle that sent anything got back, until the officer has seen it. */
  lastRun: SyncRun | null;
}

export type SyncProgress =
  | {
      phase: 'uploading';
      /** Changes the server has answered in this cycle, of `total`. */
      done: number;
      total: number;
      /** Photos and signatures going up before the changes that use them. */
      bytesDone: number | null;
      bytesTotal: number | null;
      /**
       * The same, counted in files ("正在上传 3 / 12 张照片"): uploaded (or refused for good)
       * in this push, of those known so far; null while no file is going up.
       */
      photosDone: number | null;
      photosTotal: number | null;
    }
  | {
      phase: 'downloading';
      /** Changes received in this cycle so far. */
      done: number;
      /**
       * How many the cycle brings in all: received + the server's estimate of what remains,
       * never below `done`, exactly `done` on the last page; null before the server said.
       */
      total: number | null;
    };

export interface SyncRun {
  /** Changes the server answered. */
  uploaded: number;
  /** Of those, the ones it did not take (conflicts and refusals, now in the inbox). */
  returned: number;
  at: string;
  seen: boolean;
}

export type SyncErrorCode =
  | 'network'
  | 'server'
  | 'rate_limited'
  | 'unauthorized'
  | 'account_disabled'
  | 'no_units'
  | 'storage_full'
  | 'bad_response'
  | 'upload_failed'
  | 'internal';

/**
 * A catalogue key (shared/src/i18n/messages.ts) and its parameters, said when shown: made by
 * `syncError` (sync/errors.ts, with the engine), so the catalogue stays out of the first
 * screen, which reads the words through `text`.
 */
export interface SyncError {
  code: SyncErrorCode;
  key: MessageKey;
  params: MessageParams;
  text(lang: Lang): string;
}

export const INITIAL_STATUS: SyncStatus = {
  online: true,
  syncing: false,
  pending: 0,
  conflicts: 0,
  lastSyncAt: null,
  lastError: null,
  unreachableSince: null,
  needsSignIn: false,
  removedBy: null,
  passwordChangeRequired: false,
  clockOffsetMs: null,
  clockSkewWarning: false,
  allSynced: false,
  nextRetryAt: null,
  otherTabSyncing: false,
  progress: null,
  lastRun: null,
};

/** Whether the status may say "all synced" (see SyncStatus). */
export function isAllSynced(
  s: Pick<SyncStatus, 'pending' | 'conflicts'>,
  pushOk: boolean,
  pullOk: boolean,
): boolean {
  return s.pending === 0 && s.conflicts === 0 && pushOk && pullOk;
}

/** Failures that mean no server answered at all (as opposed to one that answered "no"). */
const UNREACHABLE: ReadonlySet<SyncErrorCode> = new Set(['network', 'server']);

/**
 * The ONE state the sync bar shows. Each kind excludes the others, so the bar can never say
 * "syncing" beside "cannot reach the server", nor "all synced" beside a returned change.
 * In order of precedence:
 * - `disabled` / `signIn`: nothing syncs until a person acts, whatever else is true;
 * - `offline`: the browser has no network (n unsent);
 * - `uploading` / `downloading` / `connecting`: a cycle is running, with its progress;
 * - `unreachable` (since when) / `error`: the last cycle failed and will be retried;
 * - `returned`: the last cycle's "8 sent, 1 returned", until the officer has seen it;
 * - `attention`: changes wait in the inbox (seen, not yet dealt with);
 * - `pending`: online, changes not sent yet (the next cycle sends them);
 * - `synced`: all synced (with what the last cycle sent, if it sent anything);
 * - `never`: this device has not finished a sync yet.
 */
export type SyncView =
  /** `error`: the server's word that the account is disabled (said as it is). */
  | { kind: 'disabled'; error: SyncError | null }
  | { kind: 'signIn'; pending: number }
  | { kind: 'offline'; pending: number }
  | { kind: 'connecting' }
  | {
      kind: 'uploading';
      done: number;
      total: number;
      bytesDone: number | null;
      bytesTotal: number | null;
      photosDone: number | null;
      photosTotal: number | null;
    }
  | { kind: 'downloading'; done: number; total: number | null }
  /** `retrying`: a new attempt is under way and nothing has answered it yet. */
  | { kind: 'unreachable'; since: string; pending: number; retrying: boolean }
  | { kind: 'error'; error: SyncError; pending: number }
  | { kind: 'returned'; uploaded: number; returned: number }
  | { kind: 'attention'; conflicts: number }
  | { kind: 'pending'; pending: number }
  | { kind: 'synced'; uploaded: number }
  | { kind: 'never' };

export interface SyncBarView {
  state: SyncView;
  /** Whether the network dot says online: the browser has a network and the server answered. */
  online: boolean;
  /** Whether 立即同步 can do anything now (and so whether it looks enabled). */
  canSyncNow: boolean;
}

export function syncView(s: SyncStatus, browserOnline: boolean): SyncBarView {
  const state = stateOf(s, browserOnline);
  const busy =
    state.kind === 'uploading' || state.kind === 'downloading' || state.kind === 'connecting';
  return {
    state,
    online: browserOnline && s.online,
    canSyncNow:
      browserOnline &&
      !busy &&
      !s.otherTabSyncing &&
      state.kind !== 'disabled' &&
      state.kind !== 'signIn',
  };
}

function stateOf(s: SyncStatus, browserOnline: boolean): SyncView {
  if (s.removedBy) return { kind: 'disabled', error: s.lastError };
  if (s.needsSignIn) return { kind: 'signIn', pending: s.pending };
  if (!browserOnline) return { kind: 'offline', pending: s.pending };
  const unreachable =
    s.lastError !== null && UNREACHABLE.has(s.lastError.code) && s.unreachableSince !== null
      ? s.unreachableSince
      : null;
  if ((s.syncing || s.otherTabSyncing) && unreachable !== null && !answered(s.progress)) {
    return { kind: 'unreachable', since: unreachable, pending: s.pending, retrying: true };
  }
  if (s.syncing || s.otherTabSyncing) {
    if (s.progress?.phase === 'uploading') {
      const { done, total, bytesDone, bytesTotal, photosDone, photosTotal } = s.progress;
      return { kind: 'uploading', done, total, bytesDone, bytesTotal, photosDone, photosTotal };
    }
    if (s.progress?.phase === 'downloading') {
      return { kind: 'downloading', done: s.progress.done, total: s.progress.total };
    }
    return { kind: 'connecting' };
  }
  if (unreachable !== null) {
    return { kind: 'unreachable', since: unreachable, pending: s.pending, retrying: false };
  }
  if (s.lastError) return { kind: 'error', error: s.lastError, pending: s.pending };
  const run = s.lastRun;
  if (run && !run.seen && run.returned > 0) {
    return { kind: 'returned', uploaded: run.uploaded, returned: run.returned };
  }
  if (s.conflicts > 0) return { kind: 'attention', conflicts: s.conflicts };
  if (s.pending > 0) return { kind: 'pending', pending: s.pending };
  if (s.allSynced) return { kind: 'synced', uploaded: run && !run.seen ? run.uploaded : 0 };
  return s.lastSyncAt === null ? { kind: 'never' } : { kind: 'pending', pending: 0 };
}

/** Whether the running cycle has had any answer from the server yet. */
function answered(p: SyncProgress | null): boolean {
  if (p === null) return false;
  if (p.phase === 'downloading') return true;
  return p.done > 0 || (p.bytesDone ?? 0) > 0 || (p.photosDone ?? 0) > 0;
}

/**
 * The counter the sync bar (and the trip preparation) shows while a cycle runs: files
 * going up, changes going up, changes coming down. Null when nothing is counted yet.
 */
export type ProgressCounter =
  | { phase: 'upload-photos'; done: number; total: number }
  | { phase: 'upload'; done: number; total: number }
  | { phase: 'download'; done: number; total: number | null };

export function progressCounter(view: SyncView): ProgressCounter | null {
  if (view.kind === 'uploading') {
    if (view.photosTotal !== null && view.photosDone !== null) {
      return { phase: 'upload-photos', done: view.photosDone, total: view.photosTotal };
    }
    return { phase: 'upload', done: view.done, total: view.total };
  }
  if (view.kind === 'downloading') {
    return { phase: 'download', done: view.done, total: view.total };
  }
  return null;
}

/**
 * "刚刚 / 2 分钟前 / 3 小时前 / 2 天前": short enough for the bar at 360 px. The key and count
 * for the web catalogue's `sync.ago.*`.
 */
export function agoOf(
  iso: string,
  nowMs: number,
): { key: 'justNow' | 'minutes' | 'hours' | 'days'; count: number } {
  const ms = Math.max(0, nowMs - Date.parse(iso));
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return { key: 'justNow', count: 0 };
  if (minutes < 60) return { key: 'minutes', count: minutes };
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return { key: 'hours', count: hours };
  return { key: 'days', count: Math.floor(hours / 24) };
}
