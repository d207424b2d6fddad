import { createHash, randomBytes } from 'node:crypto';
import type { ChangePasswordRequest, Lang, LoginResponse } from '@anxin/shared';
import { passwordProblem, t } from '@anxin/shared';
import type { AppDeps } from '../../deps';
import { HttpError } from '../../http/errors';
import {
  clearUsernameFailures,
  failuresSince,
  recordLoginAttempt,
} from '../../repositories/login-attempts';
import type { Actor } from '../../repositories/scope';
import {
  findSession,
  insertSession,
  revokeSession,
  revokeUserSessions,
} from '../../repositories/sessions';
import {
  findUserById,
  findUserByUsername,
  publicUser,
  recordSignIn,
  setPasswordHash,
  type UserRecord,
} from '../../repositories/users';
import { dummyPasswordHash, hashPassword, verifyPassword } from './password';

/** Lock-out policy: 5 failures per username or 20 per address in 15 minutes → 429. */
export const LOGIN_WINDOW_MS = 15 * 60_000;
export const MAX_FAILURES_PER_USERNAME = 5;
export const MAX_FAILURES_PER_IP = 20;

const MESSAGES = {
  badCredentials: { zh: '用户名或密码不正确', en: 'Wrong username or password' },
  tooMany: {
    zh: (min: number) => `登录失败次数过多，请 ${min} 分钟后再试`,
    en: (min: number) => `Too many failed sign-ins; try again in ${min} minutes`,
  },
};

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

async function checkLockout(
  deps: AppDeps,
  username: string,
  ip: string,
  nowMs: number,
  lang: Lang,
): Promise<void> {
  const since = nowMs - LOGIN_WINDOW_MS;
  const byUser = await failuresSince(deps.db, { username }, since);
  const byIp = await failuresSince(deps.db, { ip }, since);
  const waits: number[] = [];
  if (byUser.count >= MAX_FAILURES_PER_USERNAME && byUser.oldestMs !== null) {
    waits.push(byUser.oldestMs + LOGIN_WINDOW_MS - nowMs);
  }
  if (byIp.count >= MAX_FAILURES_PER_IP && byIp.oldestMs !== null) {
    waits.push(byIp.oldestMs + LOGIN_WINDOW_MS - nowMs);
  }
  if (waits.length === 0) return;
  const seconds = Math.max(1, Math.ceil(Math.max(...waits) / 1000));
  deps.log('auth.locked', { username, ip });
  throw new HttpError('rate_limited', MESSAGES.tooMany[lang](Math.ceil(seconds / 60)), {
    headers: { 'Retry-After': String(seconds) },
  });
}

export async function login(
  deps: AppDeps,
  input: { username: string; password: string; ip: string; lang: Lang },
): Promise<LoginResponse> {
  const now = deps.now();
  const nowMs = now.getTime();
  const username = input.username.trim().toLowerCase();
  // The lock-out is checked before the password, so a locked account answers 429 even to
  // the right password: guessing gains nothing while locked.
  await checkLockout(deps, username, input.ip, nowMs, input.lang);

  const user = await findUserByUsername(deps.db, username);
  const ok = user
    ? await verifyPassword(input.password, user.passwordHash)
    : await verifyPassword(input.password, await dummyPasswordHash(deps.config.scryptLogN));
  if (!user || !ok || user.disabled) {
    await recordLoginAttempt(deps.db, { username, ip: input.ip, atMs: nowMs, ok: false });
    deps.log('auth.failed', { username, ip: input.ip });
    throw new HttpError('unauthorized', MESSAGES.badCredentials[input.lang]);
  }
  await clearUsernameFailures(deps.db, username);
  await recordLoginAttempt(deps.db, { username, ip: input.ip, atMs: nowMs, ok: true });
  await recordSignIn(deps.db, user.id, now.toISOString());
  return openSession(deps, user, now);
}

/** A new session for a user whose password was just proven. */
async function openSession(deps: AppDeps, user: UserRecord, now: Date): Promise<LoginResponse> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + deps.config.sessionDays * 86_400_000).toISOString();
  await insertSession(deps.db, {
    tokenHash: hashToken(token),
    userId: user.id,
    createdAt: now.toISOString(),
    expiresAt,
  });
  const answer: LoginResponse = {
    token,
    user: publicUser(user),
    expiresAt,
    serverTime: now.toISOString(),
  };
  if (user.mustChangePassword) answer.mustChangePassword = true;
  return answer;
}

export type AuthFailure = 'unauthorized' | 'session_expired' | 'account_disabled';

/**
 * The user behind a bearer token, or why there is none. Read fresh on every request, so a
 * disabled user or a revoked session stops working at once, and unit changes apply at once.
 * A disabled account is told so even when its sessions were revoked with it: the device
 * needs that answer (not a plain 401) to wipe what it holds.
 */
export async function authenticate(
  deps: AppDeps,
  token: string,
): Promise<
  | { ok: true; actor: Actor; expiresAt: string; mustChangePassword: boolean }
  | { ok: false; why: AuthFailure }
> {
  const session = await findSession(deps.db, hashToken(token));
  if (!session) return { ok: false, why: 'unauthorized' };
  const user = await findUserById(deps.db, session.userId);
  if (!user) return { ok: false, why: 'unauthorized' };
  if (user.disabled) return { ok: false, why: 'account_disabled' };
  if (session.revokedAt) return { ok: false, why: 'unauthorized' };
  if (Date.parse(session.expiresAt) <= deps.now().getTime()) {
    return { ok: false, why: 'session_expired' };
  }
  return {
    ok: true,
    actor: publicUser(user),
    expiresAt: session.expiresAt,
    mustChangePassword: user.mustChangePassword,
  };
}

export async function logout(deps: AppDeps, token: string): Promise<void> {
  await revokeSession(deps.db, hashToken(token), deps.now().toISOString());
}

/**
 * POST /api/auth/password: the signed-in user proves the current password and sets a new
 * one that meets the rules. Every session of the user ends (a password change is what a
 * person does when they fear someone else knows it); the answer is a fresh session for
 * this device, like a sign-in. A wrong current password counts as a failed sign-in, so the
 * lock-out covers guessing here too.
 */
export async function changePassword(
  deps: AppDeps,
  actor: Actor,
  body: ChangePasswordRequest,
  ctx: { ip: string; lang: Lang },
): Promise<LoginResponse> {
  const now = deps.now();
  const nowMs = now.getTime();
  await checkLockout(deps, actor.username, ctx.ip, nowMs, ctx.lang);
  const user = await findUserById(deps.db, actor.id);
  if (!user) throw new HttpError('unauthorized', MESSAGES.badCredentials[ctx.lang]);
  if (!(await verifyPassword(body.current, user.passwordHash))) {
    await recordLoginAttempt(deps.db, {
      username: user.username,
      ip: ctx.ip,
      atMs: nowMs,
      ok: false,
    });
    const message = t('password.wrongCurrent', ctx.lang);
    throw new HttpError('invalid', message, { fields: { current: message } });
  }
  const problem = passwordProblem(body.next, user.username);
  if (problem) {
    const message = t(problem, ctx.lang);
    throw new HttpError('invalid', message, { fields: { next: message } });
  }
  const hash = await hashPassword(body.next, deps.config.scryptLogN);
  const fresh = await deps.db.transaction().execute(async (trx) => {
    await setPasswordHash(trx, user.id, hash, false);
    await revokeUserSessions(trx, user.id, now.toISOString());
    return openSession({ ...deps, db: trx }, { ...user, mustChangePassword: false }, now);
  });
  deps.log('auth.passwordChanged', { userId: user.id });
  return fresh;
}
