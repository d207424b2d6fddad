import { Hono } from 'hono';
import type { AppDeps } from '../deps';
import { queryObject } from '../http/body';
import type { AppEnv } from '../http/context';
import { requireAuth } from '../http/middleware';
import { auditTrail } from '../services/admin/audit';
import { intakeQueue } from '../services/intake';
import { officeDashboard } from '../services/office-dashboard';

/**
 * /api/office: the office desk's reads — intake queue, desk dashboard, audit trail. Writes
 * are mutations through /api/sync/push like everything else (api/src/mutations/).
 */
export function officeRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .use(requireAuth(deps))
    .get('/intake', async (c) =>
      c.json(await intakeQueue(deps, c.get('actor'), queryObject(c), c.get('lang'))),
    )
    .get('/dashboard', async (c) =>
      c.json(await officeDashboard(deps, c.get('actor'), queryObject(c), c.get('lang'))),
    )
    .get('/audit', async (c) => c.json(await auditTrail(deps, c.get('actor'), c.get('lang'))));
}
