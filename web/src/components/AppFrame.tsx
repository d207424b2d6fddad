import type { ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { useSignedIn, useSyncStatus } from '../app/services';
import { setLang, useLang, useTranslation } from '../i18n';
import { SyncBar } from './SyncBar';
import { UpdatePrompt } from './UpdatePrompt';

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

function NavLink(props: { href: string; icon: string; label: string; count?: number }) {
  const [location] = useLocation();
  const active =
    props.href === '/'
      ? location === '/' || (location.startsWith('/cases/') && location !== '/cases/new')
      : location.startsWith(props.href);
  return (
    <Link href={props.href} aria-current={active ? 'page' : undefined}>
      <span className="icon" aria-hidden="true">
        {props.icon}
      </span>
      {props.label}
      {props.count !== undefined && props.count > 0 && (
        <span className="count">
          <span className="visually-hidden">: </span>
          {props.count}
        </span>
      )}
    </Link>
  );
}

function BottomNav() {
  const { t } = useTranslation();
  const { user } = useSignedIn();
  const status = useSyncStatus();
  const desk = user.role === 'office' || user.role === 'admin';
  return (
    <nav className="bottom-nav" aria-label={t('nav.main')}>
      {/* An administrator's home is the admin workspace (App sends / there). */}
      {user.role === 'admin' ? (
        <NavLink href="/admin" icon="⚒" label={t('nav.admin')} />
      ) : (
        <NavLink href="/" icon="☰" label={desk ? t('nav.office') : t('nav.cases')} />
      )}
      <NavLink href="/cases/new" icon="＋" label={t('nav.newCase')} />
      {desk && <NavLink href="/office" icon="▦" label={t('nav.workspace')} />}
      {user.role === 'inspector' && <NavLink href="/inspector" icon="⛟" label={t('nav.visits')} />}
      <NavLink
        href="/conflicts"
        icon="⚠"
        label={t('nav.conflicts')}
        count={status?.conflicts ?? 0}
      />
      <NavLink href="/settings" icon="⚙" label={t('nav.settings')} />
    </nav>
  );
}

/** Every signed-in screen: header, sync bar, update prompt, content, bottom navigation. */
export function AppFrame(props: {
  title: string;
  back?: string;
  children: ReactNode;
  actionBar?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="app-header">
        <div className="title-row">
          {props.back && (
            <Link href={props.back} className="back-btn" aria-label={t('app.back')}>
              <span aria-hidden="true">‹</span>
            </Link>
          )}
          <h1>{props.title}</h1>
          <LangSwitch />
        </div>
        <SyncBar />
      </header>
      <UpdatePrompt />
      <main id="main" tabIndex={-1} className={props.actionBar ? 'has-action-bar' : undefined}>
        {props.children}
      </main>
      <BottomNav />
    </>
  );
}
