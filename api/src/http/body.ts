import type { Lang } from '@anxin/shared';
import { fieldErrors, INVALID_MESSAGE, t } from '@anxin/shared';
import type { Context } from 'hono';
import type { z } from 'zod';
import type { AppEnv } from './context';
import { HTTP_MESSAGES, HttpError } from './errors';
import { findNul } from './nul';

/**
 * Reads a JSON body: the content type must be JSON (415 otherwise), the text must parse
 * (400), and the value must match the schema (400 with field-by-field messages).
 */
export async function readJson<S extends z.ZodType>(
  c: Context<AppEnv>,
  schema: S,
  opts: { allowNulIn?: (path: string) => boolean } = {},
): Promise<z.output<S>> {
  const lang: Lang = c.get('lang');
  const type = (c.req.header('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new HttpError('unsupported_media_type', HTTP_MESSAGES.notJson[lang]);
  }
  const text = await c.req.text();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError('invalid', HTTP_MESSAGES.badJson[lang]);
  }
  const nulAt = findNul(value);
  if (nulAt !== null && !(opts.allowNulIn?.(nulAt) ?? false)) {
    throw new HttpError('invalid', INVALID_MESSAGE[lang], {
      fields: { [nulAt]: t('invalid', lang) },
    });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new HttpError('invalid', INVALID_MESSAGE[lang], {
      fields: fieldErrors(parsed.error, lang),
    });
  }
  return parsed.data;
}

/** Query parameters as a plain object (the last value wins for repeated keys). */
export function queryObject(c: Context<AppEnv>): Record<string, string> {
  return { ...c.req.query() };
}
