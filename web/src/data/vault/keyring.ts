import type { KeyringUser } from './types';

/**
 * The keyring: what this device persists about its data key, in plain (the `keyring` meta
 * row). It never holds the data key itself, only the key wrapped (AES-GCM) under a key
 * encryption key (KEK): one derived from the PIN, one handed out by the server after a
 * password sign-in. WebCrypto is the only primitive provider here; this file composes it.
 */

export const KEYRING_VERSION = 1;

/** PBKDF2-SHA-256 rounds for a new PIN wrap (OWASP's 2023 figure for SHA-256). */
export const PIN_KDF_ITERATIONS = 600_000;
export const PIN_SALT_BYTES = 16;
export const PIN_LENGTH = 6;
/** From this many wrong PINs in a row, each further try waits (PIN_WAIT_SCHEDULE_MS). */
export const PIN_FIRST_WAIT_AT = 5;
/** This many wrong PINs in a row and the PIN-wrapped key is dropped: password only. */
export const PIN_FORGET_AT = 10;
/** The wait after the 5th, 6th, 7th, 8th and 9th wrong PIN in a row. */
export const PIN_WAIT_SCHEDULE_MS: readonly number[] = [
  60_000,
  5 * 60_000,
  15 * 60_000,
  30 * 60_000,
  60 * 60_000,
];

const DATA_KEY_BYTES = 32;
const GCM_IV_BYTES = 12;

/** A data key sealed under a KEK: AES-GCM, the tag included in `wrapped` (base64url). */
export interface WrappedKey {
  iv: string;
  wrapped: string;
}

/** The PIN wrap also carries how its KEK was derived, so a later default can differ. */
export interface PinWrap extends WrappedKey {
  salt: string;
  iterations: number;
}

export interface Keyring {
  version: typeof KEYRING_VERSION;
  user: KeyringUser;
  pin?: PinWrap;
  server?: WrappedKey;
  /** Wrong PINs in a row (survives a reload; reset by a right PIN or a password sign-in). */
  failedPins: number;
  /** Epoch ms before which no PIN is tried; null: no wait. */
  waitUntil: number | null;
  /** Why there is no PIN wrap although one was set (the lock screen says which). */
  pinLost?: 'pin_forgotten' | 'too_many_pins';
}

/**
 * How long the officer waits after `failedPins` wrong PINs in a row: 0 below five;
 * 'forgotten' at ten, when the PIN-wrapped key is dropped.
 */
export function pinWaitMs(failedPins: number): number | 'forgotten' {
  if (failedPins >= PIN_FORGET_AT) return 'forgotten';
  if (failedPins < PIN_FIRST_WAIT_AT) return 0;
  return PIN_WAIT_SCHEDULE_MS[failedPins - PIN_FIRST_WAIT_AT] ?? 0;
}

/** Exactly six ASCII digits (a full-width digit would type the same on one keyboard only). */
export function isValidPin(pin: string): boolean {
  return /^[0-9]{6}$/.test(pin);
}

export function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Strict: anything but the base64url alphabet (unpadded) throws rather than decoding loosely. */
export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) {
    throw new TypeError('not base64url');
  }
  const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** A server key as the login answer carries it: base64url of exactly 32 bytes. */
export function isServerKey(text: string): boolean {
  try {
    return fromBase64Url(text).byteLength === DATA_KEY_BYTES;
  } catch {
    return false;
  }
}

/**
 * Binds a wrap to its purpose and user: a PIN wrap pasted in as a server wrap, or another
 * user's wrap moved into this keyring, fails its tag instead of opening.
 */
function aad(kind: 'pin' | 'server', userId: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(`anxin-field keyring v${KEYRING_VERSION} ${kind} ${userId}`);
}

async function pinKek(pin: string, salt: Uint8Array<ArrayBuffer>, iterations: number) {
  const base = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(pin),
    'PBKDF2',
    false,
    ['deriveKey'],
  );
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

function serverKek(serverKey: string): Promise<CryptoKey> {
  const bytes = fromBase64Url(serverKey);
  if (bytes.byteLength !== DATA_KEY_BYTES) throw new TypeError('a server key is 32 bytes');
  return crypto.subtle.importKey('raw', bytes, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
}

async function seal(kek: CryptoKey, raw: Uint8Array, additionalData: Uint8Array<ArrayBuffer>) {
  const iv = crypto.getRandomValues(new Uint8Array(GCM_IV_BYTES));
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData },
    kek,
    new Uint8Array(raw),
  );
  return { iv: toBase64Url(iv), wrapped: toBase64Url(new Uint8Array(sealed)) };
}

/** The raw data key, or null when the tag does not verify (wrong PIN or key, or tampering). */
async function open(
  kek: CryptoKey,
  wrap: WrappedKey,
  additionalData: Uint8Array<ArrayBuffer>,
): Promise<Uint8Array | null> {
  let plain: ArrayBuffer;
  try {
    plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: fromBase64Url(wrap.iv), additionalData },
      kek,
      fromBase64Url(wrap.wrapped),
    );
  } catch {
    return null;
  }
  const raw = new Uint8Array(plain);
  if (raw.byteLength !== DATA_KEY_BYTES) {
    raw.fill(0);
    return null;
  }
  return raw;
}

export async function wrapWithPin(
  raw: Uint8Array,
  pin: string,
  userId: string,
  iterations: number = PIN_KDF_ITERATIONS,
): Promise<PinWrap> {
  const salt = crypto.getRandomValues(new Uint8Array(PIN_SALT_BYTES));
  const kek = await pinKek(pin, salt, iterations);
  return { salt: toBase64Url(salt), iterations, ...(await seal(kek, raw, aad('pin', userId))) };
}

export async function unwrapWithPin(
  wrap: PinWrap,
  pin: string,
  userId: string,
): Promise<Uint8Array | null> {
  const kek = await pinKek(pin, fromBase64Url(wrap.salt), wrap.iterations);
  return open(kek, wrap, aad('pin', userId));
}

export async function wrapWithServerKey(
  raw: Uint8Array,
  serverKey: string,
  userId: string,
): Promise<WrappedKey> {
  return seal(await serverKek(serverKey), raw, aad('server', userId));
}

export async function unwrapWithServerKey(
  wrap: WrappedKey,
  serverKey: string,
  userId: string,
): Promise<Uint8Array | null> {
  return open(await serverKek(serverKey), wrap, aad('server', userId));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function isWrap(v: unknown): v is WrappedKey {
  return isObject(v) && typeof v.iv === 'string' && typeof v.wrapped === 'string';
}

function isPinWrap(v: unknown): v is PinWrap {
  return (
    isObject(v) &&
    isWrap(v) &&
    typeof v.salt === 'string' &&
    typeof v.iterations === 'number' &&
    Number.isInteger(v.iterations) &&
    v.iterations > 0
  );
}

/** The stored row as a keyring, or undefined when it is missing or not one this build reads. */
export function parseKeyring(value: unknown): Keyring | undefined {
  if (!isObject(value) || value.version !== KEYRING_VERSION) return undefined;
  const u = value.user;
  if (
    !isObject(u) ||
    typeof u.id !== 'string' ||
    typeof u.username !== 'string' ||
    typeof u.displayName !== 'string' ||
    typeof u.role !== 'string'
  ) {
    return undefined;
  }
  if (value.pin !== undefined && !isPinWrap(value.pin)) return undefined;
  if (value.server !== undefined && !isWrap(value.server)) return undefined;
  const failedPins = Number.isInteger(value.failedPins) ? (value.failedPins as number) : 0;
  const waitUntil = typeof value.waitUntil === 'number' ? value.waitUntil : null;
  const k: Keyring = {
    version: KEYRING_VERSION,
    user: {
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      role: u.role as KeyringUser['role'],
    },
    failedPins: Math.max(0, failedPins),
    waitUntil,
  };
  if (isPinWrap(value.pin)) {
    const { salt, iterations, iv, wrapped } = value.pin;
    k.pin = { salt, iterations, iv, wrapped };
  }
  if (isWrap(value.server)) k.server = { iv: value.server.iv, wrapped: value.server.wrapped };
  if (value.pinLost === 'pin_forgotten' || value.pinLost === 'too_many_pins') {
    k.pinLost = value.pinLost;
  }
  return k;
}
