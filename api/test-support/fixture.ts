import { chinaDate } from '@anxin/shared';
import type { AppDeps } from '../src/deps';
import {
  actorOf,
  CORE_USERS,
  DEMO_PASSWORD,
  SeedWriter,
  seedTownsAndUsers,
  seedUserId,
} from '../src/services/seed/seed';

/**
 * The small known data set every API test (and the web sync engine's tests) starts from:
 * the 14 towns, the five DESIGN.md users (password `anxin-demo`), and five cases.
 */
export const TEST_CASES = {
  /** office intake in choucheng, assigned to officer.choucheng → status `assigned`, version 2. */
  chouchengAssigned: 'test-case-choucheng-1',
  /** created by officer.choucheng on site → status `in_progress`, version 1. */
  chouchengOwn: 'test-case-choucheng-2',
  /** office intake in fotang, assigned to officer.fotang → `assigned`, version 2. */
  fotangAssigned: 'test-case-fotang-1',
  /** office intake in beiyuan (inspector.1's town, no officer) → `received`, version 1. */
  beiyuanReceived: 'test-case-beiyuan-1',
  /** office intake in jiangdong (no field user sees it) → `received`, version 1. */
  jiangdongReceived: 'test-case-jiangdong-1',
} as const;

export const TEST_USERS = {
  officerChoucheng: { username: 'officer.choucheng', id: seedUserId('officer.choucheng') },
  officerFotang: { username: 'officer.fotang', id: seedUserId('officer.fotang') },
  inspector: { username: 'inspector.1', id: seedUserId('inspector.1') },
  office: { username: 'office.1', id: seedUserId('office.1') },
  admin: { username: 'admin', id: seedUserId('admin') },
} as const;

export const TEST_PASSWORD = DEMO_PASSWORD;

/** A valid case.create args body for a town (used by the fixture and handy in tests). */
export function sampleCaseArgs(id: string, townId: string, n = 1) {
  return {
    id,
    townId,
    source: 'walk_in' as const,
    employer: {
      name: `义乌市测试${n}号电子有限公司`,
      creditCode: '91330782MA2E9XNL0D',
      contactName: '周经理',
      contactPhone: '13857900000',
      address: '浙江省义乌市工人北路1号',
    },
    claimants: [
      {
        name: `工人${n}`,
        mobile: '13800138000',
        idNumber: '110101199003070011',
        homeProvince: '贵州',
        owedFen: 500_000,
      },
    ],
    workersCount: 1,
    description: '离职后工资未结清',
  };
}

/**
 * The first day of the month `months` from today, China calendar: a due date an instalment
 * may have (the rules want it after the day of the agreement).
 */
export function firstOfMonthAhead(months: number): string {
  const d = new Date(`${chinaDate(Date.now())}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months, 1);
  return d.toISOString().slice(0, 10);
}

/**
 * A valid mediation record held a minute ago (inside any device's window since its last
 * contact), failed, nothing agreed; tests override what they are about.
 */
export function sampleMediationArgs(id: string, caseId: string, overrides: object = {}) {
  return {
    id,
    caseId,
    heldAt: new Date(Date.now() - 60_000).toISOString(),
    place: '企业会议室',
    attendees: [{ name: '工人甲', role: 'worker' }],
    facts: '',
    terms: '',
    amountAgreedFen: 0,
    amountPaidOnSiteFen: 0,
    instalments: [] as Array<{ dueDate: string; amountFen: number }>,
    outcome: 'failed',
    signatures: {},
    photoHashes: [] as string[],
    ...overrides,
  };
}

export async function seedTestFixture(deps: AppDeps): Promise<void> {
  await seedTownsAndUsers(deps, CORE_USERS, TEST_PASSWORD);
  const office = await actorOf(deps, 'office.1');
  const officer = await actorOf(deps, 'officer.choucheng');
  const w = new SeedWriter(deps, 'seed-test');
  const t = deps.now().getTime() - 3600_000;
  await w.apply(office, t, {
    name: 'case.create',
    args: sampleCaseArgs(TEST_CASES.chouchengAssigned, 'choucheng', 1),
  });
  await w.apply(office, t, {
    name: 'case.assign',
    args: {
      id: TEST_CASES.chouchengAssigned,
      townId: 'choucheng',
      assignedOfficerId: TEST_USERS.officerChoucheng.id,
    },
    baseVersion: 1,
  });
  await w.apply(officer, t, {
    name: 'case.create',
    args: sampleCaseArgs(TEST_CASES.chouchengOwn, 'choucheng', 2),
  });
  await w.apply(office, t, {
    name: 'case.create',
    args: sampleCaseArgs(TEST_CASES.fotangAssigned, 'fotang', 3),
  });
  await w.apply(office, t, {
    name: 'case.assign',
    args: {
      id: TEST_CASES.fotangAssigned,
      townId: 'fotang',
      assignedOfficerId: TEST_USERS.officerFotang.id,
    },
    baseVersion: 1,
  });
  await w.apply(office, t, {
    name: 'case.create',
    args: sampleCaseArgs(TEST_CASES.beiyuanReceived, 'beiyuan', 4),
  });
  await w.apply(office, t, {
    name: 'case.create',
    args: sampleCaseArgs(TEST_CASES.jiangdongReceived, 'jiangdong', 5),
  });
}
