import { useEffect } from 'react';
import { Link, Route, Switch, useLocation } from 'wouter';
import { WorkspaceTabs } from '../app/kit';
import { ServerQueries } from '../app/server-reads';
import { AppFrame } from '../components/AppFrame';
import { useTranslation } from '../i18n';
import { AuditLog } from './Audit';
import { CalendarTab } from './Calendar';
import { CalendarWarning } from './CalendarWarning';
import { People } from './People';
import { Units } from './Units';
import '../office/office.css';
import './admin.css';

/**
 * The administrator's workspace (at /admin/*; admin role only, loaded on demand): people,
 * dispatch units, the working-day calendar and the audit log. Everything here is a server
 * read or write made online at a desk; none of it is device data. Desktop layout.
 */
export function AdminWorkspace() {
  const { t } = useTranslation();
  const [location, navigate] = useLocation();
  // An administrator's home (/) is this workspace; done here, so the officer's first
  // screen carries no redirect for it. `replace`: Back must not bounce to / and here again.
  useEffect(() => {
    if (location === '/') navigate('/admin', { replace: true });
  }, [location, navigate]);
  if (location === '/') return null;
  return (
    <ServerQueries>
      <AppFrame title={t('admin.title')}>
        <div className="office-wide admin-wide">
          <CalendarWarning canLoad />
          <WorkspaceTabs
            label={t('admin.tabsLabel')}
            tabs={[
              {
                href: '/admin',
                exact: true,
                alsoAt: ['/admin/people'],
                label: t('admin.tabs.people'),
              },
              { href: '/admin/units', label: t('admin.tabs.units') },
              { href: '/admin/calendar', label: t('admin.tabs.calendar') },
              { href: '/admin/audit', label: t('admin.tabs.audit') },
            ]}
          />
          <Switch>
            <Route path="/admin">
              <People />
            </Route>
            <Route path="/admin/people">
              <People />
            </Route>
            <Route path="/admin/units">
              <Units />
            </Route>
            <Route path="/admin/calendar">
              <CalendarTab />
            </Route>
            <Route path="/admin/calendar/:year">{(p) => <CalendarTab year={p.year} />}</Route>
            <Route path="/admin/audit">
              <AuditLog />
            </Route>
            <Route>
              <p>{t('app.notFound')}</p>
              <Link href="/admin">{t('admin.tabs.people')}</Link>
            </Route>
          </Switch>
        </div>
      </AppFrame>
    </ServerQueries>
  );
}
