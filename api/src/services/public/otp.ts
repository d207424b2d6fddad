import { randomInt } from 'node:crypto';
import type { Lang, PublicOtpRequest } from '@anxin/shared';
import { maskMobile, OTP_LIMITS, OTP_TTL_MS, renderSms } from '@anxin/shared';
import type { AppDeps } from '../../deps';
import { issueOtp } from '../../repositories/otp-codes';
import { queueOtpSms } from '../../repositories/sms-outbox';
import { takeLimitOr429 } from './guard';

/**
 * POST /api/public/otp — sends a 6-digit code to the mobile, after counting the request
 * against the address's and the mobile's hourly limits (in the database, so every API
 * process shares them). The answer is the same 202 whether or not the mobile has a case:
 * it says nothing about anyone. The code goes through the SMS outbox like every message;
 * its text is wiped from the outbox once sent.
 */
export async function requestOtp(
  deps: AppDeps,
  req: PublicOtpRequest,
  ip: string,
  lang: Lang,
): Promise<{ expiresInSeconds: number }> {
  await takeLimitOr429(deps, `otp-ip:${ip}`, OTP_LIMITS.perAddress, 'public.tooManyCodes', lang);
  await takeLimitOr429(
    deps,
    `otp-mobile:${req.mobile}`,
    OTP_LIMITS.perMobile,
    'public.tooManyCodes',
    lang,
  );
  const now = deps.now();
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  await deps.db.transaction().execute(async (trx) => {
    await issueOtp(trx, {
      mobile: req.mobile,
      purpose: req.purpose,
      code,
      nowMs: now.getTime(),
      ttlMs: OTP_TTL_MS,
    });
    await queueOtpSms(trx, {
      mobile: req.mobile,
      message: renderSms('otp', { code, minutes: String(OTP_TTL_MS / 60_000) }),
      at: now.toISOString(),
    });
  });
  deps.log('public.otp', { mobile: maskMobile(req.mobile), purpose: req.purpose });
  return { expiresInSeconds: OTP_TTL_MS / 1000 };
}
