import { changePasswordRequestSchema, loginRequestSchema } from '@anxin/shared';
import { Hono } from 'hono';
import type { AppDeps } from '../deps';
import { readJson } from '../http/body';
import { clientIp } from '../http/client-ip';
import type { AppEnv } from '../http/context';
import { limitBody, requireAuth } from '../http/middleware';
import { changePassword, login, logout } from '../services/auth/auth-service';

export function authRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .post('/login', limitBody(16 * 1024), async (c) => {
      const body = await readJson(c, loginRequestSchema);
      const answer = await login(deps, {
        username: body.username,
        password: body.password,
        ip: clientIp(c, deps.config.trustProxy),
        lang: c.get('lang'),
      });
      return c.json(answer);
    })
    .post(
      '/password',
      limitBody(16 * 1024),
      requireAuth(deps, { passwordChange: true }),
      async (c) => {
        const body = await readJson(c, changePasswordRequestSchema);
        return c.json(
          await changePassword(deps, c.get('actor'), body, {
            ip: clientIp(c, deps.config.trustProxy),
            lang: c.get('lang'),
          }),
        );
      },
    )
    .post('/logout', requireAuth(deps, { passwordChange: true }), async (c) => {
      await logout(deps, c.get('token'));
      return c.json({ ok: true });
    })
    .get('/me', requireAuth(deps, { passwordChange: true }), (c) =>
      c.json({ user: c.get('actor'), serverTime: deps.now().toISOString() }),
    );
}
