import { z } from 'zod';
import { MEDIATION_OUTCOMES } from '../constants/mediation';
import {
  dateSchema,
  fenSchema,
  idSchema,
  instantSchema,
  requiredName,
  requiredText,
  sha256Schema,
  text,
} from './fields';

// Re-exported so `schemas/mediation` still offers everything about a mediation.
export {
  isAgreementFrozen,
  MEDIATION_OUTCOMES,
  SIGNER_ROLES,
  type SignerRole,
} from '../constants/mediation';

export const attendeeSchema = z.strictObject({
  name: requiredName(40),
  role: z.enum(['worker', 'employer', 'officer', 'inspector', 'witness', 'other'], {
    error: 'notInList',
  }),
});

export const instalmentSchema = z.strictObject({
  dueDate: dateSchema,
  amountFen: fenSchema,
});

/**
 * A mediation record (调解记录). Append-only from the field: a device never overwrites one.
 * A signed agreement is frozen; a change is a new record naming the one it `supersedes`.
 */
export const mediationFieldsShape = {
  id: idSchema,
  caseId: idSchema,
  supersedesId: idSchema.optional(),
  heldAt: instantSchema,
  place: requiredText(200),
  attendees: z.array(attendeeSchema).min(1, { error: 'tooFew' }).max(50, { error: 'tooMany' }),
  facts: text(4000),
  terms: text(4000),
  amountAgreedFen: fenSchema,
  /** Why the agreed amount may exceed the total owed (interest, compensation). */
  amountOverrideReason: text(200).optional(),
  amountPaidOnSiteFen: fenSchema,
  instalments: z.array(instalmentSchema).max(60, { error: 'tooMany' }),
  outcome: z.enum(MEDIATION_OUTCOMES, { error: 'notInList' }),
  /** Content hashes of the signature images, by signer. */
  signatures: z.strictObject({
    worker: sha256Schema.optional(),
    employer: sha256Schema.optional(),
    officer: sha256Schema.optional(),
  }),
  photoHashes: z.array(sha256Schema).max(30, { error: 'tooMany' }),
};

function checkAmounts(
  m: {
    amountAgreedFen: number;
    amountPaidOnSiteFen: number;
    instalments: { dueDate: string; amountFen: number }[];
  },
  ctx: z.RefinementCtx,
): void {
  if (m.amountPaidOnSiteFen > m.amountAgreedFen) {
    ctx.addIssue({
      code: 'custom',
      message: 'mediation.paidOverAgreed',
      path: ['amountPaidOnSiteFen'],
    });
  }
  if (m.instalments.length > 0) {
    const sum = m.instalments.reduce((s, i) => s + i.amountFen, 0);
    if (sum !== m.amountAgreedFen - m.amountPaidOnSiteFen) {
      ctx.addIssue({ code: 'custom', message: 'instalments.sum', path: ['instalments'] });
    }
    for (let i = 1; i < m.instalments.length; i++) {
      if (m.instalments[i]!.dueDate <= m.instalments[i - 1]!.dueDate) {
        ctx.addIssue({
          code: 'custom',
          message: 'instalments.order',
          path: ['instalments', i, 'dueDate'],
        });
        break;
      }
    }
  }
}

/** What `mediation.record` carries. */
export const mediationInputSchema = z.strictObject(mediationFieldsShape).superRefine(checkAmounts);
export type MediationInput = z.infer<typeof mediationInputSchema>;

/** A mediation as stored and pulled. */
export const mediationSchema = z.object({
  ...mediationFieldsShape,
  version: z.number().int().min(1),
  recordedBy: z.string(),
  recordedAt: instantSchema,
});
export type Mediation = z.infer<typeof mediationSchema>;
