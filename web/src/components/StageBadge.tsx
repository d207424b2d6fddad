import { type Clock137Result, STAGE_137_LABELS } from '@anxin/shared';
import { durationParts } from '../app/hooks';
import { useLang, useTranslation } from '../i18n';

export function useDurationText(): (ms: number) => string {
  const { t } = useTranslation();
  return (ms) => {
    const { days, hours, minutes } = durationParts(ms);
    if (days > 0) {
      return hours > 0
        ? `${t('cases.days', { count: days })} ${t('cases.hours', { count: hours })}`
        : t('cases.days', { count: days });
    }
    if (hours > 0)
      return `${t('cases.hours', { count: hours })} ${t('cases.minutes', { count: minutes })}`;
    return t('cases.minutes', { count: minutes });
  };
}

/** The 1-3-7 stage and, while unresolved, the time to (or past) the deadline that matters now. */
export function StageBadge(props: { clock: Clock137Result; nowMs: number }) {
  const { t } = useTranslation();
  const lang = useLang();
  const dur = useDurationText();
  const { clock, nowMs } = props;
  const label = STAGE_137_LABELS[clock.stage][lang];
  let detail: string | null = null;
  const deadline =
    clock.stage === 'first_action_due'
      ? clock.firstActionDeadline
      : clock.stage === 'on_time'
        ? clock.warningAt
        : clock.stage === 'warning' || clock.stage === 'overdue'
          ? clock.resolveDeadline
          : null;
  if (deadline) {
    const ms = Date.parse(deadline) - nowMs;
    detail =
      ms >= 0
        ? t('cases.dueIn', { label, time: dur(ms) })
        : t('cases.overdueBy', { label, time: dur(ms) });
  }
  return (
    <span
      className={`badge stage-${clock.stage}`}
      data-testid="stage-badge"
      data-stage={clock.stage}
    >
      {detail ?? label}
    </span>
  );
}
