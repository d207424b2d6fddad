import type { InstalmentPayment } from '@anxin/shared';
import {
  formatFen,
  INSTALMENT_OUTCOME_LABELS,
  instalmentCaseMove,
  MUTATION_ARGS,
  recordInstalment,
} from '@anxin/shared';
import { appendFeed } from '../repositories/feed';
import {
  findInstalmentPayment,
  insertInstalmentPayment,
} from '../repositories/instalment-payments';
import { findMediation } from '../repositories/mediations';
import { commitCase } from './case-write';
import { loadTargetCase, nowIso, recordEvent, refusalOutcome, valuesEqual } from './effects';
import { refused } from './messages';
import type { MutationHandler } from './types';

/**
 * instalment.record — the officer's check of one instalment, by the shared rules
 * (shared/src/mutators/instalment.ts): the record against the agreement it names, and what
 * it does to the case — a missed instalment of a closed case puts the case back in the
 * office's review queue. Append-only: the same record arriving again is already done; other
 * content under a used id is refused, never overwritten.
 */
export const instalmentRecord: MutationHandler<'instalment.record'> = {
  name: 'instalment.record',
  schema: MUTATION_ARGS['instalment.record'],
  async apply(ctx, args) {
    const loaded = await loadTargetCase(ctx, args.caseId);
    if (!loaded.ok) return loaded.outcome;
    const c = loaded.stored.case;
    const existing = await findInstalmentPayment(ctx.trx, args.id);
    if (existing) {
      const { recordedBy: _b, recordedAt: _a, version, ...stored } = existing;
      const sent = { ...args, comment: args.comment?.trim() || undefined };
      if (existing.caseId === args.caseId && valuesEqual(stored, dropUndefined(sent))) {
        return { status: 'applied', version };
      }
      return refused(ctx, 'conflict', 'instalmentExists');
    }
    const mediation = await findMediation(ctx.trx, args.mediationId);
    const at = nowIso(ctx);
    const made = recordInstalment(c, mediation, args, ctx.actor, at);
    if (!made.ok) {
      return refusalOutcome(ctx, made.refusal, made.refusal.code === 'invalid' ? undefined : c);
    }
    const moved = instalmentCaseMove(c, args, ctx.actor, at);
    if (!moved.ok) return refusalOutcome(ctx, moved.refusal, c);
    const record: InstalmentPayment = { ...made.row, version: 1 };
    await insertInstalmentPayment(ctx.trx, record);
    await appendFeed(ctx.trx, {
      entity: 'instalment',
      entityId: record.id,
      caseId: c.id,
      townId: c.townId,
      op: 'put',
      at,
    });
    const comment = [
      `分期 ${record.dueDate}：${INSTALMENT_OUTCOME_LABELS[record.outcome].zh}`,
      `（${record.date}，收到 ${formatFen(record.amountFen)}）`,
      record.comment ? `${record.comment}` : '',
    ].join('');
    if (moved.row !== c) {
      // The move and the check are one event: the office reads why the case came back.
      return commitCase(ctx, loaded.stored, moved.row, comment);
    }
    await recordEvent(ctx, c, {
      changes: [
        { field: 'instalment', from: null, to: { id: record.id, outcome: record.outcome } },
      ],
      comment,
    });
    return { status: 'applied', version: 1 };
  },
};

function dropUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
