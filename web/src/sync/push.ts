import {
  type Case,
  type MediationRecordArgs,
  type MutationEnvelope,
  type PushResult,
  pushResponseSchema,
  VERSIONED_MUTATIONS,
} from '@anxin/shared';
import { applyToCase } from '../data/apply';
import { type AnxinDB, newId } from '../data/db';
import { composeCase, currentBase, rebuildCase } from '../data/rebuild';
import type { LocalCase, OutboxItem } from '../data/types';
import { openBlob } from '../data/vault/seal';
import { type HttpDeps, type HttpOutcome, request } from './http';
import { asServerCase, moveToInbox } from './inbox';
import { CONFLICT_REASON, isScopeError, reasonFor } from './reasons';

/** Batch-level refusals caused by what is in the batch: a smaller batch can get past them. */
const CONTENT_STATUSES = new Set([400, 413, 415, 422]);

/** Mutations per push request: well under the server's cap, small enough to answer fast. */
export const MAX_BATCH = 200;

export type Failure =
  | { kind: 'network' }
  | { kind: 'server' }
  | { kind: 'retry_after'; retryAfterMs: number | null }
  /** `code`: the server's error code (session_expired, account_disabled, …) when it gave one. */
  | { kind: 'unauthorized'; code: string | null }
  | { kind: 'bad_response' };

export type PhaseOutcome =
  | { ok: true; clockOffsetMs: number | null }
  | { ok: false; failure: Failure; clockOffsetMs: number | null };

export interface PushDeps extends HttpDeps {
  db: AnxinDB;
  clientId: string;
  /** A new client id for this device (the server says the current one is someone else's). */
  rotateClientId: () => Promise<string>;
  /** Checked between batches, so stop() does not leave a request half handled. */
  stopped: () => boolean;
  /** How far this push is, after each step (the sync bar's "uploading n of m"). */
  onProgress?: (p: PushProgress) => void;
}

export interface PushProgress {
  /** Changes the server has answered (or refused for good) in this push. */
  done: number;
  /** `done` plus what is still queued: grows if the officer adds work meanwhile. */
  total: number;
  /** Of `done`, the ones that went to the inbox instead of being applied. */
  returned: number;
  /** Attachment bytes of the current batch, counted per finished blob; null when none. */
  bytesDone: number | null;
  bytesTotal: number | null;
  /**
   * Photos and signatures (files) sent in this push, of those known so far: a batch's
   * files are counted when it starts, so the total can grow with a later batch. Null while
   * no file is going up.
   */
  photosDone: number | null;
  photosTotal: number | null;
}

export async function pushOutbox(deps: PushDeps): Promise<PhaseOutcome> {
  const { db } = deps;
  let limit = MAX_BATCH;
  let clockOffsetMs: number | null = null;
  let clientId = deps.clientId;
  let rotated = false;
  const progress: PushProgress = {
    done: 0,
    total: 0,
    returned: 0,
    bytesDone: null,
    bytesTotal: null,
    photosDone: null,
    photosTotal: null,
  };
  /** Files handled in earlier batches of this push. */
  let photosBefore = 0;
  const report = () => deps.onProgress?.({ ...progress });
  // What went to the inbox is counted from the inbox itself: one answer can send a change
  // there (conflict, refusal) or keep it queued for another try (a blob to upload again).
  const toInbox = async <T>(step: () => Promise<T>): Promise<T> => {
    const before = await db.conflicts.count();
    const out = await step();
    const moved = Math.max(0, (await db.conflicts.count()) - before);
    progress.returned += moved;
    return out;
  };
  for (;;) {
    if (deps.stopped()) return { ok: true, clockOffsetMs };
    const batch = await nextBatch(db, limit);
    if (batch.length === 0) return { ok: true, clockOffsetMs };
    progress.total = Math.max(progress.total, progress.done + (await db.outbox.count()));
    report();

    const returnedBefore = progress.returned;
    const upload = await toInbox(() =>
      uploadAttachments(deps, batch, (files, bytes) => {
        progress.bytesDone = bytes.done;
        progress.bytesTotal = bytes.total;
        progress.photosDone = photosBefore + files.done;
        progress.photosTotal = photosBefore + files.total;
        report();
      }),
    );
    photosBefore = progress.photosDone ?? photosBefore;
    progress.bytesDone = null;
    progress.bytesTotal = null;
    progress.photosDone = null;
    progress.photosTotal = null;
    if (upload.failure) return { ok: false, failure: upload.failure, clockOffsetMs };
    if (upload.moved) {
      progress.done += progress.returned - returnedBefore;
      report();
      continue;
    }

    const out = await request(deps, 'POST', '/api/sync/push', {
      json: { clientId, mutations: batch.map(envelope) },
    });
    if (out.kind === 'ok') {
      clockOffsetMs = out.clockOffsetMs ?? clockOffsetMs;
      const parsed = pushResponseSchema.safeParse(out.body);
      const results = new Map(parsed.success ? parsed.data.results.map((r) => [r.id, r]) : []);
      // An answer that does not cover the batch cannot be trusted to say what was applied;
      // the same ids are sent again later and the server's idempotency answers them.
      if (!parsed.success || batch.some((m) => !results.has(m.id))) {
        return { ok: false, failure: { kind: 'bad_response' }, clockOffsetMs };
      }
      await toInbox(() => applyResults(db, batch, results, deps.now));
      progress.done += batch.length;
      progress.total = Math.max(progress.total, progress.done);
      report();
      limit = Math.min(MAX_BATCH, limit * 2);
      continue;
    }
    if (out.kind === 'client' && out.status === 403 && !rotated) {
      // The server ties a client id to the first user who pushed with it; this user never
      // pushed under it (or it would be theirs), so a new id loses no idempotency record.
      rotated = true;
      clientId = await deps.rotateClientId();
      continue;
    }
    if (out.kind === 'client' && !CONTENT_STATUSES.has(out.status)) {
      return { ok: false, failure: { kind: 'bad_response' }, clockOffsetMs };
    }
    if (out.kind === 'client') {
      // The whole batch was refused for its content (400, 413, ...). Retrying it as is can
      // never succeed, so narrow it down: halve until the one bad mutation is alone, inbox
      // it, move on.
      if (batch.length > 1) {
        limit = Math.ceil(batch.length / 2);
        continue;
      }
      const only = batch[0]!;
      progress.done += 1;
      await toInbox(() =>
        db.transaction('rw', [db.cases, db.mediations, db.outbox, db.conflicts], async () => {
          const current = await db.outbox.where('id').equals(only.id).first();
          if (!current) return;
          await moveToInbox(
            db,
            current,
            'rejected',
            reasonFor(out.error, codeForStatus(out.status)),
            {
              at: new Date(deps.now()).toISOString(),
              code: out.error?.code ?? codeForStatus(out.status),
            },
          );
          await rebuildCase(db, current.entityId);
        }),
      );
      report();
      continue;
    }
    if (out.kind !== 'unauthorized') await noteAttempt(db, batch, out);
    return { ok: false, failure: failureOf(out), clockOffsetMs };
  }
}

function codeForStatus(status: number): string {
  if (status === 413) return 'payload_too_large';
  if (status === 415) return 'unsupported_media_type';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  return 'invalid';
}

export function failureOf(out: Exclude<HttpOutcome, { kind: 'ok' } | { kind: 'client' }>): Failure {
  switch (out.kind) {
    case 'network':
      return { kind: 'network' };
    case 'server':
      return { kind: 'server' };
    case 'retry_after':
      return { kind: 'retry_after', retryAfterMs: out.retryAfterMs };
    case 'unauthorized':
      return { kind: 'unauthorized', code: out.error?.code ?? null };
  }
}

async function noteAttempt(db: AnxinDB, batch: OutboxItem[], out: HttpOutcome): Promise<void> {
  const lastError =
    out.kind === 'network'
      ? `network: ${out.message}`
      : `http ${'status' in out ? out.status : ''}`;
  const seqs = batch.map((m) => m.seq).filter((s): s is number => s !== undefined);
  await db.outbox
    .where('seq')
    .anyOf(seqs)
    .modify((m) => {
      m.attempts += 1;
      m.lastError = lastError;
    });
}

/**
 * `occurredAt` is the outbox item's `createdAt`: the device's clock corrected by the offset
 * measured at the last contact, the same time the device's view was built with, so the
 * server stamps the first action and the moves when the officer did them, not at sync.
 */
function envelope(m: OutboxItem): MutationEnvelope {
  const e: MutationEnvelope = { id: m.id, name: m.name, args: m.args, occurredAt: m.createdAt };
  if (m.baseVersion !== undefined) e.baseVersion = m.baseVersion;
  return e;
}

const CASE_CHANGES = new Set<string>(['case.create', ...VERSIONED_MUTATIONS]);

/**
 * The next mutations in outbox order. A versioned change to a case that already has a
 * create or versioned change earlier in the batch starts the next batch instead: its
 * baseVersion is rewritten from the earlier one's result (see applyResults), and sending
 * both at once would make the server see the officer's own first edit as a conflict.
 */
export async function nextBatch(db: AnxinDB, limit: number): Promise<OutboxItem[]> {
  const items = await db.outbox.limit(limit).toArray();
  const touched = new Set<string>();
  const out: OutboxItem[] = [];
  for (const m of items) {
    const versioned = VERSIONED_MUTATIONS.includes(m.name);
    if (versioned && touched.has(m.entityId)) break;
    out.push(m);
    if (CASE_CHANGES.has(m.name)) touched.add(m.entityId);
  }
  return out;
}

export function referencedHashes(m: Pick<OutboxItem, 'name' | 'args'>): string[] {
  if (m.name === 'attachment.link') {
    const sha = (m.args as { sha256?: unknown }).sha256;
    return typeof sha === 'string' ? [sha] : [];
  }
  if (m.name === 'mediation.record') {
    const a = m.args as MediationRecordArgs;
    return [...Object.values(a.signatures ?? {}), ...(a.photoHashes ?? [])].filter(
      (h): h is string => typeof h === 'string',
    );
  }
  return [];
}

/**
 * Attachments go up by content hash BEFORE the mutations that link them. `uploaded` is
 * stored per blob, so an upload cut by a reload starts again from the first blob not yet
 * confirmed. A blob the server refuses for good (too big, wrong type) sends the mutations
 * that need it to the inbox instead of blocking the queue.
 */
async function uploadAttachments(
  deps: PushDeps,
  batch: OutboxItem[],
  onProgress: (
    files: { done: number; total: number },
    bytes: { done: number; total: number },
  ) => void,
): Promise<{ failure?: Failure; moved?: boolean }> {
  const { db } = deps;
  const users = new Map<string, OutboxItem[]>();
  for (const m of batch) {
    for (const h of referencedHashes(m)) users.set(h, [...(users.get(h) ?? []), m]);
  }
  if (users.size === 0) return {};
  const rows = await db.attachments.bulkGet([...users.keys()]);
  const toSend = rows.filter((r): r is NonNullable<typeof r> => r !== undefined && !r.uploaded);
  if (toSend.length === 0) return {};
  // `size` is the plain size: the stored blob is ciphertext, a few bytes longer.
  const bytesTotal = toSend.reduce((sum, r) => sum + r.size, 0);
  let bytesDone = 0;
  let filesDone = 0;
  const report = () =>
    onProgress({ done: filesDone, total: toSend.length }, { done: bytesDone, total: bytesTotal });
  report();
  let moved = false;
  for (const row of toSend) {
    // The server checks the plain bytes against the hash: open the sealed copy first.
    const blob = await openBlob(db.keySource.keys(), row);
    const out = await request(deps, 'PUT', `/api/blobs/${row.sha256}`, {
      blob,
      contentType: row.mime,
    });
    bytesDone += row.size;
    if (out.kind === 'ok') {
      await db.attachments.update(row.sha256, { uploaded: true });
      filesDone += 1;
      report();
      continue;
    }
    if (out.kind === 'client') {
      const why = reasonFor(out.error, codeForStatus(out.status));
      await db.transaction('rw', [db.cases, db.mediations, db.outbox, db.conflicts], async () => {
        for (const m of users.get(row.sha256) ?? []) {
          const current = await db.outbox.where('id').equals(m.id).first();
          if (!current) continue;
          await moveToInbox(db, current, 'rejected', why, {
            at: new Date(deps.now()).toISOString(),
            code: out.error?.code ?? codeForStatus(out.status),
          });
          await rebuildCase(db, current.entityId);
        }
      });
      moved = true;
      // Handled for good (its changes are in the inbox): the counter still moves on.
      filesDone += 1;
      report();
      continue;
    }
    return { failure: failureOf(out) };
  }
  return { moved };
}

const BLOB_RESEND = 'blob: resend';

/**
 * The hashes of blobs this mutation references that the refusal names (fields `sha256`,
 * `signatures.<who>`, `photoHashes.<n>`): the server has no usable copy of them.
 */
function refusedBlobs(item: OutboxItem, r: PushResult): string[] {
  if (r.status !== 'rejected' || r.error?.code !== 'invalid' || !r.error.fields) return [];
  const paths = Object.keys(r.error.fields);
  if (!paths.some((p) => /^(sha256|signatures\.|photoHashes\.)/.test(p))) return [];
  return referencedHashes(item);
}

/**
 * Applies one push answer in ONE transaction. applied: the mutation leaves the outbox and
 * the server copy underneath the view takes its effect and new version. conflict: the
 * server copy replaces the local one and the officer's values go to the inbox. rejected:
 * the same inbox, with the reason. Then the case view is rebuilt over whatever is still
 * pending, so unsent edits stay visible.
 */
async function applyResults(
  db: AnxinDB,
  batch: OutboxItem[],
  results: Map<string, PushResult>,
  now: () => number,
): Promise<void> {
  const at = new Date(now()).toISOString();
  // Every row a result touches belongs to its case (the outbox items, the case row, its
  // mediation, its inbox entries), so the cases can be settled side by side, each case's
  // results in order. Storing 200 results one request at a time took longer than the
  // server took to apply them.
  const byCase = new Map<string, OutboxItem[]>();
  for (const sent of batch) {
    const same = byCase.get(sent.entityId);
    if (same) same.push(sent);
    else byCase.set(sent.entityId, [sent]);
  }
  const plain = new Map<string, OutboxItem[]>();
  const other: OutboxItem[][] = [];
  for (const [caseId, items] of byCase) {
    const allApplied = items.every(
      (m) => results.get(m.id)?.status === 'applied' && m.name !== 'mediation.record',
    );
    if (allApplied) plain.set(caseId, items);
    else other.push(items);
  }
  await db.transaction(
    'rw',
    [db.cases, db.mediations, db.outbox, db.conflicts, db.attachments],
    async () => {
      await Promise.all([
        settleApplied(db, plain, results),
        ...other.map(async (items) => {
          for (const sent of items) await applyResult(db, sent, results.get(sent.id), at);
        }),
      ]);
    },
  );
}

/**
 * The usual answer — every mutation of a case applied — for all such cases at once: one
 * read of their rows and pending mutations, then one bulk write per table. The same
 * effect as `applyResult` one mutation at a time (same helpers, same order per case).
 */
async function settleApplied(
  db: AnxinDB,
  byCase: Map<string, OutboxItem[]>,
  results: Map<string, PushResult>,
): Promise<void> {
  if (byCase.size === 0) return;
  const caseIds = [...byCase.keys()];
  const [rows, queued] = await Promise.all([
    db.cases.bulkGet(caseIds),
    db.outbox.where('entityId').anyOf(caseIds).sortBy('seq'),
  ]);
  const pendingOf = new Map<string, OutboxItem[]>();
  for (const m of queued) {
    const list = pendingOf.get(m.entityId);
    if (list) list.push(m);
    else pendingOf.set(m.entityId, [m]);
  }
  const done: number[] = [];
  const rebased = new Map<number, OutboxItem>();
  const views: LocalCase[] = [];
  const gone: string[] = [];
  caseIds.forEach((caseId, i) => {
    let base = currentBase(rows[i]);
    let pending = pendingOf.get(caseId) ?? [];
    for (const sent of byCase.get(caseId) ?? []) {
      const item = pending.find((m) => m.id === sent.id);
      const r = results.get(sent.id);
      // Gone already: another tab or an earlier answer handled it.
      if (!item || !r) continue;
      pending = pending.filter((m) => m !== item);
      done.push(item.seq!);
      const effect = appliedEffect(base, item, r);
      base = effect.base;
      const { rebase } = effect;
      if (!rebase) continue;
      for (const m of pending) {
        if (!rebases(rebase, item, m)) continue;
        m.baseVersion = rebase.to;
        rebased.set(m.seq!, m);
      }
    }
    const view = composeCase(base, pending);
    if (view) views.push(view);
    else if (rows[i]) gone.push(caseId);
  });
  await Promise.all([
    db.outbox.bulkDelete(done),
    db.outbox.bulkPut([...rebased.values()]),
    db.cases.bulkPut(views),
    db.cases.bulkDelete(gone),
  ]);
}

interface Rebase {
  from: number;
  to: number;
}

/**
 * What an applied mutation does underneath the view: the server copy takes its effect and
 * new version, and later queued changes based on the old version may be rebased.
 */
function appliedEffect(
  base: Case | null,
  item: OutboxItem,
  r: PushResult,
): { base: Case | null; rebase: Rebase | null } {
  // The server changed nothing (same values, version not bumped): the copy underneath
  // stays exactly as it was, so no local guess replaces real server fields.
  const unchanged = base !== null && r.version !== undefined && r.version <= base.version;
  if (!CASE_CHANGES.has(item.name) || unchanged) return { base, rebase: null };
  let next = applyToCase(base, item, { userId: item.actorId, role: item.actorRole });
  if (next && r.version !== undefined && r.version > next.version) {
    next = { ...next, version: r.version };
  }
  return { base: next, rebase: r.version === undefined ? null : rebaseOf(item, r.version) };
}

/**
 * After a create or versioned change is applied, later queued changes to the same case
 * that were based on the version before it are based on the new version instead — but
 * only when nobody else changed the case in between (the new version is the next one, or
 * the case was just created), so a real concurrent edit is still caught as a conflict.
 */
function rebaseOf(item: OutboxItem, version: number): Rebase | null {
  const prev = item.name === 'case.create' ? 0 : item.baseVersion;
  if (prev === undefined) return null;
  if (item.name !== 'case.create' && version !== prev + 1) return null;
  return { from: prev, to: version };
}

function rebases(rebase: Rebase, applied: OutboxItem, later: OutboxItem): boolean {
  return later.seq! > applied.seq! && later.baseVersion === rebase.from;
}

/** One mutation's answer: drop it from the outbox (applied) or move it to the inbox. */
async function applyResult(
  db: AnxinDB,
  sent: OutboxItem,
  r: PushResult | undefined,
  at: string,
): Promise<void> {
  const item = await db.outbox.where('id').equals(sent.id).first();
  // Gone already: another tab or an earlier answer handled it.
  if (!r || !item) return;
  const row = await db.cases.get(item.entityId);
  const base = currentBase(row);

  if (r.status === 'applied') {
    await db.outbox.delete(item.seq!);
    const effect = appliedEffect(base, item, r);
    const { rebase } = effect;
    if (rebase) {
      await db.outbox
        .where('entityId')
        .equals(item.entityId)
        .modify((m) => {
          if (rebases(rebase, item, m)) m.baseVersion = rebase.to;
        });
    }
    if (item.name === 'mediation.record') {
      const id = (item.args as MediationRecordArgs).id;
      const m = await db.mediations.get(id);
      if (m) {
        await db.mediations.put({
          ...m,
          pending: false,
          version: Math.max(m.version, r.version ?? 1),
        });
      }
    }
    await rebuildCase(db, item.entityId, effect.base);
    return;
  }

  const blobs = refusedBlobs(item, r);
  if (blobs.length > 0) {
    // The server does not have (or no longer keeps) a photo or signature this device
    // uploaded once: send the bytes again. Automatically once; after that the change goes
    // to the inbox like any refusal, and applying it again from there uploads again too.
    await db.attachments.where('sha256').anyOf(blobs).modify({ uploaded: false });
    if (item.lastError !== BLOB_RESEND) {
      // A new mutation id: the server answers the old one with its stored refusal for ever.
      await db.outbox.update(item.seq!, { id: newId(), lastError: BLOB_RESEND });
      return;
    }
  }
  const server = r.status === 'conflict' || r.server !== undefined ? asServerCase(r.server) : null;
  const kind =
    r.status === 'conflict' ? 'conflict' : isScopeError(r.error) ? 'out_of_scope' : 'rejected';
  // Out of scope too: the server's code (not_found, forbidden) says which way it left.
  const why = r.status === 'conflict' ? CONFLICT_REASON : reasonFor(r.error);
  const extra: Parameters<typeof moveToInbox>[4] = { at, server: r.server ?? base };
  if (r.conflictFields) extra.fields = r.conflictFields;
  if (r.error?.code) extra.code = r.error.code;
  await moveToInbox(db, item, kind, why, extra);
  const newBase = server && CASE_CHANGES.has(item.name) ? server : (server ?? base);
  await rebuildCase(db, item.entityId, newBase);
}
