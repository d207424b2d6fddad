import { z } from 'zod';
import { attachmentMetaSchema } from '../schemas/attachment';
import {
  CASE_PATCHABLE_FIELDS,
  caseEditableShape,
  caseOutcomeSchema,
  caseStatusSchema,
  patchClaimantsSchema,
} from '../schemas/case';
import { fenSchema, idSchema, instantSchema, text, typeError } from '../schemas/fields';
import { mediationInputSchema } from '../schemas/mediation';
import { TEXT_LIMITS } from '../validation/limits';
import { INSTALMENT_MUTATION_ARGS } from './instalment-mutations';
import { OFFICE_MUTATION_ARGS } from './office-mutations';

/**
 * Every change anyone makes is one of these named mutations, pushed through /api/sync/push
 * and applied by the same server code. Argument schemas live here once; client and server
 * both validate with them.
 */

export const caseCreateArgsSchema = z.strictObject({
  id: idSchema,
  ...caseEditableShape,
  needsAssistance: caseEditableShape.needsAssistance.optional(),
  /**
   * When the complaint was received. Office intake may give the date on a petition letter;
   * a device sends its clock corrected by the last known server offset. The server clamps it
   * (never in the future by its own clock), because the 1-3-7 deadlines run from it.
   */
  receivedAt: instantSchema.optional(),
});
export type CaseCreateArgs = z.infer<typeof caseCreateArgsSchema>;

const patchShape = {
  ...(Object.fromEntries(
    CASE_PATCHABLE_FIELDS.map((f) => [f, caseEditableShape[f].optional()]),
  ) as {
    [K in (typeof CASE_PATCHABLE_FIELDS)[number]]: z.ZodOptional<(typeof caseEditableShape)[K]>;
  }),
  claimants: patchClaimantsSchema.optional(),
};

export const casePatchSchema = z
  .strictObject(patchShape)
  .refine((p) => Object.keys(p).length > 0, { error: 'required' });
export type CasePatch = z.infer<typeof casePatchSchema>;

export const caseUpdateArgsSchema = z.strictObject({ id: idSchema, patch: casePatchSchema });
export type CaseUpdateArgs = z.infer<typeof caseUpdateArgsSchema>;

/** A status move; which extra fields it needs is in the status machine table (domain/). */
export const caseTransitionArgsSchema = z.strictObject({
  id: idSchema,
  to: caseStatusSchema,
  outcome: caseOutcomeSchema.optional(),
  recoveredFen: fenSchema.optional(),
  /** Why recoveredFen may exceed the total owed (interest, compensation); kept in the timeline. */
  amountOverrideReason: text(200).optional(),
  comment: text(TEXT_LIMITS.comment).optional(),
  transferTarget: z.enum(['arbitration', 'enforcement'], { error: 'notInList' }).optional(),
});
export type CaseTransitionArgs = z.infer<typeof caseTransitionArgsSchema>;

export const caseAssignArgsSchema = z.strictObject({
  id: idSchema,
  townId: z
    .string({ error: typeError })
    .min(1, { error: 'required' })
    .max(32, { error: 'tooLong' }),
  assignedOfficerId: idSchema.nullable(),
});
export type CaseAssignArgs = z.infer<typeof caseAssignArgsSchema>;

export const caseReviewArgsSchema = z
  .strictObject({
    id: idSchema,
    // undo_approve: the office takes back its approval shortly after (APPROVAL_UNDO_MS).
    decision: z.enum(['approve', 'return', 'undo_approve'], { error: 'notInList' }),
    comment: text(TEXT_LIMITS.comment).optional(),
  })
  .refine((a) => a.decision !== 'return' || (a.comment ?? '').length > 0, {
    error: 'required',
    path: ['comment'],
  });
export type CaseReviewArgs = z.infer<typeof caseReviewArgsSchema>;

export const mediationRecordArgsSchema = mediationInputSchema;
export type MediationRecordArgs = z.infer<typeof mediationRecordArgsSchema>;

export const attachmentLinkArgsSchema = attachmentMetaSchema;
export type AttachmentLinkArgs = z.infer<typeof attachmentLinkArgsSchema>;

export const MUTATION_ARGS = {
  'case.create': caseCreateArgsSchema,
  'case.update': caseUpdateArgsSchema,
  'case.transition': caseTransitionArgsSchema,
  'case.assign': caseAssignArgsSchema,
  'case.review': caseReviewArgsSchema,
  'mediation.record': mediationRecordArgsSchema,
  'attachment.link': attachmentLinkArgsSchema,
  ...OFFICE_MUTATION_ARGS,
  ...INSTALMENT_MUTATION_ARGS,
} as const;

export type MutationName = keyof typeof MUTATION_ARGS;
export const MUTATION_NAMES = Object.keys(MUTATION_ARGS) as MutationName[];
export type MutationArgs<N extends MutationName> = z.infer<(typeof MUTATION_ARGS)[N]>;

/** Mutations that change an existing row and therefore carry the version they were based on. */
export const VERSIONED_MUTATIONS: readonly MutationName[] = [
  'case.update',
  'case.transition',
  'case.assign',
  'case.review',
];

export function isMutationName(name: string): name is MutationName {
  return Object.hasOwn(MUTATION_ARGS, name);
}
