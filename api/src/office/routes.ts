import { Hono } from 'hono';
import type { AppDeps } from '../deps';
import { queryObject } from '../http/body';
import type { AppEnv } from '../http/context';
import { requireAuth } from '../http/middleware';
import { officeDashboard } from './dashboard-service';
import { exportFileName, exportTable, recordExport, toCsv, toXlsx } from './export-service';
import { claimsFor } from './insurance-service';
import { employerHistory, findDuplicates, intakeQueue } from './intake-service';
import { requireDesk } from './query';
import { listAudit } from './repository';
import { plansFor, visitCandidates } from './visit-service';

/**
 * Read endpoints of the office and inspector workspace. Writes are mutations through
 * /api/sync/push like everything else (api/src/mutations/).
 */

/** /api/office: intake queue, extended dashboard, audit of exports. */
export function officeRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .use(requireAuth(deps))
    .get('/intake', async (c) =>
      c.json(await intakeQueue(deps, c.get('actor'), queryObject(c), c.get('lang'))),
    )
    .get('/dashboard', async (c) =>
      c.json(await officeDashboard(deps, c.get('actor'), queryObject(c), c.get('lang'))),
    )
    .get('/audit', async (c) => {
      requireDesk(c.get('actor'), c.get('lang'));
      return c.json({ entries: await listAudit(deps.db) });
    });
}

/** /api/cases/duplicates — mounted before /api/cases so `:id` does not swallow it. */
export function duplicateRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .use(requireAuth(deps))
    .get('/', async (c) =>
      c.json(await findDuplicates(deps, c.get('actor'), queryObject(c), c.get('lang'))),
    );
}

/** /api/exports/cases.csv and .xlsx */
export function exportRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .use(requireAuth(deps))
    .get('/cases.csv', async (c) => {
      const actor = c.get('actor');
      const table = await exportTable(deps, actor, queryObject(c), c.get('lang'));
      await recordExport(deps, actor, 'csv', table);
      return c.body(toCsv(table), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${exportFileName('csv', deps.now().getTime())}"`,
      });
    })
    .get('/cases.xlsx', async (c) => {
      const actor = c.get('actor');
      const table = await exportTable(deps, actor, queryObject(c), c.get('lang'));
      const bytes = await toXlsx(table);
      await recordExport(deps, actor, 'xlsx', table);
      return c.body(bytes, 200, {
        'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'Content-Disposition': `attachment; filename="${exportFileName('xlsx', deps.now().getTime())}"`,
      });
    });
}

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
