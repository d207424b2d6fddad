import type { Case } from '../schemas/case';
import { OPEN_STATUSES } from './status-machine';

/**
 * Possible duplicates at intake: an OPEN case (anything not closed) against the same
 * employer (same unified social credit code) or with a claimant who has the same mobile or
 * resident ID number. Many workers against one employer then become one group case.
 */
export type DuplicateReason = 'creditCode' | 'mobile' | 'idNumber';

export interface DuplicateProbe {
  creditCode?: string | undefined;
  mobiles?: readonly string[] | undefined;
  idNumbers?: readonly string[] | undefined;
}

/** What a case offers to be matched on: its employer code and its claimants' numbers. */
export function probeOf(c: Pick<Case, 'employer' | 'claimants'>): DuplicateProbe {
  return {
    creditCode: c.employer.creditCode,
    mobiles: c.claimants.map((cl) => cl.mobile),
    idNumbers: c.claimants.flatMap((cl) => (cl.idNumber === undefined ? [] : [cl.idNumber])),
  };
}

/**
 * Why `candidate` may duplicate the probe; empty when it does not, or when it is closed.
 * Values compare in their canonical form (schemas normalise on input), and masked values
 * (containing `*`) never match anything.
 */
export function duplicateReasons(
  probe: DuplicateProbe,
  candidate: Pick<Case, 'status' | 'employer' | 'claimants'>,
): DuplicateReason[] {
  if (!OPEN_STATUSES.includes(candidate.status)) return [];
  const usable = (v: string | undefined): v is string =>
    v !== undefined && v !== '' && !v.includes('*');
  const reasons: DuplicateReason[] = [];
  if (usable(probe.creditCode) && candidate.employer.creditCode === probe.creditCode) {
    reasons.push('creditCode');
  }
  const mobiles = new Set((probe.mobiles ?? []).filter(usable));
  if (candidate.claimants.some((cl) => mobiles.has(cl.mobile))) reasons.push('mobile');
  const ids = new Set((probe.idNumbers ?? []).filter(usable));
  if (candidate.claimants.some((cl) => cl.idNumber !== undefined && ids.has(cl.idNumber))) {
    reasons.push('idNumber');
  }
  return reasons;
}

export const DUPLICATE_REASON_LABELS: Record<DuplicateReason, { zh: string; en: string }> = {
  creditCode: { zh: '同一用人单位（统一社会信用代码相同）', en: 'Same employer credit code' },
  mobile: { zh: '同一劳动者手机号', en: 'Same claimant mobile' },
  idNumber: { zh: '同一劳动者身份证号', en: 'Same claimant ID number' },
};
