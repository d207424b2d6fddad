import { Hono } from 'hono';
import type { AppDeps } from '../deps';
import { queryObject } from '../http/body';
import type { AppEnv } from '../http/context';
import { requireAuth } from '../http/middleware';
import { dashboardFor } from '../services/dashboard';

export function dashboardRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .use(requireAuth(deps))
    .get('/', async (c) =>
      c.json(await dashboardFor(deps, c.get('actor'), queryObject(c), c.get('lang'))),
    );
}
