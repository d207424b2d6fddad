import { createHash } from 'node:crypto';
import type { Lang, MessageKey } from '@anxin/shared';
import { INVALID_MESSAGE, t } from '@anxin/shared';
import type { AppDeps } from '../../deps';
import { HttpError } from '../../http/errors';
import { takePublicLimit } from '../../repositories/public-limits';
import type { Actor } from '../../repositories/scope';

/**
 * What every public (no account) service shares: the system actor the channel acts as,
 * the uploader id a worker's photos are held under, the limits answered 429 + Retry-After,
 * and field refusals in the existing error shape.
 */

/** The channel's actor on the case timeline and in created_by: 码上办事, not a person. */
export const PUBLIC_ACTOR: Actor = {
  id: 'system-qr',
  username: 'system.qr',
  displayName: '码上办事',
  role: 'office',
  townIds: [],
};

/**
 * Photos a worker uploads are held under an id made from the mobile the code proved, so a
 * complaint may attach only photos uploaded by the same (proven) mobile.
 */
export function publicUploaderId(mobile: string): string {
  return `public-${createHash('sha256').update(`anxin-public:${mobile}`).digest('hex').slice(0, 32)}`;
}

export async function takeLimitOr429(
  deps: AppDeps,
  bucket: string,
  limit: { max: number; windowMs: number },
  message: MessageKey,
  lang: Lang,
): Promise<void> {
  const r = await takePublicLimit(deps.db, bucket, { ...limit, nowMs: deps.now().getTime() });
  if (r.ok) return;
  const seconds = Math.ceil(r.retryAfterMs / 1000);
  deps.log('public.rateLimited', { bucket: bucket.split(':')[0] });
  throw new HttpError('rate_limited', t(message, lang, { minutes: Math.ceil(seconds / 60) }), {
    headers: { 'Retry-After': String(seconds) },
  });
}

/** A 400 naming the fields, in the shape readJson answers schema errors. */
export function fieldRefusal(lang: Lang, fields: Record<string, MessageKey>): HttpError {
  return new HttpError('invalid', INVALID_MESSAGE[lang], {
    fields: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, t(v, lang)])),
  });
}

/** The one answer to a wrong, expired, used or exhausted code. */
export function wrongCode(lang: Lang): HttpError {
  return fieldRefusal(lang, { otp: 'public.codeWrong' });
}
