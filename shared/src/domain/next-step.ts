import type { CaseStatus } from '../constants/case';
import { isAgreementFrozen } from '../constants/mediation';
import type { Role } from '../constants/user';
import type { MessageKey } from '../i18n/messages';
import type { Mediation } from '../schemas/mediation';
import { allowedTransitions, type TransitionRule } from './status-machine';

/**
 * What the case page offers, decided once from the status machine and the role, so the
 * buttons a person sees are the moves the server will accept: the case page renders this,
 * the mediation rule (mutators/mediation.ts) refuses by the same `mediationBlocked`.
 */

/** Why no mediation may be recorded on a case in this status; null when one may. */
export function mediationBlocked(status: CaseStatus): MessageKey | null {
  return status === 'closed' ? 'reject.caseClosed' : null;
}

/** Why the case's details can no longer be edited (updateCase refuses the same way). */
export function editBlocked(status: CaseStatus): MessageKey | null {
  return status === 'closed' ? 'reject.caseClosed' : null;
}

export type MediationSummary = Pick<Mediation, 'id' | 'signatures' | 'outcome' | 'supersedesId'>;

/** The agreements that still count: those no later record supersedes. */
export function currentMediations<M extends MediationSummary>(mediations: readonly M[]): M[] {
  const superseded = new Set(mediations.map((m) => m.supersedesId).filter(Boolean));
  return mediations.filter((m) => !superseded.has(m.id));
}

export type NextStep =
  /** A status move through `case.transition` (its form may ask for more). */
  | { kind: 'move'; rule: TransitionRule }
  /** Record a mediation (调解记录). */
  | { kind: 'mediate' }
  /** An agreement one party has not signed yet: collect the signatures. */
  | { kind: 'sign'; mediationId: string }
  /** Nothing for this person to do now, and why. */
  | { kind: 'wait'; reason: MessageKey };

/** The move that usually comes next from each status a field officer works in. */
const USUAL_MOVE: Partial<Record<CaseStatus, CaseStatus>> = {
  received: 'in_progress',
  assigned: 'in_progress',
  in_progress: 'mediating',
  returned: 'resolved',
  insurance_advance: 'resolved',
};

const WAIT_REASON: Partial<Record<CaseStatus, MessageKey>> = {
  resolved: 'nextStep.awaitingReview',
  transferred: 'nextStep.awaitingClose',
  closed: 'nextStep.closed',
};

/**
 * The case's next step for this person: the one primary button on the case page. An unsigned
 * agreement comes first (the parties are often still there); a signed agreement that settles
 * the case leads to resolving it; otherwise the usual move from the status, if the role may
 * make it.
 */
export function nextStep(
  role: Role,
  status: CaseStatus,
  mediations: readonly MediationSummary[] = [],
): NextStep {
  const moves = allowedTransitions(role, status, 'case.transition');
  const move = (to: CaseStatus): NextStep | null => {
    const rule = moves.find((r) => r.to === to);
    return rule ? { kind: 'move', rule } : null;
  };
  const canMediate = mediationBlocked(status) === null;
  const current = currentMediations(mediations);
  const draft = current.find((m) => !isAgreementFrozen(m));
  if (canMediate && draft) return { kind: 'sign', mediationId: draft.id };
  const settled = current.some((m) => isAgreementFrozen(m) && m.outcome !== 'failed');
  if (settled) {
    const resolve = move('resolved');
    if (resolve) return resolve;
  }
  if (status === 'mediating' && canMediate) return { kind: 'mediate' };
  const usual = USUAL_MOVE[status];
  const step = usual ? move(usual) : null;
  if (step) return step;
  return { kind: 'wait', reason: WAIT_REASON[status] ?? 'nextStep.nothingForRole' };
}
