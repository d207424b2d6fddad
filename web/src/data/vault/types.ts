import type { Role } from '@anxin/shared';
import type { KeySource } from './data-keys';

/** Who the keys on this device belong to: kept in plain so the lock screen can greet them. */
export interface KeyringUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
}

/**
 * Where the device's keys stand.
 * - `empty`: no key here (first sign-in, or wiped): sign in online with the password.
 * - `locked`: the data key is wrapped by the PIN; the PIN opens it, offline too.
 * - `needs_password`: only the server-held key can open the data key (PIN never set,
 *   forgotten, or 10 wrong PINs): sign in online with the password.
 * - `unlocked`: the data key is in memory; `hasPin` false until the officer has chosen one
 *   (the app asks for it before anything else).
 */
export type VaultState =
  | { kind: 'empty' }
  | {
      kind: 'locked';
      user: KeyringUser;
      /** Wrong PINs in a row so far (0–9). */
      failedPins: number;
      /** Epoch ms before which no PIN is tried (after 5, 6, … wrong ones); null: now. */
      waitUntil: number | null;
    }
  | { kind: 'needs_password'; user: KeyringUser; why: 'no_pin' | 'pin_forgotten' | 'too_many_pins' }
  | { kind: 'unlocked'; user: KeyringUser; hasPin: boolean };

export type PinUnlockResult =
  | { ok: true }
  | { ok: false; reason: 'wrong'; failedPins: number; waitUntil: number | null }
  | { ok: false; reason: 'wait'; waitUntil: number }
  /** The 10th wrong PIN: the PIN-wrapped key is gone; the password is the way back. */
  | { ok: false; reason: 'forgotten' };

/**
 * The device's key holder. The data key lives in memory only while unlocked; what is
 * persisted (the `keyring` meta row, plain) holds it wrapped twice: by a key derived from
 * the PIN and by the server-held per-user key handed out at a password sign-in.
 */
export interface Vault extends KeySource {
  getState(): VaultState;
  subscribe(listener: () => void): () => void;
  /** Reads the keyring at boot: never unlocked after a cold start. */
  load(): Promise<VaultState>;
  /**
   * Whose keys the stored keyring holds (plain: readable while locked), read from the store
   * afresh; undefined when there is none. The sign-in's other-user guard asks this.
   */
  storedUser(): Promise<KeyringUser | undefined>;
  /**
   * Tries the PIN (counted and persisted before it is tried). Throws InvalidPinError for
   * anything but six digits (not counted), and an Error when there is no keyring at all.
   */
  unlockWithPin(pin: string): Promise<PinUnlockResult>;
  /**
   * After a password sign-in: the server's per-user key (base64url, 32 bytes) opens the
   * data key this device already holds for this user, or a new data key is made (first
   * sign-in, or another user: the caller has wiped the previous user's data first).
   */
  /**
   * Throws WrongServerKeyError (keyring untouched, data sealed) when this user's keyring
   * does not open with the key; TypeError when the key is not base64url of 32 bytes.
   */
  openWithServerKey(user: KeyringUser, serverKey: string): Promise<void>;
  /** While unlocked: wraps the data key under a new PIN (fresh salt; the old PIN stops working). */
  setPin(pin: string): Promise<void>;
  /** "Forgot PIN": drops the PIN-wrapped key; the password opens the data again. */
  forgetPin(): Promise<void>;
  /** Drops the data key from memory (background, idle, or asked). */
  lock(): void;
  /** Forgets everything (the database is being deleted). */
  clear(): void;
}
