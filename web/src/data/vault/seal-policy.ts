/**
 * What of each table stays readable on the device, and why (docs/decisions/018). A row is
 * stored as its plain fields plus `$s`, the whole row sealed; everything not listed here is
 * readable only with the data key. A field stays plain only when an index needs it (the
 * primary key and every indexed key path of db.ts, or IndexedDB could not find rows by it)
 * or when it is a non-personal scalar the device's bookkeeping reads in bulk.
 */
export interface TablePolicy {
  /** Key paths kept plain (dotted for nested: `employer.creditCode`). */
  readonly plain: readonly string[];
  /**
   * Indexed fields whose values are personal: stored as their blind index (a keyed hash),
   * so an equality query by a known value still finds the row, and the values are not kept.
   */
  readonly blind?: readonly string[];
  /** Meta: rows with these primary keys are not sealed at all (read before unlocking, or not personal). */
  readonly plainRows?: ReadonlySet<string>;
  /** Attachments: the field holding the bytes, sealed as a Blob of its own. */
  readonly blob?: string;
}

/**
 * Every table of AnxinDB. `null`: not sealed (public reference data). A table missing here
 * makes the middleware refuse to start, so a new table must be decided on.
 */
export const SEAL_POLICY: Readonly<Record<string, TablePolicy | null>> = {
  // The lists (town, status, date order), the duplicate hint by employer code and by mobile,
  // and the rebuild by version. creditCode is a company's public registration number.
  cases: {
    plain: ['id', 'townId', 'status', 'receivedAt', 'updatedAt', 'version', 'employer.creditCode'],
    blind: ['claimantMobiles'],
  },
  mediations: { plain: ['id', 'caseId'] },
  events: { plain: ['id', 'caseId', 'at'] },
  // The queue's order and per-case lookups; attempts and the mutation's name (a code such as
  // `case.update`) let the sync status be counted. args, lastError and the actor are sealed.
  outbox: { plain: ['seq', 'id', 'entityId', 'name', 'createdAt', 'attempts'] },
  conflicts: { plain: ['id', 'createdAt', 'entityId'] },
  // Content hash, owner case and upload flag are indexed; kind, mime, size and date are not
  // personal. The bytes are sealed separately (sealBlob).
  attachments: {
    plain: ['sha256', 'caseId', 'uploaded', 'kind', 'mime', 'size', 'createdAt'],
    blob: 'blob',
  },
  attachmentMeta: { plain: ['id', 'sha256', 'caseId'] },
  drafts: { plain: ['id', 'kind', 'caseId', 'updatedAt'] },
  // `keyring` is read while locked (it holds the wrapped data key); the others are sync
  // bookkeeping without personal content. The session (its token) and anything else is sealed.
  meta: {
    plain: ['key'],
    plainRows: new Set([
      'clientId',
      'cursor',
      'clockOffsetMs',
      'lastSyncAt',
      'lastPushOk',
      'lastPullOk',
      'keyring',
      // When the rows a build before sealing left plain were sealed (seal-legacy.ts).
      'legacySealed',
    ]),
  },
  instalments: { plain: ['id', 'caseId'] },
  units: null,
  calendars: null,
};

/** The field a sealed row carries: 12-byte IV followed by the AES-GCM ciphertext. */
export const SEALED = '$s';
/** Set on an attachments row whose `blob` is ciphertext (sealBlob). */
export const BLOB_SEALED = '$b';
