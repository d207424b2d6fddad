import { useTranslation } from '../i18n';
import { CaseList } from './CaseList';

/**
 * The office's start page until the office workspace (issue 6) lands: the same local case
 * list over every town, titled for the office. Loaded lazily so it never weighs on the
 * officer's first screen.
 */
export function OfficeHome() {
  const { t } = useTranslation();
  return <CaseList title={t('office.title')} />;
}
