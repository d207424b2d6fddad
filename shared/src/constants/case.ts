// The case vocabulary without its zod schemas (schemas/case.ts): the officer's first screen
// shows statuses, sources and outcomes and must not download a validator to do so. Types
// from the schemas come in with `import type`, which leaves no code behind.
import type { Case } from '../schemas/case';

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
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Where the complaint came from: QR code / mini-program, 110 linkage, petition, in person. */
export const CASE_SOURCES = ['qr_form', 'hotline_110', 'petition', 'walk_in', 'on_site'] as const;
export type CaseSource = (typeof CASE_SOURCES)[number];
export const CASE_SOURCE_LABELS: Record<CaseSource, { zh: string; en: string }> = {
  qr_form: { zh: '扫码投诉', en: 'QR form' },
  hotline_110: { zh: '110 联动', en: '110 hotline' },
  petition: { zh: '信访', en: 'Petition' },
  walk_in: { zh: '来访', en: 'Walk-in' },
  on_site: { zh: '现场发现', en: 'Found on site' },
};

export const CASE_OUTCOMES = [
  'paid_in_full',
  'instalments',
  'insurance_advance',
  'transferred_arbitration',
  'transferred_enforcement',
  'withdrawn',
  'no_violation',
] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];
export const CASE_OUTCOME_LABELS: Record<CaseOutcome, { zh: string; en: string }> = {
  paid_in_full: { zh: '全额支付', en: 'Paid in full' },
  instalments: { zh: '分期支付', en: 'Instalments' },
  insurance_advance: { zh: '保险垫付', en: 'Insurance advance' },
  transferred_arbitration: { zh: '移送仲裁', en: 'Transferred to arbitration' },
  transferred_enforcement: { zh: '移送执法', en: 'Transferred to enforcement' },
  withdrawn: { zh: '撤回', en: 'Withdrawn' },
  no_violation: { zh: '未发现欠薪', en: 'No wage arrears found' },
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

/**
 * What the office must review (待审核): resolved cases (approve → closed, or return) and
 * transferred ones (confirm the transfer → closed). The review queue lists exactly these and
 * the dashboard's awaitingReview counts exactly these (docs/dashboard-figures.md).
 */
export const REVIEW_QUEUE_STATUSES = [
  'resolved',
  'transferred',
] as const satisfies readonly CaseStatus[];

/** Total owed across a case's claimants, in fen. */
export function totalOwedFen(c: Pick<Case, 'claimants'>): number {
  return c.claimants.reduce((sum, cl) => sum + cl.owedFen, 0);
}

/**
 * How long after approving a closure (通过并结案) the office may undo it: the case goes back
 * to the review queue (resolved) by an audited status-machine move, and the worker's
 * "resolved" text message waits out this window so an undone approval never told anyone.
 */
export const APPROVAL_UNDO_MS = 10 * 60_000;

/**
 * The sector of a complaint (工程建设 or not): in construction the general contractor is
 * liable for the migrant workers' wages (保障农民工工资支付条例), so such a case names the
 * project and its general contractor (schemas/case.ts `caseProjectSchema`).
 */
export const CASE_SECTORS = ['construction', 'other'] as const;
export type CaseSector = (typeof CASE_SECTORS)[number];
export const CASE_SECTOR_LABELS: Record<CaseSector, { zh: string; en: string }> = {
  construction: { zh: '工程建设', en: 'Construction' },
  other: { zh: '非工程建设', en: 'Other sectors' },
};
