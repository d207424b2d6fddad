import type { Case, CaseOutcome, MessageKey, TransitionCheck, TransitionRule } from '@anxin/shared';
import { t, timestampsClearedByMove, timestampsForMove } from '@anxin/shared';
import { type StoredCase, updateCase } from '../repositories/cases';
import { queueSms } from '../repositories/sms-outbox';
import { resolutionSmsText } from '../services/sms/text';
import { bumpVersion, diffCase, feedCase, nowIso, recordEvent, serverCopy } from './effects';
import type { MutationContext, MutationOutcome } from './types';

const MOVE_FIELDS: readonly (keyof Case)[] = [
  'townId',
  'status',
  'assignedOfficerId',
  'firstActionAt',
  'resolvedAt',
  'closedAt',
  'outcome',
  'recoveredFen',
  'reviewComment',
];

/** A refused move, in plain words, with the current server copy so the device can show both. */
export function refusedMove(
  ctx: MutationContext,
  stored: StoredCase,
  check: Extract<TransitionCheck, { ok: false }>,
): MutationOutcome {
  const out: MutationOutcome = {
    status: 'rejected',
    code: check.code === 'transition.missing' ? 'invalid' : 'rejected',
    message: t(check.code, ctx.lang),
    version: stored.case.version,
    server: serverCopy(ctx, stored.case),
  };
  if (check.fields) {
    out.fields = Object.fromEntries(
      Object.entries(check.fields).map(([k, v]) => [k, t(v as MessageKey, ctx.lang)]),
    );
  }
  return out;
}

/**
 * Applies a move the status machine allowed, against the current server row: new status,
 * the timestamps the rule stamps (first action only once), whatever else the move sets,
 * then the event, the feed entry and — on resolving — an SMS to each claimant, all in the
 * mutation's transaction.
 */
export async function applyMove(
  ctx: MutationContext,
  stored: StoredCase,
  rule: TransitionRule | null,
  set: Partial<
    Pick<Case, 'outcome' | 'recoveredFen' | 'reviewComment' | 'assignedOfficerId' | 'townId'>
  >,
  comment: string | null,
): Promise<MutationOutcome> {
  const current = stored.case;
  const at = nowIso(ctx);
  const next: Case = { ...current, ...set };
  if (rule) {
    next.status = rule.to;
    for (const stamp of timestampsForMove(rule)) {
      if (stamp === 'firstActionAt' && next.firstActionAt !== null) continue;
      next[stamp] = at;
    }
    for (const cleared of timestampsClearedByMove(rule)) next[cleared] = null;
  }
  const changes = diffCase(current, next, MOVE_FIELDS);
  if (changes.length === 0 && comment === null) {
    return { status: 'applied', version: current.version };
  }
  const updated = bumpVersion(
    stored,
    next,
    changes.map((c) => c.field),
    at,
  );
  await updateCase(ctx.trx, updated);
  await feedCase(ctx, updated.case, current.townId);
  await recordEvent(ctx, updated.case, { changes, comment });
  if (rule?.to === 'resolved') {
    const body = resolutionSmsText(updated.case);
    const mobiles = [...new Set(updated.case.claimants.map((c) => c.mobile))];
    for (const mobile of mobiles) {
      await queueSms(ctx.trx, { caseId: current.id, mobile, body, at });
    }
  }
  return { status: 'applied', version: updated.case.version };
}

export function outcomeForTransfer(target: 'arbitration' | 'enforcement'): CaseOutcome {
  return target === 'arbitration' ? 'transferred_arbitration' : 'transferred_enforcement';
}

export { serverCopy };
