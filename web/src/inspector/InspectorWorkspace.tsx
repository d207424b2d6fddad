import { Route, Switch } from 'wouter';
import { WorkspaceTabs } from '../app/kit';
import { ServerQueries } from '../app/server-reads';
import { useEngine } from '../app/services';
import { AppFrame } from '../components/AppFrame';
import { useWorkspaceTexts } from '../i18n/namespaces';
import { PrepareTrip } from './PrepareTrip';
import { VisitNotes } from './VisitNotes';
import { WeeklyPlan } from './WeeklyPlan';
import '../office/office.css';

/** The inspector's screens (at /inspector/*): weekly plan, trip preparation, visit notes. */
export function InspectorWorkspace() {
  // The office's texts too: a planned case's screen can start an insurance claim.
  const { t } = useWorkspaceTexts('inspector', 'office');
  const engine = useEngine();
  return (
    <ServerQueries>
      <AppFrame title={t('workspace.title')}>
        <WorkspaceTabs
          label={t('workspace.tabsLabel')}
          tabs={[
            { href: '/inspector', exact: true, label: t('workspace.plan') },
            { href: '/inspector/trip', label: t('workspace.trip') },
          ]}
        />
        {engine === null ? (
          <p role="status">{t('workspace.loading')}</p>
        ) : (
          <Switch>
            <Route path="/inspector">
              <WeeklyPlan />
            </Route>
            <Route path="/inspector/trip">
              <PrepareTrip />
            </Route>
            <Route path="/inspector/cases/:id">{(p) => <VisitNotes caseId={p.id} />}</Route>
          </Switch>
        )}
      </AppFrame>
    </ServerQueries>
  );
}
