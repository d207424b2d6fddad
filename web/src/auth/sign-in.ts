import { type LoginResponse, loginResponseSchema } from '@anxin/shared';
import { type AnxinDB, META, setMeta } from '../data/db';
import { recordClockOffset } from '../data/time';
import type { SessionUser, StoredSession } from '../data/types';
import { isServerKey } from '../data/vault/keyring';
import { legacySessionUser, sealLegacyRows } from '../data/vault/seal-legacy';
import type { KeyringUser, Vault } from '../data/vault/types';
import { WrongServerKeyError } from '../data/vault/vault';
import { type HttpDeps, type HttpOutcome, request } from '../sync/http';
import { LoginError, type LoginResult } from './session';

// Loaded by Session.login only: the login answer's schema (and with it zod) stays off the
// first screen of an officer who is already signed in, which is every cold start but one.

export interface SignInDeps {
  db: AnxinDB;
  /** Holds the data key: opened with the answer's device key before the session is stored. */
  vault: Vault;
  /** The HTTP client for a request made with this token (none for the login itself). */
  http(token: string | null): HttpDeps;
}

/**
 * What a sign-in request (the login, or the password change after it) that did not answer
 * 200 means to the person. `unauthorized` means different things to the two: given here.
 */
function refusal(out: Exclude<HttpOutcome, { kind: 'ok' }>, unauthorized: LoginError): LoginError {
  if (out.kind === 'network') {
    return new LoginError('offline', 'signIn.offline');
  }
  if (out.kind === 'unauthorized') return unauthorized;
  if (out.kind === 'retry_after') {
    const secs = out.retryAfterMs === null ? null : Math.ceil(out.retryAfterMs / 1000);
    return secs
      ? new LoginError('rate_limited', 'signIn.rateLimited', {
          params: { secs },
          retryAfterMs: out.retryAfterMs,
        })
      : new LoginError('rate_limited', 'signIn.rateLimitedLater', {
          retryAfterMs: out.retryAfterMs,
        });
  }
  // The server's own words, in the language asked for (a new password that breaks a rule).
  if (out.kind === 'client' && out.status === 400 && out.error) {
    const { message, fields = {} } = out.error;
    return new LoginError('rejected', 'reject.invalid', { serverMessage: message, fields });
  }
  return new LoginError('server', 'signIn.serverDown');
}

function parseLogin(out: Extract<HttpOutcome, { kind: 'ok' }>): LoginResponse {
  const parsed = loginResponseSchema.safeParse(out.body);
  if (!parsed.success) {
    throw new LoginError('server', 'signIn.badAnswer');
  }
  return parsed.data;
}

async function wipe(db: AnxinDB): Promise<void> {
  await db.transaction('rw', db.tables, async () => {
    await Promise.all(db.tables.map((t) => t.clear()));
  });
}

/**
 * Another user's unsent work on this device: it must be neither pushed nor wiped. Whose
 * device this is comes from the keyring, which is plain: the session row is sealed and
 * cannot be read while the device is locked. A phone upgraded from a build before sealing
 * has no keyring, but its session row is still plain: that names the user. Counting the
 * outbox needs no key.
 */
async function refuseOverOthersWork(
  db: AnxinDB,
  vault: Vault,
  user: SessionUser,
): Promise<KeyringUser | undefined> {
  const previous = (await vault.storedUser()) ?? (await legacySessionUser(db));
  if (previous && previous.id !== user.id) {
    // Another officer's data is on this device. Their unsent work must not be pushed
    // under the new user's name, nor wiped without them choosing to.
    const unsent = await db.outbox.count();
    if (unsent > 0) {
      throw new LoginError('other_user_unsent', 'signIn.otherUserUnsent', {
        params: { name: previous.displayName, count: unsent },
      });
    }
  }
  return previous;
}

/**
 * Opens this user's data key with the server's device key. When the key no longer opens
 * it (the server's key was replaced), what the device holds can still come back from the
 * server, unless some of it was never sent: that is refused, and the PIN still opens it.
 */
async function openKeys(
  db: AnxinDB,
  vault: Vault,
  user: SessionUser,
  deviceKey: string,
): Promise<void> {
  const holder: KeyringUser = {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
  };
  try {
    await vault.openWithServerKey(holder, deviceKey);
  } catch (e) {
    if (!(e instanceof WrongServerKeyError)) throw e;
    const [unsent, drafts] = await Promise.all([db.outbox.count(), db.drafts.count()]);
    if (unsent + drafts > 0) {
      throw new LoginError('device_key_mismatch', 'signIn.deviceKeyMismatch', {
        params: { count: unsent + drafts },
      });
    }
    await wipe(db);
    vault.clear();
    await vault.openWithServerKey(holder, deviceKey);
  }
}

/** Stores a login answer as this device's session: the one way a session is kept. */
async function keep(
  deps: SignInDeps,
  answer: LoginResponse,
  clockOffsetMs: number | null,
): Promise<SessionUser> {
  const { db, vault } = deps;
  const { token, user, expiresAt, deviceRetentionDays, deviceKey } = answer;
  // A server without device keys (older than this build) cannot have the session sealed.
  if (deviceKey === undefined || !isServerKey(deviceKey)) {
    throw new LoginError('server', 'signIn.badAnswer');
  }
  const previous = await refuseOverOthersWork(db, vault, user);
  if (previous && previous.id !== user.id) await wipe(db);
  // The session row is sealed by the data key: the vault is open before it is written.
  await openKeys(db, vault, user, deviceKey);
  // A phone upgraded from a build before sealing: what it holds in plain is sealed now,
  // once, before anything else is written (the plain session among it). Should that fail,
  // the vault closes again: an open vault without a new session would let the app carry on
  // with the rows half sealed, and only a password sign-in runs this.
  try {
    await sealLegacyRows(db, vault.keys());
  } catch (e) {
    vault.lock();
    throw e;
  }
  const session: StoredSession = { user: toSessionUser(user), token, expiresAt };
  if (deviceRetentionDays !== undefined) session.retentionDays = deviceRetentionDays;
  await setMeta(db, META.session, session);
  if (clockOffsetMs !== null) await recordClockOffset(db, clockOffsetMs);
  return session.user;
}

export async function signIn(
  deps: SignInDeps,
  username: string,
  password: string,
): Promise<LoginResult> {
  const { http } = deps;
  const out = await request(http(null), 'POST', '/api/auth/login', {
    json: { username, password },
  });
  if (out.kind !== 'ok') {
    throw refusal(out, new LoginError('bad_credentials', 'signIn.badCredentials'));
  }
  const answer = parseLogin(out);
  if (!answer.mustChangePassword) {
    return { kind: 'signed_in', user: await keep(deps, answer, out.clockOffsetMs) };
  }
  // Refused now rather than after the new password is set: the guard below would stop
  // the sign-in anyway, and the person would have changed a password for nothing.
  await refuseOverOthersWork(deps.db, deps.vault, answer.user);
  const loginToken = answer.token;
  return {
    kind: 'password_change_required',
    user: toSessionUser(answer.user),
    async changePassword(next, changeOpts) {
      const changed = await request(
        {
          ...http(loginToken),
          ...(changeOpts?.lang === 'en' ? { acceptLanguage: 'en' } : {}),
        },
        'POST',
        '/api/auth/password',
        { json: { current: password, next } },
      );
      if (changed.kind !== 'ok') {
        // 401 here: the login's token ran out (or was revoked) before the change.
        const again = changed.kind === 'unauthorized' ? changed.error?.message : undefined;
        throw refusal(
          changed,
          new LoginError('password_change_expired', 'signIn.again', { serverMessage: again }),
        );
      }
      // The fresh answer (new token; the login's token is revoked) goes down the same
      // path as a plain sign-in, guard included.
      return keep(deps, parseLogin(changed), changed.clockOffsetMs);
    },
  };
}

function toSessionUser(u: SessionUser): SessionUser {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    townIds: [...u.townIds],
  };
}
