import type { Role } from '@anxin/shared';
import { afterAll, describe, expect, it } from 'vitest';
import { insertUser } from '../../api/src/repositories/users';
import { hashPassword } from '../../api/src/services/auth/password';
import { startTestApi, TEST_PASSWORD, type TestApi } from '../../api/test-support';
import { byProfile, dialects, percentile, printFigures } from './support/harness';
import { newPushStats, pushUntilAnswered, verifyExactlyOnce, Workload } from './support/workload';

/**
 * Monday morning after a weekend in the field: many officers, each with a full outbox,
 * reconnect at the same moment. Every mutation must be applied exactly once; the only
 * errors allowed are 429/503 with Retry-After (which the clients honour). The p95 push
 * latency is printed (target ≤ 2 s), not asserted: timing depends on the machine.
 */

const OFFICERS = Number(process.env.HARDENING_OFFICERS ?? byProfile(40, 200));
/** Mutations per officer; a multiple of 5 (each case: create + 3 updates + mediation). */
const PER_OFFICER = Number(process.env.HARDENING_MUTATIONS ?? byProfile(50, 100));
const BATCH = 50;

const TOWNS = [
  'choucheng',
  'beiyuan',
  'choujiang',
  'jiangdong',
  'houzhai',
  'chengxi',
  'niansanli',
  'futian',
  'fotang',
  'chian',
  'yiting',
  'shangxi',
  'suxi',
  'dachen',
];

describe.each(dialects())('load on %s', (dialect) => {
  let t: TestApi | null = null;
  afterAll(async () => {
    await t?.close();
  });

  it(`${OFFICERS} officers × ${PER_OFFICER} queued mutations reconnect at once: each applied exactly once`, async () => {
    t = await startTestApi({ dialect, listen: true });
    const api = t;
    const hash = await hashPassword(TEST_PASSWORD, api.deps.config.scryptLogN);
    const role: Role = 'officer';
    const officers = Array.from({ length: OFFICERS }, (_, i) => ({
      username: `load.officer.${i}`,
      town: TOWNS[i % TOWNS.length]!,
    }));
    for (const [i, o] of officers.entries()) {
      await insertUser(api.db, {
        id: `usr_load_${i}`,
        username: o.username,
        displayName: `负载测试${i}`,
        role,
        townIds: [o.town],
        passwordHash: hash,
        createdAt: new Date().toISOString(),
      });
    }
    const devices = [];
    for (const [i, o] of officers.entries()) {
      const work = new Workload(o.town, `l${i}-`, () => 3);
      while (work.queue.length < PER_OFFICER) work.addCase();
      devices.push({ token: await api.login(o.username), clientId: `load-device-${i}`, work });
    }

    const stats = newPushStats();
    const url = api.url!;
    const started = Date.now();
    await Promise.all(
      devices.map(async (d) => {
        for (let i = 0; i < d.work.queue.length; i += BATCH) {
          const batch = d.work.queue.slice(i, i + BATCH);
          const results = await pushUntilAnswered({
            url: () => url,
            token: d.token,
            clientId: d.clientId,
            batch,
            stats,
            giveUpAfterMs: 300_000,
          });
          const bad = results.filter((r) => r.status !== 'applied');
          expect(bad.slice(0, 3), 'every queued mutation applies').toEqual([]);
        }
      }),
    );
    const wallMs = Date.now() - started;
    const verdict = await verifyExactlyOnce(
      api.db,
      devices.map((d) => d.work),
    );
    const errors = Object.entries(stats.statuses).filter(([s]) => s !== '200');
    printFigures(`load:${dialect}`, {
      officers: OFFICERS,
      mutationsPerOfficer: PER_OFFICER,
      mutationsChecked: verdict.mutations,
      pushRequests: stats.requests,
      statuses: stats.statuses,
      retryAfterHonoured: stats.retryAfter,
      networkErrors: stats.networkErrors,
      p50PushMs: percentile(stats.latenciesMs, 50),
      p95PushMs: percentile(stats.latenciesMs, 95),
      maxPushMs: Math.max(...stats.latenciesMs),
      wallMs,
      mutationsPerSecond: Math.round((verdict.mutations / wallMs) * 1000),
      failures: verdict.problems.length,
    });
    expect(verdict.problems.slice(0, 20)).toEqual([]);
    expect(errors.filter(([s]) => s !== '429' && s !== '503')).toEqual([]);
    expect(stats.networkErrors).toBe(0);
  });
});
