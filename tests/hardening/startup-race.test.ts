import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connect } from '../../api/src/db/connect';
import { freshPgDatabase, postgresRequired } from './support/harness';
import {
  disposeServerBundle,
  freePort,
  killServer,
  type ServerProcess,
  startServer,
  tempDir,
} from './support/processes';

/**
 * Two API instances started at the same moment on one EMPTY PostgreSQL database (a bureau
 * rolling out two instances behind a load balancer): both must come up healthy, the schema
 * migrated once and the demo data seeded once. Without the start-up lock both saw an empty
 * database and one died on a duplicate key in users_pkey.
 */
describe.runIf(postgresRequired())('start-up race: two instances, one empty PostgreSQL', () => {
  const servers: ServerProcess[] = [];
  afterAll(async () => {
    await Promise.all(servers.map(killServer));
    disposeServerBundle();
  });

  it('both instances become healthy; migrations and the seed ran once', async () => {
    const db = await freshPgDatabase('anxin_race');
    const dir = tempDir('anxin-race');
    try {
      const ports = [await freePort(), await freePort()];
      const env = {
        DATABASE_URL: db.url,
        DEMO_CASES: '30',
        SMS_LOG_PATH: path.join(dir, 'sms.log'),
      };
      const started = await Promise.allSettled(
        ports.map((port) => startServer({ port, env, timeoutMs: 120_000 })),
      );
      for (const s of started) if (s.status === 'fulfilled') servers.push(s.value);
      expect(
        started.map((s) =>
          s.status === 'fulfilled' ? 'healthy' : String(s.reason).slice(0, 2000),
        ),
      ).toEqual(['healthy', 'healthy']);
      for (const s of servers) {
        const res = await fetch(`${s.url}/api/health`);
        expect(res.status).toBe(200);
        const login = await fetch(`${s.url}/api/auth/login`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ username: 'office.1', password: 'anxin-demo' }),
        });
        expect(login.status).toBe(200);
      }
      const conn = connect({ dialect: 'postgres', url: db.url, max: 2 });
      try {
        const migrations = await conn.db
          .selectFrom('kysely_migration' as never)
          .select('name' as never)
          .execute();
        const names = (migrations as Array<{ name: string }>).map((m) => m.name);
        expect(new Set(names).size).toBe(names.length);
        const cases = await conn.db
          .selectFrom('cases')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        expect(Number(cases.n)).toBe(30);
        const admins = await conn.db
          .selectFrom('users')
          .select('id')
          .where('username', '=', 'admin')
          .execute();
        expect(admins).toHaveLength(1);
      } finally {
        await conn.close();
      }
    } finally {
      await Promise.all(servers.splice(0).map(killServer));
      await db.drop();
    }
  });
});
