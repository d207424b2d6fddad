import type {
  Case,
  CaseEvent,
  Lang,
  PublicLookupAnswer,
  PublicLookupRequest,
  PublicRatingRequest,
  PublicStage,
  PublicUnit,
} from '@anxin/shared';
import { PUBLIC_INTAKE_UNIT, t } from '@anxin/shared';
import type { Executor } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { HttpError } from '../../http/errors';
import { casesByIds } from '../../repositories/cases';
import { listEvents } from '../../repositories/events';
import { forgetOtpCase, useOtp } from '../../repositories/otp-codes';
import {
  activeUnitNames,
  approvedInsuranceDueDate,
  caseIdByNumber,
} from '../../repositories/public-intake';
import { insertRating, ratingOfCase } from '../../repositories/ratings';
import { findUnit } from '../../repositories/units';
import { wrongCode } from './guard';

/**
 * The worker's lookup (进度查询) and rating (满意度评价). A case is found only by its number
 * AND a mobile of one of its workers, proven by a code; anything else — no such number, or
 * a number whose workers have another mobile — is the same 404 with the same body, so the
 * answer never tells whether a number exists.
 */

function notFound(lang: Lang): HttpError {
  return new HttpError('not_found', t('public.notFound', lang));
}

/** The case of this number whose workers include this mobile, or null. */
async function workersCase(db: Executor, caseNo: string, mobile: string): Promise<Case | null> {
  const id = await caseIdByNumber(db, caseNo);
  if (id === null) return null;
  const c = (await casesByIds(db, [id])).get(id);
  if (!c?.claimants.some((cl) => cl.mobile === mobile)) return null;
  return c;
}

/** When the case first entered each status, from its timeline. */
function statusEntered(events: readonly CaseEvent[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of events) {
    for (const ch of e.changes) {
      if (ch.field === 'status' && typeof ch.to === 'string' && !out.has(ch.to))
        out.set(ch.to, e.at);
    }
  }
  return out;
}

/** Where the case stands, in the worker's words (shared PUBLIC_STAGES). */
export function publicStage(c: Pick<Case, 'status' | 'outcome'>): PublicStage {
  switch (c.status) {
    case 'received':
      return 'received';
    case 'assigned':
      return 'dispatched';
    case 'transferred':
      return c.outcome === 'transferred_arbitration' ? 'arbitration' : 'in_progress';
    case 'insurance_advance':
      return 'insurance';
    case 'closed':
      if (c.outcome === 'transferred_arbitration') return 'arbitration';
      if (c.outcome === null || c.outcome === 'transferred_enforcement') return 'closed';
      if (c.outcome === 'withdrawn' || c.outcome === 'no_violation') return 'closed';
      return 'resolved';
    // Resolved by the officer but not yet approved: still being handled, to the worker.
    default:
      return 'in_progress';
  }
}

export async function lookupAnswer(deps: AppDeps, c: Case): Promise<PublicLookupAnswer> {
  const events = await listEvents(deps.db, c.id);
  const entered = statusEntered(events);
  const stage = publicStage(c);
  const unit = c.townId === PUBLIC_INTAKE_UNIT.id ? null : await findUnit(deps.db, c.townId);
  const dispatchedAt = entered.get('assigned');
  const steps: PublicLookupAnswer['steps'] = [{ stage: 'received', at: c.receivedAt }];
  if (dispatchedAt) steps.push({ stage: 'dispatched', at: dispatchedAt });
  if (c.firstActionAt) steps.push({ stage: 'in_progress', at: c.firstActionAt });
  const insuranceAt = entered.get('insurance_advance');
  if (insuranceAt) steps.push({ stage: 'insurance', at: insuranceAt });
  if (c.outcome === 'transferred_arbitration') {
    const at = entered.get('transferred');
    if (at) steps.push({ stage: 'arbitration', at });
  }
  if (c.status === 'closed' && c.closedAt && stage !== 'arbitration') {
    steps.push({ stage, at: c.closedAt });
  }
  const received = Date.parse(c.receivedAt);
  const hours = deps.config.clock137;
  const rating = await ratingOfCase(deps.db, c.id);
  return {
    caseNo: c.caseNo ?? '',
    stage,
    unitName: dispatchedAt || c.status !== 'received' ? (unit?.name ?? null) : null,
    steps: steps.sort((a, b) => a.at.localeCompare(b.at)),
    promise: {
      receivedAt: c.receivedAt,
      firstActionBy: new Date(received + hours.firstActionHours * 3600_000).toISOString(),
      resolveBy: new Date(received + hours.resolveHours * 3600_000).toISOString(),
    },
    insuranceDueDate: await approvedInsuranceDueDate(deps.db, c.id),
    canRate: c.status === 'closed' && rating === null,
    rated: rating !== null,
    serverTime: deps.now().toISOString(),
  };
}

/** POST /api/public/lookup — uses the code, then answers the case's stage or 404. */
export async function lookupCaseForWorker(
  deps: AppDeps,
  req: PublicLookupRequest,
  lang: Lang,
): Promise<PublicLookupAnswer> {
  const code = await useOtp(deps.db, {
    mobile: req.mobile,
    purpose: 'lookup',
    code: req.otp,
    nowMs: deps.now().getTime(),
    caseNo: req.caseNo,
  });
  if (!code.ok) throw wrongCode(lang);
  const c = await workersCase(deps.db, req.caseNo, req.mobile);
  if (!c) {
    await forgetOtpCase(deps.db, code.id);
    throw notFound(lang);
  }
  return lookupAnswer(deps, c);
}

/**
 * POST /api/public/rating — the worker's one rating of a closed case. The code is a lookup
 * code: a fresh one, or the one just used to look this case up (the rating is given from
 * the lookup page), once.
 */
export async function rateCase(
  deps: AppDeps,
  req: PublicRatingRequest,
  lang: Lang,
): Promise<{ rated: true }> {
  const code = await useOtp(deps.db, {
    mobile: req.mobile,
    purpose: 'lookup',
    code: req.otp,
    nowMs: deps.now().getTime(),
    caseNo: req.caseNo,
    rating: true,
  });
  if (!code.ok) throw wrongCode(lang);
  const c = await workersCase(deps.db, req.caseNo, req.mobile);
  if (!c) throw notFound(lang);
  if (c.status !== 'closed') throw new HttpError('rejected', t('public.notClosed', lang));
  const stored = await insertRating(deps.db, {
    caseId: c.id,
    rating: req.rating,
    comment: req.comment ?? null,
    createdAt: deps.now().toISOString(),
  });
  if (!stored) throw new HttpError('conflict', t('public.alreadyRated', lang));
  deps.log('public.rating', { caseNo: c.caseNo, rating: req.rating });
  return { rated: true };
}

/** GET /api/public/units — the units a worker may pick on the form. */
export async function publicUnits(deps: AppDeps): Promise<PublicUnit[]> {
  return activeUnitNames(deps.db);
}
