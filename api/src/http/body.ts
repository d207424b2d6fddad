import type { Lang } from '@anxin/shared';
import { fieldErrors, INVALID_MESSAGE, t } from '@anxin/shared';
import type { Context, MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import type { AppEnv } from './context';
import { HttpError } from './errors';
import { findNul } from './nul';

/**
 * Reads a JSON body: the content type must be JSON (415 otherwise), the text must parse
 * (400), and the value must match the schema (400 with field-by-field messages).
 */
export async function readJson<S extends z.ZodType>(
  c: Context<AppEnv>,
  schema: S,
  opts: {
    allowNulIn?: (path: string) => boolean;
    /** The body, when a middleware has read it already (readBodyFirst). */
    body?: Uint8Array;
  } = {},
): Promise<z.output<S>> {
  const lang: Lang = c.get('lang');
  const type = (c.req.header('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new HttpError('unsupported_media_type', t('http.notJson', lang));
  }
  const text = opts.body ? new TextDecoder().decode(opts.body) : await c.req.text();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError('invalid', t('http.badJson', lang));
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

/**
 * Reads the whole body before anything else looks at the request, so that what follows
 * (a push slot, the database) is held only once the bytes are here: a client trickling
 * a large body then holds nothing but its own connection. Over `maxBytes` → 413, by
 * Content-Length at once or while reading; not in full within `timeoutMs` → 400 (a
 * device answered 400 halves its batch and tries again, which is what a slow link needs).
 * Either way the connection is closed after the answer, so the rest of a slow body is not
 * waited for (the server drains it briefly, then drops the socket).
 */
export function readBodyFirst(opts: {
  maxBytes: number;
  timeoutMs: number;
}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('body', await readWholeBody(c, opts.maxBytes, opts.timeoutMs));
    await next();
  };
}

async function readWholeBody(
  c: Context<AppEnv>,
  maxBytes: number,
  timeoutMs: number,
): Promise<Uint8Array> {
  const lang: Lang = c.get('lang');
  const tooLarge = () =>
    new HttpError('payload_too_large', t('http.tooLarge', lang), {
      headers: { Connection: 'close' },
    });
  const declared = c.req.header('Content-Length');
  if (declared !== undefined && Number(declared) > maxBytes) throw tooLarge();
  const stream = c.req.raw.body;
  if (!stream) return new Uint8Array(0);
  const reader = stream.getReader();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), timeoutMs);
  });
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      // A read that fails means the client went away or broke the framing: its fault, a 400.
      const next = await Promise.race([reader.read().catch(() => 'broken' as const), late]);
      if (next === 'broken') {
        throw new HttpError('invalid', t('http.badJson', lang), {
          headers: { Connection: 'close' },
        });
      }
      if (next === 'late') {
        const seconds = Math.round(timeoutMs / 1000);
        throw new HttpError('invalid', t('http.bodyTimeout', lang, { seconds }), {
          headers: { Connection: 'close' },
        });
      }
      if (next.done) break;
      size += next.value.byteLength;
      if (size > maxBytes) throw tooLarge();
      chunks.push(next.value);
    }
  } finally {
    clearTimeout(timer);
    // Not cancel(): on a socket that would destroy the request before the answer is sent.
    try {
      reader.releaseLock();
    } catch {
      // A read still pending (the timeout) may keep the lock on older runtimes; harmless.
    }
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return body;
}
