import { findBlobMeta, mayUseBlob } from '../repositories/blobs';
import { rejectText } from './messages';
import type { MutationContext, MutationOutcome } from './types';

/**
 * The refusal for a mutation that names blobs (attachment.link, mediation.record) unless
 * each exists and the caller may already read it: they sent its bytes, or a case in their
 * scope references it. Linking is what grants others read access, and pull hands hashes to
 * everyone who was ever in scope of a case, so a hash alone must never be enough: linking
 * another town's photo to one's own case would otherwise serve it to oneself.
 * "Missing" and "not yours" get the same answer, so the answer tells nothing about another
 * town's files. On PostgreSQL each found blob stays locked (FOR SHARE) to the end of the
 * mutation, so the expiry of unlinked blobs cannot delete it under the new link.
 * `refs` are `[field path, sha256]`; the first refused one is named in `fields`.
 */
export async function refuseUnusableBlobs(
  ctx: MutationContext,
  refs: ReadonlyArray<readonly [path: string, sha256: string]>,
): Promise<MutationOutcome | null> {
  for (const [path, sha256] of refs) {
    const found = await findBlobMeta(ctx.trx, sha256, { forShare: ctx.dialect === 'postgres' });
    if (found && (await mayUseBlob(ctx.trx, { userId: ctx.actor.id, scope: ctx.scope }, sha256))) {
      continue;
    }
    if (found) ctx.log('scope.denied', { userId: ctx.actor.id, blob: sha256, mutation: ctx.name });
    const message = rejectText('blobMissing', ctx.lang);
    return { status: 'rejected', code: 'invalid', message, fields: { [path]: message } };
  }
  return null;
}
