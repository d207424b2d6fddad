import { z } from 'zod';
import { isMessageKey, type Lang, type MESSAGES, t } from '../i18n/messages';

/** The one error shape of the API: `{error:{code, message, fields?}}`. */
export const ERROR_CODES = [
  'invalid',
  'unauthorized',
  'session_expired',
  /** 401: the account was disabled by an administrator; the device wipes itself. */
  'account_disabled',
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

export const apiErrorBodySchema = z.object({
  code: z.string(),
  message: z.string(),
  fields: z.record(z.string(), z.string()).optional(),
  /** Machine-readable details where the code has them (calendar_missing: {year}; a refused unit deactivation: {openCases}). */
  meta: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type ApiErrorBody = z.infer<typeof apiErrorBodySchema>;
export const apiErrorSchema = z.object({ error: apiErrorBodySchema });
export type ApiError = z.infer<typeof apiErrorSchema>;

/** 'claimants.0.mobile' — the path form used in `fields`. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.') || '_';
}

const ZOD_CODE_KEYS: Record<string, keyof typeof MESSAGES> = {
  invalid_type: 'invalidType',
  too_small: 'tooSmall',
  too_big: 'tooLarge',
  invalid_format: 'invalid',
  invalid_value: 'notInList',
  unrecognized_keys: 'unknownField',
  invalid_union: 'invalid',
  invalid_key: 'invalid',
  invalid_element: 'invalid',
  not_multiple_of: 'invalid',
  custom: 'invalid',
};

/** Turns zod issues into `{path: message}` in the asked language, first message per path. */
export function fieldErrors(error: z.ZodError, lang: Lang = 'zh'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const keys =
      issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...issue.path, k]) : [issue.path];
    for (const p of keys) {
      const path = issuePath(p);
      if (out[path]) continue;
      const key = isMessageKey(issue.message)
        ? issue.message
        : (ZOD_CODE_KEYS[issue.code] ?? 'invalid');
      // Our schemas say 'required' themselves (typeError); zod's own message for a missing
      // field only says so in English prose, since issues carry no input by default.
      const missing = issue.code === 'invalid_type' && /received undefined$/.test(issue.message);
      out[path] = t(missing ? 'required' : key, lang);
    }
  }
  return out;
}

export const INVALID_MESSAGE = {
  zh: '提交的内容有误，请按提示修改',
  en: 'Some fields are invalid',
} as const;
