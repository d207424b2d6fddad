import { createHash } from 'node:crypto';
import type { Lang } from '@anxin/shared';
import { ATTACHMENT_MIME_TYPES, sha256Schema, t } from '@anxin/shared';
import { type AppConfig, BLOB_DEFAULTS } from '../config/env';
import type { AppDeps } from '../deps';
import { HttpError } from '../http/errors';
import {
  deleteUnlinkedBlobs,
  findBlobMeta,
  mayUseBlob,
  readBlob,
  storeUpload,
} from '../repositories/blobs';
import { type Actor, scopeOf } from '../repositories/scope';

/**
 * Attachments by content hash. Blobs live in the database (a `blobs` table) rather than on
 * disk, so one backup holds everything and two API processes share them without a shared
 * volume; at 10 MiB per file and photos compressed on the device this stays small — as
 * long as nobody can fill it: each user holds a bounded number of unlinked bytes, and
 * blobs never linked expire.
 */
export type AttachmentMime = (typeof ATTACHMENT_MIME_TYPES)[number];

export function isAllowedMime(mime: string): mime is AttachmentMime {
  return (ATTACHMENT_MIME_TYPES as readonly string[]).includes(mime);
}

const ascii = (s: string) => [...s].map((ch) => ch.charCodeAt(0));

/**
 * Whether the bytes begin as their declared type's files do. A browser that sniffs (or a
 * viewer that trusts the bytes over the label) must never be handed HTML or script dressed
 * up as a photo.
 */
export function bytesMatchType(mime: AttachmentMime, data: Uint8Array): boolean {
  const startsWith = (at: number, sig: readonly number[]) =>
    data.byteLength >= at + sig.length && sig.every((b, i) => data[at + i] === b);
  switch (mime) {
    case 'image/jpeg':
      return startsWith(0, [0xff, 0xd8, 0xff]);
    case 'image/png':
      return startsWith(0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    case 'image/webp':
      return startsWith(0, ascii('RIFF')) && startsWith(8, ascii('WEBP'));
    case 'application/pdf':
      return startsWith(0, ascii('%PDF-'));
  }
}

/** The file name extension a blob is served under. */
export const MIME_EXTENSION: Record<AttachmentMime, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
};

const MIB = 1024 * 1024;

export async function putBlob(
  deps: AppDeps,
  actor: Actor,
  input: { sha256: string; contentType: string; data: Uint8Array },
  lang: Lang,
): Promise<{ sha256: string; size: number; mime: string; created: boolean }> {
  if (!sha256Schema.safeParse(input.sha256).success) {
    throw new HttpError('invalid', t('sha256.invalid', lang), {
      fields: { sha256: t('sha256.invalid', lang) },
    });
  }
  const mime = input.contentType.split(';')[0]!.trim().toLowerCase();
  if (!isAllowedMime(mime)) throw new HttpError('unsupported_media_type', t('blob.badType', lang));
  if (input.data.byteLength === 0) throw new HttpError('invalid', t('blob.empty', lang));
  const actual = createHash('sha256').update(input.data).digest('hex');
  if (actual !== input.sha256) {
    throw new HttpError('invalid', t('blob.hashMismatch', lang), {
      fields: { sha256: t('blob.hashMismatch', lang) },
    });
  }
  if (!bytesMatchType(mime, input.data)) {
    throw new HttpError('unsupported_media_type', t('blob.notThatType', lang));
  }
  const now = deps.now();
  const quotaBytes = deps.config.blobUnlinkedQuotaBytes ?? BLOB_DEFAULTS.unlinkedQuotaBytes;
  const outcome = await storeUpload(deps.db, deps.dialect, {
    sha256: input.sha256,
    mime,
    data: input.data,
    userId: actor.id,
    at: now.toISOString(),
    sinceIso: new Date(now.getTime() - ttlMs(deps.config)).toISOString(),
    quotaBytes,
  });
  if (outcome.kind === 'over_quota') {
    deps.log('blob.overQuota', { userId: actor.id, unlinkedBytes: outcome.unlinkedBytes });
    throw new HttpError(
      'payload_too_large',
      t('blob.overQuota', lang, { mib: Math.floor(quotaBytes / MIB) }),
    );
  }
  const { meta } = outcome;
  return { sha256: meta.sha256, size: meta.size, mime: meta.mime, created: outcome.created };
}

/**
 * A blob is served to whoever sent its bytes (the uploader reads back what they uploaded
 * before linking it) and to users in scope of a case that references it now; to anyone
 * else it does not exist.
 */
export async function getBlob(
  deps: AppDeps,
  actor: Actor,
  sha256: string,
  lang: Lang,
): Promise<{ mime: string; data: Uint8Array }> {
  if (!sha256Schema.safeParse(sha256).success)
    throw new HttpError('not_found', t('blob.notFound', lang));
  const meta = await findBlobMeta(deps.db, sha256);
  if (!meta) throw new HttpError('not_found', t('blob.notFound', lang));
  if (!(await mayUseBlob(deps.db, { userId: actor.id, scope: scopeOf(actor) }, sha256))) {
    deps.log('scope.denied', { userId: actor.id, blob: sha256 });
    throw new HttpError('not_found', t('blob.notFound', lang));
  }
  const blob = await readBlob(deps.db, sha256);
  if (!blob) throw new HttpError('not_found', t('blob.notFound', lang));
  return blob;
}

function ttlMs(config: AppConfig): number {
  return (config.blobUnlinkedTtlHours ?? BLOB_DEFAULTS.unlinkedTtlHours) * 3600_000;
}

/**
 * Deletes every blob no case references that nobody has uploaded for BLOB_UNLINKED_TTL_HOURS
 * (a device links what it uploads within one sync, so these are abandoned or abuse), in
 * batches so no transaction grows large.
 */
export async function expireUnlinkedBlobs(
  deps: Pick<AppDeps, 'db' | 'dialect' | 'config' | 'now' | 'log'>,
  batch = 100,
): Promise<{ deleted: number; bytes: number }> {
  const cutoff = new Date(deps.now().getTime() - ttlMs(deps.config)).toISOString();
  let deleted = 0;
  let bytes = 0;
  for (;;) {
    const gone = await deleteUnlinkedBlobs(deps.db, deps.dialect, cutoff, batch);
    deleted += gone.length;
    bytes += gone.reduce((s, g) => s + g.size, 0);
    if (gone.length < batch) break;
  }
  if (deleted > 0) deps.log('blob.expired', { deleted, bytes });
  return { deleted, bytes };
}

/** The in-process expiry loop of a running server (every 15 minutes). Returns a stop function. */
export function startBlobExpiry(
  deps: Pick<AppDeps, 'db' | 'dialect' | 'config' | 'now' | 'log'>,
  intervalMs = 15 * 60_000,
): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const run = () => {
    if (stopped) return;
    running = running
      .then(() => expireUnlinkedBlobs(deps))
      .catch((err: unknown) => deps.log('blob.expiry.error', { error: String(err) }));
  };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
