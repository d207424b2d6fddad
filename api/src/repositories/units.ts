import type { Town, Unit, UnitKind } from '@anxin/shared';
import { OPEN_STATUSES } from '@anxin/shared';
import type { Selectable } from 'kysely';
import { deferredInsertsOf } from '../db/deferred-inserts';
import { EVERY_SCOPE } from '../db/migrations/0005_administration';
import type { Dialect, Executor, UnitsTable } from '../db/schema';
import { appendFeed } from './feed';

function toUnit(r: Selectable<UnitsTable>): Unit {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind as UnitKind,
    active: r.active === 1,
    smsDigest: r.sms_digest === 1,
  };
}

export async function listUnits(db: Executor): Promise<Unit[]> {
  const rows = await db.selectFrom('units').selectAll().orderBy('sort_order').execute();
  return rows.map(toUnit);
}

/** GET /api/towns as old clients know it: every unit, without `active`. */
export async function listTowns(db: Executor): Promise<Town[]> {
  return (await listUnits(db)).map(({ id, name, kind }) => ({ id, name, kind }));
}

export async function findUnit(db: Executor, id: string): Promise<Unit | null> {
  const row = await db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toUnit(row) : null;
}

/**
 * A case may be created in or dispatched to a unit that exists and is active. On
 * PostgreSQL the unit row is share-locked until the mutation's transaction ends, so a
 * deactivation (which locks it for update) waits and then counts this case too.
 */
export async function unitTakesCases(db: Executor, dialect: Dialect, id: string): Promise<boolean> {
  // A push's run of mutations asks once per unit: the share lock (PostgreSQL) or the write
  // lock (SQLite) keeps the answer true until the run's transaction ends.
  // Only a yes is kept: a missing or inactive unit holds no lock, so it may change meanwhile.
  const held = deferredInsertsOf(db)?.unitsTakingCases;
  if (held?.has(id)) return true;
  let q = db.selectFrom('units').select('id').where('id', '=', id).where('active', '=', 1);
  if (dialect === 'postgres') q = q.forShare();
  const takes = (await q.executeTakeFirst()) !== undefined;
  if (takes) held?.add(id);
  return takes;
}

/** The unit, locked for update on PostgreSQL (SQLite: the transaction is the only writer). */
export async function lockUnit(db: Executor, dialect: Dialect, id: string): Promise<Unit | null> {
  let q = db.selectFrom('units').selectAll().where('id', '=', id);
  if (dialect === 'postgres') q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row ? toUnit(row) : null;
}

/** Units enter the change feed for every scope, so each device knows every unit's name. */
async function announce(db: Executor, id: string, at: string): Promise<void> {
  await appendFeed(db, {
    entity: 'unit',
    entityId: id,
    caseId: '',
    townId: EVERY_SCOPE,
    op: 'put',
    at,
  });
}

/** Seed: the given units, those not there yet, in the given order. */
export async function insertUnits(
  db: Executor,
  units: readonly Pick<Unit, 'id' | 'name' | 'kind'>[],
  at: string,
): Promise<void> {
  if (units.length === 0) return;
  const existing = new Set((await listUnits(db)).map((u) => u.id));
  const fresh = units.filter((u) => !existing.has(u.id));
  if (fresh.length === 0) return;
  await db
    .insertInto('units')
    .values(
      fresh.map((u, i) => ({
        id: u.id,
        name: u.name,
        kind: u.kind,
        sort_order: existing.size + i,
        active: 1,
      })),
    )
    .execute();
  for (const u of fresh) await announce(db, u.id, at);
}

export async function createUnit(
  db: Executor,
  unit: Pick<Unit, 'id' | 'name' | 'kind'>,
  at: string,
): Promise<Unit> {
  const last = await db
    .selectFrom('units')
    .select((eb) => eb.fn.max('sort_order').as('n'))
    .executeTakeFirst();
  await db
    .insertInto('units')
    .values({ ...unit, sort_order: Number(last?.n ?? -1) + 1, active: 1 })
    .execute();
  await announce(db, unit.id, at);
  return { ...unit, active: true };
}

export async function updateUnit(
  db: Executor,
  id: string,
  patch: { name?: string; active?: boolean; smsDigest?: boolean },
  at: string,
): Promise<void> {
  const set: { name?: string; active?: number; sms_digest?: number } = {};
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.active !== undefined) set.active = patch.active ? 1 : 0;
  if (patch.smsDigest !== undefined) set.sms_digest = patch.smsDigest ? 1 : 0;
  await db.updateTable('units').set(set).where('id', '=', id).execute();
  await announce(db, id, at);
}

/** The officers the morning digest goes to: active, with a mobile, in a unit that wants it. */
export async function digestRecipients(
  db: Executor,
): Promise<Array<{ userId: string; mobile: string; unitIds: string[] }>> {
  const rows = await db
    .selectFrom('users')
    .innerJoin('user_units', 'user_units.user_id', 'users.id')
    .innerJoin('units', 'units.id', 'user_units.unit_id')
    .select(['users.id as userId', 'users.mobile as mobile', 'units.id as unitId'])
    .where('users.role', '=', 'officer')
    .where('users.disabled', '=', 0)
    .where('users.mobile', 'is not', null)
    .where('units.active', '=', 1)
    .where('units.sms_digest', '=', 1)
    .orderBy('users.id')
    .orderBy('units.id')
    .execute();
  const out = new Map<string, { userId: string; mobile: string; unitIds: string[] }>();
  for (const r of rows) {
    const entry = out.get(r.userId) ?? { userId: r.userId, mobile: r.mobile!, unitIds: [] };
    entry.unitIds.push(r.unitId);
    out.set(r.userId, entry);
  }
  return [...out.values()];
}

/** Cases of the unit that are not finished (what keeps it from being deactivated). */
export async function countOpenCases(db: Executor, unitId: string): Promise<number> {
  const row = await db
    .selectFrom('cases')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('town_id', '=', unitId)
    .where('status', 'in', [...OPEN_STATUSES])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
