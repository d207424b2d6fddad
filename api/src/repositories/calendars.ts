import type { CalendarYearAnswer, WorkCalendar, YearCalendar } from '@anxin/shared';
import { workCalendarOf } from '@anxin/shared';
import { EVERY_SCOPE } from '../db/migrations/0005_administration';
import type { Executor, WorkCalendarsTable } from '../db/schema';
import { appendFeed } from './feed';

function toAnswer(r: WorkCalendarsTable): CalendarYearAnswer {
  return {
    year: Number(r.year),
    loaded: true,
    holidays: JSON.parse(r.holidays) as string[],
    makeupWorkdays: JSON.parse(r.makeup_workdays) as string[],
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
  };
}

export async function calendarYear(db: Executor, year: number): Promise<CalendarYearAnswer> {
  const row = await db
    .selectFrom('work_calendars')
    .selectAll()
    .where('year', '=', year)
    .executeTakeFirst();
  return row
    ? toAnswer(row)
    : { year, loaded: false, holidays: [], makeupWorkdays: [], updatedAt: null, updatedBy: null };
}

export async function calendarYears(db: Executor): Promise<CalendarYearAnswer[]> {
  const rows = await db.selectFrom('work_calendars').selectAll().orderBy('year').execute();
  return rows.map(toAnswer);
}

/** Every loaded year, as the working-day rules take it. */
export async function workCalendar(db: Executor): Promise<WorkCalendar> {
  return workCalendarOf(
    (await calendarYears(db)).map(
      (y): YearCalendar => ({
        year: y.year,
        holidays: y.holidays,
        makeupWorkdays: y.makeupWorkdays,
      }),
    ),
  );
}

/** Stores a year (replacing what was there) and tells every device through the feed. */
export async function putCalendarYear(
  db: Executor,
  y: YearCalendar,
  by: { id: string; at: string },
): Promise<void> {
  const values = {
    holidays: JSON.stringify(y.holidays),
    makeup_workdays: JSON.stringify(y.makeupWorkdays),
    updated_at: by.at,
    updated_by: by.id,
  };
  await db
    .insertInto('work_calendars')
    .values({ year: y.year, ...values })
    .onConflict((oc) => oc.column('year').doUpdateSet(values))
    .execute();
  await appendFeed(db, {
    entity: 'calendar',
    entityId: String(y.year),
    caseId: '',
    townId: EVERY_SCOPE,
    op: 'put',
    at: by.at,
  });
}
