import {
  type Case,
  MAX_PULL_LIMIT,
  type MediationRecordArgs,
  type PullResponse,
  pullResponseSchema,
} from '@anxin/shared';
import type { Table } from 'dexie';
import { type AnxinDB, META } from '../data/db';
import { rebuildCase } from '../data/rebuild';
import type { LocalCase, LocalMediation } from '../data/types';
import type { DataKeys } from '../data/vault/data-keys';
import { type HttpDeps, request } from './http';
import { moveToInbox } from './inbox';
import {
  type PageRows,
  type SealedRows,
  sealedCount,
  sealedMatch,
  sealPageRows,
  sortPage,
} from './pull-rows';
import type { SealReply, SealRequest } from './pull-worker';
import { failureOf, type PhaseOutcome } from './push';
import { OUT_OF_SCOPE_REASON } from './reasons';

/**
 * Rows per page: the server's maximum (MAX_PULL_LIMIT), so a first sync of 20,000 cases (+ their events)
 * is ~20 round trips and as few page transactions (each has a fixed cost on the device).
 */
export const PULL_PAGE_SIZE = MAX_PULL_LIMIT;

export interface PullDeps extends HttpDeps {
  db: AnxinDB;
  stopped: () => boolean;
  pageSize?: number;
  /**
   * Changes received so far in this pull, after each page is stored, and how many the run
   * will bring in all: received + the server's estimate of what remains (asked on the first
   * page, again if the estimate runs out early), never below received, exactly received
   * once the last page is stored; null while the server gave no estimate.
   */
  onProgress?: (received: number, total: number | null) => void;
}

type PageOutcome =
  | { ok: true; page: PullResponse; prepared: PreparedPage; clockOffsetMs: number | null }
  | { ok: false; outcome: PhaseOutcome; cursorRefused?: true };

/**
 * Pulls pages until the server says there is no more. The cursor is stored in the same
 * transaction as the page it ends, so a reload or a dropped connection resumes from the
 * last page written, never from zero. The next page is fetched while the current one is
 * being written: network, parsing and IndexedDB work overlap.
 */
export async function pullChanges(deps: PullDeps): Promise<PhaseOutcome> {
  const { db } = deps;
  const limit = deps.pageSize ?? PULL_PAGE_SIZE;
  // Started at the first page with many rows to seal, ended with this run.
  let worker: Sealer | null | undefined;
  const sealPage = (rows: PageRows, text: string): Promise<SealedAhead | null> => {
    const keys = keysNow(db);
    if (!keys || sealedCount(rows) < WORKER_MIN_ROWS) return sealInThread(db, rows);
    worker ??= startWorker();
    if (!worker) return sealInThread(db, rows);
    return worker.seal(keys, text).then(
      (s) => checked(rows, keys, s),
      () => sealInThread(db, rows),
    );
  };
  const fetchPage = async (cursor: string | undefined, count = false): Promise<PageOutcome> => {
    const qs = new URLSearchParams({ limit: String(limit) });
    if (cursor !== undefined) qs.set('cursor', cursor);
    // Counting what remains costs the server one count: asked on the run's first page (and
    // when that estimate ran out), not on every page.
    if (count) qs.set('total', '1');
    const out = await request(deps, 'GET', `/api/sync/pull?${qs.toString()}`);
    if (out.kind === 'ok') {
      const parsed = pullResponseSchema.safeParse(out.body);
      if (!parsed.success) {
        return {
          ok: false,
          outcome: {
            ok: false,
            failure: { kind: 'bad_response' },
            clockOffsetMs: out.clockOffsetMs,
          },
        };
      }
      // Prepared (and its rows' sealing started) as soon as it is parsed: the crypto of
      // this page runs while the page before it is being written, in the pull worker for
      // a page of many rows (its text goes there as it is: a string copy, not a clone of
      // the parsed rows).
      const rows = sortPage(parsed.data.changes);
      const prepared: PreparedPage = {
        cursor: parsed.data.cursor,
        now: deps.now,
        rows,
        sealed: sealPage(rows, out.text),
      };
      return { ok: true, page: parsed.data, prepared, clockOffsetMs: out.clockOffsetMs };
    }
    if (out.kind === 'client' && out.status === 400 && cursor !== undefined) {
      // The server no longer knows our cursor (restored from a backup, or migrated): the
      // only way forward is a full pull from the start; rows are written idempotently.
      await db.meta.delete(META.cursor);
      return {
        ok: false,
        outcome: { ok: false, failure: { kind: 'bad_response' }, clockOffsetMs: null },
        cursorRefused: true,
      };
    }
    // A 4xx on pull is not the officer's data at fault; report it and try again later.
    const failure = out.kind === 'client' ? ({ kind: 'bad_response' } as const) : failureOf(out);
    return { ok: false, outcome: { ok: false, failure, clockOffsetMs: null } };
  };

  try {
    let clockOffsetMs: number | null = null;
    let received = 0;
    let total: number | null = null;
    const stored = (await db.meta.get(META.cursor))?.value;
    let inFlight = fetchPage(typeof stored === 'string' ? stored : undefined, true);
    let startedOver = false;
    for (;;) {
      const got = await inFlight;
      if (!got.ok && got.cursorRefused && !startedOver) {
        // Once per run: the officer sees a sync that takes longer, not an error.
        startedOver = true;
        inFlight = fetchPage(undefined, true);
        continue;
      }
      if (!got.ok)
        return { ...got.outcome, clockOffsetMs: got.outcome.clockOffsetMs ?? clockOffsetMs };
      clockOffsetMs = got.clockOffsetMs ?? clockOffsetMs;
      const { page } = got;
      const upTo = received + page.changes.length;
      if (page.remaining !== undefined) total = upTo + page.remaining;
      const more = page.hasMore && !deps.stopped();
      if (more) {
        // The estimate is a guess (feed entries scaled by one page's fold; a case that moved
        // into the scope brings its whole tree): when changes outrun it, the next page asks
        // for a new one.
        inFlight = fetchPage(page.cursor, total !== null && upTo >= total);
        // If writing this page fails, the prefetch's own failure must not go unhandled.
        inFlight.catch(() => undefined);
      }
      await writePrepared(db, got.prepared);
      received = upTo;
      // The last page: what was received is the total (a row changed twice came once, so the
      // estimate may have been higher), and the counter ends at n / n.
      if (!page.hasMore) total = received;
      deps.onProgress?.(received, total === null ? null : Math.max(total, received));
      if (!more) return { ok: true, clockOffsetMs };
    }
  } finally {
    worker?.close();
  }
}

/**
 * Writes one page and its cursor in ONE transaction. Rows with nothing pending are written
 * with bulkPut (no per-row awaits: this is the first-sync hot path). Rows with unsent local
 * changes are rebased: the server copy goes underneath and the pending changes are replayed
 * on top, so nothing the officer typed disappears. A removed case with unsent changes sends
 * them to the inbox as "moved out of your area" before its rows leave the device.
 *
 * Speed (a first sync writes tens of thousands of rows): the transaction locks only the
 * tables this page touches, and the writes that do not depend on what is pending (events,
 * attachment records, the cursor) are issued before the outbox is read, so that read's
 * round trip overlaps them instead of adding to them. The outbox is still read inside this
 * transaction on every page: an edit saved while the pull runs (in this tab or another)
 * must be seen, or its case would be overwritten with the bare server copy.
 */
export async function writePage(db: AnxinDB, page: PullResponse, now: () => number): Promise<void> {
  const rows = sortPage(page.changes);
  await writePrepared(db, { cursor: page.cursor, now, rows, sealed: sealInThread(db, rows) });
}

/** A page sorted into rows by table (pull-rows.ts), its rows' sealing started. */
export interface PreparedPage {
  readonly cursor: string;
  readonly now: () => number;
  readonly rows: PageRows;
  /**
   * Settles (never rejects) with the stored form of the rows whose stored form does not
   * depend on what is pending, and the keys they were sealed with; null when nothing was
   * sealed ahead (locked: the transaction's puts report the lock).
   */
  readonly sealed: Promise<SealedAhead | null>;
}

interface SealedAhead {
  readonly keys: DataKeys;
  readonly rows: SealedRows;
}

/**
 * Pages with fewer rows to seal than this are sealed on the writing thread: an incremental
 * pull of a few changes does not start a worker.
 */
export const WORKER_MIN_ROWS = 200;

/** Where a page's rows are sealed: the pull worker, or this thread. */
interface Sealer {
  seal(keys: DataKeys, text: string): Promise<SealedRows>;
  close(): void;
}

/**
 * The pull worker (pull-worker.ts), or null where there is none (tests in Node). A worker
 * that fails (did not load, threw) rejects what it holds and every later page, and those
 * pages are sealed on this thread instead: slower, never lost.
 */
function startWorker(): Sealer | null {
  if (typeof Worker === 'undefined') return null;
  let worker: Worker;
  try {
    worker = new Worker(new URL('./pull-worker.ts', import.meta.url), { type: 'module' });
  } catch {
    return null;
  }
  let broken = false;
  let nextId = 0;
  const waiting = new Map<
    number,
    { resolve: (s: SealedRows) => void; reject: (e: Error) => void }
  >();
  const fail = (message: string) => {
    broken = true;
    for (const w of waiting.values()) w.reject(new Error(message));
    waiting.clear();
    worker.terminate();
  };
  worker.onmessage = (ev: MessageEvent<SealReply>) => {
    const reply = ev.data;
    const w = waiting.get(reply.id);
    if (!w) return;
    waiting.delete(reply.id);
    if (reply.ok) w.resolve(reply.sealed);
    else w.reject(new Error(reply.message));
  };
  worker.onerror = (ev) => {
    ev.preventDefault();
    fail(`pull worker: ${ev.message}`);
  };
  worker.onmessageerror = () => fail('pull worker: a reply did not arrive whole');
  return {
    seal(keys, text) {
      if (broken) return Promise.reject(new Error('pull worker failed'));
      const id = nextId++;
      return new Promise<SealedRows>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        const req: SealRequest = { id, keys, text };
        worker.postMessage(req);
      });
    },
    close() {
      worker.terminate();
      for (const w of waiting.values()) w.reject(new Error('pull finished'));
      waiting.clear();
    },
  };
}

/** The keys now, or null while locked. */
function keysNow(db: AnxinDB): DataKeys | null {
  try {
    return db.keySource.keys();
  } catch {
    return null;
  }
}

function checked(rows: PageRows, keys: DataKeys, sealed: SealedRows): SealedAhead | null {
  return sealedMatch(rows, sealed) ? { keys, rows: sealed } : null;
}

function sealInThread(db: AnxinDB, rows: PageRows): Promise<SealedAhead | null> {
  const keys = keysNow(db);
  if (!keys || sealedCount(rows) === 0) return Promise.resolve(null);
  return sealPageRows(keys, rows).then(
    (s) => checked(rows, keys, s),
    () => null,
  );
}

/** Writes a prepared page and its cursor in ONE transaction (see writePage). */
export async function writePrepared(db: AnxinDB, p: PreparedPage): Promise<void> {
  const {
    eventPuts,
    attachmentPuts,
    caseData,
    caseLocals,
    mediationLocals,
    removedCases,
    removed,
    instalmentPuts,
    unitPuts,
    calendarPuts,
  } = p.rows;
  const at = new Date(p.now()).toISOString();
  // Waited for here, outside the transaction: inside, every row sealed ahead is stored
  // without a wait on WebCrypto (which would hold the transaction open, spinning). Rows
  // sealed under keys that are no longer the device's (signed out and in again since) are
  // not used: the plain rows go down and the middleware seals them with the current keys.
  const ahead = await p.sealed;
  const sealed = ahead && keysNow(db) === ahead.keys ? ahead.rows : null;

  const removing = removedCases.length > 0;
  const tables: Table[] = [db.cases, db.events, db.outbox, db.meta];
  if (mediationLocals.length > 0 || removed.mediation.length > 0 || removing) {
    tables.push(db.mediations);
  }
  if (attachmentPuts.length > 0 || removed.attachment.length > 0 || removing) {
    tables.push(db.attachmentMeta);
  }
  // removeCase moves unsent work to the inbox and drops uploaded blobs.
  if (removing) tables.push(db.conflicts, db.attachments);
  if (instalmentPuts.length > 0 || removed.instalment.length > 0 || removing) {
    tables.push(db.instalments);
  }
  if (unitPuts.length > 0) tables.push(db.units);
  if (calendarPuts.length > 0) tables.push(db.calendars);

  // The stored forms are put as they are (the seal middleware passes them through); the
  // tables' types name the plain rows they stand for.
  const asStored = <T>(plain: T[], stored: object[] | undefined): T[] =>
    (stored as T[] | undefined) ?? plain;

  await db.transaction('rw', tables, async () => {
    const independent = Promise.all([
      eventPuts.length ? db.events.bulkPut(asStored(eventPuts, sealed?.events)) : null,
      attachmentPuts.length
        ? db.attachmentMeta.bulkPut(asStored(attachmentPuts, sealed?.attachmentMeta))
        : null,
      removed.mediation.length ? db.mediations.bulkDelete(removed.mediation) : null,
      removed.event.length ? db.events.bulkDelete(removed.event) : null,
      removed.attachment.length ? db.attachmentMeta.bulkDelete(removed.attachment) : null,
      instalmentPuts.length
        ? db.instalments.bulkPut(asStored(instalmentPuts, sealed?.instalments))
        : null,
      removed.instalment.length ? db.instalments.bulkDelete(removed.instalment) : null,
      unitPuts.length ? db.units.bulkPut(unitPuts) : null,
      calendarPuts.length ? db.calendars.bulkPut(calendarPuts) : null,
      db.meta.put({ key: META.cursor, value: p.cursor }),
    ]);
    const pendingIds = new Set((await db.outbox.orderBy('entityId').uniqueKeys()).map(String));

    const casePuts: LocalCase[] = [];
    const rebases: Case[] = [];
    const storedCases = asStored(caseLocals, sealed?.cases);
    caseData.forEach((data, i) => {
      if (pendingIds.has(data.id)) rebases.push(data);
      else casePuts.push(storedCases[i] as LocalCase);
    });
    let mediationPuts: LocalMediation[] = asStored(mediationLocals, sealed?.mediations);
    if (mediationLocals.some((m) => pendingIds.has(m.caseId))) {
      const pendingMediations = await pendingMediationIds(db);
      mediationPuts = mediationLocals.map((m, i) =>
        pendingMediations.has(m.id)
          ? { ...m, pending: true }
          : (mediationPuts[i] as LocalMediation),
      );
    }

    await Promise.all([
      independent,
      casePuts.length ? db.cases.bulkPut(casePuts) : null,
      mediationPuts.length ? db.mediations.bulkPut(mediationPuts) : null,
      rebases.length ? rebaseAll(db, rebases) : null,
    ]);

    for (const id of removedCases) await removeCase(db, id, at);
  });
}

/** Server copies of cases with unsent changes: each rebuilt over its pending mutations. */
async function rebaseAll(db: AnxinDB, rebases: Case[]): Promise<void> {
  const rows = await db.cases.bulkGet(rebases.map((r) => r.id));
  await Promise.all(
    rebases.map((data, i) => {
      const known = rows[i]?.base ?? null;
      // A copy older than the one already underneath (a push answer got here first) is
      // skipped; the feed delivers the newer one later in this same pull.
      if (known && data.version < known.version) return null;
      return rebuildCase(db, data.id, data);
    }),
  );
}

async function pendingMediationIds(db: AnxinDB): Promise<Set<string>> {
  const items = await db.outbox.filter((m) => m.name === 'mediation.record').toArray();
  return new Set(items.map((m) => (m.args as MediationRecordArgs).id));
}

async function removeCase(db: AnxinDB, id: string, at: string): Promise<void> {
  const pending = await db.outbox.where('entityId').equals(id).sortBy('seq');
  const row = await db.cases.get(id);
  for (const m of pending) {
    await moveToInbox(db, m, 'out_of_scope', OUT_OF_SCOPE_REASON, {
      at,
      server: row ?? null,
      code: 'out_of_scope',
    });
  }
  await Promise.all([
    db.cases.delete(id),
    db.mediations.where('caseId').equals(id).delete(),
    db.events.where('caseId').equals(id).delete(),
    db.attachmentMeta.where('caseId').equals(id).delete(),
    db.instalments.where('caseId').equals(id).delete(),
    // Blobs not yet uploaded stay: an inbox item may still need them if it is re-applied.
    db.attachments
      .where('caseId')
      .equals(id)
      .filter((a) => a.uploaded)
      .delete(),
  ]);
}
