import type {
  Case,
  CaseListAnswer,
  CaseStatus,
  ClaimsAnswer,
  Dashboard,
  InsuranceClaim,
  OfficeDashboard,
  Stage137,
} from '@anxin/shared';
import {
  CASE_STATUSES,
  chinaDate,
  clock137,
  employerGroups,
  isClaimLate,
  mondayOf,
  REVIEW_QUEUE_STATUSES,
  STAGES_137,
  totalOwedFen,
} from '@anxin/shared';
import type { Kysely } from 'kysely';
import { expect, it } from 'vitest';
import { forEachDialect, jsonOf, useTestApi } from '../../test-support/suite';
import { fillDashboardColumns } from '../db/migrations/0011_dashboard_columns';
import { actorOf, SeedWriter, seedDemo } from '../services/seed/seed';
import { allCasesInScope } from './cases';

/**
 * Every figure of both dashboards against a count this test makes on its own: the seeded
 * cases read back whole, filtered in plain JS and judged case by case with the shared 1-3-7
 * clock (docs/dashboard-figures.md gives the definitions). The server counts in SQL; if a
 * condition there drifts from the definition, a figure here disagrees.
 */

const HOUR = 3600_000;
const DAY = 24 * HOUR;
// Friday 27 Nov 2026, 10:00 China time.
const NOW = Date.parse('2026-11-27T02:00:00.000Z');

type Deps = Parameters<typeof seedDemo>[0];

/**
 * The demo history (every path a case takes, over 60 days and all units) and, on top, what
 * it lacks: merged duplicates, a confirmed transfer, a case left returned, one only
 * assigned, an old untouched one, and insurance claims started, approved, paid and late.
 */
async function seedVaried(deps: Deps): Promise<void> {
  await seedDemo(deps, 50);
  const office = await actorOf(deps, 'office.1');
  const fotang = await actorOf(deps, 'officer.fotang');
  const choucheng = await actorOf(deps, 'officer.choucheng');
  const w = new SeedWriter(deps, 'figures-test');
  let n = 0;
  const create = async (id: string, townId: string, receivedAt: number, owedFen: number) => {
    n++;
    await w.apply(office, receivedAt + 60_000, {
      name: 'case.create',
      args: {
        id,
        townId,
        source: 'hotline_110',
        employer: { name: `义乌市第${n}号服装有限公司` },
        claimants: [
          { name: `工人${n}`, mobile: `139${10_000_000 + n}`, owedFen },
          { name: `工友${n}`, mobile: `138${10_000_000 + n}`, owedFen: owedFen + 1 },
        ],
        workersCount: 2,
        description: '拖欠工资',
        receivedAt: new Date(receivedAt).toISOString(),
      },
    });
  };
  const move = (actor: typeof office, id: string, at: number, args: object) =>
    w.apply(actor, at, { name: 'case.transition', args: { id, ...args } });

  const old = NOW - 20 * DAY;
  await create('fig-group', 'choucheng', old, 300_000);
  await move(choucheng, 'fig-group', old + HOUR, { to: 'in_progress' });
  // Duplicates folded into it: closed without a resolution, one long ago, one two hours ago.
  for (const [id, at] of [
    ['fig-merged-old', old],
    ['fig-merged-new', NOW - 2 * HOUR],
  ] as const) {
    await create(id, 'choucheng', at, 120_000);
    await w.apply(office, at + HOUR, {
      name: 'case.merge',
      args: { id, intoId: 'fig-group' },
    });
  }
  // Handed to arbitration 20 days ago; one of them then confirmed by review (closed).
  for (const id of ['fig-transferred', 'fig-transfer-closed']) {
    await create(id, 'fotang', old, 80_000);
    await move(fotang, id, old + HOUR, { to: 'in_progress' });
    await move(fotang, id, old + 2 * DAY, {
      to: 'transferred',
      transferTarget: 'enforcement',
      comment: '拒不支付',
    });
  }
  await w.apply(office, old + 3 * DAY, {
    name: 'case.review',
    args: { id: 'fig-transfer-closed', decision: 'approve' },
  });
  // Resolved, returned by review and left so: its clock runs again (overdue by now).
  await create('fig-returned', 'fotang', NOW - 9 * DAY, 50_000);
  await move(fotang, 'fig-returned', NOW - 9 * DAY + 30 * HOUR, { to: 'in_progress' });
  await move(fotang, 'fig-returned', NOW - 5 * DAY, {
    to: 'resolved',
    outcome: 'paid_in_full',
    recoveredFen: 100_001,
  });
  await w.apply(office, NOW - 4 * DAY, {
    name: 'case.review',
    args: { id: 'fig-returned', decision: 'return', comment: '请补充协议' },
  });
  // Assigned an hour ago (first action due); received two days ago and untouched (late).
  await create('fig-assigned', 'beiyuan', NOW - 2 * HOUR, 10_000);
  await w.apply(office, NOW - HOUR, {
    name: 'case.assign',
    args: {
      id: 'fig-assigned',
      townId: 'beiyuan',
      assignedOfficerId: (await actorOf(deps, 'officer.beiyuan')).id,
    },
  });
  await create('fig-untouched', 'fotang', NOW - 2 * DAY, 20_000);
  // Resolved and waiting for review: one within 7 days, one after.
  for (const [id, days] of [
    ['fig-resolved-on-time', 2],
    ['fig-resolved-late', 9],
  ] as const) {
    await create(id, 'fotang', NOW - 12 * DAY, 70_000);
    await move(fotang, id, NOW - 12 * DAY + 5 * HOUR, { to: 'in_progress' });
    await move(fotang, id, NOW - 12 * DAY + days * DAY, {
      to: 'resolved',
      outcome: 'instalments',
      recoveredFen: 35_000,
    });
  }
  // Taken up three hours after receipt a day ago: on time.
  await create('fig-on-time', 'beiyuan', NOW - DAY, 30_000);
  await move(await actorOf(deps, 'inspector.1'), 'fig-on-time', NOW - DAY + 3 * HOUR, {
    to: 'in_progress',
  });
  // In mediation four days after receipt (warning), its first action a day late.
  await create('fig-mediating', 'choucheng', NOW - 4 * DAY, 60_000);
  await move(choucheng, 'fig-mediating', NOW - 4 * DAY + 30 * HOUR, { to: 'in_progress' });
  await move(choucheng, 'fig-mediating', NOW - DAY, { to: 'mediating' });
  // Insurance claims: started only; approved long ago and never paid (late); paid.
  const claims = [
    ['fig-ins-started', null, null],
    ['fig-ins-late', '2026-11-02', null],
    ['fig-ins-paid', '2026-11-16', '2026-11-18'],
  ] as const;
  for (const [id, agreed, paid] of claims) {
    await create(id, 'fotang', NOW - 30 * DAY, 400_000);
    await move(fotang, id, NOW - 30 * DAY + 3 * HOUR, { to: 'in_progress' });
    await move(fotang, id, NOW - 29 * DAY, { to: 'insurance_advance', comment: '企业无力支付' });
    await w.apply(fotang, NOW - 28 * DAY, {
      name: 'insurance.start',
      args: { id: `${id}-claim`, caseId: id, amountFen: 400_000 },
    });
    if (agreed) {
      await w.apply(office, NOW - 3 * DAY, {
        name: 'insurance.approve',
        args: { id: `${id}-claim`, agreementDate: agreed },
      });
    }
    if (paid) {
      await w.apply(office, NOW - 2 * DAY, {
        name: 'insurance.paid',
        args: { id: `${id}-claim`, paidDate: paid },
      });
    }
  }
}

interface Filter {
  townId?: string;
  from?: string;
  to?: string;
}

const chinaDayStart = (day: string) => Date.parse(`${day}T00:00:00+08:00`);

/** The figures worked out case by case, as a reader of the definitions would. */
function expectedFigures(
  all: readonly Case[],
  claims: readonly InsuranceClaim[],
  towns: readonly string[] | 'all',
  f: Filter,
  clockConfig: Parameters<typeof clock137>[2],
) {
  const cs = all.filter(
    (c) =>
      (towns === 'all' || towns.includes(c.townId)) &&
      (f.townId === undefined || c.townId === f.townId) &&
      (f.from === undefined || Date.parse(c.receivedAt) >= chinaDayStart(f.from)) &&
      (f.to === undefined || Date.parse(c.receivedAt) < chinaDayStart(f.to) + DAY),
  );
  const clock = (c: Case) => clock137(c, NOW, clockConfig);
  const isResolved = (c: Case) =>
    c.resolvedAt !== null && (c.status === 'resolved' || c.status === 'closed');
  const isOpen = (c: Case) => c.status !== 'closed' && c.resolvedAt === null;
  const stageCount = (list: readonly Case[]) =>
    Object.fromEntries(
      STAGES_137.map((s) => [s, list.filter((c) => clock(c).stage === s).length]),
    ) as Record<Stage137, number>;
  const byStage = stageCount(cs);
  const firstDone = (c: Case) => (c.firstActionAt ?? c.resolvedAt) !== null;
  const measured = cs.filter((c) => firstDone(c) || clock(c).firstActionLate);
  const onTime = cs.filter((c) => firstDone(c) && !clock(c).firstActionLate);
  const resolved = cs.filter(isResolved);
  const outcomes: Record<string, number> = {};
  for (const c of cs) if (c.outcome) outcomes[c.outcome] = (outcomes[c.outcome] ?? 0) + 1;
  const byTownStatus = new Map<string, number>();
  for (const c of cs) {
    const k = `${c.townId}|${c.status}`;
    byTownStatus.set(k, (byTownStatus.get(k) ?? 0) + 1);
  }
  const byReceipt = [...cs].sort(
    (a, b) =>
      Date.parse(a.receivedAt) - Date.parse(b.receivedAt) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const townIds = [...new Set(cs.map((c) => c.townId))].sort();
  const caseIds = new Set(cs.map((c) => c.id));
  const today = chinaDate(NOW);
  const myClaims = claims.filter((cl) => caseIds.has(cl.caseId));
  const resolvedMeasured = byStage.resolved_on_time + byStage.resolved_late;
  const dashboard: Dashboard = {
    serverTime: new Date(NOW).toISOString(),
    totals: {
      cases: cs.length,
      open: cs.filter(isOpen).length,
      resolved: resolved.length,
      workersHelped: resolved.reduce((s, c) => s + c.workersCount, 0),
      owedFen: cs.reduce((s, c) => s + totalOwedFen(c), 0),
      recoveredFen: cs.reduce((s, c) => s + c.recoveredFen, 0),
    },
    byTownStatus: [...byTownStatus.entries()]
      .map(([k, count]) => {
        const [townId, status] = k.split('|') as [string, CaseStatus];
        return { townId, status, count };
      })
      .sort((a, b) => a.townId.localeCompare(b.townId) || a.status.localeCompare(b.status)),
    compliance137: {
      firstActionOnTime: onTime.length,
      firstActionDue: byStage.first_action_due,
      warningNow: byStage.warning,
      overdueNow: byStage.overdue,
      resolvedOnTime: byStage.resolved_on_time,
      resolvedLate: byStage.resolved_late,
      firstActionOnTimeRate: measured.length === 0 ? null : onTime.length / measured.length,
      resolvedWithinDeadlineRate:
        resolvedMeasured === 0 ? null : byStage.resolved_on_time / resolvedMeasured,
    },
    byStage,
    outcomes,
    repeatEmployers: employerGroups(byReceipt, 2)
      .slice(0, 20)
      .map((g) => ({ creditCode: g.creditCode, name: g.name, cases: g.cases.length })),
  };
  const office = {
    resolutionRate: cs.length === 0 ? null : resolved.length / cs.length,
    unassigned: cs.filter((c) => c.status === 'received').length,
    // What the office must review: resolved cases and transferred ones.
    awaitingReview: cs.filter((c) => c.status === 'resolved' || c.status === 'transferred').length,
    byTown: townIds.map((townId) => {
      const inTown = cs.filter((c) => c.townId === townId);
      const done = inTown.filter(isResolved);
      return {
        townId,
        cases: inTown.length,
        open: inTown.filter(isOpen).length,
        warning: inTown.filter((c) => clock(c).stage === 'warning').length,
        overdue: inTown.filter((c) => clock(c).stage === 'overdue').length,
        resolved: done.length,
        workersHelped: done.reduce((s, c) => s + c.workersCount, 0),
        recoveredFen: inTown.reduce((s, c) => s + c.recoveredFen, 0),
      };
    }),
    weekOf: (weekOf: string) => ({
      weekOf,
      received: cs.filter((c) => mondayOf(chinaDate(Date.parse(c.receivedAt))) === weekOf).length,
      resolved: resolved.filter((c) => mondayOf(chinaDate(Date.parse(c.resolvedAt!))) === weekOf)
        .length,
      recoveredFen: resolved
        .filter((c) => mondayOf(chinaDate(Date.parse(c.resolvedAt!))) === weekOf)
        .reduce((s, c) => s + c.recoveredFen, 0),
    }),
    insurance: {
      started: myClaims.filter((c) => c.status === 'started').length,
      approved: myClaims.filter((c) => c.status === 'approved').length,
      paid: myClaims.filter((c) => c.status === 'paid').length,
      late: myClaims.filter((c) => isClaimLate(c, today)).length,
      lateIds: myClaims
        .filter((c) => isClaimLate(c, today))
        .map((c) => c.id)
        .sort(),
    },
  };
  return { cases: cs, dashboard, office };
}

/** Weeks Monday to Monday, both ends included. */
function mondays(first: string, last: string): string[] {
  const out: string[] = [];
  for (let ms = Date.parse(`${first}T00:00:00Z`); ms <= Date.parse(`${last}T00:00:00Z`); ) {
    out.push(new Date(ms).toISOString().slice(0, 10));
    ms += 7 * DAY;
  }
  return out;
}

forEachDialect('dashboard figures: each one equals an independent count', (dialect) => {
  const get = useTestApi(dialect, { empty: true, now: () => new Date(NOW) });

  it('for the office, an inspector and an officer (scope), over towns and periods', async () => {
    const t = get();
    await seedVaried(t.deps);
    const all = await allCasesInScope(t.db, { all: true });
    const office = await t.login('office.1');
    const claims = (await jsonOf<ClaimsAnswer>(await t.api(office, 'GET', '/api/insurance/claims')))
      .claims;
    const config = t.deps.config.clock137;

    // The set must exercise every figure, or agreeing on it proves nothing.
    const whole = expectedFigures(all, claims, 'all', {}, config);
    for (const s of CASE_STATUSES) {
      expect(
        all.some((c) => c.status === s),
        `a case in status ${s}`,
      ).toBe(true);
    }
    for (const s of STAGES_137) expect(whole.dashboard.byStage[s], s).toBeGreaterThan(0);
    // Closed and transferred cases old enough to be overdue if their clock still ran.
    const stopped = all.filter(
      (c) =>
        (c.status === 'closed' || c.status === 'transferred') &&
        c.resolvedAt === null &&
        NOW - Date.parse(c.receivedAt) >= 168 * HOUR,
    );
    expect(stopped.map((c) => c.status).sort()).toEqual(
      expect.arrayContaining(['closed', 'closed', 'transferred']),
    );
    expect(whole.dashboard.compliance137.firstActionOnTimeRate).toBeGreaterThan(0);
    expect(whole.dashboard.compliance137.firstActionOnTimeRate).toBeLessThan(1);
    expect(whole.dashboard.repeatEmployers.length).toBeGreaterThan(0);
    expect(whole.office.insurance).toMatchObject({ started: 1, approved: 1, paid: 1, late: 1 });
    expect(new Set(all.map((c) => c.townId)).size).toBeGreaterThan(5);

    const readers = [
      { username: 'office.1', towns: 'all' as const },
      { username: 'inspector.1', towns: ['choucheng', 'fotang', 'beiyuan'] },
      { username: 'officer.fotang', towns: ['fotang'] },
    ];
    const filters: Filter[] = [
      {},
      { townId: 'fotang' },
      { townId: 'choucheng' },
      { from: '2026-11-01', to: '2026-11-20' },
      { townId: 'fotang', from: '2026-10-25' },
    ];
    for (const reader of readers) {
      const token = await t.login(reader.username);
      for (const f of filters) {
        const label = `${reader.username} ${JSON.stringify(f)}`;
        const e = expectedFigures(all, claims, reader.towns, f, config);
        const qs = new URLSearchParams(f as Record<string, string>).toString();
        const dRes = await t.api(token, 'GET', `/api/dashboard?${qs}`);
        expect(dRes.status, label).toBe(200);
        const d = await jsonOf<Dashboard>(dRes);
        expect(d, label).toEqual(e.dashboard);

        const odRes = await t.api(token, 'GET', `/api/office/dashboard?${qs}`);
        expect(odRes.status, label).toBe(200);
        const od = await jsonOf<OfficeDashboard>(odRes);
        const {
          resolutionRate,
          unassigned,
          awaitingReview,
          byTown,
          weekly,
          insurance,
          satisfaction,
          ...base
        } = od;
        // No worker rated a case of this set (the counts: api/src/routes/public.test.ts).
        expect(satisfaction, label).toEqual([]);
        expect(base, label).toEqual(e.dashboard);
        expect(resolutionRate, label).toBe(e.office.resolutionRate);
        expect(unassigned, label).toBe(e.office.unassigned);
        expect(awaitingReview, label).toBe(e.office.awaitingReview);
        expect(byTown, label).toEqual(e.office.byTown);
        const lastWeek = mondayOf(f.to ?? chinaDate(NOW));
        const firstWeek = f.from
          ? mondayOf(f.from)
          : new Date(Date.parse(`${lastWeek}T00:00:00Z`) - 11 * 7 * DAY).toISOString().slice(0, 10);
        expect(weekly, label).toEqual(mondays(firstWeek, lastWeek).map(e.office.weekOf));
        expect(
          {
            started: insurance.started,
            approved: insurance.approved,
            paid: insurance.paid,
            late: insurance.late,
            lateIds: insurance.lateClaims.map((c) => c.id).sort(),
          },
          label,
        ).toEqual(e.office.insurance);
      }

      // 待审核 is the review queue: the list the queue reads has exactly that many cases.
      const queue = await jsonOf<CaseListAnswer>(
        await t.api(token, 'GET', `/api/cases?status=${REVIEW_QUEUE_STATUSES.join(',')}&limit=1`),
      );
      const od = await jsonOf<OfficeDashboard>(await t.api(token, 'GET', '/api/office/dashboard'));
      expect(queue.total, reader.username).toBe(od.awaitingReview);
      expect(od.awaitingReview, reader.username).toBeGreaterThan(0);
      // And each stage's count is the case list filtered to that stage.
      for (const s of STAGES_137) {
        const list = await jsonOf<CaseListAnswer>(
          await t.api(token, 'GET', `/api/cases?stage=${s}&limit=1`),
        );
        expect(list.total, `${reader.username} ${s}`).toBe(od.byStage[s]);
      }
    }
  }, 180_000);

  it('fills the stored owed and first-action columns of existing rows the same way', async () => {
    const t = get();
    await seedVaried(t.deps);
    const office = await t.login('office.1');
    const before = await jsonOf<OfficeDashboard>(
      await t.api(office, 'GET', '/api/office/dashboard'),
    );
    // As rows written before migration 0011 were: no owed sum, no first-action time.
    await t.db.updateTable('cases').set({ owed_fen: 0, first_action_elapsed_ms: null }).execute();
    const blank = await jsonOf<OfficeDashboard>(
      await t.api(office, 'GET', '/api/office/dashboard'),
    );
    expect(blank.totals.owedFen).toBe(0);
    await fillDashboardColumns(t.db as unknown as Kysely<unknown>);
    const after = await jsonOf<OfficeDashboard>(
      await t.api(office, 'GET', '/api/office/dashboard'),
    );
    expect(after).toEqual(before);
    expect(before.totals.owedFen).toBeGreaterThan(0);
  }, 180_000);
});
