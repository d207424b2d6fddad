import type { Case } from '@anxin/shared';
import { expect, it } from 'vitest';
import { sampleMediationArgs, TEST_CASES } from '../test-support';
import {
  forEachDialect,
  jsonOf,
  pullAll,
  pushOne,
  replay,
  snapshotCounts,
  useTestApi,
} from '../test-support/suite';

/**
 * Answers that could reveal what the caller may not see. Each test performs the attack an
 * independent probe found and asserts the answer no longer depends on the hidden value.
 */

const REAL_ID = '110101199003070011';
// Same region, birth date digits and last four as the real one would need to pass the mask;
// a different birth date: what an attacker steps through.
const WRONG_GUESS = '110101199103070013';

forEachDialect('side channels', (dialect) => {
  const get = useTestApi(dialect);

  async function pulledCase(token: string, id: string): Promise<Case> {
    const res = await get().api(token, 'GET', `/api/cases/${id}`);
    return (await jsonOf<{ case: Case }>(res)).case;
  }

  it('case.update cannot be used to test guesses of a masked ID number (conflict/no-change oracle)', async () => {
    const t = get();
    const officer = await t.login('officer.choucheng');
    const c = await pulledCase(officer, TEST_CASES.chouchengOwn);
    expect(c.claimants[0]!.idNumber).toMatch(/\*/);
    const before = await snapshotCounts(t);
    const answers = [];
    for (const guess of [WRONG_GUESS, REAL_ID]) {
      const r = await pushOne(t, officer, {
        name: 'case.update',
        args: { id: c.id, patch: { claimants: [{ ...c.claimants[0]!, idNumber: guess }] } },
        // baseVersion 0: every field counts as changed on the server since then.
        baseVersion: 0,
      });
      answers.push({ status: r.status, code: r.error?.code, fields: r.error?.fields });
    }
    // The right guess and a wrong guess get the same answer: refused, field by field.
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]).toEqual({
      status: 'rejected',
      code: 'invalid',
      fields: {
        'patch.claimants.0.idNumber':
          '已登记的号码只能按打码形式提交，不能直接改写；如登记有误，请先清空该号码并保存，再填写正确的号码',
      },
    });
    expect(await snapshotCounts(t)).toEqual(before);

    // Sending back the mask as pulled still works, and a conflict answer is masked.
    const masked = await pushOne(t, officer, {
      name: 'case.update',
      args: { id: c.id, patch: { claimants: [{ ...c.claimants[0]!, owedFen: 640_000 }] } },
      baseVersion: 0,
    });
    expect(masked.status).toBe('conflict');
    expect(JSON.stringify(masked.server)).not.toContain(REAL_ID);
    expect((masked.server as Case).claimants[0]!.idNumber).toBe(c.claimants[0]!.idNumber);
  });

  it('a conflict on claimants compares what the caller sees, not the hidden digits', async () => {
    const t = get();
    const officer = await t.login('officer.choucheng');
    const c = await pulledCase(officer, TEST_CASES.chouchengOwn);
    // Same claimants as pulled (masked ID): no conflict even from baseVersion 0, because
    // the caller's copy equals the server's in everything the caller can see.
    const r = await pushOne(t, officer, {
      name: 'case.update',
      args: { id: c.id, patch: { claimants: c.claimants } },
      baseVersion: 0,
    });
    expect(r.status).toBe('applied');
  });

  it('GET /api/cases/duplicates is no unmasking oracle: no masked or partial values, mobiles only for roles that see them, limited and audited', async () => {
    const t = get();
    const admin = await t.login('admin');
    const office = await t.login('office.1');
    // The admin sees masked mobiles everywhere: stepping a mask through the look-up is refused.
    for (const mobile of ['13800138000', '138****8000']) {
      const res = await t.api(admin, 'GET', `/api/cases/duplicates?mobile=${mobile}`);
      expect(res.status, mobile).toBe(403);
    }
    // A masked or partial value is never looked up, for anyone.
    for (const [q, field] of [
      ['mobile=138****8000', 'mobile'],
      ['mobile=1380013', 'mobile'],
      ['idNumber=110101********0011', 'idNumber'],
      ['idNumber=1101011990', 'idNumber'],
    ] as const) {
      const res = await t.api(office, 'GET', `/api/cases/duplicates?${q}`);
      expect(res.status, q).toBe(400);
      expect(Object.keys((await jsonOf<{ error: { fields: object } }>(res)).error.fields)).toEqual([
        field,
      ]);
    }
    // An ID look-up is recorded in the audit trail and on the case it matched.
    const hit = await t.api(office, 'GET', `/api/cases/duplicates?idNumber=${REAL_ID}`);
    expect(hit.status).toBe(200);
    expect((await jsonOf<{ items: Array<{ id: string }> }>(hit)).items.length).toBeGreaterThan(0);
    const audit = await jsonOf<{
      entries: Array<{ action: string; detail: { idNumber: string } }>;
    }>(await t.api(office, 'GET', '/api/office/audit'));
    const lookups = audit.entries.filter((e) => e.action === 'duplicates.idNumberLookup');
    expect(lookups).toHaveLength(1);
    expect(lookups[0]!.detail.idNumber).toBe('110101********0011');
    const events = await jsonOf<{ events: Array<{ name: string; actorId: string }> }>(
      await t.api(office, 'GET', `/api/cases/${TEST_CASES.chouchengOwn}/events`),
    );
    expect(events.events.map((e) => e.name)).toContain('case.lookupIdNumber');

    // Stepping through guesses hits the limit (shared by every instance: it is in the database).
    let limited: Response | null = null;
    for (let i = 0; i < 40 && limited === null; i++) {
      const res = await t.api(office, 'GET', `/api/cases/duplicates?idNumber=${REAL_ID}`);
      if (res.status === 429) limited = res;
      else expect(res.status).toBe(200);
    }
    expect(limited, 'ID look-ups are rate-limited').not.toBeNull();
    expect(Number(limited!.headers.get('Retry-After'))).toBeGreaterThan(0);
  });

  const mediation = (id: string, caseId: string, facts: string) =>
    sampleMediationArgs(id, caseId, { facts });

  it('another town’s mediation record cannot be read through a reused id', async () => {
    const t = get();
    const fotang = await t.login('officer.fotang');
    const choucheng = await t.login('officer.choucheng');
    const secret = '佛堂镇的调解细节：老板承认欠薪十二万';
    const made = await pushOne(t, fotang, {
      name: 'mediation.record',
      args: mediation('mediation-fotang-secret', TEST_CASES.fotangAssigned, secret),
    });
    expect(made.status).toBe('applied');
    // The choucheng officer reuses the id on their own case.
    const r = await pushOne(t, choucheng, {
      name: 'mediation.record',
      args: mediation('mediation-fotang-secret', TEST_CASES.chouchengOwn, 'x'),
    });
    expect(r.status).toBe('rejected');
    expect(r.error?.code).toBe('conflict');
    expect(r.server).toBeUndefined();
    expect(JSON.stringify(r)).not.toContain(secret);
  });

  it('after a case moves out, the old town is told to drop only what it could have held', async () => {
    const t = get();
    const office = await t.login('office.1');
    const choucheng = await t.login('officer.choucheng');
    const fotang = await t.login('officer.fotang');
    const before = await pullAll(t, choucheng);
    const moved = await pushOne(t, office, {
      name: 'case.assign',
      args: { id: TEST_CASES.chouchengOwn, townId: 'fotang', assignedOfficerId: null },
      baseVersion: 1,
    });
    expect(moved.status).toBe('applied');
    // Recorded in the new town after the move: the old town never saw it.
    const late = await pushOne(t, fotang, {
      name: 'mediation.record',
      args: mediation('mediation-after-move', TEST_CASES.chouchengOwn, '移交佛堂后调解'),
    });
    expect(late.status).toBe('applied');
    const after = await pullAll(t, choucheng, before.cursor);
    const removed = after.changes
      .filter((c) => c.op === 'remove')
      .map((c) => `${c.entity}:${c.id}`);
    expect(removed).toContain(`case:${TEST_CASES.chouchengOwn}`);
    expect(removed).not.toContain('mediation:mediation-after-move');
    // Nothing the old town held of the case survives on its device.
    const state = replay([...before.changes, ...after.changes]);
    expect(
      [...state.keys()].filter((k) =>
        JSON.stringify(state.get(k)).includes(TEST_CASES.chouchengOwn),
      ),
    ).toEqual([]);
  });
});
