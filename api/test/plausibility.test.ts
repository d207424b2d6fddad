import type { Case, Dashboard } from '@anxin/shared';
import { expect, it } from 'vitest';
import { sampleCaseArgs, TEST_CASES } from '../test-support';
import { forEachDialect, jsonOf, pushOne, snapshotCounts, useTestApi } from './helpers';

/**
 * Values a device may send that no real case has: amounts far above what is owed (they
 * reach the worker's SMS and the dashboard), impossible worker counts, names that look the
 * same but are stored differently.
 */
forEachDialect('plausibility', (dialect) => {
  const get = useTestApi(dialect);

  it('a case owed ¥5,000 cannot be resolved as ¥100,000,000 recovered without a stated reason', async () => {
    const t = get();
    const officer = await t.login('officer.choucheng');
    const id = TEST_CASES.chouchengOwn; // one claimant, owed 500_000 fen
    const before = await snapshotCounts(t);
    const huge = await pushOne(t, officer, {
      name: 'case.transition',
      args: { id, to: 'resolved', outcome: 'paid_in_full', recoveredFen: 10_000_000_000 },
      baseVersion: 1,
    });
    expect(huge.status).toBe('rejected');
    expect(huge.error?.fields).toEqual({
      recoveredFen: '金额超过欠薪总额；如含利息、赔偿金等，请在“超出原因”中写明（至少 4 个字）',
    });
    expect(await snapshotCounts(t)).toEqual(before);
    // No SMS with the absurd amount was queued, and the dashboard adds nothing.
    const sms = await t.db.selectFrom('sms_outbox').selectAll().where('case_id', '=', id).execute();
    expect(sms).toEqual([]);

    // A real exception: interest on top, with the reason on the case's timeline.
    const withInterest = await pushOne(t, officer, {
      name: 'case.transition',
      args: {
        id,
        to: 'resolved',
        outcome: 'paid_in_full',
        recoveredFen: 520_000,
        amountOverrideReason: '含逾期三个月的利息',
      },
      baseVersion: 1,
    });
    expect(withInterest.status).toBe('applied');
    const events = await jsonOf<{ events: Array<{ comment: string | null }> }>(
      await t.api(officer, 'GET', `/api/cases/${id}/events`),
    );
    expect(events.events.at(-1)!.comment).toContain('含逾期三个月的利息');
    const office = await t.login('office.1');
    const dash = await jsonOf<Dashboard>(await t.api(office, 'GET', '/api/dashboard'));
    expect(dash.totals.recoveredFen).toBe(520_000);
  });

  it('an agreement far above what is owed is refused; worker counts stay plausible', async () => {
    const t = get();
    const officer = await t.login('officer.choucheng');
    const mediation = {
      id: 'mediation-too-much-1',
      caseId: TEST_CASES.chouchengOwn,
      heldAt: new Date(Date.now() - 3600_000).toISOString(),
      place: '企业会议室',
      attendees: [{ name: '工人甲', role: 'worker' }],
      facts: '',
      terms: '',
      amountAgreedFen: 10_000_000_000,
      amountPaidOnSiteFen: 0,
      instalments: [],
      outcome: 'agreed',
      signatures: {},
      photoHashes: [],
    };
    const r = await pushOne(t, officer, { name: 'mediation.record', args: mediation });
    expect(r.status).toBe('rejected');
    expect(Object.keys(r.error?.fields ?? {})).toEqual(['amountAgreedFen']);
    expect(
      await t.db.selectFrom('mediations').select('id').where('id', '=', mediation.id).execute(),
    ).toEqual([]);

    const many = await pushOne(t, officer, {
      name: 'case.update',
      args: { id: TEST_CASES.chouchengOwn, patch: { workersCount: 100_000 } },
      baseVersion: 1,
    });
    expect(many.status).toBe('rejected');
    expect(many.error?.fields).toEqual({ 'patch.workersCount': '数值太大' });
  });

  it('names are stored in their normal form, so look-alikes are one name and search finds them', async () => {
    const t = get();
    const officer = await t.login('officer.choucheng');
    const id = 'case-zero-width-1';
    const args = sampleCaseArgs(id, 'choucheng', 77);
    const r = await pushOne(t, officer, {
      name: 'case.create',
      args: {
        ...args,
        employer: { ...args.employer, name: 'ＸＹＺ电子\u200b有限公司' },
        claimants: [{ ...args.claimants[0]!, name: '张\u200b三\u202e' }],
      },
    });
    expect(r.status).toBe('applied');
    const detail = await jsonOf<{ case: Case }>(await t.api(officer, 'GET', `/api/cases/${id}`));
    expect(detail.case.employer.name).toBe('XYZ电子有限公司');
    expect(detail.case.claimants[0]!.name).toBe('张三');
    for (const q of ['张三', '张\u200b三', 'xyz电子']) {
      const list = await jsonOf<{ items: Array<{ id: string }> }>(
        await t.api(officer, 'GET', `/api/cases?q=${encodeURIComponent(q)}`),
      );
      expect(
        list.items.map((i) => i.id),
        q,
      ).toContain(id);
    }
  });
});
