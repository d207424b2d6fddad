import { useWorkspaceTexts } from '../i18n/namespaces';
import {
  type DayRange,
  matchingRange,
  QUICK_RANGES,
  type QuickRange,
  quickRange,
} from './charts/date-range';

/**
 * The dashboard's receipt-date filter: from / to days and the quick ranges a manager reports
 * on (本周, 本月, 近 12 周, 今年), the one in force marked pressed; "all dates" clears both.
 */
export function DateRangePicker(props: {
  value: DayRange;
  today: string;
  onChange: (r: DayRange) => void;
}) {
  const { t } = useWorkspaceTexts('office');
  const { value, today, onChange } = props;
  const current = matchingRange(value, today);
  const labels: Record<QuickRange, string> = {
    thisWeek: t('dashboard.quick.thisWeek'),
    thisMonth: t('dashboard.quick.thisMonth'),
    last12Weeks: t('dashboard.quick.last12Weeks'),
    thisYear: t('dashboard.quick.thisYear'),
  };
  const invalid = value.from !== '' && value.to !== '' && value.from > value.to;
  return (
    <fieldset className="office-range" data-testid="date-range">
      <legend>{t('dashboard.range')}</legend>
      <label>
        {t('dashboard.from')}
        <input
          type="date"
          value={value.from}
          max={value.to || undefined}
          aria-invalid={invalid || undefined}
          aria-describedby={invalid ? 'range-error' : undefined}
          onChange={(e) => onChange({ ...value, from: e.target.value })}
        />
      </label>
      <label>
        {t('dashboard.to')}
        <input
          type="date"
          value={value.to}
          min={value.from || undefined}
          aria-invalid={invalid || undefined}
          aria-describedby={invalid ? 'range-error' : undefined}
          onChange={(e) => onChange({ ...value, to: e.target.value })}
        />
      </label>
      <fieldset className="office-quick">
        <legend className="visually-hidden">{t('dashboard.quickRanges')}</legend>
        {QUICK_RANGES.map((k) => (
          <button
            key={k}
            type="button"
            className="btn small"
            aria-pressed={current === k}
            onClick={() => onChange(quickRange(k, today))}
          >
            {labels[k]}
          </button>
        ))}
        <button
          type="button"
          className="btn small"
          aria-pressed={value.from === '' && value.to === ''}
          onClick={() => onChange({ from: '', to: '' })}
        >
          {t('dashboard.allDates')}
        </button>
      </fieldset>
      {invalid && (
        <p id="range-error" className="warn" role="alert">
          {t('dashboard.rangeInvalid')}
        </p>
      )}
    </fieldset>
  );
}
