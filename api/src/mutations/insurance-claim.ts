import type { InsuranceClaim } from '@anxin/shared';
import {
  CalendarMissingError,
  calendarMissingText,
  chinaDate,
  formatFen,
  insurerDueDate,
  isClaimLate,
  MUTATION_ARGS,
  seesAllTowns,
} from '@anxin/shared';
import { workCalendar } from '../repositories/calendars';
import {
  findClaim,
  insertClaim,
  openClaimOfCase,
  updateClaim,
} from '../repositories/insurance-claims';
import { notifyInsuranceApproved } from './case-write';
import { loadTargetCase, nowIso, recordEvent, serverCopy, valuesEqual } from './effects';
import { refused } from './messages';
import type { MutationContext, MutationHandler } from './types';

/**
 * The claim's case, locked and in scope. A claim outside the user's towns answers exactly
 * like a missing one.
 */
async function loadClaim(ctx: MutationContext, id: string) {
  const claim = await findClaim(ctx.trx, id);
  if (!claim) return { ok: false as const, outcome: refused(ctx, 'not_found', 'claimNotFound') };
  const loaded = await loadTargetCase(ctx, claim.caseId);
  if (!loaded.ok) {
    return { ok: false as const, outcome: refused(ctx, 'not_found', 'claimNotFound') };
  }
  return { ok: true as const, claim, stored: loaded.stored };
}

/** The claim as the case timeline shows it (and devices read it from). */
function claimChange(before: InsuranceClaim | null, after: InsuranceClaim, today: string) {
  return [
    { field: 'insuranceClaim', from: before, to: { ...after, late: isClaimLate(after, today) } },
  ];
}

/**
 * insurance.start — the officer (or an inspector helping) starts a wage-guarantee insurance
 * advance claim on a case already moved to `insurance_advance`. One unfinished claim per case.
 */
export const insuranceStart: MutationHandler<'insurance.start'> = {
  name: 'insurance.start',
  schema: MUTATION_ARGS['insurance.start'],
  async apply(ctx, args) {
    const loaded = await loadTargetCase(ctx, args.caseId);
    if (!loaded.ok) return loaded.outcome;
    const c = loaded.stored.case;
    const existing = await findClaim(ctx.trx, args.id);
    if (existing) {
      if (existing.caseId === args.caseId && existing.amountFen === args.amountFen) {
        return { status: 'applied', version: 1 };
      }
      return refused(ctx, 'conflict', 'claimExists');
    }
    if (c.status !== 'insurance_advance') {
      return {
        ...refused(ctx, 'rejected', 'claimNeedsStatus'),
        version: c.version,
        server: serverCopy(ctx, c),
      };
    }
    if (await openClaimOfCase(ctx.trx, c.id)) return refused(ctx, 'rejected', 'claimOpen');
    const at = nowIso(ctx);
    const claim: InsuranceClaim = {
      id: args.id,
      caseId: c.id,
      townId: c.townId,
      status: 'started',
      amountFen: args.amountFen,
      comment: args.comment ?? null,
      startedBy: ctx.actor.id,
      startedAt: at,
      approvedBy: null,
      approvedAt: null,
      agreementDate: null,
      dueDate: null,
      paidDate: null,
    };
    await insertClaim(ctx.trx, claim);
    await recordEvent(ctx, c, {
      changes: claimChange(null, claim, chinaDate(ctx.now.getTime())),
      comment: args.comment ?? `申请工资保障险先行垫付 ${formatFen(args.amountFen)}`,
    });
    return { status: 'applied', version: 1 };
  },
};

/**
 * insurance.approve — the office approves a claim. The claim agreement's signing date sets
 * the insurer's due date: 3 working days later (shared/domain/insurance.ts).
 */
export const insuranceApprove: MutationHandler<'insurance.approve'> = {
  name: 'insurance.approve',
  schema: MUTATION_ARGS['insurance.approve'],
  async apply(ctx, args) {
    const loaded = await loadClaim(ctx, args.id);
    if (!loaded.ok) return loaded.outcome;
    const { claim, stored } = loaded;
    if (!seesAllTowns(ctx.actor.role)) return refused(ctx, 'forbidden', 'officeOnly');
    const today = chinaDate(ctx.now.getTime());
    if (args.agreementDate > today) {
      return refused(ctx, 'invalid', 'dateInFuture', 'agreementDate');
    }
    if (claim.status !== 'started') return refused(ctx, 'rejected', 'claimNotStarted');
    let dueDate: string;
    try {
      dueDate = insurerDueDate(args.agreementDate, await workCalendar(ctx.trx));
    } catch (err) {
      // Never guess Monday–Friday for a year whose holidays are not loaded: say which year.
      if (!(err instanceof CalendarMissingError)) throw err;
      const message = calendarMissingText(err.year, ctx.lang);
      return {
        status: 'rejected',
        code: 'calendar_missing',
        message,
        fields: { agreementDate: message },
        meta: { year: err.year },
      };
    }
    const next: InsuranceClaim = {
      ...claim,
      status: 'approved',
      approvedBy: ctx.actor.id,
      approvedAt: nowIso(ctx),
      agreementDate: args.agreementDate,
      dueDate,
    };
    await updateClaim(ctx.trx, next);
    await recordEvent(ctx, stored.case, {
      changes: claimChange(claim, next, today),
      comment: args.comment ?? `垫付申请已审批，保险公司应于 ${next.dueDate} 前赔付`,
    });
    await notifyInsuranceApproved(ctx, stored.case, dueDate);
    return { status: 'applied', version: 2 };
  },
};

/** insurance.paid — records the day the insurer paid; a payment after the due date is late. */
export const insurancePaid: MutationHandler<'insurance.paid'> = {
  name: 'insurance.paid',
  schema: MUTATION_ARGS['insurance.paid'],
  async apply(ctx, args) {
    const loaded = await loadClaim(ctx, args.id);
    if (!loaded.ok) return loaded.outcome;
    const { claim, stored } = loaded;
    const today = chinaDate(ctx.now.getTime());
    if (claim.status === 'paid' && claim.paidDate === args.paidDate) {
      return { status: 'applied', version: 3 };
    }
    if (claim.status !== 'approved') return refused(ctx, 'rejected', 'claimNotApproved');
    if (args.paidDate > today) return refused(ctx, 'invalid', 'dateInFuture', 'paidDate');
    if (claim.agreementDate !== null && args.paidDate < claim.agreementDate) {
      return refused(ctx, 'invalid', 'paidBeforeAgreement', 'paidDate');
    }
    const next: InsuranceClaim = { ...claim, status: 'paid', paidDate: args.paidDate };
    if (valuesEqual(next, claim)) return { status: 'applied', version: 3 };
    await updateClaim(ctx.trx, next);
    await recordEvent(ctx, stored.case, {
      changes: claimChange(claim, next, today),
      comment:
        args.comment ??
        (isClaimLate(next, today)
          ? `保险公司于 ${args.paidDate} 赔付，超过应付日期 ${claim.dueDate}`
          : `保险公司已于 ${args.paidDate} 赔付`),
    });
    return { status: 'applied', version: 3 };
  },
};
