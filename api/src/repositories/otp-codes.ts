import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { OtpPurpose } from '@anxin/shared';
import { OTP_MAX_TRIES } from '@anxin/shared';
import { sql } from 'kysely';
import type { Executor } from '../db/schema';

/**
 * The SMS codes of the public channel. Only a salted hash of a code is stored: six digits
 * are no secret from someone holding the table, so the hash only keeps codes out of casual
 * reading (a backup, a support query); what protects a code is its five minutes of life,
 * its one use and its five tries. A new code for a mobile and purpose retires the older
 * ones, so exactly one code is live at a time.
 */

function hashCode(salt: string, code: string): string {
  return createHash('sha256').update(`${salt}:${code}`).digest('hex');
}

export async function issueOtp(
  db: Executor,
  o: { mobile: string; purpose: OtpPurpose; code: string; nowMs: number; ttlMs: number },
): Promise<void> {
  await db
    .updateTable('otp_codes')
    .set({ expires_at_ms: o.nowMs })
    .where('mobile', '=', o.mobile)
    .where('purpose', '=', o.purpose)
    .where('used_at_ms', 'is', null)
    .where('expires_at_ms', '>', o.nowMs)
    .execute();
  const salt = randomBytes(16).toString('hex');
  await db
    .insertInto('otp_codes')
    .values({
      mobile: o.mobile,
      purpose: o.purpose,
      salt,
      code_hash: hashCode(salt, o.code),
      created_at_ms: o.nowMs,
      expires_at_ms: o.nowMs + o.ttlMs,
      tries: 0,
      used_at_ms: null,
      used_case_no: null,
      rated_at_ms: null,
    })
    .execute();
}

export type OtpCheck = { ok: true; id: number } | { ok: false };

/**
 * Takes one try of the live code and compares it: the try is counted by ONE conditional
 * UPDATE before the comparison (`tries < max`, RETURNING the hash), so however many guesses
 * arrive at once, on however many API processes, at most OTP_MAX_TRIES are ever compared.
 * A right guess then marks the code used, again conditionally, so two requests with the
 * same right code never both pass. `rating`: a lookup code already used to look up this
 * very case may be used once more, to rate it (the worker rates from the lookup page).
 */
export async function useOtp(
  db: Executor,
  o: {
    mobile: string;
    purpose: OtpPurpose;
    code: string;
    nowMs: number;
    caseNo?: string;
    rating?: boolean;
  },
): Promise<OtpCheck> {
  const live = db
    .selectFrom('otp_codes')
    .select('id')
    .where('mobile', '=', o.mobile)
    .where('purpose', '=', o.purpose)
    .where('expires_at_ms', '>', o.nowMs)
    .where((eb) =>
      o.rating && o.caseNo !== undefined
        ? eb.or([
            eb('used_at_ms', 'is', null),
            eb.and([eb('used_case_no', '=', o.caseNo), eb('rated_at_ms', 'is', null)]),
          ])
        : eb('used_at_ms', 'is', null),
    )
    .orderBy('id', 'desc')
    .limit(1);
  const taken = await db
    .updateTable('otp_codes')
    .set((eb) => ({ tries: eb('tries', '+', 1) }))
    .where('id', '=', live)
    .where('tries', '<', OTP_MAX_TRIES)
    .returning(['id', 'salt', 'code_hash'])
    .executeTakeFirst();
  if (!taken) return { ok: false };
  const given = Buffer.from(hashCode(taken.salt, o.code), 'hex');
  if (!timingSafeEqual(given, Buffer.from(taken.code_hash, 'hex'))) return { ok: false };
  const id = Number(taken.id);
  const used = await db
    .updateTable('otp_codes')
    .set(
      o.rating
        ? {
            used_at_ms: sql<number>`coalesce(used_at_ms, ${o.nowMs})`,
            used_case_no: o.caseNo ?? null,
            rated_at_ms: o.nowMs,
          }
        : { used_at_ms: o.nowMs, used_case_no: o.caseNo ?? null },
    )
    .where('id', '=', id)
    .where((eb) => (o.rating ? eb('rated_at_ms', 'is', null) : eb('used_at_ms', 'is', null)))
    .executeTakeFirst();
  return Number(used.numUpdatedRows) === 1 ? { ok: true, id } : { ok: false };
}

/**
 * Checks the live code without using it up (a photo upload before the complaint): the try
 * is taken first like useOtp's, and given back only when the code was right, so a wrong
 * guess here costs a try exactly as it would on the complaint itself.
 */
export async function checkOtp(
  db: Executor,
  o: { mobile: string; purpose: OtpPurpose; code: string; nowMs: number; maxTries: number },
): Promise<boolean> {
  const live = db
    .selectFrom('otp_codes')
    .select('id')
    .where('mobile', '=', o.mobile)
    .where('purpose', '=', o.purpose)
    .where('expires_at_ms', '>', o.nowMs)
    .where('used_at_ms', 'is', null)
    .orderBy('id', 'desc')
    .limit(1);
  const taken = await db
    .updateTable('otp_codes')
    .set((eb) => ({ tries: eb('tries', '+', 1) }))
    .where('id', '=', live)
    .where('tries', '<', o.maxTries)
    .returning(['id', 'salt', 'code_hash'])
    .executeTakeFirst();
  if (!taken) return false;
  const given = Buffer.from(hashCode(taken.salt, o.code), 'hex');
  if (!timingSafeEqual(given, Buffer.from(taken.code_hash, 'hex'))) return false;
  await db
    .updateTable('otp_codes')
    .set((eb) => ({ tries: eb('tries', '-', 1) }))
    .where('id', '=', Number(taken.id))
    .execute();
  return true;
}

/**
 * A lookup code counts as used for a case only once it found that case: a lookup that
 * found nothing must not let the code rate a case it never saw.
 */
export async function forgetOtpCase(db: Executor, id: number): Promise<void> {
  await db.updateTable('otp_codes').set({ used_case_no: null }).where('id', '=', id).execute();
}

/** Codes past their life, kept a day for support questions, then deleted. */
export async function pruneOtpCodes(db: Executor, beforeMs: number): Promise<void> {
  await db.deleteFrom('otp_codes').where('expires_at_ms', '<', beforeMs).execute();
}

/** The code's row, for tests and support: never the code itself. */
export async function otpRows(db: Executor, mobile: string) {
  return db
    .selectFrom('otp_codes')
    .select([
      'id',
      'purpose',
      'tries',
      'used_at_ms',
      'used_case_no',
      'rated_at_ms',
      'expires_at_ms',
    ])
    .where('mobile', '=', mobile)
    .orderBy('id')
    .execute();
}
