import { Hono } from 'hono';
import type { AppDeps } from '../deps';
import { queryObject } from '../http/body';
import type { AppEnv } from '../http/context';
import { requireAuth } from '../http/middleware';
import {
  exportFileName,
  exportTable,
  recordExport,
  toCsv,
  toXlsx,
  xlsxExport,
} from '../services/case-export';
import {
  monthlyFileName,
  monthlyReportFromQuery,
  monthlyXlsx,
  recordMonthlyExport,
} from '../services/monthly-report';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * /api/exports/cases.csv and .xlsx, and the monthly report monthly.xlsx: what leaves is
 * recorded in the audit trail before it leaves.
 */
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
      const { table, report } = await xlsxExport(deps, actor, queryObject(c), c.get('lang'));
      const bytes = await toXlsx(table, report);
      await recordExport(deps, actor, 'xlsx', table);
      return c.body(bytes, 200, {
        'Content-Type': XLSX_TYPE,
        'Content-Disposition': `attachment; filename="${exportFileName('xlsx', deps.now().getTime())}"`,
      });
    })
    .get('/monthly.xlsx', async (c) => {
      const actor = c.get('actor');
      const report = await monthlyReportFromQuery(deps, actor, queryObject(c), c.get('lang'));
      const bytes = await monthlyXlsx(report);
      await recordMonthlyExport(deps, actor, report);
      return c.body(bytes, 200, {
        'Content-Type': XLSX_TYPE,
        'Content-Disposition': `attachment; filename="${monthlyFileName(report.month)}"`,
      });
    });
}
