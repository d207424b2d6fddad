import { Link } from 'wouter';
import { AppFrame } from '../components/AppFrame';
import { useTranslation } from '../i18n';

export function NotFound() {
  const { t } = useTranslation();
  return (
    <AppFrame title={t('app.notFound')}>
      <p>{t('app.notFound')}</p>
      <Link href="/" className="btn primary">
        {t('app.goHome')}
      </Link>
    </AppFrame>
  );
}
