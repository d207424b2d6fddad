import type { OfficeDashboard } from '@anxin/shared';
import { creditCodeCheckChar, orgCodeCheckChar } from '@anxin/shared';
import { expect, it } from 'vitest';
import { TEST_PASSWORD } from '../../test-support';
import { forEachDialect, jsonOf, useTestApi } from '../../test-support/suite';
import { actorOf, CORE_USERS, SeedWriter, seedTownsAndUsers } from './seed/seed';

/**
 * The dashboard's figures against a seeded data set whose true counts this test works out
 * on its own, from the plan it seeded — with the 1-3-7 rule written out again here (24 h,
 * 72 h, 168 h from receipt) rather than taken from shared/domain/clock137.ts.
 */

const HOUR = 3600_000;
// Friday 27 Nov 2026, 10:00 China time.
const NOW = Date.parse('2026-11-27T02:00:00.000Z');
const TOWNS = ['choucheng', 'fotang', 'beiyuan'] as const;
const FIELD_USER = {
  choucheng: 'officer.choucheng',
  fotang: 'officer.fotang',
  beiyuan: 'inspector.1',
};
// Six employers, each with its own valid code (both check digits right) and its own name.
const CODES = ['1', '2', '3', '4', '5', '6'].map((d) => {
  const org = `MA2E9XN${d}`;
  const first17 = `91330782${org}${orgCodeCheckChar(org)}`;
  return first17 + creditCodeCheckChar(first17);
});

type Path =
  | 'received'
  | 'in_progress'
  | 'mediating'
  | 'resolved'
  | 'closed'
  | 'transferred'
  | 'insurance';

interface Planned {
  id: string;
  town: (typeof TOWNS)[number];
  code: string;
  receivedAt: number;
  workers: number;
  owedFen: number;
  /** What really happened, in server time. */
  firstActionAt: number | null;
  resolvedAt: number | null;
  status: string;
  outcome: string | null;
  recoveredFen: number;
}

/** A small deterministic PRNG (mulberry32), so the data set is the same on every run. */
function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function seedDataSet(deps: Parameters<typeof seedTownsAndUsers>[0]): Promise<Planned[]> {
  await seedTownsAndUsers(deps, CORE_USERS, TEST_PASSWORD);
  const rand = prng(4711);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const office = await actorOf(deps, 'office.1');
  const w = new SeedWriter(deps, 'dash-test');
  const paths: Path[] = [
    'received',
    'in_progress',
    'mediating',
    'resolved',
    'closed',
    'transferred',
    'insurance',
  ];
  const out: Planned[] = [];
  for (let i = 0; i < 42; i++) {
    const town = TOWNS[int(0, 2)]!;
    const field = await actorOf(deps, FIELD_USER[town]);
    const p: Planned = {
      id: `dash-case-${String(i).padStart(4, '0')}`,
      town,
      code: CODES[int(0, CODES.length - 1)]!,
      receivedAt: NOW - int(2, 40 * 24) * HOUR - int(0, 59) * 60_000,
      workers: int(1, 12),
      owedFen: int(1_000, 2_000_000),
      firstActionAt: null,
      resolvedAt: null,
      status: 'received',
      outcome: null,
      recoveredFen: 0,
    };
    await w.apply(office, p.receivedAt + 60_000, {
      name: 'case.create',
      args: {
        id: p.id,
        townId: town,
        source: 'hotline_110',
        employer: { name: `义乌市${CODES.indexOf(p.code) + 1}号工贸有限公司`, creditCode: p.code },
        claimants: [
          { name: `工人${i}`, mobile: `139${String(10_000_000 + i)}`, owedFen: p.owedFen },
        ],
        workersCount: p.workers,
        description: '拖欠工资',
        receivedAt: new Date(p.receivedAt).toISOString(),
      },
    });
    const path = paths[i % paths.length]!;
    const at = (h: number) => p.receivedAt + h * HOUR;
    const fits = (h: number) => at(h) < NOW - HOUR;
    const fa = int(1, 40);
    if (path === 'received' || !fits(fa)) {
      out.push(p);
      continue;
    }
    await w.apply(field, at(fa), {
      name: 'case.transition',
      args: { id: p.id, to: 'in_progress' },
    });
    p.firstActionAt = at(fa);
    p.status = 'in_progress';
    const rs = fa + int(1, 230);
    if (path === 'in_progress' || !fits(rs)) {
      out.push(p);
      continue;
    }
    if (path === 'mediating') {
      await w.apply(field, at(rs), {
        name: 'case.transition',
        args: { id: p.id, to: 'mediating' },
      });
      p.status = 'mediating';
    } else if (path === 'transferred') {
      const target = i % 2 === 0 ? 'arbitration' : 'enforcement';
      await w.apply(field, at(rs), {
        name: 'case.transition',
        args: { id: p.id, to: 'transferred', transferTarget: target, comment: '调解不成' },
      });
      p.status = 'transferred';
      p.outcome = `transferred_${target}`;
    } else if (path === 'insurance') {
      await w.apply(field, at(rs), {
        name: 'case.transition',
        args: { id: p.id, to: 'insurance_advance', comment: '企业无力支付' },
      });
      p.status = 'insurance_advance';
      p.outcome = 'insurance_advance';
      if (fits(rs + 30)) {
        await w.apply(field, at(rs + 30), {
          name: 'case.transition',
          args: { id: p.id, to: 'resolved', outcome: 'insurance_advance', recoveredFen: p.owedFen },
        });
        p.status = 'resolved';
        p.resolvedAt = at(rs + 30);
        p.recoveredFen = p.owedFen;
      }
    } else {
      const outcome = i % 3 === 0 ? 'instalments' : 'paid_in_full';
      const recovered = outcome === 'paid_in_full' ? p.owedFen : Math.floor(p.owedFen / 2);
      await w.apply(field, at(rs), {
        name: 'case.transition',
        args: { id: p.id, to: 'resolved', outcome, recoveredFen: recovered },
      });
      p.status = 'resolved';
      p.resolvedAt = at(rs);
      p.outcome = outcome;
      p.recoveredFen = recovered;
      if (path === 'closed' && fits(rs + 2)) {
        await w.apply(office, at(rs + 2), {
          name: 'case.review',
          args: { id: p.id, decision: 'approve' },
        });
        p.status = 'closed';
      }
    }
    out.push(p);
  }
  return out;
}

/** China calendar day → the Monday of its week, by plain arithmetic on day numbers. */
function weekOfMs(ms: number): string {
  const day = Math.floor((ms + 8 * HOUR) / (24 * HOUR));
  // Day 0 (1970-01-01) was a Thursday: Monday-based weekday = (day + 3) % 7.
  const monday = day - ((day + 3) % 7);
  return new Date(monday * 24 * HOUR).toISOString().slice(0, 10);
}

function expected(all: Planned[], f: { townId?: string; from?: string; to?: string }) {
  const start = f.from ? Date.parse(`${f.from}T00:00:00+08:00`) : -Infinity;
  const end = f.to ? Date.parse(`${f.to}T00:00:00+08:00`) + 24 * HOUR : Infinity;
  const cs = all.filter(
    (p) =>
      (f.townId === undefined || p.town === f.townId) &&
      p.receivedAt >= start &&
      p.receivedAt < end,
  );
  const age = (p: Planned) => (NOW - p.receivedAt) / HOUR;
  const isResolved = (p: Planned) => p.status === 'resolved' || p.status === 'closed';
  // The clock runs for unresolved cases that are not closed or transferred: a case handed to
  // arbitration or enforcement is nobody's to resolve within 7 days any more.
  const unresolved = cs.filter(
    (p) => p.resolvedAt === null && p.status !== 'closed' && p.status !== 'transferred',
  );
  const firstMeasured = cs.filter(
    (p) => p.firstActionAt !== null || p.resolvedAt !== null || age(p) >= 24,
  );
  const firstOnTime = firstMeasured.filter((p) => {
    const first = p.firstActionAt ?? p.resolvedAt;
    return first !== null && first - p.receivedAt <= 24 * HOUR;
  });
  const resolvedOnTime = cs.filter(
    (p) => p.resolvedAt !== null && p.resolvedAt - p.receivedAt <= 168 * HOUR,
  );
  const resolvedLate = cs.filter(
    (p) => p.resolvedAt !== null && p.resolvedAt - p.receivedAt > 168 * HOUR,
  );
  const outcomes: Record<string, number> = {};
  for (const p of cs) if (p.outcome) outcomes[p.outcome] = (outcomes[p.outcome] ?? 0) + 1;
  const perCode = new Map<string, number>();
  for (const p of cs) perCode.set(p.code, (perCode.get(p.code) ?? 0) + 1);
  const resolved = cs.filter(isResolved);
  const weeks = new Map<string, { received: number; resolved: number; recoveredFen: number }>();
  for (const p of cs) {
    const w = weeks.get(weekOfMs(p.receivedAt)) ?? { received: 0, resolved: 0, recoveredFen: 0 };
    w.received++;
    weeks.set(weekOfMs(p.receivedAt), w);
  }
  for (const p of resolved) {
    const k = weekOfMs(p.resolvedAt!);
    const w = weeks.get(k) ?? { received: 0, resolved: 0, recoveredFen: 0 };
    w.resolved++;
    w.recoveredFen += p.recoveredFen;
    weeks.set(k, w);
  }
  return {
    cases: cs.length,
    open: cs.filter((p) => p.status !== 'closed' && p.resolvedAt === null).length,
    resolved: resolved.length,
    workersHelped: resolved.reduce((s, p) => s + p.workers, 0),
    owedFen: cs.reduce((s, p) => s + p.owedFen, 0),
    recoveredFen: cs.reduce((s, p) => s + p.recoveredFen, 0),
    firstActionOnTime: firstOnTime.length,
    firstActionOnTimeRate: firstMeasured.length ? firstOnTime.length / firstMeasured.length : null,
    warningNow: unresolved.filter((p) => age(p) >= 72 && age(p) < 168).length,
    overdueNow: unresolved.filter((p) => age(p) >= 168).length,
    firstActionDue: unresolved.filter((p) => age(p) < 72 && p.firstActionAt === null).length,
    resolvedOnTime: resolvedOnTime.length,
    resolvedLate: resolvedLate.length,
    resolvedWithinDeadlineRate:
      resolvedOnTime.length + resolvedLate.length
        ? resolvedOnTime.length / (resolvedOnTime.length + resolvedLate.length)
        : null,
    resolutionRate: cs.length ? resolved.length / cs.length : null,
    outcomes,
    repeatCodes: [...perCode.entries()]
      .filter(([, n]) => n >= 2)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([code, n]) => [code, n]),
    unassigned: cs.filter((p) => p.status === 'received').length,
    // What the office must review, as the review queue lists it: resolved and transferred.
    awaitingReview: cs.filter((p) => p.status === 'resolved' || p.status === 'transferred').length,
    weeks,
    byTown: TOWNS.filter((t) => cs.some((p) => p.town === t))
      .sort()
      .map((t) => ({
        townId: t,
        cases: cs.filter((p) => p.town === t).length,
        resolved: resolved.filter((p) => p.town === t).length,
        overdue: unresolved.filter((p) => p.town === t && age(p) >= 168).length,
      })),
  };
}

forEachDialect('office dashboard figures', (dialect) => {
  const get = useTestApi(dialect, { empty: true, now: () => new Date(NOW) });

  it('matches counts worked out independently from the seeded data set', async () => {
    const t = get();
    const plan = await seedDataSet(t.deps);
    // The data set must exercise every figure, or a test of it proves nothing.
    const all = expected(plan, {});
    expect(all.overdueNow).toBeGreaterThan(0);
    expect(all.warningNow).toBeGreaterThan(0);
    expect(all.resolvedLate).toBeGreaterThan(0);
    expect(all.resolvedOnTime).toBeGreaterThan(0);
    // Transferred cases older than 7 days, which an open case of that age would make overdue.
    expect(
      plan.filter((p) => p.status === 'transferred' && NOW - p.receivedAt >= 168 * HOUR).length,
    ).toBeGreaterThan(0);
    // Some first actions on time and some late.
    expect(all.firstActionOnTimeRate).toBeGreaterThan(0);
    expect(all.firstActionOnTimeRate).toBeLessThan(1);
    expect(Object.keys(all.outcomes).length).toBeGreaterThanOrEqual(4);

    const office = await t.login('office.1');
    for (const f of [
      {},
      { townId: 'fotang' },
      { from: '2026-11-01', to: '2026-11-20' },
      { townId: 'choucheng', from: '2026-10-25' },
    ]) {
      const qs = new URLSearchParams(f).toString();
      const res = await t.api(office, 'GET', `/api/office/dashboard?${qs}`);
      expect(res.status).toBe(200);
      const d = await jsonOf<OfficeDashboard>(res);
      const e = expected(plan, f);
      const label = JSON.stringify(f);
      expect(d.totals, label).toEqual({
        cases: e.cases,
        open: e.open,
        resolved: e.resolved,
        workersHelped: e.workersHelped,
        owedFen: e.owedFen,
        recoveredFen: e.recoveredFen,
      });
      expect(d.compliance137.firstActionOnTime, label).toBe(e.firstActionOnTime);
      expect(d.compliance137.firstActionOnTimeRate, label).toBeCloseTo(
        e.firstActionOnTimeRate ?? Number.NaN,
        10,
      );
      expect(d.compliance137.warningNow, label).toBe(e.warningNow);
      expect(d.compliance137.overdueNow, label).toBe(e.overdueNow);
      expect(d.compliance137.firstActionDue, label).toBe(e.firstActionDue);
      expect(d.compliance137.resolvedOnTime, label).toBe(e.resolvedOnTime);
      expect(d.compliance137.resolvedLate, label).toBe(e.resolvedLate);
      if (e.resolvedWithinDeadlineRate === null)
        expect(d.compliance137.resolvedWithinDeadlineRate).toBeNull();
      else
        expect(d.compliance137.resolvedWithinDeadlineRate, label).toBeCloseTo(
          e.resolvedWithinDeadlineRate,
          10,
        );
      expect(d.resolutionRate, label).toBeCloseTo(e.resolutionRate ?? Number.NaN, 10);
      expect(d.outcomes, label).toEqual(e.outcomes);
      expect(
        d.repeatEmployers.map((r) => [r.creditCode, r.cases]),
        label,
      ).toEqual(e.repeatCodes);
      expect(d.unassigned, label).toBe(e.unassigned);
      expect(d.awaitingReview, label).toBe(e.awaitingReview);
      expect(
        d.byTown.map((r) => ({
          townId: r.townId,
          cases: r.cases,
          resolved: r.resolved,
          overdue: r.overdue,
        })),
        label,
      ).toEqual(e.byTown);
      // Every week the trend shows has exactly the cases received and resolved in it.
      for (const w of d.weekly) {
        const ew = e.weeks.get(w.weekOf) ?? { received: 0, resolved: 0, recoveredFen: 0 };
        expect(
          { received: w.received, resolved: w.resolved, recoveredFen: w.recoveredFen },
          `${label} ${w.weekOf}`,
        ).toEqual(ew);
      }
    }
    const defaultTrend = await jsonOf<OfficeDashboard>(
      await t.api(office, 'GET', '/api/office/dashboard'),
    );
    expect(defaultTrend.weekly).toHaveLength(12);
    expect(defaultTrend.weekly.at(-1)!.weekOf).toBe('2026-11-23');
    const shown = defaultTrend.weekly.reduce((s, w) => s + w.received, 0);
    expect(shown).toBe(plan.length);
  }, 120_000);

  it('scopes the figures to the towns a field user sees', async () => {
    const t = get();
    const plan = await seedDataSet(t.deps);
    const officer = await t.login('officer.fotang');
    const d = await jsonOf<OfficeDashboard>(await t.api(officer, 'GET', '/api/office/dashboard'));
    expect(d.totals.cases).toBe(plan.filter((p) => p.town === 'fotang').length);
    expect(d.byTown.map((r) => r.townId)).toEqual(['fotang']);
  }, 120_000);
});
