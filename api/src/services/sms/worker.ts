import type { AppConfig } from '../../config/env';
import type { Db } from '../../db/schema';
import type { Logger } from '../../deps';
import { pruneOtpCodes } from '../../repositories/otp-codes';
import { prunePublicLimits } from '../../repositories/public-limits';
import { dueSms, leaseSms, markSmsFailed, markSmsSent } from '../../repositories/sms-outbox';
import { queueMorningDigests } from './digest';
import type { SmsProvider } from './provider';

/** After this many failed attempts a message is marked failed and shows so on the case. */
export const MAX_SMS_ATTEMPTS = 8;

/** 30 s, 1 min, 2 min … capped at 1 h. */
export function retryDelayMs(attemptsSoFar: number): number {
  return Math.min(30_000 * 2 ** attemptsSoFar, 3600_000);
}

/**
 * Sends every queued message that is due, once. Each message's state is updated on its own,
 * so one failing number never holds up the others.
 */
export async function deliverDueSms(
  deps: { db: Db; now: () => Date; log: Logger },
  provider: SmsProvider,
  batch = 50,
  /** Checked before each message: a server shutting down stops after the current send. */
  shouldStop: () => boolean = () => false,
): Promise<{ sent: number; failed: number }> {
  const due = await dueSms(deps.db, deps.now().toISOString(), batch);
  let sent = 0;
  let failed = 0;
  for (const m of due) {
    if (shouldStop()) break;
    const lease = new Date(deps.now().getTime() + 5 * 60_000).toISOString();
    if (!(await leaseSms(deps.db, m.id, m.nextAttemptAt, lease))) continue;
    try {
      await provider.send({
        to: m.mobile,
        body: m.body,
        ref: `sms-${m.id}`,
        templateId: m.templateId,
        params: m.params,
      });
      await markSmsSent(deps.db, m.id, deps.now().toISOString());
      sent++;
    } catch (err) {
      failed++;
      const attempts = m.attempts + 1;
      const giveUp = attempts >= MAX_SMS_ATTEMPTS;
      await markSmsFailed(deps.db, m.id, {
        error: err instanceof Error ? err.message : String(err),
        nextAttemptAt: new Date(deps.now().getTime() + retryDelayMs(m.attempts)).toISOString(),
        giveUp,
      });
      deps.log('sms.failed', { id: m.id, attempts, giveUp });
    }
  }
  return { sent, failed };
}

/** How often the loop looks whether a morning digest is due (the insert is idempotent). */
export const DIGEST_CHECK_MS = 15 * 60_000;

/**
 * The in-process delivery loop of a running server: every tick it sends what is due, and
 * every DIGEST_CHECK_MS it queues the morning digests that are due (services/sms/digest.ts)
 * and prunes the public channel's spent codes and request windows.
 * Returns a stop function.
 */
export function startSmsWorker(
  deps: { db: Db; now: () => Date; log: Logger; config: Pick<AppConfig, 'clock137'> },
  provider: SmsProvider,
  intervalMs = 5_000,
): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  let lastDigestCheck = Number.NEGATIVE_INFINITY;
  const tick = async () => {
    const nowMs = deps.now().getTime();
    if (nowMs - lastDigestCheck >= DIGEST_CHECK_MS) {
      lastDigestCheck = nowMs;
      await queueMorningDigests(deps);
      // The public channel's codes and request windows are of no use a day on.
      await pruneOtpCodes(deps.db, nowMs - 24 * 3600_000);
      await prunePublicLimits(deps.db, nowMs - 24 * 3600_000);
    }
    const done = await deliverDueSms(deps, provider, 50, () => stopped);
    if (done.sent + done.failed > 0) deps.log('sms.delivered', done);
  };
  const timer = setInterval(() => {
    if (stopped) return;
    running = running
      .then(tick)
      .catch((err: unknown) => deps.log('sms.worker.error', { error: String(err) }));
  }, intervalMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
