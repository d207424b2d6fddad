import { z } from 'zod';
import { creditCodeError, normalizeCreditCode } from '../validation/credit-code';
import { chinaDate, isIsoInstant, isRealDate } from '../validation/dates';
import { mobileError, normalizeMobile, phoneError } from '../validation/mobile';
import { fenError } from '../validation/money';
import { normalizeName } from '../validation/names';
import { normalizeResidentId, residentIdError } from '../validation/resident-id';

/**
 * Field schemas shared by every entity. Messages are keys of MESSAGES; the edge translates.
 * Normalising transforms (trim, upper-case, strip +86) run before the check, so a value
 * stored is always the canonical one.
 */

/**
 * The message for a value of the wrong type. A field that is simply missing arrives as a type
 * error too; the officer should read "required" for that, not "wrong type".
 */
export const typeError = (issue: { input?: unknown }): 'required' | 'invalidType' =>
  issue.input === undefined ? 'required' : 'invalidType';

export const idSchema = z
  .string({ error: typeError })
  .regex(/^[A-Za-z0-9_-]{8,64}$/, { error: 'id.invalid' });

// A NUL cannot be stored in PostgreSQL text, and a lone UTF-16 surrogate cannot be encoded
// as UTF-8: either would be changed or refused by the database, so it is refused here, by field.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const storable = (s: string): boolean => !s.includes('\u0000') && !LONE_SURROGATE.test(s);

export const text = (max: number) =>
  z
    .string({ error: typeError })
    .trim()
    .max(max, { error: 'tooLong' })
    .refine(storable, { error: 'text.malformed' });

export const requiredText = (max: number) => text(max).min(1, { error: 'required' });

/** A person's or employer's name: normalised (validation/names.ts) before it is checked. */
export const nameText = (max: number) =>
  z.string({ error: typeError }).transform(normalizeName).pipe(text(max));

export const requiredName = (max: number) =>
  z.string({ error: typeError }).transform(normalizeName).pipe(requiredText(max));

export const fenSchema = z.number({ error: typeError }).superRefine((v, ctx) => {
  const key = fenError(v);
  if (key) ctx.addIssue({ code: 'custom', message: key });
});

/** What a wage is owed: a claim of ¥0 is no claim, so it is refused rather than stored. */
export const owedFenSchema = fenSchema.refine((v) => v > 0, { error: 'money.notPositive' });

// An emptied date input sends '': the officer should read "required", not a format lesson.
export const dateSchema = z
  .string({ error: typeError })
  .min(1, { error: 'required', abort: true })
  .refine(isRealDate, { error: 'date.invalid' });

export const instantSchema = z
  .string({ error: typeError })
  .min(1, { error: 'required', abort: true })
  .refine(isIsoInstant, { error: 'datetime.invalid' });

export const mobileSchema = z
  .string({ error: typeError })
  .transform(normalizeMobile)
  .superRefine((v, ctx) => {
    const key = mobileError(v);
    if (key) ctx.addIssue({ code: 'custom', message: key });
  });

export const phoneSchema = z
  .string({ error: typeError })
  .transform(normalizeMobile)
  .superRefine((v, ctx) => {
    const key = phoneError(v);
    if (key) ctx.addIssue({ code: 'custom', message: key });
  });

export const creditCodeSchema = z
  .string({ error: typeError })
  .transform(normalizeCreditCode)
  .superRefine((v, ctx) => {
    const key = creditCodeError(v);
    if (key) ctx.addIssue({ code: 'custom', message: key });
  });

/**
 * A resident ID's birth date must not be after "today". Schemas check against the real
 * current date in China; the server's clock is the one that decides on push.
 */
function residentId(opts: { orMask: boolean }) {
  return z
    .string({ error: typeError })
    .transform(normalizeResidentId)
    .superRefine((v, ctx) => {
      if (opts.orMask && RESIDENT_ID_MASK.test(v)) return;
      const key = residentIdError(v, chinaDate(Date.now()));
      if (key) ctx.addIssue({ code: 'custom', message: key });
    });
}

export const residentIdSchema = residentId({ orMask: false });

/** 330782********1234, as maskResidentId writes it: the only masked form accepted. */
const RESIDENT_ID_MASK = /^\d{6}\*{8}\d{3}[\dX]$/;

/**
 * An ID number in an edit: a device holds them masked and sends the mask back for "the one
 * on file". The server puts the real number back (domain/masking.ts) and the case rule
 * refuses a mask of no number on file (mutators/case.ts), so a mask is never stored.
 */
export const residentIdOrMaskSchema = residentId({ orMask: true });

export const sha256Schema = z
  .string({ error: typeError })
  .regex(/^[0-9a-f]{64}$/, { error: 'sha256.invalid' });
