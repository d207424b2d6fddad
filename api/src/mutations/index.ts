import type { MutationName } from '@anxin/shared';
import { attachmentLink } from './attachment-link';
import { caseAssign } from './case-assign';
import { caseCreate } from './case-create';
import { caseLink, caseMerge } from './case-link';
import { caseReview } from './case-review';
import { caseTransition } from './case-transition';
import { caseUpdate } from './case-update';
import { instalmentRecord } from './instalment-record';
import { insuranceApprove, insurancePaid, insuranceStart } from './insurance-claim';
import { mediationRecord } from './mediation-record';
import type { MutationHandler } from './types';
import { visitNote } from './visit-note';
import { visitPlan } from './visit-plan';

/** The core mutations of issue 3; every one of them must have a handler here. */
export type CoreMutationName =
  | 'case.create'
  | 'case.update'
  | 'case.transition'
  | 'case.assign'
  | 'case.review'
  | 'mediation.record'
  | 'attachment.link';

type HandlerRegistry = { [N in CoreMutationName]: MutationHandler<N> } & {
  [N in Exclude<MutationName, CoreMutationName>]?: MutationHandler<N>;
};

/**
 * The server's mutation handlers, one per mutation name in shared/protocol/*mutations.ts.
 * Further workspaces add theirs here (one entry per name). A name the shared contract knows
 * but no handler serves yet is rejected like an unknown name, never half-applied.
 */
export const MUTATION_HANDLERS: HandlerRegistry = {
  'case.create': caseCreate,
  'case.update': caseUpdate,
  'case.transition': caseTransition,
  'case.assign': caseAssign,
  'case.review': caseReview,
  'mediation.record': mediationRecord,
  'attachment.link': attachmentLink,
  // Office and inspector workspace (issue 6).
  'visit.plan': visitPlan,
  'visit.note': visitNote,
  'insurance.start': insuranceStart,
  'insurance.approve': insuranceApprove,
  'insurance.paid': insurancePaid,
  'case.link': caseLink,
  'case.merge': caseMerge,
  // Instalments after an agreement (issue 15).
  'instalment.record': instalmentRecord,
};

export function handlerFor(name: MutationName): MutationHandler | undefined {
  return MUTATION_HANDLERS[name] as MutationHandler | undefined;
}

/** Which case a mutation is about, read from its raw args (before validation). */
export function targetCaseId(name: MutationName, raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as Record<string, unknown>;
  // Mutations of a case name it `id`; records under a case (mediations, attachments, notes…) `caseId`.
  const v = name.startsWith('case.') ? r.id : (r.caseId ?? r.id);
  return typeof v === 'string' ? v : null;
}
