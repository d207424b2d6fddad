import type { InstalmentPayment, Unit, YearCalendar } from '@anxin/shared';
import { Dexie, type Table } from 'dexie';
import { DB_NAME } from './db-name';
import type {
  CaseEvent,
  ConflictItem,
  Draft,
  LocalAttachment,
  LocalCase,
  LocalMediation,
  MetaRow,
  OutboxItem,
  RemoteAttachment,
} from './types';
import type { KeySource } from './vault/data-keys';
import { sealMiddleware } from './vault/seal-middleware';

export { DB_NAME };

/**
 * Every schema version ever published stays listed here, in order. A device that was
 * offline through several releases opens the database at its old version and Dexie runs
 * each step's upgrade in turn; deleting an old step would strand that device's outbox.
 * Later versions add `this.version(n).stores({...changed tables}).upgrade(tx => ...)`.
 */
const V1 = {
  cases: 'id, townId, status, receivedAt, updatedAt, employer.creditCode, *claimantMobiles',
  mediations: 'id, caseId',
  events: 'id, caseId, at',
  outbox: '++seq, &id, entityId',
  conflicts: 'id, createdAt, entityId',
  attachments: 'sha256, caseId, uploaded',
  attachmentMeta: 'id, sha256, caseId',
  drafts: 'id, kind, caseId, updatedAt',
  meta: 'key',
} as const;

/**
 * v2: the dispatch units (names of every unit, state-owned companies included) and the
 * working-day calendar by year, both received through pull, so offline screens name every
 * unit and count working days exactly as the server does.
 */
const V2 = {
  units: 'id',
  calendars: 'year',
} as const;

/**
 * v3: the checks of agreements' instalments (paid / not paid) as the server stored them,
 * received through pull; the today view lists the instalments nobody has checked yet. A
 * check made here and not yet sent is read from the outbox, so a refused one vanishes with
 * its outbox item. The upgrade forgets the pull cursor: a server of protocol 4 sends checks
 * only to clients of protocol 4, so the ones this device's older build skipped past arrive
 * with the next pull from the start (the outbox and drafts are untouched).
 */
const V3 = {
  instalments: 'id, caseId',
} as const;

export class AnxinDB extends Dexie {
  declare cases: Table<LocalCase, string>;
  declare mediations: Table<LocalMediation, string>;
  declare events: Table<CaseEvent, string>;
  declare outbox: Table<OutboxItem, number>;
  declare conflicts: Table<ConflictItem, string>;
  declare attachments: Table<LocalAttachment, string>;
  declare attachmentMeta: Table<RemoteAttachment, string>;
  declare drafts: Table<Draft, string>;
  declare meta: Table<MetaRow, string>;
  declare units: Table<Unit, string>;
  declare calendars: Table<YearCalendar, number>;
  declare instalments: Table<InstalmentPayment, string>;

  /** Where the rows' keys come from (the vault); sealing is below Dexie (docs/decisions/018). */
  readonly keySource: KeySource;

  constructor(name: string, keys: KeySource) {
    super(name);
    this.keySource = keys;
    this.use(sealMiddleware(keys));
    this.version(1).stores(V1);
    this.version(2).stores(V2);
    this.version(3)
      .stores(V3)
      .upgrade((tx) => tx.table('meta').delete(META.cursor));
  }
}

export function openDb(name: string | undefined, keys: KeySource): AnxinDB {
  return new AnxinDB(name ?? DB_NAME, keys);
}

/** Keys of the meta table; one place so nothing writes a misspelt key. */
export const META = {
  clientId: 'clientId',
  cursor: 'cursor',
  session: 'session',
  /** The vault's keyring (the wrapped data key): kept in plain, the one row that must be. */
  keyring: 'keyring',
  clockOffsetMs: 'clockOffsetMs',
  lastSyncAt: 'lastSyncAt',
  lastPushOk: 'lastPushOk',
  lastPullOk: 'lastPullOk',
  /** Plain: set once every row a build before sealing left plain is sealed (vault/seal-legacy.ts). */
  legacySealed: 'legacySealed',
} as const;

export async function getMeta<T>(db: AnxinDB, key: string): Promise<T | undefined> {
  const row = await db.meta.get(key);
  return row?.value as T | undefined;
}

export async function setMeta(db: AnxinDB, key: string, value: unknown): Promise<void> {
  await db.meta.put({ key, value });
}

/** This device's id for the server's idempotency records; made once, kept for the database's life. */
export async function getClientId(db: AnxinDB): Promise<string> {
  return db.transaction('rw', db.meta, async () => {
    const existing = await getMeta<string>(db, META.clientId);
    if (existing) return existing;
    const id = newId();
    await setMeta(db, META.clientId, id);
    return id;
  });
}

/** Ids for rows and mutations: match the shared id pattern `[A-Za-z0-9_-]{8,64}`. */
export function newId(): string {
  return crypto.randomUUID();
}
