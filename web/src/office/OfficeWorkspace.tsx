import { lazy, Suspense } from 'react';
import { Link, Route, Switch, useLocation } from 'wouter';
import { useEngine } from '../app/services';
import { AppFrame } from '../components/AppFrame';
import { useTx } from './common';
import { InsuranceClaims } from './InsuranceClaims';
import { IntakeQueue } from './IntakeQueue';
import { ReviewQueue } from './ReviewQueue';
import './office.css';

// Charts and aggregates only for those who open the dashboard tab.
const Dashboard = lazy(() => import('./Dashboard').then((m) => ({ default: m.Dashboard })));

function Tab(props: { href: string; label: string }) {
  const [location] = useLocation();
  const active =
    props.href === '/office' ? location === '/office' : location.startsWith(props.href);
  return (
    <Link href={props.href} aria-current={active ? 'page' : undefined}>
      {props.label}
    </Link>
  );
}

/**
 * The office workspace (at /office/*; absolute paths, so the app frame's links stay app-wide): triage and assignment, review, the 1-3-7
 * dashboard with exports, and insurance advance approvals. Desktop layout; loaded on demand.
 */
export function OfficeWorkspace() {
  const tx = useTx();
  const engine = useEngine();
  const loading = <p role="status">{tx('加载中…', 'Loading…')}</p>;
  return (
    <AppFrame title={tx('市局工作台', 'Office workspace')}>
      <div className="office-wide">
        <nav className="office-tabs" aria-label={tx('工作台', 'Workspace')}>
          <Tab href="/office" label={tx('受理分派', 'Intake')} />
          <Tab href="/office/review" label={tx('结案审核', 'Review')} />
          <Tab href="/office/dashboard" label={tx('数据看板', 'Dashboard')} />
          <Tab href="/office/insurance" label={tx('保险垫付', 'Insurance advance')} />
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
            </Switch>
          </Suspense>
        )}
      </div>
    </AppFrame>
  );
}
