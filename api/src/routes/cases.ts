import { Hono } from 'hono';
import type { AppDeps } from '../deps';
import { queryObject } from '../http/body';
import type { AppEnv } from '../http/context';
import { requireAuth } from '../http/middleware';
import { sessionDevice } from '../repositories/sessions';
import { hashToken } from '../services/auth/auth-service';
import { caseDetailFor, caseEventsFor, listCasesFor } from '../services/cases/case-service';

export function caseRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .use(requireAuth(deps))
    .get('/', async (c) =>
      c.json(await listCasesFor(deps, c.get('actor'), queryObject(c), c.get('lang'))),
    )
    .get('/:id', async (c) => {
      const reveal = c.req.query('reveal') === 'idNumber';
      // The audit names the device this session pushed with, never one the caller names
      // (a header would let anyone file their look-up under someone else's device).
      const clientId = reveal ? await sessionDevice(deps.db, hashToken(c.get('token'))) : null;
      const detail = await caseDetailFor(
        deps,
        c.get('actor'),
        c.req.param('id'),
        { reveal, clientId },
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
