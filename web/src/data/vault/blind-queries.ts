import type { AnxinDB } from '../db';
import type { LocalCase } from '../types';
import { blindIndex } from './seal';

/**
 * Cases with any of these claimant mobiles (the duplicate hint). The index holds blind
 * values (seal-policy.ts), so the mobiles are blinded with the device's key first; the
 * rows come back opened, with their real mobiles.
 */
export async function casesByClaimantMobiles(
  db: AnxinDB,
  mobiles: readonly string[],
): Promise<LocalCase[]> {
  if (mobiles.length === 0) return [];
  // Finds nothing (no plain mobile is stored) but, inside a liveQuery, subscribes to these
  // mobiles: Dexie's change tracking sits above the seal and names a written case by its
  // plain mobiles, so a new case with one of them re-runs the query.
  await db.cases.where('claimantMobiles').anyOf(mobiles).count();
  const keys = db.keySource.keys();
  const blinded = await Promise.all(mobiles.map((m) => blindIndex(keys, m)));
  return db.cases.where('claimantMobiles').anyOf(blinded).distinct().toArray();
}
