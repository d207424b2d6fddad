import type { Town } from '@anxin/shared';
import type { Executor } from '../db/schema';

export async function listTowns(db: Executor): Promise<Town[]> {
  const rows = await db.selectFrom('towns').selectAll().orderBy('sort_order').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind as Town['kind'] }));
}

export async function townExists(db: Executor, id: string): Promise<boolean> {
  return (
    (await db.selectFrom('towns').select('id').where('id', '=', id).executeTakeFirst()) !==
    undefined
  );
}

export async function insertTowns(db: Executor, towns: readonly Town[]): Promise<void> {
  if (towns.length === 0) return;
  await db
    .insertInto('towns')
    .values(towns.map((t, i) => ({ id: t.id, name: t.name, kind: t.kind, sort_order: i })))
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}
