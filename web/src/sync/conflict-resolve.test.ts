import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, TEST_CASES, type TestApi } from '../../../api/test-support';
import { deviceFor, pushAs, serverCase, signIn } from '../../test-support';
import { conflictRows, serverChangeOf } from '../data/conflict-fields';
import { currentBase } from '../data/rebuild';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ dialect: 'sqlite' });
});
afterAll(async () => {
  await api.close();
});

describe('a conflict settled value by value', () => {
  it('keeps the office’s phone, the officer’s address and a merge of both descriptions', async () => {
    const officer = await deviceFor(api, 'officer.choucheng');
    const office = await signIn(api, 'office.1');
    await officer.engine.syncNow();
    const id = TEST_CASES.chouchengOwn;
    const before = (await officer.db.cases.get(id))!;

    const desk = await pushAs(api, office.token, {
      name: 'case.update',
      args: {
        id,
        patch: {
          description: '办公室核实：已联系老板',
          employer: { ...before.employer, contactPhone: '13905790001' },
        },
      },
      baseVersion: before.version,
    });
    expect(desk.status).toBe('applied');
    await officer.actions.updateCase(id, {
      description: '外勤现场：老板同意今天支付',
      employer: { ...before.employer, address: '稠城街道工人路 8 号' },
    });
    await officer.engine.syncNow();

    const [item] = await officer.db.conflicts.toArray();
    expect(item?.kind).toBe('conflict');
    // What the officer started from and which case it is stay with the item.
    expect(item!.baseline?.description).toBe(before.description);
    expect(item!.subject).toEqual({ caseNo: before.caseNo, employer: before.employer.name });
    const server = currentBase(await officer.db.cases.get(id))!;
    const rows = conflictRows(item!, server);
    // In the order of the case's fields, as the case page shows them.
    expect(rows.map((r) => [r.path, r.changedBy])).toEqual([
      ['employer.contactPhone', 'theirs'],
      ['employer.address', 'mine'],
      ['description', 'both'],
    ]);
    // Who changed the server copy: the office, from the event the pull brought.
    const events = await officer.db.events.where('caseId').equals(id).toArray();
    expect(serverChangeOf(item!, events)?.name).toBe(office.user.displayName);

    await officer.actions.resolveConflict(item!.id, {
      description: { pick: 'merge', text: '办公室核实：已联系老板。外勤现场：老板同意今天支付' },
    });
    expect(await officer.db.conflicts.count()).toBe(0);
    const queued = await officer.db.outbox.toArray();
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ name: 'case.update', baseVersion: server.version });
    await officer.engine.syncNow();
    expect(await officer.db.outbox.count()).toBe(0);
    expect(await officer.db.conflicts.count()).toBe(0);

    const now = (await serverCase(api, officer.token, id)) as {
      description: string;
      employer: Record<string, unknown>;
    };
    expect(now.description).toBe('办公室核实：已联系老板。外勤现场：老板同意今天支付');
    expect(now.employer.contactPhone).toBe('13905790001');
    expect(now.employer.address).toBe('稠城街道工人路 8 号');
  });

  it('keeping every server value sends nothing and clears the item', async () => {
    const officer = await deviceFor(api, 'officer.choucheng');
    const office = await signIn(api, 'office.1');
    await officer.engine.syncNow();
    const id = TEST_CASES.chouchengOwn;
    const before = (await officer.db.cases.get(id))!;
    await pushAs(api, office.token, {
      name: 'case.update',
      args: { id, patch: { workersCount: before.workersCount + 1 } },
      baseVersion: before.version,
    });
    await officer.actions.updateCase(id, { workersCount: before.workersCount + 2 });
    await officer.engine.syncNow();
    const [item] = await officer.db.conflicts.toArray();
    expect(item?.fields).toEqual(['workersCount']);

    await officer.actions.resolveConflict(item!.id, { workersCount: { pick: 'theirs' } });
    expect(await officer.db.conflicts.count()).toBe(0);
    expect(await officer.db.outbox.count()).toBe(0);
    expect((await officer.db.cases.get(id))?.workersCount).toBe(before.workersCount + 1);
  });
});
