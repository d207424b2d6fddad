import { randomInt, randomUUID } from 'node:crypto';
import type {
  AdminUser,
  CreateUserRequest,
  Lang,
  OneTimePasswordAnswer,
  UpdateUserRequest,
} from '@anxin/shared';
import { adminUsersQuerySchema, INVALID_MESSAGE, t, userUnitsProblem } from '@anxin/shared';
import { isUniqueViolation } from '../../db/connect';
import type { Executor } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { HttpError } from '../../http/errors';
import { authTransaction } from '../../repositories/auth-generation';
import type { Actor } from '../../repositories/scope';
import { revokeUserSessions } from '../../repositories/sessions';
import { listUnits } from '../../repositories/units';
import {
  findAdminUser,
  findUserByUsername,
  insertUser,
  listAdminUsers,
  setPasswordHash,
  setUserUnits,
  updateUserRow,
} from '../../repositories/users';
import { hashPassword } from '../auth/password';
import { parseQuery } from '../query';
import { auditChange, changedFields } from './audit';

// No 0/O, 1/l/I: the one-time password is read off a screen and typed on a phone.
const OTP_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';
const OTP_LENGTH = 12;

export function oneTimePassword(): string {
  let out = '';
  for (let i = 0; i < OTP_LENGTH; i++) out += OTP_ALPHABET[randomInt(OTP_ALPHABET.length)];
  return out;
}

function invalid(lang: Lang, field: string, key: Parameters<typeof t>[0]): HttpError {
  return new HttpError('invalid', INVALID_MESSAGE[lang], { fields: { [field]: t(key, lang) } });
}

/**
 * The units a user is being given must exist; a unit that is inactive takes nobody new (a
 * user who already belongs to it keeps it until moved).
 */
async function checkUnits(
  db: Executor,
  unitIds: readonly string[],
  keep: readonly string[],
  lang: Lang,
): Promise<void> {
  const units = new Map((await listUnits(db)).map((u) => [u.id, u]));
  for (const [i, id] of unitIds.entries()) {
    const unit = units.get(id);
    if (!unit) throw invalid(lang, `unitIds.${i}`, 'admin.unknownUnit');
    if (!unit.active && !keep.includes(id))
      throw invalid(lang, `unitIds.${i}`, 'admin.inactiveUnit');
  }
}

export async function listUsersForAdmin(
  deps: AppDeps,
  raw: Record<string, string>,
  lang: Lang,
): Promise<{ users: AdminUser[] }> {
  const q = parseQuery(adminUsersQuerySchema, raw, lang);
  const filter: Parameters<typeof listAdminUsers>[1] = {};
  if (q.q) filter.q = q.q;
  if (q.role) filter.role = q.role;
  if (q.unitId) filter.unitId = q.unitId;
  if (q.disabled) filter.disabled = q.disabled === 'true';
  return { users: await listAdminUsers(deps.db, filter) };
}

export async function createUser(
  deps: AppDeps,
  actor: Actor,
  body: CreateUserRequest,
  lang: Lang,
): Promise<OneTimePasswordAnswer> {
  const unitIds = [...new Set(body.unitIds)];
  await checkUnits(deps.db, unitIds, [], lang);
  if (await findUserByUsername(deps.db, body.username)) {
    throw invalid(lang, 'username', 'admin.usernameTaken');
  }
  const password = oneTimePassword();
  const passwordHash = await hashPassword(password, deps.config.scryptLogN);
  const at = deps.now().toISOString();
  const id = `usr_${randomUUID().replace(/-/g, '').slice(0, 20)}`;
  try {
    await deps.db.transaction().execute(async (trx) => {
      await insertUser(trx, {
        id,
        username: body.username,
        displayName: body.displayName,
        role: body.role,
        townIds: unitIds,
        passwordHash,
        createdAt: at,
        mobile: body.mobile ?? null,
        mustChangePassword: true,
      });
      await auditChange(trx, actor, at, 'user.create', {
        targetId: id,
        targetName: body.username,
        before: null,
        after: {
          username: body.username,
          displayName: body.displayName,
          role: body.role,
          unitIds,
          mobile: body.mobile ?? null,
        },
      });
    });
  } catch (err) {
    // Two admins creating the same username at once: the unique index decides.
    if (isUniqueViolation(err)) throw invalid(lang, 'username', 'admin.usernameTaken');
    throw err;
  }
  deps.log('admin.userCreated', { actorId: actor.id, userId: id });
  const user = await findAdminUser(deps.db, id);
  return { user: user!, oneTimePassword: password };
}

async function loadUser(deps: AppDeps, id: string, lang: Lang): Promise<AdminUser> {
  const user = await findAdminUser(deps.db, id);
  if (!user) throw new HttpError('not_found', t('http.notFound', lang));
  return user;
}

/**
 * PATCH /api/admin/users/:id. Disabling ends every session of the user at once (their next
 * call answers account_disabled); enabling again does not revive those sessions. A changed
 * unit list takes effect at the user's next pull, which removes what left their scope.
 */
export async function updateUser(
  deps: AppDeps,
  actor: Actor,
  id: string,
  patch: UpdateUserRequest,
  lang: Lang,
): Promise<{ user: AdminUser }> {
  const before = await loadUser(deps, id, lang);
  if (id === actor.id && patch.disabled === true) {
    throw invalid(lang, 'disabled', 'admin.selfDisable');
  }
  if (id === actor.id && patch.role !== undefined && patch.role !== 'admin') {
    throw invalid(lang, 'role', 'admin.selfDemote');
  }
  const role = patch.role ?? before.role;
  // A desk role sees every unit: moving someone to office or admin drops their unit list.
  const unitIds =
    patch.unitIds !== undefined
      ? [...new Set(patch.unitIds)]
      : role === 'office' || role === 'admin'
        ? []
        : before.unitIds;
  const problem = userUnitsProblem(role, unitIds);
  if (problem) throw invalid(lang, 'unitIds', problem);
  await checkUnits(deps.db, unitIds, before.unitIds, lang);

  const at = deps.now().toISOString();
  const diff = changedFields(before as unknown as Record<string, unknown>, {
    displayName: patch.displayName,
    role: patch.role,
    unitIds,
    disabled: patch.disabled,
    mobile: patch.mobile,
  });
  if (Object.keys(diff.after).length > 0) {
    // The repository writes raise the auth generation; authTransaction drops this
    // instance's session cache once it committed, so the change applies here at once.
    await authTransaction(deps.db, async (trx) => {
      const row: Parameters<typeof updateUserRow>[2] = {};
      if (patch.displayName !== undefined) row.displayName = patch.displayName;
      if (patch.role !== undefined) row.role = patch.role;
      if (patch.disabled !== undefined) row.disabled = patch.disabled;
      if (patch.mobile !== undefined) row.mobile = patch.mobile;
      await updateUserRow(trx, id, row);
      if ('unitIds' in diff.after) await setUserUnits(trx, id, unitIds);
      if (patch.disabled === true && !before.disabled) await revokeUserSessions(trx, id, at);
      await auditChange(trx, actor, at, 'user.update', {
        targetId: id,
        targetName: before.username,
        ...diff,
      });
    });
    deps.log('admin.userUpdated', {
      actorId: actor.id,
      userId: id,
      fields: Object.keys(diff.after),
    });
  }
  return { user: await loadUser(deps, id, lang) };
}

/**
 * POST /api/admin/users/:id/password-reset: a new one-time password, shown once; the user
 * must choose their own at next sign-in, and every session they had ends now.
 */
export async function resetPassword(
  deps: AppDeps,
  actor: Actor,
  id: string,
  lang: Lang,
): Promise<OneTimePasswordAnswer> {
  const before = await loadUser(deps, id, lang);
  const password = oneTimePassword();
  const hash = await hashPassword(password, deps.config.scryptLogN);
  const at = deps.now().toISOString();
  await authTransaction(deps.db, async (trx) => {
    await setPasswordHash(trx, id, hash, true);
    await revokeUserSessions(trx, id, at);
    await auditChange(trx, actor, at, 'user.passwordReset', {
      targetId: id,
      targetName: before.username,
      before: { mustChangePassword: before.mustChangePassword },
      after: { mustChangePassword: true },
    });
  });
  deps.log('admin.passwordReset', { actorId: actor.id, userId: id });
  return { user: await loadUser(deps, id, lang), oneTimePassword: password };
}
