import type { MutationName } from '@anxin/shared';
import {
  firstOfMonthAhead,
  sampleCaseArgs,
  TEST_CASES,
  TEST_USERS,
} from '../../../api/test-support';

/**
 * One well-formed mutation per name, against the test fixture. The fuzzer corrupts these,
 * so every part of each argument schema is reached, not only the envelope.
 */
export interface SampleMutation {
  name: MutationName;
  args: Record<string, unknown>;
  baseVersion?: number;
}

export const SHA_A = 'a'.repeat(64);

export function mediationArgs(id: string, caseId: string): Record<string, unknown> {
  return {
    id,
    caseId,
    // Held just now: a device's time of an action must fall after its last contact.
    heldAt: new Date(Date.now() - 60_000).toISOString(),
    place: '义乌市稠城街道某电子公司会议室',
    attendees: [
      { name: '工人甲', role: 'worker' },
      { name: '周经理', role: 'employer' },
    ],
    facts: '双方确认拖欠工资五千元',
    terms: '当场支付两千元，余款分两期',
    amountAgreedFen: 500_000,
    amountPaidOnSiteFen: 200_000,
    instalments: [
      { dueDate: firstOfMonthAhead(1), amountFen: 150_000 },
      { dueDate: firstOfMonthAhead(2), amountFen: 150_000 },
    ],
    outcome: 'agreed',
    signatures: {},
    photoHashes: [],
  };
}

/** Valid-looking arguments for every mutation name; the map's type makes a new name a compile error. */
export function sampleMutations(
  fresh: (p: string) => string,
): Record<MutationName, SampleMutation> {
  return {
    'case.create': {
      name: 'case.create',
      args: sampleCaseArgs(fresh('c'), 'choucheng', 7) as unknown as Record<string, unknown>,
    },
    'case.update': {
      name: 'case.update',
      args: { id: TEST_CASES.chouchengOwn, patch: { description: '补充说明', workersCount: 2 } },
      baseVersion: 1,
    },
    'case.transition': {
      name: 'case.transition',
      args: { id: TEST_CASES.chouchengOwn, to: 'mediating' },
      baseVersion: 1,
    },
    'case.assign': {
      name: 'case.assign',
      args: {
        id: TEST_CASES.beiyuanReceived,
        townId: 'choucheng',
        assignedOfficerId: TEST_USERS.officerChoucheng.id,
      },
      baseVersion: 1,
    },
    'case.review': {
      name: 'case.review',
      args: { id: TEST_CASES.chouchengOwn, decision: 'return', comment: '材料不全' },
      baseVersion: 1,
    },
    'mediation.record': {
      name: 'mediation.record',
      args: mediationArgs(fresh('m'), TEST_CASES.chouchengOwn),
    },
    'attachment.link': {
      name: 'attachment.link',
      args: {
        sha256: SHA_A,
        caseId: TEST_CASES.chouchengOwn,
        kind: 'photo',
        mime: 'image/jpeg',
        size: 1024,
      },
    },
    'visit.plan': {
      name: 'visit.plan',
      args: {
        id: fresh('vp'),
        weekOf: '2026-11-23',
        visits: [{ townId: 'choucheng', date: '2026-11-24' }],
        caseIds: [TEST_CASES.chouchengOwn],
        note: '周二走访稠城',
      },
    },
    'visit.note': {
      name: 'visit.note',
      args: { id: fresh('vn'), caseId: TEST_CASES.chouchengOwn, text: '已与老板约谈' },
    },
    'insurance.start': {
      name: 'insurance.start',
      args: { id: fresh('ins'), caseId: TEST_CASES.chouchengOwn, amountFen: 500_000 },
    },
    'insurance.approve': {
      name: 'insurance.approve',
      args: { id: TEST_CASES.chouchengOwn, agreementDate: '2026-11-20' },
    },
    'insurance.paid': {
      name: 'insurance.paid',
      args: { id: TEST_CASES.chouchengOwn, paidDate: '2026-11-23' },
    },
    'case.link': {
      name: 'case.link',
      args: { id: TEST_CASES.chouchengOwn, otherId: TEST_CASES.chouchengAssigned },
    },
    'case.merge': {
      name: 'case.merge',
      args: { id: TEST_CASES.beiyuanReceived, intoId: TEST_CASES.chouchengOwn },
    },
    'instalment.record': {
      name: 'instalment.record',
      args: {
        id: fresh('ir'),
        caseId: TEST_CASES.chouchengOwn,
        mediationId: fresh('im'),
        dueDate: '2026-11-20',
        outcome: 'missed',
        date: '2026-11-20',
        amountFen: 0,
      },
    },
  };
}
