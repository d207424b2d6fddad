import {
  INVALID_MESSAGE,
  langFromAcceptLanguage,
  type MessageKey,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  t,
} from '@anxin/shared';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppDeps } from '../deps';
import { authenticate } from '../services/auth/auth-service';
import type { AppEnv } from './context';
import { errorBody, HttpError } from './errors';
import { urlHasNul } from './nul';

export const langMiddleware: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set('lang', langFromAcceptLanguage(c.req.header('Accept-Language')));
  await next();
};

/**
 * Every /api answer is personal and live: never cached by the browser or a proxy. Each also
 * names the sync protocol version, so a device running old code can tell it must update.
 */
export const apiHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  c.header('Cache-Control', 'no-store');
  c.header(PROTOCOL_HEADER, String(PROTOCOL_VERSION));
};

/**
 * Refuses a body over `maxSize` bytes before anything parses it: by Content-Length when
 * given, else while streaming.
 */
export function limitBody(maxSize: number): MiddlewareHandler<AppEnv> {
  return bodyLimit({
    maxSize,
    onError: (c) => {
      const lang = langFromAcceptLanguage(c.req.header('Accept-Language'));
      return c.json(errorBody('payload_too_large', t('http.tooLarge', lang)), 413);
    },
  });
}

/**
 * The signed-in user, or 401. A user whose password an administrator set reaches only the
 * routes that let them replace it (`passwordChange: true`): 403 password_change_required
 * everywhere else, so a one-time password cannot be used for real work.
 */
export function requireAuth(
  deps: AppDeps,
  opts: { passwordChange?: boolean } = {},
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const lang = c.get('lang');
    const header = c.req.header('Authorization') ?? '';
    const m = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header);
    if (!m) throw new HttpError('unauthorized', t('http.unauthorized', lang));
    const token = m[1]!;
    const auth = await authenticate(deps, token);
    if (!auth.ok) {
      throw new HttpError(auth.why, t(AUTH_FAILURE_MESSAGES[auth.why], lang));
    }
    if (auth.mustChangePassword && !opts.passwordChange) {
      throw new HttpError('password_change_required', t('http.passwordChangeRequired', lang));
    }
    c.set('actor', auth.actor);
    c.set('token', token);
    await next();
  };
}

const AUTH_FAILURE_MESSAGES = {
  unauthorized: 'http.unauthorized',
  session_expired: 'http.sessionExpired',
  account_disabled: 'http.accountDisabled',
  no_units: 'http.noUnits',
} as const satisfies Record<string, MessageKey>;

/** After requireAuth: only the admin role (users, units, calendar). */
export const requireAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.get('actor').role !== 'admin') {
    throw new HttpError('forbidden', t('http.adminOnly', c.get('lang')));
  }
  await next();
};

/** A NUL in the URL (path or query) can only be an attack or a bug: 400 before any query. */
export const refuseNulInUrl: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (urlHasNul(c.req.url)) {
    const lang = c.get('lang');
    throw new HttpError('invalid', INVALID_MESSAGE[lang]);
  }
  await next();
};
