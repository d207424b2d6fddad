import type { Case } from '@anxin/shared';
import {
  chinaDate,
  clampedTimeNote,
  createCase,
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
import { CASE_FIELDS } from './case-write';
import {
  diffCase,
  feedCase,
  invalidOutcome,
  recordEvent,
  refusalOutcome,
  serverCopy,
} from './effects';
import { rejectText } from './messages';
import type { MutationHandler } from './types';

/** YW-2026-000123: the city prefix, the year (China time) and a per-year sequence. */
export function formatCaseNo(year: number, n: number): string {
  return `YW-${year}-${String(n).padStart(6, '0')}`;
}

/**
 * case.create — a new case with a client-made id, made by the shared rule (who it starts
 * with, in which status). The server checks first what only it can (the unit takes cases,
 * the caller's scope, the id is free), places the device's receipt time in its window, and
 * adds the case number and the first version.
 */
export const caseCreate: MutationHandler<'case.create'> = {
  name: 'case.create',
  schema: MUTATION_ARGS['case.create'],
  batchesWrites: true,
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

    const nowMs = ctx.now.getTime();
    // The 1-3-7 clock runs from receipt: a receipt time from the device stands only inside
    // the window since its last contact (never in the future, never 1900).
    const placed = placeActionTime(args.receivedAt, ctx.actionWindow);
    // Created when the device did it; deadlines still run from the placed receipt.
    const made = createCase(null, { ...args, receivedAt: placed.at }, actor, ctx.occurredAt);
    if (!made.ok) return refusalOutcome(ctx, made.refusal);
    const year = Number(chinaDate(nowMs).slice(0, 4));
    const caseNo = formatCaseNo(year, await nextCaseNumber(ctx.trx, year));
    const c: Case = { ...made.row, caseNo, version: 1 };
    const stored: StoredCase = {
      case: c,
      fieldVersions: Object.fromEntries(CASE_FIELDS.map((f) => [f, 1])),
    };
    await insertCase(ctx.trx, stored);
    await feedCase(ctx, c);
    await recordEvent(ctx, c, {
      changes: diffCase(null, c, CASE_FIELDS),
      notes: placed.clamped ? [clampedTimeNote('time.receivedAt', args.receivedAt!, placed)] : [],
    });
    return { status: 'applied', version: 1 };
  },
};
