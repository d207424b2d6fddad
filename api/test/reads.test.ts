import type { Case, Dashboard, Town, User } from '@anxin/shared';
import { expect, it } from 'vitest';
import type { CaseDetail } from '../src/services/cases/case-service';
import { sampleCaseArgs, TEST_CASES, TEST_USERS } from '../test-support';
import { forEachDialect, jsonOf, pushAs, pushOne, useTestApi } from '../test-support/suite';

forEachDialect('reads: lists, detail, dashboard, directory', (dialect) => {
  let clock = Date.parse('2026-11-23T04:00:00Z');
  const get = useTestApi(dialect, { now: () => new Date(clock) });

  const list = async (token: string, q: string) => {
    const res = await get().api(token, 'GET', `/api/cases?${q}`);
    expect(res.status, q).toBe(200);
    return (await res.json()) as {
      items: Array<Case & { clock137: { stage: string } }>;
      total: number;
    };
  };

  it('filters by town, status, officer and text, pages and sorts', async () => {
    clock = Date.parse('2026-11-23T04:00:00Z');
    const office = await get().login('office.1');
    expect((await list(office, 'townId=choucheng')).total).toBe(2);
    expect((await list(office, 'townId=choucheng,fotang')).total).toBe(3);
    expect((await list(office, 'status=received')).items.map((c) => c.id).sort()).toEqual(
      [TEST_CASES.beiyuanReceived, TEST_CASES.jiangdongReceived].sort(),
    );
    expect(
      (await list(office, `assignedOfficerId=${TEST_USERS.officerFotang.id}`)).items.map(
        (c) => c.id,
      ),
    ).toEqual([TEST_CASES.fotangAssigned]);
    expect((await list(office, 'assignedOfficerId=none')).total).toBe(2);
    expect(
      (await list(office, `q=${encodeURIComponent('测试3号')}`)).items.map((c) => c.id),
    ).toEqual([TEST_CASES.fotangAssigned]);
    expect((await list(office, `q=${encodeURIComponent('工人4')}`)).items.map((c) => c.id)).toEqual(
      [TEST_CASES.beiyuanReceived],
    );
    expect((await list(office, 'q=%25')).total).toBe(0);
    const p1 = await list(office, 'pageSize=2&page=1&sort=caseNo');
    const p2 = await list(office, 'pageSize=2&page=2&sort=caseNo');
    const p3 = await list(office, 'pageSize=2&page=3&sort=caseNo');
    expect(p1.total).toBe(5);
    const all = [...p1.items, ...p2.items, ...p3.items].map((c) => c.caseNo);
    expect(all).toEqual([...all].sort());
    expect(new Set(all).size).toBe(5);
    const desc = await list(office, 'limit=5&offset=0&sort=-caseNo');
    expect(desc.items.map((c) => c.caseNo)).toEqual([...all].reverse());
  });

  it('masks mobiles and ID numbers in lists for every role, not in an officer detail', async () => {
    for (const user of ['officer.choucheng', 'office.1', 'admin']) {
      const token = await get().login(user);
      const { items } = await list(token, 'townId=choucheng');
      for (const c of items) {
        expect(c.claimants[0]!.mobile).toBe('138****8000');
        expect(c.claimants[0]!.idNumber).toBe('110101********0011');
      }
    }
    const officer = await get().login('officer.choucheng');
    const detail = await jsonOf<CaseDetail>(
      await get().api(officer, 'GET', `/api/cases/${TEST_CASES.chouchengOwn}`),
    );
    expect(detail.case.claimants[0].mobile).toBe('13800138000');
    expect(detail.case.claimants[0].idNumber).toBe('110101********0011');
  });

  it('filters by 1-3-7 stage using the server clock', async () => {
    clock = Date.parse('2026-11-23T04:00:00Z');
    const office = await get().login('office.1');
    // Fixture cases were received an hour before "now"; three have no first action yet.
    expect((await list(office, 'stage=first_action_due')).total).toBe(4);
    expect((await list(office, 'stage=on_time')).total).toBe(1);
    clock += 4 * 86_400_000;
    expect((await list(office, 'stage=warning')).total).toBe(5);
    clock += 4 * 86_400_000;
    // Eight days on, the sessions have expired too: sign in again.
    const office2 = await get().login('office.1');
    const overdue = await list(office2, 'stage=overdue');
    expect(overdue.total).toBe(5);
    expect(overdue.items[0]!.clock137.stage).toBe('overdue');
    const officer = await get().login('officer.choucheng');
    await pushOne(get(), officer, {
      name: 'case.transition',
      args: {
        id: TEST_CASES.chouchengOwn,
        to: 'resolved',
        outcome: 'paid_in_full',
        recoveredFen: 500_000,
      },
      baseVersion: 1,
    });
    expect((await list(office2, 'stage=resolved_late')).items.map((c) => c.id)).toEqual([
      TEST_CASES.chouchengOwn,
    ]);
    expect((await list(office2, 'stage=resolved_on_time')).total).toBe(0);
  });

  it('aggregates the dashboard over the scope', async () => {
    clock = Date.parse('2026-11-23T04:00:00Z');
    const office = await get().login('office.1');
    const officer = await get().login('officer.choucheng');
    await pushAs(get(), officer, [
      {
        name: 'case.transition',
        args: {
          id: TEST_CASES.chouchengOwn,
          to: 'resolved',
          outcome: 'paid_in_full',
          recoveredFen: 300_000,
        },
        baseVersion: 1,
      },
    ]);
    const d = await jsonOf<Dashboard>(await get().api(office, 'GET', '/api/dashboard'));
    expect(d.totals).toMatchObject({
      cases: 5,
      resolved: 1,
      workersHelped: 1,
      recoveredFen: 300_000,
      owedFen: 2_500_000,
    });
    expect(d.byTownStatus).toContainEqual({ townId: 'choucheng', status: 'resolved', count: 1 });
    expect(d.byTownStatus).toContainEqual({ townId: 'jiangdong', status: 'received', count: 1 });
    expect(d.compliance137.resolvedOnTime).toBe(1);
    expect(d.outcomes).toEqual({ paid_in_full: 1 });
    expect(d.repeatEmployers).toEqual([
      { creditCode: '91330782MA2E9XNL0D', name: expect.any(String), cases: 5 },
    ]);
    const mine = await jsonOf<Dashboard>(await get().api(officer, 'GET', '/api/dashboard'));
    expect(mine.totals.cases).toBe(2);
    expect((await get().api(office, 'GET', '/api/dashboard?from=2026-13-01')).status).toBe(400);
  });

  it('lists towns, and users for assignment within what the role may see', async () => {
    const office = await get().login('office.1');
    const towns = await jsonOf<{ towns: Town[] }>(await get().api(office, 'GET', '/api/towns'));
    // The 14 streets and towns and the two state-owned companies of the fixture, in order.
    expect(towns.towns).toHaveLength(16);
    expect(towns.towns[0]).toEqual({ id: 'choucheng', name: '稠城街道', kind: 'street' });
    expect(towns.towns.filter((u) => u.kind === 'soe').map((u) => u.id)).toEqual([
      'soe-chengtou',
      'soe-jiaotou',
    ]);
    const officers = await jsonOf<{ users: User[] }>(
      await get().api(office, 'GET', '/api/users?role=officer'),
    );
    expect(officers.users.map((u: { username: string }) => u.username)).toEqual([
      'officer.choucheng',
      'officer.fotang',
    ]);
    expect(JSON.stringify(officers)).not.toMatch(/scrypt|password/i);
    const fieldToken = await get().login('officer.fotang');
    const colleagues = await jsonOf<{ users: User[] }>(
      await get().api(fieldToken, 'GET', '/api/users'),
    );
    expect(colleagues.users.map((u: { username: string }) => u.username)).toEqual([
      'inspector.1',
      'officer.fotang',
    ]);
    expect((await get().api(office, 'GET', '/api/users?role=boss')).status).toBe(400);
  });

  it('creates cases concurrently without sharing a case number', async () => {
    const office = await get().login('office.1');
    const tokens = await Promise.all([
      get().login('office.1'),
      get().login('admin'),
      get().login('inspector.1'),
    ]);
    await Promise.all(
      [office, ...tokens].map((tok, k) =>
        pushAs(
          get(),
          tok,
          Array.from({ length: 4 }, (_, i) => ({
            name: 'case.create',
            args: sampleCaseArgs(`conc-${k}-${i}-xyz`, 'beiyuan'),
          })),
        ),
      ),
    );
    const rows = await get().db.selectFrom('cases').select('case_no').execute();
    expect(new Set(rows.map((r) => r.case_no)).size).toBe(rows.length);
    expect(rows.length).toBe(5 + 16);
  });
});
