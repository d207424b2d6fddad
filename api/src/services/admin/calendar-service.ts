import type { CalendarYearAnswer, Lang } from '@anxin/shared';
import { calendarYearSchema, fieldErrors, INVALID_MESSAGE } from '@anxin/shared';
import type { AppDeps } from '../../deps';
import { HttpError } from '../../http/errors';
import { calendarYear, putCalendarYear } from '../../repositories/calendars';
import type { Actor } from '../../repositories/scope';
import { auditChange, changedFields } from './audit';

export function parseYear(raw: string, lang: Lang): number {
  const parsed = calendarYearSchema.safeParse(raw);
  if (!parsed.success) {
    throw new HttpError('invalid', INVALID_MESSAGE[lang], {
      fields: Object.fromEntries(
        Object.values(fieldErrors(parsed.error, lang)).map((m) => ['year', m]),
      ),
    });
  }
  return parsed.data;
}

/**
 * PUT /api/admin/calendar/:year: replaces the year's holidays and make-up working days
 * (validated by yearCalendarRequestSchema), audits before → after, and every device
 * receives the year at its next pull. Due dates already stored are not recomputed: an
 * approved claim keeps the date the insurer was told.
 */
export async function loadCalendarYear(
  deps: AppDeps,
  actor: Actor,
  year: number,
  body: { holidays: string[]; makeupWorkdays: string[] },
): Promise<CalendarYearAnswer> {
  const at = deps.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const before = await calendarYear(trx, year);
    await putCalendarYear(trx, { year, ...body }, { id: actor.id, at });
    const diff = changedFields(
      { holidays: before.holidays, makeupWorkdays: before.makeupWorkdays },
      body,
    );
    await auditChange(trx, actor, at, 'calendar.put', {
      targetId: String(year),
      targetName: `${year}`,
      before: before.loaded ? diff.before : null,
      after: diff.after,
    });
  });
  deps.log('admin.calendarLoaded', {
    actorId: actor.id,
    year,
    holidays: body.holidays.length,
    makeupWorkdays: body.makeupWorkdays.length,
  });
  return calendarYear(deps.db, year);
}
