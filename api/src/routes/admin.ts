import {
  createUnitRequestSchema,
  createUserRequestSchema,
  updateUnitRequestSchema,
  updateUserRequestSchema,
  yearCalendarRequestSchema,
} from '@anxin/shared';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../deps';
import { queryObject, readJson } from '../http/body';
import type { AppEnv } from '../http/context';
import { limitBody, requireAdmin, requireAuth } from '../http/middleware';
import { calendarYear, calendarYears } from '../repositories/calendars';
import { loadCalendarYear, parseYear } from '../services/admin/calendar-service';
import { createUnit, updateUnit } from '../services/admin/units-service';
import {
  createUser,
  listUsersForAdmin,
  resetPassword,
  updateUser,
} from '../services/admin/users-service';

const emptyBody = z.strictObject({});

/**
 * /api/admin: people, dispatch units and the working-day calendar. Only the admin role:
 * 401 without a session, 403 for every other role — checked before anything is read, so
 * a refusal says nothing about what exists. Every change is audited (services/admin/).
 */
export function adminRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .use(requireAuth(deps))
    .use(requireAdmin)
    .use(limitBody(64 * 1024))
    .get('/users', async (c) =>
      c.json(await listUsersForAdmin(deps, queryObject(c), c.get('lang'))),
    )
    .post('/users', async (c) => {
      const body = await readJson(c, createUserRequestSchema);
      return c.json(await createUser(deps, c.get('actor'), body, c.get('lang')), 201);
    })
    .patch('/users/:id', async (c) => {
      const body = await readJson(c, updateUserRequestSchema);
      return c.json(await updateUser(deps, c.get('actor'), c.req.param('id'), body, c.get('lang')));
    })
    .post('/users/:id/password-reset', async (c) => {
      if ((c.req.header('Content-Length') ?? '0') !== '0') await readJson(c, emptyBody);
      return c.json(await resetPassword(deps, c.get('actor'), c.req.param('id'), c.get('lang')));
    })
    .post('/units', async (c) => {
      const body = await readJson(c, createUnitRequestSchema);
      return c.json(await createUnit(deps, c.get('actor'), body, c.get('lang')), 201);
    })
    .patch('/units/:id', async (c) => {
      const body = await readJson(c, updateUnitRequestSchema);
      return c.json(await updateUnit(deps, c.get('actor'), c.req.param('id'), body, c.get('lang')));
    })
    .get('/calendar', async (c) => c.json({ years: await calendarYears(deps.db) }))
    .get('/calendar/:year', async (c) =>
      c.json(await calendarYear(deps.db, parseYear(c.req.param('year'), c.get('lang')))),
    )
    .put('/calendar/:year', async (c) => {
      const year = parseYear(c.req.param('year'), c.get('lang'));
      const body = await readJson(c, yearCalendarRequestSchema(year));
      return c.json(await loadCalendarYear(deps, c.get('actor'), year, body));
    });
}
