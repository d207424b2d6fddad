import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type DestinationStream, type Level, type LevelWithSilent } from 'pino';
import type { Logger } from '../deps';

/**
 * The server's log: one JSON line per event on stdout (pino), for journald, docker or any
 * collector. Personal data never reaches it: what a claimant or an officer typed is held
 * by the database, not the log, so lines carry ids, counts and codes. Two guards stand
 * behind that rule at the logger itself, so a careless `deps.log(…, { mobile })` or an
 * error message quoting a row cannot leak either:
 * - fields whose NAME says personal or secret (mobile, idNumber, password, token, a
 *   person's name, an OTP code…) are replaced, at any depth (pino `redact` for the known
 *   paths, the walk below for every other depth);
 * - every string is scanned for what a mainland mobile or resident ID number looks like
 *   (an SQL error quoting a key, a stack trace, a URL) and those digits are replaced.
 */

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const REDACTED = '[redacted]';

/** Field names whose values are personal or secret, compared without case, `_` or `-`. */
const SECRET_KEYS = new Set([
  'password',
  'newpassword',
  'currentpassword',
  'oldpassword',
  'adminpassword',
  'token',
  'accesstoken',
  'refreshtoken',
  'authorization',
  'cookie',
  'setcookie',
  'secret',
  // The server-held key that unwraps a device's data (login answer).
  'devicekey',
  'otp',
  'otpcode',
  'smscode',
  'verificationcode',
  'mobile',
  'phone',
  'claimantmobile',
  'contactmobile',
  'idnumber',
  'idcard',
  'claimantidnumber',
  'name',
  'fullname',
  'displayname',
  'claimantname',
  'contactname',
  'claimant',
  'claimants',
  'body',
]);

/** `code` is an error code ('invalid') or, from the public channel, an OTP: digits go. */
const OTP_LIKE = /^\d{4,8}$/;

/** A mainland mobile (11 digits, 13x–19x), not inside a longer number. */
const MOBILE = /(?<![0-9])(?:\+?86[- ]?)?1[3-9][0-9]{9}(?![0-9])/g;
/** A resident ID number (18 characters, the last a digit or X; or the old 15 digits). */
const ID_NUMBER = /(?<![0-9A-Za-z])(?:[0-9]{17}[0-9Xx]|[0-9]{15})(?![0-9A-Za-z])/g;

export function maskText(text: string): string {
  return text.replace(ID_NUMBER, '[id-number]').replace(MOBILE, '[mobile]');
}

function normalKey(key: string): string {
  return key.toLowerCase().replace(/[_-]/g, '');
}

/** A copy of a log record with personal fields replaced and personal-looking digits masked. */
export function scrub(value: unknown, key: string | null = null, depth = 0): unknown {
  if (key !== null) {
    const k = normalKey(key);
    if (SECRET_KEYS.has(k)) return REDACTED;
    if (k.endsWith('code') && typeof value === 'string' && OTP_LIKE.test(value)) return REDACTED;
  }
  if (typeof value === 'string') return maskText(value);
  if (typeof value !== 'object' || value === null) return value;
  // Records are small; anything this deep is not worth writing and would cost time.
  if (depth > 6) return '[deep]';
  if (value instanceof Error) {
    return {
      type: value.name,
      message: maskText(value.message),
      ...(value.stack ? { stack: maskText(value.stack) } : {}),
    };
  }
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => scrub(v, null, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrub(v, k, depth + 1);
  return out;
}

/**
 * Known paths, redacted by pino itself before anything else sees the record (the scrub
 * walk above covers the same names at every other depth).
 */
const REDACT_PATHS = [...SECRET_KEYS]
  .flatMap((k) => [k, `*.${k}`])
  .concat([
    'idNumber',
    '*.idNumber',
    'displayName',
    '*.displayName',
    'claimantName',
    '*.claimantName',
    'deviceKey',
    '*.deviceKey',
    'headers.authorization',
    'headers.cookie',
    'req.headers.authorization',
  ]);

/** Fields every line of one request carries (see observability/request.ts). */
export interface RequestLogContext {
  requestId: string;
}

export const requestContext = new AsyncLocalStorage<RequestLogContext>();

export interface LoggerOptions {
  level?: LevelWithSilent;
  /** Where lines go (default stdout). Tests pass a stream to read them back. */
  destination?: DestinationStream;
}

export function createLogger(opts: LoggerOptions = {}): pino.Logger {
  return pino(
    {
      level: opts.level ?? 'info',
      // `event` is the line's name (`http.request`, `sms.failed`…), what operators grep for.
      messageKey: 'event',
      base: { service: 'anxin-api', pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      mixin: () => ({ ...requestContext.getStore() }),
      formatters: {
        level: (label) => ({ level: label }),
        log: (obj) => scrub(obj) as Record<string, unknown>,
      },
      hooks: {
        // Message strings too (an event name is ours, but nothing else may slip through).
        logMethod(args, method) {
          const masked = args.map((a) => (typeof a === 'string' ? maskText(a) : a));
          return method.apply(this, masked as Parameters<typeof method>);
        },
      },
    },
    opts.destination ?? pino.destination({ fd: 1, sync: true }),
  );
}

/** Events that are not routine; everything else is `info`. */
const EVENT_LEVELS: Record<string, Level> = {
  'http.error': 'error',
  'sms.worker.error': 'error',
  'blob.expiry.error': 'error',
  'server.startFailed': 'fatal',
  'sms.failed': 'warn',
  'auth.failed': 'warn',
  'auth.locked': 'warn',
  'auth.busy': 'warn',
  'push.busy': 'warn',
  'push.clientTaken': 'warn',
  'push.idReused': 'warn',
  'scope.denied': 'warn',
  'blob.overQuota': 'warn',
  'pull.scopeChanged': 'info',
  'sms.digest.calendarMissing': 'warn',
};

export function levelOf(event: string): Level {
  const known = EVENT_LEVELS[event];
  if (known) return known;
  if (event.endsWith('.error')) return 'error';
  if (event.endsWith('.failed')) return 'warn';
  return 'info';
}

/** The app's `deps.log` over a pino logger: the event is the line's name, data its fields. */
export function eventLogger(logger: pino.Logger): Logger {
  return (event, data) => {
    logger[levelOf(event)](data ?? {}, event);
  };
}
