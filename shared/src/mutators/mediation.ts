import { totalOwedFen } from '../constants/case';
import { isAgreementFrozen, SIGNER_ROLES } from '../constants/mediation';
import { instalmentInRange } from '../domain/action-time';
import { amountOverOwedProblem } from '../domain/amounts';
import { mediationBlocked } from '../domain/next-step';
import type { MediationRecordArgs } from '../protocol/mutations';
import type { Case } from '../schemas/case';
import type { Mediation } from '../schemas/mediation';
import { chinaDate } from '../validation/dates';
import { accepted, invalidFields, type MutatorActor, type MutatorResult, refused } from './types';

/**
 * A mediation record (调解记录) under a case: the rules its content must meet against the
 * case it belongs to. `prior` is the record already stored under the same id: a draft (not
 * yet signed by both parties) is replaced by the new content, so signatures can be added
 * later; a frozen one never changes. That an id is free, that the record it supersedes
 * exists and that its signatures are the caller's to use, only the server can tell
 * (api/src/mutations/mediation-record.ts). `version` is the prior's (0 for a new record)
 * until the server stores it.
 */
export function recordMediation(
  c: Case | null,
  args: MediationRecordArgs,
  actor: MutatorActor,
  at: string,
  prior: Mediation | null = null,
): MutatorResult<Mediation> {
  if (!c) return refused({ code: 'rejected', key: 'reject.caseNotFound' });
  const blocked = mediationBlocked(c.status);
  if (blocked) return refused({ code: 'rejected', key: blocked });
  if (prior) {
    if (prior.caseId !== args.caseId) {
      return refused({ code: 'conflict', key: 'reject.mediationOtherCase' });
    }
    if (isAgreementFrozen(prior))
      return refused({ code: 'conflict', key: 'reject.agreementFrozen' });
    // A signature is given to a text: once the text changes it no longer stands for it.
    if (agreementTextChanged(prior, args) && keepsSignatures(prior, args)) {
      return invalidFields({ signatures: 'mediation.signedTextChanged' });
    }
  }
  const overOwed = amountOverOwedProblem(
    args.amountAgreedFen,
    totalOwedFen(c),
    args.amountOverrideReason,
  );
  if (overOwed) return invalidFields({ amountAgreedFen: overOwed });
  // Instalments run from the day it was held (China calendar), at most five years on.
  const heldDay = chinaDate(Date.parse(args.heldAt));
  const outOfRange = args.instalments.findIndex((i) => !instalmentInRange(i.dueDate, heldDay));
  if (outOfRange >= 0) {
    return invalidFields({ [`instalments.${outOfRange}.dueDate`]: 'instalments.range' });
  }
  if (!prior) return accepted({ ...args, version: 0, recordedBy: actor.id, recordedAt: at });
  // A draft keeps what it was first stored as: the version it replaces, its number and the
  // record it supersedes.
  const { supersedesId: _ignored, ...content } = args;
  const row: Mediation = {
    ...content,
    version: prior.version,
    recordedBy: actor.id,
    recordedAt: at,
  };
  if (prior.supersedesId !== undefined) row.supersedesId = prior.supersedesId;
  if (prior.agreementNo !== undefined) row.agreementNo = prior.agreementNo;
  return accepted(row);
}

/** Whether the new content still carries a signature the prior draft already had. */
function keepsSignatures(prior: Mediation, args: MediationRecordArgs): boolean {
  return SIGNER_ROLES.some(
    (r) => prior.signatures[r] !== undefined && prior.signatures[r] === args.signatures[r],
  );
}

/** The same record again (a second tap, a re-send): nothing to change. */
export function sameMediation(
  a: MediationRecordArgs | Mediation,
  b: MediationRecordArgs | Mediation,
): boolean {
  return (
    !agreementTextChanged(a, b) &&
    a.heldAt === b.heldAt &&
    stableJson(a.signatures) === stableJson(b.signatures) &&
    stableJson(a.photoHashes) === stableJson(b.photoHashes)
  );
}

/** Whether two versions of a draft differ in what the parties sign (so signatures lapse). */
export function agreementTextChanged(
  a: MediationRecordArgs | Mediation,
  b: MediationRecordArgs | Mediation,
): boolean {
  return agreementText(a) !== agreementText(b);
}

/**
 * What the parties sign: everything but the signatures and the photos of the meeting, and
 * the time it was held, which the server may place inside the device's window.
 */
function agreementText(m: MediationRecordArgs | Mediation): string {
  return stableJson({
    place: m.place,
    attendees: m.attendees,
    facts: m.facts,
    terms: m.terms,
    amountAgreedFen: m.amountAgreedFen,
    amountOverrideReason: m.amountOverrideReason ?? null,
    amountPaidOnSiteFen: m.amountPaidOnSiteFen,
    instalments: m.instalments,
    outcome: m.outcome,
    parties: m.parties ?? [],
  });
}

function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}
