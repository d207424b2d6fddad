import type { Lang } from '@anxin/shared';
import {
  mobileError,
  normalizeMobile,
  OTP_MAX_TRIES,
  otpCodeSchema,
  PUBLIC_PHOTO_LIMITS,
  PUBLIC_PHOTO_MIME_TYPES,
  type PublicPhotoAnswer,
  t,
} from '@anxin/shared';
import type { AppDeps } from '../../deps';
import { HttpError } from '../../http/errors';
import { checkOtp } from '../../repositories/otp-codes';
import { putBlob } from '../blobs';
import { fieldRefusal, PUBLIC_ACTOR, publicUploaderId, takeLimitOr429, wrongCode } from './guard';

/**
 * POST /api/public/photos — one evidence photo (pay slip, chat screenshot) for a complaint
 * being filled in. The worker must have the complaint's code already: `X-Anxin-Mobile` and
 * `X-Anxin-Otp` are checked (a wrong code costs one of its 5 tries; a right one is not used
 * up, the complaint uses it), `X-Content-Sha256` must match the bytes, the type must be a
 * JPEG, PNG or WebP that looks like one, at most 2 MiB (the page compresses first), at most
 * 30 uploads per address and hour. The photo is held under the proven mobile and only a
 * complaint from that mobile within an hour may attach it; an unattached photo expires with
 * every other unlinked upload (services/blobs.ts).
 */
export async function uploadPublicPhoto(
  deps: AppDeps,
  input: {
    mobile: string;
    otp: string;
    sha256: string;
    contentType: string;
    data: Uint8Array;
    ip: string;
  },
  lang: Lang,
): Promise<PublicPhotoAnswer & { created: boolean }> {
  const mobile = normalizeMobile(input.mobile);
  const mobileProblem = mobileError(mobile);
  const otp = otpCodeSchema.safeParse(input.otp);
  if (mobileProblem || !otp.success) {
    throw fieldRefusal(lang, {
      ...(mobileProblem ? { mobile: mobileProblem } : {}),
      ...(otp.success ? {} : { otp: 'public.otpFormat' as const }),
    });
  }
  const mime = input.contentType.split(';')[0]!.trim().toLowerCase();
  if (!(PUBLIC_PHOTO_MIME_TYPES as readonly string[]).includes(mime)) {
    throw new HttpError('unsupported_media_type', t('blob.badType', lang));
  }
  if (input.data.byteLength > PUBLIC_PHOTO_LIMITS.maxBytes) {
    throw new HttpError('payload_too_large', t('public.photoTooLarge', lang));
  }
  await takeLimitOr429(
    deps,
    `photo-ip:${input.ip}`,
    PUBLIC_PHOTO_LIMITS.perAddress,
    'public.tooManyPhotos',
    lang,
  );
  const proven = await checkOtp(deps.db, {
    mobile,
    purpose: 'complaint',
    code: otp.data,
    nowMs: deps.now().getTime(),
    maxTries: OTP_MAX_TRIES,
  });
  if (!proven) throw wrongCode(lang);
  const stored = await putBlob(
    deps,
    { ...PUBLIC_ACTOR, id: publicUploaderId(mobile) },
    { sha256: input.sha256, contentType: mime, data: input.data },
    lang,
  );
  return { sha256: stored.sha256, size: stored.size, created: stored.created };
}
