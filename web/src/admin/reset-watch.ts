import type { SyncEngine } from '../sync/engine';
import { request } from '../sync/http';

/**
 * When sync finds it can no longer work with this session, asks the server why; if the
 * account must change its password first (403 password_change_required), calls `onReset`
 * so the person is sent to sign in at once: nothing else can succeed until they set a new
 * password, and signing in again as the same user keeps every local row and the outbox. An
 * expired or revoked session (401) keeps the sync bar's own prompt.
 *
 * Loaded with the sync engine, not with the first screen: the officer's initial JavaScript
 * has a size budget, and this only matters once sync runs.
 */
export function watchPasswordReset(
  sync: Pick<SyncEngine, 'subscribe'>,
  token: () => Promise<string | null>,
  onReset: () => void,
  fetchFn: typeof fetch = (input, init) => globalThis.fetch(input, init),
): () => void {
  let asking = false;
  let live = true;
  const unsubscribe = sync.subscribe((s) => {
    if (!s.needsSignIn || asking) return;
    asking = true;
    void (async () => {
      const t = await token();
      if (!t) return;
      // Not /api/auth/me: that one stays open to an account that must change its password.
      const out = await request(
        { baseUrl: '', fetch: fetchFn, getToken: () => t, now: Date.now },
        'GET',
        '/api/calendar',
      );
      if (live && out.kind === 'unauthorized' && out.error?.code === 'password_change_required') {
        onReset();
      }
    })();
  });
  return () => {
    live = false;
    unsubscribe();
  };
}
