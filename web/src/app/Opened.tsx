import { formatFen, type Role } from '@anxin/shared';
import { useLiveQuery } from 'dexie-react-hooks';
import {
  type ComponentType,
  lazy,
  type ReactNode,
  Suspense,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { Route, Switch } from 'wouter';
import { createSession } from '../auth/session';
import { openDb } from '../data/db';
import { DEFAULT_RETENTION_DAYS } from '../data/retention';
import { serverNowFrom } from '../data/time';
import type { StoredSession } from '../data/types';
import type { KeyringUser, VaultState } from '../data/vault/types';
import { metaKeyringStore } from '../data/vault/vault';
import type { WipeReason } from '../data/wipe';
import { loadScreenMessages } from '../i18n';
import { rememberUnits } from '../i18n/towns';
import { requestBackgroundSync } from '../pwa/useAppUpdate';
import type { SignInReason } from '../screens/SignIn';
import { type Boot, Loading } from './App';
import { afterFirstScreen, afterPaintThenIdle } from './after-paint';
import {
  type AppServices,
  type Engine,
  ServicesProvider,
  type SignedIn,
  SignedInProvider,
  useEngine,
  useServices,
} from './services';

// Everything past the lock screen: loaded (import()ed by main.tsx at boot) while the first
// screen renders and the PIN is typed, so the lock screen's JavaScript holds none of it.

let services: AppServices | null = null;

/**
 * The database and the session, made once for the page's life beside the boot's vault: the
 * database asks the vault for the keys at each sealed read or write, and the vault's keyring
 * store (raw IndexedDB, for the lock screen) leaves creating the database to Dexie.
 */
export function servicesFor(boot: Boot): AppServices {
  if (services) return services;
  const { vault } = boot;
  const db = openDb(undefined, { keys: () => vault.keys() });
  boot.keyring.attach(metaKeyringStore(db));
  services = { db, session: createSession(db, vault, { baseUrl: '' }), vault };
  return services;
}

/**
 * A screen loaded on demand that renders at once, without a Suspense fallback, once its
 * chunk is in: React holds back the reveal of content that replaces a fallback for up to
 * 300 ms after the fallback appeared (its throttling of Suspense retries), which would add
 * that to every cold start's first rows. Which of the two a mount uses is fixed at mount,
 * so a screen never remounts (and loses what was typed) when its chunk arrives meanwhile.
 */
function preloaded<P extends object>(
  load: () => Promise<ComponentType<P>>,
): ComponentType<P> & { preload: () => Promise<void> } {
  let ready: ComponentType<P> | null = null;
  let loading: Promise<ComponentType<P>> | null = null;
  const get = () => {
    loading ??= load().then((c) => {
      ready = c;
      return c;
    });
    return loading;
  };
  const Lazy = lazy(() => get().then((c) => ({ default: c })));
  function Preloaded(props: P) {
    const [Comp] = useState<ComponentType<P>>(() => ready ?? Lazy);
    return <Comp {...props} />;
  }
  return Object.assign(Preloaded, { preload: () => get().then(() => undefined) });
}

// Everything but the officer's first screen loads on demand, with its texts; the service
// worker precaches these chunks, so they open offline all the same.
function screen<M>(load: () => Promise<M>): Promise<M> {
  return Promise.all([load(), loadScreenMessages()]).then(([m]) => m);
}
// The first screen of a cold start is now the lock screen (issue 18). The case list comes
// after the PIN, so it loads while the PIN is typed (preloadFirstScreen, once the lock
// screen has painted) and its texts stay in the first catalogue: it is as quick after
// unlocking, and the lock screen paints without waiting for the list and its virtualizer.
const loadCaseList = () => import('../screens/CaseList');
const CaseList = preloaded(() => loadCaseList().then((m) => m.CaseList));
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
// Once per password sign-in; a cold start opens on the lock screen (the first chunk, App.tsx).
const PinSetup = lazy(() =>
  screen(() => import('../screens/PinSetup')).then((m) => ({ default: m.PinSetup })),
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

/** How long the engine waits for the case list's first rows before it loads anyway. */
const FIRST_SCREEN_WAIT_MS = 3000;

/** The officer's and the inspector's home is the case list; desks open on other screens. */
function opensOnCaseList(role: Role | undefined): boolean {
  return role !== 'office' && role !== 'admin' && window.location.pathname === '/';
}

/**
 * Once the lock screen has painted, so that all of it is ready before the PIN is typed: the
 * database's Dexie open (its schema checked, a moment on a cold start), the case list's
 * chunk, and the zh-CN money format its rows show (the first Intl.NumberFormat of a page
 * loads the locale's data). Nothing here reads a sealed row.
 */
export async function preloadFirstScreen(boot: Boot): Promise<void> {
  void servicesFor(boot)
    .db.open()
    .catch(() => undefined);
  await CaseList.preload().catch(() => undefined);
  formatFen(0);
}

/** Remote wipe (issue 18): the device deletes what it holds. Loaded only when the server says so. */
export async function wipeDevice(boot: Boot): Promise<void> {
  const { wipeDevice: wipe } = await import('../data/wipe');
  await wipe(servicesFor(boot).db, boot.vault);
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
  // Read once: whether this start opens on the case list (an officer's or inspector's home).
  const [listFirst] = useState(() => opensOnCaseList(stored?.user.role));
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
    // its first reads would compete with the case list's first page on a cold start. When
    // that screen is the case list, after its first rows are on screen (it says so), which
    // is later than the first paint of this tree (a loading line); otherwise after that paint.
    const cancelWait = listFirst
      ? afterFirstScreen(() => void load(), FIRST_SCREEN_WAIT_MS)
      : afterPaintThenIdle(() => void load());
    return () => {
      live = false;
      cancelWait();
      cleanup();
    };
  }, [services, stored, listFirst]);
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

  // The case list's first page is read from the moment of unlocking, beside the session.
  const role = props.user.role;
  useLayoutEffect(() => {
    if (!opensOnCaseList(role)) return;
    let live = true;
    let drop = () => {};
    void loadCaseList()
      .then((m) => {
        if (live) drop = m.primeFirstPage(services.db);
      })
      .catch(() => undefined);
    return () => {
      live = false;
      drop();
    };
  }, [services, role]);

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
 * Every state of the vault but `locked` (App.tsx shows the lock screen itself): open without
 * a PIN → choose one; open → the app; no key, or the password needed → sign in.
 */
export function Opened(props: {
  boot: Boot;
  state: Exclude<VaultState, { kind: 'locked' }>;
  onWipe: (why: WipeReason) => void;
  onSignedIn: () => void;
  wiped: WipeReason | undefined;
}) {
  const { state, onWipe, onSignedIn } = props;
  let view: ReactNode;
  if (state.kind === 'unlocked') {
    view = state.hasPin ? (
      <Unlocked user={state.user} onWipe={onWipe} onSignedIn={onSignedIn} />
    ) : (
      <Suspense fallback={<Loading />}>
        <PinSetup />
      </Suspense>
    );
  } else {
    view = (
      <Suspense fallback={<Loading />}>
        <SignIn
          onSignedIn={onSignedIn}
          reason={reasonOf(state)}
          username={state.kind === 'needs_password' ? state.user.username : undefined}
          wiped={props.wiped}
        />
      </Suspense>
    );
  }
  return <ServicesProvider value={servicesFor(props.boot)}>{view}</ServicesProvider>;
}
