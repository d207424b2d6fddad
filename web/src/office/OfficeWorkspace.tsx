import { lazy, Suspense } from 'react';
import { Route, Switch } from 'wouter';
import { AuditLog } from '../admin/Audit';
import { CalendarWarning } from '../admin/CalendarWarning';
import { WorkspaceTab as Tab } from '../admin/kit';
import { ServerQueries } from '../admin/queries';
import { useEngine, useSignedIn } from '../app/services';
import { AppFrame } from '../components/AppFrame';
import { useTranslation } from '../i18n';
import { useTx } from './common';
import { InsuranceClaims } from './InsuranceClaims';
import { IntakeQueue } from './IntakeQueue';
import { ReviewQueue } from './ReviewQueue';
import './office.css';

// Charts and aggregates only for those who open the dashboard tab.
const Dashboard = lazy(() => import('./Dashboard').then((m) => ({ default: m.Dashboard })));

/**
 * The office workspace (at /office/*; absolute paths, so the app frame's links stay app-wide): triage and assignment, review, the 1-3-7
 * dashboard with exports, insurance advance approvals, and the audit log (the admin
 * workspace's, read-only here). Desktop layout; loaded on demand.
 */
export function OfficeWorkspace() {
  const tx = useTx();
  const { t } = useTranslation();
  const engine = useEngine();
  const isAdmin = useSignedIn().user.role === 'admin';
  const loading = <p role="status">{tx('加载中…', 'Loading…')}</p>;
  return (
    <ServerQueries>
      <AppFrame title={tx('市局工作台', 'Office workspace')}>
        <div className="office-wide">
          <CalendarWarning canLoad={isAdmin} />
          <nav className="office-tabs" aria-label={tx('工作台', 'Workspace')}>
            <Tab href="/office" exact label={tx('受理分派', 'Intake')} />
            <Tab href="/office/review" label={tx('结案审核', 'Review')} />
            <Tab href="/office/dashboard" label={tx('数据看板', 'Dashboard')} />
            <Tab href="/office/insurance" label={tx('保险垫付', 'Insurance advance')} />
            <Tab href="/office/audit" label={t('admin.tabs.audit')} />
          </nav>
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
              </Switch>
            </Suspense>
          )}
        </div>
      </AppFrame>
    </ServerQueries>
  );
}
