import { randomUUID } from 'node:crypto';
import type {
  Case,
  CaseEvent,
  CaseListAnswer,
  Clock137Result,
  Lang,
  Mediation,
} from '@anxin/shared';
import {
  CASE_STATUSES,
  clock137,
  fieldErrors,
  INVALID_MESSAGE,
  maskCase,
  maskEvent,
  maskMediation,
  maskMobile,
  STAGES_137,
  seesAllTowns,
  stageBounds,
  t,
} from '@anxin/shared';
import { z } from 'zod';
import type { AppDeps } from '../../deps';
import { HttpError } from '../../http/errors';
import { rejectText } from '../../mutations/messages';
import { type AttachmentRecord, attachmentsOfCase } from '../../repositories/attachments';
import { CASE_SORTS, type CaseSortKey, listCases, lookupCase } from '../../repositories/cases';
import { appendCaseEvent, listEvents } from '../../repositories/events';
import { mediationsOfCase } from '../../repositories/mediations';
import { type Actor, scopeOf } from '../../repositories/scope';
import { type SmsRecord, smsOfCase } from '../../repositories/sms-outbox';

const csv = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .transform((s) => s.split(',').filter((x) => x.length > 0))
    .pipe(z.array(item).max(50));

const sortValues = Object.keys(CASE_SORTS).flatMap((k) => [k, `-${k}`]) as [string, ...string[]];

export const caseListQuerySchema = z.strictObject({
  townId: csv(z.string().max(32)).optional(),
  status: csv(z.enum(CASE_STATUSES, { error: 'notInList' })).optional(),
  stage: z.enum(STAGES_137, { error: 'notInList' }).optional(),
  assignedOfficerId: z.string().max(64).optional(),
  q: z.string().trim().max(100, { error: 'tooLong' }).optional(),
  sort: z.enum(sortValues, { error: 'notInList' }).optional(),
  page: z.coerce
    .number({ error: 'invalidType' })
    .int()
    .min(1, { error: 'tooSmall' })
    .max(1_000_000, { error: 'tooLarge' })
    .optional(),
  pageSize: z.coerce
    .number({ error: 'invalidType' })
    .int()
    .min(1)
    .max(200, { error: 'tooLarge' })
    .optional(),
  offset: z.coerce
    .number({ error: 'invalidType' })
    .int()
    .min(0, { error: 'tooSmall' })
    .max(100_000_000, { error: 'tooLarge' })
    .optional(),
  limit: z.coerce
    .number({ error: 'invalidType' })
    .int()
    .min(1)
    .max(200, { error: 'tooLarge' })
    .optional(),
});

function invalid(error: z.ZodError, lang: Lang): HttpError {
  return new HttpError('invalid', INVALID_MESSAGE[lang], { fields: fieldErrors(error, lang) });
}

export async function listCasesFor(
  deps: AppDeps,
  actor: Actor,
  rawQuery: Record<string, string>,
  lang: Lang,
): Promise<CaseListAnswer> {
  const parsed = caseListQuerySchema.safeParse(rawQuery);
  if (!parsed.success) throw invalid(parsed.error, lang);
  const q = parsed.data;
  const nowMs = deps.now().getTime();
  const limit = q.limit ?? q.pageSize ?? 50;
  const offset = q.offset ?? ((q.page ?? 1) - 1) * limit;
  const sortKey = (q.sort ?? '-receivedAt').replace(/^-/, '') as CaseSortKey;
  const filter: Parameters<typeof listCases>[2] = {
    sort: sortKey,
    descending: (q.sort ?? '-receivedAt').startsWith('-'),
    offset,
    limit,
  };
  if (q.townId) filter.townIds = q.townId;
  if (q.status) filter.statuses = q.status;
  if (q.stage) filter.stage = stageBounds(q.stage, nowMs, deps.config.clock137);
  if (q.assignedOfficerId !== undefined) {
    filter.assignedOfficerId = q.assignedOfficerId === 'none' ? null : q.assignedOfficerId;
  }
  if (q.q) filter.q = q.q;
  const { items, total } = await listCases(deps.db, scopeOf(actor), filter);
  return {
    items: items.map((c) => ({
      ...maskCase(c, actor.role, 'list'),
      clock137: clock137(c, nowMs, deps.config.clock137),
    })),
    total,
    offset,
    limit,
    serverTime: new Date(nowMs).toISOString(),
  };
}

export interface SmsDelivery {
  id: number;
  /** Which message of the case (received, dispatched, resolved…; null before kinds). */
  kind: string | null;
  /** The named template it was sent with (docs/api.md "Text messages"). */
  templateId: string | null;
  mobile: string;
  status: SmsRecord['status'];
  /** When a queued message goes out: a "resolved" one waits out the approval's undo window. */
  dueAt: string | null;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface CaseDetail {
  case: Case;
  clock137: Clock137Result;
  mediations: Mediation[];
  attachments: AttachmentRecord[];
  sms: SmsDelivery[];
  serverTime: string;
}

async function loadInScope(deps: AppDeps, actor: Actor, id: string, lang: Lang): Promise<Case> {
  const found = await lookupCase(deps.db, deps.dialect, scopeOf(actor), id);
  if (found.kind === 'found') return found.stored.case;
  if (found.kind === 'out_of_scope') {
    // Answered exactly like a missing case, so the answer does not reveal it exists.
    deps.log('scope.denied', { userId: actor.id, caseId: id, caseTown: found.townId, read: true });
  }
  throw new HttpError('not_found', rejectText('caseNotFound', lang));
}

export async function caseDetailFor(
  deps: AppDeps,
  actor: Actor,
  id: string,
  opts: { reveal: boolean; clientId: string | null },
  lang: Lang,
): Promise<CaseDetail> {
  const c = await loadInScope(deps, actor, id, lang);
  if (opts.reveal) {
    if (!seesAllTowns(actor.role))
      throw new HttpError('forbidden', t('case.revealForbidden', lang));
    await recordIdNumberView(deps, actor, c, opts.clientId);
  }
  const now = deps.now();
  return {
    case: maskCase(c, actor.role, 'detail', { revealIdNumber: opts.reveal }),
    clock137: clock137(c, now.getTime(), deps.config.clock137),
    mediations: (await mediationsOfCase(deps.db, c.id)).map((m) =>
      maskMediation(m, actor.role, 'detail'),
    ),
    attachments: await attachmentsOfCase(deps.db, c.id),
    sms: (await smsOfCase(deps.db, c.id)).map((s) => ({
      id: s.id,
      kind: s.kind,
      templateId: s.templateId,
      mobile: maskMobile(s.mobile),
      status: s.status,
      dueAt: s.status === 'queued' ? s.nextAttemptAt : null,
      attempts: s.attempts,
      lastError: s.lastError,
      createdAt: s.createdAt,
      sentAt: s.sentAt,
    })),
    serverTime: now.toISOString(),
  };
}

/**
 * Seeing a full ID number — or learning that a case holds one typed in full — is itself
 * part of the case's audit trail.
 */
export async function recordIdNumberView(
  deps: AppDeps,
  actor: Actor,
  c: Case,
  clientId: string | null,
  name: 'case.viewIdNumber' | 'case.lookupIdNumber' = 'case.viewIdNumber',
): Promise<void> {
  const at = deps.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const event: CaseEvent = {
      id: randomUUID(),
      caseId: c.id,
      at,
      actorId: actor.id,
      actorName: actor.displayName,
      clientId,
      mutationId: null,
      name,
      changes: [],
      comment: null,
    };
    await appendCaseEvent(trx, event, c);
  });
}

export async function caseEventsFor(
  deps: AppDeps,
  actor: Actor,
  id: string,
  lang: Lang,
): Promise<CaseEvent[]> {
  const c = await loadInScope(deps, actor, id, lang);
  return (await listEvents(deps.db, c.id)).map((e) => maskEvent(e, actor.role, 'detail'));
}
