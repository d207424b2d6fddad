/** Shared by the page and the service worker, so both name the same message and sync tag. */
export const SKIP_WAITING_MESSAGE = 'SKIP_WAITING';
export const BACKGROUND_SYNC_TAG = 'anxin-sync';
