import { describe, expect, it } from 'vitest';
import type { AgreementLike } from '../domain/instalments';
import type { InstalmentRecordArgs } from '../protocol/instalment-mutations';
import type { Case } from '../schemas/case';
import { createCase } from './case';
import { instalmentCaseMove, recordInstalment } from './instalment';
import type { MutatorActor } from './types';

const officer: MutatorActor = { id: 'u-officer', role: 'officer' };
const admin: MutatorActor = { id: 'u-admin', role: 'admin' };
const AT = '2026-07-10T02:00:00.000Z'; // 10:00 on 10 July in China

function closedCase(): Case {
  const r = createCase(
    null,
    {
      id: 'case-1',
      townId: 'choucheng',
      source: 'walk_in',
      employer: { name: '义乌市某电子有限公司' },
      claimants: [{ name: '王五', mobile: '13800138000', owedFen: 300_000 }],
      workersCount: 1,
      description: '离职后工资未结清',
    },
    officer,
    '2026-06-01T02:00:00.000Z',
  );
  if (!r.ok) throw new Error('fixture');
  return {
    ...r.row,
    status: 'closed',
    resolvedAt: '2026-06-03T02:00:00.000Z',
    closedAt: '2026-06-04T02:00:00.000Z',
    outcome: 'instalments',
  };
}

const agreement: AgreementLike = {
  id: 'med-1',
  caseId: 'case-1',
  recordedAt: '2026-06-03T01:00:00.000Z',
  heldAt: '2026-06-03T01:00:00.000Z',
  instalments: [
    { dueDate: '2026-07-01', amountFen: 100_000 },
    { dueDate: '2026-08-01', amountFen: 200_000 },
  ],
};

const missed: InstalmentRecordArgs = {
  id: 'inst-1',
  caseId: 'case-1',
  mediationId: 'med-1',
  dueDate: '2026-07-01',
  outcome: 'missed',
  date: '2026-07-10',
  amountFen: 0,
};

describe('instalment.record: the record', () => {
  it('records a missed instalment with the day found and what arrived', () => {
    const r = recordInstalment(closedCase(), agreement, missed, officer, AT);
    expect(r).toEqual({
      ok: true,
      row: { ...missed, recordedBy: 'u-officer', recordedAt: AT, version: 0 },
    });
  });

  it('refuses an instalment the agreement does not have, or of another case', () => {
    const other = recordInstalment(
      closedCase(),
      agreement,
      { ...missed, dueDate: '2026-07-02' },
      officer,
      AT,
    );
    expect(other).toEqual({
      ok: false,
      refusal: { code: 'rejected', key: 'reject.instalmentNotFound' },
    });
    const foreign = recordInstalment(
      closedCase(),
      { ...agreement, caseId: 'case-2' },
      missed,
      officer,
      AT,
    );
    expect(foreign.ok).toBe(false);
  });

  it('says which field is wrong: a future date, not yet due, paid short, missed but paid in full', () => {
    const fields = (args: InstalmentRecordArgs) => {
      const r = recordInstalment(closedCase(), agreement, args, officer, AT);
      return r.ok ? null : r.refusal.fields;
    };
    expect(fields({ ...missed, date: '2026-07-11' })).toEqual({ date: 'instalment.dateFuture' });
    expect(fields({ ...missed, date: '2026-06-02' })).toEqual({
      date: 'instalment.dateBeforeAgreement',
    });
    expect(fields({ ...missed, dueDate: '2026-08-01' })).toEqual({ date: 'instalment.notDueYet' });
    expect(fields({ ...missed, outcome: 'paid', amountFen: 50_000 })).toEqual({
      amountFen: 'instalment.paidShort',
    });
    expect(fields({ ...missed, amountFen: 100_000 })).toEqual({
      amountFen: 'instalment.missedFull',
    });
    // Paying an instalment early is fine.
    expect(
      fields({ ...missed, dueDate: '2026-08-01', outcome: 'paid', amountFen: 200_000 }),
    ).toBeNull();
  });

  it('is not the administrator’s to record', () => {
    expect(recordInstalment(closedCase(), agreement, missed, admin, AT)).toEqual({
      ok: false,
      refusal: { code: 'forbidden', key: 'reject.roleNotAllowed' },
    });
  });
});

describe('instalment.record: the case', () => {
  it('reopens a closed case for review on a missed instalment, keeping when it was resolved', () => {
    const r = instalmentCaseMove(closedCase(), missed, officer, AT);
    expect(r.ok && r.row).toMatchObject({
      status: 'resolved',
      resolvedAt: '2026-06-03T02:00:00.000Z',
      closedAt: null,
      updatedAt: AT,
    });
  });

  it('leaves the case as it is when paid, or when it is still being worked on', () => {
    const c = closedCase();
    expect(
      instalmentCaseMove(c, { ...missed, outcome: 'paid', amountFen: 100_000 }, officer, AT),
    ).toEqual({
      ok: true,
      row: c,
    });
    const working = { ...c, status: 'in_progress' as const, closedAt: null, resolvedAt: null };
    expect(instalmentCaseMove(working, missed, officer, AT)).toEqual({ ok: true, row: working });
  });
});
