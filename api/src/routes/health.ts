import { PROTOCOL_VERSION } from '@anxin/shared';
import { Hono } from 'hono';
import { sql } from 'kysely';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../http/context';
import { readiness } from '../services/health';

export function healthRoutes(deps: AppDeps) {
  return (
    new Hono<AppEnv>()
      // Kept as it was for devices and balancers configured before /live and /ready.
      .get('/', async (c) => {
        let ok = true;
        try {
          await sql`select 1`.execute(deps.db);
        } catch {
          ok = false;
        }
        return c.json(
          {
            ok,
            db: deps.dialect,
            version: deps.config.version,
            protocol: PROTOCOL_VERSION,
            serverTime: deps.now().toISOString(),
          },
          ok ? 200 : 503,
        );
      })
      // Liveness: the process answers. Restart it only when this fails, never for the database.
      .get('/live', (c) => c.json({ ok: true }))
      // Readiness: send it traffic (database, schema, not draining); 503 otherwise.
      .get('/ready', async (c) => {
        const r = await readiness(deps);
        return c.json({ ok: r.ready, ...r, version: deps.config.version }, r.ready ? 200 : 503);
      })
  );
}
