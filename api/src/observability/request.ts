import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../http/context';
import { lifecycleOf } from './lifecycle';
import { requestContext } from './logger';
import { metricsOf } from './metrics';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/**
 * A caller's request id is kept when it is short and plain (a balancer's or a device's id
 * joins their logs to ours); anything else could forge log lines or blow up label space,
 * and is replaced by a new one.
 */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,64}$/;

export function requestIdFrom(header: string | undefined): string {
  return header !== undefined && SAFE_REQUEST_ID.test(header) ? header : randomUUID();
}

/**
 * The route PATTERN that answered (`/api/cases/:id`), never the path: ids in paths would
 * make every case its own metric series. A request refused by a middleware (401, 503) is
 * named by the first handler after it, the one it was for; one that matched no handler
 * is `unmatched`.
 */
export function routePattern(c: Parameters<MiddlewareHandler<AppEnv>>[0]): string {
  const routes = matchedRoutes(c);
  const at = c.req.routeIndex;
  const handler = routes.slice(at).find((r) => r.method !== 'ALL');
  return handler?.path ?? 'unmatched';
}

/**
 * First middleware of the app: request id (taken or made, answered in X-Request-Id, on every
 * log line of the request), one access line per request (`http.request`), and the request
 * metrics. While the instance drains, answers ask the client to close the connection.
 */
export function observeRequests(deps: AppDeps): MiddlewareHandler<AppEnv> {
  const metrics = metricsOf(deps);
  const life = lifecycleOf(deps);
  return async (c, next) => {
    const started = performance.now();
    const requestId = requestIdFrom(c.req.header(REQUEST_ID_HEADER));
    c.set('requestId', requestId);
    life.inFlight++;
    try {
      await requestContext.run({ requestId }, next);
    } finally {
      life.inFlight--;
    }
    c.header(REQUEST_ID_HEADER, requestId);
    if (life.draining) c.header('Connection', 'close');
    const ms = performance.now() - started;
    const route = routePattern(c);
    const status = c.res.status;
    const labels = { method: c.req.method, route, status: String(status) };
    metrics.httpRequests.inc(labels);
    metrics.httpDuration.observe(labels, ms / 1000);
    const actor = c.get('actor');
    requestContext.run({ requestId }, () =>
      deps.log('http.request', {
        method: c.req.method,
        route,
        path: c.req.path,
        status,
        ms: Math.round(ms * 10) / 10,
        userId: actor?.id ?? null,
        role: actor?.role ?? null,
        clientId: c.get('clientId') ?? null,
      }),
    );
  };
}
