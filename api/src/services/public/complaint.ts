import { randomUUID } from 'node:crypto';
import type { Case, CaseCreateArgs, Lang, MessageKey, PublicComplaint } from '@anxin/shared';
import {
  actionWindow,
  chinaDate,
  createCase,
  maskMobile,
  PUBLIC_PHOTO_LIMITS,
  type PublicComplaintAnswer,
  renderSms,
} from '@anxin/shared';
import type { AppDeps } from '../../deps';
import { formatCaseNo } from '../../mutations/case-create';
import { CASE_FIELDS } from '../../mutations/case-write';
import { diffCase, feedCase, recordEvent } from '../../mutations/effects';
import type { MutationContext } from '../../mutations/types';
import { attachmentId, insertAttachment } from '../../repositories/attachments';
import { addBlobRefs } from '../../repositories/blobs';
import { insertCase, nextCaseNumber, type StoredCase } from '../../repositories/cases';
import { appendFeed } from '../../repositories/feed';
import { useOtp } from '../../repositories/otp-codes';
import { ensureIntakeUnit } from '../../repositories/public-intake';
import { recentPublicUploads } from '../../repositories/public-photos';
import { queueCaseSms } from '../../repositories/sms-outbox';
import { unitTakesCases } from '../../repositories/units';
import { fieldRefusal, PUBLIC_ACTOR, publicUploaderId, wrongCode } from './guard';

/** The link in the received SMS: the lookup page with the case number filled in. */
export function lookupLink(baseUrl: string | undefined, caseNo: string): string {
  return `${(baseUrl ?? '').replace(/\/+$/, '')}/k?lookup=${encodeURIComponent(caseNo)}`;
}

/** The shared case rule's field paths, as the public form names them. */
function formField(path: string): string {
  return path.replace(/^claimants\.0\./, '');
}

/** A mutation context for the channel's own writes: the system actor, every unit in scope. */
function systemContext(deps: AppDeps, trx: MutationContext['trx'], lang: Lang): MutationContext {
  const now = deps.now();
  return {
    trx,
    dialect: deps.dialect,
    actor: PUBLIC_ACTOR,
    scope: { all: true },
    clientId: 'public-qr',
    mutationId: `public-${randomUUID()}`,
    name: 'case.create',
    baseVersion: undefined,
    now,
    actionWindow: actionWindow(now.getTime(), now.getTime()),
    occurredAt: now.toISOString(),
    occurredAtMoved: null,
    lang,
    config: deps.config,
    log: deps.log,
  };
}

/**
 * POST /api/public/complaints — a worker's complaint becomes a case: source qr_form, status
 * received, received now by the server's clock (the 1-3-7 clock starts here), unassigned, in
 * the unit the worker chose or, for "不清楚", in the intake unit until the office dispatches
 * it. The office's intake queue lists it with its duplicate hints like any received case.
 *
 * Everything that can be refused without the code is refused first (the schema, the unit,
 * the photos, the shared case rule), so bad input never uses a code up; then the code is
 * tried and, if right, used and the case written, in one transaction: a failure after the
 * code leaves it unused. A wrong code's try is kept (committed) and answered 400.
 * Only what the form asks is stored: one claimant (name, mobile, amount, period), the
 * employer (name, address, credit code), the sector and project, the description.
 */
export async function fileComplaint(
  deps: AppDeps,
  req: PublicComplaint,
  lang: Lang,
): Promise<PublicComplaintAnswer> {
  if (req.unitId !== undefined && !(await unitTakesCases(deps.db, deps.dialect, req.unitId))) {
    throw fieldRefusal(lang, { unitId: 'public.unitUnknown' });
  }
  const now = deps.now();
  const nowIso = now.toISOString();
  const photos = req.photos ?? [];
  const uploaded = await recentPublicUploads(
    deps.db,
    publicUploaderId(req.mobile),
    photos,
    new Date(now.getTime() - PUBLIC_PHOTO_LIMITS.usableMs).toISOString(),
  );
  const missing: Record<string, MessageKey> = {};
  photos.forEach((h, i) => {
    if (!uploaded.has(h)) missing[`photos.${i}`] = 'public.photoUnknown';
  });
  if (Object.keys(missing).length > 0) throw fieldRefusal(lang, missing);

  const employer: CaseCreateArgs['employer'] = { name: req.employer.name };
  if (req.employer.creditCode !== undefined) employer.creditCode = req.employer.creditCode;
  if (req.employer.address !== undefined && req.employer.address !== '') {
    employer.address = req.employer.address;
  }
  const claimant: CaseCreateArgs['claimants'][number] = {
    name: req.name,
    mobile: req.mobile,
    owedFen: req.owedFen,
  };
  if (req.periodFrom !== undefined) claimant.periodFrom = req.periodFrom;
  if (req.periodTo !== undefined) claimant.periodTo = req.periodTo;
  const caseId = randomUUID();
  const args: CaseCreateArgs = {
    id: caseId,
    townId: req.unitId ?? 'intake',
    source: 'qr_form',
    employer,
    claimants: [claimant],
    workersCount: req.workersCount,
    description: req.description,
    needsAssistance: false,
    receivedAt: nowIso,
  };
  const made = createCase(null, args, PUBLIC_ACTOR, nowIso);
  if (!made.ok) {
    const fields = Object.fromEntries(
      Object.entries(made.refusal.fields ?? {}).map(([k, v]) => [formField(k), v]),
    );
    throw fieldRefusal(lang, Object.keys(fields).length > 0 ? fields : { _: 'invalid' });
  }

  const outcome = await deps.db.transaction().execute(async (trx) => {
    const code = await useOtp(trx, {
      mobile: req.mobile,
      purpose: 'complaint',
      code: req.otp,
      nowMs: now.getTime(),
    });
    if (!code.ok) return { ok: false as const };
    const ctx = systemContext(deps, trx, lang);
    const townId = req.unitId ?? (await ensureIntakeUnit(trx, nowIso));
    const year = Number(chinaDate(now.getTime()).slice(0, 4));
    const caseNo = formatCaseNo(year, await nextCaseNumber(trx, year));
    const c: Case = {
      ...made.row,
      townId,
      caseNo,
      version: 1,
      sector: req.sector,
      ...(req.sector === 'construction' && req.project ? { project: req.project } : {}),
    };
    const stored: StoredCase = {
      case: c,
      fieldVersions: Object.fromEntries(CASE_FIELDS.map((f) => [f, 1])),
    };
    await insertCase(trx, stored);
    await feedCase(ctx, c);
    await recordEvent(ctx, c, {
      changes: diffCase(null, c, [...CASE_FIELDS, 'sector', 'project']).filter(
        (ch) => ch.to !== undefined,
      ),
    });
    for (const h of photos) {
      const p = uploaded.get(h)!;
      const id = attachmentId(caseId, h);
      await insertAttachment(trx, {
        id,
        sha256: h,
        caseId,
        kind: 'photo',
        mime: p.mime as 'image/jpeg',
        size: p.size,
        createdAt: nowIso,
        linkedBy: PUBLIC_ACTOR.id,
        linkedAt: nowIso,
      });
      await appendFeed(trx, {
        entity: 'attachment',
        entityId: id,
        caseId,
        townId,
        op: 'put',
        at: nowIso,
      });
    }
    await addBlobRefs(trx, caseId, photos);
    await queueCaseSms(trx, {
      caseId,
      kind: 'received',
      mobile: req.mobile,
      message: renderSms('received', {
        caseNo,
        link: lookupLink(deps.config.publicBaseUrl, caseNo),
      }),
      at: nowIso,
    });
    return { ok: true as const, caseNo };
  });
  if (!outcome.ok) throw wrongCode(lang);
  deps.log('public.complaint', { caseNo: outcome.caseNo, mobile: maskMobile(req.mobile) });
  return { caseNo: outcome.caseNo, receivedAt: nowIso };
}
