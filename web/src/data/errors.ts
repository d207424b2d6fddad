/**
 * Typed errors the data layer throws to the UI. Each carries a stable code, a Chinese
 * message (shown first), an English one, and, for input problems, a message per field.
 */
export type DataErrorCode =
  | 'invalid'
  | 'not_found'
  | 'transition'
  | 'forbidden'
  | 'storage_full'
  | 'not_signed_in'
  | 'unsupported_file'
  | 'conflict_not_reapplicable';

export class DataError extends Error {
  readonly code: DataErrorCode;
  readonly messageZh: string;
  readonly messageEn: string;
  readonly fields: Record<string, string>;
  readonly fieldsEn: Record<string, string>;

  constructor(
    code: DataErrorCode,
    messageZh: string,
    messageEn: string,
    fields: Record<string, string> = {},
    fieldsEn: Record<string, string> = {},
  ) {
    super(messageZh);
    // Not 'DataError': Dexie re-wraps errors named like IndexedDB's own DOMExceptions.
    this.name = 'AnxinDataError';
    this.code = code;
    this.messageZh = messageZh;
    this.messageEn = messageEn;
    this.fields = fields;
    this.fieldsEn = fieldsEn;
  }
}

export const STORAGE_FULL = {
  zh: '设备存储空间已满，本次内容未保存。请清理手机空间或先联网同步后再试。',
  en: 'Device storage is full; this was not saved. Free some space or sync first, then try again.',
} as const;

/** IndexedDB reports a full disk as QuotaExceededError, wrapped or not by Dexie. */
export function isQuotaError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err.name === 'QuotaExceededError') return true;
  const inner = (err as Error & { inner?: unknown }).inner;
  return inner instanceof Error && inner.name === 'QuotaExceededError';
}

export function storageFullError(): DataError {
  return new DataError('storage_full', STORAGE_FULL.zh, STORAGE_FULL.en);
}
