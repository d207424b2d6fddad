import { PROTOCOL_VERSION } from '@anxin/shared';
import { Hono } from 'hono';
import { sql } from 'kysely';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../http/context';

export function healthRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().get('/', async (c) => {
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
  });
}
