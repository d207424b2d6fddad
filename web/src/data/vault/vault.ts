import type { AnxinDB } from '../db';
import { type DataKeys, dataKeysFromRaw, newRawDataKey, VaultLockedError } from './data-keys';
import {
  isServerKey,
  isValidPin,
  KEYRING_VERSION,
  type Keyring,
  PIN_FORGET_AT,
  PIN_KDF_ITERATIONS,
  parseKeyring,
  pinWaitMs,
  unwrapWithPin,
  unwrapWithServerKey,
  wrapWithPin,
  wrapWithServerKey,
} from './keyring';
import type { KeyringUser, PinUnlockResult, Vault, VaultState } from './types';

/** Where the keyring is persisted: the `keyring` meta row in the app, a variable in tests. */
export interface KeyringStore {
  read(): Promise<Keyring | undefined>;
  write(k: Keyring): Promise<void>;
  remove(): Promise<void>;
}

/** The server's key does not open this device's data key: the data stays sealed. */
export class WrongServerKeyError extends Error {
  constructor() {
    super("The server's device key does not open the data key on this device.");
    this.name = 'WrongServerKeyError';
  }
}

/** A PIN that is not exactly six digits: refused before any attempt is counted. */
export class InvalidPinError extends Error {
  constructor() {
    super('A PIN is exactly 6 digits.');
    this.name = 'InvalidPinError';
  }
}

/** The meta row holding the keyring (META.keyring; raw-keyring.ts reads it without Dexie). */
export const KEYRING_ROW = 'keyring';

/**
 * The keyring in the Dexie `meta` table. The storage layer leaves this one row unsealed:
 * it is what opens the others, and the lock screen must read whose device this is.
 */
export function metaKeyringStore(db: AnxinDB): KeyringStore {
  return {
    async read() {
      return parseKeyring((await db.meta.get(KEYRING_ROW))?.value);
    },
    async write(k) {
      await db.meta.put({ key: KEYRING_ROW, value: k });
    },
    async remove() {
      await db.meta.delete(KEYRING_ROW);
    },
  };
}

function keyringUser(u: KeyringUser): KeyringUser {
  return { id: u.id, username: u.username, displayName: u.displayName, role: u.role };
}

function restingState(k: Keyring | undefined): VaultState {
  if (!k) return { kind: 'empty' };
  if (k.pin) {
    return { kind: 'locked', user: k.user, failedPins: k.failedPins, waitUntil: k.waitUntil };
  }
  return { kind: 'needs_password', user: k.user, why: k.pinLost ?? 'no_pin' };
}

export function createVault(
  store: KeyringStore,
  opts: { now?: () => number; iterations?: number } = {},
): Vault {
  const now = opts.now ?? Date.now;
  const iterations = opts.iterations ?? PIN_KDF_ITERATIONS;

  let state: VaultState = { kind: 'empty' };
  /** The last keyring read or written: the state's source while nothing is in flight. */
  let keyring: Keyring | undefined;
  let keys: DataKeys | null = null;
  /**
   * The raw data key, kept while unlocked and zeroed on lock. setPin must wrap the same key
   * under a new PIN without asking for the password. The alternative, a CryptoKey with
   * wrapKey(), needs the data key extractable, so script on the page could export it just
   * as it could read these bytes: no gain, and two derived keys to keep in step. While
   * locked neither exists in memory.
   */
  let raw: Uint8Array | null = null;
  /** Bumped by lock() and clear(): an unlock still in flight must not undo them. */
  let epoch = 0;
  const listeners = new Set<() => void>();

  function setState(next: VaultState): void {
    state = next;
    for (const l of listeners) l();
  }

  function forgetKey(): void {
    raw?.fill(0);
    raw = null;
    keys = null;
  }

  async function becomeUnlocked(bytes: Uint8Array, k: Keyring, since: number): Promise<void> {
    const imported = await dataKeysFromRaw(bytes);
    if (since !== epoch) {
      // Locked (or cleared) while the key was being opened: it stays closed, and a lock
      // shows the keyring as it now is (cleared stays empty).
      bytes.fill(0);
      if (state.kind !== 'empty') setState(restingState(k));
      return;
    }
    forgetKey();
    raw = bytes;
    keys = imported;
    setState({ kind: 'unlocked', user: k.user, hasPin: k.pin !== undefined });
  }

  /** Each operation reads and writes the keyring in turn: two unlocks cannot both count. */
  let queue: Promise<unknown> = Promise.resolve();
  function serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = queue.then(fn);
    queue = run.catch(() => undefined);
    return run;
  }

  async function persist(k: Keyring): Promise<void> {
    await store.write(k);
    keyring = k;
  }

  /** A 10th wrong PIN that a reload interrupted is still the 10th: drop the PIN wrap. */
  async function settle(k: Keyring | undefined): Promise<Keyring | undefined> {
    if (!k?.pin || k.failedPins < PIN_FORGET_AT) return k;
    const { pin: _dropped, ...rest } = k;
    const next: Keyring = { ...rest, pinLost: 'too_many_pins', waitUntil: null };
    await persist(next);
    return next;
  }

  function requireUnlocked(): Keyring {
    if (state.kind !== 'unlocked' || !raw || !keyring) throw new VaultLockedError();
    return keyring;
  }

  return {
    keys() {
      if (!keys) throw new VaultLockedError();
      return keys;
    },

    getState: () => state,

    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    load() {
      return serial(async () => {
        // Already open (a second call at boot): nothing on disk can be newer than memory.
        if (state.kind === 'unlocked') return state;
        keyring = await settle(await store.read());
        setState(restingState(keyring));
        return state;
      });
    },

    async storedUser() {
      return (await store.read())?.user;
    },

    unlockWithPin(pin) {
      // Taken at the call, not when the queue reaches it: a lock() in between wins.
      const since = epoch;
      return serial(async (): Promise<PinUnlockResult> => {
        if (!isValidPin(pin)) throw new InvalidPinError();
        const k = await settle(await store.read());
        keyring = k;
        if (!k) throw new Error('No keyring on this device: sign in with the password.');
        if (!k.pin) {
          if (state.kind !== 'unlocked') setState(restingState(k));
          return { ok: false, reason: 'forgotten' };
        }
        const at = now();
        if (k.waitUntil !== null && at < k.waitUntil) {
          return { ok: false, reason: 'wait', waitUntil: k.waitUntil };
        }
        // The try is counted before the key is derived: closing the page during the
        // derivation does not make it free, nor skip the wait it would bring.
        const failedPins = k.failedPins + 1;
        const wait = pinWaitMs(failedPins);
        const counted: Keyring = {
          ...k,
          failedPins,
          waitUntil: typeof wait === 'number' && wait > 0 ? at + wait : null,
        };
        await persist(counted);

        const bytes = await unwrapWithPin(k.pin, pin, k.user.id);
        if (bytes) {
          const reset: Keyring = { ...k, failedPins: 0, waitUntil: null };
          await persist(reset);
          await becomeUnlocked(bytes, reset, since);
          return { ok: true };
        }
        if (wait === 'forgotten') {
          keyring = await settle(counted);
          if (state.kind !== 'unlocked') setState(restingState(keyring));
          return { ok: false, reason: 'forgotten' };
        }
        if (state.kind !== 'unlocked') setState(restingState(counted));
        return { ok: false, reason: 'wrong', failedPins, waitUntil: counted.waitUntil };
      });
    },

    openWithServerKey(user, serverKey) {
      const since = epoch;
      return serial(async () => {
        if (!isServerKey(serverKey)) throw new TypeError('A server key is base64url of 32 bytes.');
        const existing = await store.read();
        if (existing && existing.user.id === user.id) {
          const bytes = existing.server
            ? await unwrapWithServerKey(existing.server, serverKey, user.id)
            : null;
          // A rotated server key, or a wrap that was tampered with: touch nothing, so the
          // PIN can still open this device's data.
          if (!bytes) throw new WrongServerKeyError();
          // A password sign-in proves who this is: the PIN count starts again.
          const next: Keyring = {
            ...existing,
            user: keyringUser(user),
            failedPins: 0,
            waitUntil: null,
          };
          await persist(next);
          await becomeUnlocked(bytes, next, since);
          return;
        }
        // First sign-in here, or another user (whose data the caller has already wiped).
        const bytes = newRawDataKey();
        const fresh: Keyring = {
          version: KEYRING_VERSION,
          user: keyringUser(user),
          server: await wrapWithServerKey(bytes, serverKey, user.id),
          failedPins: 0,
          waitUntil: null,
        };
        forgetKey();
        await persist(fresh);
        await becomeUnlocked(bytes, fresh, since);
      });
    },

    setPin(pin) {
      return serial(async () => {
        if (!isValidPin(pin)) throw new InvalidPinError();
        const k = requireUnlocked();
        const since = epoch;
        // A copy: a lock() during the derivation zeroes `raw`, not what is being wrapped.
        const bytes = new Uint8Array(raw as Uint8Array);
        let wrap: Keyring['pin'];
        try {
          wrap = await wrapWithPin(bytes, pin, k.user.id, iterations);
        } finally {
          bytes.fill(0);
        }
        // Locked or cleared meanwhile: the new PIN is not kept (the officer sets it again).
        if (since !== epoch) throw new VaultLockedError();
        const { pinLost: _gone, ...rest } = k;
        const next: Keyring = { ...rest, pin: wrap, failedPins: 0, waitUntil: null };
        await persist(next);
        setState({ kind: 'unlocked', user: next.user, hasPin: true });
      });
    },

    forgetPin() {
      return serial(async () => {
        const k = (await store.read()) ?? keyring;
        epoch++;
        forgetKey();
        if (!k) {
          keyring = undefined;
          setState({ kind: 'empty' });
          return;
        }
        const { pin: _dropped, ...rest } = k;
        const next: Keyring = { ...rest, pinLost: 'pin_forgotten', failedPins: 0, waitUntil: null };
        await persist(next);
        setState(restingState(next));
      });
    },

    lock() {
      epoch++;
      forgetKey();
      if (state.kind === 'unlocked') setState(restingState(keyring));
    },

    clear() {
      epoch++;
      forgetKey();
      keyring = undefined;
      if (state.kind !== 'empty') setState({ kind: 'empty' });
    },
  };
}
