/**
 * Instalments after an agreement (分期履行): a mediation record lists what the employer pays
 * on which day; the officer records each as paid or not paid. Zod-free, so the officer's
 * today view and the data layer use it without loading a validator.
 */

export const INSTALMENT_OUTCOMES = ['paid', 'missed'] as const;
export type InstalmentOutcome = (typeof INSTALMENT_OUTCOMES)[number];

export const INSTALMENT_OUTCOME_LABELS: Record<InstalmentOutcome, { zh: string; en: string }> = {
  paid: { zh: '已支付', en: 'Paid' },
  missed: { zh: '未支付', en: 'Not paid' },
};

/**
 * One check of one instalment, as stored and pulled. Append-only: a later record of the same
 * instalment (paid late after a miss) stands beside the earlier one, and the latest counts.
 * `date`: the day it was paid, or the day it was found unpaid; `amountFen`: what was received.
 */
export interface InstalmentPayment {
  id: string;
  caseId: string;
  mediationId: string;
  dueDate: string;
  outcome: InstalmentOutcome;
  date: string;
  amountFen: number;
  comment?: string;
  recordedBy: string;
  recordedAt: string;
  version: number;
}

export interface AgreementLike {
  id: string;
  caseId: string;
  supersedesId?: string | undefined;
  recordedAt: string;
  /** When the mediation was held; nothing about its instalments happened before. */
  heldAt?: string;
  instalments: readonly { dueDate: string; amountFen: number }[];
}

/**
 * The agreement in force for one case: the latest record no other record supersedes. Earlier
 * versions of a changed agreement no longer bind anyone, so their instalments are not due.
 */
export function currentAgreement<M extends AgreementLike>(mediations: readonly M[]): M | null {
  const superseded = new Set(mediations.map((m) => m.supersedesId).filter(Boolean));
  let best: M | null = null;
  for (const m of mediations) {
    if (superseded.has(m.id)) continue;
    if (
      !best ||
      m.recordedAt > best.recordedAt ||
      (m.recordedAt === best.recordedAt && m.id > best.id)
    ) {
      best = m;
    }
  }
  return best;
}

/** The latest record of one instalment, or null when nobody has checked it yet. */
export function latestPayment(
  payments: readonly InstalmentPayment[],
  mediationId: string,
  dueDate: string,
): InstalmentPayment | null {
  let best: InstalmentPayment | null = null;
  for (const p of payments) {
    if (p.mediationId !== mediationId || p.dueDate !== dueDate) continue;
    if (
      !best ||
      p.recordedAt > best.recordedAt ||
      (p.recordedAt === best.recordedAt && p.id > best.id)
    ) {
      best = p;
    }
  }
  return best;
}

export interface InstalmentState {
  dueDate: string;
  amountFen: number;
  /** The latest check, if any. */
  record: InstalmentPayment | null;
}

/** Each instalment of an agreement with its latest check, in due-date order. */
export function instalmentStates(
  agreement: AgreementLike,
  payments: readonly InstalmentPayment[],
): InstalmentState[] {
  return agreement.instalments.map((i) => ({
    dueDate: i.dueDate,
    amountFen: i.amountFen,
    record: latestPayment(payments, agreement.id, i.dueDate),
  }));
}
