import { Hono } from 'hono';
import type { AppDeps } from '../deps';
import { queryObject } from '../http/body';
import type { AppEnv } from '../http/context';
import { requireAuth } from '../http/middleware';
import { plansFor, visitCandidates } from '../services/visits';

/** /api/visits: inspectors' weekly plans and the cases worth a visit. */
export function visitRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .use(requireAuth(deps))
    .get('/plans', async (c) =>
      c.json(await plansFor(deps, c.get('actor'), queryObject(c), c.get('lang'))),
    )
    .get('/candidates', async (c) =>
      c.json(await visitCandidates(deps, c.get('actor'), queryObject(c), c.get('lang'))),
    );
}
