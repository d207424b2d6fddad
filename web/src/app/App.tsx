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
  useSyncExternalStore,
} from 'react';
import { Route, Switch } from 'wouter';
import { DEFAULT_RETENTION_DAYS } from '../data/retention';
import { serverNowFrom } from '../data/time';
import type { StoredSession } from '../data/types';
import type { KeyringUser, VaultState } from '../data/vault/types';
import type { WipeReason } from '../data/wipe';
import { loadScreenMessages, useTranslation } from '../i18n';
import { rememberUnits } from '../i18n/towns';
import { requestBackgroundSync, UpdateProvider } from '../pwa/useAppUpdate';
import { LockScreen } from '../screens/LockScreen';
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
// The first screen of a cold start is now the lock screen (issue 18). The case list comes
// after the PIN, so it loads while the PIN is typed (fetched as soon as the app starts, see
// Root) and its texts stay in the first catalogue: it is as quick after unlocking, and the
// lock screen paints without waiting for the list and its virtualizer.
const loadCaseList = () => import('../screens/CaseList');
const CaseList = lazy(() => loadCaseList().then((m) => ({ default: m.CaseList })));
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
// Once per password sign-in; a cold start opens on the lock screen (in the first chunk).
const PinSetup = lazy(() =>
  screen(() => import('../screens/PinSetup')).then((m) => ({ default: m.PinSetup })),
);
// The device deletes what it holds (remote wipe): loaded only when the server says so.
const loadWipe = () => import('../data/wipe');
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

/**
 * Runs `fn` once the browser has painted what is on screen now (a requestAnimationFrame
 * callback runs just before a paint; the task it queues, after it), then once the main
 * thread is idle. Returns a cancel.
 */
function afterPaintThenIdle(fn: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let idle: number | undefined;
  let done = false;
  const cancel = () => {
    done = true;
    cancelAnimationFrame(frame);
    clearTimeout(fallback);
    if (timer !== undefined) clearTimeout(timer);
    if (idle !== undefined) cancelIdleCallback(idle);
  };
  const run = () => {
    if (done) return;
    cancel();
    fn();
  };
  const frame = requestAnimationFrame(() => {
    timer = setTimeout(() => {
      if (typeof requestIdleCallback === 'function')
        idle = requestIdleCallback(run, { timeout: 500 });
      else run();
    }, 0);
  });
  // A tab opened in the background paints no frame: what waits here must not wait for the
  // officer to show it (the engine answers the service worker's Background Sync).
  const fallback = setTimeout(run, 1000);
  return cancel;
}

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
  onWipe: (why: WipeReason) => void,
): Engine | null {
  const [engine, setEngine] = useState<Engine | null>(null);
  // Read when they fire: a new callback each render must not restart the engine.
  const reset = useRef(onPasswordReset);
  reset.current = onPasswordReset;
  const wipe = useRef(onWipe);
  wipe.current = onWipe;
  useEffect(() => {
    if (!stored) {
      setEngine(null);
      return;
    }
    let live = true;
    let cleanup = () => {};
    const load = async () => {
      const [
        { createSyncEngine },
        { createActions },
        { requestPersistentStorage },
        { listenForSyncRequests },
      ] = await Promise.all([
        import('../sync/engine'),
        import('../data/actions'),
        import('../data/storage'),
        import('../sync/background'),
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
        // The account was disabled, or its person removed from every unit: the device
        // must not keep what it holds (issue 18).
        if (s.removedBy) wipe.current(s.removedBy);
      });
      // The service worker cannot open sealed rows: on Background Sync it asks the open,
      // unlocked page (this engine exists only then) to sync instead.
      const unlisten = listenForSyncRequests(() => void sync.syncNow());
      sync.start();
      void requestPersistentStorage();
      cleanup = () => {
        unlisten();
        unsubscribe();
        sync.stop();
      };
      setEngine({ actions, sync });
    };
    // After the first screen has painted: loading the engine (its chunks, their schemas) and
    // its first reads would compete with the case list's first page on a cold start.
    const cancelWait = afterPaintThenIdle(() => void load());
    return () => {
      live = false;
      cancelWait();
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

/**
 * The app while the vault is unlocked and a PIN is set: today's signed-in app, by the
 * session kept on the device. Unmounted when the device locks, which stops the engine and
 * every live query, so nothing reads a sealed row while there is no key.
 */
function Unlocked(props: {
  user: KeyringUser;
  onWipe: (why: WipeReason) => void;
  onSignedIn: () => void;
}) {
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

  // Locks after 10 minutes in the background or 30 without input. Loaded after the first
  // paint like the engine: the lock screen is all a cold start must bring.
  useEffect(() => {
    let stop: (() => void) | null = null;
    let live = true;
    void import('./auto-lock').then(({ startAutoLock }) => {
      if (live) stop = startAutoLock(() => services.vault.lock());
    });
    return () => {
      live = false;
      stop?.();
    };
  }, [services]);

  const onSignedIn = useCallback(async () => {
    setSignInReason(undefined);
    props.onSignedIn();
    setStored((await services.session.current()) ?? null);
  }, [services, props.onSignedIn]);
  const current = stored === 'loading' ? null : stored;
  const engine = useEngineFor(
    services,
    current,
    () => {
      setSignInReason('password_reset');
      setStored(null);
    },
    props.onWipe,
  );
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
    // The key is open but the session is not: it expired (or the server ended it). The
    // data stays, sealed; the password renews the session.
    return (
      <Suspense fallback={<Loading />}>
        <SignIn
          onSignedIn={onSignedIn}
          reason={signInReason ?? 'session_expired'}
          username={props.user.username}
        />
      </Suspense>
    );
  }
  return <SignedInRoutes signedIn={signedIn} engine={engine} />;
}

/** Why the password is asked for, as the sign-in screen says it. */
function reasonOf(state: VaultState): SignInReason | undefined {
  return state.kind === 'needs_password' ? state.why : undefined;
}

/**
 * The first decision at every start: what the vault holds. No key → sign in; a PIN-wrapped
 * key → the lock screen (offline too); open without a PIN → choose one; open → the app.
 */
function Root() {
  const services = useServices();
  const { vault } = services;
  const state = useSyncExternalStore(vault.subscribe, vault.getState, vault.getState);
  const [loaded, setLoaded] = useState(false);
  // A remote wipe: `done` once the database, caches and keyring are gone.
  const [wipe, setWipe] = useState<{ why: WipeReason; done: boolean } | null>(null);

  // Once the first screen (the lock screen at a cold start) has painted: the chunk is in the
  // browser before the PIN is typed, and its loading does not delay that screen.
  useEffect(() => {
    if (!loaded) return;
    return afterPaintThenIdle(() => void loadCaseList().catch(() => undefined));
  }, [loaded]);

  useEffect(() => {
    let live = true;
    // A keyring that cannot be read leaves the vault empty: the password then starts over.
    void vault
      .load()
      .catch(() => undefined)
      .finally(() => {
        if (live) setLoaded(true);
      });
    return () => {
      live = false;
    };
  }, [vault]);

  const onWipe = useCallback((why: WipeReason) => {
    setWipe((w) => w ?? { why, done: false });
  }, []);
  const onSignedIn = useCallback(() => setWipe(null), []);

  // Runs once the unlocked app (engine, live queries) has unmounted: nothing reads the
  // database while it is deleted.
  const wiping = wipe !== null && !wipe.done;
  // One wipe at a time, even when an effect runs twice (React's strict mode in dev).
  const wipeRunning = useRef(false);
  useEffect(() => {
    if (!wiping || wipeRunning.current) return;
    wipeRunning.current = true;
    void (async () => {
      const { wipeDevice } = await loadWipe();
      await wipeDevice(services.db, vault).catch(() => vault.clear());
      wipeRunning.current = false;
      setWipe((w) => (w ? { ...w, done: true } : w));
    })();
  }, [wiping, services, vault]);

  if (!loaded || wiping) return <Loading />;
  if (state.kind === 'locked') return <LockScreen state={state} />;
  if (state.kind === 'unlocked') {
    if (!state.hasPin) {
      return (
        <Suspense fallback={<Loading />}>
          <PinSetup />
        </Suspense>
      );
    }
    return <Unlocked user={state.user} onWipe={onWipe} onSignedIn={onSignedIn} />;
  }
  return (
    <Suspense fallback={<Loading />}>
      <SignIn
        onSignedIn={onSignedIn}
        reason={reasonOf(state)}
        username={state.kind === 'needs_password' ? state.user.username : undefined}
        wiped={wipe?.why}
      />
    </Suspense>
  );
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
