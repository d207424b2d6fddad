import type { AttachmentMeta } from '@anxin/shared';
import type { AttachmentsTable, Executor } from '../db/schema';

/** Attachment metadata as stored and pulled; `id` is `<caseId>:<sha256>`. */
export interface AttachmentRecord extends AttachmentMeta {
  id: string;
  linkedBy: string;
  linkedAt: string;
}

export function attachmentId(caseId: string, sha256: string): string {
  return `${caseId}:${sha256}`;
}

function rowToAttachment(row: AttachmentsTable): AttachmentRecord {
  return {
    id: row.id,
    sha256: row.sha256,
    caseId: row.case_id,
    kind: row.kind as AttachmentMeta['kind'],
    mime: row.mime as AttachmentMeta['mime'],
    size: row.size,
    createdAt: row.created_at,
    linkedBy: row.linked_by,
    linkedAt: row.linked_at,
  };
}

export async function insertAttachment(db: Executor, a: AttachmentRecord): Promise<void> {
  await db
    .insertInto('attachments')
    .values({
      id: a.id,
      case_id: a.caseId,
      sha256: a.sha256,
      kind: a.kind,
      mime: a.mime,
      size: a.size,
      created_at: a.createdAt ?? a.linkedAt,
      linked_by: a.linkedBy,
      linked_at: a.linkedAt,
    })
    .execute();
}

export async function findAttachment(db: Executor, id: string): Promise<AttachmentRecord | null> {
  const row = await db
    .selectFrom('attachments')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? rowToAttachment(row) : null;
}

export async function attachmentsOfCase(db: Executor, caseId: string): Promise<AttachmentRecord[]> {
  const rows = await db
    .selectFrom('attachments')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('linked_at')
    .execute();
  return rows.map(rowToAttachment);
}

export async function attachmentsByIds(
  db: Executor,
  ids: readonly string[],
): Promise<Map<string, AttachmentRecord>> {
  const out = new Map<string, AttachmentRecord>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db
      .selectFrom('attachments')
      .selectAll()
      .where('id', 'in', unique.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.id, rowToAttachment(r));
  }
  return out;
}
