import { type DBCore, Dexie, type Middleware } from 'dexie';
import { describe, expect, it } from 'vitest';
import { keepAlive } from './keep-alive';

// A middleware that awaits real WebCrypto work on every write, as the seal middleware does.
function slowCrypto(useKeepAlive: boolean): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'slow-crypto',
    level: -2,
    create: (down) => ({
      ...down,
      table(name) {
        const table = down.table(name);
        return {
          ...table,
          mutate(req) {
            if (req.type !== 'put') return table.mutate(req);
            const work = (async () => {
              // Several crypto round trips, each resolving in a later task.
              for (let i = 0; i < 3; i++) {
                await crypto.subtle.digest('SHA-256', new Uint8Array(64 * 1024));
              }
              await new Promise((r) => setTimeout(r, 5));
              return req.values;
            })();
            const trans = req.trans as unknown as IDBTransaction;
            const waited = useKeepAlive ? keepAlive(trans, name, work) : work;
            return waited.then((values) => table.mutate({ ...req, values }));
          },
        };
      },
    }),
  };
}

function dbWith(useKeepAlive: boolean) {
  const db = new Dexie(`keepalive-${useKeepAlive}-${Math.random()}`);
  db.version(1).stores({ items: 'id' });
  db.use(slowCrypto(useKeepAlive));
  return db;
}

async function readWriteRead(db: Dexie) {
  const items = db.table<{ id: string; n: number }, string>('items');
  await items.put({ id: 'a', n: 1 });
  return db.transaction('rw', items, async () => {
    const before = await items.get('a');
    await items.put({ id: 'a', n: (before?.n ?? 0) + 1 });
    await items.put({ id: 'b', n: 10 });
    const after = await items.get('a');
    return [before?.n, after?.n, (await items.get('b'))?.n];
  });
}

describe('keepAlive', () => {
  it('keeps one rw transaction open across crypto waits: read, write, read', async () => {
    const db = dbWith(true);
    expect(await readWriteRead(db)).toEqual([1, 2, 10]);
    expect((await db.table('items').get('a')).n).toBe(2);
    db.close();
  });

  it('without it, the transaction commits while crypto runs (the failure it prevents)', async () => {
    const db = dbWith(false);
    await expect(readWriteRead(db)).rejects.toThrow(/TransactionInactive|inactive|committed/i);
    db.close();
  });

  it('settles concurrent waits on one transaction, and passes rejections on', async () => {
    const db = new Dexie(`keepalive-many-${Math.random()}`);
    db.version(1).stores({ items: 'id' });
    const items = db.table('items');
    const out = await db.transaction('rw', items, async (tx) => {
      const trans = (tx as unknown as { idbtrans: IDBTransaction }).idbtrans;
      const slow = (ms: number, v: number) =>
        keepAlive(trans, 'items', new Promise<number>((r) => setTimeout(() => r(v), ms)));
      const values = await Promise.all([slow(10, 1), slow(1, 2), slow(20, 3)]);
      const failed = await keepAlive(trans, 'items', Promise.reject(new Error('bad key'))).then(
        () => 'resolved',
        (err: Error) => err.message,
      );
      expect(failed).toBe('bad key');
      await items.put({ id: 'x', n: values.reduce((a, b) => a + b, 0) });
      return (await items.get('x')).n;
    });
    expect(out).toBe(6);
    db.close();
  });
});
