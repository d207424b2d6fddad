import type { CaseEvent } from '@anxin/shared';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import type { CaseDetail } from '../src/services/cases/case-service';
import { TEST_CASES, TEST_USERS } from '../test-support';
import { forEachDialect, jsonOf, pushOne, useTestApi } from '../test-support/suite';

forEachDialect('audit trail', (dialect) => {
  const get = useTestApi(dialect);

  it('the database itself refuses UPDATE and DELETE on case events', async () => {
    const before = await get().db.selectFrom('case_events').selectAll().orderBy('seq').execute();
    expect(before.length).toBeGreaterThan(0);
    await expect(
      sql`update case_events set comment = ${'tampered'}`.execute(get().db),
    ).rejects.toThrow(/append-only/);
    await expect(
      get()
        .db.updateTable('case_events')
        .set({ actor_name: 'someone else' })
        .where('id', '=', before[0]!.id)
        .execute(),
    ).rejects.toThrow(/append-only/);
    await expect(get().db.deleteFrom('case_events').execute()).rejects.toThrow(/append-only/);
    if (dialect === 'postgres') {
      await expect(sql`truncate case_events cascade`.execute(get().db)).rejects.toThrow(
        /append-only/,
      );
    }
    const after = await get().db.selectFrom('case_events').selectAll().orderBy('seq').execute();
    expect(after).toEqual(before);
  });

  it('records who, from which device, when, which mutation, and each field old → new', async () => {
    const officer = await get().login('officer.choucheng');
    const r = await pushOne(
      get(),
      officer,
      {
        id: 'mutation-audit-1',
        name: 'case.update',
        args: {
          id: TEST_CASES.chouchengOwn,
          patch: { workersCount: 5, description: '核实后共五人' },
        },
        baseVersion: 1,
      },
      'device-audit-01',
    );
    expect(r.status).toBe('applied');
    const res = await get().api(officer, 'GET', `/api/cases/${TEST_CASES.chouchengOwn}/events`);
    const { events } = (await res.json()) as { events: CaseEvent[] };
    const last = events.at(-1)!;
    expect(last).toMatchObject({
      caseId: TEST_CASES.chouchengOwn,
      actorId: TEST_USERS.officerChoucheng.id,
      clientId: 'device-audit-01',
      mutationId: 'mutation-audit-1',
      name: 'case.update',
    });
    expect(Date.parse(last.at)).toBeGreaterThan(Date.now() - 60_000);
    expect(last.changes).toEqual([
      { field: 'workersCount', from: 1, to: 5 },
      { field: 'description', from: '离职后工资未结清', to: '核实后共五人' },
    ]);
    expect(events[0]!.name).toBe('case.create');
  });

  it('logs every view of a full ID number, office only', async () => {
    const office = await get().login('office.1');
    const officer = await get().login('officer.choucheng');
    const denied = await get().api(
      officer,
      'GET',
      `/api/cases/${TEST_CASES.chouchengOwn}?reveal=idNumber`,
    );
    expect(denied.status).toBe(403);
    const plain = await jsonOf<CaseDetail>(
      await get().api(office, 'GET', `/api/cases/${TEST_CASES.chouchengOwn}`),
    );
    expect(plain.case.claimants[0].idNumber).toBe('110101********0011');
    const revealed = await jsonOf<CaseDetail>(
      await get().api(office, 'GET', `/api/cases/${TEST_CASES.chouchengOwn}?reveal=idNumber`),
    );
    expect(revealed.case.claimants[0].idNumber).toBe('110101199003070011');
    const { events } = (await (
      await get().api(office, 'GET', `/api/cases/${TEST_CASES.chouchengOwn}/events`)
    ).json()) as { events: CaseEvent[] };
    const views = events.filter((e) => e.name === 'case.viewIdNumber');
    expect(views).toHaveLength(1);
    expect(views[0]!.actorId).toBe(TEST_USERS.office.id);
  });
});
