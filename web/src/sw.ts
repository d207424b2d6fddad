/**
 * The service worker (injectManifest strategy). It precaches the app shell so the PWA starts
 * cold with no network, falls back to index.html for in-app navigations, never caches the
 * API, and passes Background Sync on to the open pages where the browser has it. It never
 * reads the database: the rows are sealed and only an unlocked page holds the key (it only
 * opens it, to have the storage warm for the page, see warmDatabase).
 */
import { clientsClaim } from 'workbox-core';
import {
  cleanupOutdatedCaches,
  createHandlerBoundToURL,
  precacheAndRoute,
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { DB_NAME } from './data/db-name';
import { BACKGROUND_SYNC_TAG, SKIP_WAITING_MESSAGE } from './pwa/constants';
import { askPagesToSync, type WindowClients } from './sync/background';

// The web tsconfig compiles with the DOM lib; adding the WebWorker lib to the same program
// clashes with it, so the few service-worker types used here are declared locally.
interface SwExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface SwSyncEvent extends SwExtendableEvent {
  readonly tag: string;
}
interface SwMessageEvent extends SwExtendableEvent {
  readonly data: unknown;
}
interface SwFetchEvent extends SwExtendableEvent {
  readonly request: Request;
}
interface SwGlobalScope {
  readonly __WB_MANIFEST: Array<{ url: string; revision: string | null }>;
  readonly clients: WindowClients;
  skipWaiting(): Promise<void>;
  addEventListener(type: 'fetch', listener: (event: SwFetchEvent) => void): void;
  addEventListener(type: 'message', listener: (event: SwMessageEvent) => void): void;
  addEventListener(type: 'sync', listener: (event: SwSyncEvent) => void): void;
}
declare const self: SwGlobalScope;

/** How long the worker's connection keeps the database open for the page (see below). */
const WARM_MS = 10_000;

/**
 * Opens the app's database, reads nothing, and closes it a little later. On a cold start the
 * browser's first open of a store holding tens of thousands of sealed cases takes a few
 * hundred ms (its files opened and checked); begun here, at the navigation's request, that
 * runs while the page itself is still being loaded, and the page's own open finds it done.
 * The connection makes way for any other that needs the database alone (Dexie upgrading
 * the schema, a wipe or logout deleting it). Never creates the database: Dexie owns it.
 */
function warmDatabase(): void {
  let req: IDBOpenDBRequest;
  try {
    req = indexedDB.open(DB_NAME);
  } catch {
    return;
  }
  req.onupgradeneeded = (e) => {
    if (e.oldVersion === 0) req.transaction?.abort();
  };
  req.onerror = (e) => e.preventDefault();
  req.onsuccess = () => {
    const db = req.result;
    db.onversionchange = () => db.close();
    setTimeout(() => db.close(), WARM_MS);
  };
}

// Before workbox's routes (listeners run in order); it answers nothing itself. Every start
// of the officers' app (any route of it; not the API, not the workers' pages /k).
self.addEventListener('fetch', (event) => {
  if (event.request.mode !== 'navigate') return;
  if (!/^\/(api|k)([/?]|$)/.test(new URL(event.request.url).pathname)) warmDatabase();
});

// Rule 1 — app shell: every built JS/CSS/HTML/icon file, versioned by content revision.
// Served cache-first; a new deployment ships a new manifest and the waiting worker swaps
// them in only when the officer accepts "新版本可用".
precacheAndRoute(self.__WB_MANIFEST);
// Caches of earlier workbox versions would otherwise stay on the device forever.
cleanupOutdatedCaches();

// Rule 2 — navigations (a reload, a deep link like /cases/abc opened from the home screen)
// get the precached index.html, so any route starts offline. /api is excluded: an API URL
// typed or followed must reach the server (or fail), never be answered with the app shell.
// /k is excluded too: the workers' public pages are their own entry, and a phone that once
// ran the officers' app must still show a worker who scans a poster the complaint form.
// Workbox matches these against path + query, so /k?unit=… needs the '?'.
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('index.html'), {
    denylist: [/^\/api(\/|$)/, /^\/k([/?]|$)/],
  }),
);

// Rule 3 — the API is deliberately NOT cached here. Case data lives in IndexedDB (Dexie),
// written by the sync engine with versions and conflict rules; a second, HTTP-level cache
// would serve stale rows behind the sync engine's back and could leak one user's data to the
// next person who signs in on the same phone. Requests to /api pass straight to the network.

// A first install takes the open page at once, so it works offline without a reload. An
// update never gets here before skipWaiting, which the page sends only with the officer's
// consent, so claiming cannot swap code under a form being edited.
clientsClaim();

// The page asks the waiting worker to take over only when no form is being edited.
self.addEventListener('message', (event) => {
  const data: unknown = event.data;
  if (
    typeof data === 'object' &&
    data !== null &&
    'type' in data &&
    data.type === SKIP_WAITING_MESSAGE
  ) {
    void self.skipWaiting();
  }
});

// Background Sync: the browser wakes the worker when the network returns. The outbox is
// sealed (issue 18) and the key is only in an unlocked page's memory, so the worker asks the
// open pages to sync; with none open it does nothing, and the next unlocked start syncs.
self.addEventListener('sync', (event) => {
  if (event.tag === BACKGROUND_SYNC_TAG) event.waitUntil(askPagesToSync(self.clients));
});
