import { describe, expect, it } from 'vitest';
import { uniqueDbName } from '../../test-support';
import { openTestDb } from '../data/vault/testing';
import { blobHashesOf, downloadBlobs, loadPlanCopy, savePlanCopy } from './trip-store';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const C = 'c'.repeat(64);

describe('trip store', () => {
  it('collects attachment, signature and photo hashes of the planned cases only', async () => {
    const db = await openTestDb(uniqueDbName('trip'));
    await db.attachmentMeta.bulkPut([
      {
        id: `case-1:${A}`,
        sha256: A,
        caseId: 'case-1',
        kind: 'photo',
        mime: 'image/jpeg',
        size: 10,
        version: 1,
      },
      {
        id: `case-9:${C}`,
        sha256: C,
        caseId: 'case-9',
        kind: 'photo',
        mime: 'image/jpeg',
        size: 10,
        version: 1,
      },
    ]);
    await db.mediations.put({
      id: 'med-00000001',
      caseId: 'case-1',
      heldAt: '2026-11-24T02:00:00.000Z',
      place: '公司会议室',
      attendees: [{ name: '张三', role: 'worker' }],
      facts: '',
      terms: '',
      amountAgreedFen: 100,
      amountPaidOnSiteFen: 0,
      instalments: [],
      outcome: 'agreed',
      signatures: { worker: B },
      photoHashes: [A],
      version: 1,
      recordedBy: 'u1',
      recordedAt: '2026-11-24T02:00:00.000Z',
      pending: false,
    });
    expect((await blobHashesOf(db, ['case-1'])).sort()).toEqual([A, B]);
  });

  it('downloads what is missing, keeps what is there, counts what failed', async () => {
    const db = await openTestDb(uniqueDbName('trip'));
    const asked: string[] = [];
    const missing = await downloadBlobs(
      db,
      [A, B],
      () => 'case-1',
      async (sha) => {
        asked.push(sha);
        return sha === A ? new Blob(['x'], { type: 'image/png' }) : null;
      },
    );
    expect(missing).toBe(1);
    const stored = await db.attachments.get(A);
    expect(stored).toMatchObject({ caseId: 'case-1', mime: 'image/png', uploaded: true });
    // A second run asks only for what is still missing.
    asked.length = 0;
    await downloadBlobs(
      db,
      [A, B],
      () => 'case-1',
      async () => null,
    );
    expect(asked).toEqual([]);
  });

  it('keeps a copy of the plan for offline use', async () => {
    const db = await openTestDb(uniqueDbName('trip'));
    expect(await loadPlanCopy(db)).toBeNull();
    const plan = {
      id: 'plan-000000001',
      inspectorId: 'u1',
      weekOf: '2026-11-23',
      visits: [{ townId: 'fotang', date: '2026-11-25' }],
      caseIds: ['case-1'],
      note: null,
      version: 1,
      createdAt: '2026-11-23T01:00:00.000Z',
      updatedAt: '2026-11-23T01:00:00.000Z',
    };
    await savePlanCopy(db, plan);
    expect(await loadPlanCopy(db)).toEqual(plan);
  });
});
