import { createHash, randomBytes } from 'node:crypto';
import type { ChangePasswordRequest, Lang, LoginResponse } from '@anxin/shared';
import { passwordProblem, seesAllTowns, t } from '@anxin/shared';
import { LOGIN_DEFAULTS } from '../../config/env';
import type { AppDeps } from '../../deps';
import { HttpError } from '../../http/errors';
import { authTransaction } from '../../repositories/auth-generation';
import {
  failuresSince,
  type LoginLimits,
  markLoginSucceeded,
  reserveLoginAttempt,
} from '../../repositories/login-attempts';
import type { Actor } from '../../repositories/scope';
import {
  findSession,
  insertSession,
  revokeSession,
  revokeUserSessions,
} from '../../repositories/sessions';
import {
  ensureDeviceKey,
  findUserById,
  findUserByUsername,
  publicUser,
  recordSignIn,
  setPasswordHash,
  type UserRecord,
} from '../../repositories/users';
import { Admission, retryAfterSeconds } from '../sync/admission';
import { dummyPasswordHash, hashPassword, verifyPassword } from './password';
import { sessionCacheOf } from './session-cache';

/**
 * Lock-out policy, failures within 15 minutes (docs/api.md, docs/operations.md):
 * - 5 for one username from one address → that pair is refused. A stranger guessing from
 *   elsewhere therefore never locks an officer's own phone out;
 * - 20 from one address, whatever the usernames;
 * - 50 for one username from all addresses together: the brake on guessing spread over many
 *   addresses (the price: that many strangers can lock the account for the window).
 */
export const LOGIN_WINDOW_MS = 15 * 60_000;
export const MAX_FAILURES_PER_USERNAME = 5;
export const MAX_FAILURES_PER_IP = 20;
export const MAX_FAILURES_PER_USERNAME_ANYWHERE = 50;

const LIMITS: LoginLimits = {
  windowMs: LOGIN_WINDOW_MS,
  perUserAddress: MAX_FAILURES_PER_USERNAME,
  perAddress: MAX_FAILURES_PER_IP,
  perUser: MAX_FAILURES_PER_USERNAME_ANYWHERE,
};

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** One gate per app instance (its deps): per process in production, per test API in tests. */
const passwordGates = new WeakMap<AppDeps, Admission>();

/** The process's gate for password checks (LOGIN_DEFAULTS: why it is small). */
function passwordGate(deps: AppDeps): Admission {
  let gate = passwordGates.get(deps);
  if (!gate) {
    gate = new Admission({
      concurrency: deps.config.loginConcurrency ?? LOGIN_DEFAULTS.concurrency,
      queue: deps.config.loginQueue ?? LOGIN_DEFAULTS.queue,
      maxWaitMs: LOGIN_DEFAULTS.maxWaitMs,
    });
    passwordGates.set(deps, gate);
  }
  return gate;
}

async function lockedError(
  deps: AppDeps,
  username: string,
  ip: string,
  nowMs: number,
  lang: Lang,
): Promise<HttpError> {
  const since = nowMs - LOGIN_WINDOW_MS;
  const scopes = [
    [{ username, ip }, LIMITS.perUserAddress],
    [{ ip }, LIMITS.perAddress],
    [{ username }, LIMITS.perUser],
  ] as const;
  const waits: number[] = [];
  for (const [by, max] of scopes) {
    const f = await failuresSince(deps.db, by, since);
    // The reservation keeps each count at most at its limit, so the oldest failure leaving
    // the window is what frees that scope again.
    if (f.count >= max && f.oldestMs !== null) waits.push(f.oldestMs + LOGIN_WINDOW_MS - nowMs);
  }
  const seconds = Math.max(1, Math.ceil(Math.max(0, ...waits) / 1000));
  deps.log('auth.locked', { username, ip });
  return new HttpError(
    'rate_limited',
    t('auth.tooManyFailures', lang, { minutes: Math.ceil(seconds / 60) }),
    {
      headers: { 'Retry-After': String(seconds) },
    },
  );
}

/**
 * One password check, in this order:
 * 1. a place among the process's password checks, or 503 + Retry-After at once when they
 *    are all taken and the queue is full. Nothing is counted then, so a flood of strangers
 *    costs nobody an attempt, and a genuine sign-in waits behind at most the queue;
 * 2. the attempt reserved as a failure before the password is looked at (429 when a scope
 *    of the lock-out is full), so concurrent guesses cannot all pass a count made before any
 *    of them was recorded — and a locked account answers 429 even to the right password;
 * 3. scrypt (`verify`: what the right password unlocks, or null); a success turns the
 *    reservation into a success.
 */
async function checkPassword<T>(
  deps: AppDeps,
  who: { username: string; ip: string; lang: Lang },
  verify: () => Promise<T | null>,
): Promise<T | null> {
  const gate = passwordGate(deps);
  const entering = gate.enter();
  if (entering === null) {
    deps.log('auth.busy', gate.load);
    throw new HttpError('unavailable', t('auth.busy', who.lang), {
      headers: { 'Retry-After': String(retryAfterSeconds()) },
    });
  }
  const release = await entering;
  try {
    const nowMs = deps.now().getTime();
    const id = await reserveLoginAttempt(
      deps.db,
      deps.dialect,
      { username: who.username, ip: who.ip, atMs: nowMs },
      LIMITS,
    );
    if (id === null) throw await lockedError(deps, who.username, who.ip, nowMs, who.lang);
    const unlocked = await verify();
    if (unlocked !== null) {
      await markLoginSucceeded(deps.db, deps.dialect, { id, username: who.username, ip: who.ip });
    } else {
      deps.log('auth.failed', { username: who.username, ip: who.ip });
    }
    return unlocked;
  } finally {
    release();
  }
}

export async function login(
  deps: AppDeps,
  input: { username: string; password: string; ip: string; lang: Lang },
): Promise<LoginResponse> {
  const username = input.username.trim().toLowerCase();
  const user = await checkPassword(deps, { username, ip: input.ip, lang: input.lang }, async () => {
    const found = await findUserByUsername(deps.db, username);
    // An unknown username costs the same scrypt as a wrong password, so timing tells nothing.
    const right = found
      ? await verifyPassword(input.password, found.passwordHash)
      : await verifyPassword(input.password, await dummyPasswordHash(deps.config.scryptLogN));
    return right && found && !found.disabled ? found : null;
  });
  if (!user) throw new HttpError('unauthorized', t('auth.badCredentials', input.lang));
  // Told only to whoever proved the password, so it says nothing to a guesser. Refused here
  // rather than signed in: the device's next call would only be told to wipe itself.
  if (hasNoUnits(user)) {
    deps.log('auth.noUnits', { userId: user.id });
    throw new HttpError('no_units', t('http.noUnits', input.lang));
  }
  const now = deps.now();
  await recordSignIn(deps.db, user.id, now.toISOString());
  return openSession(deps, user, now);
}

/**
 * An officer or inspector in no unit has nothing in scope: their devices must drop what
 * they hold. Office and admin belong to no unit by design.
 */
function hasNoUnits(user: Pick<UserRecord, 'role' | 'townIds'>): boolean {
  return !seesAllTowns(user.role) && user.townIds.length === 0;
}

/**
 * A new session for a user whose password was just proven, with the user's device key: only
 * this answer carries it, so a stolen bearer token alone cannot unwrap a device's data.
 */
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
    deviceRetentionDays: deps.config.deviceRetentionDays,
    deviceKey: await ensureDeviceKey(deps.db, user.id, randomBytes(32).toString('base64url')),
  };
  if (user.mustChangePassword) answer.mustChangePassword = true;
  return answer;
}

export type AuthFailure = 'unauthorized' | 'session_expired' | 'account_disabled' | 'no_units';

/**
 * The user behind a bearer token, or why there is none. A verified session is remembered
 * for a few seconds (session-cache.ts): a change made on this instance (sign-out, disable,
 * units, role, password) applies at once, one made on another instance within a second,
 * and expiry is judged against the clock at every request. A disabled account is told so
 * even when its sessions were revoked with it: the device needs that answer (not a plain
 * 401) to wipe what it holds. So is a field user removed from every unit (`no_units`):
 * their sessions stay, but every device of theirs must wipe.
 */
export async function authenticate(
  deps: AppDeps,
  token: string,
): Promise<
  | { ok: true; actor: Actor; expiresAt: string; mustChangePassword: boolean }
  | { ok: false; why: AuthFailure }
> {
  const tokenHash = hashToken(token);
  const cache = sessionCacheOf(deps);
  await cache.fresh();
  const known = cache.get(tokenHash);
  if (known) {
    if (Date.parse(known.expiresAt) > deps.now().getTime()) {
      // A copy: a handler changing its actor must not change the next request's.
      const actor = { ...known.actor, townIds: [...known.actor.townIds] };
      return { ok: true, ...known, actor };
    }
    // Expired: the database decides the answer, in the same order of checks as ever.
    cache.forget(tokenHash);
  }
  const mark = cache.mark();
  const verified = await verifySession(deps, tokenHash);
  if (verified.ok) {
    const { actor, expiresAt, mustChangePassword } = verified;
    cache.set(
      tokenHash,
      { actor: { ...actor, townIds: [...actor.townIds] }, expiresAt, mustChangePassword },
      mark,
    );
  }
  return verified;
}

async function verifySession(
  deps: AppDeps,
  tokenHash: string,
): Promise<
  | { ok: true; actor: Actor; expiresAt: string; mustChangePassword: boolean }
  | { ok: false; why: AuthFailure }
> {
  const session = await findSession(deps.db, tokenHash);
  if (!session) return { ok: false, why: 'unauthorized' };
  const user = await findUserById(deps.db, session.userId);
  if (!user) return { ok: false, why: 'unauthorized' };
  if (user.disabled) return { ok: false, why: 'account_disabled' };
  if (hasNoUnits(user)) return { ok: false, why: 'no_units' };
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
  const user = await findUserById(deps.db, actor.id);
  if (!user) throw new HttpError('unauthorized', t('auth.badCredentials', ctx.lang));
  const proven = await checkPassword(
    deps,
    { username: user.username, ip: ctx.ip, lang: ctx.lang },
    async () => ((await verifyPassword(body.current, user.passwordHash)) ? user : null),
  );
  if (!proven) {
    const message = t('password.wrongCurrent', ctx.lang);
    throw new HttpError('invalid', message, { fields: { current: message } });
  }
  const problem = passwordProblem(body.next, user.username);
  if (problem) {
    const message = t(problem, ctx.lang);
    throw new HttpError('invalid', message, { fields: { next: message } });
  }
  const now = deps.now();
  const hash = await hashPassword(body.next, deps.config.scryptLogN);
  const fresh = await authTransaction(deps.db, async (trx) => {
    await setPasswordHash(trx, user.id, hash, false);
    await revokeUserSessions(trx, user.id, now.toISOString());
    return openSession({ ...deps, db: trx }, { ...user, mustChangePassword: false }, now);
  });
  deps.log('auth.passwordChanged', { userId: user.id });
  return fresh;
}
