/** Shared by the page and the service worker, so both name the same message and sync tag. */
export const SKIP_WAITING_MESSAGE = 'SKIP_WAITING';
export const BACKGROUND_SYNC_TAG = 'anxin-sync';
/** The worker's Background Sync, passed on to the open pages: only an unlocked page can sync. */
export const SYNC_REQUEST_MESSAGE = 'ANXIN_SYNC_REQUEST';
