/**
 * The part of the Web Locks API the engine uses. Only one tab (or the service worker) of
 * the device syncs at a time; the others see the data through live queries. `ifAvailable`
 * means an automatic trigger that finds the lock taken skips this round instead of a second
 * push of the same outbox; without it a request waits until the holder is done (a write the
 * person asked to send goes right after the cycle that holds the lock, not at the next timer).
 */
export interface LockLike {
  request<T>(
    name: string,
    options: { ifAvailable?: boolean },
    callback: (lock: unknown) => Promise<T>,
  ): Promise<T>;
}

export const SYNC_LOCK_NAME = 'anxin-sync';

/** navigator.locks where the browser has it. */
export function browserLock(): LockLike | null {
  if (typeof navigator === 'undefined') return null;
  const locks = (navigator as Navigator & { locks?: LockLike }).locks;
  return locks ?? null;
}

/**
 * An in-memory lock with the same contract, for tests (several engines on one database
 * share one of these, like tabs sharing navigator.locks).
 */
export function createMemoryLock(): LockLike & { held(name: string): boolean } {
  /** Per name: settles when the current holder and everyone waiting before are done. */
  const tails = new Map<string, Promise<void>>();
  const holders = new Set<string>();
  return {
    held: (name) => holders.has(name),
    async request<T>(
      name: string,
      options: { ifAvailable?: boolean },
      callback: (lock: unknown) => Promise<T>,
    ): Promise<T> {
      if (options.ifAvailable && holders.has(name)) return callback(null);
      const before = tails.get(name) ?? Promise.resolve();
      let release = () => {};
      const mine = new Promise<void>((r) => {
        release = r;
      });
      const tail = before.then(() => mine);
      tails.set(name, tail);
      await before;
      holders.add(name);
      try {
        return await callback({ name });
      } finally {
        holders.delete(name);
        if (tails.get(name) === tail) tails.delete(name);
        release();
      }
    },
  };
}
