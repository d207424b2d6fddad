import { useLiveQuery } from 'dexie-react-hooks';
import {
  lazy,
  type ReactNode,
  Suspense,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { Route, Switch } from 'wouter';
import { DEFAULT_RETENTION_DAYS } from '../data/retention';
import { serverNowFrom } from '../data/time';
import type { StoredSession } from '../data/types';
import { loadScreenMessages, useTranslation } from '../i18n';
import { rememberUnits } from '../i18n/towns';
import { requestBackgroundSync, UpdateProvider } from '../pwa/useAppUpdate';
import { CaseList } from '../screens/CaseList';
import type { SignInReason } from '../screens/SignIn';
import {
  type AppServices,
  type Engine,
  ServicesProvider,
  type SignedIn,
  SignedInProvider,
  useEngine,
  useServices,
} from './services';

// Everything but the officer's first screen loads on demand, with its texts; the service
// worker precaches these chunks, so they open offline all the same.
function screen<M>(load: () => Promise<M>): Promise<M> {
  return Promise.all([load(), loadScreenMessages()]).then(([m]) => m);
}
const CaseDetail = lazy(() =>
  screen(() => import('../screens/CaseDetail')).then((m) => ({ default: m.CaseDetail })),
);
const CaseForm = lazy(() =>
  screen(() => import('../screens/CaseForm')).then((m) => ({ default: m.CaseForm })),
);
const MediationForm = lazy(() =>
  screen(() => import('../screens/MediationForm')).then((m) => ({ default: m.MediationForm })),
);
const Agreement = lazy(() =>
  screen(() => import('../screens/Agreement')).then((m) => ({ default: m.Agreement })),
);
const Conflicts = lazy(() =>
  screen(() => import('../screens/Conflicts')).then((m) => ({ default: m.Conflicts })),
);
const Today = lazy(() =>
  screen(() => import('../screens/Today')).then((m) => ({ default: m.Today })),
);
const Settings = lazy(() =>
  screen(() => import('../screens/Settings')).then((m) => ({ default: m.Settings })),
);
// Only for a device with no session: a signed-in officer's cold start never loads it.
const SignIn = lazy(() =>
  screen(() => import('../screens/SignIn')).then((m) => ({ default: m.SignIn })),
);
// Office-only: never part of the officer's initial JavaScript.
const OfficeHome = lazy(() =>
  screen(() => import('../screens/OfficeHome')).then((m) => ({ default: m.OfficeHome })),
);
// Issue 6 workspaces: office (desktop) and inspector; loaded only by those who open them.
const OfficeWorkspace = lazy(() =>
  screen(() => import('../office/OfficeWorkspace')).then((m) => ({ default: m.OfficeWorkspace })),
);
// Administrators only: people, units, the working-day calendar, the audit log.
const AdminWorkspace = lazy(() =>
  screen(() => import('../admin/AdminWorkspace')).then((m) => ({ default: m.AdminWorkspace })),
);
const InspectorWorkspace = lazy(() =>
  screen(() => import('../inspector/InspectorWorkspace')).then((m) => ({
    default: m.InspectorWorkspace,
  })),
);
const NotFound = lazy(() =>
  screen(() => import('../screens/NotFound')).then((m) => ({ default: m.NotFound })),
);

function Loading() {
  const { t } = useTranslation();
  return (
    <div className="center-screen" role="status" aria-live="polite">
      {t('app.loading')}
    </div>
  );
}

/**
 * Loads the write path and the sync engine right after the first paint, then starts
 * syncing. Stopped (and its timers cleared) when the user signs out.
 */
function useEngineFor(
  services: AppServices,
  stored: StoredSession | null,
  onPasswordReset: () => void,
): Engine | null {
  const [engine, setEngine] = useState<Engine | null>(null);
  // Read when it fires: a new callback each render must not restart the engine.
  const reset = useRef(onPasswordReset);
  reset.current = onPasswordReset;
  useEffect(() => {
    if (!stored) {
      setEngine(null);
      return;
    }
    let live = true;
    let cleanup = () => {};
    void (async () => {
      const [{ createSyncEngine }, { createActions }, { requestPersistentStorage }] =
        await Promise.all([
          import('../sync/engine'),
          import('../data/actions'),
          import('../data/storage'),
        ]);
      if (!live) return;
      const { db, session } = services;
      let offset: number | null = null;
      const sync = createSyncEngine({
        db,
        baseUrl: '',
        // Read before each request, so a renewed sign-in takes effect at once.
        getToken: async () => (await session.current())?.token ?? null,
        // Field devices keep closed cases only for a while; desk screens read the server.
        retentionDays: () =>
          stored.user.role === 'officer' || stored.user.role === 'inspector'
            ? (stored.retentionDays ?? DEFAULT_RETENTION_DAYS)
            : null,
        // A clerk at a desk is online and waits for the answer: each write goes at once.
        sendWritesAtOnce: () => stored.user.role === 'office' || stored.user.role === 'admin',
      });
      const actions = createActions(db, {
        user: () => stored.user,
        serverNow: () => serverNowFrom(offset),
      });
      offset = sync.getStatus().clockOffsetMs;
      const unsubscribe = sync.subscribe((s) => {
        offset = s.clockOffsetMs;
        // Queued work and no way to send it now: let the service worker send it when the
        // network returns, even if this tab is closed by then.
        if (s.pending > 0 && !s.online) void requestBackgroundSync();
        // An administrator set a new password: nothing can sync until the person signs in
        // with it and chooses their own (local rows and the outbox stay).
        if (s.passwordChangeRequired) reset.current();
      });
      sync.start();
      void requestPersistentStorage();
      cleanup = () => {
        unsubscribe();
        sync.stop();
      };
      setEngine({ actions, sync });
    })();
    return () => {
      live = false;
      cleanup();
    };
  }, [services, stored]);
  return engine;
}

/** Screens that write wait for the engine; it is precached, so this is a blink. */
function NeedsEngine(props: { children: ReactNode }) {
  return useEngine() ? props.children : <Loading />;
}

function SignedInRoutes(props: { signedIn: SignedIn; engine: Engine | null }) {
  const { db } = useServices();
  // Unit names arrive through pull; re-rendering here renames them on every screen below.
  const units = useLiveQuery(() => db.units.toArray(), [db]);
  if (units) rememberUnits(units);
  const role = props.signedIn.user.role;
  const desk = role === 'office' || role === 'admin';
  return (
    <SignedInProvider value={props.signedIn} engine={props.engine}>
      <Suspense fallback={<Loading />}>
        <Switch>
          {/* The admin workspace sends an administrator's / on to /admin itself. */}
          <Route path="/">
            {role === 'admin' ? <AdminWorkspace /> : desk ? <OfficeHome /> : <CaseList />}
          </Route>
          <Route path="/cases/new">
            <NeedsEngine>
              <CaseForm />
            </NeedsEngine>
          </Route>
          <Route path="/cases/:id/edit">
            {(p) => (
              <NeedsEngine>
                <CaseForm caseId={p.id} />
              </NeedsEngine>
            )}
          </Route>
          <Route path="/cases/:id/mediation">
            {(p) => (
              <NeedsEngine>
                <MediationForm caseId={p.id} />
              </NeedsEngine>
            )}
          </Route>
          <Route path="/cases/:id">
            {(p) => (
              <NeedsEngine>
                <CaseDetail caseId={p.id} />
              </NeedsEngine>
            )}
          </Route>
          <Route path="/mediations/:id/agreement">
            {(p) => (
              <NeedsEngine>
                <Agreement mediationId={p.id} />
              </NeedsEngine>
            )}
          </Route>
          <Route path="/office/*?">
            <OfficeWorkspace />
          </Route>
          <Route path="/inspector/*?">
            <InspectorWorkspace />
          </Route>
          <Route path="/admin/*?">{role === 'admin' ? <AdminWorkspace /> : <NotFound />}</Route>
          <Route path="/conflicts">
            <NeedsEngine>
              <Conflicts />
            </NeedsEngine>
          </Route>
          <Route path="/today">
            <Today />
          </Route>
          <Route path="/settings">
            <NeedsEngine>
              <Settings />
            </NeedsEngine>
          </Route>
          <Route>
            <NotFound />
          </Route>
        </Switch>
      </Suspense>
    </SignedInProvider>
  );
}

function Root() {
  const services = useServices();
  const [stored, setStored] = useState<StoredSession | null | 'loading'>('loading');
  const [signInReason, setSignInReason] = useState<SignInReason | undefined>(undefined);

  useEffect(() => {
    let live = true;
    void (async () => {
      const cur = await services.session.current();
      if (live) setStored(cur ?? null);
    })();
    return () => {
      live = false;
    };
  }, [services]);

  const onSignedIn = useCallback(async () => {
    setSignInReason(undefined);
    setStored((await services.session.current()) ?? null);
  }, [services]);
  const current = stored === 'loading' ? null : stored;
  const engine = useEngineFor(services, current, () => {
    setSignInReason('password_reset');
    setStored(null);
  });
  const engineRef = useRef<Engine | null>(null);
  engineRef.current = engine;
  const signedIn = useMemo<SignedIn | null>(
    () =>
      current
        ? {
            user: current.user,
            expiresAt: current.expiresAt,
            signOut: async (opts) => {
              // No sync may run while the database is wiped; it restarts if logout refuses.
              const sync = engineRef.current?.sync;
              sync?.stop();
              const r = await services.session.logout(opts);
              if (r.ok) setStored(null);
              else sync?.start();
              return r;
            },
            // Signing in again as the same user keeps every local row and the outbox.
            signInAgain: () => setStored(null),
          }
        : null,
    [current, services],
  );

  if (stored === 'loading') return <Loading />;
  if (!signedIn) {
    return (
      <Suspense fallback={<Loading />}>
        <SignIn onSignedIn={onSignedIn} reason={signInReason} />
      </Suspense>
    );
  }
  return <SignedInRoutes signedIn={signedIn} engine={engine} />;
}

export function App(props: { services: AppServices }) {
  return (
    <ServicesProvider value={props.services}>
      <UpdateProvider>
        <Root />
      </UpdateProvider>
    </ServicesProvider>
  );
}
