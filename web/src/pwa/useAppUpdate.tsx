import { useRegisterSW } from 'virtual:pwa-register/react';
import { createContext, type ReactNode, useContext, useEffect, useMemo, useRef } from 'react';
import { BACKGROUND_SYNC_TAG } from './constants';

/** How often an open tab asks the server for a new service worker while it is visible. */
const UPDATE_CHECK_MS = 15 * 60_000;

// The one registration of this page, kept for Background Sync and update checks. Set once by
// the single UpdateProvider at the root of the app.
let registration: ServiceWorkerRegistration | null = null;

interface SyncManagerLike {
  register(tag: string): Promise<void>;
}

/**
 * Asks the browser to wake the service worker when the network returns (Background Sync),
 * so queued changes leave even if the officer closes the tab. Chromium has it; elsewhere the
 * in-page triggers (online event, timer, sync now) do the same job.
 */
export async function requestBackgroundSync(): Promise<boolean> {
  const sync = (registration as (ServiceWorkerRegistration & { sync?: SyncManagerLike }) | null)
    ?.sync;
  if (!sync) return false;
  try {
    await sync.register(BACKGROUND_SYNC_TAG);
    return true;
  } catch {
    // Refused (e.g. permission policy): the in-page triggers still sync.
    return false;
  }
}

export interface AppUpdate {
  /** A new version is installed and waiting. */
  needRefresh: boolean;
  /** skipWaiting, then one reload. The caller decides WHEN: only with no dirty form. */
  apply: () => Promise<void>;
}

const UpdateContext = createContext<AppUpdate>({ needRefresh: false, apply: async () => {} });

/**
 * Registers the service worker once for the page's life (screens come and go; the
 * registration and its "waiting" state must not), and checks for a new version while the
 * app is visible: every 15 minutes and whenever it comes back to the foreground.
 */
export function UpdateProvider(props: { children: ReactNode }) {
  const {
    needRefresh: [needRefresh],
    updateServiceWorker,
  } = useRegisterSW({
    onRegisteredSW(_url, reg) {
      registration = reg ?? null;
    },
  });

  useEffect(() => {
    const check = (): void => {
      // Offline the check fails; the next one will try again.
      if (document.visibilityState === 'visible') void registration?.update().catch(() => {});
    };
    const timer = window.setInterval(check, UPDATE_CHECK_MS);
    document.addEventListener('visibilitychange', check);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', check);
    };
  }, []);

  // Reload once the new worker controls the page, but only after the officer asked for it.
  // (workbox-window reloads by itself only when the page already had a controller when it
  // registered; on the day of the first install it had none, and the update would otherwise
  // take the page over without reloading, leaving old code talking to a new worker.)
  const applying = useRef(false);
  useEffect(() => {
    const sw = navigator.serviceWorker;
    if (!sw) return;
    const onChange = () => {
      if (applying.current) window.location.reload();
    };
    sw.addEventListener('controllerchange', onChange);
    return () => sw.removeEventListener('controllerchange', onChange);
  }, []);

  const value = useMemo<AppUpdate>(
    () => ({
      needRefresh,
      apply: async () => {
        applying.current = true;
        await updateServiceWorker(true);
      },
    }),
    [needRefresh, updateServiceWorker],
  );
  return <UpdateContext.Provider value={value}>{props.children}</UpdateContext.Provider>;
}

export function useAppUpdate(): AppUpdate {
  return useContext(UpdateContext);
}
