import { z } from 'zod';
import { MAX_WORKERS_PER_CASE } from '../domain/amounts';
import {
  creditCodeSchema,
  dateSchema,
  fenSchema,
  idSchema,
  instantSchema,
  mobileSchema,
  nameText,
  phoneSchema,
  requiredName,
  residentIdSchema,
  text,
  typeError,
} from './fields';

export const CASE_STATUSES = [
  'received',
  'assigned',
  'in_progress',
  'mediating',
  'resolved',
  'closed',
  'transferred',
  'insurance_advance',
  'returned',
] as const;
export const caseStatusSchema = z.enum(CASE_STATUSES, { error: 'notInList' });
export type CaseStatus = z.infer<typeof caseStatusSchema>;

/** Where the complaint came from: QR code / mini-program, 110 linkage, petition, in person. */
export const CASE_SOURCES = ['qr_form', 'hotline_110', 'petition', 'walk_in', 'on_site'] as const;
export const CASE_SOURCE_LABELS: Record<CaseSourceName, { zh: string; en: string }> = {
  qr_form: { zh: '扫码投诉', en: 'QR form' },
  hotline_110: { zh: '110 联动', en: '110 hotline' },
  petition: { zh: '信访', en: 'Petition' },
  walk_in: { zh: '来访', en: 'Walk-in' },
  on_site: { zh: '现场发现', en: 'Found on site' },
};
type CaseSourceName = (typeof CASE_SOURCES)[number];
export const caseSourceSchema = z.enum(CASE_SOURCES, { error: 'notInList' });
export type CaseSource = z.infer<typeof caseSourceSchema>;

export const CASE_OUTCOMES = [
  'paid_in_full',
  'instalments',
  'insurance_advance',
  'transferred_arbitration',
  'transferred_enforcement',
  'withdrawn',
  'no_violation',
] as const;
export const CASE_OUTCOME_LABELS: Record<CaseOutcomeName, { zh: string; en: string }> = {
  paid_in_full: { zh: '全额支付', en: 'Paid in full' },
  instalments: { zh: '分期支付', en: 'Instalments' },
  insurance_advance: { zh: '保险垫付', en: 'Insurance advance' },
  transferred_arbitration: { zh: '移送仲裁', en: 'Transferred to arbitration' },
  transferred_enforcement: { zh: '移送执法', en: 'Transferred to enforcement' },
  withdrawn: { zh: '撤回', en: 'Withdrawn' },
  no_violation: { zh: '未发现欠薪', en: 'No wage arrears found' },
};
type CaseOutcomeName = (typeof CASE_OUTCOMES)[number];
export const caseOutcomeSchema = z.enum(CASE_OUTCOMES, { error: 'notInList' });
export type CaseOutcome = z.infer<typeof caseOutcomeSchema>;

export const employerSchema = z.strictObject({
  name: requiredName(100),
  creditCode: creditCodeSchema.optional(),
  contactName: nameText(40).optional(),
  contactPhone: phoneSchema.optional(),
  address: text(200).optional(),
});
export type Employer = z.infer<typeof employerSchema>;

export const claimantSchema = z
  .strictObject({
    name: requiredName(40),
    mobile: mobileSchema,
    idNumber: residentIdSchema.optional(),
    homeProvince: text(20).optional(),
    owedFen: fenSchema,
    periodFrom: dateSchema.optional(),
    periodTo: dateSchema.optional(),
  })
  .refine((c) => !c.periodFrom || !c.periodTo || c.periodFrom <= c.periodTo, {
    error: 'period.order',
    path: ['periodTo'],
  });
export type Claimant = z.infer<typeof claimantSchema>;

/** Fields an officer or office may edit with `case.update` (status moves go through the machine). */
export const caseEditableShape = {
  townId: z
    .string({ error: typeError })
    .min(1, { error: 'required' })
    .max(32, { error: 'tooLong' }),
  source: caseSourceSchema,
  employer: employerSchema,
  claimants: z.array(claimantSchema).min(1, { error: 'tooFew' }).max(500, { error: 'tooMany' }),
  workersCount: z
    .number({ error: typeError })
    .int({ error: 'invalid' })
    .min(1, { error: 'tooSmall' })
    .max(MAX_WORKERS_PER_CASE, { error: 'tooLarge' }),
  description: text(4000),
  needsAssistance: z.boolean({ error: typeError }),
};

/** Fields `case.update` may change. townId moves are `case.assign`, so they are left out here. */
export const CASE_PATCHABLE_FIELDS = [
  'source',
  'employer',
  'claimants',
  'workersCount',
  'description',
  'needsAssistance',
] as const;
export type CasePatchableField = (typeof CASE_PATCHABLE_FIELDS)[number];

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
  createdBy: z.string(),
  createdAt: instantSchema,
  updatedAt: instantSchema,
});
export type Case = z.infer<typeof caseSchema>;

/** Total owed across a case's claimants, in fen. */
export function totalOwedFen(c: Pick<Case, 'claimants'>): number {
  return c.claimants.reduce((sum, cl) => sum + cl.owedFen, 0);
}
