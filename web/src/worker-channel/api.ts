import type { Lang } from '@anxin/shared/i18n/messages';

/**
 * The public API as this page calls it: plain fetch and JSON, no cookies, no client
 * library (WeChat's in-app browser on an old Android has fetch and little else worth
 * relying on). Every failure becomes one of three kinds the page can say in words.
 */
export type Failure =
  /** A 400: the server's message and its field-by-field messages, already in `lang`. */
  | { kind: 'invalid'; message: string; fields: Record<string, string> }
  /** A 429: how many seconds to wait (Retry-After), and the server's words. */
  | { kind: 'limited'; retryAfterSeconds: number; message: string }
  | { kind: 'not_found'; message: string }
  /** No answer at all, or one the page cannot read (a proxy's error page, a 5xx). */
  | { kind: 'network' }
  | { kind: 'server'; status: number; message: string };

export type Result<T> = { ok: true; value: T } | { ok: false; failure: Failure };

interface ErrorBody {
  error?: { code?: string; message?: string; fields?: Record<string, string> };
}

async function readJson(res: Response): Promise<unknown> {
  try {
    return await res.json();
  } catch {
    return null;
  }
}

/** Retry-After in seconds (an HTTP date is allowed too); a minute when it is missing. */
export function retryAfterSeconds(header: string | null, nowMs: number): number {
  if (header === null || header.trim() === '') return 60;
  const s = Number(header);
  if (Number.isFinite(s)) return Math.max(1, Math.ceil(s));
  const at = Date.parse(header);
  return Number.isNaN(at) ? 60 : Math.max(1, Math.ceil((at - nowMs) / 1000));
}

export async function call<T>(
  method: 'GET' | 'POST',
  path: string,
  lang: Lang,
  body?: unknown,
): Promise<Result<T>> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: {
        Accept: 'application/json',
        'Accept-Language': lang === 'en' ? 'en' : 'zh-CN',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    return { ok: false, failure: { kind: 'network' } };
  }
  const json = await readJson(res);
  if (res.ok) return { ok: true, value: json as T };
  const error = (json as ErrorBody | null)?.error;
  const message = typeof error?.message === 'string' ? error.message : '';
  if (res.status === 400) {
    const fields = error?.fields && typeof error.fields === 'object' ? error.fields : {};
    return { ok: false, failure: { kind: 'invalid', message, fields } };
  }
  if (res.status === 429) {
    const retry = retryAfterSeconds(res.headers.get('Retry-After'), Date.now());
    return { ok: false, failure: { kind: 'limited', retryAfterSeconds: retry, message } };
  }
  if (res.status === 404) return { ok: false, failure: { kind: 'not_found', message } };
  if (!error) return { ok: false, failure: { kind: 'network' } };
  return { ok: false, failure: { kind: 'server', status: res.status, message } };
}

export interface PublicUnit {
  id: string;
  name: string;
}

export type OtpPurpose = 'complaint' | 'lookup';

export type Rating = 'satisfied' | 'mostly' | 'unsatisfied';
