import {
  CalendarMissingError,
  chinaDate,
  chinaDateTime,
  digestSms,
  isWorkingDay,
  selectToday,
} from '@anxin/shared';
import type { AppConfig } from '../../config/env';
import type { Db } from '../../db/schema';
import type { Logger } from '../../deps';
import { workCalendar } from '../../repositories/calendars';
import { allCasesInScope } from '../../repositories/cases';
import { instalmentPaymentsOfCases } from '../../repositories/instalment-payments';
import { mediationsOfCases } from '../../repositories/mediations';
import { queueDigestSms } from '../../repositories/sms-outbox';
import { digestRecipients } from '../../repositories/units';

/** The morning window, China time: from 08:00, and not after noon (a late start sends none). */
export const DIGEST_FROM_HOUR = 8;
export const DIGEST_UNTIL_HOUR = 12;

/**
 * Queues each working morning, once per officer and day, the digest of what their 今日 view
 * lists (the same rule, shared/src/domain/today.ts, over the cases of their units), for the
 * officers of units that asked for it (admin: 承办单位 → 每日待办短信). The SMS worker then
 * delivers it like any other message. Safe to call on every tick and from every process:
 * the outbox's unique (officer, day) index keeps it to one.
 */
export async function queueMorningDigests(deps: {
  db: Db;
  now: () => Date;
  log: Logger;
  config: Pick<AppConfig, 'clock137'>;
}): Promise<{ queued: number }> {
  const nowMs = deps.now().getTime();
  const hour = Number(chinaDateTime(nowMs).slice(11, 13));
  if (hour < DIGEST_FROM_HOUR || hour >= DIGEST_UNTIL_HOUR) return { queued: 0 };
  const day = chinaDate(nowMs);
  const calendar = await workCalendar(deps.db);
  try {
    if (!isWorkingDay(day, calendar)) return { queued: 0 };
  } catch (err) {
    // Without the year's holidays a holiday would look like a working day: send nothing
    // and say so, rather than text officers on the Spring Festival.
    if (err instanceof CalendarMissingError) {
      deps.log('sms.digest.calendarMissing', { day });
      return { queued: 0 };
    }
    throw err;
  }
  let queued = 0;
  for (const officer of await digestRecipients(deps.db)) {
    const cases = await allCasesInScope(deps.db, { all: false, townIds: officer.unitIds });
    const ids = cases.map((c) => c.id);
    const [mediations, payments] = await Promise.all([
      mediationsOfCases(deps.db, ids),
      instalmentPaymentsOfCases(deps.db, ids),
    ]);
    const list = selectToday({
      cases,
      mediations,
      payments,
      nowMs,
      calendar,
      config: deps.config.clock137,
    });
    const message = digestSms(list);
    if (message === null) continue;
    const at = new Date(nowMs).toISOString();
    if (
      await queueDigestSms(deps.db, {
        userId: officer.userId,
        day,
        mobile: officer.mobile,
        message,
        at,
      })
    ) {
      queued++;
    }
  }
  if (queued > 0) deps.log('sms.digest.queued', { day, queued });
  return { queued };
}
