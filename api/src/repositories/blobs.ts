import type { Executor } from '../db/schema';
import type { Scope } from './scope';

export interface BlobMeta {
  sha256: string;
  mime: string;
  size: number;
  uploadedBy: string;
}

export async function findBlobMeta(db: Executor, sha256: string): Promise<BlobMeta | null> {
  const row = await db
    .selectFrom('blobs')
    .select(['sha256', 'mime', 'size', 'uploaded_by'])
    .where('sha256', '=', sha256)
    .executeTakeFirst();
  return row
    ? { sha256: row.sha256, mime: row.mime, size: row.size, uploadedBy: row.uploaded_by }
    : null;
}

export async function readBlob(
  db: Executor,
  sha256: string,
): Promise<{ mime: string; data: Uint8Array } | null> {
  const row = await db
    .selectFrom('blobs')
    .select(['mime', 'data'])
    .where('sha256', '=', sha256)
    .executeTakeFirst();
  return row ? { mime: row.mime, data: row.data } : null;
}

/** Stores a blob once; a second upload of the same content is a no-op. */
export async function insertBlob(
  db: Executor,
  b: BlobMeta & { data: Uint8Array; createdAt: string },
): Promise<void> {
  await db
    .insertInto('blobs')
    .values({
      sha256: b.sha256,
      mime: b.mime,
      size: b.size,
      data: b.data,
      uploaded_by: b.uploadedBy,
      created_at: b.createdAt,
    })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
}

export async function addBlobRefs(
  db: Executor,
  caseId: string,
  hashes: readonly string[],
): Promise<void> {
  const unique = [...new Set(hashes)];
  if (unique.length === 0) return;
  await db
    .insertInto('blob_refs')
    .values(unique.map((sha256) => ({ sha256, case_id: caseId })))
    .onConflict((oc) => oc.columns(['sha256', 'case_id']).doNothing())
    .execute();
}

/** Whether some case in scope references the blob (as an attachment, signature or photo). */
export async function blobReferencedInScope(
  db: Executor,
  scope: Scope,
  sha256: string,
): Promise<boolean> {
  let q = db
    .selectFrom('blob_refs')
    .innerJoin('cases', 'cases.id', 'blob_refs.case_id')
    .select('blob_refs.case_id')
    .where('blob_refs.sha256', '=', sha256);
  if (!scope.all) {
    const towns = [...scope.townIds];
    if (towns.length === 0) return false;
    q = q.where('cases.town_id', 'in', towns);
  }
  return (await q.limit(1).executeTakeFirst()) !== undefined;
}
