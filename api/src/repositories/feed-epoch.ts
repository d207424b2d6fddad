import { newFeedEpoch } from '../db/migrations/0004_feed_epoch';
import type { Executor } from '../db/schema';

export interface FeedEpoch {
  epoch: string;
  /** A restore has renewed it: cursors without an epoch may predate the restore. */
  restored: boolean;
}

/**
 * Read once per process and database: only a restore changes it, and a restore is done
 * with the server stopped (docs/operations.md).
 */
const known = new WeakMap<Executor, Promise<FeedEpoch>>();

export function feedEpoch(db: Executor): Promise<FeedEpoch> {
  let found = known.get(db);
  if (!found) {
    found = db
      .selectFrom('feed_epoch')
      .select(['epoch', 'restored'])
      .where('id', '=', 1)
      .executeTakeFirstOrThrow()
      .then((r) => ({ epoch: r.epoch, restored: r.restored === 1 }));
    // A failed read (database not reachable yet) is tried again on the next pull.
    found.catch(() => known.delete(db));
    known.set(db, found);
  }
  return found;
}

/** After a restore: a new feed identity, so every cursor handed out before it is refused. */
export async function renewFeedEpoch(db: Executor, at: string): Promise<string> {
  const epoch = newFeedEpoch();
  await db
    .updateTable('feed_epoch')
    .set({ epoch, started_at: at, restored: 1 })
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  known.delete(db);
  return epoch;
}
