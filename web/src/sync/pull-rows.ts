import {
  type AttachmentMeta,
  type Case,
  type CaseEvent,
  type InstalmentPayment,
  type Mediation,
  type PullChange,
  type Unit,
  unitSchema,
  type YearCalendar,
} from '@anxin/shared';
import { serverRowToLocal } from '../data/rebuild';
import type { LocalCase, LocalMediation, RemoteAttachment } from '../data/types';
import type { DataKeys } from '../data/vault/data-keys';
import { sealRows } from '../data/vault/seal';
import { asServerCase } from './inbox';

/**
 * A pull page sorted into rows by table. The same function runs on the thread that writes
 * and in the pull worker (pull-worker.ts) over the same changes, so both get the same rows
 * in the same order: the worker's sealed rows line up with the writer's plain ones by index.
 */
export interface PageRows {
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
}

/**
 * The stored (sealed) form of each row whose stored form does not depend on what is pending
 * on the device, table by table, in the order of PageRows: what the transaction puts as it
 * is (the seal middleware passes a value already in stored form through).
 */
export interface SealedRows {
  readonly cases: object[];
  readonly events: object[];
  readonly attachmentMeta: object[];
  readonly instalments: object[];
  readonly mediations: object[];
}

/** Keeps, per row, only its last change in the page: each put is a whole row. */
function lastPerRow(changes: readonly PullChange[]): PullChange[] {
  const last = new Map<string, PullChange>();
  for (const c of changes) {
    const key = `${c.entity}:${c.id}`;
    last.delete(key);
    last.set(key, c);
  }
  return [...last.values()];
}

export function sortPage(pageChanges: readonly PullChange[]): PageRows {
  const changes = lastPerRow(pageChanges);
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
  return {
    eventPuts,
    attachmentPuts,
    caseData,
    caseLocals: caseData.map(serverRowToLocal),
    mediationLocals: mediationData.map((m) => ({ ...m, pending: false })),
    removedCases,
    removed,
    instalmentPuts,
    unitPuts,
    calendarPuts,
  };
}

/** Seals the rows of SealedRows (AES-GCM, the device's data key: vault/seal.ts). */
export async function sealPageRows(keys: DataKeys, rows: PageRows): Promise<SealedRows> {
  const [cases, events, attachmentMeta, instalments, mediations] = await Promise.all([
    sealRows(keys, 'cases', rows.caseLocals),
    sealRows(keys, 'events', rows.eventPuts),
    sealRows(keys, 'attachmentMeta', rows.attachmentPuts),
    sealRows(keys, 'instalments', rows.instalmentPuts),
    sealRows(keys, 'mediations', rows.mediationLocals),
  ]);
  return { cases, events, attachmentMeta, instalments, mediations };
}

/** How many rows a page has to seal. */
export function sealedCount(rows: PageRows): number {
  return (
    rows.caseLocals.length +
    rows.eventPuts.length +
    rows.attachmentPuts.length +
    rows.instalmentPuts.length +
    rows.mediationLocals.length
  );
}

/**
 * Whether sealed rows line up with the plain ones (same lengths, same primary keys): a
 * sealed row is put in place of its plain one only then, so a case with unsent changes can
 * never be overwritten by the server copy sealed under another index.
 */
export function sealedMatch(rows: PageRows, sealed: SealedRows): boolean {
  const same = (plain: readonly { id: string }[], stored: readonly object[]) =>
    plain.length === stored.length &&
    plain.every((p, i) => (stored[i] as { id?: unknown }).id === p.id);
  return (
    same(rows.caseLocals, sealed.cases) &&
    same(rows.eventPuts, sealed.events) &&
    same(rows.attachmentPuts, sealed.attachmentMeta) &&
    same(rows.instalmentPuts, sealed.instalments) &&
    same(rows.mediationLocals, sealed.mediations)
  );
}
