// The mediation vocabulary without its zod schemas (schemas/mediation.ts).
import type { Mediation } from '../schemas/mediation';

export const MEDIATION_OUTCOMES = ['agreed', 'partial', 'failed'] as const;
export const SIGNER_ROLES = ['worker', 'employer', 'officer'] as const;
export type SignerRole = (typeof SIGNER_ROLES)[number];

/** Both parties have signed: the agreement is frozen and prints as final. */
export function isAgreementFrozen(m: Pick<Mediation, 'signatures'>): boolean {
  return Boolean(m.signatures.worker && m.signatures.employer);
}
