import type { Case, Mediation } from '@anxin/shared';
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { localOfficer, uniqueDbName } from '../../test-support';
import { createActions } from './actions';
import { getMeta, META } from './db';
import { DataError } from './errors';
import { loadToday, paymentsOf, recordInstalmentCheck } from './instalments';
import { serverRowToLocal } from './rebuild';
import { openTestDb } from './vault/testing';

// 10:00 on 10 July 2026 in China.
const NOW = Date.parse('2026-07-10T02:00:00.000Z');

const closedCase: Case = {
  id: 'case-inst-1',
  caseNo: 'YW-2026-000301',
  townId: 'choucheng',
  status: 'closed',
  source: 'walk_in',
  employer: { name: '义乌市某饰品有限公司' },
  claimants: [{ name: '王五', mobile: '13910000001', owedFen: 300_000 }],
  workersCount: 1,
  description: '分期支付欠薪',
  needsAssistance: false,
  assignedOfficerId: localOfficer.id,
  receivedAt: '2026-06-01T02:00:00.000Z',
  firstActionAt: '2026-06-01T02:00:00.000Z',
  resolvedAt: '2026-06-03T02:00:00.000Z',
  closedAt: '2026-06-04T02:00:00.000Z',
  outcome: 'instalments',
  recoveredFen: 300_000,
  reviewComment: null,
  version: 5,
  createdBy: localOfficer.id,
  createdAt: '2026-06-01T02:00:00.000Z',
  updatedAt: '2026-06-04T02:00:00.000Z',
};

const agreement: Mediation & { pending: boolean } = {
  id: 'med-inst-1',
  caseId: closedCase.id,
  heldAt: '2026-06-03T01:00:00.000Z',
  place: '稠城街道调解室',
  attendees: [{ name: '王五', role: 'worker' }],
  facts: '',
  terms: '',
  amountAgreedFen: 300_000,
  amountPaidOnSiteFen: 0,
  instalments: [
    { dueDate: '2026-07-10', amountFen: 100_000 },
    { dueDate: '2026-08-10', amountFen: 200_000 },
  ],
  outcome: 'agreed',
  signatures: {},
  photoHashes: [],
  version: 1,
  recordedBy: localOfficer.id,
  recordedAt: '2026-06-03T01:30:00.000Z',
  pending: false,
};

async function setup() {
  const db = await openTestDb(uniqueDbName('instalments'));
  const actions = createActions(db, { user: () => localOfficer, serverNow: () => NOW });
  await db.cases.put(serverRowToLocal(closedCase));
  await db.mediations.put(agreement);
  return { db, actions };
}

describe('instalments on the device', () => {
  it('lists the instalment due today on a closed case in the today view', async () => {
    const { db } = await setup();
    const today = await loadToday(db, NOW);
    expect(today.instalments.map((i) => [i.case.id, i.dueDate, i.amountFen, i.late])).toEqual([
      [closedCase.id, '2026-07-10', 100_000, false],
    ]);
  });

  it('a missed instalment reopens the closed case for review at once, and leaves the today list', async () => {
    const { db, actions } = await setup();
    await recordInstalmentCheck(
      db,
      actions,
      localOfficer,
      {
        caseId: closedCase.id,
        mediationId: agreement.id,
        dueDate: '2026-07-10',
        outcome: 'missed',
        date: '2026-07-10',
        amountFen: 0,
      },
      NOW,
    );
    const row = await db.cases.get(closedCase.id);
    expect(row).toMatchObject({ status: 'resolved', closedAt: null, pendingCount: 1 });
    expect(row?.resolvedAt).toBe(closedCase.resolvedAt);
    expect((await db.outbox.toArray()).map((m) => m.name)).toEqual(['instalment.record']);
    const shown = await paymentsOf(db, closedCase.id);
    expect(shown.map((p) => [p.dueDate, p.outcome, p.pending])).toEqual([
      ['2026-07-10', 'missed', true],
    ]);
    expect((await loadToday(db, NOW)).instalments).toEqual([]);
  });

  it('refuses what the rule refuses and queues nothing: not paid before it is due', async () => {
    const { db, actions } = await setup();
    const err = await recordInstalmentCheck(
      db,
      actions,
      localOfficer,
      {
        caseId: closedCase.id,
        mediationId: agreement.id,
        dueDate: '2026-08-10',
        outcome: 'missed',
        date: '2026-07-10',
        amountFen: 0,
      },
      NOW,
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as DataError).fieldKeys).toEqual({ date: 'instalment.notDueYet' });
    expect(await db.outbox.count()).toBe(0);
    expect((await db.cases.get(closedCase.id))?.status).toBe('closed');
  });
});

it('an older database forgets its pull cursor on upgrade, so skipped checks arrive', async () => {
  const name = uniqueDbName('upgrade');
  const old = new Dexie(name);
  old.version(2).stores({ meta: 'key', outbox: '++seq, &id, entityId' });
  await old.table('meta').put({ key: META.cursor, value: 'v2.0123456789ab.1.42' });
  await old.table('outbox').add({ id: 'kept-1', entityId: 'case-x' });
  old.close();
  const db = await openTestDb(name);
  expect(await getMeta(db, META.cursor)).toBeUndefined();
  expect(await db.outbox.count()).toBe(1);
  expect(await db.instalments.count()).toBe(0);
});
