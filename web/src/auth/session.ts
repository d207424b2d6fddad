import { loginResponseSchema } from '@anxin/shared';
import { type AnxinDB, getMeta, META, setMeta } from '../data/db';
import { recordClockOffset } from '../data/time';
import type { SessionUser, StoredSession } from '../data/types';
import { type HttpDeps, request } from '../sync/http';

export type { SessionUser } from '../data/types';

export type LoginErrorCode =
  | 'bad_credentials'
  | 'rate_limited'
  | 'offline'
  | 'server'
  | 'other_user_unsent';

export class LoginError extends Error {
  readonly code: LoginErrorCode;
  readonly messageZh: string;
  readonly messageEn: string;
  readonly retryAfterMs: number | null;

  constructor(code: LoginErrorCode, zh: string, en: string, retryAfterMs: number | null = null) {
    super(zh);
    this.name = 'LoginError';
    this.code = code;
    this.messageZh = zh;
    this.messageEn = en;
    this.retryAfterMs = retryAfterMs;
  }
}

export interface Session {
  login(username: string, password: string): Promise<SessionUser>;
  /** The session kept on this device, or null when there is none or it has expired. */
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
  opts: { baseUrl: string; fetch?: typeof fetch; now?: () => number },
): Session {
  const now = opts.now ?? Date.now;
  const http = (token: string | null): HttpDeps => ({
    baseUrl: opts.baseUrl,
    fetch: opts.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    getToken: () => token,
    now,
  });

  const wipe = async () => {
    await db.transaction('rw', db.tables, async () => {
      await Promise.all(db.tables.map((t) => t.clear()));
    });
  };

  return {
    async login(username, password) {
      const out = await request(http(null), 'POST', '/api/auth/login', {
        json: { username, password },
      });
      if (out.kind === 'network') {
        throw new LoginError(
          'offline',
          '登录需要联网，请连接网络后再试',
          'Signing in needs the network; connect and try again',
        );
      }
      if (out.kind === 'unauthorized') {
        throw new LoginError('bad_credentials', '用户名或密码不正确', 'Wrong username or password');
      }
      if (out.kind === 'retry_after') {
        const secs = out.retryAfterMs === null ? null : Math.ceil(out.retryAfterMs / 1000);
        throw new LoginError(
          'rate_limited',
          secs ? `尝试次数过多，请 ${secs} 秒后再试` : '尝试次数过多，请稍后再试',
          secs ? `Too many attempts; try again in ${secs} s` : 'Too many attempts; try again later',
          out.retryAfterMs,
        );
      }
      if (out.kind !== 'ok') {
        throw new LoginError(
          'server',
          '服务器暂时无法登录，请稍后再试',
          'Cannot sign in right now; try later',
        );
      }
      const parsed = loginResponseSchema.safeParse(out.body);
      if (!parsed.success) {
        throw new LoginError(
          'server',
          '服务器返回了无法识别的内容',
          'Unexpected answer from the server',
        );
      }
      const { token, user, expiresAt } = parsed.data;
      const previous = await getMeta<StoredSession>(db, META.session);
      if (previous && previous.user.id !== user.id) {
        // Another officer's data is on this device. Their unsent work must not be pushed
        // under the new user's name, nor wiped without them choosing to.
        const unsent = await db.outbox.count();
        if (unsent > 0) {
          throw new LoginError(
            'other_user_unsent',
            `此设备上还有 ${previous.user.displayName} 未发送的 ${unsent} 项更改，请该用户先登录同步`,
            `${previous.user.displayName} has ${unsent} unsent changes on this device; they must sign in and sync first`,
          );
        }
        await wipe();
      }
      const session: StoredSession = { user: toSessionUser(user), token, expiresAt };
      await setMeta(db, META.session, session);
      if (out.clockOffsetMs !== null) await recordClockOffset(db, out.clockOffsetMs);
      return session.user;
    },

    async current() {
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
      const s = await getMeta<StoredSession>(db, META.session);
      if (s) {
        // Best effort: the server revokes the token if it can be reached; the device is
        // wiped either way.
        await request(http(s.token), 'POST', '/api/auth/logout', { json: {} }).catch(
          () => undefined,
        );
      }
      await db.delete();
      await db.open();
      return { ok: true };
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
