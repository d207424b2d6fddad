import { describe, expect, it } from 'vitest';
import { APPROVAL_UNDO_MS } from '../constants/case';
import type { CaseCreateArgs } from '../protocol/mutations';
import type { Case } from '../schemas/case';
import {
  approvalUndoProblem,
  assignCase,
  createCase,
  reviewCase,
  transitionCase,
  updateCase,
} from './case';
import { recordMediation } from './mediation';
import type { MutatorActor } from './types';

const officer: MutatorActor = { id: 'u-officer', role: 'officer' };
const inspector: MutatorActor = { id: 'u-inspector', role: 'inspector' };
const office: MutatorActor = { id: 'u-office', role: 'office' };

const T0 = '2026-06-01T02:00:00.000Z';
const T1 = '2026-06-02T03:00:00.000Z';
const T2 = '2026-06-03T04:00:00.000Z';

const createArgs: CaseCreateArgs = {
  id: 'case-1',
  townId: 'choucheng',
  source: 'walk_in',
  employer: { name: '义乌市某电子有限公司' },
  claimants: [{ name: '王五', mobile: '13800138000', owedFen: 500_000 }],
  workersCount: 1,
  description: '离职后工资未结清',
};

function made(actor: MutatorActor, args: CaseCreateArgs = createArgs): Case {
  const r = createCase(null, args, actor, T0);
  if (!r.ok) throw new Error(JSON.stringify(r.refusal));
  return r.row;
}

function ok<T>(r: { ok: true; row: T } | { ok: false; refusal: unknown }): T {
  if (!r.ok) throw new Error(`refused: ${JSON.stringify(r.refusal)}`);
  return r.row;
}

describe('case.create', () => {
  it('an officer’s own case starts in progress, theirs, first action at receipt', () => {
    const c = made(officer);
    expect(c).toMatchObject({
      status: 'in_progress',
      assignedOfficerId: 'u-officer',
      receivedAt: T0,
      firstActionAt: T0,
      caseNo: null,
      version: 0,
    });
  });

  it('an office intake waits in received for assignment', () => {
    expect(made(office)).toMatchObject({ status: 'received', assignedOfficerId: null });
  });

  it('names every problem field by field: future wage period and fewer workers than claimants', () => {
    const r = createCase(
      null,
      {
        ...createArgs,
        workersCount: 1,
        claimants: [
          { name: '甲', mobile: '13800138000', owedFen: 1, periodTo: '2026-06-02' },
          { name: '乙', mobile: '13800138001', owedFen: 1 },
        ],
      },
      officer,
      T0,
    );
    expect(r).toEqual({
      ok: false,
      refusal: {
        code: 'invalid',
        fields: {
          'claimants.0.periodTo': 'period.future',
          workersCount: 'workers.fewerThanClaimants',
        },
      },
    });
  });

  it('an id already taken is a conflict, and the existing case stands', () => {
    expect(createCase(made(officer), createArgs, officer, T1)).toMatchObject({
      ok: false,
      refusal: { code: 'conflict', key: 'reject.caseIdTaken' },
    });
  });
});

describe('case.transition', () => {
  it('an officer moving an unassigned case picks it up, first action stamped once', () => {
    const c = ok(transitionCase(made(office), { id: 'case-1', to: 'in_progress' }, officer, T1));
    expect(c).toMatchObject({
      status: 'in_progress',
      assignedOfficerId: 'u-officer',
      firstActionAt: T1,
    });
  });

  it('an inspector moving it does not become its officer', () => {
    const c = ok(transitionCase(made(office), { id: 'case-1', to: 'in_progress' }, inspector, T1));
    expect(c.assignedOfficerId).toBeNull();
  });

  it('a transfer records where it went as the outcome', () => {
    const c = ok(
      transitionCase(
        made(officer),
        { id: 'case-1', to: 'transferred', transferTarget: 'arbitration', comment: '企业拒绝调解' },
        officer,
        T1,
      ),
    );
    expect(c.outcome).toBe('transferred_arbitration');
  });

  it('a returned case resolved again is stamped with the new resolution time', () => {
    const resolve = {
      id: 'case-1',
      to: 'resolved' as const,
      outcome: 'paid_in_full' as const,
      recoveredFen: 500_000,
    };
    const resolved = ok(transitionCase(made(officer), resolve, officer, T1));
    const returned = ok(
      reviewCase(resolved, { id: 'case-1', decision: 'return', comment: '缺少签字' }, office, T1),
    );
    expect(returned).toMatchObject({
      status: 'returned',
      resolvedAt: null,
      reviewComment: '缺少签字',
    });
    const again = ok(transitionCase(returned, { ...resolve, to: 'in_progress' }, officer, T2));
    const resolvedAgain = ok(transitionCase(again, resolve, officer, T2));
    expect(resolvedAgain).toMatchObject({ resolvedAt: T2, firstActionAt: T0 });
  });

  it('more recovered than owed needs a reason; with one it stands', () => {
    const over = {
      id: 'case-1',
      to: 'resolved' as const,
      outcome: 'paid_in_full' as const,
      recoveredFen: 600_000,
    };
    expect(transitionCase(made(officer), over, officer, T1)).toEqual({
      ok: false,
      refusal: { code: 'invalid', fields: { recoveredFen: 'amount.overOwed' } },
    });
    const c = ok(
      transitionCase(made(officer), { ...over, amountOverrideReason: '含经济补偿金' }, officer, T1),
    );
    expect(c.recoveredFen).toBe(600_000);
  });

  it('a move the table does not allow is refused with the status machine’s reason', () => {
    expect(
      transitionCase(made(officer), { id: 'case-1', to: 'closed' }, officer, T1),
    ).toMatchObject({
      ok: false,
      refusal: { code: 'rejected', key: 'transition.notAllowed' },
    });
  });
});

describe('case.update, case.assign, case.review', () => {
  it('a closed case takes no edits', () => {
    const closed = { ...made(officer), status: 'closed' as const };
    expect(
      updateCase(closed, { id: 'case-1', patch: { description: '补充' } }, officer, T1),
    ).toMatchObject({
      ok: false,
      refusal: { code: 'rejected', key: 'reject.caseClosed' },
    });
  });

  it('a masked ID number sent back stands for the one on file; a mask of none on file is refused', () => {
    const withId = made(officer, {
      ...createArgs,
      claimants: [{ ...createArgs.claimants[0]!, idNumber: '110101199003070011' }],
    });
    const claimant = { ...createArgs.claimants[0]!, owedFen: 400_000 };
    const edited = updateCase(
      withId,
      { id: 'case-1', patch: { claimants: [{ ...claimant, idNumber: '110101********0011' }] } },
      officer,
      T1,
    );
    expect(edited.ok).toBe(true);
    expect(
      updateCase(
        withId,
        { id: 'case-1', patch: { claimants: [{ ...claimant, idNumber: '330782********1234' }] } },
        officer,
        T1,
      ),
    ).toMatchObject({
      ok: false,
      refusal: { fields: { 'patch.claimants.0.idNumber': 'claimant.maskUnknown' } },
    });
  });

  it('an edit may not leave fewer workers than claimants', () => {
    expect(
      updateCase(made(officer), { id: 'case-1', patch: { workersCount: 0 } }, officer, T1),
    ).toMatchObject({
      ok: false,
      refusal: { fields: { 'patch.workersCount': 'workers.fewerThanClaimants' } },
    });
  });

  it('only the desk assigns; a received case becomes assigned, an assigned one only changes hands', () => {
    const args = { id: 'case-1', townId: 'fotang', assignedOfficerId: null };
    expect(assignCase(made(office), args, officer, T1)).toMatchObject({
      ok: false,
      refusal: { code: 'forbidden', key: 'reject.roleNotAllowed' },
    });
    const assigned = ok(assignCase(made(office), args, office, T1));
    expect(assigned).toMatchObject({ status: 'assigned', townId: 'fotang' });
    const moved = ok(assignCase(assigned, { ...args, townId: 'beiyuan' }, office, T2));
    expect(moved).toMatchObject({ status: 'assigned', townId: 'beiyuan' });
  });

  it('an approval keeps the office’s comment on the case as well', () => {
    const resolved = ok(
      transitionCase(
        made(officer),
        { id: 'case-1', to: 'resolved', outcome: 'paid_in_full', recoveredFen: 1 },
        officer,
        T1,
      ),
    );
    const closed = ok(
      reviewCase(resolved, { id: 'case-1', decision: 'approve', comment: '同意' }, office, T2),
    );
    expect(closed).toMatchObject({ status: 'closed', closedAt: T2, reviewComment: '同意' });
  });
});

describe('case.review undo_approve', () => {
  const admin: MutatorActor = { id: 'u-admin', role: 'admin' };
  const undo = { id: 'case-1', decision: 'undo_approve' } as const;
  const later = (ms: number) => new Date(Date.parse(T2) + ms).toISOString();
  const approved = () => {
    const resolved = ok(
      transitionCase(
        made(officer),
        { id: 'case-1', to: 'resolved', outcome: 'paid_in_full', recoveredFen: 500_000 },
        officer,
        T1,
      ),
    );
    return {
      resolved,
      closed: ok(reviewCase(resolved, { id: 'case-1', decision: 'approve' }, office, T2)),
    };
  };

  it('within the window the case is back for review exactly as it was resolved', () => {
    const { resolved, closed } = approved();
    for (const [who, at] of [
      [office, later(APPROVAL_UNDO_MS)],
      [admin, later(60_000)],
    ] as const) {
      const back = ok(reviewCase(closed, undo, who, at));
      expect(back).toMatchObject({
        status: 'resolved',
        closedAt: null,
        resolvedAt: resolved.resolvedAt,
        outcome: 'paid_in_full',
        recoveredFen: 500_000,
        updatedAt: at,
      });
    }
  });

  it('after the window it is refused, and the case stays closed', () => {
    const { closed } = approved();
    expect(reviewCase(closed, undo, office, later(APPROVAL_UNDO_MS + 1))).toEqual({
      ok: false,
      refusal: { code: 'rejected', key: 'reject.undoWindowPassed' },
    });
  });

  it('only the desk may undo; a case not closed is not undone', () => {
    const { resolved, closed } = approved();
    for (const who of [officer, inspector]) {
      expect(reviewCase(closed, undo, who, later(1_000))).toEqual({
        ok: false,
        refusal: { code: 'rejected', key: 'transition.roleNotAllowed' },
      });
    }
    expect(reviewCase(resolved, undo, office, later(1_000))).toEqual({
      ok: false,
      refusal: { code: 'rejected', key: 'transition.notAllowed' },
    });
  });

  it('a merged duplicate or a confirmed transfer is not an approval to undo', () => {
    const mergedAway: Case = { ...made(office), status: 'closed', closedAt: T2, outcome: null };
    const transfer = ok(
      transitionCase(
        made(officer),
        { id: 'case-1', to: 'transferred', transferTarget: 'arbitration', comment: '移送仲裁' },
        officer,
        T1,
      ),
    );
    const confirmed = ok(reviewCase(transfer, { id: 'case-1', decision: 'approve' }, office, T2));
    expect(confirmed.outcome).toBe('transferred_arbitration');
    for (const c of [mergedAway, confirmed]) {
      expect(reviewCase(c, undo, office, later(1_000))).toEqual({
        ok: false,
        refusal: { code: 'rejected', key: 'reject.undoNotApproval' },
      });
    }
    expect(approvalUndoProblem(approved().closed, later(0))).toBeNull();
  });
});

describe('mediation.record', () => {
  const mediation = {
    id: 'med-1',
    caseId: 'case-1',
    heldAt: T1,
    place: '企业会议室',
    outcome: 'agreed' as const,
    amountAgreedFen: 600_000,
    amountPaidOnSiteFen: 0,
    instalments: [],
    partyEmployer: { name: '周经理' },
    partyWorkers: [{ name: '王五' }],
    signatures: {},
    photoHashes: [],
  };

  it('an agreed amount above what is owed needs a reason', () => {
    expect(recordMediation(made(officer), mediation as never, officer, T1)).toEqual({
      ok: false,
      refusal: { code: 'invalid', fields: { amountAgreedFen: 'amount.overOwed' } },
    });
  });

  it('a closed case takes no new record', () => {
    const closed = { ...made(officer), status: 'closed' as const };
    expect(
      recordMediation(closed, { ...mediation, amountAgreedFen: 1 } as never, officer, T1),
    ).toMatchObject({ ok: false, refusal: { key: 'reject.caseClosed' } });
  });
});
