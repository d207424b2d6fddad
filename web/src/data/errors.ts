import { type Lang, type MessageKey, type MessageParams, type Refusal, t } from '@anxin/shared';

/**
 * Typed errors the data layer throws to the UI. Each carries a stable code and, instead of
 * prose, a catalogue key with its parameters (shared/src/i18n/messages.ts): the screen says
 * it in the language chosen when it is shown, and a refusal of a shared rule reads the same
 * on the device as from the server. Input problems carry a key per field.
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
  readonly key: MessageKey;
  readonly params: MessageParams;
  readonly fieldKeys: Readonly<Record<string, MessageKey>>;

  constructor(
    code: DataErrorCode,
    key: MessageKey,
    opts: { params?: MessageParams; fields?: Record<string, MessageKey> } = {},
  ) {
    super(t(key, 'zh', opts.params));
    // Not 'DataError': Dexie re-wraps errors named like IndexedDB's own DOMExceptions.
    this.name = 'AnxinDataError';
    this.code = code;
    this.key = key;
    this.params = opts.params ?? {};
    this.fieldKeys = opts.fields ?? {};
  }

  text(lang: Lang): string {
    return t(this.key, lang, this.params);
  }

  /** `{path: message}` in the asked language (`claimants.0.mobile` → 必填). */
  fieldTexts(lang: Lang): Record<string, string> {
    return Object.fromEntries(Object.entries(this.fieldKeys).map(([k, v]) => [k, t(v, lang)]));
  }
}

/** IndexedDB reports a full disk as QuotaExceededError, wrapped or not by Dexie. */
export function isQuotaError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err.name === 'QuotaExceededError') return true;
  const inner = (err as Error & { inner?: unknown }).inner;
  return inner instanceof Error && inner.name === 'QuotaExceededError';
}

export function storageFullError(): DataError {
  return new DataError('storage_full', 'device.storageFull');
}

/** A change a shared rule refused, with the rule's own keys (nothing was queued). */
export function refusalError(refusal: Refusal): DataError {
  const code =
    refusal.code === 'forbidden'
      ? 'forbidden'
      : refusal.code === 'invalid'
        ? 'invalid'
        : 'transition';
  return new DataError(code, refusal.key ?? 'reject.invalid', { fields: refusal.fields ?? {} });
}
