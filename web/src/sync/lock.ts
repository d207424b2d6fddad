/**
 * The part of the Web Locks API the engine uses. Only one tab of the device syncs at a
 * time; the others see the data through live queries. `ifAvailable` means a tab that finds
 * the lock taken skips this round instead of queueing a second push of the same outbox.
 */
export interface LockLike {
  request<T>(
    name: string,
    options: { ifAvailable: true },
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
  const held = new Set<string>();
  return {
    held: (name) => held.has(name),
    async request<T>(
      name: string,
      _options: { ifAvailable: true },
      callback: (lock: unknown) => Promise<T>,
    ): Promise<T> {
      if (held.has(name)) return callback(null);
      held.add(name);
      try {
        return await callback({ name });
      } finally {
        held.delete(name);
      }
    },
  };
}
