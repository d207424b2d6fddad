import type { Case } from '@anxin/shared';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { AnxinDB } from './db';
import { serverRowToLocal } from './rebuild';
import { dropExpiredClosedCases } from './retention';
import { sealBlob } from './vault/seal';
import { openTestDb } from './vault/testing';

const NOW = Date.parse('2026-12-01T02:00:00.000Z');
const DAY = 86_400_000;

function caseRow(id: string, status: Case['status'], closedDaysAgo: number | null): Case {
  const at = new Date(NOW - 200 * DAY).toISOString();
  return {
    id,
    caseNo: `YW-2026-${id}`,
    version: 3,
    townId: 'choucheng',
    source: 'walk_in',
    employer: { name: '义乌市某电子有限公司', contactPhone: '13857900000' },
    claimants: [{ name: '工人甲', mobile: '13800138000', owedFen: 100_000 }],
    workersCount: 1,
    description: '欠薪',
    needsAssistance: false,
    status,
    assignedOfficerId: null,
    receivedAt: at,
    firstActionAt: at,
    resolvedAt: closedDaysAgo === null ? null : at,
    closedAt: closedDaysAgo === null ? null : new Date(NOW - closedDaysAgo * DAY).toISOString(),
    outcome: closedDaysAgo === null ? null : 'paid_in_full',
    recoveredFen: 0,
    reviewComment: null,
    createdBy: 'usr_officer_choucheng',
    createdAt: at,
    updatedAt: at,
  };
}

let db: AnxinDB;
beforeEach(async () => {
  db = await openTestDb(`retention-${Math.random()}`);
  await db.open();
});
afterEach(async () => {
  await db.delete();
});

it('drops closed cases past the retention period with everything under them, and nothing else', async () => {
  await db.cases.bulkPut(
    [
      caseRow('old-closed', 'closed', 120),
      caseRow('recent-closed', 'closed', 30),
      caseRow('old-but-edited', 'closed', 120),
      caseRow('old-with-draft', 'closed', 120),
      caseRow('open-case', 'in_progress', null),
    ].map(serverRowToLocal),
  );
  await db.events.bulkPut([
    {
      id: 'ev-1',
      caseId: 'old-closed',
      at: new Date(NOW - 121 * DAY).toISOString(),
      actorId: 'u',
      actorName: '甲',
      clientId: null,
      mutationId: null,
      name: 'case.review',
      changes: [],
      comment: null,
    },
  ]);
  await db.attachments.put({
    sha256: 'a'.repeat(64),
    caseId: 'old-closed',
    blob: await sealBlob(db.keySource.keys(), new Blob(['x'])),
    mime: 'image/jpeg',
    uploaded: true,
  } as never);
  await db.outbox.add({
    id: 'mutation-pending-1',
    name: 'case.update',
    args: {},
    entityId: 'old-but-edited',
    createdAt: new Date(NOW).toISOString(),
    actorId: 'u',
    actorRole: 'officer',
    attempts: 0,
  });
  await db.drafts.put({
    id: 'draft-1',
    kind: 'mediation',
    caseId: 'old-with-draft',
    data: {},
    updatedAt: new Date(NOW).toISOString(),
  });

  const dropped = await dropExpiredClosedCases(db, { nowMs: NOW, retentionDays: 90 });
  expect(dropped).toEqual(['old-closed']);
  expect((await db.cases.toArray()).map((c) => c.id).sort()).toEqual([
    'old-but-edited',
    'old-with-draft',
    'open-case',
    'recent-closed',
  ]);
  expect(await db.events.where('caseId').equals('old-closed').count()).toBe(0);
  expect(await db.attachments.where('caseId').equals('old-closed').count()).toBe(0);
  // A shorter period set by the bureau takes the recent one too.
  expect(await dropExpiredClosedCases(db, { nowMs: NOW, retentionDays: 7 })).toEqual([
    'recent-closed',
  ]);
});
