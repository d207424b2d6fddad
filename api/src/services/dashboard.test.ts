import type { Case, Dashboard, OfficeDashboard } from '@anxin/shared';
import { creditCodeCheckChar, creditCodeError, orgCodeCheckChar } from '@anxin/shared';
import { expect, it } from 'vitest';
import { TEST_PASSWORD } from '../../test-support';
import { forEachDialect, jsonOf, useTestApi } from '../../test-support/suite';
import { actorOf, CORE_USERS, SeedWriter, seedTownsAndUsers } from './seed/seed';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
// Friday 27 Nov 2026, 10:00 China time.
const NOW = Date.parse('2026-11-27T02:00:00.000Z');

/** A valid Yiwu enterprise code around the organisation code body `body8`. */
function code(body8: string): string {
  const first17 = `91330782${body8}${orgCodeCheckChar(body8)}`;
  return first17 + creditCodeCheckChar(first17);
}

type Deps = Parameters<typeof seedTownsAndUsers>[0];

async function seed(deps: Deps) {
  await seedTownsAndUsers(deps, CORE_USERS, TEST_PASSWORD);
  const office = await actorOf(deps, 'office.1');
  const officer = await actorOf(deps, 'officer.choucheng');
  const w = new SeedWriter(deps, 'dashboard-test');
  let n = 0;
  const create = async (
    id: string,
    receivedAt: number,
    employer: { name: string; creditCode?: string },
  ) => {
    n++;
    await w.apply(office, receivedAt + 60_000, {
      name: 'case.create',
      args: {
        id,
        townId: 'choucheng',
        source: 'hotline_110',
        employer,
        claimants: [{ name: `工人${n}`, mobile: `139${10_000_000 + n}`, owedFen: 100_000 }],
        workersCount: 1,
        description: '拖欠工资',
        receivedAt: new Date(receivedAt).toISOString(),
      },
    });
  };
  return { office, officer, w, create };
}

forEachDialect('dashboard: 1-3-7 figures leave closed and transferred cases out', (dialect) => {
  const get = useTestApi(dialect, { empty: true, now: () => new Date(NOW) });

  it('counts a case closed without resolution as neither overdue nor due', async () => {
    const t = get();
    const { office, officer, w, create } = await seed(t.deps);
    const old = NOW - 20 * DAY;
    const employer = { name: '义乌市华丰电子有限公司', creditCode: code('MA2E9XNL') };
    // Still open after 20 days: the one case that really is overdue.
    await create('case-old-open', old, employer);
    await w.apply(officer, old + HOUR, {
      name: 'case.transition',
      args: { id: 'case-old-open', to: 'in_progress' },
    });
    // A duplicate merged into it 2 hours after receipt: closed, no first action, no resolution.
    await create('case-old-merged', old, employer);
    await w.apply(office, old + 2 * HOUR, {
      name: 'case.merge',
      args: { id: 'case-old-merged', intoId: 'case-old-open' },
    });
    // Handed to arbitration on day 2, and one of them then closed by review on day 3.
    for (const id of ['case-old-transferred', 'case-old-transfer-closed']) {
      await create(id, old, employer);
      await w.apply(officer, old + HOUR, {
        name: 'case.transition',
        args: { id, to: 'in_progress' },
      });
      await w.apply(officer, old + 2 * DAY, {
        name: 'case.transition',
        args: { id, to: 'transferred', transferTarget: 'arbitration', comment: '调解不成' },
      });
    }
    await w.apply(office, old + 3 * DAY, {
      name: 'case.review',
      args: { id: 'case-old-transfer-closed', decision: 'approve' },
    });
    // Merged an hour after receipt, two hours ago: it would be waiting for its first action.
    await create('case-new-merged', NOW - 2 * HOUR, employer);
    await w.apply(office, NOW - HOUR, {
      name: 'case.merge',
      args: { id: 'case-new-merged', intoId: 'case-old-open' },
    });

    const token = await t.login('office.1');
    const d = await jsonOf<Dashboard>(await t.api(token, 'GET', '/api/dashboard'));
    expect(d.compliance137).toMatchObject({
      overdueNow: 1,
      warningNow: 0,
      firstActionDue: 0,
      resolvedOnTime: 0,
      resolvedLate: 0,
      // Three first actions, all within the day; the merged cases had none due.
      firstActionOnTime: 3,
      firstActionOnTimeRate: 1,
    });
    expect(d.byStage).toEqual({
      first_action_due: 0,
      on_time: 0,
      warning: 0,
      overdue: 1,
      resolved_on_time: 0,
      resolved_late: 0,
      not_counted: 4,
    });

    const od = await jsonOf<OfficeDashboard>(await t.api(token, 'GET', '/api/office/dashboard'));
    expect(od.byTown).toEqual([expect.objectContaining({ townId: 'choucheng', overdue: 1 })]);

    // The case list's stage filter (SQL) agrees with the clock each item carries.
    const list = async (stage: string) => {
      const res = await t.api(token, 'GET', `/api/cases?stage=${stage}&sort=caseNo`);
      expect(res.status, stage).toBe(200);
      return (await jsonOf<{ items: Array<Case & { clock137: { stage: string } }> }>(res)).items;
    };
    expect((await list('overdue')).map((c) => c.id)).toEqual(['case-old-open']);
    expect((await list('first_action_due')).map((c) => c.id)).toEqual([]);
    const notCounted = await list('not_counted');
    expect(notCounted.map((c) => c.id).sort()).toEqual([
      'case-new-merged',
      'case-old-merged',
      'case-old-transfer-closed',
      'case-old-transferred',
    ]);
    expect(new Set(notCounted.map((c) => c.clock137.stage))).toEqual(new Set(['not_counted']));
    expect(new Set(notCounted.map((c) => c.status))).toEqual(new Set(['closed', 'transferred']));
  }, 120_000);
});

forEachDialect('dashboard: repeat-offender employers', (dialect) => {
  const get = useTestApi(dialect, { empty: true, now: () => new Date(NOW) });

  it('lists one employer filed under four codes and several spellings once', async () => {
    const t = get();
    const { create } = await seed(t.deps);
    const [k1, k2, k3, k4, k5] = ['MA2E9XNL', 'MA2E8XK7', 'MA28QW3U', 'MA2K1DPB', 'MA2H7T0R'].map(
      code,
    ) as [string, string, string, string, string];
    for (const k of [k1, k2, k3, k4, k5]) expect(creditCodeError(k)).toBeNull();
    let at = NOW - 10 * DAY;
    const next = () => (at += HOUR);
    await create('case-huafeng-1', next(), { name: '义乌市华丰电子有限公司', creditCode: k1 });
    await create('case-huafeng-2', next(), { name: '义乌市华丰电子有限责任公司', creditCode: k2 });
    await create('case-jincheng-1', next(), { name: '义乌市金诚饰品有限公司' });
    await create('case-huafeng-3', next(), { name: '义乌市 华丰电子有限公司', creditCode: k3 });
    await create('case-huafeng-4', next(), { name: '义乌市华丰电子股份有限公司', creditCode: k4 });
    await create('case-huafeng-5', next(), { name: '义乌市ＨＦ华丰电子有限公司', creditCode: k1 });
    await create('case-jincheng-2', next(), { name: '义乌市金诚饰品有限责任公司' });
    await create('case-hengyuan', next(), { name: '义乌市恒源包装有限公司', creditCode: k5 });

    const token = await t.login('office.1');
    const d = await jsonOf<Dashboard>(await t.api(token, 'GET', '/api/dashboard'));
    expect(d.repeatEmployers).toEqual([
      // Four codes, four spellings (and a fifth name joined through k1): one employer.
      { creditCode: k1, name: '义乌市华丰电子有限公司', cases: 5 },
      // No code at all: the same name is enough.
      { creditCode: '', name: '义乌市金诚饰品有限公司', cases: 2 },
    ]);
    const od = await jsonOf<OfficeDashboard>(await t.api(token, 'GET', '/api/office/dashboard'));
    expect(od.repeatEmployers).toEqual(d.repeatEmployers);
  }, 120_000);
});
