import { z } from 'zod';
import { creditCodeError, normalizeCreditCode } from '../validation/credit-code';
import { isIsoInstant, isRealDate } from '../validation/dates';
import { mobileError, normalizeMobile, phoneError } from '../validation/mobile';
import { fenError } from '../validation/money';
import { normalizeResidentId, residentIdError } from '../validation/resident-id';

/**
 * Field schemas shared by every entity. Messages are keys of MESSAGES; the edge translates.
 * Normalising transforms (trim, upper-case, strip +86) run before the check, so a value
 * stored is always the canonical one.
 */

export const idSchema = z
  .string({ error: 'invalidType' })
  .regex(/^[A-Za-z0-9_-]{8,64}$/, { error: 'id.invalid' });

export const text = (max: number) =>
  z.string({ error: 'invalidType' }).trim().max(max, { error: 'tooLong' });

export const requiredText = (max: number) => text(max).min(1, { error: 'required' });

export const fenSchema = z.number({ error: 'invalidType' }).superRefine((v, ctx) => {
  const key = fenError(v);
  if (key) ctx.addIssue({ code: 'custom', message: key });
});

export const dateSchema = z
  .string({ error: 'invalidType' })
  .refine(isRealDate, { error: 'date.invalid' });

export const instantSchema = z
  .string({ error: 'invalidType' })
  .refine(isIsoInstant, { error: 'datetime.invalid' });

export const mobileSchema = z
  .string({ error: 'invalidType' })
  .transform(normalizeMobile)
  .superRefine((v, ctx) => {
    const key = mobileError(v);
    if (key) ctx.addIssue({ code: 'custom', message: key });
  });

export const phoneSchema = z
  .string({ error: 'invalidType' })
  .transform(normalizeMobile)
  .superRefine((v, ctx) => {
    const key = phoneError(v);
    if (key) ctx.addIssue({ code: 'custom', message: key });
  });

export const creditCodeSchema = z
  .string({ error: 'invalidType' })
  .transform(normalizeCreditCode)
  .superRefine((v, ctx) => {
    const key = creditCodeError(v);
    if (key) ctx.addIssue({ code: 'custom', message: key });
  });

/**
 * A resident ID's birth date must not be after "today". Schemas check against the real
 * current date in China; the server's clock is the one that decides on push.
 */
export const residentIdSchema = z
  .string({ error: 'invalidType' })
  .transform(normalizeResidentId)
  .superRefine((v, ctx) => {
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const key = residentIdError(v, today);
    if (key) ctx.addIssue({ code: 'custom', message: key });
  });

export const sha256Schema = z
  .string({ error: 'invalidType' })
  .regex(/^[0-9a-f]{64}$/, { error: 'sha256.invalid' });
