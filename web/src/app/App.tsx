import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { DeviceKeyringStore } from '../data/vault/raw-keyring';
import type { Vault } from '../data/vault/types';
import type { WipeReason } from '../data/wipe';
import { useTranslation } from '../i18n';
import { UpdateProvider } from '../pwa/useAppUpdate';
import { LockScreen } from '../screens/LockScreen';
import { afterPaintThenIdle } from './after-paint';

// This file is the first screen's JavaScript (with React, the lock screen and the vault):
// every cold start opens on the lock screen, so nothing here may bring Dexie, the router or
// the screens. Everything past the lock screen is in ./Opened, loaded while the PIN is typed.

/** The rest of the app: the database, the session and every screen past the lock screen. */
export type AppModule = typeof import('./Opened');

/** What main.tsx starts before React renders: the vault, its keyring store, the app's chunk. */
export interface Boot {
  vault: Vault;
  keyring: DeviceKeyringStore;
  /** The rest of the app, import()ed at boot; the same promise every time. */
  app: Promise<AppModule>;
}

/** The one loading line of the app (Opened's screens show it too). */
export function Loading() {
  const { t } = useTranslation();
  return (
    <div className="center-screen" role="status" aria-live="polite">
      {t('app.loading')}
    </div>
  );
}

/** The app's chunk would not load (a broken cache offline, a failed download): say so. */
function LoadFailed() {
  const { t } = useTranslation();
  return (
    <div className="center-screen" role="alert">
      <p>{t('app.loadFailed')}</p>
      <button type="button" className="btn primary" onClick={() => window.location.reload()}>
        {t('app.reload')}
      </button>
    </div>
  );
}

/**
 * The loaded app module, null until its chunk has arrived (no Suspense: see Opened), or
 * 'failed' when it could not be loaded.
 */
function useAppModule(boot: Boot): AppModule | null | 'failed' {
  const [app, setApp] = useState<AppModule | null | 'failed'>(null);
  useEffect(() => {
    let live = true;
    boot.app.then(
      (m) => {
        if (live) setApp(m);
      },
      () => {
        if (live) setApp('failed');
      },
    );
    return () => {
      live = false;
    };
  }, [boot]);
  return app;
}

/**
 * The first decision at every start: what the vault holds. No key → sign in; a PIN-wrapped
 * key → the lock screen (offline too); open without a PIN → choose one; open → the app.
 */
function Root(props: { boot: Boot }) {
  const { boot } = props;
  const { vault } = boot;
  const state = useSyncExternalStore(vault.subscribe, vault.getState, vault.getState);
  const [loaded, setLoaded] = useState(false);
  const app = useAppModule(boot);
  // A remote wipe: `done` once the database, caches and keyring are gone.
  const [wipe, setWipe] = useState<{ why: WipeReason; done: boolean } | null>(null);

  // Once the first screen (the lock screen at a cold start) has painted: the case list's
  // chunk is in the browser before the PIN is typed, and its loading does not delay that
  // screen.
  useEffect(() => {
    if (!loaded) return;
    return afterPaintThenIdle(
      () => void boot.app.then((m) => m.preloadFirstScreen(boot)).catch(() => undefined),
    );
  }, [loaded, boot]);

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
      const m = await boot.app.catch(() => null);
      // Without the app's chunk the database cannot be deleted here: at least the key goes.
      await (m ? m.wipeDevice(boot) : Promise.reject()).catch(() => vault.clear());
      wipeRunning.current = false;
      setWipe((w) => (w ? { ...w, done: true } : w));
    })();
  }, [wiping, boot, vault]);

  if (!loaded || wiping) return <Loading />;
  if (state.kind === 'locked') return <LockScreen state={state} vault={vault} />;
  if (app === 'failed') return <LoadFailed />;
  if (!app) return <Loading />;
  return (
    <app.Opened
      boot={boot}
      state={state}
      onWipe={onWipe}
      onSignedIn={onSignedIn}
      wiped={wipe?.why}
    />
  );
}

export function App(props: { boot: Boot }) {
  return (
    <UpdateProvider>
      <Root boot={props.boot} />
    </UpdateProvider>
  );
}
