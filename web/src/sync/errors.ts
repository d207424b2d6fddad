import { type Lang, type MessageKey, t } from '@anxin/shared';
import type { SyncError, SyncErrorCode } from './status';

const ERROR_KEYS: Record<SyncErrorCode, MessageKey> = {
  network: 'syncError.network',
  server: 'syncError.server',
  rate_limited: 'syncError.rateLimited',
  unauthorized: 'syncError.unauthorized',
  account_disabled: 'syncError.accountDisabled',
  no_units: 'syncError.noUnits',
  storage_full: 'syncError.storageFull',
  bad_response: 'syncError.badResponse',
  upload_failed: 'syncError.uploadFailed',
  internal: 'syncError.internal',
};

/** Why sync stopped, as a catalogue key with its parameters (Retry-After in seconds). */
export function syncError(code: SyncErrorCode, retryInMs?: number): SyncError {
  const timed = code === 'rate_limited' && retryInMs !== undefined;
  const key: MessageKey = timed ? 'syncError.rateLimitedIn' : ERROR_KEYS[code];
  const params = timed ? { secs: Math.max(1, Math.ceil(retryInMs / 1000)) } : {};
  return { code, key, params, text: (lang: Lang) => t(key, lang, params) };
}
