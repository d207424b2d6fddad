import type { Lang } from '@anxin/shared';
import type { Actor } from '../repositories/scope';

/** Per-request values set by middleware: the answer language and, on /api routes that need it, who asks. */
export type AppEnv = {
  Variables: {
    lang: Lang;
    actor: Actor;
    token: string;
    /** A body read in full before the route's other middleware (the push: see readBodyFirst). */
    body: Uint8Array;
    /** This request's id (observability/request.ts): on every log line, in X-Request-Id. */
    requestId: string;
    /** The device a push came from, for the access log line. */
    clientId: string;
  };
};
