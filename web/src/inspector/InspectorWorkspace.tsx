import { Link, Route, Switch, useLocation } from 'wouter';
import { useEngine } from '../app/services';
import { AppFrame } from '../components/AppFrame';
import { useTx } from '../office/common';
import { PrepareTrip } from './PrepareTrip';
import { VisitNotes } from './VisitNotes';
import { WeeklyPlan } from './WeeklyPlan';
import '../office/office.css';

function Tab(props: { href: string; label: string }) {
  const [location] = useLocation();
  const active =
    props.href === '/inspector' ? location === '/inspector' : location.startsWith(props.href);
  return (
    <Link href={props.href} aria-current={active ? 'page' : undefined}>
      {props.label}
    </Link>
  );
}

/** The inspector's screens (at /inspector/*): weekly plan, trip preparation, visit notes. */
export function InspectorWorkspace() {
  const tx = useTx();
  const engine = useEngine();
  return (
    <AppFrame title={tx('监察走访', 'Inspector visits')}>
      <nav className="office-tabs" aria-label={tx('走访', 'Visits')}>
        <Tab href="/inspector" label={tx('走访计划', 'Weekly plan')} />
        <Tab href="/inspector/trip" label={tx('出发准备', 'Prepare trip')} />
      </nav>
      {engine === null ? (
        <p role="status">{tx('加载中…', 'Loading…')}</p>
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
  );
}
