import {
  type CalendarYearAnswer,
  calendarYearSchema,
  chinaDate,
  fieldErrors,
  isRealDate,
  isWeekend,
  joinClauses,
  yearCalendarRequestSchema,
} from '@anxin/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { type FormEvent, memo, useCallback, useMemo, useState } from 'react';
import { useLocation } from 'wouter';
import { ApiFailure, failureText } from '../app/desk-api';
import { useDirtyForm } from '../app/dirty';
import { useServerNow } from '../app/hooks';
import { ReadError } from '../app/kit';
import { useDeskApi } from '../app/server-reads';
import { Notice, SelectField, TextArea } from '../components/Field';
import { useLang, useTranslation } from '../i18n';
import { formatDate, formatDateTime } from '../i18n/format';
import { calendarYearAnswerSchema } from './answers';
import { KEYS, useAdminUsers, useCalendarList, useCalendarYear } from './queries';

type ListName = 'holidays' | 'makeupWorkdays';
type DayState = 'work' | 'weekend' | 'holiday' | 'makeup';

/** A textarea's non-blank lines, each with its 1-based line number for error messages. */
function entries(text: string): Array<{ value: string; line: number }> {
  return text
    .split('\n')
    .map((l, i) => ({ value: l.trim(), line: i + 1 }))
    .filter((e) => e.value !== '');
}

function realDays(text: string): ReadonlySet<string> {
  return new Set(
    entries(text)
      .map((e) => e.value)
      .filter(isRealDate),
  );
}

function linesOf(days: readonly string[]): string {
  return days.join('\n');
}

/** The list with `date` present or absent, one date a line, in date order. */
function withDate(text: string, date: string, present: boolean): string {
  const rest = entries(text)
    .map((e) => e.value)
    .filter((v) => v !== date);
  if (present) rest.push(date);
  return rest.sort().join('\n');
}

function dayOf(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Monday-first weeks of a month; null pads the days before the 1st and after the last. */
function weeksOf(year: number, month: number): Array<Array<number | null>> {
  const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const cells: Array<number | null> = Array.from({ length: (first + 6) % 7 }, () => null);
  for (let d = 1; d <= days; d++) cells.push(d);
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks: Array<Array<number | null>> = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

const ALL_PEOPLE = { q: '', role: '', unitId: '', showDisabled: true } as const;
const MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] as const;
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/**
 * The working-day calendar of one year (public holidays and make-up working days, 调休), as
 * the State Council publishes it each November. Insurance advances are due within 3 working
 * days, so a year must be loaded before any due date in it can be computed.
 */
export function CalendarTab(props: { year?: string | undefined }) {
  const { t } = useTranslation();
  const [, navigate] = useLocation();
  const now = useServerNow(60_000);
  const thisYear = Number(chinaDate(now).slice(0, 4));
  const parsed = props.year === undefined ? null : calendarYearSchema.safeParse(props.year);
  const year = parsed === null ? thisYear : parsed.success ? parsed.data : null;
  const list = useCalendarList();
  const answer = useCalendarYear(year);

  const years = [
    ...new Set([
      thisYear,
      thisYear + 1,
      ...(list.data ?? []).map((y) => y.year),
      ...(year ? [year] : []),
    ]),
  ].sort((a, b) => a - b);
  const loaded = new Set((list.data ?? []).filter((y) => y.loaded).map((y) => y.year));

  return (
    <section aria-labelledby="calendar-title" className="admin-calendar">
      <h2 id="calendar-title">{t('admin.calendar.title')}</h2>
      <p className="hint">{t('admin.calendar.intro')}</p>
      <div className="admin-year">
        <SelectField<string>
          id="calendar-year"
          plain
          label={t('admin.calendar.year')}
          value={year === null ? '' : String(year)}
          onChange={(v) => navigate(`/admin/calendar/${v}`)}
          options={years.map((y) => ({
            value: String(y),
            label: loaded.has(y)
              ? t('admin.calendar.yearLoaded', { year: y })
              : t('admin.calendar.yearOption', { year: y }),
          }))}
        />
      </div>
      {year === null && <Notice kind="error">{t('admin.calendar.badYear')}</Notice>}
      {answer.error && (
        <ReadError message={failureText(answer.error)} onRetry={() => void answer.refetch()} />
      )}
      {year !== null && answer.isPending && <p role="status">{t('admin.loading')}</p>}
      {answer.data && answer.data.year === year && (
        <CalendarEditor key={year} answer={answer.data} />
      )}
    </section>
  );
}

function CalendarEditor(props: { answer: CalendarYearAnswer }) {
  const { t } = useTranslation();
  const lang = useLang();
  const api = useDeskApi();
  const client = useQueryClient();
  const year = props.answer.year;
  const [saved, setSaved] = useState(props.answer);
  const [holidays, setHolidays] = useState(linesOf(props.answer.holidays));
  const [makeup, setMakeup] = useState(linesOf(props.answer.makeupWorkdays));
  const [tried, setTried] = useState(false);
  const [serverFields, setServerFields] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  // The answer names who saved it by user id; the people list gives the name.
  const people = useAdminUsers(ALL_PEOPLE);
  const nameOf = (id: string) => people.data?.find((u) => u.id === id)?.displayName ?? id;

  const dirty =
    linesOf(entries(holidays).map((e) => e.value)) !== linesOf(saved.holidays) ||
    linesOf(entries(makeup).map((e) => e.value)) !== linesOf(saved.makeupWorkdays);
  useDirtyForm('admin-calendar', dirty);

  const lists = { holidays: entries(holidays), makeupWorkdays: entries(makeup) };
  const body = {
    holidays: lists.holidays.map((e) => e.value),
    makeupWorkdays: lists.makeupWorkdays.map((e) => e.value),
  };
  const check = yearCalendarRequestSchema(year).safeParse(body);
  const localFields = check.success ? {} : fieldErrors(check.error, lang);
  // Server messages stand until the lists are edited; the shared rules are shown once a
  // save was tried, then live as the administrator fixes them.
  const fields = Object.keys(serverFields).length > 0 ? serverFields : tried ? localFields : {};
  const errorsOf = (list: ListName): string | undefined => {
    const out: string[] = [];
    for (const [path, msg] of Object.entries(fields)) {
      const [root, index] = path.split('.');
      if (root !== list) continue;
      const entry = index === undefined ? undefined : lists[list][Number(index)];
      out.push(
        entry
          ? t('admin.calendar.lineError', { line: entry.line, value: entry.value, message: msg })
          : msg,
      );
    }
    return out.length > 0 ? out.join('\n') : undefined;
  };
  const otherErrors = Object.entries(fields)
    .filter(([p]) => !p.startsWith('holidays') && !p.startsWith('makeupWorkdays'))
    .map(([, m]) => m);

  const save = useMutation({
    mutationFn: (v: typeof body) =>
      api.call('PUT', `/api/admin/calendar/${year}`, calendarYearAnswerSchema, v),
    onSuccess: (answer) => {
      client.setQueryData(KEYS.calendarYear(year), answer);
      for (const queryKey of [KEYS.calendars, KEYS.loadedYears, KEYS.audit]) {
        void client.invalidateQueries({ queryKey });
      }
      setSaved(answer);
      setHolidays(linesOf(answer.holidays));
      setMakeup(linesOf(answer.makeupWorkdays));
      setTried(false);
      setServerFields({});
      setMessage({ kind: 'ok', text: t('admin.calendar.saved', { year }) });
    },
    onError: (err) => {
      if (err instanceof ApiFailure && Object.keys(err.fields).length > 0) {
        setServerFields({ ...err.fields });
        setMessage({ kind: 'error', text: t('admin.fixErrors') });
      } else {
        setMessage({ kind: 'error', text: failureText(err) });
      }
    },
  });

  const edit = (list: ListName, text: string) => {
    setServerFields({});
    setMessage(null);
    (list === 'holidays' ? setHolidays : setMakeup)(text);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    setMessage(null);
    if (!check.success) {
      setMessage({ kind: 'error', text: t('admin.fixErrors') });
      return;
    }
    save.mutate(body);
  };

  // Stable between keystrokes in the other list, so the twelve month grids skip re-rendering.
  const holidaySet = useMemo(() => realDays(holidays), [holidays]);
  const makeupSet = useMemo(() => realDays(makeup), [makeup]);

  const toggle = useCallback(
    (date: string) => {
      const weekend = isWeekend(date);
      const state: DayState = holidaySet.has(date)
        ? 'holiday'
        : makeupSet.has(date)
          ? 'makeup'
          : weekend
            ? 'weekend'
            : 'work';
      // Weekday: working day ⇄ holiday. Weekend: weekend → holiday → make-up working day → weekend.
      const next: DayState =
        state === 'holiday'
          ? weekend
            ? 'makeup'
            : 'work'
          : state === 'makeup'
            ? 'weekend'
            : 'holiday';
      setServerFields({});
      setMessage(null);
      setHolidays((h) => withDate(h, date, next === 'holiday'));
      setMakeup((m) => withDate(m, date, next === 'makeup'));
    },
    [holidaySet, makeupSet],
  );

  return (
    <div className="admin-calendar-body">
      <form
        className="admin-calendar-lists"
        onSubmit={submit}
        noValidate
        data-testid="calendar-form"
      >
        <p data-testid="calendar-state">
          {!saved.loaded
            ? t('admin.calendar.notLoaded', { year })
            : !saved.updatedAt
              ? t('admin.calendar.loaded', { year })
              : saved.updatedBy
                ? t('admin.calendar.loadedAt', {
                    year,
                    by: nameOf(saved.updatedBy),
                    at: formatDateTime(saved.updatedAt, lang),
                  })
                : t('admin.calendar.loadedAtNoBy', {
                    year,
                    at: formatDateTime(saved.updatedAt, lang),
                  })}
        </p>
        {message && (
          <Notice kind={message.kind} testId="calendar-message">
            {message.text}
          </Notice>
        )}
        {otherErrors.length > 0 && <Notice kind="error">{joinClauses(otherErrors, lang)}</Notice>}
        <TextArea
          id="calendar-holidays"
          plain
          label={t('admin.calendar.holidays')}
          hint={t('admin.calendar.holidaysHint')}
          value={holidays}
          onChange={(v) => edit('holidays', v)}
          error={errorsOf('holidays')}
        />
        <TextArea
          id="calendar-makeup"
          plain
          label={t('admin.calendar.makeup')}
          hint={t('admin.calendar.makeupHint')}
          value={makeup}
          onChange={(v) => edit('makeupWorkdays', v)}
          error={errorsOf('makeupWorkdays')}
        />
        <p className="hint">
          {t('admin.calendar.counts', { holidays: holidaySet.size, makeup: makeupSet.size })}
        </p>
        <button type="submit" className="btn primary" disabled={save.isPending}>
          {save.isPending ? t('admin.calendar.saving') : t('admin.calendar.save')}
        </button>
      </form>
      <div className="admin-calendar-grid">
        <Legend t={t} />
        <p className="hint">{t('admin.calendar.gridHint')}</p>
        <div className="cal-months" data-testid="calendar-grid">
          {MONTHS.map((month) => (
            <MonthGrid
              key={month}
              year={year}
              month={month}
              holidays={holidaySet}
              makeup={makeupSet}
              lang={lang}
              t={t}
              onToggle={toggle}
            />
          ))}
        </div>
      </div>
    </div>
  );
}

function Legend(props: { t: TFunction }) {
  const { t } = props;
  return (
    <ul className="cal-legend" aria-label={t('admin.calendar.legend')}>
      <li>
        <span className="cal-swatch cal-holiday" aria-hidden="true">
          {t('admin.calendar.markHoliday')}
        </span>{' '}
        {t('admin.calendar.legendHoliday')}
      </li>
      <li>
        <span className="cal-swatch cal-makeup" aria-hidden="true">
          {t('admin.calendar.markMakeup')}
        </span>{' '}
        {t('admin.calendar.legendMakeup')}
      </li>
      <li>
        <span className="cal-swatch cal-weekend" aria-hidden="true" />{' '}
        {t('admin.calendar.legendWeekend')}
      </li>
    </ul>
  );
}

/** One month; each day is a button that moves it to the next state (see `toggle`). */
const MonthGrid = memo(function MonthGrid(props: {
  year: number;
  month: number;
  holidays: ReadonlySet<string>;
  makeup: ReadonlySet<string>;
  lang: 'zh' | 'en';
  t: TFunction;
  onToggle: (date: string) => void;
}) {
  const { t, year, month } = props;
  return (
    <table className="cal-month">
      <caption>{t('admin.calendar.month', { month })}</caption>
      <thead>
        <tr>
          {WEEKDAYS.map((w) => (
            <th key={w} scope="col" abbr={t(`admin.calendar.weekdayNames.${w}`)}>
              {t(`admin.calendar.weekdays.${w}`)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {weeksOf(year, month).map((week) => (
          <tr key={week.find((d) => d !== null) ?? 0}>
            {week.map((d, i) => {
              // biome-ignore lint/suspicious/noArrayIndexKey: a weekday column is its position.
              if (d === null) return <td key={i} />;
              const date = dayOf(year, month, d);
              const state: DayState = props.holidays.has(date)
                ? 'holiday'
                : props.makeup.has(date)
                  ? 'makeup'
                  : isWeekend(date)
                    ? 'weekend'
                    : 'work';
              const label = t(`admin.calendar.day.${state}`, {
                date: formatDate(date, props.lang),
              });
              return (
                <td key={date}>
                  <button
                    type="button"
                    className={`cal-day cal-${state}`}
                    data-date={date}
                    data-state={state}
                    aria-label={label}
                    title={label}
                    onClick={() => props.onToggle(date)}
                  >
                    <span aria-hidden="true">{d}</span>
                    {(state === 'holiday' || state === 'makeup') && (
                      <span className="cal-mark" aria-hidden="true">
                        {state === 'holiday'
                          ? t('admin.calendar.markHoliday')
                          : t('admin.calendar.markMakeup')}
                      </span>
                    )}
                  </button>
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
});
