import type { Mediation } from '@anxin/shared';
import {
  clampedTimeNote,
  formatFen,
  MUTATION_ARGS,
  placeActionTime,
  recordMediation,
} from '@anxin/shared';
import { addBlobRefs } from '../repositories/blobs';
import { appendFeed } from '../repositories/feed';
import { findMediation, insertMediation } from '../repositories/mediations';
import { refuseUnusableBlobs } from './blob-access';
import { loadTargetCase, nowIso, recordEvent, refusalOutcome, valuesEqual } from './effects';
import { rejectText } from './messages';
import type { MutationHandler } from './types';

/**
 * mediation.record — appends a mediation record (调解记录). Records are append-only and
 * never conflict: the same record arriving again (same id, same content) is accepted as
 * already done; a different record under an existing id is refused, never overwritten. A
 * changed agreement — including one frozen by both signatures — is a new record naming the
 * one it supersedes.
 */
export const mediationRecord: MutationHandler<'mediation.record'> = {
  name: 'mediation.record',
  schema: MUTATION_ARGS['mediation.record'],
  async apply(ctx, args) {
    const loaded = await loadTargetCase(ctx, args.caseId);
    if (!loaded.ok) return loaded.outcome;
    const c = loaded.stored.case;
    // When it was held is the device's word, inside the window since its last contact: it
    // is printed on the agreement and dates the instalments.
    const held = placeActionTime(args.heldAt, ctx.actionWindow);
    const record = { ...args, heldAt: held.at };
    const existing = await findMediation(ctx.trx, args.id);
    if (existing && existing.caseId !== args.caseId) {
      // The id belongs to a record of another case, perhaps in a town the caller cannot
      // see: say only that the id is taken, never what the record holds.
      return {
        status: 'rejected',
        code: 'conflict',
        message: rejectText('mediationIdTaken', ctx.lang),
      };
    }
    if (existing) {
      const { version: _v, recordedBy: _b, recordedAt: _a, ...sent } = existing;
      // The stored time is the placed one; a re-sent copy whose time was moved again (a
      // later window) is still the same record.
      const sameTime = existing.heldAt === args.heldAt || held.clamped !== null;
      if (
        sameTime &&
        valuesEqual(sortKeys({ ...sent, heldAt: '' }), sortKeys({ ...args, heldAt: '' }))
      ) {
        return { status: 'applied', version: existing.version };
      }
      return {
        status: 'rejected',
        code: 'conflict',
        message: rejectText('mediationExists', ctx.lang),
        version: existing.version,
        server: existing,
      };
    }
    const made = recordMediation(c, record, ctx.actor, nowIso(ctx));
    // A refused record shows the case it could not join; field errors stand on their own.
    if (!made.ok) {
      return refusalOutcome(ctx, made.refusal, made.refusal.code === 'invalid' ? undefined : c);
    }
    if (args.supersedesId !== undefined) {
      const prior = await findMediation(ctx.trx, args.supersedesId);
      if (!prior || prior.caseId !== args.caseId) {
        return {
          status: 'rejected',
          code: 'invalid',
          message: rejectText('supersedesMissing', ctx.lang),
          fields: { supersedesId: rejectText('supersedesMissing', ctx.lang) },
        };
      }
    }
    // Signatures and photos only of blobs the caller may read already (see blob-access.ts).
    const refusedBlob = await refuseUnusableBlobs(ctx, [
      ...Object.entries(args.signatures).flatMap(([who, h]) =>
        typeof h === 'string' ? [[`signatures.${who}`, h] as const] : [],
      ),
      ...args.photoHashes.map((h, i) => [`photoHashes.${i}`, h] as const),
    ]);
    if (refusedBlob) return refusedBlob;
    const m: Mediation = { ...made.row, version: 1 };
    const at = m.recordedAt;
    await insertMediation(ctx.trx, m);
    const hashes = [
      ...Object.values(args.signatures).filter((h): h is string => typeof h === 'string'),
      ...args.photoHashes,
    ];
    await addBlobRefs(ctx.trx, args.caseId, hashes);
    await recordEvent(ctx, c, {
      changes: [
        {
          field: 'mediation',
          from: args.supersedesId ?? null,
          to: {
            id: m.id,
            outcome: m.outcome,
            amountAgreedFen: m.amountAgreedFen,
            amountPaidOnSiteFen: m.amountPaidOnSiteFen,
          },
        },
      ],
      comment: [
        `调解记录：${m.place}，约定 ${formatFen(m.amountAgreedFen)}`,
        m.amountOverrideReason ? `（超过欠薪总额，原因：${m.amountOverrideReason}）` : '',
        held.clamped ? `；${clampedTimeNote('调解时间', args.heldAt, held)}` : '',
      ].join(''),
    });
    await appendFeed(ctx.trx, {
      entity: 'mediation',
      entityId: m.id,
      caseId: c.id,
      townId: c.townId,
      op: 'put',
      at,
    });
    return { status: 'applied', version: 1 };
  },
};

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
  );
}
