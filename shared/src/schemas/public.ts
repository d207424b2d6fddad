import { z } from 'zod';
import { MAX_WORKERS_PER_CASE } from '../domain/amounts';
import { TEXT_LIMITS } from '../validation/limits';
import { caseProjectSchema, caseSectorSchema, periodOrder } from './case';
import {
  creditCodeSchema,
  dateSchema,
  mobileSchema,
  owedFenSchema,
  requiredName,
  requiredText,
  sha256Schema,
  text,
  typeError,
} from './fields';
import { unitIdSchema } from './unit';

/**
 * 码上办事: the worker's public channel (no account). The request bodies of
 * /api/public/* (docs/api.md), validated by the server and by the public pages with the
 * same schemas, so a field's message is the same on both sides. A web form sends an
 * emptied optional field as '': that reads as "not given", never as a format error.
 */

export const OTP_PURPOSES = ['complaint', 'lookup'] as const;
export type OtpPurpose = (typeof OTP_PURPOSES)[number];

/** Six digits, valid for this long, at most this many tries. */
export const OTP_LENGTH = 6;
export const OTP_TTL_MS = 5 * 60_000;
export const OTP_MAX_TRIES = 5;

/** Code requests per hour: per mobile and per client address. */
export const OTP_LIMITS = {
  perMobile: { max: 5, windowMs: 3600_000 },
  perAddress: { max: 20, windowMs: 3600_000 },
} as const;

/** Evidence photos: per complaint, bytes each, uploads per address and hour, usable for. */
export const PUBLIC_PHOTO_LIMITS = {
  perComplaint: 6,
  maxBytes: 2 * 1024 * 1024,
  perAddress: { max: 30, windowMs: 3600_000 },
  usableMs: 60 * 60_000,
} as const;
export const PUBLIC_PHOTO_MIME_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);
const optionalField = <S extends z.ZodType>(schema: S) =>
  z.preprocess(blankToUndefined, schema.optional());

export const otpCodeSchema = z
  .string({ error: typeError })
  .trim()
  .regex(/^\d{6}$/, { error: 'public.otpFormat' });

/** YW-2026-000123 as printed on the receipt; lower case and spaces are forgiven. */
export const publicCaseNoSchema = z
  .string({ error: typeError })
  .transform((s) => s.replace(/\s+/g, '').toUpperCase())
  .pipe(z.string().regex(/^YW-\d{4}-\d{6}$/, { error: 'public.caseNoFormat' }));

export const publicOtpRequestSchema = z.strictObject({
  mobile: mobileSchema,
  purpose: z.enum(OTP_PURPOSES, { error: 'notInList' }),
});
export type PublicOtpRequest = z.infer<typeof publicOtpRequestSchema>;

export const publicEmployerSchema = z.strictObject({
  name: requiredName(TEXT_LIMITS.employerName),
  address: optionalField(text(TEXT_LIMITS.address)),
  creditCode: optionalField(creditCodeSchema),
});

/** A project sent with a non-construction complaint is not what the form asks: dropped. */
function dropProjectUnlessConstruction(v: unknown): unknown {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
  const o = v as Record<string, unknown>;
  if (o.sector === 'construction' || !('project' in o)) return v;
  const { project: _dropped, ...rest } = o;
  return rest;
}

const complaintObject = z
  .strictObject({
    name: requiredName(TEXT_LIMITS.personName),
    mobile: mobileSchema,
    otp: otpCodeSchema,
    /** Absent, null or '' means "不清楚": the office decides the unit. */
    unitId: z.preprocess(blankToUndefined, unitIdSchema.optional()),
    employer: publicEmployerSchema,
    owedFen: owedFenSchema,
    workersCount: z
      .number({ error: typeError })
      .int({ error: 'invalid' })
      .min(1, { error: 'tooSmall' })
      .max(MAX_WORKERS_PER_CASE, { error: 'tooLarge' }),
    periodFrom: optionalField(dateSchema),
    periodTo: optionalField(dateSchema),
    sector: caseSectorSchema,
    project: optionalField(caseProjectSchema),
    description: requiredText(TEXT_LIMITS.description),
    photos: optionalField(
      z.array(sha256Schema).max(PUBLIC_PHOTO_LIMITS.perComplaint, { error: 'tooMany' }),
    ),
  })
  // Judged even while other fields are wrong (`when`), so the form shows every problem at once.
  .refine((v) => v.sector !== 'construction' || v.project !== undefined, {
    error: 'public.projectRequired',
    path: ['project'],
    when: (payload) => {
      const v = payload.value as { sector?: unknown; project?: unknown } | undefined;
      return (
        v?.sector === 'construction' &&
        (v.project === undefined || v.project === '' || v.project === null)
      );
    },
  })
  .refine(...periodOrder);
export const publicComplaintSchema = z.preprocess(dropProjectUnlessConstruction, complaintObject);
export type PublicComplaint = z.output<typeof complaintObject>;

export const publicLookupSchema = z.strictObject({
  caseNo: publicCaseNoSchema,
  mobile: mobileSchema,
  otp: otpCodeSchema,
});
export type PublicLookupRequest = z.infer<typeof publicLookupSchema>;

export const PUBLIC_RATINGS = ['satisfied', 'mostly', 'unsatisfied'] as const;
export type PublicRating = (typeof PUBLIC_RATINGS)[number];
export const PUBLIC_RATING_LABELS: Record<PublicRating, { zh: string; en: string }> = {
  satisfied: { zh: '满意', en: 'Satisfied' },
  mostly: { zh: '基本满意', en: 'Mostly satisfied' },
  unsatisfied: { zh: '不满意', en: 'Unsatisfied' },
};

export const publicRatingSchema = z.strictObject({
  caseNo: publicCaseNoSchema,
  mobile: mobileSchema,
  otp: otpCodeSchema,
  rating: z.enum(PUBLIC_RATINGS, { error: 'notInList' }),
  comment: optionalField(text(500)),
});
export type PublicRatingRequest = z.infer<typeof publicRatingSchema>;

/** POST /api/public/complaints → 201. */
export interface PublicComplaintAnswer {
  caseNo: string;
  receivedAt: string;
}

/** POST /api/public/photos → 201 (or 200 when these bytes were uploaded before). */
export interface PublicPhotoAnswer {
  sha256: string;
  size: number;
}

/** GET /api/public/units: the active units a worker may choose from. */
export interface PublicUnit {
  id: string;
  name: string;
}

/**
 * The stages a worker sees, in plain words: 受理 → 已派发到 XX → 处理中 → 已化解 / 已转仲裁 /
 * 保险垫付. 已化解 only once the office approved the closure (an officer's resolution the
 * office may still send back is 处理中 to the worker, as the text messages say).
 */
export const PUBLIC_STAGES = [
  'received',
  'dispatched',
  'in_progress',
  'resolved',
  'arbitration',
  'insurance',
  'closed',
] as const;
export type PublicStage = (typeof PUBLIC_STAGES)[number];

export const PUBLIC_STAGE_LABELS: Record<PublicStage, { zh: string; en: string }> = {
  received: { zh: '已受理', en: 'Received' },
  dispatched: { zh: '已派发', en: 'Dispatched' },
  in_progress: { zh: '处理中', en: 'In progress' },
  resolved: { zh: '已化解', en: 'Resolved' },
  arbitration: { zh: '已转仲裁', en: 'Transferred to arbitration' },
  insurance: { zh: '保险垫付', en: 'Insurance advance' },
  closed: { zh: '已办结', en: 'Closed' },
};

/**
 * POST /api/public/lookup → 200. Only the case's own progress: no officer, no other worker,
 * no amounts or employer details beyond what the worker filed.
 */
export interface PublicLookupAnswer {
  caseNo: string;
  /** Where the case is now. */
  stage: PublicStage;
  /** The unit it was dispatched to (its name), once dispatched. */
  unitName: string | null;
  /** Each stage passed, in order, with when (ISO instant, server time). */
  steps: Array<{ stage: PublicStage; at: string }>;
  /** The 1-3-7 promise, counted from receipt: first action, warning, resolved by. */
  promise: { receivedAt: string; firstActionBy: string; resolveBy: string };
  /** An approved insurance advance: the insurer's due date (YYYY-MM-DD). */
  insuranceDueDate: string | null;
  /** The case is closed and not yet rated: the rating may be given now. */
  canRate: boolean;
  rated: boolean;
  serverTime: string;
}
