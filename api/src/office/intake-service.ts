import { randomUUID } from 'node:crypto';
import type {
  Case,
  DuplicateHit,
  DuplicateProbe,
  DuplicateReason,
  EmployerHistory,
  IntakeAnswer,
  Lang,
} from '@anxin/shared';
import {
  CASE_SOURCES,
  chinaDate,
  clock137,
  duplicateReasons,
  INVALID_MESSAGE,
  maskMobile,
  maskResidentId,
  mobileError,
  normalizeCreditCode,
  normalizeMobile,
  normalizeResidentId,
  probeOf,
  residentIdError,
  t,
} from '@anxin/shared';
import { z } from 'zod';
import type { AppDeps } from '../deps';
import { HTTP_MESSAGES, HttpError } from '../http/errors';
import { allCasesInScope } from '../repositories/cases';
import { takeRateLimit } from '../repositories/rate-limits';
import { type Actor, scopeOf } from '../repositories/scope';
import { recordIdNumberView } from '../services/cases/case-service';
import { maskCase, seesFullMobile } from '../services/cases/masking';
import { parseQuery, requireDesk } from './query';
import { insertAudit, linksOf, mergedCaseIds } from './repository';

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

const TOO_MANY_LOOKUPS = {
  zh: (min: number) => `查重次数过多，请 ${min} 分钟后再试`,
  en: (min: number) => `Too many duplicate look-ups; try again in ${min} minutes`,
};

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
  throw new HttpError('rate_limited', TOO_MANY_LOOKUPS[lang](Math.ceil(seconds / 60)), {
    headers: { 'Retry-After': String(seconds) },
  });
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
      throw new HttpError('forbidden', HTTP_MESSAGES.forbidden[lang]);
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

const employerQuerySchema = z.strictObject({
  creditCode: z
    .string()
    .trim()
    .regex(/^[0-9A-Z]{18}$/i, { error: 'invalid' }),
});

/**
 * GET /api/employers/history?creditCode= — what this employer owed before: cases in the
 * user's own towns in full, the city-wide count only. Inspectors take it on trips.
 */
export async function employerHistory(
  deps: AppDeps,
  actor: Actor,
  raw: Record<string, string>,
  lang: Lang,
): Promise<EmployerHistory> {
  const { creditCode } = parseQuery(employerQuerySchema, raw, lang);
  const code = creditCode.toUpperCase();
  const all = (await allCasesInScope(deps.db, { all: true })).filter(
    (c) => c.employer.creditCode === code,
  );
  const scope = scopeOf(actor);
  const visible = scope.all ? all : all.filter((c) => scope.townIds.includes(c.townId));
  return {
    creditCode: code,
    cityTotal: all.length,
    cases: visible
      .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt))
      .map((c) => ({
        id: c.id,
        caseNo: c.caseNo,
        townId: c.townId,
        status: c.status,
        receivedAt: c.receivedAt,
        resolvedAt: c.resolvedAt,
        outcome: c.outcome,
        workersCount: c.workersCount,
        owedFen: c.claimants.reduce((s, cl) => s + cl.owedFen, 0),
        recoveredFen: c.recoveredFen,
      })),
  };
}
