import {
  INVALID_MESSAGE,
  langFromAcceptLanguage,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
} from '@anxin/shared';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppDeps } from '../deps';
import { authenticate } from '../services/auth/auth-service';
import type { AppEnv } from './context';
import { errorBody, HTTP_MESSAGES, HttpError } from './errors';
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
      return c.json(errorBody('payload_too_large', HTTP_MESSAGES.tooLarge[lang]), 413);
    },
  });
}

export function requireAuth(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const lang = c.get('lang');
    const header = c.req.header('Authorization') ?? '';
    const m = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header);
    if (!m) throw new HttpError('unauthorized', HTTP_MESSAGES.unauthorized[lang]);
    const token = m[1]!;
    const auth = await authenticate(deps, token);
    if (!auth.ok) {
      throw auth.why === 'session_expired'
        ? new HttpError('session_expired', HTTP_MESSAGES.sessionExpired[lang])
        : new HttpError('unauthorized', HTTP_MESSAGES.unauthorized[lang]);
    }
    c.set('actor', auth.actor);
    c.set('token', token);
    await next();
  };
}

/** A NUL in the URL (path or query) can only be an attack or a bug: 400 before any query. */
export const refuseNulInUrl: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (urlHasNul(c.req.url)) {
    const lang = c.get('lang');
    throw new HttpError('invalid', INVALID_MESSAGE[lang]);
  }
  await next();
};
