import { getMeta, META, openDb } from '../data/db';
import type { StoredSession } from '../data/types';
import { createSyncEngine } from './engine';

/**
 * Called by the service worker on a Background Sync event: one push and pull with the
 * session stored on the device. The sync lock keeps it from racing an open tab. Returns
 * quietly without a session; the tab will ask the officer to sign in.
 */
export async function runBackgroundSync(
  opts: { dbName?: string; baseUrl?: string; fetch?: typeof fetch } = {},
): Promise<void> {
  const db = openDb(opts.dbName);
  try {
    const session = await getMeta<StoredSession>(db, META.session);
    if (!session) return;
    const engine = createSyncEngine({
      db,
      baseUrl: opts.baseUrl ?? '',
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
      getToken: () => session.token,
      env: {},
    });
    // A tab syncing right now sends this device's outbox itself: no second cycle after it.
    await engine.syncNow({ waitForLock: false });
    // No retry timers in the worker: the browser reschedules a failed sync event itself.
    engine.stop();
    const status = engine.getStatus();
    // A failed background sync must reject, so the browser schedules another attempt.
    if (status.lastError && !status.needsSignIn) {
      throw new Error(`background sync failed: ${status.lastError.code}`);
    }
  } finally {
    db.close();
  }
}
