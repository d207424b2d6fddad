import { setLang, useLang, useTranslation } from '../i18n';

// Apart from AppFrame: the lock screen (the first screen of every cold start) shows this
// header, and must not bring the frame's router, sync bar and update prompt with it.

export function LangSwitch() {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <button
      type="button"
      className="lang-btn"
      lang={lang === 'zh' ? 'en' : 'zh-CN'}
      onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
      data-testid="lang-switch"
    >
      {lang === 'zh' ? t('app.switchToEnglish') : t('app.switchToChinese')}
    </button>
  );
}

/** The header of the screens before the app opens (sign-in, lock, PIN): name and language. */
export function PublicHeader() {
  const { t } = useTranslation();
  return (
    <header className="app-header">
      <div className="title-row">
        <h1>{t('app.name')}</h1>
        <LangSwitch />
      </div>
    </header>
  );
}
