import { describe, expect, it } from 'vitest';
import { sampleCase, uniqueDbName } from '../../test-support';
import { createActions } from './actions';
import { DataError } from './errors';
import { createOfficeActions, deliveryOf, queuedBy } from './office-actions';
import type { SessionUser } from './types';
import { openTestDb } from './vault/testing';

const inspector: SessionUser = {
  id: 'user-inspector-1',
  username: 'inspector.1',
  displayName: '监察员一',
  role: 'inspector',
  townIds: ['choucheng', 'fotang'],
};

async function setup() {
  const db = await openTestDb(uniqueDbName('office-actions'));
  const ctx = { user: () => inspector, serverNow: () => Date.parse('2026-11-24T02:00:00.000Z') };
  const actions = createActions(db, ctx);
  const office = createOfficeActions(actions, ctx);
  const caseId = await actions.createCase(sampleCase('choucheng'));
  return { db, actions, office, caseId };
}

describe('office and inspector actions', () => {
  it('a visit note is one local timeline event plus one queued visit.note, same id', async () => {
    const { db, office, caseId } = await setup();
    const id = await office.recordVisitNote({ caseId, text: '  已到现场核对工资表  ' });
    const event = await db.events.get(id);
    expect(event).toMatchObject({
      caseId,
      name: 'visit.note',
      comment: '已到现场核对工资表',
      actorId: inspector.id,
      at: '2026-11-24T02:00:00.000Z',
    });
    const queued = (await db.outbox.toArray()).filter((m) => m.name === 'visit.note');
    expect(queued).toHaveLength(1);
    expect(queued[0]!.entityId).toBe(caseId);
    expect(queued[0]!.args).toMatchObject({ id, caseId, text: '已到现场核对工资表' });
  });

  it('refuses an empty note and stores nothing', async () => {
    const { db, office, caseId } = await setup();
    const before = await db.outbox.count();
    const err = await office.recordVisitNote({ caseId, text: '   ' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as DataError).fieldTexts('zh').text).toBe('必填');
    expect(await db.outbox.count()).toBe(before);
    expect(await db.events.where('caseId').equals(caseId).count()).toBe(0);
  });

  it('a note on a case this device does not hold is refused, nothing queued', async () => {
    const { db, office } = await setup();
    const before = await db.outbox.count();
    await expect(
      office.recordVisitNote({ caseId: 'missing-case-1', text: '走访' }),
    ).rejects.toThrow();
    expect(await db.outbox.count()).toBe(before);
    expect(await db.events.count()).toBe(0);
  });

  it('a weekly plan is queued under its own id and validated first', async () => {
    const { db, office, caseId } = await setup();
    await office.saveVisitPlan({
      id: 'plan-week-48-01',
      weekOf: '2026-11-23',
      visits: [{ townId: 'choucheng', date: '2026-11-24' }],
      caseIds: [caseId],
    });
    const queued = await db.outbox.where('entityId').equals('plan-week-48-01').toArray();
    expect(queued.map((m) => m.name)).toEqual(['visit.plan']);
    await expect(
      office.saveVisitPlan({
        id: 'plan-week-48-02',
        weekOf: '2026-11-23',
        visits: [],
        caseIds: [],
      }),
    ).rejects.toBeInstanceOf(DataError);
  });
});

describe('following a write to the server', () => {
  it('queuedBy names exactly the mutations the write queued, not those queued before', async () => {
    const { db, office, caseId } = await setup();
    const earlier = (await db.outbox.toArray()).map((m) => m.id);
    expect(earlier).toHaveLength(1);
    const { result, ids } = await queuedBy(db, async () => {
      await office.recordVisitNote({ caseId, text: '第一次走访' });
      await office.recordVisitNote({ caseId, text: '第二次走访' });
      return 'done';
    });
    expect(result).toBe('done');
    expect(ids).toHaveLength(2);
    expect(ids.some((id) => earlier.includes(id))).toBe(false);
    const queued = await db.outbox.where('id').anyOf(ids).toArray();
    expect(queued.map((m) => m.name)).toEqual(['visit.note', 'visit.note']);
  });

  it('deliveryOf: queued is pending, gone is delivered, in the inbox is refused with its reason', async () => {
    const { db, office, caseId } = await setup();
    const { ids } = await queuedBy(db, async () => {
      for (const text of ['甲', '乙', '丙']) await office.recordVisitNote({ caseId, text });
    });
    expect(await deliveryOf(db, ids)).toEqual({ pending: 3, delivered: 0, refused: [] });
    const [a, b] = await db.outbox.where('id').anyOf(ids).sortBy('seq');
    // The server took one and refused another (what push.ts does with its answers).
    await db.outbox.delete(a!.seq!);
    await db.outbox.delete(b!.seq!);
    await db.conflicts.put({
      id: b!.id,
      kind: 'rejected',
      mutation: { id: b!.id, name: b!.name, args: b!.args },
      entityId: b!.entityId,
      fields: [],
      mine: {},
      server: null,
      why: { key: 'reject.caseClosed' },
      createdAt: '2026-11-24T02:00:00.000Z',
    });
    const d = await deliveryOf(db, ids);
    expect(d.pending).toBe(1);
    expect(d.delivered).toBe(1);
    expect(d.refused.map((c) => c.id)).toEqual([b!.id]);
    expect(await deliveryOf(db, [])).toEqual({ pending: 0, delivered: 0, refused: [] });
  });
});
