import { Hono } from 'hono';
import type { AppDeps } from '../deps';
import { queryObject } from '../http/body';
import type { AppEnv } from '../http/context';
import { requireAuth } from '../http/middleware';
import { exportFileName, exportTable, recordExport, toCsv, toXlsx } from '../services/case-export';

/** /api/exports/cases.csv and .xlsx: the rows are recorded in the audit trail before they leave. */
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
