import { z } from 'zod';
import { CASE_OUTCOMES, CASE_SECTORS, CASE_SOURCES, CASE_STATUSES } from '../constants/case';
import { MAX_WORKERS_PER_CASE } from '../domain/amounts';
import { isRealDate } from '../validation/dates';
import { TEXT_LIMITS } from '../validation/limits';
import {
  creditCodeSchema,
  dateSchema,
  fenSchema,
  idSchema,
  instantSchema,
  mobileSchema,
  nameText,
  owedFenSchema,
  phoneSchema,
  requiredName,
  requiredText,
  residentIdOrMaskSchema,
  residentIdSchema,
  text,
  typeError,
} from './fields';

// The vocabulary lives apart so a screen can show a status without loading zod; it is
// re-exported here so `schemas/case` still offers everything about a case.
export {
  CASE_OUTCOME_LABELS,
  CASE_OUTCOMES,
  CASE_PATCHABLE_FIELDS,
  CASE_SOURCE_LABELS,
  CASE_SOURCES,
  CASE_STATUSES,
  type CaseOutcome,
  type CasePatchableField,
  type CaseSource,
  type CaseStatus,
  totalOwedFen,
} from '../constants/case';

export const caseStatusSchema = z.enum(CASE_STATUSES, { error: 'notInList' });
export const caseSourceSchema = z.enum(CASE_SOURCES, { error: 'notInList' });
export const caseOutcomeSchema = z.enum(CASE_OUTCOMES, { error: 'notInList' });

export const employerSchema = z.strictObject({
  name: requiredName(TEXT_LIMITS.employerName),
  creditCode: creditCodeSchema.optional(),
  contactName: nameText(TEXT_LIMITS.personName).optional(),
  contactPhone: phoneSchema.optional(),
  address: text(TEXT_LIMITS.address).optional(),
});
export type Employer = z.infer<typeof employerSchema>;

/**
 * A wage period runs forwards: `periodTo` is refused when it is before `periodFrom`. Judged as
 * soon as both dates are real, not only once the rest of the object is valid, so a form shows
 * it while the amount is still being typed. For `.refine(...periodOrder)`.
 */
export const periodOrder: [
  check: (v: { periodFrom?: string | undefined; periodTo?: string | undefined }) => boolean,
  params: { error: string; path: PropertyKey[]; when: (payload: { value: unknown }) => boolean },
] = [
  (v) => !v.periodFrom || !v.periodTo || v.periodFrom <= v.periodTo,
  {
    error: 'period.order',
    path: ['periodTo'],
    when: (payload: { value: unknown }) => {
      const v = payload.value as { periodFrom?: unknown; periodTo?: unknown } | undefined;
      return (
        typeof v?.periodFrom === 'string' &&
        typeof v.periodTo === 'string' &&
        isRealDate(v.periodFrom) &&
        isRealDate(v.periodTo)
      );
    },
  },
];

function claimantObject<Id extends z.ZodType<string, string>>(idNumber: Id) {
  return z
    .strictObject({
      name: requiredName(TEXT_LIMITS.personName),
      mobile: mobileSchema,
      idNumber: idNumber.optional(),
      homeProvince: text(TEXT_LIMITS.homeProvince).optional(),
      owedFen: owedFenSchema,
      periodFrom: dateSchema.optional(),
      periodTo: dateSchema.optional(),
    })
    .refine(...periodOrder);
}

export const claimantSchema = claimantObject(residentIdSchema);
export type Claimant = z.infer<typeof claimantSchema>;

const claimantListBounds = <S extends z.ZodType>(item: S) =>
  z.array(item).min(1, { error: 'tooFew' }).max(500, { error: 'tooMany' });

/** The claimants of an edit: ID numbers may come back masked (see residentIdOrMaskSchema). */
export const patchClaimantsSchema = claimantListBounds(claimantObject(residentIdOrMaskSchema));

/** Fields an officer or office may edit with `case.update` (status moves go through the machine). */
export const caseEditableShape = {
  townId: z
    .string({ error: typeError })
    .min(1, { error: 'required' })
    .max(32, { error: 'tooLong' }),
  source: caseSourceSchema,
  employer: employerSchema,
  claimants: claimantListBounds(claimantSchema),
  workersCount: z
    .number({ error: typeError })
    .int({ error: 'invalid' })
    .min(1, { error: 'tooSmall' })
    .max(MAX_WORKERS_PER_CASE, { error: 'tooLarge' }),
  description: text(TEXT_LIMITS.description),
  needsAssistance: z.boolean({ error: typeError }),
};

/**
 * The sector of a complaint (工程建设 or not): in construction the general contractor is
 * liable for the migrant workers' wages (保障农民工工资支付条例), so such a case names the
 * project and its general contractor. Absent on cases from before the public channel.
 */
export const caseSectorSchema = z.enum(CASE_SECTORS, { error: 'notInList' });

export const caseProjectSchema = z.strictObject({
  name: requiredText(TEXT_LIMITS.employerName),
  generalContractor: requiredName(TEXT_LIMITS.employerName),
});
export type CaseProject = z.infer<typeof caseProjectSchema>;

export const caseSchema = z.object({
  id: idSchema,
  caseNo: z.string().nullable(),
  version: z.number().int().min(1),
  ...caseEditableShape,
  status: caseStatusSchema,
  assignedOfficerId: z.string().nullable(),
  receivedAt: instantSchema,
  firstActionAt: instantSchema.nullable(),
  resolvedAt: instantSchema.nullable(),
  closedAt: instantSchema.nullable(),
  outcome: caseOutcomeSchema.nullable(),
  recoveredFen: fenSchema,
  reviewComment: z.string().nullable(),
  /** Set by the public channel (码上办事); absent on older cases and devices. */
  sector: caseSectorSchema.nullable().optional(),
  /** A construction case's project and general contractor. */
  project: caseProjectSchema.nullable().optional(),
  createdBy: z.string(),
  createdAt: instantSchema,
  updatedAt: instantSchema,
});
export type Case = z.infer<typeof caseSchema>;
