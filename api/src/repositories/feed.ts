import type { PullEntity } from '@anxin/shared';
import { type Selectable, sql } from 'kysely';
import { appendRow } from '../db/deferred-inserts';
import { EVERY_SCOPE } from '../db/migrations/0005_administration';
import type { ChangeFeedTable, Dialect, Executor } from '../db/schema';

type ChangeFeedRow = Selectable<ChangeFeedTable>;

import type { Scope } from './scope';

export interface FeedEntryInput {
  entity: PullEntity;
  entityId: string;
  caseId: string;
  townId: string;
  prevTownId?: string | null;
  op: 'put' | 'remove';
  at: string;
}

export interface FeedEntry extends Required<FeedEntryInput> {
  xid: number;
  seq: number;
}

/** A position in the feed: entries are ordered by (xid, seq); see docs/decisions/010-api-pull-feed-watermark.md. */
export interface FeedPosition {
  xid: number;
  seq: number;
}

export async function appendFeed(db: Executor, e: FeedEntryInput): Promise<void> {
  const row = {
    entity: e.entity,
    entity_id: e.entityId,
    case_id: e.caseId,
    town_id: e.townId,
    prev_town_id: e.prevTownId ?? null,
    op: e.op,
    created_at: e.at,
  };
  await appendRow(db, 'change_feed', row);
}

/**
 * The watermark: on PostgreSQL the oldest transaction id still running. Every entry written
 * by a transaction below it is committed (or rolled back) for good, and no transaction that
 * is running or starts later can get an id below it, so nothing can ever appear behind a
 * cursor that stays below the watermark. SQLite has one writer at a time and a commit makes
 * everything visible at once: no watermark needed.
 */
export async function feedWatermark(db: Executor, dialect: Dialect): Promise<number | null> {
  if (dialect !== 'postgres') return null;
  const r = await sql<{
    w: number | string;
  }>`select pg_snapshot_xmin(pg_current_snapshot())::text::bigint as w`.execute(db);
  return Number(r.rows[0]!.w);
}

/**
 * Entries after `after`, in feed order, that concern the scope: written for a case in one of
 * its towns, or for a case that moved out of one of them (so the user learns to drop it).
 */
/** The feed entries a scope sees: its towns' (and those a case left) plus every scope's. */
function scopedFeed(db: Executor, scope: Scope) {
  const base = db.selectFrom('change_feed');
  if (scope.all) return base;
  // Entries for every scope (units, calendar years) are read like one more town.
  const towns = [...scope.townIds, EVERY_SCOPE];
  return base.where((eb) => eb.or([eb('town_id', 'in', towns), eb('prev_town_id', 'in', towns)]));
}

/**
 * How many entries of the scope come after `after` and are visible now: what a device has
 * still to receive, for its "n of m". One indexed count, asked once per sync run.
 */
export async function countFeedAfter(
  db: Executor,
  dialect: Dialect,
  scope: Scope,
  after: FeedPosition | null,
): Promise<number> {
  const watermark = await feedWatermark(db, dialect);
  let q = scopedFeed(db, scope).select((eb) => eb.fn.countAll<number | string>().as('n'));
  if (watermark !== null) q = q.where('xid', '<', watermark);
  if (after) {
    q = q.where((eb) =>
      eb.or([
        eb('xid', '>', after.xid),
        eb.and([eb('xid', '=', after.xid), eb('seq', '>', after.seq)]),
      ]),
    );
  }
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/**
 * The entries after `after` (at most `limit`), in feed order, that concern the scope, and
 * whether committed entries wait behind an older transaction (`heldBack`): ONE statement
 * (decision 020, "Pull cost"), so a caught-up pull costs one index seek. On PostgreSQL the
 * watermark is read by the same statement (the statement's own snapshot) and the entries at
 * or above it come back with the rest: ordered by (xid, seq), they follow every visible one,
 * so the visible page is the prefix below the watermark and any row after it means held back.
 */
export async function readFeed(
  db: Executor,
  dialect: Dialect,
  scope: Scope,
  after: FeedPosition | null,
  limit: number,
): Promise<{ entries: FeedEntry[]; watermark: number | null; heldBack: boolean }> {
  const base = scopedFeed(db, scope);
  const pg = dialect === 'postgres';
  const watermarkColumn = (
    pg
      ? sql<string | null>`pg_snapshot_xmin(pg_current_snapshot())::text::bigint`
      : sql<string | null>`null`
  ).as('watermark');
  const withWatermark = (q: ReturnType<typeof base.selectAll>) => q.select(watermarkColumn);
  let rows: Array<ChangeFeedRow & { watermark: string | number | null }>;
  if (after) {
    // `xid > ? OR (xid = ? AND seq > ?)` can only seek `change_feed_order` on `xid > ?`,
    // and on SQLite every xid is 0, so that form scans the whole feed on every pull. Two
    // branches that each seek the index (the rest of the cursor's transaction, then later
    // transactions), each limited, give the same first `limit` entries in (xid, seq) order.
    const sameXid = withWatermark(
      base.selectAll().where('xid', '=', after.xid).where('seq', '>', after.seq),
    )
      .orderBy('seq')
      .limit(limit);
    const laterXid = withWatermark(base.selectAll().where('xid', '>', after.xid))
      .orderBy('xid')
      .orderBy('seq')
      .limit(limit);
    rows = (await db
      .selectFrom(sameXid.as('a'))
      .selectAll()
      .unionAll(db.selectFrom(laterXid.as('b')).selectAll())
      .orderBy('xid')
      .orderBy('seq')
      .limit(limit)
      .execute()) as typeof rows;
  } else {
    rows = (await withWatermark(base.selectAll())
      .orderBy('xid')
      .orderBy('seq')
      .limit(limit)
      .execute()) as typeof rows;
  }
  // Every row carries the same watermark (one statement, one snapshot). With no row there
  // is nothing held back either: an entry at or above the watermark would have been read.
  const watermark = pg ? (rows.length > 0 ? Number(rows[0]!.watermark) : null) : null;
  let visible = rows.length;
  if (watermark !== null) {
    visible = rows.findIndex((r) => Number(r.xid) >= watermark);
    if (visible < 0) visible = rows.length;
  }
  return {
    watermark,
    heldBack: visible < rows.length,
    entries: rows.slice(0, visible).map((r) => ({
      xid: Number(r.xid),
      seq: Number(r.seq),
      entity: r.entity as PullEntity,
      entityId: r.entity_id,
      caseId: r.case_id,
      townId: r.town_id,
      prevTownId: r.prev_town_id,
      op: r.op as 'put' | 'remove',
      at: r.created_at,
    })),
  };
}

/** `entity:id` of every entry of the case written before `before` in feed order. */
export async function entitiesFedBefore(
  db: Executor,
  caseId: string,
  before: FeedPosition,
): Promise<Set<string>> {
  const rows = await db
    .selectFrom('change_feed')
    .select(['entity', 'entity_id'])
    .where('case_id', '=', caseId)
    .where((eb) =>
      eb.or([
        eb('xid', '<', before.xid),
        eb.and([eb('xid', '=', before.xid), eb('seq', '<', before.seq)]),
      ]),
    )
    .execute();
  return new Set(rows.map((r) => `${r.entity}:${r.entity_id}`));
}
