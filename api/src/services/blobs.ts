import { createHash } from 'node:crypto';
import type { Lang } from '@anxin/shared';
import { ATTACHMENT_MIME_TYPES, sha256Schema } from '@anxin/shared';
import type { AppDeps } from '../deps';
import { HttpError } from '../http/errors';
import { blobReferencedInScope, findBlobMeta, insertBlob, readBlob } from '../repositories/blobs';
import { type Actor, scopeOf } from '../repositories/scope';

/**
 * Attachments by content hash. Blobs live in the database (a `blobs` table) rather than on
 * disk, so one backup holds everything and two API processes share them without a shared
 * volume; at 10 MiB per file and photos compressed on the device this stays small.
 */
const M = {
  badHash: {
    zh: '附件哈希应为 64 位十六进制 SHA-256',
    en: 'Hash must be a 64-character hex SHA-256',
  },
  hashMismatch: {
    zh: '文件内容与哈希不一致，可能在传输中损坏，请重新上传',
    en: 'The content does not match its hash (damaged in transit?); upload it again',
  },
  badType: {
    zh: '只接受 JPEG、PNG、WebP 图片和 PDF 文件',
    en: 'Only JPEG, PNG, WebP images and PDF files are accepted',
  },
  empty: { zh: '文件为空', en: 'The file is empty' },
  notFound: { zh: '附件不存在或无权查看', en: 'Attachment not found' },
};

export function isAllowedMime(mime: string): mime is (typeof ATTACHMENT_MIME_TYPES)[number] {
  return (ATTACHMENT_MIME_TYPES as readonly string[]).includes(mime);
}

export async function putBlob(
  deps: AppDeps,
  actor: Actor,
  input: { sha256: string; contentType: string; data: Uint8Array },
  lang: Lang,
): Promise<{ sha256: string; size: number; mime: string; created: boolean }> {
  if (!sha256Schema.safeParse(input.sha256).success) {
    throw new HttpError('invalid', M.badHash[lang], { fields: { sha256: M.badHash[lang] } });
  }
  const mime = input.contentType.split(';')[0]!.trim().toLowerCase();
  if (!isAllowedMime(mime)) throw new HttpError('unsupported_media_type', M.badType[lang]);
  if (input.data.byteLength === 0) throw new HttpError('invalid', M.empty[lang]);
  const actual = createHash('sha256').update(input.data).digest('hex');
  if (actual !== input.sha256) {
    throw new HttpError('invalid', M.hashMismatch[lang], {
      fields: { sha256: M.hashMismatch[lang] },
    });
  }
  const existing = await findBlobMeta(deps.db, input.sha256);
  if (existing)
    return { sha256: existing.sha256, size: existing.size, mime: existing.mime, created: false };
  await insertBlob(deps.db, {
    sha256: input.sha256,
    mime,
    size: input.data.byteLength,
    data: input.data,
    uploadedBy: actor.id,
    createdAt: deps.now().toISOString(),
  });
  return { sha256: input.sha256, size: input.data.byteLength, mime, created: true };
}

/**
 * A blob is served to its uploader (who may read back what they uploaded before linking
 * it) and to users in scope of a case that references it; to anyone else it does not exist.
 */
export async function getBlob(
  deps: AppDeps,
  actor: Actor,
  sha256: string,
  lang: Lang,
): Promise<{ mime: string; data: Uint8Array }> {
  if (!sha256Schema.safeParse(sha256).success) throw new HttpError('not_found', M.notFound[lang]);
  const meta = await findBlobMeta(deps.db, sha256);
  if (!meta) throw new HttpError('not_found', M.notFound[lang]);
  const allowed =
    meta.uploadedBy === actor.id || (await blobReferencedInScope(deps.db, scopeOf(actor), sha256));
  if (!allowed) {
    deps.log('scope.denied', { userId: actor.id, blob: sha256 });
    throw new HttpError('not_found', M.notFound[lang]);
  }
  const blob = await readBlob(deps.db, sha256);
  if (!blob) throw new HttpError('not_found', M.notFound[lang]);
  return blob;
}
