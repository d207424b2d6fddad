import { lazy, Suspense } from 'react';
import { Route, Switch } from 'wouter';
import { AuditLog } from '../admin/Audit';
import { CalendarWarning } from '../admin/CalendarWarning';
import { WorkspaceTabs } from '../app/kit';
import { ServerQueries } from '../app/server-reads';
import { useEngine, useSignedIn } from '../app/services';
import { AppFrame } from '../components/AppFrame';
import { useWorkspaceTexts } from '../i18n/namespaces';
import { InsuranceClaims } from './InsuranceClaims';
import { IntakeQueue } from './IntakeQueue';
import { ReviewQueue } from './ReviewQueue';
import './office.css';

// Charts and aggregates only for those who open the dashboard tab.
const Dashboard = lazy(() => import('./Dashboard').then((m) => ({ default: m.Dashboard })));
// The QR encoder only for those who print posters.
const QrPoster = lazy(() => import('./QrPoster').then((m) => ({ default: m.QrPoster })));

/**
 * The office workspace (at /office/*; absolute paths, so the app frame's links stay app-wide): triage and assignment, review, the 1-3-7
 * dashboard with exports, insurance advance approvals, and the audit log (the admin
 * workspace's, read-only here). Desktop layout; loaded on demand.
 */
export function OfficeWorkspace() {
  const { t } = useWorkspaceTexts('office');
  const engine = useEngine();
  const isAdmin = useSignedIn().user.role === 'admin';
  const loading = <p role="status">{t('workspace.loading')}</p>;
  return (
    <ServerQueries>
      <AppFrame title={t('workspace.title')}>
        <div className="office-wide">
          <CalendarWarning canLoad={isAdmin} />
          <WorkspaceTabs
            label={t('workspace.tabsLabel')}
            tabs={[
              { href: '/office', exact: true, label: t('workspace.intake') },
              { href: '/office/review', label: t('workspace.review') },
              { href: '/office/dashboard', label: t('workspace.dashboard') },
              { href: '/office/insurance', label: t('workspace.insurance') },
              { href: '/office/audit', label: t('admin.tabs.audit') },
              { href: '/office/qr', label: t('workspace.qr') },
            ]}
          />
          {engine === null ? (
            loading
          ) : (
            <Suspense fallback={loading}>
              <Switch>
                <Route path="/office">
                  <IntakeQueue />
                </Route>
                <Route path="/office/review">
                  <ReviewQueue />
                </Route>
                <Route path="/office/dashboard">
                  <Dashboard />
                </Route>
                <Route path="/office/insurance">
                  <InsuranceClaims />
                </Route>
                <Route path="/office/audit">
                  <AuditLog />
                </Route>
                <Route path="/office/qr">
                  <QrPoster />
                </Route>
              </Switch>
            </Suspense>
          )}
        </div>
      </AppFrame>
    </ServerQueries>
  );
}
