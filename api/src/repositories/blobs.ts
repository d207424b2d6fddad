import { sql } from 'kysely';
import type { Db, Dialect, Executor } from '../db/schema';
import type { Scope } from './scope';

export interface BlobMeta {
  sha256: string;
  mime: string;
  size: number;
}

/**
 * A blob's type and size (never `uploaded_by` or the bytes: on SQLite a column after the
 * bytes costs a walk over every overflow page of them). `forShare` (PostgreSQL): the row is
 * locked until the transaction ends, so the expiry of unlinked blobs cannot delete it while
 * a mutation links it.
 */
export async function findBlobMeta(
  db: Executor,
  sha256: string,
  opts: { forShare?: boolean } = {},
): Promise<BlobMeta | null> {
  let q = db.selectFrom('blobs').select(['sha256', 'mime', 'size']).where('sha256', '=', sha256);
  if (opts.forShare) q = q.forShare();
  const row = await q.executeTakeFirst();
  return row ? { sha256: row.sha256, mime: row.mime, size: row.size } : null;
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

// Two-int advisory keys (class, hash) live apart from the one-bigint startup lock's keys.
const BLOB_QUOTA_LOCK_CLASS = 0x424c42;

export type StoreOutcome =
  | { kind: 'stored'; created: boolean; meta: BlobMeta }
  | { kind: 'over_quota'; unlinkedBytes: number };

/**
 * Stores an upload: records that this user sent these bytes (which is what lets them read
 * and link the blob), and stores the bytes once. A user may hold at most `quotaBytes` of
 * blobs that no case links, counting their uploads since `sinceIso` (older unlinked ones are
 * expired). Check and insert are ONE atomic step: SQLite's INSERT … SELECT takes the write
 * lock before it reads, and on PostgreSQL uploads of one user queue on an advisory lock, so
 * two concurrent uploads can never both pass a check made before either was counted.
 */
export async function storeUpload(
  db: Db,
  dialect: Dialect,
  u: {
    sha256: string;
    mime: string;
    data: Uint8Array;
    userId: string;
    at: string;
    sinceIso: string;
    quotaBytes: number;
  },
): Promise<StoreOutcome> {
  const size = u.data.byteLength;
  return db.transaction().execute(async (trx) => {
    if (dialect === 'postgres') {
      await sql`select pg_advisory_xact_lock(${BLOB_QUOTA_LOCK_CLASS}, hashtext(${u.userId}))`.execute(
        trx,
      );
    }
    const unlinked = sql<number>`(select coalesce(sum(mine.size), 0) from blob_uploads mine
      where mine.user_id = ${u.userId} and mine.created_at > ${u.sinceIso}
        and not exists (select 1 from blob_refs r where r.sha256 = mine.sha256))`;
    // Bytes some case links already add nothing unlinked.
    const added = sql<number>`(case when exists (select 1 from blob_refs r where r.sha256 = ${u.sha256})
      then 0 else ${size} end)`;
    const recorded = await sql<{ sha256: string }>`
      insert into blob_uploads (sha256, user_id, size, created_at)
      select cast(${u.sha256} as text), cast(${u.userId} as text), cast(${size} as integer),
             cast(${u.at} as text)
      where not exists (select 1 from blob_uploads b where b.sha256 = ${u.sha256} and b.user_id = ${u.userId})
        and ${unlinked} + ${added} <= ${u.quotaBytes}
      returning sha256`.execute(trx);
    if (recorded.rows.length === 0) {
      const mine = await trx
        .selectFrom('blob_uploads')
        .select('sha256')
        .where('sha256', '=', u.sha256)
        .where('user_id', '=', u.userId)
        .executeTakeFirst();
      if (!mine) {
        const row = await sql<{ n: number }>`select ${unlinked} as n`.execute(trx);
        return { kind: 'over_quota', unlinkedBytes: Number(row.rows[0]?.n ?? 0) };
      }
    }
    // FOR SHARE: an expiry running now must not delete the row under this answer.
    const existing = await findBlobMeta(trx, u.sha256, { forShare: dialect === 'postgres' });
    if (existing) return { kind: 'stored', created: false, meta: existing };
    const inserted = await trx
      .insertInto('blobs')
      .values({
        sha256: u.sha256,
        mime: u.mime,
        size,
        data: u.data,
        uploaded_by: u.userId,
        created_at: u.at,
      })
      .onConflict((oc) => oc.column('sha256').doNothing())
      .returning('sha256')
      .executeTakeFirst();
    if (inserted)
      return { kind: 'stored', created: true, meta: { sha256: u.sha256, mime: u.mime, size } };
    // Another user's upload of the same bytes committed first.
    const winner = await findBlobMeta(trx, u.sha256);
    if (!winner) throw new Error(`blob ${u.sha256} was not stored`);
    return { kind: 'stored', created: false, meta: winner };
  });
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

/** Whether this user sent these bytes (uploaded the blob, first or again later). */
export async function uploadedBlob(db: Executor, userId: string, sha256: string): Promise<boolean> {
  const row = await db
    .selectFrom('blob_uploads')
    .select('sha256')
    .where('sha256', '=', sha256)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Whether some case in scope references the blob NOW (as an attachment, signature or
 * photo): the case's current unit decides, so a case that moved takes its blobs with it.
 */
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

/**
 * Whether this user may read a blob, and so also link it to a case: they sent its bytes, or
 * a case in their scope references it. Knowing the hash is not enough.
 */
export async function mayUseBlob(
  db: Executor,
  who: { userId: string; scope: Scope },
  sha256: string,
): Promise<boolean> {
  return (
    (await uploadedBlob(db, who.userId, sha256)) ||
    (await blobReferencedInScope(db, who.scope, sha256))
  );
}

/**
 * Deletes up to `limit` blobs that no case references and nobody uploaded since `cutoffIso`,
 * with their upload records; answers what went. On PostgreSQL the rows are locked first
 * (skipping any a linking mutation holds), and the delete re-checks the references in a
 * snapshot taken after the locks: a link committed meanwhile keeps its blob, one still to
 * come waits and then finds the blob gone (rejected, never a dangling link).
 */
export async function deleteUnlinkedBlobs(
  db: Db,
  dialect: Dialect,
  cutoffIso: string,
  limit: number,
): Promise<Array<{ sha256: string; size: number }>> {
  return db.transaction().execute(async (trx) => {
    const unlinked = sql<boolean>`blobs.created_at < ${cutoffIso}
      and not exists (select 1 from blob_refs r where r.sha256 = blobs.sha256)
      and not exists (select 1 from blob_uploads u where u.sha256 = blobs.sha256 and u.created_at >= ${cutoffIso})`;
    const candidates = trx
      .selectFrom('blobs')
      .select('blobs.sha256')
      .where(unlinked)
      .orderBy('blobs.created_at')
      .limit(limit);
    let hashes: string[] | null = null;
    if (dialect === 'postgres') {
      hashes = (await candidates.forUpdate().skipLocked().execute()).map((r) => r.sha256);
      if (hashes.length === 0) return [];
    }
    const gone = await trx
      .deleteFrom('blobs')
      .where('sha256', 'in', hashes ?? candidates)
      .where(unlinked)
      .returning(['sha256', 'size'])
      .execute();
    if (gone.length > 0) {
      await trx
        .deleteFrom('blob_uploads')
        .where(
          'sha256',
          'in',
          gone.map((g) => g.sha256),
        )
        .execute();
    }
    return gone.map((g) => ({ sha256: g.sha256, size: Number(g.size) }));
  });
}
