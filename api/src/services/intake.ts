import { randomUUID } from 'node:crypto';
import type {
  Case,
  DuplicateHit,
  DuplicateProbe,
  DuplicateReason,
  IntakeAnswer,
  Lang,
} from '@anxin/shared';
import {
  CASE_SOURCES,
  chinaDate,
  clock137,
  duplicateReasons,
  INVALID_MESSAGE,
  maskCase,
  maskMobile,
  maskResidentId,
  mobileError,
  normalizeCreditCode,
  normalizeMobile,
  normalizeResidentId,
  probeOf,
  residentIdError,
  seesFullMobile,
  t,
} from '@anxin/shared';
import { z } from 'zod';
import type { AppDeps } from '../deps';
import { HttpError } from '../http/errors';
import { insertAudit } from '../repositories/audit-log';
import { linksOf, mergedCaseIds } from '../repositories/case-links';
import { allCasesInScope } from '../repositories/cases';
import { takeRateLimit } from '../repositories/rate-limits';
import type { Actor } from '../repositories/scope';
import { recordIdNumberView } from './cases/case-service';
import { parseQuery, requireDesk } from './query';

/**
 * The office's intake desk: the queue of unassigned complaints with their possible
 * duplicates (GET /api/office/intake), and the city-wide duplicate look-up while a
 * complaint is entered (GET /api/cases/duplicates).
 */

function hitOf(c: Case, reasons: DuplicateReason[]): DuplicateHit {
  return {
    id: c.id,
    caseNo: c.caseNo,
    townId: c.townId,
    status: c.status,
    employerName: c.employer.name,
    claimantNames: c.claimants.map((cl) => cl.name),
    receivedAt: c.receivedAt,
    reasons,
  };
}

function matches(probe: DuplicateProbe, pool: readonly Case[], excludeId?: string): DuplicateHit[] {
  const out: DuplicateHit[] = [];
  for (const c of pool) {
    if (c.id === excludeId) continue;
    const reasons = duplicateReasons(probe, c);
    if (reasons.length > 0) out.push(hitOf(c, reasons));
  }
  return out.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
}

/** Every case that is still work of its own: merged duplicates live on in their group case. */
async function activeCases(deps: AppDeps): Promise<Case[]> {
  const merged = await mergedCaseIds(deps.db);
  return (await allCasesInScope(deps.db, { all: true })).filter((c) => !merged.has(c.id));
}

const intakeQuerySchema = z.strictObject({
  townId: z.string().max(32).optional(),
  source: z.enum(CASE_SOURCES, { error: 'notInList' }).optional(),
  q: z.string().trim().max(100, { error: 'tooLong' }).optional(),
});

/**
 * GET /api/office/intake — the unassigned queue: received cases with no officer, oldest first
 * (the 1-3-7 clock runs from receipt), each with its possible duplicates among open cases.
 */
export async function intakeQueue(
  deps: AppDeps,
  actor: Actor,
  raw: Record<string, string>,
  lang: Lang,
): Promise<IntakeAnswer> {
  requireDesk(actor, lang);
  const q = parseQuery(intakeQuerySchema, raw, lang);
  const nowMs = deps.now().getTime();
  const all = await activeCases(deps);
  const needle = q.q?.toLowerCase();
  const queue = all
    .filter(
      (c) =>
        c.status === 'received' &&
        c.assignedOfficerId === null &&
        (q.townId === undefined || c.townId === q.townId) &&
        (q.source === undefined || c.source === q.source) &&
        (needle === undefined ||
          c.employer.name.toLowerCase().includes(needle) ||
          c.claimants.some((cl) => cl.name.toLowerCase().includes(needle))),
    )
    .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  const links = await linksOf(
    deps.db,
    queue.map((c) => c.id),
  );
  return {
    items: queue.map((c) => ({
      case: maskCase(c, actor.role, 'list'),
      clock137: clock137(c, nowMs, deps.config.clock137),
      duplicates: matches(probeOf(c), all, c.id),
      linkedIds: links
        .filter((l) => l.caseId === c.id || l.otherId === c.id)
        .map((l) => (l.caseId === c.id ? l.otherId : l.caseId)),
    })),
    serverTime: new Date(nowMs).toISOString(),
  };
}

const duplicateQuerySchema = z
  .strictObject({
    creditCode: z.string().trim().max(18).optional(),
    mobile: z.string().trim().max(20).optional(),
    idNumber: z.string().trim().max(18).optional(),
    excludeId: z.string().max(64).optional(),
  })
  .refine((x) => Boolean(x.creditCode || x.mobile || x.idNumber), {
    error: 'required',
    path: ['creditCode'],
  });

/** Lookups per user and hour: generous for a clerk entering complaints, useless for stepping. */
export const DUPLICATE_LOOKUP_LIMITS = {
  any: { max: 120, windowMs: 3600_000 },
  idNumber: { max: 30, windowMs: 3600_000 },
} as const;

async function takeLookup(
  deps: AppDeps,
  bucket: string,
  limit: { max: number; windowMs: number },
  lang: Lang,
): Promise<void> {
  const r = await takeRateLimit(deps.db, deps.dialect, bucket, {
    ...limit,
    nowMs: deps.now().getTime(),
  });
  if (r.ok) return;
  const seconds = Math.ceil(r.retryAfterMs / 1000);
  throw new HttpError(
    'rate_limited',
    t('duplicates.tooManyLookups', lang, { minutes: Math.ceil(seconds / 60) }),
    {
      headers: { 'Retry-After': String(seconds) },
    },
  );
}

function refuseField(lang: Lang, field: string, key: Parameters<typeof t>[0]): HttpError {
  return new HttpError('invalid', INVALID_MESSAGE[lang], { fields: { [field]: t(key, lang) } });
}

/**
 * GET /api/cases/duplicates?creditCode=&mobile=&idNumber= — open cases anywhere in the city
 * that a complaint being entered may duplicate (office only: it searches every town).
 *
 * Every answer here is a yes/no about a value, so it must not become an unmasking oracle:
 * only exact, complete, valid values are looked up (never a masked or partial one); a mobile
 * only by a role that sees full mobiles anyway; every look-up counts against a per-user
 * limit shared by all instances, ID numbers against a tighter one; and every ID look-up is
 * in the audit trail (and on each matching case's timeline, like a reveal).
 */
export async function findDuplicates(
  deps: AppDeps,
  actor: Actor,
  raw: Record<string, string>,
  lang: Lang,
): Promise<{ items: DuplicateHit[] }> {
  requireDesk(actor, lang);
  const q = parseQuery(duplicateQuerySchema, raw, lang);
  const mobile = q.mobile ? normalizeMobile(q.mobile) : null;
  const idNumber = q.idNumber ? normalizeResidentId(q.idNumber) : null;
  if (mobile !== null) {
    if (!seesFullMobile(actor.role, 'detail')) {
      throw new HttpError('forbidden', t('http.forbidden', lang));
    }
    const problem = mobileError(mobile);
    if (problem) throw refuseField(lang, 'mobile', problem);
  }
  if (idNumber !== null) {
    const problem = residentIdError(idNumber, chinaDate(deps.now().getTime()));
    if (problem) throw refuseField(lang, 'idNumber', problem);
  }
  await takeLookup(deps, `dup:${actor.id}`, DUPLICATE_LOOKUP_LIMITS.any, lang);
  if (idNumber !== null) {
    await takeLookup(deps, `dup-id:${actor.id}`, DUPLICATE_LOOKUP_LIMITS.idNumber, lang);
  }
  const probe: DuplicateProbe = {
    // The same canonical forms the schemas store, so a typed "+86 138-…" still matches.
    creditCode: q.creditCode ? normalizeCreditCode(q.creditCode) : undefined,
    mobiles: mobile ? [mobile] : [],
    idNumbers: idNumber ? [idNumber] : [],
  };
  const cases = await activeCases(deps);
  const items = matches(probe, cases, q.excludeId);
  if (idNumber !== null) {
    const at = deps.now().toISOString();
    const matched = cases.filter((c) => c.claimants.some((cl) => cl.idNumber === idNumber));
    await insertAudit(deps.db, {
      id: randomUUID(),
      at,
      actorId: actor.id,
      actorName: actor.displayName,
      action: 'duplicates.idNumberLookup',
      detail: { idNumber: maskResidentId(idNumber), matches: matched.map((c) => c.id) },
    });
    for (const c of matched) await recordIdNumberView(deps, actor, c, null, 'case.lookupIdNumber');
    deps.log('duplicates.idNumberLookup', { userId: actor.id, matches: matched.length });
  }
  if (mobile !== null) {
    deps.log('duplicates.mobileLookup', { userId: actor.id, mobile: maskMobile(mobile) });
  }
  return { items };
}
