import type { Lang } from '@anxin/shared';
import type { Session } from '../auth/session';
import type { HttpDeps } from '../sync/http';

/**
 * The HTTP client as the screens use it: same origin, the session's current token read
 * before each request, and the server's words in the UI's language.
 */
export function screenHttp(session: Pick<Session, 'current'>, lang: Lang): HttpDeps {
  return {
    baseUrl: '',
    fetch: (input, init) => globalThis.fetch(input, init),
    getToken: async () => (await session.current())?.token ?? null,
    now: Date.now,
    acceptLanguage: lang === 'zh' ? 'zh-CN,zh;q=0.9' : 'en',
  };
}

/** Known offline: a screen says so at once instead of a request the browser will fail anyway. */
export function knownOffline(): boolean {
  return typeof navigator !== 'undefined' && navigator.onLine === false;
}
