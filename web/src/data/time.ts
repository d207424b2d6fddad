import { type AnxinDB, getMeta, META } from './db';

/**
 * The server's clock as this device best knows it: device time plus the offset measured
 * at the last sync or login. Deadlines (1-3-7) are shown against this, never the bare
 * device clock, because officers' phones are often minutes or hours off.
 */
export async function serverNow(db: AnxinDB): Promise<number> {
  const offset = await getMeta<number>(db, META.clockOffsetMs);
  return Date.now() + (offset ?? 0);
}

/** Same, for callers that already hold the offset (e.g. from SyncStatus.clockOffsetMs). */
export function serverNowFrom(offsetMs: number | null, deviceNow: number = Date.now()): number {
  return deviceNow + (offsetMs ?? 0);
}

export const CLOCK_SKEW_LIMIT_MS = 5 * 60_000;

/**
 * Offset = serverTime − the device time at the request's midpoint: the server stamped its
 * time somewhere during the round trip, and the midpoint halves the error.
 */
export function measureOffset(
  serverTime: string,
  sentAt: number,
  receivedAt: number,
): number | null {
  const server = Date.parse(serverTime);
  if (Number.isNaN(server)) return null;
  return Math.round(server - (sentAt + receivedAt) / 2);
}

export async function recordClockOffset(db: AnxinDB, offsetMs: number): Promise<void> {
  await db.meta.put({ key: META.clockOffsetMs, value: offsetMs });
}
