import { SYNC_REQUEST_MESSAGE } from '../pwa/constants';

/**
 * Background Sync (issue 18): the service worker cannot sync by itself any more. The
 * device's rows are sealed and their key lives only in an unlocked page's memory, so the
 * worker, woken by the browser when the network returns, asks the open pages to sync.
 * A page that is locked (or has no engine yet) ignores it; with no page open nothing
 * happens, and the next unlocked start syncs on its own.
 */

/** The few members of the worker's `clients` used here (the web tsconfig has no WebWorker lib). */
export interface WindowClients {
  matchAll(options: {
    type: 'window';
    includeUncontrolled: boolean;
  }): Promise<ReadonlyArray<{ postMessage(message: unknown): void }>>;
}

/** In the worker: tells every open window of the app to sync; returns how many were told. */
export async function askPagesToSync(clients: WindowClients): Promise<number> {
  const windows = await clients.matchAll({ type: 'window', includeUncontrolled: true });
  for (const w of windows) w.postMessage({ type: SYNC_REQUEST_MESSAGE });
  return windows.length;
}

type MessageSource = Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;

function isSyncRequest(data: unknown): boolean {
  return (
    typeof data === 'object' &&
    data !== null &&
    'type' in data &&
    (data as { type: unknown }).type === SYNC_REQUEST_MESSAGE
  );
}

/**
 * In the page, while unlocked: calls `onRequest` for each of the worker's requests. Returns
 * the function that stops listening (on lock, sign-out, unmount).
 */
export function listenForSyncRequests(
  onRequest: () => void,
  source: MessageSource | null = typeof navigator !== 'undefined'
    ? (navigator.serviceWorker ?? null)
    : null,
): () => void {
  if (!source) return () => {};
  const onMessage = (event: Event) => {
    if (isSyncRequest((event as MessageEvent).data)) onRequest();
  };
  source.addEventListener('message', onMessage);
  return () => source.removeEventListener('message', onMessage);
}
