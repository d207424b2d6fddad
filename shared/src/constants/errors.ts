// The API's error vocabulary without the zod schemas of its body (protocol/errors.ts).
import { MESSAGES } from '../i18n/messages';

/** The one error shape of the API: `{error:{code, message, fields?}}`. */
export const ERROR_CODES = [
  'invalid',
  'unauthorized',
  'session_expired',
  /** 401: the account was disabled by an administrator; the device wipes itself. */
  'account_disabled',
  /**
   * 401: an officer or inspector who belongs to no unit any more (nothing is in their
   * scope): the device wipes itself; their login is refused with it too.
   */
  'no_units',
  /** 403: signed in with a password an admin set; only POST /api/auth/password is open. */
  'password_change_required',
  'forbidden',
  'not_found',
  'conflict',
  'rejected',
  /** A working-day computation needs a year whose holiday calendar is not loaded. */
  'calendar_missing',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** 'claimants.0.mobile' — the path form used in `fields`. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.') || '_';
}

/** The headline of a refusal whose reasons are given field by field. */
export const INVALID_MESSAGE = MESSAGES['reject.invalid'];
