import type { Case, InstalmentPayment, PushResult } from '@anxin/shared';
import { chinaDate } from '@anxin/shared';
import { expect, it } from 'vitest';
import { firstOfMonthAhead, sampleMediationArgs, TEST_CASES } from '../../test-support';
import {
  forEachDialect,
  getCase,
  pullAll,
  pushOne,
  replay,
  useTestApi,
} from '../../test-support/suite';

const expectApplied = (r: PushResult) => expect(r.status, JSON.stringify(r.error)).toBe('applied');

forEachDialect('instalment.record', (dialect) => {
  const get = useTestApi(dialect);
  const caseId = TEST_CASES.chouchengOwn;
  const today = chinaDate(Date.now());

  async function caseOf(token: string): Promise<Case> {
    const t = get();
    return ((await (await getCase(t, token, caseId)).json()) as { case: Case }).case;
  }

  /** The officer's own case settled in two instalments, the first due today, and closed. */
  async function closedWithInstalments() {
    const t = get();
    const officer = await t.login('officer.choucheng');
    const office = await t.login('office.1');
    expectApplied(
      await pushOne(t, officer, {
        name: 'mediation.record',
        args: sampleMediationArgs('med-inst-1', caseId, {
          outcome: 'agreed',
          amountAgreedFen: 500_000,
          instalments: [
            { dueDate: today, amountFen: 200_000 },
            { dueDate: firstOfMonthAhead(2), amountFen: 300_000 },
          ],
        }),
      }),
    );
    expectApplied(
      await pushOne(t, officer, {
        name: 'case.transition',
        args: { id: caseId, to: 'resolved', outcome: 'instalments', recoveredFen: 0 },
        baseVersion: (await caseOf(officer)).version,
      }),
    );
    expectApplied(
      await pushOne(t, office, {
        name: 'case.review',
        args: { id: caseId, decision: 'approve' },
        baseVersion: (await caseOf(office)).version,
      }),
    );
    return { t, officer, office };
  }

  const missed = {
    id: 'inst-check-0001',
    caseId,
    mediationId: 'med-inst-1',
    dueDate: '',
    outcome: 'missed',
    date: '',
    amountFen: 0,
  };

  it('a missed instalment puts the closed case back in review, keeping its resolution day', async () => {
    const { t, officer, office } = await closedWithInstalments();
    const before = await caseOf(office);
    expect(before.status).toBe('closed');
    const sms = async () =>
      (await t.db.selectFrom('sms_outbox').select('id').where('case_id', '=', caseId).execute())
        .length;
    const smsBefore = await sms();

    const args = { ...missed, dueDate: today, date: today };
    expectApplied(await pushOne(t, officer, { name: 'instalment.record', args }));
    const after = await caseOf(office);
    expect(after).toMatchObject({
      status: 'resolved',
      closedAt: null,
      resolvedAt: before.resolvedAt,
    });
    // The workers were told when it was resolved; reopening it tells them nothing new.
    expect(await sms()).toBe(smsBefore);

    // The same check again (another sync) is already done; other content under its id is not.
    expectApplied(await pushOne(t, officer, { name: 'instalment.record', args }));
    const changed = await pushOne(t, officer, {
      name: 'instalment.record',
      args: { ...args, amountFen: 100 },
    });
    expect(changed.error?.code).toBe('conflict');

    // Every device in the town receives the check beside the case.
    const state = replay((await pullAll(t, office)).changes);
    expect(state.get(`instalment:${args.id}`) as InstalmentPayment).toMatchObject({
      caseId,
      dueDate: today,
      outcome: 'missed',
      version: 1,
    });
    const events = await t.db
      .selectFrom('case_events')
      .select(['name', 'comment'])
      .where('case_id', '=', caseId)
      .where('name', '=', 'instalment.record')
      .execute();
    expect(events).toHaveLength(1);
    expect(events[0]?.comment).toContain(`分期 ${today}：未支付`);
  });

  it('refuses by the shared rule: not yet due, paid short, an instalment the agreement lacks', async () => {
    const { t, officer } = await closedWithInstalments();
    const later = firstOfMonthAhead(2);
    const early = await pushOne(t, officer, {
      name: 'instalment.record',
      args: { ...missed, dueDate: later, date: today },
    });
    expect(early.status).toBe('rejected');
    expect(Object.keys(early.error?.fields ?? {})).toEqual(['date']);
    const short = await pushOne(t, officer, {
      name: 'instalment.record',
      args: {
        ...missed,
        id: 'inst-check-0002',
        dueDate: today,
        date: today,
        outcome: 'paid',
        amountFen: 100,
      },
    });
    expect(Object.keys(short.error?.fields ?? {})).toEqual(['amountFen']);
    const unknown = await pushOne(t, officer, {
      name: 'instalment.record',
      args: { ...missed, id: 'inst-check-0003', dueDate: '2020-01-01', date: today },
    });
    expect(unknown.status).toBe('rejected');
    // Paid: the case stays closed.
    expectApplied(
      await pushOne(t, officer, {
        name: 'instalment.record',
        args: {
          ...missed,
          id: 'inst-check-0004',
          dueDate: today,
          date: today,
          outcome: 'paid',
          amountFen: 200_000,
        },
      }),
    );
    expect((await caseOf(officer)).status).toBe('closed');
  });
});
