import { CompiledQuery, type Insertable } from 'kysely';
import type { Database, Dialect, Executor } from './schema';

/** The append-only tables a push writes for every mutation: cheap to write many rows at once. */
export type DeferredTable = 'mutation_log' | 'case_events' | 'change_feed';

type Rows = { [T in DeferredTable]: Insertable<Database[T]>[] };

/**
 * Rows a push holds back and writes as multi-row inserts, in the order they were made, at
 * the end of a run of mutations (services/sync/push.ts). Only executors registered with
 * `deferInserts` hold rows back; every other write goes straight to the database as before.
 */
export class DeferredInserts {
  readonly rows: Rows = { mutation_log: [], case_events: [], change_feed: [] };
  /**
   * The case-number counters this run has taken (year → number the database holds, last
   * number handed out): the first number of a year comes from the counter's upsert, which
   * takes its lock (PostgreSQL) or the write lock (SQLite), so the next ones of the run can
   * be counted here and written once, at the flush.
   */
  readonly caseNumbers = new Map<number, { stored: number; last: number }>();
  /** Units this run found taking cases: on PostgreSQL the first look locked the row in share mode. */
  readonly unitsTakingCases = new Set<string>();

  add<T extends DeferredTable>(table: T, row: Insertable<Database[T]>): void {
    (this.rows[table] as Insertable<Database[T]>[]).push(row);
  }

  /**
   * Writes everything held, table by table (the feed keeps its order: its seq is assigned
   * row by row). Statements come in a few fixed sizes (64, then powers of two) so the
   * prepared-statement caches hold a handful of texts, not one per batch length.
   */
  async flush(db: Executor, dialect: Dialect): Promise<void> {
    await insertRows(db, dialect, 'case_events', this.rows.case_events);
    await insertRows(db, dialect, 'change_feed', this.rows.change_feed);
    await insertRows(db, dialect, 'mutation_log', this.rows.mutation_log);
    for (const [year, n] of this.caseNumbers) {
      if (n.last === n.stored) continue;
      await db
        .updateTable('case_counters')
        .set({ last_no: n.last })
        .where('year', '=', year)
        .execute();
      n.stored = n.last;
    }
  }
}

/**
 * The statement text of an n-row insert, made once per table, columns and n: Kysely would
 * build and compile the same text again for every statement, which costs more than running it.
 */
const insertTexts = new Map<string, string>();

function insertText(dialect: Dialect, table: DeferredTable, columns: string[], n: number): string {
  const key = `${dialect} ${table} ${columns.join(',')} ${n}`;
  let text = insertTexts.get(key);
  if (text === undefined) {
    let p = 0;
    const tuple = () =>
      `(${columns.map(() => (dialect === 'postgres' ? `$${++p}` : '?')).join(', ')})`;
    const tuples = Array.from({ length: n }, tuple);
    text = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${tuples.join(', ')}`;
    insertTexts.set(key, text);
  }
  return text;
}

async function insertRows(
  db: Executor,
  dialect: Dialect,
  table: DeferredTable,
  rows: Record<string, unknown>[],
): Promise<void> {
  let i = 0;
  while (i < rows.length) {
    const left = rows.length - i;
    const n = left >= MAX_ROWS ? MAX_ROWS : 2 ** Math.floor(Math.log2(left));
    const slice = rows.slice(i, i + n);
    const columns = Object.keys(slice[0]!);
    const params: unknown[] = [];
    for (const row of slice) {
      // Each repository makes its rows with the same keys in the same order; one that
      // does not would put values under the wrong columns.
      const keys = Object.keys(row);
      if (keys.length !== columns.length || keys.some((k, j) => k !== columns[j])) {
        throw new Error(`${table}: rows of different columns held back`);
      }
      for (const c of columns) params.push(row[c]);
    }
    await db.executeQuery(CompiledQuery.raw(insertText(dialect, table, columns, n), params));
    i += n;
  }
  rows.length = 0;
}

/** Rows per statement: ~700 parameters for the widest table, well under either database's limit. */
const MAX_ROWS = 64;

const held = new WeakMap<object, DeferredInserts>();

/** From now on the repositories' appends on `db` are held in `into` instead of written. */
export function deferInserts(db: Executor, into: DeferredInserts): void {
  held.set(db, into);
}

export function deferredInsertsOf(db: Executor): DeferredInserts | undefined {
  return held.get(db);
}

/** Appends one row: held back inside a push's run of mutations (`deferInserts`), else written now. */
export async function appendRow<T extends DeferredTable>(
  db: Executor,
  table: T,
  row: Insertable<Database[T]>,
): Promise<void> {
  const into = held.get(db);
  if (into) into.add(table, row);
  // Kysely cannot relate a generic table to its row type; the signature above does.
  else
    await db
      .insertInto(table as DeferredTable)
      .values(row as never)
      .execute();
}
