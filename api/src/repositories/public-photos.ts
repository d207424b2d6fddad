import type { Executor } from '../db/schema';

export interface PublicPhoto {
  sha256: string;
  mime: string;
  size: number;
}

/**
 * The photos among `hashes` that this uploader (a worker's proven mobile) sent since
 * `sinceIso`: only those a complaint may attach. Another mobile's upload of the same
 * bytes does not count, nor one older than the short window.
 */
export async function recentPublicUploads(
  db: Executor,
  uploaderId: string,
  hashes: readonly string[],
  sinceIso: string,
): Promise<Map<string, PublicPhoto>> {
  const out = new Map<string, PublicPhoto>();
  if (hashes.length === 0) return out;
  const rows = await db
    .selectFrom('blob_uploads')
    .innerJoin('blobs', 'blobs.sha256', 'blob_uploads.sha256')
    .select(['blobs.sha256 as sha256', 'blobs.mime as mime', 'blobs.size as size'])
    .where('blob_uploads.user_id', '=', uploaderId)
    .where('blob_uploads.created_at', '>', sinceIso)
    .where('blob_uploads.sha256', 'in', [...new Set(hashes)])
    .execute();
  for (const r of rows) out.set(r.sha256, { sha256: r.sha256, mime: r.mime, size: Number(r.size) });
  return out;
}
