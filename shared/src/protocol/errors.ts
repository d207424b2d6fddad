import { z } from 'zod';
import { issuePath } from '../constants/errors';
import { isMessageKey, type Lang, type MESSAGES, type MessageKey, t } from '../i18n/messages';

// Re-exported so `protocol/errors` still offers the whole error contract.
export { ERROR_CODES, type ErrorCode, INVALID_MESSAGE, issuePath } from '../constants/errors';

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

/** Turns zod issues into `{path: message key}`, the first per path. */
export function fieldErrorKeys(error: z.ZodError): Record<string, MessageKey> {
  const out: Record<string, MessageKey> = {};
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
      out[path] = missing ? 'required' : key;
    }
  }
  return out;
}

/** Turns zod issues into `{path: message}` in the asked language, first message per path. */
export function fieldErrors(error: z.ZodError, lang: Lang = 'zh'): Record<string, string> {
  const keys = fieldErrorKeys(error);
  return Object.fromEntries(Object.entries(keys).map(([path, key]) => [path, t(key, lang)]));
}
