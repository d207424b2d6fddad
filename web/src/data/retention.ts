import { currentAgreement, latestPayment } from '@anxin/shared';
import type { AnxinDB } from './db';

/** Used when the server did not say (an older server): the product's default. */
export const DEFAULT_RETENTION_DAYS = 90;

const DAY_MS = 86_400_000;

/**
 * Personal data is kept on a field device only while the officer may still need it: a case
 * closed more than `retentionDays` ago leaves the device with everything under it
 * (mediations, events, attachment records and photos), so a lost phone holds as few
 * workers' names, mobiles and signatures as the work allows. Anything the officer still has
 * a hand in stays: a case with unsent changes, a draft or an inbox item is never dropped,
 * nor one whose agreement has an instalment nobody has checked yet (the today view asks).
 * The server keeps everything; the case list and search on the server still find it.
 * Returns the ids dropped.
 */
export async function dropExpiredClosedCases(
  db: AnxinDB,
  opts: { nowMs: number; retentionDays: number },
): Promise<string[]> {
  const cutoff = new Date(opts.nowMs - opts.retentionDays * DAY_MS).toISOString();
  return db.transaction(
    'rw',
    [
      db.cases,
      db.mediations,
      db.events,
      db.attachmentMeta,
      db.attachments,
      db.outbox,
      db.drafts,
      db.conflicts,
      db.instalments,
    ],
    async () => {
      const closed = await db.cases.where('status').equals('closed').toArray();
      const expired = closed.filter((c) => c.closedAt !== null && c.closedAt < cutoff);
      if (expired.length === 0) return [];
      const busy = new Set<string>([
        ...(await db.outbox.orderBy('entityId').uniqueKeys()).map(String),
        ...(await db.drafts.toArray()).flatMap((d) => (d.caseId ? [d.caseId] : [])),
        ...(await db.conflicts.toArray()).map((c) => c.entityId),
      ]);
      const checks = await db.instalments.toArray();
      for (const c of expired) {
        const agreement = currentAgreement(
          await db.mediations.where('caseId').equals(c.id).toArray(),
        );
        const open = agreement?.instalments.some(
          (i) => !latestPayment(checks, agreement.id, i.dueDate),
        );
        if (open) busy.add(c.id);
      }
      const ids = expired.map((c) => c.id).filter((id) => !busy.has(id));
      if (ids.length === 0) return [];
      await Promise.all([
        db.mediations.where('caseId').anyOf(ids).delete(),
        db.events.where('caseId').anyOf(ids).delete(),
        db.attachmentMeta.where('caseId').anyOf(ids).delete(),
        db.attachments.where('caseId').anyOf(ids).delete(),
        db.instalments.where('caseId').anyOf(ids).delete(),
        db.cases.bulkDelete(ids),
      ]);
      return ids;
    },
  );
}
