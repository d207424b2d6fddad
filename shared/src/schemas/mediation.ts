import { z } from 'zod';
import { MEDIATION_OUTCOMES } from '../constants/mediation';
import {
  dateSchema,
  fenSchema,
  idSchema,
  instantSchema,
  phoneSchema,
  requiredName,
  requiredText,
  residentIdSchema,
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
 * A party as the agreement names them (当事人): the ID number and phone entered or checked
 * against the card at the mediation. They are kept in full only here, because the printed
 * agreement must identify the parties; the case itself holds the masked ID numbers.
 */
export const mediationPartySchema = z.strictObject({
  role: z.enum(['worker', 'employer'], { error: 'notInList' }),
  name: requiredName(60),
  idNumber: residentIdSchema.optional(),
  phone: phoneSchema.optional(),
});
export type MediationParty = z.infer<typeof mediationPartySchema>;

/**
 * A mediation record (调解记录). Until both parties have signed it is a draft: recording it
 * again under the same id replaces it (signatures added later). Signed by both it is frozen;
 * a change is then a new record naming the one it `supersedes`.
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
  /** Absent on records made before parties were confirmed at the mediation. */
  parties: z.array(mediationPartySchema).max(50, { error: 'tooMany' }).optional(),
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
  /**
   * 协议编号: the case number and the record's place among the case's records
   * (YW-2026-000301-1). Only the server knows the case number, so it gives it on storing;
   * absent on a device until then.
   */
  agreementNo: z.string().optional(),
});
export type Mediation = z.infer<typeof mediationSchema>;
