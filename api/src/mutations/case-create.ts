import type { Case } from '@anxin/shared';
import {
  chinaDate,
  clampedTimeNote,
  futureWagePeriodPaths,
  MUTATION_ARGS,
  placeActionTime,
} from '@anxin/shared';
import {
  caseExists,
  insertCase,
  lookupCase,
  nextCaseNumber,
  type StoredCase,
} from '../repositories/cases';
import { inScope } from '../repositories/scope';
import { unitTakesCases } from '../repositories/units';
import { diffCase, feedCase, invalidOutcome, nowIso, recordEvent, serverCopy } from './effects';
import { rejectText } from './messages';
import type { MutationHandler } from './types';

/** Every field a new case sets, in the order the audit trail lists them. */
export const CASE_FIELDS: readonly (keyof Case)[] = [
  'caseNo',
  'townId',
  'status',
  'source',
  'employer',
  'claimants',
  'workersCount',
  'description',
  'needsAssistance',
  'assignedOfficerId',
  'receivedAt',
  'firstActionAt',
  'resolvedAt',
  'closedAt',
  'outcome',
  'recoveredFen',
  'reviewComment',
];

/** YW-2026-000123: the city prefix, the year (China time) and a per-year sequence. */
export function formatCaseNo(year: number, n: number): string {
  return `YW-${year}-${String(n).padStart(6, '0')}`;
}

/**
 * case.create — a new case with a client-made id. An officer's own case starts in progress,
 * assigned to them, with the first action at receipt (they are already acting on it); an
 * office, admin or inspector intake starts `received`, waiting for assignment.
 */
export const caseCreate: MutationHandler<'case.create'> = {
  name: 'case.create',
  schema: MUTATION_ARGS['case.create'],
  locksSharedRow: true,
  async apply(ctx, args) {
    const { actor } = ctx;
    if (!(await unitTakesCases(ctx.trx, ctx.dialect, args.townId)))
      return invalidOutcome(ctx, { townId: 'notInList' });
    if (!inScope(ctx.scope, args.townId)) {
      return {
        status: 'rejected',
        code: 'forbidden',
        message: rejectText('townNotInScope', ctx.lang),
      };
    }
    if (args.workersCount < args.claimants.length) {
      return invalidOutcome(ctx, { workersCount: 'workers.fewerThanClaimants' });
    }
    if (await caseExists(ctx.trx, args.id)) {
      const found = await lookupCase(ctx.trx, ctx.dialect, ctx.scope, args.id);
      return found.kind === 'found'
        ? {
            status: 'rejected',
            code: 'conflict',
            message: rejectText('caseIdTaken', ctx.lang),
            version: found.stored.case.version,
            server: serverCopy(ctx, found.stored.case),
          }
        : { status: 'rejected', code: 'conflict', message: rejectText('caseIdTaken', ctx.lang) };
    }

    const now = nowIso(ctx);
    const nowMs = ctx.now.getTime();
    const future = futureWagePeriodPaths(args.claimants, chinaDate(nowMs), 'claimants');
    if (future.length > 0) {
      return invalidOutcome(
        ctx,
        Object.fromEntries(future.map((p) => [p, 'period.future' as const])),
      );
    }
    // The 1-3-7 clock runs from receipt: a receipt time from the device stands only inside
    // the window since its last contact (never in the future, never 1900).
    const placed = placeActionTime(args.receivedAt, ctx.actionWindow);
    const receivedAt = placed.at;
    const year = Number(chinaDate(nowMs).slice(0, 4));
    const caseNo = formatCaseNo(year, await nextCaseNumber(ctx.trx, year));
    const officerCreates = actor.role === 'officer';

    const c: Case = {
      id: args.id,
      caseNo,
      version: 1,
      townId: args.townId,
      status: officerCreates ? 'in_progress' : 'received',
      source: args.source,
      employer: args.employer,
      claimants: args.claimants,
      workersCount: args.workersCount,
      description: args.description,
      needsAssistance: args.needsAssistance ?? false,
      assignedOfficerId: officerCreates ? actor.id : null,
      receivedAt,
      firstActionAt: officerCreates ? receivedAt : null,
      resolvedAt: null,
      closedAt: null,
      outcome: null,
      recoveredFen: 0,
      reviewComment: null,
      createdBy: actor.id,
      createdAt: now,
      updatedAt: now,
    };
    const stored: StoredCase = {
      case: c,
      fieldVersions: Object.fromEntries(CASE_FIELDS.map((f) => [f, 1])),
    };
    await insertCase(ctx.trx, stored);
    await feedCase(ctx, c);
    await recordEvent(ctx, c, {
      changes: diffCase(null, c, CASE_FIELDS),
      comment: placed.clamped ? clampedTimeNote('受理时间', args.receivedAt!, placed) : null,
    });
    return { status: 'applied', version: 1 };
  },
};
