import { clientIdSchema } from '@anxin/shared';
import { Hono } from 'hono';
import type { AppDeps } from '../deps';
import { queryObject } from '../http/body';
import type { AppEnv } from '../http/context';
import { requireAuth } from '../http/middleware';
import { caseDetailFor, caseEventsFor, listCasesFor } from '../services/cases/case-service';

export function caseRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .use(requireAuth(deps))
    .get('/', async (c) =>
      c.json(await listCasesFor(deps, c.get('actor'), queryObject(c), c.get('lang'))),
    )
    .get('/:id', async (c) => {
      const clientId = clientIdSchema.safeParse(c.req.header('X-Anxin-Client'));
      const detail = await caseDetailFor(
        deps,
        c.get('actor'),
        c.req.param('id'),
        {
          reveal: c.req.query('reveal') === 'idNumber',
          clientId: clientId.success ? clientId.data : null,
        },
        c.get('lang'),
      );
      return c.json(detail);
    })
    .get('/:id/events', async (c) =>
      c.json({
        events: await caseEventsFor(deps, c.get('actor'), c.req.param('id'), c.get('lang')),
      }),
    );
}
