import { z } from 'zod';
import { NOTE_FIELD } from '../i18n/event-notes';
import type { CaseEvent } from '../schemas/case-event';
import { typeError } from '../schemas/fields';

/**
 * `unit` (a dispatch unit: id, name, kind, active) and `calendar` (one year's holidays and
 * make-up working days, id = the year) are the same for every user and reach every device;
 * servers send them only to clients of protocol 3 or later.
 */
export const PULL_ENTITIES = [
  'case',
  'mediation',
  'event',
  'attachment',
  'unit',
  'calendar',
  'instalment',
] as const;
export type PullEntity = (typeof PULL_ENTITIES)[number];
/** `instalment` (one check of an agreement's instalment) reaches clients of protocol 4 on. */
export const PROTOCOL_WITH_INSTALMENTS = 4;
/** From this protocol on, a pulled `case.create` event carries only its notes (eventForPull). */
export const PROTOCOL_WITH_SLIM_CREATION = 6;
export const DEFAULT_PULL_LIMIT = 500;
export const MAX_PULL_LIMIT = 2000;

export const pullQuerySchema = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce
    .number({ error: typeError })
    .int()
    .min(1, { error: 'tooSmall' })
    .max(MAX_PULL_LIMIT, { error: 'tooLarge' })
    .optional(),
  /** `1`: also say how many changes remain after this page (a device asks on a run's first page). */
  total: z.enum(['1'], { error: 'notInList' }).optional(),
});

/**
 * One change in the feed. `remove` covers deletions (tombstones) and rows that left the
 * user's scope (a case re-assigned to another town); `data` is present on `put`.
 */
export const pullChangeSchema = z.object({
  entity: z.enum(PULL_ENTITIES),
  id: z.string(),
  op: z.enum(['put', 'remove']),
  version: z.number().int(),
  data: z.unknown().optional(),
});
export type PullChange = z.infer<typeof pullChangeSchema>;

export const pullResponseSchema = z.object({
  changes: z.array(pullChangeSchema),
  /** Opaque: the client stores it and sends it back; never parses it. */
  cursor: z.string(),
  hasMore: z.boolean(),
  /**
   * With `total=1`: an ESTIMATE of the changes in the caller's scope after this page, for
   * "n / m": the feed entries after it that the caller may see (one count), scaled by this
   * page's changes per entry; 0 (not counted) when hasMore is false. Additive: older
   * clients ignore it, so no protocol bump.
   */
  remaining: z.number().int().min(0).optional(),
  serverTime: z.string(),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;

/**
 * A case event as the pull sends it. A `case.create` event's changes list every field of the
 * new case (from null), which repeats on the wire the case row that the same pull sends: on a
 * first sync, nearly half of the bytes (51.7 → 27.1 MB; decision 020). A device never shows a creation's fields (the
 * timeline names changed fields for edits only), so it gets the notes alone (a receipt time
 * the server placed, say). The stored event, the audit trail and every other reader keep
 * the whole record.
 */
export function eventForPull(e: CaseEvent): CaseEvent {
  if (e.name !== 'case.create') return e;
  return { ...e, changes: e.changes.filter((ch) => ch.field === NOTE_FIELD) };
}
