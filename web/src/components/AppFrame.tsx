import { type ReactNode, useEffect, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { useSignedIn, useSyncStatus } from '../app/services';
import { useTranslation } from '../i18n';
import { NAV_ICONS, type NavIconName } from './NavIcons';
import { LangSwitch } from './PublicHeader';
import { SyncBar } from './SyncBar';
import { UpdatePrompt } from './UpdatePrompt';

export { LangSwitch, PublicHeader } from './PublicHeader';

/**
 * `short`: what the phone's bottom bar shows when the full label would not fit its share of
 * 360 px on one line (six places for an inspector). The full label stays the link's name.
 */
function NavLink(props: {
  href: string;
  icon: NavIconName;
  label: string;
  short?: string | undefined;
  count?: number;
}) {
  const [location] = useLocation();
  const active =
    props.href === '/'
      ? location === '/' || (location.startsWith('/cases/') && location !== '/cases/new')
      : location.startsWith(props.href);
  return (
    <Link href={props.href} aria-current={active ? 'page' : undefined}>
      {NAV_ICONS[props.icon]}
      {props.short === undefined || props.short === props.label ? (
        <span className="nav-label">{props.label}</span>
      ) : (
        <>
          <span className="nav-label nav-label-full">{props.label}</span>
          <span className="nav-label nav-label-short" aria-hidden="true">
            {props.short}
          </span>
        </>
      )}
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
  const field = user.role === 'officer' || user.role === 'inspector';
  return (
    <nav className="bottom-nav" aria-label={t('nav.main')}>
      {/* An administrator's home is the admin workspace (App sends / there). */}
      {user.role === 'admin' ? (
        <NavLink href="/admin" icon="admin" label={t('nav.admin')} short={t('nav.short.admin')} />
      ) : (
        <NavLink
          href="/"
          icon="cases"
          label={desk ? t('nav.office') : t('nav.cases')}
          short={desk ? undefined : t('nav.short.cases')}
        />
      )}
      {field && <NavLink href="/today" icon="today" label={t('nav.today')} />}
      <NavLink
        href="/cases/new"
        icon="newCase"
        label={t('nav.newCase')}
        short={t('nav.short.newCase')}
      />
      {desk && <NavLink href="/office" icon="workspace" label={t('nav.workspace')} />}
      {user.role === 'inspector' && (
        <NavLink href="/inspector" icon="visits" label={t('nav.visits')} />
      )}
      <NavLink
        href="/conflicts"
        icon="conflicts"
        label={t('nav.conflicts')}
        short={t('nav.short.conflicts')}
        count={status?.conflicts ?? 0}
      />
      <NavLink
        href="/settings"
        icon="settings"
        label={t('nav.settings')}
        short={t('nav.short.settings')}
      />
    </nav>
  );
}

let nextScreenNotice: string | null = null;

/**
 * A confirmation the next screen shows at its top ("案件已保存" after a new case), for a
 * save that moves on to another screen: said where the officer lands, not on the form left.
 */
export function noticeOnNextScreen(text: string): void {
  nextScreenNotice = text;
}

function useScreenNotice(): string | null {
  const [notice] = useState(() => nextScreenNotice);
  useEffect(() => {
    if (notice !== null && nextScreenNotice === notice) nextScreenNotice = null;
  }, [notice]);
  return notice;
}

/** Every signed-in screen: header, sync bar, update prompt, content, bottom navigation. */
export function AppFrame(props: {
  title: string;
  back?: string;
  children: ReactNode;
  actionBar?: boolean;
}) {
  const { t } = useTranslation();
  const notice = useScreenNotice();
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
        {notice && (
          <p role="status" className="notice ok frame-notice" data-testid="screen-notice">
            {notice}
          </p>
        )}
        {props.children}
      </main>
      <BottomNav />
    </>
  );
}
