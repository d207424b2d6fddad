import fs from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { createApp } from './app';
import { appConfigFromEnv, type Env, parseEnv } from './config/env';
import { connect } from './db/connect';
import { migrateToLatest } from './db/migrate';
import { withStartupLock } from './db/startup-lock';
import type { AppDeps, Logger } from './deps';
import { idle, lifecycleOf } from './observability/lifecycle';
import { createLogger, eventLogger } from './observability/logger';
import { metricsOf } from './observability/metrics';
import { startBlobExpiry } from './services/blobs';
import { DEMO_PASSWORD, demoUsers, isEmpty, seedOnStart } from './services/seed/seed';
import { httpSmsProvider, logSmsProvider, type SmsProvider } from './services/sms/provider';
import { startSmsWorker } from './services/sms/worker';

/** How long in-flight requests get to finish after SIGTERM before their sockets are cut. */
const SHUTDOWN_GRACE_MS = 10_000;
/** After the cut, how long a handler still inside the database gets before it is closed. */
const SHUTDOWN_HANDLER_MS = 5_000;

/**
 * Start-up: check the environment, open the database, migrate, seed an empty database
 * (demo data, or in production only the admin), then serve the API and the built PWA on
 * one port. Shut-down (SIGTERM, SIGINT): stop taking connections and report not ready,
 * let the requests in flight finish, stop the SMS loop after its current message, then
 * close the database, so no answered push is ever lost and none is cut half-applied.
 */
async function main(env: Env, log: Logger): Promise<void> {
  const config = appConfigFromEnv(env);
  const conn = env.DATABASE_URL
    ? connect({
        dialect: 'postgres',
        url: env.DATABASE_URL,
        onIdleError: (err) => log('db.idleError', { error: err.message }),
      })
    : connect({ dialect: 'sqlite', path: path.resolve(env.SQLITE_PATH) });
  const deps: AppDeps = {
    db: conn.db,
    dialect: conn.dialect,
    config,
    now: () => new Date(),
    log,
    ...(conn.poolStats ? { dbPool: conn.poolStats } : {}),
  };
  metricsOf(deps).collectProcessMetrics();

  const seeded = await withStartupLock(conn.db, conn.dialect, async () => {
    const started = performance.now();
    const applied = await migrateToLatest(conn.db, conn.dialect);
    log('db.migrated', { applied, ms: Math.round(performance.now() - started) });
    const willSeed = await isEmpty(deps);
    if (willSeed) {
      log('db.seeding', {
        what: env.NODE_ENV === 'production' ? 'admin only' : `demo data, ${env.DEMO_CASES} cases`,
      });
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
    const pwaBuilt = !!config.webDist && fs.existsSync(path.join(config.webDist, 'index.html'));
    log('server.started', {
      url: `http://localhost:${info.port}`,
      database:
        conn.dialect === 'postgres' ? 'PostgreSQL' : `SQLite ${path.resolve(env.SQLITE_PATH)}`,
      nodeEnv: env.NODE_ENV,
      node: process.version,
      version: config.version,
      ...(pwaBuilt ? {} : { hint: `PWA not built (${config.webDist}): run npm run build` }),
      // The demo password is in the README; the log names only who may sign in.
      ...(env.NODE_ENV !== 'production' && seeded === 'demo'
        ? {
            demoLogins: demoUsers()
              .slice(0, 5)
              .map((u) => u.username),
          }
        : {}),
    });
    // A person who just typed `npm start` reads this line, not the JSON: where to go and how
    // to sign in (the demo password is the README's; never printed in production).
    if (env.NODE_ENV !== 'production') {
      const where =
        conn.dialect === 'postgres' ? 'PostgreSQL' : `SQLite ${path.resolve(env.SQLITE_PATH)}`;
      const logins =
        seeded === 'demo'
          ? `\nDemo logins (password "${DEMO_PASSWORD}"): ${demoUsers()
              .slice(0, 5)
              .map((u) => u.username)
              .join(', ')}`
          : '';
      process.stderr.write(
        `安心外勤 Anxin Field is running at http://localhost:${info.port}  (database: ${where})${logins}\n`,
      );
    }
  }) as Server;

  const life = lifecycleOf(deps);
  const shutdown = async (signal: string) => {
    if (life.draining) {
      log('server.forcedExit', { signal });
      process.exit(1);
    }
    life.draining = true;
    const started = performance.now();
    log('server.stopping', { signal, inFlight: life.inFlight });
    // The SMS loop stops after the message it is sending, meanwhile requests finish.
    const smsStopped = stopSms();
    const closed = new Promise<boolean>((resolve) => server.close(() => resolve(true)));
    const inTime = await Promise.race([
      closed,
      new Promise<boolean>((r) => setTimeout(() => r(false), SHUTDOWN_GRACE_MS).unref()),
    ]);
    if (!inTime) server.closeAllConnections();
    // A handler whose socket was cut may still be in a transaction: let it commit or roll back.
    const handlersDone = await idle(deps, SHUTDOWN_HANDLER_MS);
    await smsStopped;
    await stopBlobExpiry();
    await conn.close();
    log('server.stopped', {
      signal,
      ms: Math.round(performance.now() - started),
      drainedInTime: inTime,
      handlersDone,
    });
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

let env: Env | null = null;
let log: Logger = eventLogger(createLogger());
try {
  env = parseEnv();
  log = eventLogger(createLogger({ level: env.LOG_LEVEL }));
} catch (err) {
  log('server.startFailed', { error: err instanceof Error ? err.message : String(err) });
  process.exit(1);
}
main(env, log).catch((err: unknown) => {
  log('server.startFailed', { error: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});
