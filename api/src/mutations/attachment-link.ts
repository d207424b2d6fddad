import { clampedTimeNote, MUTATION_ARGS, placeActionTime } from '@anxin/shared';
import { attachmentId, findAttachment, insertAttachment } from '../repositories/attachments';
import { addBlobRefs, findBlobMeta } from '../repositories/blobs';
import { appendFeed } from '../repositories/feed';
import { refuseUnusableBlobs } from './blob-access';
import { loadTargetCase, nowIso, recordEvent } from './effects';
import { rejectText } from './messages';
import type { MutationHandler } from './types';

/**
 * attachment.link — links an uploaded blob (PUT /api/blobs/:sha256 first) to a case. The
 * link is `<caseId>:<sha256>`, so linking the same content twice is a no-op.
 */
export const attachmentLink: MutationHandler<'attachment.link'> = {
  name: 'attachment.link',
  schema: MUTATION_ARGS['attachment.link'],
  async apply(ctx, args) {
    const loaded = await loadTargetCase(ctx, args.caseId);
    if (!loaded.ok) return loaded.outcome;
    const c = loaded.stored.case;
    const id = attachmentId(args.caseId, args.sha256);
    if (await findAttachment(ctx.trx, id)) return { status: 'applied', version: 1 };
    // Only a blob the caller may read already (refuseUnusableBlobs says why).
    const refused = await refuseUnusableBlobs(ctx, [['sha256', args.sha256]]);
    if (refused) return refused;
    const blob = await findBlobMeta(ctx.trx, args.sha256);
    if (!blob) throw new Error(`blob ${args.sha256} vanished inside its mutation`);
    if (blob.size !== args.size || blob.mime !== args.mime) {
      return {
        status: 'rejected',
        code: 'invalid',
        message: rejectText('blobMismatch', ctx.lang),
        fields: { size: rejectText('blobMismatch', ctx.lang) },
      };
    }
    const at = nowIso(ctx);
    // When the photo was taken is the device's word, inside the window since its last contact.
    const taken = placeActionTime(args.createdAt, ctx.actionWindow);
    await insertAttachment(ctx.trx, {
      ...args,
      id,
      createdAt: taken.at,
      linkedBy: ctx.actor.id,
      linkedAt: at,
    });
    await addBlobRefs(ctx.trx, args.caseId, [args.sha256]);
    await recordEvent(ctx, c, {
      changes: [{ field: 'attachment', from: null, to: { sha256: args.sha256, kind: args.kind } }],
      notes:
        taken.clamped && args.createdAt
          ? [clampedTimeNote('time.takenAt', args.createdAt, taken)]
          : [],
    });
    await appendFeed(ctx.trx, {
      entity: 'attachment',
      entityId: id,
      caseId: c.id,
      townId: c.townId,
      op: 'put',
      at,
    });
    return { status: 'applied', version: 1 };
  },
};
