import SQLite from 'better-sqlite3';
import { type Generated, Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test-support';
import { cachingSqlite, namingPool, PgStatementNames } from './statement-cache';

describe('SQLite statement cache', () => {
  let raw: SQLite.Database | null = null;
  afterEach(() => {
    if (raw?.open) raw.close();
    raw = null;
  });

  function open(capacity?: number) {
    raw = new SQLite(':memory:');
    raw.exec('create table t (id integer primary key, name text)');
    return cachingSqlite(raw, capacity);
  }

  it('compiles a text once and hands back the same statement', () => {
    const db = open();
    const a = db.prepare('select name from t where id = ?');
    const b = db.prepare('select name from t where id = ?');
    expect(b).toBe(a);
    expect(db.prepare('select id from t')).not.toBe(a);
  });

  it('drops the least recently used text beyond its capacity', () => {
    const db = open(2);
    const one = db.prepare('select 1');
    const two = db.prepare('select 2');
    db.prepare('select 1'); // 1 is now the most recently used
    db.prepare('select 3'); // evicts 2
    expect(db.prepare('select 1')).toBe(one);
    expect(db.prepare('select 2')).not.toBe(two);
  });

  it('gives a fresh statement while the cached one is still being iterated', () => {
    const db = open();
    raw!.exec("insert into t (name) values ('甲'), ('乙')");
    const text = 'select name from t order by id';
    const first = db.prepare(text) as unknown as SQLite.Statement;
    const rows = first.iterate();
    expect((rows.next().value as { name: string }).name).toBe('甲');
    const second = db.prepare(text) as unknown as SQLite.Statement;
    expect(second).not.toBe(first);
    expect(second.all()).toEqual([{ name: '甲' }, { name: '乙' }]);
    expect((rows.next().value as { name: string }).name).toBe('乙');
    rows.return?.();
  });

  it('answers every query right through Kysely, with new parameters each time', async () => {
    const db = new Kysely<{ t: { id: Generated<number>; name: string } }>({
      dialect: new SqliteDialect({ database: open() }),
    });
    for (const name of ['张三', '李四', "O'Brien; drop table t"]) {
      await db.insertInto('t').values({ name }).execute();
    }
    for (const [id, name] of [
      [1, '张三'],
      [2, '李四'],
      [3, "O'Brien; drop table t"],
    ] as const) {
      const row = await db.selectFrom('t').select('name').where('id', '=', id).executeTakeFirst();
      expect(row?.name).toBe(name);
    }
    await db.destroy();
    expect(raw!.open).toBe(false);
  });
});

describe('PostgreSQL statement names', () => {
  it('names a recurring text once and never gives one name to two texts', () => {
    const names = new PgStatementNames(2, 3);
    const a = names.nameFor('select 1', 0);
    expect(a).toBeDefined();
    expect(names.nameFor('select 1', 0)).toBe(a);
    const b = names.nameFor('select $1', 1);
    expect(b).toBeDefined();
    expect(b).not.toBe(a);
    // Full: a new text goes unnamed, the named ones keep their names.
    expect(names.nameFor('select 3', 0)).toBeUndefined();
    expect(names.nameFor('select 1', 0)).toBe(a);
    expect(names.size).toBe(2);
  });

  it('sends long parameter lists unnamed', () => {
    const names = new PgStatementNames(10, 3);
    expect(names.nameFor('select * from t where id in ($1, $2, $3, $4)', 4)).toBeUndefined();
    expect(names.size).toBe(0);
  });
});

const pgUrl = process.env.TEST_DATABASE_URL;
describe.runIf(Boolean(pgUrl) || process.env.CI === 'true')(
  'PostgreSQL named statements through Kysely [postgres]',
  () => {
    it('prepares a recurring query once per connection and answers each call with its own parameters', async () => {
      const fresh = await createTestDatabase('stmt');
      const pool = new pg.Pool({ connectionString: fresh.url, max: 1 });
      const db = new Kysely<{ t: { id: number; name: string } }>({
        dialect: new PostgresDialect({ pool: namingPool(pool) }),
      });
      try {
        await sql`create table t (id integer primary key, name text not null)`.execute(db);
        await db
          .insertInto('t')
          .values([
            { id: 1, name: '张三' },
            { id: 2, name: '李四' },
          ])
          .execute();
        const names: string[] = [];
        for (const id of [1, 2, 1]) {
          const row = await db
            .selectFrom('t')
            .select('name')
            .where('id', '=', id)
            .executeTakeFirst();
          names.push(row?.name ?? '');
        }
        expect(names).toEqual(['张三', '李四', '张三']);
        const prepared = await sql<{
          statement: string;
        }>`select statement from pg_prepared_statements`.execute(db);
        const lookups = prepared.rows.filter((r) => r.statement.includes('where "id" = $1'));
        expect(lookups).toHaveLength(1);
      } finally {
        await db.destroy();
        await fresh.drop();
      }
    });
  },
);
