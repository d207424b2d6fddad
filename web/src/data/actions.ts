import {
  ATTACHMENT_MIME_TYPES,
  type AttachmentMeta,
  type CaseAssignArgs,
  type CaseCreateArgs,
  type CasePatch,
  type CaseReviewArgs,
  type CaseTransitionArgs,
  caseAssignArgsSchema,
  caseCreateArgsSchema,
  caseReviewArgsSchema,
  caseTransitionArgsSchema,
  caseUpdateArgsSchema,
  fieldErrorKeys,
  MAX_ATTACHMENT_BYTES,
  type Mediation,
  type MediationRecordArgs,
  MUTATION_ARGS,
  type MutationArgs,
  type MutationName,
  mediationRecordArgsSchema,
  recordMediation,
  sameMediation,
  VERSIONED_MUTATIONS,
} from '@anxin/shared';
import type { Table } from 'dexie';
import type { z } from 'zod';
import { mineOf, stripLocal, tryApply } from './apply';
import type { FieldChoices } from './conflict-fields';
import type { AnxinDB } from './db';
import { newId } from './db';
import { DataError, isQuotaError, refusalError, storageFullError } from './errors';
import { composeCase, currentBase, extendCase, rebuildCase } from './rebuild';
import type {
  Draft,
  LocalAttachment,
  LocalCase,
  LocalMediation,
  OutboxItem,
  SessionUser,
} from './types';
import { sealAhead, sealBlob } from './vault/seal';

export interface ActionContext {
  user: () => SessionUser | null;
  /** Server time in ms (device clock corrected by the last measured offset). */
  serverNow: () => number;
}

export type Actions = ReturnType<typeof createActions>;

/** Long side of a stored photo: enough to read a document, small enough to upload on 3G. */
export const PHOTO_MAX_SIDE = 1600;

/**
 * The only way the UI changes data. Each action is ONE read-write transaction that updates
 * the local rows and appends the mutation to the outbox, so the change is either wholly on
 * the device (and will be sent) or not at all; the UI sees it through live queries.
 */
export function createActions(db: AnxinDB, ctx: ActionContext) {
  const requireUser = (): SessionUser => {
    const u = ctx.user();
    if (!u) throw new DataError('not_signed_in', 'device.notSignedIn');
    return u;
  };
  const nowIso = () => new Date(ctx.serverNow()).toISOString();

  const inTransaction = <T>(tables: Table[], fn: () => Promise<T>): Promise<T> =>
    db.transaction('rw', tables, fn).catch((err: unknown) => {
      // The transaction has aborted, so nothing of it is stored; say why in plain words.
      if (isQuotaError(err)) throw storageFullError();
      throw err;
    });
  const RW_TABLES = [
    db.cases,
    db.mediations,
    db.events,
    db.outbox,
    db.conflicts,
    db.attachments,
    db.drafts,
  ];
  const rw = <T>(fn: () => Promise<T>): Promise<T> => inTransaction(RW_TABLES, fn);

  const outboxItem = (
    user: SessionUser,
    name: MutationName,
    args: unknown,
    entityId: string,
    baseVersion: number | undefined,
  ): OutboxItem => {
    const item: OutboxItem = {
      id: newId(),
      name,
      args,
      entityId,
      createdAt: nowIso(),
      actorId: user.id,
      actorRole: user.role,
      attempts: 0,
    };
    if (baseVersion !== undefined) item.baseVersion = baseVersion;
    return item;
  };

  /** Appends a mutation and rebuilds the case view over it (inside the caller's transaction). */
  const enqueue = async (
    user: SessionUser,
    name: MutationName,
    args: unknown,
    entityId: string,
    baseVersion: number | undefined,
  ): Promise<string> => {
    const item = outboxItem(user, name, args, entityId, baseVersion);
    await db.outbox.add(item);
    await rebuildCase(db, entityId);
    return item.id;
  };

  /**
   * The hot path of an edit to an existing case (the officer's every save): ONE rw
   * transaction over only `cases` + `outbox`, with one read (the row) and the outbox append
   * and row write issued back to back. Each awaited IndexedDB request is a round trip to the
   * storage backend, and on a phone those round trips, not the work, are what the officer
   * waits for. The new view is the stored one with this mutation applied on top
   * (`extendCase`): the same as rebuildCase's server copy + pending mutations + this one, in
   * outbox order (the new item's auto-increment seq is the largest, so it goes last),
   * without reading the pending mutations back.
   */
  const editCase = (
    user: SessionUser,
    name: MutationName,
    args: unknown,
    id: string,
  ): Promise<void> =>
    inTransaction([db.cases, db.outbox], async () => {
      const row = await db.cases.get(id);
      if (!row) throw notFound();
      const item = outboxItem(user, name, args, id, serverVersionOf(row));
      // The shared rule decides here once, as the server will: a change it refuses is
      // never queued.
      const next = extendCase(row, item);
      if (!next.ok) throw refusalError(next.refusal);
      const { view } = next;
      await Promise.all([db.outbox.add(item), view ? db.cases.put(view) : db.cases.delete(id)]);
    });

  const loadCase = async (id: string): Promise<LocalCase> => {
    const row = await db.cases.get(id);
    if (!row) throw notFound();
    return row;
  };

  /** The server version the local view is based on: the baseVersion of a new edit. */
  const serverVersionOf = (row: LocalCase): number => currentBase(row)?.version ?? 0;

  return {
    async createCase(input: Omit<CaseCreateArgs, 'id'> & { id?: string }): Promise<string> {
      const user = requireUser();
      const id = input.id ?? newId();
      const args = parseOrThrow(caseCreateArgsSchema, {
        receivedAt: nowIso(),
        ...input,
        id,
      });
      // A new case depends on nothing stored: its outbox row and view are made, and sealed
      // (sealAhead), before the transaction, so inside it nothing waits on WebCrypto.
      const item = outboxItem(user, 'case.create', args, id, undefined);
      const made = tryApply(null, item, { userId: user.id, role: user.role });
      if (!made.ok) throw refusalError(made.refusal);
      const view = composeCase(null, [item]);
      await sealAheadOf(db, [
        ['outbox', item],
        ['cases', view],
      ]);
      await inTransaction([db.cases, db.outbox], async () => {
        // Put-if-absent by the form's id: a double tap (or a retried submit) finds the
        // case already there and queues nothing more. Both looks in one round trip.
        const [existing, queued] = await Promise.all([
          db.cases.get(id),
          db.outbox.where('entityId').equals(id).count(),
        ]);
        if (existing || queued > 0) return;
        await Promise.all([db.outbox.add(item), view ? db.cases.put(view) : null]);
      });
      return id;
    },

    async updateCase(id: string, patch: CasePatch): Promise<void> {
      const user = requireUser();
      const args = parseOrThrow(caseUpdateArgsSchema, { id, patch });
      await editCase(user, 'case.update', args, id);
    },

    async transitionCase(id: string, input: Omit<CaseTransitionArgs, 'id'>): Promise<void> {
      const user = requireUser();
      const args = parseOrThrow(caseTransitionArgsSchema, { ...input, id });
      await editCase(user, 'case.transition', args, id);
    },

    async assignCase(input: CaseAssignArgs): Promise<void> {
      const user = requireUser();
      const args = parseOrThrow(caseAssignArgsSchema, input);
      await editCase(user, 'case.assign', args, args.id);
    },

    async reviewCase(input: CaseReviewArgs): Promise<void> {
      const user = requireUser();
      const args = parseOrThrow(caseReviewArgsSchema, input);
      await editCase(user, 'case.review', args, args.id);
    },

    async recordMediation(input: MediationRecordArgs): Promise<void> {
      const user = requireUser();
      const args = parseOrThrow(mediationRecordArgsSchema, input);
      await rw(async () => {
        const row = await loadCase(args.caseId);
        // Made with a client id. A record already here is a draft being signed or changed
        // (the shared rule refuses a frozen one), recorded again under its id.
        const stored = await db.mediations.get(args.id);
        // A second tap on save finds the same record and adds nothing.
        if (stored && sameMediation(stored, args)) return;
        const prior: Mediation | null = stored ? { ...stored } : null;
        if (prior) delete (prior as Partial<LocalMediation>).pending;
        const made = recordMediation(stripLocal(row), args, user, nowIso(), prior);
        if (!made.ok) throw refusalError(made.refusal);
        await db.mediations.put({ ...made.row, pending: true });
        await enqueue(user, 'mediation.record', args, args.caseId, undefined);
      });
    },

    async addAttachment(
      caseId: string,
      blob: Blob,
      kind: 'photo' | 'signature' | 'document',
    ): Promise<string> {
      const user = requireUser();
      const stored = kind === 'photo' ? await compressPhoto(blob) : blob;
      const mime = stored.type as AttachmentMeta['mime'];
      if (!(ATTACHMENT_MIME_TYPES as readonly string[]).includes(mime)) {
        throw new DataError('unsupported_file', 'device.fileType');
      }
      if (stored.size > MAX_ATTACHMENT_BYTES || stored.size === 0) {
        throw new DataError('unsupported_file', 'device.fileSize', {
          params: { maxMb: MAX_ATTACHMENT_BYTES / (1024 * 1024) },
        });
      }
      const sha256 = await sha256Hex(stored);
      // Sealed before the transaction: a Blob's bytes are read asynchronously, which an
      // IndexedDB transaction cannot wait for.
      const sealed = await sealBlob(db.keySource.keys(), stored);
      const createdAt = nowIso();
      // The bytes are kept (and uploaded) once per hash; the link is per case. The same photo
      // on a second case links the bytes already here, and shows there as that case's link
      // would arrive by pull (`<caseId>:<sha256>`, the server's id, which the pull replaces).
      await inTransaction([...RW_TABLES, db.attachmentMeta], async () => {
        await loadCase(caseId);
        const held = await db.attachments.get(sha256);
        const linkId = `${caseId}:${sha256}`;
        if (held?.caseId === caseId || (await db.attachmentMeta.get(linkId))) return;
        const link: AttachmentMeta = { sha256, caseId, kind, mime, size: stored.size, createdAt };
        if (held) {
          await db.attachmentMeta.put({
            ...link,
            mime: held.mime,
            size: held.size,
            id: linkId,
            version: 0,
          });
          await enqueue(
            user,
            'attachment.link',
            { ...link, mime: held.mime, size: held.size },
            caseId,
            undefined,
          );
          return;
        }
        const row: LocalAttachment = { ...link, createdAt, blob: sealed, uploaded: false };
        await db.attachments.add(row);
        await enqueue(user, 'attachment.link', link, caseId, undefined);
      });
      return sha256;
    },

    /**
     * Any other named mutation (office and inspector work: visit.note, insurance.*, ...),
     * validated with its shared schema and queued in one transaction. `local` runs inside
     * that same transaction to show the change on the device at once (e.g. a visit note as
     * a local case event with the note's id, replaced by the server's copy on pull).
     */
    async queueMutation<N extends MutationName>(
      name: N,
      input: MutationArgs<N>,
      opts: { caseId?: string; baseVersion?: number; local?: (db: AnxinDB) => Promise<void> } = {},
    ): Promise<string> {
      const user = requireUser();
      const args = parseOrThrow(MUTATION_ARGS[name] as z.ZodType, input);
      // Not about one case (a visit plan): queued under its own id, ordered like the rest.
      const entityId = opts.caseId ?? String((args as { id?: unknown }).id ?? newId());
      let id = '';
      await rw(async () => {
        if (opts.caseId !== undefined) await loadCase(opts.caseId);
        if (opts.local) await opts.local(db);
        id = await enqueue(user, name, args, entityId, opts.baseVersion);
      });
      return id;
    },

    async saveDraft(d: Draft): Promise<void> {
      await rw(async () => {
        await db.drafts.put(d);
      });
    },

    async deleteDraft(id: string): Promise<void> {
      await rw(async () => {
        await db.drafts.delete(id);
      });
    },

    async discardConflict(id: string): Promise<void> {
      await rw(async () => {
        await db.conflicts.delete(id);
      });
    },

    /**
     * Queues the officer's change again as a NEW mutation on top of the current server
     * version, so the server judges it afresh (a replay of the old id would only return the
     * old result).
     */
    async reapplyConflict(id: string): Promise<void> {
      const user = requireUser();
      await rw(async () => {
        const item = await db.conflicts.get(id);
        if (!item) throw notFound();
        const { name, args } = item.mutation;
        const row = await db.cases.get(item.entityId);
        if (name === 'case.create') {
          if (!row) await enqueue(user, name, args, item.entityId, undefined);
          await db.conflicts.delete(id);
          return;
        }
        if (!row) {
          throw new DataError('conflict_not_reapplicable', 'device.notReapplicable');
        }
        if (name === 'mediation.record') {
          const m = args as MediationRecordArgs;
          if (!(await db.mediations.get(m.id))) {
            const made = recordMediation(stripLocal(row), m, user, nowIso());
            if (!made.ok) throw refusalError(made.refusal);
            await db.mediations.add({ ...made.row, pending: true });
          }
        }
        // Judged afresh against the case as it is now, by the same rule the server runs.
        const versioned = VERSIONED_MUTATIONS.includes(name);
        const again = outboxItem(
          user,
          name,
          args,
          item.entityId,
          versioned ? serverVersionOf(row) : undefined,
        );
        const r = tryApply(stripLocal(row), again, { userId: user.id, role: user.role });
        if (!r.ok) throw refusalError(r.refusal);
        await db.outbox.add(again);
        await rebuildCase(db, item.entityId);
        await db.conflicts.delete(id);
      });
    },

    /**
     * Settles a case edit that met someone else's, value by value: the officer's, the
     * server's, or (text) a merge of both. What differs from the server copy after the
     * choices is queued as a NEW case.update on the current server version, judged by the
     * shared rule first like any edit; when every choice keeps the server's value there is
     * nothing to send and the item simply leaves the inbox.
     */
    async resolveConflict(id: string, choices: FieldChoices): Promise<void> {
      const user = requireUser();
      // Loaded with the inbox screen, not the first one; before the transaction, which an
      // await of anything but IndexedDB would end.
      const { choosesPerField, resolvedPatch } = await import('./conflict-fields');
      await rw(async () => {
        const item = await db.conflicts.get(id);
        if (!item) throw notFound();
        const row = await db.cases.get(item.entityId);
        const server = currentBase(row);
        if (!row || !server || !choosesPerField(item)) {
          throw new DataError('conflict_not_reapplicable', 'device.notReapplicable');
        }
        let patch: Record<string, unknown>;
        try {
          patch = resolvedPatch(item, server, choices);
        } catch {
          // A merge asked of a value that is not text.
          throw new DataError('invalid', 'reject.invalid');
        }
        if (Object.keys(patch).length > 0) {
          const args = parseOrThrow(caseUpdateArgsSchema, { id: item.entityId, patch });
          const again = outboxItem(user, 'case.update', args, item.entityId, server.version);
          const r = tryApply(stripLocal(row), again, { userId: user.id, role: user.role });
          if (!r.ok) throw refusalError(r.refusal);
          await db.outbox.add(again);
          await rebuildCase(db, item.entityId);
        }
        await db.conflicts.delete(id);
      });
    },
  };
}

/** What the inbox shows for a mutation; exported for the sync engine. */
export { mineOf };

function notFound(): DataError {
  return new DataError('not_found', 'device.caseNotOnDevice');
}

function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw new DataError('invalid', 'reject.invalid', { fields: fieldErrorKeys(r.error) });
}

/**
 * Seals rows about to be written before their transaction (docs/decisions/018): the rows are
 * frozen from here on. Locked: nothing is sealed ahead, and the write reports the lock.
 */
async function sealAheadOf(db: AnxinDB, rows: [table: string, row: object | null][]) {
  let keys: ReturnType<AnxinDB['keySource']['keys']>;
  try {
    keys = db.keySource.keys();
  } catch {
    return;
  }
  await Promise.all(rows.map(([table, row]) => (row ? sealAhead(keys, table, [row]) : null)));
}

export async function sha256Hex(blob: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Whether this runtime can decode and redraw an image (browsers; not Node). */
export function canCompressImages(): boolean {
  return typeof OffscreenCanvas !== 'undefined' || typeof document !== 'undefined';
}

/**
 * Shrinks a photo to at most PHOTO_MAX_SIDE px on its long side. The library is loaded only
 * when a photo is taken, keeping it out of the first screen's JavaScript. Without a canvas
 * (Node tests) the photo is stored as taken: skipping is explicit, never a silent failure.
 */
async function compressPhoto(blob: Blob): Promise<Blob> {
  if (!blob.type.startsWith('image/') || !canCompressImages()) return blob;
  const { default: imageCompression } = await import('browser-image-compression');
  const file =
    blob instanceof File ? blob : new File([blob], 'photo', { type: blob.type, lastModified: 0 });
  const out = await imageCompression(file, {
    maxWidthOrHeight: PHOTO_MAX_SIDE,
    // The library's worker is built from a blob: URL and fetches its own copy from a CDN:
    // the app's CSP (worker-src 'self') forbids the first, and offline the second never
    // loads. On the main thread a phone compresses one photo in well under a second.
    useWebWorker: false,
    initialQuality: 0.8,
    fileType: blob.type === 'image/png' ? 'image/png' : 'image/jpeg',
  });
  return out;
}
