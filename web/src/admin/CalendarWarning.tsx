import { calendarMissingText, chinaDate, missingCalendarYear } from '@anxin/shared';
import { Link } from 'wouter';
import { useServerNow } from '../app/hooks';
import { useLang, useTranslation } from '../i18n';
import { useLoadedYears } from './queries';

/**
 * "2027 年节假日安排尚未录入": shown on the desk workspaces while this year's (or, from
 * November, next year's) working-day calendar is missing, because insurance-advance due
 * dates cannot be computed for a year that is not loaded. Today is judged by the server's
 * clock in China, not the desk computer's. Silent when the check itself fails: it is a
 * reminder, not the work.
 */
export function CalendarWarning(props: { canLoad: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const now = useServerNow(60_000);
  const years = useLoadedYears();
  if (!years.data) return null;
  const year = missingCalendarYear(years.data, chinaDate(now));
  if (year === null) return null;
  return (
    <div className="notice warn" role="status" data-testid="calendar-missing">
      <strong>{calendarMissingText(year, lang)}</strong>{' '}
      <Link href={`/admin/calendar/${year}`} data-testid="calendar-missing-link">
        {t('admin.calendarMissing.link')}
      </Link>
      {!props.canLoad && t('admin.calendarMissing.adminOnly')}
    </div>
  );
}
