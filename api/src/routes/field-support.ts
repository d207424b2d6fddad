import { Hono } from 'hono';
import type { AppDeps } from '../deps';
import { queryObject } from '../http/body';
import type { AppEnv } from '../http/context';
import { requireAuth } from '../http/middleware';
import { employerHistory } from '../services/employer-history';
import { claimsFor } from '../services/insurance-claims';

/**
 * /api/employers/history?creditCode= and /api/insurance/claims. Mounted on /api itself, so
 * auth is per route: a router-wide middleware would answer 401 for every unknown /api path.
 */
export function fieldSupportRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .get('/employers/history', requireAuth(deps), async (c) =>
      c.json(await employerHistory(deps, c.get('actor'), queryObject(c), c.get('lang'))),
    )
    .get('/insurance/claims', requireAuth(deps), async (c) =>
      c.json(await claimsFor(deps, c.get('actor'), queryObject(c), c.get('lang'))),
    );
}
