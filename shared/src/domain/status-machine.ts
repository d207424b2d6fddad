import { CASE_STATUSES, type CaseStatus } from '../constants/case';
import type { Role } from '../constants/user';
import type { MessageKey } from '../i18n/messages';
import type { CaseTransitionArgs } from '../protocol/mutations';

/**
 * The case status machine: ONE table of every allowed move. The API refuses anything not in
 * it, the PWA offers only what is in it, and docs/status-machine.md is generated from it.
 *
 * `via` names the mutation that makes the move. Office work has its own mutations
 * (`case.assign`, `case.review`), so a `case.transition` naming `to: 'closed'` is refused
 * even for the office: closing always goes through review, which records the decision.
 * Re-assigning an already assigned case (another town or officer) keeps its status and is
 * therefore not a row here. A duplicate merged into a group case at intake is closed by
 * `case.merge` (no outcome: its workers are counted in the group case), so it never waits
 * in received for ever.
 */

export type TransitionRequirement = 'outcome' | 'recoveredFen' | 'comment' | 'transferTarget';

export interface TransitionRule {
  from: CaseStatus;
  to: CaseStatus;
  roles: readonly Role[];
  requires: readonly TransitionRequirement[];
  via: 'case.transition' | 'case.assign' | 'case.review' | 'case.merge' | 'instalment.record';
  label: { zh: string; en: string };
}

export const STATUS_LABELS: Record<CaseStatus, { zh: string; en: string }> = {
  received: { zh: '已受理', en: 'Received' },
  assigned: { zh: '已指派', en: 'Assigned' },
  in_progress: { zh: '处理中', en: 'In progress' },
  mediating: { zh: '调解中', en: 'Mediating' },
  resolved: { zh: '已化解', en: 'Resolved' },
  closed: { zh: '已结案', en: 'Closed' },
  transferred: { zh: '已移送', en: 'Transferred' },
  insurance_advance: { zh: '保险垫付', en: 'Insurance advance' },
  returned: { zh: '已退回', en: 'Returned' },
};

// Inspectors spend days in the towns helping officers, so they may make every officer move.
const FIELD: readonly Role[] = ['officer', 'inspector'];
const DESK: readonly Role[] = ['office', 'admin'];
const RESOLVE: readonly TransitionRequirement[] = ['outcome', 'recoveredFen'];
// The office takes the employer's or the worker's call about a payment as well.
export const INSTALMENT_CHECKERS: readonly Role[] = ['officer', 'inspector', 'office'];

export const STATUS_TRANSITIONS: readonly TransitionRule[] = [
  {
    from: 'received',
    to: 'assigned',
    roles: DESK,
    requires: [],
    via: 'case.assign',
    label: { zh: '指派到镇街', en: 'Assign to a town' },
  },
  {
    from: 'received',
    to: 'in_progress',
    roles: FIELD,
    requires: [],
    via: 'case.transition',
    label: { zh: '直接接手处理', en: 'Take the case directly' },
  },
  {
    from: 'assigned',
    to: 'in_progress',
    roles: FIELD,
    requires: [],
    via: 'case.transition',
    label: { zh: '开始处理', en: 'Start handling' },
  },
  {
    from: 'in_progress',
    to: 'mediating',
    roles: FIELD,
    requires: [],
    via: 'case.transition',
    label: { zh: '开始调解', en: 'Start mediation' },
  },
  {
    from: 'mediating',
    to: 'in_progress',
    roles: FIELD,
    requires: [],
    via: 'case.transition',
    label: { zh: '调解未成，继续处理', en: 'Mediation failed, continue handling' },
  },
  {
    from: 'in_progress',
    to: 'resolved',
    roles: FIELD,
    requires: RESOLVE,
    via: 'case.transition',
    label: { zh: '化解', en: 'Resolve' },
  },
  {
    from: 'mediating',
    to: 'resolved',
    roles: FIELD,
    requires: RESOLVE,
    via: 'case.transition',
    label: { zh: '调解成功，化解', en: 'Mediation succeeded, resolve' },
  },
  {
    from: 'returned',
    to: 'resolved',
    roles: FIELD,
    requires: RESOLVE,
    via: 'case.transition',
    label: { zh: '补正后重新提交化解', en: 'Resubmit as resolved' },
  },
  {
    from: 'returned',
    to: 'in_progress',
    roles: FIELD,
    requires: [],
    via: 'case.transition',
    label: { zh: '退回后继续处理', en: 'Continue handling after return' },
  },
  {
    from: 'in_progress',
    to: 'transferred',
    roles: FIELD,
    requires: ['transferTarget', 'comment'],
    via: 'case.transition',
    label: { zh: '移送仲裁或执法', en: 'Transfer to arbitration or enforcement' },
  },
  {
    from: 'mediating',
    to: 'transferred',
    roles: FIELD,
    requires: ['transferTarget', 'comment'],
    via: 'case.transition',
    label: { zh: '调解不成，移送仲裁或执法', en: 'Mediation failed, transfer' },
  },
  {
    from: 'in_progress',
    to: 'insurance_advance',
    roles: FIELD,
    requires: ['comment'],
    via: 'case.transition',
    label: { zh: '申请工资保障险先行垫付', en: 'Claim wage-guarantee insurance advance' },
  },
  {
    from: 'mediating',
    to: 'insurance_advance',
    roles: FIELD,
    requires: ['comment'],
    via: 'case.transition',
    label: { zh: '调解不成，申请保险垫付', en: 'Mediation failed, claim insurance advance' },
  },
  {
    from: 'insurance_advance',
    to: 'resolved',
    roles: ['officer', 'inspector', 'office'],
    requires: RESOLVE,
    via: 'case.transition',
    label: { zh: '保险已垫付，化解', en: 'Insurer paid, resolve' },
  },
  {
    from: 'resolved',
    to: 'closed',
    roles: DESK,
    requires: [],
    via: 'case.review',
    label: { zh: '审核通过，结案', en: 'Approve and close' },
  },
  {
    from: 'resolved',
    to: 'returned',
    roles: DESK,
    requires: ['comment'],
    via: 'case.review',
    label: { zh: '审核退回', en: 'Return to the officer' },
  },
  {
    from: 'transferred',
    to: 'closed',
    roles: DESK,
    requires: [],
    via: 'case.review',
    label: { zh: '确认移送，结案', en: 'Confirm transfer and close' },
  },
  {
    from: 'received',
    to: 'closed',
    roles: DESK,
    requires: [],
    via: 'case.merge',
    label: { zh: '并入群体案件，结案', en: 'Merge into the group case and close' },
  },
  // A missed instalment (分期未履行) puts a closed case back before the office, which returns
  // it to the officer for follow-up or closes it again; nothing unpaid is forgotten.
  {
    from: 'closed',
    to: 'resolved',
    roles: INSTALMENT_CHECKERS,
    requires: [],
    via: 'instalment.record',
    label: { zh: '分期未履行，重新审核', en: 'Instalment not paid, back to review' },
  },
  // The office takes back its own approval (通过并结案) shortly after making it: only within
  // APPROVAL_UNDO_MS of closing by the server's clock, and only a closure by approval — a
  // merge or a confirmed transfer is not undone this way (shared/src/mutators/case.ts).
  {
    from: 'closed',
    to: 'resolved',
    roles: DESK,
    requires: [],
    via: 'case.review',
    label: { zh: '撤销结案审核（10 分钟内）', en: 'Undo the approval (within 10 minutes)' },
  },
];

/** Every status but closed: the cases someone still has to act on. */
export const OPEN_STATUSES: readonly CaseStatus[] = CASE_STATUSES.filter((s) => s !== 'closed');

/** The status a `case.review` decision moves to; the table says from where it may. */
export const REVIEW_TARGETS = {
  approve: 'closed',
  return: 'returned',
  undo_approve: 'resolved',
} as const satisfies Record<'approve' | 'return' | 'undo_approve', CaseStatus>;

/**
 * The move from → to; with `via`, the one that mutation makes (closed → resolved is both a
 * missed instalment and an undone approval, each with its own rule).
 */
export function findTransition(
  from: CaseStatus,
  to: CaseStatus,
  via?: TransitionRule['via'],
): TransitionRule | undefined {
  return STATUS_TRANSITIONS.find(
    (r) => r.from === from && r.to === to && (via === undefined || r.via === via),
  );
}

/** The moves a role may make from a status, optionally only those of one mutation. */
export function allowedTransitions(
  role: Role,
  from: CaseStatus,
  via?: TransitionRule['via'],
): TransitionRule[] {
  return STATUS_TRANSITIONS.filter(
    (r) => r.from === from && r.roles.includes(role) && (via === undefined || r.via === via),
  );
}

export type TransitionCheck =
  | { ok: true; rule: TransitionRule }
  | {
      ok: false;
      code: 'transition.notAllowed' | 'transition.roleNotAllowed' | 'transition.missing';
      fields?: Record<string, MessageKey>;
    };

export type TransitionCheckArgs = Pick<
  CaseTransitionArgs,
  'to' | 'outcome' | 'recoveredFen' | 'comment' | 'transferTarget'
>;

const REQUIREMENT_KEYS: Record<TransitionRequirement, MessageKey> = {
  outcome: 'transition.requires.outcome',
  recoveredFen: 'transition.requires.recoveredFen',
  comment: 'transition.requires.comment',
  transferTarget: 'transition.requires.transferTarget',
};

function hasRequirement(req: TransitionRequirement, args: TransitionCheckArgs): boolean {
  switch (req) {
    case 'outcome':
      return args.outcome !== undefined;
    // Zero is a real answer (withdrawn, no violation found), so only absence is missing.
    case 'recoveredFen':
      return args.recoveredFen !== undefined;
    case 'comment':
      return (args.comment ?? '').trim().length > 0;
    case 'transferTarget':
      return args.transferTarget !== undefined;
  }
}

/**
 * Decides a move: not in the table (or not through this mutation, when `via` is given) is
 * `transition.notAllowed`; in the table but not for this role is `transition.roleNotAllowed`;
 * allowed but missing what the move needs is `transition.missing` with a message key per
 * missing field, keyed by the argument name.
 */
export function checkTransition(
  role: Role,
  from: CaseStatus,
  args: TransitionCheckArgs,
  via?: TransitionRule['via'],
): TransitionCheck {
  const rule = findTransition(from, args.to, via);
  if (!rule) {
    return { ok: false, code: 'transition.notAllowed' };
  }
  if (!rule.roles.includes(role)) return { ok: false, code: 'transition.roleNotAllowed' };
  const fields: Record<string, MessageKey> = {};
  for (const req of rule.requires) {
    if (!hasRequirement(req, args)) fields[req] = REQUIREMENT_KEYS[req];
  }
  if (Object.keys(fields).length > 0) return { ok: false, code: 'transition.missing', fields };
  return { ok: true, rule };
}

/**
 * Which timestamp a move stamps: firstActionAt on the first officer action, resolvedAt on
 * → resolved, closedAt on → closed. The first officer action is a field move out of
 * received/assigned: every other status is reached only through in_progress, so such a move
 * happens at most once per case.
 */
export function timestampsForMove(
  rule: TransitionRule,
): Array<'firstActionAt' | 'resolvedAt' | 'closedAt'> {
  const out: Array<'firstActionAt' | 'resolvedAt' | 'closedAt'> = [];
  if (rule.via === 'case.transition' && (rule.from === 'received' || rule.from === 'assigned')) {
    out.push('firstActionAt');
  }
  // A closed case reopened (a missed instalment, an undone approval) keeps the day it was
  // resolved: the resolution itself stands.
  if (rule.to === 'resolved' && rule.from !== 'closed') out.push('resolvedAt');
  if (rule.to === 'closed') out.push('closedAt');
  return out;
}

/**
 * Which timestamps a move clears. A case the review returns is no longer resolved, so its
 * 1-3-7 clock runs again against the original deadline until it is resolved anew. A case
 * reopened for a missed instalment was resolved within its limits all the same: it keeps
 * resolvedAt (the follow-up is not a 1-3-7 matter) and is no longer closed.
 */
export function timestampsClearedByMove(rule: TransitionRule): Array<'resolvedAt' | 'closedAt'> {
  if (rule.from === 'closed') return ['closedAt'];
  return rule.to === 'returned' ? ['resolvedAt'] : [];
}
