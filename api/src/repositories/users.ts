import type { AdminUser, Role, User } from '@anxin/shared';
import { sql } from 'kysely';
import type { Executor, UsersTable } from '../db/schema';
import { changesAuth } from './auth-generation';

export interface UserRecord extends User {
  passwordHash: string;
  disabled: boolean;
  mustChangePassword: boolean;
}

async function unitIdsOf(db: Executor, userIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (userIds.length === 0) return out;
  const rows = await db
    .selectFrom('user_units')
    .select(['user_id', 'unit_id'])
    .where('user_id', 'in', userIds)
    .orderBy('unit_id')
    .execute();
  for (const r of rows) out.set(r.user_id, [...(out.get(r.user_id) ?? []), r.unit_id]);
  return out;
}

/** What every view of a user shares: who they are, their role and units, their state. */
function identity(row: UsersTable, unitIds: string[]) {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role as Role,
    townIds: unitIds,
    disabled: row.disabled === 1,
    mustChangePassword: row.must_change_password === 1,
  };
}

function toRecord(row: UsersTable, townIds: string[]): UserRecord {
  return { ...identity(row, townIds), passwordHash: row.password_hash };
}

function toAdminUser(row: UsersTable, unitIds: string[]): AdminUser {
  return {
    ...identity(row, unitIds),
    unitIds,
    mobile: row.mobile,
    createdAt: row.created_at,
    lastSignInAt: row.last_sign_in_at,
  };
}

/** The public shape of a user: no hash, no flags. */
export function publicUser(u: UserRecord): User {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    townIds: u.townIds,
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
  return toRecord(row, (await unitIdsOf(db, [row.id])).get(row.id) ?? []);
}

export async function findUserById(db: Executor, id: string): Promise<UserRecord | null> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  return toRecord(row, (await unitIdsOf(db, [row.id])).get(row.id) ?? []);
}

export async function findAdminUser(db: Executor, id: string): Promise<AdminUser | null> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  return toAdminUser(row, (await unitIdsOf(db, [row.id])).get(row.id) ?? []);
}

export async function insertUser(
  db: Executor,
  user: User & {
    passwordHash: string;
    createdAt: string;
    mobile?: string | null;
    mustChangePassword?: boolean;
  },
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
      mobile: user.mobile ?? null,
      must_change_password: user.mustChangePassword ? 1 : 0,
      last_sign_in_at: null,
      device_key: null,
    })
    .execute();
  // A new user has no session yet: nothing cached can change, so no generation to raise.
  await writeUserUnits(db, user.id, user.townIds);
}

export async function updateUserRow(
  db: Executor,
  id: string,
  patch: { displayName?: string; role?: Role; disabled?: boolean; mobile?: string | null },
): Promise<void> {
  const set: Partial<Pick<UsersTable, 'display_name' | 'role' | 'disabled' | 'mobile'>> = {};
  if (patch.displayName !== undefined) set.display_name = patch.displayName;
  if (patch.role !== undefined) set.role = patch.role;
  if (patch.disabled !== undefined) set.disabled = patch.disabled ? 1 : 0;
  if (patch.mobile !== undefined) set.mobile = patch.mobile;
  if (Object.keys(set).length === 0) return;
  // Name, role and the disabled flag are part of every session's answer (mobile is not, but
  // raising the generation for it too costs one row update and keeps this simple).
  await changesAuth(db, (ex) => ex.updateTable('users').set(set).where('id', '=', id).execute());
}

export async function setUserDisabled(db: Executor, id: string, disabled: boolean): Promise<void> {
  await updateUserRow(db, id, { disabled });
}

export async function setPasswordHash(
  db: Executor,
  id: string,
  passwordHash: string,
  mustChangePassword: boolean,
): Promise<void> {
  // must_change_password is part of a session's answer: the generation is raised.
  await changesAuth(db, (ex) =>
    ex
      .updateTable('users')
      .set({ password_hash: passwordHash, must_change_password: mustChangePassword ? 1 : 0 })
      .where('id', '=', id)
      .execute(),
  );
}

/**
 * The user's device key, made now if they have none: the conditional update lets exactly one
 * of two concurrent first sign-ins write its candidate, and both then read back that one.
 */
export async function ensureDeviceKey(
  db: Executor,
  id: string,
  candidate: string,
): Promise<string> {
  await db
    .updateTable('users')
    .set({ device_key: candidate })
    .where('id', '=', id)
    .where('device_key', 'is', null)
    .execute();
  const row = await db
    .selectFrom('users')
    .select('device_key')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return row.device_key!;
}

export async function recordSignIn(db: Executor, id: string, at: string): Promise<void> {
  await db.updateTable('users').set({ last_sign_in_at: at }).where('id', '=', id).execute();
}

/** A user's units are their sessions' scope: a change raises the auth generation. */
export async function setUserUnits(db: Executor, id: string, unitIds: string[]): Promise<void> {
  await changesAuth(db, (ex) => writeUserUnits(ex, id, unitIds));
}

async function writeUserUnits(db: Executor, id: string, unitIds: string[]): Promise<void> {
  await db.deleteFrom('user_units').where('user_id', '=', id).execute();
  if (unitIds.length > 0) {
    await db
      .insertInto('user_units')
      .values(unitIds.map((unit_id) => ({ user_id: id, unit_id })))
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
      eb.selectFrom('user_units').select('user_id').where('unit_id', 'in', towns),
    );
  }
  const rows = await q.orderBy('username').execute();
  const units = await unitIdsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => publicUser(toRecord(r, units.get(r.id) ?? [])));
}

/** The admin's list: every user, disabled ones too, filtered. */
export async function listAdminUsers(
  db: Executor,
  filter: { q?: string; role?: Role; unitId?: string; disabled?: boolean },
): Promise<AdminUser[]> {
  let q = db.selectFrom('users').selectAll();
  if (filter.role) q = q.where('role', '=', filter.role);
  if (filter.disabled !== undefined) q = q.where('disabled', '=', filter.disabled ? 1 : 0);
  if (filter.unitId) {
    const unitId = filter.unitId;
    q = q.where('id', 'in', (eb) =>
      eb.selectFrom('user_units').select('user_id').where('unit_id', '=', unitId),
    );
  }
  if (filter.q) {
    // Parameterised LIKE with the wildcards of the search text escaped.
    const like = `%${filter.q.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    // SQLite has no default LIKE escape character: name it for both dialects.
    q = q.where(
      sql<boolean>`(lower(username) like ${like} escape '\\' or lower(display_name) like ${like} escape '\\')`,
    );
  }
  const rows = await q.orderBy('username').limit(1000).execute();
  const units = await unitIdsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toAdminUser(r, units.get(r.id) ?? []));
}

export async function countUsers(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
