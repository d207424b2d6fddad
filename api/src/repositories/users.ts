import type { Role, User } from '@anxin/shared';
import type { Executor, UsersTable } from '../db/schema';

export interface UserRecord extends User {
  passwordHash: string;
  disabled: boolean;
}

async function townIdsOf(db: Executor, userIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (userIds.length === 0) return out;
  const rows = await db
    .selectFrom('user_towns')
    .select(['user_id', 'town_id'])
    .where('user_id', 'in', userIds)
    .orderBy('town_id')
    .execute();
  for (const r of rows) out.set(r.user_id, [...(out.get(r.user_id) ?? []), r.town_id]);
  return out;
}

function toRecord(row: UsersTable, townIds: string[]): UserRecord {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role as Role,
    townIds,
    passwordHash: row.password_hash,
    disabled: row.disabled === 1,
  };
}

export async function findUserByUsername(
  db: Executor,
  username: string,
): Promise<UserRecord | null> {
  const row = await db
    .selectFrom('users')
    .selectAll()
    .where('username', '=', username)
    .executeTakeFirst();
  if (!row) return null;
  return toRecord(row, (await townIdsOf(db, [row.id])).get(row.id) ?? []);
}

export async function findUserById(db: Executor, id: string): Promise<UserRecord | null> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  return toRecord(row, (await townIdsOf(db, [row.id])).get(row.id) ?? []);
}

export async function insertUser(
  db: Executor,
  user: User & { passwordHash: string; createdAt: string },
): Promise<void> {
  await db
    .insertInto('users')
    .values({
      id: user.id,
      username: user.username,
      display_name: user.displayName,
      role: user.role,
      password_hash: user.passwordHash,
      disabled: 0,
      created_at: user.createdAt,
    })
    .execute();
  if (user.townIds.length > 0) {
    await db
      .insertInto('user_towns')
      .values(user.townIds.map((town_id) => ({ user_id: user.id, town_id })))
      .execute();
  }
}

export async function setUserDisabled(db: Executor, id: string, disabled: boolean): Promise<void> {
  await db
    .updateTable('users')
    .set({ disabled: disabled ? 1 : 0 })
    .where('id', '=', id)
    .execute();
}

export async function setUserTowns(db: Executor, id: string, townIds: string[]): Promise<void> {
  await db.deleteFrom('user_towns').where('user_id', '=', id).execute();
  if (townIds.length > 0) {
    await db
      .insertInto('user_towns')
      .values(townIds.map((town_id) => ({ user_id: id, town_id })))
      .execute();
  }
}

/** The directory: active users, optionally of one role and/or working in some towns. */
export async function listUsers(
  db: Executor,
  filter: { role?: Role; townIds?: readonly string[] },
): Promise<User[]> {
  let q = db.selectFrom('users').selectAll().where('disabled', '=', 0);
  if (filter.role) q = q.where('role', '=', filter.role);
  if (filter.townIds) {
    const towns = [...filter.townIds];
    if (towns.length === 0) return [];
    q = q.where('id', 'in', (eb) =>
      eb.selectFrom('user_towns').select('user_id').where('town_id', 'in', towns),
    );
  }
  const rows = await q.orderBy('username').execute();
  const towns = await townIdsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => {
    const { passwordHash: _p, disabled: _d, ...user } = toRecord(r, towns.get(r.id) ?? []);
    return user;
  });
}

export async function countUsers(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
