import { z } from 'zod';
import {
  dateSchema,
  fenSchema,
  idSchema,
  instantSchema,
  requiredText,
  text,
  typeError,
} from '../schemas/fields';

/**
 * Mutations of the office and inspector workspace (issue 6). They go through the same push
 * endpoint, idempotency record and case events as the core mutations in mutations.ts, which
 * lists them in MUTATION_ARGS. Bulk assignment is several `case.assign` in one push, so it
 * has no mutation of its own.
 */

const townIdSchema = z
  .string({ error: typeError })
  .min(1, { error: 'required' })
  .max(32, { error: 'tooLong' });

/**
 * An inspector's weekly town visits (the whole plan, replaced on each save by its owner):
 * which towns on which days and the cases to look at there.
 */
export const visitPlanArgsSchema = z.strictObject({
  id: idSchema,
  /** The Monday of the planned week (China calendar day). */
  weekOf: dateSchema,
  visits: z
    .array(z.strictObject({ townId: townIdSchema, date: dateSchema }))
    .min(1, { error: 'tooFew' })
    .max(21, { error: 'tooMany' }),
  caseIds: z.array(idSchema).max(300, { error: 'tooMany' }),
  note: text(1000).optional(),
});
export type VisitPlanArgs = z.infer<typeof visitPlanArgsSchema>;

/**
 * A visit note on a case (走访记录). Append-only: stored as a case event whose id is the
 * note's client-made id, so it reaches every device in scope through the case timeline.
 */
export const visitNoteArgsSchema = z.strictObject({
  id: idSchema,
  caseId: idSchema,
  text: requiredText(2000),
  /** When the visit happened (device clock corrected by the server offset). */
  visitedAt: instantSchema.optional(),
});
export type VisitNoteArgs = z.infer<typeof visitNoteArgsSchema>;

/** The officer starts a wage-guarantee insurance advance claim (工资保障险先行垫付). */
export const insuranceStartArgsSchema = z.strictObject({
  id: idSchema,
  caseId: idSchema,
  amountFen: fenSchema,
  comment: text(2000).optional(),
});
export type InsuranceStartArgs = z.infer<typeof insuranceStartArgsSchema>;

/** The office approves a claim; the signed agreement's date sets the insurer's due date. */
export const insuranceApproveArgsSchema = z.strictObject({
  id: idSchema,
  agreementDate: dateSchema,
  comment: text(2000).optional(),
});
export type InsuranceApproveArgs = z.infer<typeof insuranceApproveArgsSchema>;

/** The insurer paid the workers: the date it paid. */
export const insurancePaidArgsSchema = z.strictObject({
  id: idSchema,
  paidDate: dateSchema,
  comment: text(2000).optional(),
});
export type InsurancePaidArgs = z.infer<typeof insurancePaidArgsSchema>;

/** Office marks two cases as about the same dispute without merging them. */
export const caseLinkArgsSchema = z
  .strictObject({ id: idSchema, otherId: idSchema, comment: text(2000).optional() })
  .refine((a) => a.id !== a.otherId, { error: 'invalid', path: ['otherId'] });
export type CaseLinkArgs = z.infer<typeof caseLinkArgsSchema>;

/**
 * Office folds a newly received duplicate (`id`) into an existing case (`intoId`): its
 * claimants join the group case and the duplicate leaves the intake queue.
 */
export const caseMergeArgsSchema = z
  .strictObject({ id: idSchema, intoId: idSchema, comment: text(2000).optional() })
  .refine((a) => a.id !== a.intoId, { error: 'invalid', path: ['intoId'] });
export type CaseMergeArgs = z.infer<typeof caseMergeArgsSchema>;

export const OFFICE_MUTATION_ARGS = {
  'visit.plan': visitPlanArgsSchema,
  'visit.note': visitNoteArgsSchema,
  'insurance.start': insuranceStartArgsSchema,
  'insurance.approve': insuranceApproveArgsSchema,
  'insurance.paid': insurancePaidArgsSchema,
  'case.link': caseLinkArgsSchema,
  'case.merge': caseMergeArgsSchema,
} as const;
