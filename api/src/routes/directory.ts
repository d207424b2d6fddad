import { roleSchema, seesAllTowns } from '@anxin/shared';
import { Hono } from 'hono';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../http/context';
import { HttpError } from '../http/errors';
import { requireAuth } from '../http/middleware';
import { listTowns } from '../repositories/towns';
import { listUsers } from '../repositories/users';

const BAD_ROLE = { zh: '角色不是可选的值', en: 'Unknown role' };

/** GET /api/towns and GET /api/users: who and where, for assignment and display. */
export function directoryRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .get('/towns', requireAuth(deps), async (c) => c.json({ towns: await listTowns(deps.db) }))
    .get('/users', requireAuth(deps), async (c) => {
      const actor = c.get('actor');
      const roleParam = c.req.query('role');
      const role = roleParam === undefined ? undefined : roleSchema.safeParse(roleParam);
      if (role && !role.success) {
        const lang = c.get('lang');
        throw new HttpError('invalid', BAD_ROLE[lang], { fields: { role: BAD_ROLE[lang] } });
      }
      // Office and admin see everyone; field staff see colleagues in their own towns.
      const filter: Parameters<typeof listUsers>[1] = {};
      if (role?.success) filter.role = role.data;
      if (!seesAllTowns(actor.role)) filter.townIds = actor.townIds;
      return c.json({ users: await listUsers(deps.db, filter) });
    });
}
