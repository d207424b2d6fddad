import {
  allowedTransitions,
  CASE_OUTCOMES,
  CASE_STATUSES,
  type Case,
  MUTATION_ARGS,
  type MutationName,
  maskCase,
  maskResidentId,
  type Role,
} from '@anxin/shared';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lookupCase } from '../../api/src/repositories/cases';
import { sampleCaseArgs, startTestApi, TEST_USERS, type TestApi } from '../../api/test-support';
import { stripLocal, tryApply } from '../../web/src/data/apply';
import { composeCase } from '../../web/src/data/rebuild';
import type { LocalCase, OutboxItem } from '../../web/src/data/types';

/**
 * Device path = server path. A case mutation is one rule (shared/src/mutators); the device
 * runs it on its copy to show the change at once and to refuse what cannot apply, the
 * server runs it for real. Random histories of edits, moves, assignments and reviews by
 * officers, an inspector and the office go through both: the device's decision (apply or
 * refuse) must be the server's, and after every step the device's view — server copy at
 * the start plus every accepted mutation replayed, exactly as web/src/data/rebuild.ts
 * builds it — must equal the server's row but for what only the server makes.
 */

const SEED = process.env.MUTATORS_SEED
  ? Number(process.env.MUTATORS_SEED)
  : Math.floor(Math.random() * 2 ** 31);
const RUNS = Number(process.env.MUTATORS_RUNS ?? 200);

/** What only the server makes: its number, its versions, and when it last wrote the row. */
const SERVER_ONLY: readonly (keyof Case)[] = ['caseNo', 'version', 'updatedAt'];

interface Person {
  username: string;
  id: string;
  role: Role;
  /** The units the person may touch (office: every one). */
  townIds: readonly string[] | 'all';
}

const PEOPLE: readonly Person[] = [
  { ...TEST_USERS.officerChoucheng, role: 'officer', townIds: ['choucheng'] },
  { ...TEST_USERS.officerFotang, role: 'officer', townIds: ['fotang'] },
  { ...TEST_USERS.inspector, role: 'inspector', townIds: ['choucheng', 'fotang', 'beiyuan'] },
  { ...TEST_USERS.office, role: 'office', townIds: 'all' },
];

/** Where a case may be assigned, with the officers who work there. */
const ASSIGNABLE: ReadonlyArray<{ townId: string; officers: readonly (string | null)[] }> = [
  { townId: 'choucheng', officers: [TEST_USERS.officerChoucheng.id, null] },
  { townId: 'fotang', officers: [TEST_USERS.officerFotang.id, null] },
  { townId: 'beiyuan', officers: [null] },
];

type Step =
  | { kind: 'update'; who: number; patch: Record<string, unknown> }
  | { kind: 'transition'; who: number; pick: number; args: Record<string, unknown> }
  | { kind: 'assign'; who: number; place: number; officer: number }
  | {
      kind: 'review';
      who: number;
      decision: 'approve' | 'return' | 'undo_approve';
      comment: string | undefined;
    };

const who = fc.integer({ min: 0, max: PEOPLE.length - 1 });

const claimantsArb = fc.array(
  fc.record({
    owedFen: fc.integer({ min: 0, max: 2_000_000 }),
    // Some periods end after "today": wages cannot be owed for work not yet done.
    periodTo: fc.constantFrom('2026-03-31', '2026-05-31', '2026-07-31'),
  }),
  { minLength: 1, maxLength: 3 },
);

const patchArb = fc
  .record(
    {
      description: fc.constantFrom('拖欠三个月工资', '老板失联', '已部分支付'),
      workersCount: fc.integer({ min: 1, max: 4 }),
      needsAssistance: fc.boolean(),
      claimants: claimantsArb,
    },
    { requiredKeys: [] },
  )
  .filter((p) => Object.keys(p).length > 0);

const transitionArb = fc.record(
  {
    to: fc.constantFrom(...CASE_STATUSES),
    outcome: fc.constantFrom(...CASE_OUTCOMES),
    recoveredFen: fc.integer({ min: 0, max: 3_000_000 }),
    amountOverrideReason: fc.constantFrom('含经济补偿金', '利息'),
    comment: fc.constantFrom('已联系企业负责人', '  '),
    transferTarget: fc.constantFrom('arbitration' as const, 'enforcement' as const),
  },
  { requiredKeys: ['to'] },
);

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('update' as const), who, patch: patchArb }),
  fc.record({
    kind: fc.constant('transition' as const),
    who,
    pick: fc.nat({ max: 11 }),
    args: transitionArb,
  }),
  fc.record({
    kind: fc.constant('assign' as const),
    who,
    place: fc.integer({ min: 0, max: ASSIGNABLE.length - 1 }),
    officer: fc.integer({ min: 0, max: 1 }),
  }),
  fc.record({
    kind: fc.constant('review' as const),
    who,
    // Undoing an approval too: the simulated clock runs minutes per step, so some undos land
    // inside the 10-minute window and some outside it, and one just inside by the device's
    // clock can reach the server just after (see serverJudging below).
    decision: fc.constantFrom('approve' as const, 'return' as const, 'undo_approve' as const),
    comment: fc.option(fc.constantFrom('材料不全，请补充', '同意结案'), { nil: undefined }),
  }),
);

/** A valid resident ID number (GB 11643 check digit) no other claimant has. */
function residentIdFor(run: number, index: number): string {
  const month = String((run % 12) + 1).padStart(2, '0');
  const day = String((index % 28) + 1).padStart(2, '0');
  const body = `3307821990${month}${day}${String(run % 1000).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((acc, d, i) => acc + Number(d) * weights[i]!, 0);
  return body + '10X98765432'[sum % 11]!;
}

function seenIdNumber(idNumber: string | undefined): string | undefined {
  if (idNumber === undefined) return undefined;
  return idNumber.includes('*') ? idNumber : maskResidentId(idNumber);
}

/**
 * Who takes the step: mostly someone whose work it is (the desk assigns and reviews, field
 * staff of the case's unit edit and move it), sometimes whoever was drawn, so that both
 * paths also refuse a role its move alike.
 */
function personFor(step: Step, view: Case): Person {
  const drawn = PEOPLE[step.who]!;
  if (step.who === 0) return drawn;
  const office = PEOPLE.find((p) => p.role === 'office')!;
  if (step.kind === 'assign' || step.kind === 'review') return office;
  const field = PEOPLE.filter(
    (p) => p.role !== 'office' && p.townIds !== 'all' && p.townIds.includes(view.townId),
  );
  return field[step.who % Math.max(field.length, 1)] ?? drawn;
}

const START_MS = Date.parse('2026-06-10T01:00:00.000Z');
/** How long after doing a thing the device syncs it. */
const SYNC_DELAY_MS = 40_000;

describe('shared mutators: the device path and the server path agree', () => {
  let api: TestApi;
  let clock = START_MS;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    // The simulated clock runs on for every run and every shrink step (days in all): the
    // sessions signed in once here must outlive it, or a shrink ends on an expired token.
    api = await startTestApi({ now: () => new Date(clock), sessionDays: 3650 });
    for (const p of PEOPLE) tokens.set(p.username, await api.login(p.username));
  });
  afterAll(async () => {
    await api.close();
  });

  const serverRow = async (id: string): Promise<Case> => {
    const found = await lookupCase(api.db, api.dialect, { all: true }, id);
    if (found.kind !== 'found') throw new Error(`case ${id} is not on the server`);
    return found.stored.case;
  };

  let pushSeq = 0;
  const push = async (p: Person, item: OutboxItem) => {
    pushSeq += 1;
    // The device syncs a little after it did the thing: the server must date it by the
    // envelope's occurredAt, as the device's view does, not by when the push arrived.
    clock += SYNC_DELAY_MS;
    const res = await api.api(tokens.get(p.username)!, 'POST', '/api/sync/push', {
      clientId: `mutators-${p.id}`,
      mutations: [
        {
          id: item.id,
          name: item.name,
          args: item.args,
          ...(item.baseVersion !== undefined ? { baseVersion: item.baseVersion } : {}),
          // As the device sends it: the time it applied the mutation to its own view.
          occurredAt: item.createdAt,
        },
      ],
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      results: Array<{ status: string; error?: { code: string; fields?: Record<string, string> } }>;
    };
    return body.results[0]!;
  };

  const itemOf = (p: Person, name: MutationName, args: unknown, baseVersion?: number) => {
    const item: OutboxItem = {
      id: `m${pushSeq}-${Math.random().toString(36).slice(2, 12)}`,
      name,
      args,
      entityId: String((args as { id: string }).id),
      createdAt: new Date(clock).toISOString(),
      actorId: p.id,
      actorRole: p.role,
      attempts: 0,
    };
    if (baseVersion !== undefined) item.baseVersion = baseVersion;
    return item;
  };

  const argsOf = (step: Step, view: Case, run: number): { name: MutationName; args: unknown } => {
    switch (step.kind) {
      case 'update': {
        const patch = { ...step.patch };
        if (Array.isArray(patch.claimants)) {
          patch.claimants = (patch.claimants as Array<{ owedFen: number; periodTo: string }>).map(
            (c, i) => ({
              name: `工人${i + 1}`,
              mobile: `1380013800${i}`,
              // A device holds ID numbers masked and sends them back so; the server keeps
              // the number on file behind the mask. A new claimant's number is typed in full.
              idNumber: seenIdNumber(view.claimants[i]?.idNumber) ?? residentIdFor(run, i),
              homeProvince: '贵州',
              owedFen: c.owedFen,
              periodFrom: '2026-01-01',
              periodTo: c.periodTo,
            }),
          );
        }
        return { name: 'case.update', args: { id: view.id, patch } };
      }
      case 'transition': {
        // Mostly a move the table offers this person from where the case is (as the
        // screens do), sometimes any status at all: both paths must refuse those alike.
        const offered = allowedTransitions(PEOPLE[step.who]!.role, view.status, 'case.transition');
        const to =
          step.pick % 4 !== 0 && offered.length > 0
            ? offered[step.pick % offered.length]!.to
            : step.args.to;
        return { name: 'case.transition', args: { id: view.id, ...step.args, to } };
      }
      case 'assign': {
        const place = ASSIGNABLE[step.place]!;
        const officer = place.officers[step.officer % place.officers.length] ?? null;
        return {
          name: 'case.assign',
          args: { id: view.id, townId: place.townId, assignedOfficerId: officer },
        };
      }
      case 'review':
        return {
          name: 'case.review',
          args: {
            id: view.id,
            decision: step.decision,
            ...(step.comment !== undefined ? { comment: step.comment } : {}),
          },
        };
    }
  };

  // Compared as a device sees them: ID numbers masked (see shared/src/domain/masking.ts).
  const comparable = (c: Case): Record<string, unknown> => {
    const out: Record<string, unknown> = {
      ...maskCase(stripLocal(c as LocalCase), 'officer', 'pull'),
    };
    for (const f of SERVER_ONLY) delete out[f];
    return out;
  };

  /**
   * The mutation as the server judges it. Every move is dated by the device's occurredAt,
   * but whether an approval may still be undone is judged by the server's clock when the
   * push arrives (api/src/mutations/case-review.ts): the same shared rule at that time.
   */
  const serverJudging = (item: OutboxItem): OutboxItem => {
    const undo =
      item.name === 'case.review' &&
      (item.args as { decision?: string }).decision === 'undo_approve';
    if (!undo) return item;
    return { ...item, createdAt: new Date(clock + SYNC_DELAY_MS).toISOString() };
  };

  const tally = { applied: 0, refused: 0, invalid: 0, lateUndo: 0, reached: new Set<string>() };

  it(`agree on every step of random histories (seed ${SEED}, ${RUNS} runs)`, async () => {
    let runNo = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...PEOPLE.filter((p) => p.townIds === 'all' || p.role === 'officer')),
        fc.array(stepArb, { minLength: 1, maxLength: 20 }),
        async (creator, steps) => {
          runNo += 1;
          clock += 10 * 60_000;
          const id = `mut-${SEED}-${runNo}-${Math.random().toString(36).slice(2, 8)}`;
          const townId = creator.townIds === 'all' ? 'beiyuan' : creator.townIds[0]!;
          const create = itemOf(creator, 'case.create', {
            ...sampleCaseArgs(id, townId, runNo),
            receivedAt: new Date(clock).toISOString(),
          });
          const local = tryApply(null, create, { userId: creator.id, role: creator.role });
          expect(local.ok).toBe(true);
          expect((await push(creator, create)).status).toBe('applied');
          const start = await serverRow(id);
          expect(comparable(start)).toEqual(comparable(composeCase(null, [create])!));

          const accepted: OutboxItem[] = [];
          for (const step of steps) {
            clock += 2 * 60_000;
            const view = composeCase(start, accepted)!;
            const person = personFor(step, view);
            // A device holds only the cases of its user's units; out of scope it has no
            // case to change, and the server answers "not found" (checked elsewhere).
            if (person.townIds !== 'all' && !person.townIds.includes(view.townId)) continue;
            const { name, args: raw } = argsOf(step, view, runNo);
            const server = await serverRow(id);
            // The device validates with the shared schema before the rule (as the server
            // does): what the schema refuses is never queued, and the server says invalid.
            const parsed = MUTATION_ARGS[name].safeParse(raw);
            if (!parsed.success) {
              const answer = await push(person, itemOf(person, name, raw, server.version));
              expect(answer.status).toBe('rejected');
              expect(answer.error?.code).toBe('invalid');
              tally.invalid += 1;
              continue;
            }
            const args = parsed.data;
            const item = itemOf(person, name, args, server.version);
            const actor = { userId: person.id, role: person.role };
            const device = tryApply(view, item, actor);
            const expected = tryApply(view, serverJudging(item), actor);
            const answer = await push(person, item);
            if (device.ok && !expected.ok) {
              // The device showed the undo; the server, whose clock keeps the window, found
              // it too late. Same rule, later clock: the server's refusal is the rule's.
              expect(answer.status).toBe('rejected');
              expect(answer.error?.code).toBe(expected.refusal.code);
              tally.lateUndo += 1;
            } else if (device.ok) {
              expect(
                answer,
                `${name} ${JSON.stringify(args)} by ${person.role}: ${JSON.stringify(answer.error)}`,
              ).toMatchObject({
                status: 'applied',
              });
              accepted.push(item);
              tally.applied += 1;
              tally.reached.add(`${name}→${composeCase(start, accepted)!.status}`);
            } else {
              tally.refused += 1;
              expect(answer.status, `${name} ${JSON.stringify(args)} by ${person.role}`).toBe(
                'rejected',
              );
              expect(answer.error?.code).toBe(device.refusal.code);
              expect(Object.keys(answer.error?.fields ?? {}).sort()).toEqual(
                Object.keys(device.refusal.fields ?? {}).sort(),
              );
            }
            const after = await serverRow(id);
            expect(comparable(composeCase(start, accepted)!)).toEqual(comparable(after));
          }
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
    // The histories must reach the moves that matter, not only refusals.
    console.log(
      `mutators: ${tally.applied} applied, ${tally.refused} refused by the rule, ${tally.invalid} by the schema, ${tally.lateUndo} undos too late by the server's clock; reached ${[...tally.reached].sort().join(', ')}`,
    );
    expect(tally.applied).toBeGreaterThan(tally.refused / 4);
  });
});
