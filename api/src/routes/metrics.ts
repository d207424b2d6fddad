import { timingSafeEqual } from 'node:crypto';
import { t } from '@anxin/shared';
import { getConnInfo } from '@hono/node-server/conninfo';
import { type Context, Hono } from 'hono';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../http/context';
import { errorBody } from '../http/errors';
import { metricsOf } from '../observability/metrics';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/**
 * Scrapes from this machine itself are allowed without a token, but only straight from the
 * socket: a request a local reverse proxy forwards (it names the client in X-Forwarded-For
 * or Forwarded) comes from outside and needs the token like any other.
 */
function fromLoopback(c: Context<AppEnv>): boolean {
  if (c.req.header('X-Forwarded-For') !== undefined || c.req.header('Forwarded') !== undefined) {
    return false;
  }
  try {
    return LOOPBACK.test(getConnInfo(c).remote.address ?? '');
  } catch {
    // In-process requests (tests, app.request) have no socket.
    return false;
  }
}

function tokenMatches(header: string | undefined, token: string | undefined): boolean {
  if (!token || !header?.startsWith('Bearer ')) return false;
  const given = Buffer.from(header.slice('Bearer '.length));
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** GET /metrics: Prometheus text, from loopback or with `Authorization: Bearer $METRICS_TOKEN`. */
export function metricsRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().get('/', async (c) => {
    if (
      !fromLoopback(c) &&
      !tokenMatches(c.req.header('Authorization'), deps.config.metricsToken)
    ) {
      return c.json(errorBody('forbidden', t('http.forbidden', c.get('lang'))), 403);
    }
    const { contentType, body } = await metricsOf(deps).scrape();
    c.header('Cache-Control', 'no-store');
    return c.body(body, 200, { 'Content-Type': contentType });
  });
}
