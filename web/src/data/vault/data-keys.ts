/**
 * The keys that seal this device's records, as the storage layer sees them. One random
 * 32-byte data key per device and user (see docs/decisions/018): from it, one AES-GCM key
 * seals every record and one HMAC key makes the blind index of the values an index must
 * find (a claimant's mobile) without storing them. Both are non-extractable CryptoKeys:
 * once imported, script on the page cannot read the key bytes back.
 */
export interface DataKeys {
  readonly aes: CryptoKey;
  readonly index: CryptoKey;
}

/** Where the storage layer asks for the keys; it throws VaultLockedError while locked. */
export interface KeySource {
  keys(): DataKeys;
}

/** Raised by every read or write of a sealed table while the device is locked. */
export class VaultLockedError extends Error {
  constructor() {
    super('The device is locked: unlock with the PIN or sign in with the password.');
    this.name = 'VaultLockedError';
  }
}

const INDEX_INFO = new TextEncoder().encode('anxin-field blind index v1');

/** Imports the raw data key as the two working keys (the raw bytes are not kept). */
export async function dataKeysFromRaw(raw: Uint8Array): Promise<DataKeys> {
  if (raw.byteLength !== 32) throw new Error('a data key is 32 bytes');
  const bytes = new Uint8Array(raw);
  const aes = await crypto.subtle.importKey('raw', bytes, { name: 'AES-GCM' }, false, [
    'encrypt',
    'decrypt',
  ]);
  const hkdf = await crypto.subtle.importKey('raw', bytes, 'HKDF', false, ['deriveKey']);
  const index = await crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(32), info: INDEX_INFO },
    hkdf,
    { name: 'HMAC', hash: 'SHA-256', length: 256 },
    false,
    ['sign'],
  );
  return { aes, index };
}

/** A key source that is always open: tests, benchmarks, and the vault once unlocked. */
export function staticKeySource(keys: DataKeys): KeySource {
  return { keys: () => keys };
}

/** A fresh random data key (32 bytes from the platform's CSPRNG). */
export function newRawDataKey(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(32));
}
