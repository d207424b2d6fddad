import {
  type AttachmentMeta,
  type Case,
  type CaseEvent,
  type InstalmentPayment,
  MAX_PULL_LIMIT,
  type Mediation,
  type MediationRecordArgs,
  type PullChange,
  type PullResponse,
  pullResponseSchema,
  type Unit,
  unitSchema,
  type YearCalendar,
} from '@anxin/shared';
import type { Table } from 'dexie';
import { type AnxinDB, META } from '../data/db';
import { rebuildCase, serverRowToLocal } from '../data/rebuild';
import type { LocalCase, LocalMediation, RemoteAttachment } from '../data/types';
import { sealAhead } from '../data/vault/seal';
import { type HttpDeps, request } from './http';
import { asServerCase, moveToInbox } from './inbox';
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
      // this page runs while the page before it is being written.
      const prepared = preparePage(db, parsed.data, deps.now);
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
}

/** Keeps, per row, only its last change in the page: each put is a whole row. */
function lastPerRow(changes: PullChange[]): PullChange[] {
  const last = new Map<string, PullChange>();
  for (const c of changes) {
    const key = `${c.entity}:${c.id}`;
    last.delete(key);
    last.set(key, c);
  }
  return [...last.values()];
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
  await writePrepared(db, preparePage(db, page, now));
}

/** A page sorted into rows by table, its rows' sealing started (preparePage). */
export interface PreparedPage {
  readonly cursor: string;
  readonly now: () => number;
  readonly eventPuts: CaseEvent[];
  readonly attachmentPuts: RemoteAttachment[];
  readonly caseData: Case[];
  /** serverRowToLocal of each caseData row (same order): what a case with nothing pending stores. */
  readonly caseLocals: LocalCase[];
  /** Each mediation as stored when nothing of it is pending. */
  readonly mediationLocals: LocalMediation[];
  readonly removedCases: string[];
  readonly removed: Record<'mediation' | 'event' | 'attachment' | 'instalment', string[]>;
  readonly instalmentPuts: InstalmentPayment[];
  readonly unitPuts: Unit[];
  readonly calendarPuts: YearCalendar[];
  /** Settles when the rows sealed ahead are sealed (never rejects). */
  readonly sealed: Promise<void>;
}

/**
 * Sorts a page into rows by table and starts sealing the rows whose stored form does not
 * depend on what is pending on the device (sealAhead, docs/decisions/018): events,
 * attachment records, instalments, the cases as stored when nothing is pending and the
 * mediations as stored when not pending. Those objects are frozen from here on: they are
 * written as they are, or not at all (a case with pending work is rebased instead).
 */
export function preparePage(db: AnxinDB, page: PullResponse, now: () => number): PreparedPage {
  const changes = lastPerRow(page.changes);
  const eventPuts: CaseEvent[] = [];
  const attachmentPuts: RemoteAttachment[] = [];
  const caseData: Case[] = [];
  const mediationData: Mediation[] = [];
  const removedCases: string[] = [];
  const removed = {
    mediation: [] as string[],
    event: [] as string[],
    attachment: [] as string[],
    instalment: [] as string[],
  };
  const instalmentPuts: InstalmentPayment[] = [];
  const unitPuts: Unit[] = [];
  const calendarPuts: YearCalendar[] = [];
  for (const c of changes) {
    if (c.op === 'remove') {
      if (c.entity === 'case') removedCases.push(c.id);
      else if (c.entity in removed) removed[c.entity as keyof typeof removed].push(c.id);
      continue;
    }
    switch (c.entity) {
      case 'unit': {
        const u = unitSchema.safeParse(c.data);
        if (u.success) unitPuts.push(u.data);
        break;
      }
      case 'calendar': {
        const y = c.data as YearCalendar | undefined;
        if (y && Number.isInteger(y.year) && Array.isArray(y.holidays)) calendarPuts.push(y);
        break;
      }
      case 'case': {
        const data = asServerCase(c.data);
        if (data) caseData.push(data);
        break;
      }
      case 'mediation': {
        const m = c.data as Mediation | undefined;
        if (m && typeof m.id === 'string') mediationData.push(m);
        break;
      }
      case 'event': {
        const e = c.data as CaseEvent | undefined;
        if (e && typeof e.id === 'string') eventPuts.push(e);
        break;
      }
      case 'instalment': {
        const p = c.data as InstalmentPayment | undefined;
        if (p && typeof p.id === 'string' && typeof p.caseId === 'string') instalmentPuts.push(p);
        break;
      }
      case 'attachment': {
        const a = c.data as (AttachmentMeta & { id?: string }) | undefined;
        if (a && typeof a.sha256 === 'string') {
          attachmentPuts.push({ ...a, id: a.id ?? c.id, version: c.version });
        }
        break;
      }
    }
  }

  const caseLocals = caseData.map(serverRowToLocal);
  const mediationLocals: LocalMediation[] = mediationData.map((m) => ({ ...m, pending: false }));
  let sealed: Promise<void> = Promise.resolve();
  try {
    const keys = db.keySource.keys();
    sealed = Promise.all([
      sealAhead(keys, 'events', eventPuts),
      sealAhead(keys, 'attachmentMeta', attachmentPuts),
      sealAhead(keys, 'instalments', instalmentPuts),
      sealAhead(keys, 'cases', caseLocals),
      sealAhead(keys, 'mediations', mediationLocals),
    ]).then(() => undefined);
  } catch {
    // Locked: nothing sealed ahead; the transaction's puts report the lock.
  }
  return {
    cursor: page.cursor,
    now,
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
    sealed,
  };
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
  } = p;
  const at = new Date(p.now()).toISOString();
  // Waited for here, outside the transaction: inside, every row sealed ahead is stored
  // without a wait on WebCrypto (which would hold the transaction open, spinning).
  await p.sealed;

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

  await db.transaction('rw', tables, async () => {
    const independent = Promise.all([
      eventPuts.length ? db.events.bulkPut(eventPuts) : null,
      attachmentPuts.length ? db.attachmentMeta.bulkPut(attachmentPuts) : null,
      removed.mediation.length ? db.mediations.bulkDelete(removed.mediation) : null,
      removed.event.length ? db.events.bulkDelete(removed.event) : null,
      removed.attachment.length ? db.attachmentMeta.bulkDelete(removed.attachment) : null,
      instalmentPuts.length ? db.instalments.bulkPut(instalmentPuts) : null,
      removed.instalment.length ? db.instalments.bulkDelete(removed.instalment) : null,
      unitPuts.length ? db.units.bulkPut(unitPuts) : null,
      calendarPuts.length ? db.calendars.bulkPut(calendarPuts) : null,
      db.meta.put({ key: META.cursor, value: p.cursor }),
    ]);
    const pendingIds = new Set((await db.outbox.orderBy('entityId').uniqueKeys()).map(String));

    const casePuts: LocalCase[] = [];
    const rebases: Case[] = [];
    caseData.forEach((data, i) => {
      if (pendingIds.has(data.id)) rebases.push(data);
      else casePuts.push(caseLocals[i] as LocalCase);
    });
    let mediationPuts: LocalMediation[] = mediationLocals;
    if (mediationLocals.some((m) => pendingIds.has(m.caseId))) {
      const pendingMediations = await pendingMediationIds(db);
      mediationPuts = mediationLocals.map((m) =>
        pendingMediations.has(m.id) ? { ...m, pending: true } : m,
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
