import type {
  DBCore,
  DBCoreCursor,
  DBCoreMutateRequest,
  DBCoreTable,
  DBCoreTransaction,
  Middleware,
} from 'dexie';
import type { DataKeys, KeySource } from './data-keys';
import { keepAlive } from './keep-alive';
import {
  isPlainRow,
  isSealedRow,
  NOT_CACHED,
  needsOpening,
  openRow,
  openRowCached,
  policyOf,
  sealedAhead,
  sealRow,
} from './seal';
import type { TablePolicy } from './seal-policy';

/**
 * The DBCore middleware that seals rows on their way into IndexedDB and opens them on the
 * way out (docs/decisions/018). It sits below Dexie's own middlewares (level −2), so hooks,
 * observability and the liveQuery cache see plain rows; IndexedDB sees only the plain
 * fields of seal-policy.ts and `$s`. WebCrypto is asynchronous, so every wait on it keeps
 * the transaction alive (keep-alive.ts) and resumes inside an IDB success callback.
 */
export function sealMiddleware(source: KeySource): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'seal',
    level: -2,
    create: (down) => ({
      ...down,
      table(name: string): DBCoreTable {
        const table = down.table(name);
        const policy = policyOf(name);
        return policy ? sealedTable(table, policy, source) : table;
      },
    }),
  };
}

/** A value the mutate seals itself (not sealed ahead, not in stored form). */
const TO_SEAL: unique symbol = Symbol('to seal');

function native(trans: DBCoreTransaction): IDBTransaction {
  return trans as unknown as IDBTransaction;
}

function sealedTable(down: DBCoreTable, policy: TablePolicy, source: KeySource): DBCoreTable {
  const name = down.name;
  const pkPath = down.schema.primaryKey.keyPath;
  const primaryKeyPath = typeof pkPath === 'string' ? pkPath : null;
  // Meta holds rows read while locked (the keyring): its reads ask for the key only when a
  // sealed row is met. Every other sealed table refuses reads while locked.
  const lazy = policy.plainRows !== undefined;

  /**
   * Opens stored values; waits on the transaction only when one of them is sealed and not
   * among the rows sealed or opened lately.
   */
  const openAll = <T>(trans: DBCoreTransaction, values: T[]): Promise<T[]> | T[] => {
    if (!values.some(needsOpening)) return values;
    const keys = source.keys();
    let missing = false;
    const quick = values.map((v) => {
      if (!needsOpening(v)) return v;
      const row = openRowCached(keys, name, policy, primaryKeyPath, v);
      if (row === NOT_CACHED) missing = true;
      return row;
    });
    if (!missing) return quick as T[];
    const work = Promise.all(
      quick.map((v, i) =>
        v === NOT_CACHED ? openRow(keys, name, policy, primaryKeyPath, values[i]) : v,
      ),
    ) as Promise<T[]>;
    return keepAlive(native(trans), name, work);
  };

  const checkUnlocked = () => {
    if (!lazy) source.keys();
  };

  return {
    ...down,

    mutate(req: DBCoreMutateRequest) {
      if (req.type !== 'add' && req.type !== 'put') return down.mutate(req);
      try {
        let keys: DataKeys | undefined;
        const keysNow = () => {
          keys ??= source.keys();
          return keys;
        };
        // Each value: as it is (plain row, already in stored form), its form sealed ahead
        // (sealAhead: done, or still pending), or TO_SEAL. Only pending work is waited on.
        let waits = false;
        let swapped = false;
        const values: unknown[] = req.values.map((v) => {
          if (isPlainRow(policy, v)) return v;
          const pre = sealedAhead(keysNow, name, v);
          if (pre !== undefined) {
            if (pre instanceof Promise) waits = true;
            swapped = true;
            return pre;
          }
          if (isSealedRow(policy, v)) return v;
          waits = true;
          return TO_SEAL;
        });
        if (!waits) return down.mutate(swapped ? { ...req, values } : req);
        const k = keysNow();
        const work = Promise.all(
          values.map((v, i) => (v === TO_SEAL ? sealRow(k, name, policy, req.values[i]) : v)),
        );
        return keepAlive(native(req.trans), name, work).then((sealed) =>
          down.mutate({ ...req, values: sealed }),
        );
      } catch (err) {
        return Promise.reject(err);
      }
    },

    get(req) {
      try {
        checkUnlocked();
      } catch (err) {
        return Promise.reject(err);
      }
      return down
        .get(req)
        .then(async (value) =>
          needsOpening(value) ? (await openAll(req.trans, [value]))[0] : value,
        );
    },

    getMany(req) {
      try {
        checkUnlocked();
      } catch (err) {
        return Promise.reject(err);
      }
      return down.getMany(req).then((values) => openAll(req.trans, values));
    },

    query(req) {
      if (!req.values) return down.query(req);
      try {
        checkUnlocked();
      } catch (err) {
        return Promise.reject(err);
      }
      return down.query(req).then(async (res) => ({
        ...res,
        result: await openAll(req.trans, res.result),
      }));
    },

    openCursor(req) {
      if (!req.values) return down.openCursor(req);
      try {
        checkUnlocked();
      } catch (err) {
        return Promise.reject(err);
      }
      return down.openCursor(req).then((cursor) => cursor && openingCursor(cursor));
    },
  };

  /**
   * A cursor whose `value` is the opened row. Consumers read `value` synchronously in the
   * step callback, so each step is handed on only once its row is open (inside an IDB
   * success callback, where the consumer's `continue()` is still allowed).
   */
  function openingCursor(cursor: DBCoreCursor): DBCoreCursor {
    let value: unknown;
    const wrapped: DBCoreCursor = Object.create(cursor, {
      // Native IDBCursor getters must be called on the cursor itself, not on a derived object.
      key: { get: () => cursor.key },
      primaryKey: { get: () => cursor.primaryKey },
      value: { get: () => value },
      start: {
        value: (onNext: () => void) =>
          cursor.start(() => {
            const raw = cursor.value;
            if (!needsOpening(raw)) {
              value = raw;
              onNext();
              return;
            }
            let opened: Promise<unknown[]> | unknown[];
            try {
              opened = openAll(cursor.trans, [raw]);
            } catch (err) {
              cursor.fail(err as Error);
              return;
            }
            Promise.resolve(opened).then(
              ([v]) => {
                value = v;
                try {
                  onNext();
                } catch (err) {
                  cursor.fail(err as Error);
                }
              },
              (err: Error) => cursor.fail(err),
            );
          }),
      },
    });
    return wrapped;
  }
}
