import { describe, expect, it } from 'vitest';
import { localOfficer, sampleCase, uniqueDbName } from '../../test-support';
import { createActions } from './actions';
import { stripLocal } from './apply';
import { DataError } from './errors';
import { serverRowToLocal } from './rebuild';
import type { SessionUser } from './types';
import { openTestDb } from './vault/testing';

const officer = localOfficer;

async function setup(user: SessionUser = officer) {
  const db = await openTestDb(uniqueDbName('actions'));
  const actions = createActions(db, { user: () => user, serverNow: () => Date.now() });
  return { db, actions };
}

describe('local actions: one transaction, row + outbox', () => {
  it('creates a case locally and queues exactly one case.create', async () => {
    const { db, actions } = await setup();
    const id = await actions.createCase(sampleCase('choucheng'));
    const row = await db.cases.get(id);
    expect(row?.employer.name).toContain('显示设备');
    // Same rule as the server: an officer's own case starts in progress, assigned to them.
    expect(row?.status).toBe('in_progress');
    expect(row?.assignedOfficerId).toBe(officer.id);
    expect(row?.pendingCount).toBe(1);
    expect(row?.claimantMobiles).toEqual(['13910000001']);
    const outbox = await db.outbox.toArray();
    expect(outbox.map((m) => [m.name, m.entityId])).toEqual([['case.create', id]]);
  });

  it('a double tap with the same form id makes one case and one mutation', async () => {
    const { db, actions } = await setup();
    const formId = crypto.randomUUID();
    const [a, b] = await Promise.all([
      actions.createCase({ ...sampleCase('choucheng'), id: formId }),
      actions.createCase({ ...sampleCase('choucheng'), id: formId }),
    ]);
    await actions.createCase({ ...sampleCase('choucheng'), id: formId });
    expect(a).toBe(formId);
    expect(b).toBe(formId);
    expect(await db.cases.count()).toBe(1);
    expect(await db.outbox.count()).toBe(1);
  });

  it('rejects invalid input field by field, in Chinese, and stores nothing', async () => {
    const { db, actions } = await setup();
    const bad = sampleCase('choucheng');
    bad.claimants = [{ name: '李四', mobile: '12345', owedFen: 1.5 }];
    const err = await actions.createCase(bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    const de = err as DataError;
    expect(de.code).toBe('invalid');
    expect(de.fieldTexts('zh')['claimants.0.mobile']).toMatch(/手机号码/);
    expect(de.fieldTexts('en')['claimants.0.owedFen']).toMatch(/fen/);
    expect(await db.cases.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('edits keep the server version as baseVersion and show at once', async () => {
    const { db, actions } = await setup();
    const id = await actions.createCase(sampleCase('choucheng'));
    await actions.updateCase(id, { description: '已联系老板' });
    await actions.updateCase(id, { workersCount: 3 });
    const row = await db.cases.get(id);
    expect(row?.description).toBe('已联系老板');
    expect(row?.workersCount).toBe(3);
    expect(row?.pendingCount).toBe(3);
    expect(row?.version).toBe(0);
    const items = await db.outbox.toArray();
    expect(items.map((m) => m.baseVersion)).toEqual([undefined, 0, 0]);
  });

  it('edits on a synced case go over the server copy; quick saves each land and are counted', async () => {
    const { db, actions } = await setup();
    const id = await actions.createCase(sampleCase('choucheng'));
    const made = await db.cases.get(id);
    if (!made) throw new Error('case not stored');
    await db.outbox.clear();
    // As a pull stores it: accepted by the server at version 4, nothing pending.
    const server = serverRowToLocal({ ...stripLocal(made), version: 4, caseNo: 'YW-2026-0001' });
    await db.cases.put(server);
    await Promise.all([
      actions.updateCase(server.id, { description: '第一次补充' }),
      actions.updateCase(server.id, { workersCount: 7 }),
    ]);
    await actions.transitionCase(server.id, {
      to: 'resolved',
      outcome: 'paid_in_full',
      recoveredFen: 100,
    });
    const row = await db.cases.get(server.id);
    expect(row?.description).toBe('第一次补充');
    expect(row?.workersCount).toBe(7);
    expect(row?.status).toBe('resolved');
    expect(row?.pendingCount).toBe(3);
    // The server copy underneath is kept whole, so a rejected edit can be rolled back.
    expect(row?.base?.version).toBe(4);
    expect(row?.base?.description).toBe(server.description);
    const items = await db.outbox.orderBy('seq').toArray();
    expect(items.map((m) => [m.name, m.baseVersion])).toEqual([
      ['case.update', 4],
      ['case.update', 4],
      ['case.transition', 4],
    ]);
  });

  it('an edit of a case not on the device stores nothing', async () => {
    const { db, actions } = await setup();
    const err = (await actions
      .updateCase('no-such-case-0001', { description: 'x' })
      .catch((e: unknown) => e)) as DataError;
    expect(err.code).toBe('not_found');
    expect(await db.outbox.count()).toBe(0);
    expect(await db.cases.count()).toBe(0);
  });

  it('refuses a status move the table does not allow, with the missing fields named', async () => {
    const { db, actions } = await setup();
    const id = await actions.createCase(sampleCase('choucheng'));
    const notAllowed = await actions
      .transitionCase(id, { to: 'closed' })
      .catch((e: unknown) => e as DataError);
    expect(notAllowed).toBeInstanceOf(DataError);
    expect((notAllowed as DataError).code).toBe('transition');
    const missing = (await actions
      .transitionCase(id, { to: 'resolved' })
      .catch((e: unknown) => e)) as DataError;
    expect(Object.keys(missing.fieldKeys).sort()).toEqual(['outcome', 'recoveredFen']);
    expect(missing.fieldTexts('zh').outcome).toMatch(/处理结果/);
    expect(await db.outbox.count()).toBe(1);
    await actions.transitionCase(id, {
      to: 'resolved',
      outcome: 'paid_in_full',
      recoveredFen: 500_000,
    });
    const row = await db.cases.get(id);
    expect(row?.status).toBe('resolved');
    expect(row?.resolvedAt).not.toBeNull();
  });

  it('records a mediation once per id and counts it as pending on the case', async () => {
    const { db, actions } = await setup();
    const caseId = await actions.createCase(sampleCase('choucheng'));
    const m = {
      id: crypto.randomUUID(),
      caseId,
      heldAt: new Date().toISOString(),
      place: '公司会议室',
      attendees: [{ name: '张1', role: 'worker' as const }],
      facts: '拖欠两个月工资',
      terms: '当场支付 3000 元，余款月底付清',
      amountAgreedFen: 500_000,
      amountPaidOnSiteFen: 300_000,
      instalments: [{ dueDate: '2030-01-31', amountFen: 200_000 }],
      outcome: 'agreed' as const,
      signatures: {},
      photoHashes: [],
    };
    await actions.recordMediation(m);
    await actions.recordMediation(m);
    expect(await db.mediations.count()).toBe(1);
    expect((await db.mediations.get(m.id))?.pending).toBe(true);
    expect((await db.cases.get(caseId))?.pendingCount).toBe(2);
  });

  it('stores an attachment by content hash and queues its link', async () => {
    const { db, actions } = await setup();
    const caseId = await actions.createCase(sampleCase('choucheng'));
    const blob = new Blob([new Uint8Array([0xff, 0xd8, 0xff, 1, 2, 3])], { type: 'image/jpeg' });
    const sha = await actions.addAttachment(caseId, blob, 'photo');
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
    const again = await actions.addAttachment(caseId, blob, 'photo');
    expect(again).toBe(sha);
    const row = await db.attachments.get(sha);
    expect(row?.uploaded).toBe(false);
    expect(row?.size).toBe(6);
    const links = (await db.outbox.toArray()).filter((m) => m.name === 'attachment.link');
    expect(links).toHaveLength(1);
    const bad = await actions
      .addAttachment(caseId, new Blob(['x'], { type: 'text/html' }), 'document')
      .catch((e: unknown) => e as DataError);
    expect((bad as DataError).code).toBe('unsupported_file');
  });

  it('a full disk aborts the whole action: no case row without its mutation', async () => {
    const { db, actions } = await setup();
    const table = db.cases as unknown as { put: (...a: unknown[]) => Promise<unknown> };
    const realPut = table.put;
    // The mutation is appended first inside the transaction; writing the case row then hits
    // a full disk, as a real browser reports it.
    table.put = () => Promise.reject(new DOMException('disk full', 'QuotaExceededError'));
    const err = (await actions
      .createCase(sampleCase('choucheng'))
      .catch((e: unknown) => e)) as DataError;
    table.put = realPut;
    expect(err).toBeInstanceOf(DataError);
    expect(err.code).toBe('storage_full');
    expect(err.message).toMatch(/存储空间已满/);
    expect(await db.cases.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('needs a signed-in user', async () => {
    const anon = createActions(await openTestDb(uniqueDbName('anon')), {
      user: () => null,
      serverNow: () => Date.now(),
    });
    const err = (await anon
      .createCase(sampleCase('choucheng'))
      .catch((e: unknown) => e)) as DataError;
    expect(err.code).toBe('not_signed_in');
  });

  it('drafts are saved and deleted', async () => {
    const { db, actions } = await setup();
    await actions.saveDraft({
      id: 'd1',
      kind: 'case',
      data: { a: 1 },
      updatedAt: new Date().toISOString(),
    });
    expect((await db.drafts.get('d1'))?.data).toEqual({ a: 1 });
    await actions.deleteDraft('d1');
    expect(await db.drafts.count()).toBe(0);
  });

  it('queues any other named mutation (a visit note) with its shared schema, in one transaction', async () => {
    const { db, actions } = await setup({ ...officer, role: 'inspector' });
    const caseId = await actions.createCase(sampleCase('choucheng'));
    const noteId = crypto.randomUUID();
    const mutationId = await actions.queueMutation(
      'visit.note',
      { id: noteId, caseId, text: '走访企业，老板承诺本周付清' },
      {
        caseId,
        local: async (tx) => {
          await tx.events.put({
            id: noteId,
            caseId,
            at: new Date().toISOString(),
            actorId: officer.id,
            actorName: officer.displayName,
            clientId: null,
            mutationId: null,
            name: 'visit.note',
            changes: [],
            comment: '走访企业，老板承诺本周付清',
          });
        },
      },
    );
    expect((await db.outbox.toArray()).map((m) => [m.id, m.name])).toContainEqual([
      mutationId,
      'visit.note',
    ]);
    expect((await db.events.get(noteId))?.comment).toMatch(/走访/);
    expect((await db.cases.get(caseId))?.pendingCount).toBe(2);
    const bad = (await actions
      .queueMutation('visit.note', { id: crypto.randomUUID(), caseId, text: '' }, { caseId })
      .catch((e: unknown) => e)) as DataError;
    expect(bad.code).toBe('invalid');
    expect(bad.fieldKeys.text).toBeDefined();
    expect(await db.outbox.count()).toBe(2);
  });
});
