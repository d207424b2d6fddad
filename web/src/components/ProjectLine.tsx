import type { Case } from '@anxin/shared';
import { useTranslation } from '../i18n';

/**
 * A construction case's project and general contractor, on every screen that lists or
 * shows a case: the general contractor is liable for the migrant workers' wages
 * (保障农民工工资支付条例), so whoever handles the case needs it in view. Nothing for
 * other sectors or cases from before the field existed.
 */
export function ProjectLine(props: { case: Pick<Case, 'sector' | 'project'>; className?: string }) {
  const { t } = useTranslation();
  const p = props.case.project;
  if (props.case.sector !== 'construction' || !p) return null;
  return (
    <div className={props.className ?? 'meta'} data-testid="project-line">
      {t('cases.project', { name: p.name, contractor: p.generalContractor })}
    </div>
  );
}
