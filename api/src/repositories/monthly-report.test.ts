import { expect, it } from 'vitest';
import { sampleCaseArgs } from '../../test-support';
import { forEachDialect, useTestApi } from '../../test-support/suite';
import { monthBounds, monthlyReport } from '../services/monthly-report';
import { actorOf, SeedWriter, seedOnStart } from '../services/seed/seed';
import { type MonthlyUnitFigures, monthlyFiguresByUnit } from './monthly-report';

/**
 * The monthly report's SQL against a count this test makes on its own over the stored rows:
 * the month taken from the China wall-clock date (UTC+8 written out here), 7 days = 168 h
 * written out, merged cases found from case_links, every figure summed in JS.
 */

const HOUR = 3600_000;
// 25 Nov 2026, 12:00 China time: the 60 days of demo cases cover all of October.
const NOW = Date.parse('2026-11-25T04:00:00.000Z');
const RESOLVE_MS = 168 * HOUR;

interface Row {
  id: string;
  town_id: string;
  status: string;
  received_at: string;
  resolved_at: string | null;
  outcome: string | null;
  recovered_fen: number | string;
  workers_count: number;
}

function independentCount(
  rows: readonly Row[],
  merged: ReadonlySet<string>,
  month: string,
  units: ReadonlyArray<{ id: string; name: string; active: number }>,
): MonthlyUnitFigures[] {
  const chinaMonth = (iso: string) =>
    new Date(Date.parse(iso) + 8 * HOUR).toISOString().slice(0, 7);
  const out: MonthlyUnitFigures[] = [];
  for (const u of units) {
    const mine = rows.filter(
      (r) => r.town_id === u.id && !merged.has(r.id) && chinaMonth(r.received_at) === month,
    );
    if (u.active !== 1 && mine.length === 0) continue;
    const elapsed = (r: Row) => Date.parse(r.resolved_at!) - Date.parse(r.received_at);
    out.push({
      unitId: u.id,
      unitName: u.name,
      received: mine.length,
      resolvedOnTime: mine.filter((r) => r.resolved_at !== null && elapsed(r) <= RESOLVE_MS).length,
      resolvedLate: mine.filter((r) => r.resolved_at !== null && elapsed(r) > RESOLVE_MS).length,
      transferred: mine.filter(
        (r) =>
          r.resolved_at === null &&
          (r.outcome === 'transferred_arbitration' || r.outcome === 'transferred_enforcement'),
      ).length,
      recoveredFen: mine.reduce((s, r) => s + Number(r.recovered_fen), 0),
      workers: mine.reduce((s, r) => s + r.workers_count, 0),
    });
  }
  return out;
}

forEachDialect('monthly report figures', (dialect) => {
  const get = useTestApi(dialect, { empty: true, now: () => new Date(NOW) });

  it('per unit equals an independent count over the seeded cases, China months, merges left out', async () => {
    const t = get();
    await seedOnStart(t.deps, { production: false, demoCases: 80 });
    const office = await actorOf(t.deps, 'office.1');
    const w = new SeedWriter(t.deps, 'monthly-test');
    // 1 Nov 00:30 China time is still 31 Oct in UTC: it belongs to November.
    const firstOfNov = Date.parse('2026-10-31T16:30:00.000Z');
    await w.apply(office, firstOfNov, {
      name: 'case.create',
      args: { ...sampleCaseArgs('month-edge-nov', 'choucheng', 1), workersCount: 7 },
    });
    // 31 Oct 23:59 China time: October.
    await w.apply(office, Date.parse('2026-10-31T15:59:00.000Z'), {
      name: 'case.create',
      args: { ...sampleCaseArgs('month-edge-oct', 'choucheng', 2), workersCount: 11 },
    });
    // A duplicate folded into the group case counts once, as the group case.
    await w.apply(office, firstOfNov + HOUR, {
      name: 'case.create',
      args: { ...sampleCaseArgs('month-dup', 'choucheng', 3), workersCount: 13 },
    });
    await w.apply(office, firstOfNov + 2 * HOUR, {
      name: 'case.merge',
      args: { id: 'month-dup', intoId: 'month-edge-nov' },
      baseVersion: 1,
    });

    const rows = (await t.db
      .selectFrom('cases')
      .select([
        'id',
        'town_id',
        'status',
        'received_at',
        'resolved_at',
        'outcome',
        'recovered_fen',
        'workers_count',
      ])
      .execute()) as Row[];
    const merged = new Set(
      (
        await t.db.selectFrom('case_links').select('case_id').where('kind', '=', 'merged').execute()
      ).map((r) => r.case_id),
    );
    expect(merged).toEqual(new Set(['month-dup']));
    const units = await t.db
      .selectFrom('units')
      .select(['id', 'name', 'active', 'sort_order'])
      .orderBy('sort_order')
      .orderBy('id')
      .execute();

    const seen = { received: 0, onTime: 0, late: 0, transferred: 0, recovered: 0 };
    for (const month of ['2026-10', '2026-11']) {
      const sql = await monthlyFiguresByUnit(
        t.db,
        { all: true },
        {
          ...monthBounds(month),
          resolveMs: RESOLVE_MS,
        },
      );
      const expected = independentCount(rows, merged, month, units);
      expect(sql, month).toEqual(expected);
      for (const u of sql) {
        seen.received += u.received;
        seen.onTime += u.resolvedOnTime;
        seen.late += u.resolvedLate;
        seen.transferred += u.transferred;
        seen.recovered += u.recoveredFen;
      }
    }
    // The seeded set exercises every column, so an always-zero figure would fail above.
    expect(seen.received).toBeGreaterThan(50);
    expect(seen.onTime).toBeGreaterThan(0);
    expect(seen.late).toBeGreaterThan(0);
    expect(seen.transferred).toBeGreaterThan(0);
    expect(seen.recovered).toBeGreaterThan(0);

    const nov = await monthlyReport(t.deps, office, { month: '2026-11' });
    const chou = nov.units.find((u) => u.unitId === 'choucheng')!;
    const oct = await monthlyReport(t.deps, office, { month: '2026-10' });
    const chouOct = oct.units.find((u) => u.unitId === 'choucheng')!;
    // The boundary cases sit in their China month; the merged duplicate's 13 workers nowhere.
    const novRows = rows.filter(
      (r) =>
        r.town_id === 'choucheng' && r.id !== 'month-dup' && r.received_at >= '2026-10-31T16:00',
    );
    expect(chou.workers).toBe(
      novRows
        .filter((r) => r.received_at < '2026-11-30T16:00')
        .reduce((s, r) => s + r.workers_count, 0),
    );
    expect(chou.workers).toBeGreaterThanOrEqual(7);
    expect(chouOct.workers).toBeGreaterThanOrEqual(11);
    // The total line is the sum of the unit lines.
    expect(nov.totals.received).toBe(nov.units.reduce((s, u) => s + u.received, 0));
    expect(nov.totals.recoveredFen).toBe(nov.units.reduce((s, u) => s + u.recoveredFen, 0));
    // With no month named: the current China month.
    expect((await monthlyReport(t.deps, office, {})).month).toBe('2026-11');
    // Seeding goes through the push engine, slow on a busy PostgreSQL.
  }, 120_000);

  it('keeps to the reader’s units and to the unit asked for', async () => {
    const t = get();
    await seedOnStart(t.deps, { production: false, demoCases: 30 });
    const officer = await actorOf(t.deps, 'officer.choucheng');
    const own = await monthlyReport(t.deps, officer, { month: '2026-11' });
    expect(own.units.map((u) => u.unitId)).toEqual(officer.townIds);
    const office = await actorOf(t.deps, 'office.1');
    const one = await monthlyReport(t.deps, office, { month: '2026-11', townId: 'fotang' });
    expect(one.units.map((u) => u.unitId)).toEqual(['fotang']);
    const all = await monthlyReport(t.deps, office, { month: '2026-11' });
    expect(all.units.length).toBeGreaterThanOrEqual(16);
    expect(all.units.find((u) => u.unitId === 'fotang')).toEqual(one.units[0]);
    // A unit outside the reader's scope gives an empty report, never another unit's figures.
    const outside = await monthlyReport(t.deps, officer, { month: '2026-11', townId: 'fotang' });
    expect(outside.units).toEqual([]);
  }, 120_000);
});
