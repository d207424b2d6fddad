import { Hono } from 'hono';
import type { AppDeps } from '../deps';
import { queryObject } from '../http/body';
import type { AppEnv } from '../http/context';
import { requireAuth } from '../http/middleware';
import { findDuplicates } from '../services/intake';

/** /api/cases/duplicates — mounted before /api/cases so `:id` does not swallow it. */
export function duplicateRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .use(requireAuth(deps))
    .get('/', async (c) =>
      c.json(await findDuplicates(deps, c.get('actor'), queryObject(c), c.get('lang'))),
    );
}
