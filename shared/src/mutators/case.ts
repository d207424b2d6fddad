import {
  APPROVAL_UNDO_MS,
  CASE_PATCHABLE_FIELDS,
  type CaseOutcome,
  totalOwedFen,
} from '../constants/case';
import { seesAllTowns } from '../constants/user';
import { futureWagePeriodPaths } from '../domain/action-time';
import { amountOverOwedProblem } from '../domain/amounts';
import {
  checkTransition,
  REVIEW_TARGETS,
  type TransitionCheck,
  type TransitionRule,
  timestampsClearedByMove,
  timestampsForMove,
} from '../domain/status-machine';
import type { MessageKey } from '../i18n/messages';
import type {
  CaseAssignArgs,
  CaseCreateArgs,
  CaseReviewArgs,
  CaseTransitionArgs,
  CaseUpdateArgs,
} from '../protocol/mutations';
import type { Case } from '../schemas/case';
import { chinaDate } from '../validation/dates';
import { maskResidentId } from '../validation/resident-id';
import {
  accepted,
  invalidFields,
  type MutatorActor,
  type MutatorResult,
  type Refusal,
  refused,
} from './types';

/**
 * What each case mutation does to a case: ONE pure function per mutation, run by the device
 * optimistically (its view = the server copy + its pending mutations replayed through these)
 * and by the server authoritatively (api/src/mutations/case-*.ts wrap them and add only what
 * the server alone knows: case number, versions, field versions, feed, events, SMS, and
 * checks that need its tables). `at` is when the change happens: the server's clock there,
 * the device's corrected clock here until the server's copy replaces it.
 */

/** A new case. An officer's own case starts in progress, assigned to them, first action at
 * receipt (they are already acting on it); office and inspector intake waits in received. */
export function createCase(
  row: Case | null,
  args: CaseCreateArgs,
  actor: MutatorActor,
  at: string,
): MutatorResult<Case> {
  if (row) return refused({ code: 'conflict', key: 'reject.caseIdTaken' });
  const problems = claimantProblems(args, args.claimants, 'claimants', 'workersCount', at);
  if (Object.keys(problems).length > 0) return invalidFields(problems);
  const officer = actor.role === 'officer';
  const receivedAt = args.receivedAt ?? at;
  return accepted({
    id: args.id,
    // The server numbers it (a per-year counter only it holds) and versions it.
    caseNo: null,
    version: 0,
    townId: args.townId,
    status: officer ? 'in_progress' : 'received',
    source: args.source,
    employer: args.employer,
    claimants: args.claimants,
    workersCount: args.workersCount,
    description: args.description,
    needsAssistance: args.needsAssistance ?? false,
    assignedOfficerId: officer ? actor.id : null,
    receivedAt,
    firstActionAt: officer ? receivedAt : null,
    resolvedAt: null,
    closedAt: null,
    outcome: null,
    recoveredFen: 0,
    reviewComment: null,
    createdBy: actor.id,
    createdAt: at,
    updatedAt: at,
  });
}

/** Edits of case fields. Which edits conflict with the server's is decided by the server
 * (it alone has the field versions); this is what an accepted patch does. */
export function updateCase(
  row: Case | null,
  args: CaseUpdateArgs,
  _actor: MutatorActor,
  at: string,
): MutatorResult<Case> {
  if (!row) return refused({ code: 'rejected', key: 'reject.caseNotFound' });
  if (row.status === 'closed') return refused({ code: 'rejected', key: 'reject.caseClosed' });
  const next: Case = { ...row, updatedAt: at };
  for (const f of CASE_PATCHABLE_FIELDS) {
    if (args.patch[f] !== undefined) Object.assign(next, { [f]: args.patch[f] });
  }
  const problems = {
    ...claimantProblems(
      next,
      args.patch.claimants ?? [],
      'patch.claimants',
      'patch.workersCount',
      at,
    ),
    ...unknownMasks(args.patch.claimants ?? [], row.claimants, 'patch.claimants'),
  };
  if (Object.keys(problems).length > 0) return invalidFields(problems);
  return accepted(next);
}

/**
 * A field move (start, mediate, resolve, transfer, insurance advance…), judged by the status
 * machine against the status the case is in NOW: on the server that is its current copy, not
 * the one the device saw, so a move still allowed from where the case has gone applies.
 */
export function transitionCase(
  row: Case | null,
  args: CaseTransitionArgs,
  actor: MutatorActor,
  at: string,
): MutatorResult<Case> {
  if (!row) return refused({ code: 'rejected', key: 'reject.caseNotFound' });
  const check = checkTransition(actor.role, row.status, args, 'case.transition');
  if (!check.ok) return refusedMove(check);
  const { rule } = check;
  const set: MoveSet = {};
  if (rule.requires.includes('outcome') && args.outcome !== undefined) set.outcome = args.outcome;
  if (rule.requires.includes('recoveredFen') && args.recoveredFen !== undefined) {
    const problem = amountOverOwedProblem(
      args.recoveredFen,
      totalOwedFen(row),
      args.amountOverrideReason,
    );
    if (problem) return invalidFields({ recoveredFen: problem });
    set.recoveredFen = args.recoveredFen;
  }
  if (rule.to === 'transferred' && args.transferTarget !== undefined) {
    set.outcome = outcomeForTransfer(args.transferTarget);
  }
  if (rule.to === 'insurance_advance') set.outcome = 'insurance_advance';
  // The officer who picks up an unassigned case becomes its officer.
  if (row.assignedOfficerId === null && actor.role === 'officer') set.assignedOfficerId = actor.id;
  return accepted(moveCase(row, rule, set, at));
}

/**
 * Office triage: a case to a unit and (optionally) an officer. A received case moves to
 * assigned through the status machine; an assigned one keeps its status and changes hands.
 * Whether the unit takes cases and the officer works there is the server's to check (its
 * user and unit tables), after this rule.
 */
export function assignCase(
  row: Case | null,
  args: CaseAssignArgs,
  actor: MutatorActor,
  at: string,
): MutatorResult<Case> {
  if (!row) return refused({ code: 'rejected', key: 'reject.caseNotFound' });
  if (!seesAllTowns(actor.role))
    return refused({ code: 'forbidden', key: 'reject.roleNotAllowed' });
  if (row.status === 'closed') return refused({ code: 'rejected', key: 'reject.caseClosed' });
  const set: MoveSet = { townId: args.townId, assignedOfficerId: args.assignedOfficerId };
  if (row.status !== 'received') return accepted(moveCase(row, null, set, at));
  const check = checkTransition(actor.role, row.status, { to: 'assigned' }, 'case.assign');
  if (!check.ok) return refusedMove(check);
  return accepted(moveCase(row, check.rule, set, at));
}

/** The office's decision on a resolved (or transferred) case: approve → closed, return →
 * returned, with the comment the officer sees on the case; and, shortly after approving,
 * taking the approval back (undo_approve → resolved, waiting for review again). */
export function reviewCase(
  row: Case | null,
  args: CaseReviewArgs,
  actor: MutatorActor,
  at: string,
): MutatorResult<Case> {
  if (!row) return refused({ code: 'rejected', key: 'reject.caseNotFound' });
  const to = REVIEW_TARGETS[args.decision];
  const moveArgs = args.comment === undefined ? { to } : { to, comment: args.comment };
  const check = checkTransition(actor.role, row.status, moveArgs, 'case.review');
  if (!check.ok) return refusedMove(check);
  if (args.decision === 'undo_approve') {
    const problem = approvalUndoProblem(row, at);
    if (problem) return refused({ code: 'rejected', key: problem });
  }
  return accepted(moveCase(row, check.rule, { reviewComment: args.comment ?? null }, at));
}

/**
 * Why a closed case's approval cannot be undone at `at`, or null when it can. Only a
 * closure by approval is undone: a duplicate merged away closes with no outcome and a
 * confirmed transfer with a transfer outcome — both stand as the office decided them and are
 * corrected, if ever, by other means. The window runs from closedAt by the clock of whoever
 * judges (on the server, its own), never from when the device sent the undo.
 */
export function approvalUndoProblem(
  row: Pick<Case, 'status' | 'closedAt' | 'outcome'>,
  at: string,
): 'reject.undoNotApproval' | 'reject.undoWindowPassed' | null {
  if (row.status !== 'closed' || row.closedAt === null) return 'reject.undoNotApproval';
  if (row.outcome === null || row.outcome.startsWith('transferred_')) {
    return 'reject.undoNotApproval';
  }
  return Date.parse(at) - Date.parse(row.closedAt) > APPROVAL_UNDO_MS
    ? 'reject.undoWindowPassed'
    : null;
}

type MoveSet = Partial<
  Pick<Case, 'outcome' | 'recoveredFen' | 'reviewComment' | 'assignedOfficerId' | 'townId'>
>;

/**
 * The case after a move: the new status and what the move sets, the timestamps the rule
 * stamps — each move stamps its own anew, except the first action, which happens once —
 * and the ones it clears (a returned case is no longer resolved).
 */
function moveCase(row: Case, rule: TransitionRule | null, set: MoveSet, at: string): Case {
  const next: Case = { ...row, ...set, updatedAt: at };
  if (!rule) return next;
  next.status = rule.to;
  for (const stamp of timestampsForMove(rule)) {
    if (stamp === 'firstActionAt' && next.firstActionAt !== null) continue;
    next[stamp] = at;
  }
  for (const cleared of timestampsClearedByMove(rule)) next[cleared] = null;
  return next;
}

export function outcomeForTransfer(target: 'arbitration' | 'enforcement'): CaseOutcome {
  return target === 'arbitration' ? 'transferred_arbitration' : 'transferred_enforcement';
}

/** A move the status machine refused, as a refusal (also used by the server's case.merge). */
export function moveRefusal(check: Extract<TransitionCheck, { ok: false }>): Refusal {
  return {
    code: check.code === 'transition.missing' ? 'invalid' : 'rejected',
    key: check.code,
    ...(check.fields ? { fields: check.fields } : {}),
  };
}

function refusedMove(check: Extract<TransitionCheck, { ok: false }>): MutatorResult<Case> {
  return refused(moveRefusal(check));
}

/**
 * A device holds ID numbers masked and sends them back so: a mask stands for the number on
 * file it masks. The server puts the real number back before the rule runs
 * (domain/masking.ts), so a mask left over there is one of no number on file.
 */
function unknownMasks(
  sent: Case['claimants'],
  onFile: Case['claimants'],
  path: string,
): Record<string, MessageKey> {
  const problems: Record<string, MessageKey> = {};
  sent.forEach((c, i) => {
    const value = c.idNumber;
    if (value === undefined || !value.includes('*')) return;
    const known = onFile.some(
      (f) => f.idNumber !== undefined && maskResidentId(f.idNumber) === value,
    );
    if (!known) problems[`${path}.${i}.idNumber`] = 'claimant.maskUnknown';
  });
  return problems;
}

/** Wage periods in the future (China calendar day of `at`) and fewer workers than
 * claimants: what no case may say, whoever writes it. */
function claimantProblems(
  c: Pick<Case, 'claimants' | 'workersCount'>,
  changedClaimants: Case['claimants'],
  claimantsPath: string,
  workersPath: string,
  at: string,
): Record<string, MessageKey> {
  const today = chinaDate(Date.parse(at));
  const problems: Record<string, MessageKey> = {};
  for (const path of futureWagePeriodPaths(changedClaimants, today, claimantsPath)) {
    problems[path] = 'period.future';
  }
  if (c.workersCount < c.claimants.length) problems[workersPath] = 'workers.fewerThanClaimants';
  return problems;
}
