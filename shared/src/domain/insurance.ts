import { addWorkingDays, type WorkCalendar } from './working-days';

/**
 * Wage-guarantee insurance advance (工资保障险先行垫付): the officer starts a claim when the
 * employer truly cannot pay, the office approves it, and once the claim agreement is signed
 * the insurer pays the workers in full within 3 working days.
 */
export const INSURER_PAY_WORKING_DAYS = 3;

export const INSURANCE_CLAIM_STATUSES = ['started', 'approved', 'paid'] as const;
export type InsuranceClaimStatus = (typeof INSURANCE_CLAIM_STATUSES)[number];

export const INSURANCE_STATUS_LABELS: Record<InsuranceClaimStatus, { zh: string; en: string }> = {
  started: { zh: '待审批', en: 'Awaiting approval' },
  approved: { zh: '已审批，待保险公司赔付', en: 'Approved, insurer to pay' },
  paid: { zh: '已赔付', en: 'Paid' },
};

export interface InsuranceClaim {
  id: string;
  caseId: string;
  townId: string;
  status: InsuranceClaimStatus;
  amountFen: number;
  comment: string | null;
  startedBy: string;
  startedAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
  /** The day the claim agreement was signed (China calendar day). */
  agreementDate: string | null;
  /** The last day the insurer may pay on: agreementDate + 3 working days. */
  dueDate: string | null;
  paidDate: string | null;
}

/**
 * The insurer's last day to pay for an agreement signed on `agreementDate`; throws
 * CalendarMissingError when the days it counts run into a year that is not loaded.
 */
export function insurerDueDate(agreementDate: string, cal: WorkCalendar): string {
  return addWorkingDays(agreementDate, INSURER_PAY_WORKING_DAYS, cal);
}

/**
 * A claim is late when the insurer paid after the due date, or has not paid and the due
 * date is already behind `today` (China calendar day). Paying ON the due date is on time.
 */
export function isClaimLate(
  claim: Pick<InsuranceClaim, 'dueDate' | 'paidDate'>,
  today: string,
): boolean {
  if (claim.dueDate === null) return false;
  if (claim.paidDate !== null) return claim.paidDate > claim.dueDate;
  return today > claim.dueDate;
}
