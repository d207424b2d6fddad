import type { Mediation } from '@anxin/shared';
import {
  clampedTimeNote,
  MUTATION_ARGS,
  placeActionTime,
  recordMediation,
  SIGNER_ROLES,
} from '@anxin/shared';
import { addBlobRefs } from '../repositories/blobs';
import { appendFeed } from '../repositories/feed';
import {
  countMediationsOfCase,
  findMediation,
  insertMediation,
  replaceMediation,
} from '../repositories/mediations';
import { refuseUnusableBlobs } from './blob-access';
import { loadTargetCase, nowIso, recordEvent, refusalOutcome, valuesEqual } from './effects';
import { rejectText } from './messages';
import type { MutationContext, MutationHandler } from './types';

/**
 * mediation.record — stores a mediation record (调解记录). The same record arriving again
 * (same id, same content) is accepted as already done. Different content under an existing
 * id replaces a draft — not yet signed by both parties — so signatures can be added after
 * the meeting (the shared rule decides, recordMediation with the stored record as prior);
 * a frozen agreement is never overwritten: a change is a new record naming the one it
 * supersedes. A new record gets its agreement number here, where the case number is known.
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
      const { version: _v, recordedBy: _b, recordedAt: _a, agreementNo: _n, ...sent } = existing;
      // The stored time is the placed one; a re-sent copy whose time was moved again (a
      // later window) is still the same record.
      const sameTime = existing.heldAt === args.heldAt || held.clamped !== null;
      if (
        sameTime &&
        valuesEqual(sortKeys({ ...sent, heldAt: '' }), sortKeys({ ...args, heldAt: '' }))
      ) {
        return { status: 'applied', version: existing.version };
      }
    }
    const made = recordMediation(c, record, ctx.actor, nowIso(ctx), existing);
    if (!made.ok) {
      // A refused change of a stored record shows that record; one that could not join the
      // case shows the case; field errors stand on their own.
      if (existing && made.refusal.code === 'conflict') {
        return {
          status: 'rejected',
          code: 'conflict',
          message: rejectText(
            made.refusal.key === 'reject.agreementFrozen' ? 'agreementFrozen' : 'mediationExists',
            ctx.lang,
          ),
          version: existing.version,
          server: existing,
        };
      }
      return refusalOutcome(ctx, made.refusal, made.refusal.code === 'invalid' ? undefined : c);
    }
    if (!existing && args.supersedesId !== undefined) {
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
    const m: Mediation = existing
      ? { ...made.row, version: existing.version + 1 }
      : { ...made.row, version: 1, ...(await agreementNumber(ctx, c.id, c.caseNo)) };
    const at = m.recordedAt;
    if (existing) await replaceMediation(ctx.trx, m);
    else await insertMediation(ctx.trx, m);
    const hashes = [
      ...Object.values(args.signatures).filter((h): h is string => typeof h === 'string'),
      ...args.photoHashes,
    ];
    await addBlobRefs(ctx.trx, args.caseId, hashes);
    await recordEvent(ctx, c, {
      changes: [
        {
          field: 'mediation',
          from: existing ? existing.id : (args.supersedesId ?? null),
          to: {
            id: m.id,
            outcome: m.outcome,
            amountAgreedFen: m.amountAgreedFen,
            amountPaidOnSiteFen: m.amountPaidOnSiteFen,
          },
        },
      ],
      notes: [
        existing
          ? {
              key: 'note.mediationDraft',
              params: {
                place: m.place,
                agreedFen: m.amountAgreedFen,
                signed: SIGNER_ROLES.filter((r) => m.signatures[r]).length,
                of: SIGNER_ROLES.length,
              },
            }
          : { key: 'note.mediation', params: { place: m.place, agreedFen: m.amountAgreedFen } },
        ...(m.amountOverrideReason
          ? [{ key: 'note.agreedOverOwed', params: { reason: m.amountOverrideReason } } as const]
          : []),
        ...(held.clamped ? [clampedTimeNote('time.heldAt', args.heldAt, held)] : []),
      ],
    });
    await appendFeed(ctx.trx, {
      entity: 'mediation',
      entityId: m.id,
      caseId: c.id,
      townId: c.townId,
      op: 'put',
      at,
    });
    return { status: 'applied', version: m.version };
  },
};

/** YW-2026-000301-2: the case number and the record's place among the case's records. */
async function agreementNumber(
  ctx: MutationContext,
  caseId: string,
  caseNo: string | null,
): Promise<{ agreementNo?: string }> {
  if (!caseNo) return {};
  const n = (await countMediationsOfCase(ctx.trx, caseId)) + 1;
  return { agreementNo: `${caseNo}-${n}` };
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
  );
}
