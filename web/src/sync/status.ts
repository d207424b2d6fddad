/**
 * What the UI shows about sync, as one typed object: never a raw exception. "All synced"
 * is claimed only when the outbox is empty AND the last push and the last pull both
 * succeeded, so the bar cannot say "synced" while a change sits unsent or unconfirmed.
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
  needsSignIn: boolean;
  /**
   * The server said this account was disabled by an administrator: signing in again cannot
   * help, and the device must not keep the data (device protection wipes it).
   */
  accountDisabled: boolean;
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
}

export type SyncErrorCode =
  | 'network'
  | 'server'
  | 'rate_limited'
  | 'unauthorized'
  | 'account_disabled'
  | 'storage_full'
  | 'bad_response'
  | 'upload_failed'
  | 'internal';

export interface SyncError {
  code: SyncErrorCode;
  message: string;
  messageEn: string;
}

export function syncError(code: SyncErrorCode, retryInMs?: number): SyncError {
  const secs = retryInMs === undefined ? null : Math.max(1, Math.ceil(retryInMs / 1000));
  switch (code) {
    case 'network':
      return {
        code,
        message: '无法连接服务器，更改已保存在本机，稍后自动重试',
        messageEn: 'Cannot reach the server; changes are saved on this device and will be retried',
      };
    case 'server':
      return {
        code,
        message: '服务器暂时出错，稍后自动重试',
        messageEn: 'The server had a problem; sync will be retried',
      };
    case 'rate_limited':
      return {
        code,
        message: secs ? `服务器繁忙，${secs} 秒后自动重试` : '服务器繁忙，稍后自动重试',
        messageEn: secs
          ? `The server is busy; retrying in ${secs} s`
          : 'The server is busy; retrying later',
      };
    case 'unauthorized':
      return {
        code,
        message: '登录已过期，请联网重新登录；未发送的更改仍保存在本机',
        messageEn: 'Your sign-in has expired; sign in again. Unsent changes stay on this device',
      };
    case 'account_disabled':
      return {
        code,
        message: '此账号已被管理员停用，无法再同步；如有疑问请联系单位管理员',
        messageEn:
          'This account has been disabled by an administrator and can no longer sync; ask your administrator',
      };
    case 'storage_full':
      return {
        code,
        message: '设备存储空间已满，无法保存同步数据，请清理空间',
        messageEn: 'Device storage is full; sync data could not be saved. Free some space',
      };
    case 'bad_response':
      return {
        code,
        message: '服务器返回了无法识别的内容，稍后自动重试',
        messageEn: 'The server sent an answer this app does not understand; will retry',
      };
    case 'internal':
      return {
        code,
        message: '同步时出错，更改仍保存在本机，稍后自动重试',
        messageEn: 'Sync hit an error; changes stay on this device and sync will be retried',
      };
    case 'upload_failed':
      return {
        code,
        message: '附件上传失败，稍后自动重试',
        messageEn: 'An attachment could not be uploaded; will retry',
      };
  }
}

export const INITIAL_STATUS: SyncStatus = {
  online: true,
  syncing: false,
  pending: 0,
  conflicts: 0,
  lastSyncAt: null,
  lastError: null,
  needsSignIn: false,
  accountDisabled: false,
  passwordChangeRequired: false,
  clockOffsetMs: null,
  clockSkewWarning: false,
  allSynced: false,
  nextRetryAt: null,
  otherTabSyncing: false,
};
