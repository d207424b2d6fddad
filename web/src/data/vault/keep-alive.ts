/**
 * Keeps a native IndexedDB transaction open while a promise that is not an IndexedDB
 * request (here: crypto.subtle) settles, and settles the returned promise from inside an
 * IDB request's success callback, so whatever the caller does next still runs while the
 * transaction is active.
 *
 * Why: a transaction commits on its own as soon as it has no pending request at the end of
 * a task. WebCrypto resolves in a later task, so a bare `await crypto.subtle.encrypt(...)`
 * inside a transaction would let it commit and the next write would throw
 * TransactionInactiveError. This is Dexie's own `Transaction.waitFor` technique (a chain of
 * cheap `get(-Infinity)` requests on a store in scope) at the DBCore level, where the
 * middleware holds the native IDBTransaction.
 *
 * Cost: one no-op read per event-loop turn while the promise is pending (a few per sealed
 * operation). Concurrent waits on one transaction share one spin.
 */

interface Spin {
  /** Promises not yet settled. */
  waiting: number;
  /** Settlements to run inside the next success callback. */
  queue: (() => void)[];
  /** The transaction failed a request (aborted): settle directly from now on. */
  dead: boolean;
}

const spins = new WeakMap<IDBTransaction, Spin>();

export function keepAlive<T>(
  trans: IDBTransaction,
  storeName: string,
  work: Promise<T>,
): Promise<T> {
  let spin = spins.get(trans);
  if (!spin) {
    const s: Spin = { waiting: 0, queue: [], dead: false };
    spin = s;
    spins.set(trans, s);
    const store = trans.objectStore(storeName);
    const next = () => {
      const req = store.get(-Infinity);
      req.onsuccess = turn;
      req.onerror = (ev) => {
        // Aborted: the waiters settle as their work does; the caller's next request reports
        // the abort itself.
        ev.preventDefault();
        s.dead = true;
        spins.delete(trans);
        for (const settle of s.queue.splice(0)) settle();
      };
    };
    const turn = () => {
      // Settle what is ready inside this success callback, while the transaction is active.
      for (const settle of s.queue.splice(0)) settle();
      if (s.waiting === 0) spins.delete(trans);
      else next();
    };
    // The first request is made now, synchronously, while the caller's transaction is active.
    next();
  }
  const s = spin;
  s.waiting++;
  return new Promise<T>((resolve, reject) => {
    const done = (settle: () => void) => {
      s.waiting--;
      if (s.dead) settle();
      else s.queue.push(settle);
    };
    work.then(
      (value) => done(() => resolve(value)),
      (err: unknown) => done(() => reject(err)),
    );
  });
}
