import { roleSchema, seesAllTowns, t } from '@anxin/shared';
import { Hono } from 'hono';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../http/context';
import { HttpError } from '../http/errors';
import { requireAuth } from '../http/middleware';
import { calendarYears } from '../repositories/calendars';
import { listTowns, listUnits } from '../repositories/units';
import { listUsers } from '../repositories/users';

/**
 * GET /api/units, /api/towns (the same list as old clients know it), /api/users and
 * /api/calendar: who and where, for assignment and display, and which calendar years are
 * loaded (every screen that computes a due date warns about a missing one).
 */
export function directoryRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .get('/units', requireAuth(deps), async (c) => c.json({ units: await listUnits(deps.db) }))
    .get('/towns', requireAuth(deps), async (c) => c.json({ towns: await listTowns(deps.db) }))
    .get('/calendar', requireAuth(deps), async (c) =>
      c.json({ years: (await calendarYears(deps.db)).map((y) => y.year) }),
    )
    .get('/users', requireAuth(deps), async (c) => {
      const actor = c.get('actor');
      const roleParam = c.req.query('role');
      const role = roleParam === undefined ? undefined : roleSchema.safeParse(roleParam);
      if (role && !role.success) {
        const lang = c.get('lang');
        throw new HttpError('invalid', t('directory.badRole', lang), {
          fields: { role: t('directory.badRole', lang) },
        });
      }
      // Office and admin see everyone; field staff see colleagues in their own towns.
      const filter: Parameters<typeof listUsers>[1] = {};
      if (role?.success) filter.role = role.data;
      if (!seesAllTowns(actor.role)) filter.townIds = actor.townIds;
      return c.json({ users: await listUsers(deps.db, filter) });
    });
}
