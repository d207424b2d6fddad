import fs from 'node:fs';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { createApp } from './app';
import { appConfigFromEnv, parseEnv } from './config/env';
import { connect } from './db/connect';
import { migrateToLatest } from './db/migrate';
import { withStartupLock } from './db/startup-lock';
import { type AppDeps, stderrLogger } from './deps';
import { startBlobExpiry } from './services/blobs';
import { DEMO_PASSWORD, demoUsers, isEmpty, seedOnStart } from './services/seed/seed';
import { httpSmsProvider, logSmsProvider, type SmsProvider } from './services/sms/provider';
import { startSmsWorker } from './services/sms/worker';

/**
 * Start-up: check the environment, open the database, migrate, seed an empty database
 * (demo data, or in production only the admin), then serve the API and the built PWA on
 * one port.
 */
async function main(): Promise<void> {
  const env = parseEnv();
  const config = appConfigFromEnv(env);
  const conn = env.DATABASE_URL
    ? connect({ dialect: 'postgres', url: env.DATABASE_URL })
    : connect({ dialect: 'sqlite', path: path.resolve(env.SQLITE_PATH) });
  const deps: AppDeps = {
    db: conn.db,
    dialect: conn.dialect,
    config,
    now: () => new Date(),
    log: stderrLogger,
  };

  const seeded = await withStartupLock(conn.db, conn.dialect, async () => {
    const applied = await migrateToLatest(conn.db, conn.dialect);
    if (applied.length > 0) console.log(`Migrations applied: ${applied.join(', ')}`);
    const willSeed = await isEmpty(deps);
    if (willSeed && env.NODE_ENV !== 'production') {
      console.log(`Empty database: seeding demo data (units, users, ${env.DEMO_CASES} cases)…`);
    }
    return seedOnStart(deps, {
      production: env.NODE_ENV === 'production',
      adminPassword: env.ADMIN_PASSWORD,
      demoCases: env.DEMO_CASES,
    });
  });

  const sms: SmsProvider =
    env.SMS_PROVIDER === 'http' && env.SMS_HTTP_URL
      ? httpSmsProvider(
          env.SMS_HTTP_TOKEN
            ? { url: env.SMS_HTTP_URL, token: env.SMS_HTTP_TOKEN }
            : { url: env.SMS_HTTP_URL },
        )
      : logSmsProvider(path.resolve(env.SMS_LOG_PATH));
  const stopSms = startSmsWorker(deps, sms);
  // Every instance sweeps; deleting the same expired blob twice is a no-op.
  const stopBlobExpiry = startBlobExpiry(deps);

  const app = createApp(deps);
  const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
    const url = `http://localhost:${info.port}`;
    const where =
      conn.dialect === 'postgres' ? 'PostgreSQL' : `SQLite ${path.resolve(env.SQLITE_PATH)}`;
    console.log(`安心外勤 Anxin Field is running at ${url}  (database: ${where})`);
    if (!config.webDist || !fs.existsSync(path.join(config.webDist, 'index.html'))) {
      console.log(
        `The PWA is not built (${config.webDist ?? 'WEB_DIST'} missing): run \`npm run build\`.`,
      );
    }
    if (env.NODE_ENV !== 'production') {
      const names = demoUsers()
        .slice(0, 5)
        .map((u) => u.username)
        .join(', ');
      console.log(
        `Demo logins (password "${DEMO_PASSWORD}"): ${names}${seeded === 'demo' ? '' : ' (if seeded)'}`,
      );
    }
  });

  const shutdown = async (signal: string) => {
    console.log(`${signal}: shutting down`);
    server.close();
    await stopSms();
    await stopBlobExpiry();
    await conn.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
