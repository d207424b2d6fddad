import type { Lang, MessageKey, MessageParams } from '@anxin/shared';
import { type AnxinDB, getMeta, META } from '../data/db';
import type { SessionUser, StoredSession } from '../data/types';
import type { Vault } from '../data/vault/types';
import type { HttpDeps } from '../sync/http';

export type { SessionUser } from '../data/types';

export type LoginErrorCode =
  | 'bad_credentials'
  | 'rate_limited'
  | 'offline'
  | 'server'
  | 'other_user_unsent'
  /**
   * The server's device key for this user no longer opens this device's data key, and some
   * of what is here was never sent: the PIN still opens it (nothing was changed).
   */
  | 'device_key_mismatch'
  /** The server refused what was sent; `fields` says why (a new password: `next`, `current`). */
  | 'rejected'
  /** The sign-in that asked for a new password is no longer valid: start again. */
  | 'password_change_expired';

/**
 * Why a sign-in did not go through: a catalogue key with its parameters
 * (shared/src/i18n/messages.ts `signIn.*`), said in the screen's language when shown — or,
 * where the server explained itself (a new password that breaks a rule), its own words,
 * already in the language asked for.
 */
export class LoginError extends Error {
  readonly code: LoginErrorCode;
  readonly key: MessageKey;
  readonly params: MessageParams;
  readonly serverMessage: string | null;
  readonly retryAfterMs: number | null;
  /** Server messages by field, in the language asked for (password change only). */
  readonly fields: Readonly<Record<string, string>>;

  constructor(
    code: LoginErrorCode,
    key: MessageKey,
    opts: {
      params?: MessageParams;
      serverMessage?: string | undefined;
      retryAfterMs?: number | null;
      fields?: Record<string, string>;
    } = {},
  ) {
    super(opts.serverMessage ?? key);
    this.name = 'LoginError';
    this.code = code;
    this.key = key;
    this.params = opts.params ?? {};
    this.serverMessage = opts.serverMessage ?? null;
    this.retryAfterMs = opts.retryAfterMs ?? null;
    this.fields = opts.fields ?? {};
  }
}

/**
 * How a sign-in ends. `password_change_required`: the password was set by an administrator;
 * nothing is stored on the device until `changePassword` succeeds, so a half-finished
 * sign-in leaves no session that could sync under a password the user never chose.
 */
export type LoginResult =
  | { kind: 'signed_in'; user: SessionUser }
  | {
      kind: 'password_change_required';
      user: SessionUser;
      /** Sets `next` (the password just typed is sent as the current one); then signs in. */
      changePassword(next: string, opts?: { lang?: Lang }): Promise<SessionUser>;
    };

export interface Session {
  login(username: string, password: string): Promise<LoginResult>;
  /**
   * The session kept on this device, or null when there is none, it has expired, or the
   * device is locked (the session row is sealed: unlock first).
   */
  current(): Promise<StoredSession | null>;
  /**
   * Refuses while changes are unsent (outbox) or forms are half filled (drafts), unless the
   * officer confirmed discarding them; then wipes every local table.
   */
  logout(opts: {
    discardUnsent: boolean;
  }): Promise<{ ok: true } | { ok: false; unsent: number; drafts: number }>;
}

export function createSession(
  db: AnxinDB,
  vault: Vault,
  opts: { baseUrl: string; fetch?: typeof fetch; now?: () => number },
): Session {
  const now = opts.now ?? Date.now;
  const http = (token: string | null): HttpDeps => ({
    baseUrl: opts.baseUrl,
    fetch: opts.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    getToken: () => token,
    now,
  });

  return {
    async login(username, password) {
      // The sign-in path (the HTTP client, the login answer's schema) loads when someone
      // signs in, not with the first screen; it is precached like every chunk.
      const { signIn } = await import('./sign-in');
      return signIn({ db, vault, http }, username, password);
    },

    async current() {
      if (vault.getState().kind !== 'unlocked') return null;
      const s = await getMeta<StoredSession>(db, META.session);
      if (!s) return null;
      const offset = (await getMeta<number>(db, META.clockOffsetMs)) ?? 0;
      // Expiry is judged by the server's clock as best known, so a phone set a day back
      // cannot stretch an offline session.
      if (Date.parse(s.expiresAt) <= now() + offset) return null;
      return s;
    },

    async logout({ discardUnsent }) {
      const [unsent, drafts] = await Promise.all([db.outbox.count(), db.drafts.count()]);
      if ((unsent > 0 || drafts > 0) && !discardUnsent) return { ok: false, unsent, drafts };
      // Locked: the token cannot be read, so it is not revoked (it expires on the server).
      const s =
        vault.getState().kind === 'unlocked'
          ? await getMeta<StoredSession>(db, META.session)
          : undefined;
      if (s) {
        // Best effort: the server revokes the token if it can be reached; the device is
        // wiped either way.
        await import('../sync/http')
          .then(({ request }) => request(http(s.token), 'POST', '/api/auth/logout', { json: {} }))
          .catch(() => undefined);
      }
      await db.delete();
      vault.clear();
      await db.open();
      return { ok: true };
    },
  };
}
