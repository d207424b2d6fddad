import type { Case, CaseEvent, Dashboard } from '@anxin/shared';
import { chinaDate, eventNotes, noteText } from '@anxin/shared';
import { expect, it } from 'vitest';
import { sampleCaseArgs, sampleMediationArgs, TEST_CASES } from '../test-support';
import { forEachDialect, jsonOf, pushOne, snapshotCounts, useTestApi } from '../test-support/suite';

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
    const events = await jsonOf<{ events: CaseEvent[] }>(
      await t.api(officer, 'GET', `/api/cases/${id}/events`),
    );
    expect(eventNotes(events.events.at(-1)!.changes)).toEqual([
      { key: 'note.recoveredOverOwed', params: { reason: '含逾期三个月的利息' } },
    ]);
    const office = await t.login('office.1');
    const dash = await jsonOf<Dashboard>(await t.api(office, 'GET', '/api/dashboard'));
    expect(dash.totals.recoveredFen).toBe(520_000);
  });

  it('an agreement far above what is owed is refused; worker counts stay plausible', async () => {
    const t = get();
    const officer = await t.login('officer.choucheng');
    const mediation = sampleMediationArgs('mediation-too-much-1', TEST_CASES.chouchengOwn, {
      amountAgreedFen: 10_000_000_000,
      outcome: 'agreed',
    });
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

  it('device-given action times stand only between its last contact − 5 min and now; the event says when one was moved', async () => {
    const t = get();
    const officer = await t.login('officer.choucheng');
    const mediation = (
      id: string,
      heldAt: string,
      instalments: Array<{ dueDate: string; amountFen: number }>,
    ) =>
      sampleMediationArgs(id, TEST_CASES.chouchengOwn, {
        heldAt,
        amountAgreedFen: 200_000,
        amountPaidOnSiteFen: instalments.length > 0 ? 0 : 200_000,
        instalments,
        outcome: 'agreed',
      });
    // Three days ahead of the server, or 2099: the agreement is dated now, and says so.
    for (const [id, heldAt] of [
      ['mediation-future-1', new Date(Date.now() + 3 * 86_400_000).toISOString()],
      ['mediation-future-2', '2099-01-01T00:00:00.000Z'],
    ] as const) {
      const r = await pushOne(t, officer, {
        name: 'mediation.record',
        args: mediation(id, heldAt, []),
      });
      expect(r.status).toBe('applied');
      const row = await t.db
        .selectFrom('mediations')
        .select('data')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      const stored = JSON.parse(row.data) as { heldAt: string };
      expect(Date.parse(stored.heldAt)).toBeLessThanOrEqual(Date.now());
      expect(Date.now() - Date.parse(stored.heldAt)).toBeLessThan(60_000);
    }
    const events = await jsonOf<{ events: CaseEvent[] }>(
      await t.api(officer, 'GET', `/api/cases/${TEST_CASES.chouchengOwn}/events`),
    );
    const notes = eventNotes(events.events.at(-1)!.changes);
    expect(notes.map((n) => noteText(n, 'zh')).join('；')).toMatch(
      /调解时间 2099-01-01 08:00 晚于服务器时间/,
    );
    expect(notes.map((n) => noteText(n, 'en')).join('; ')).toContain(
      'The time of the mediation the device gave, 2099-01-01 08:00, was later than the server clock',
    );

    // Instalments due in 1900 or ten years on are refused, field by field.
    const today = chinaDate(Date.now());
    for (const dueDate of ['1900-01-01', `${Number(today.slice(0, 4)) + 10}-01-01`]) {
      const r = await pushOne(t, officer, {
        name: 'mediation.record',
        args: mediation(`mediation-due-${dueDate}`, new Date().toISOString(), [
          { dueDate, amountFen: 200_000 },
        ]),
      });
      expect(r.status, dueDate).toBe('rejected');
      expect(r.error?.fields).toEqual({
        'instalments.0.dueDate': '分期付款日期应在调解当天至其后 5 年之内',
      });
    }

    // A wage period in the future is no wage owed.
    const r = await pushOne(t, officer, {
      name: 'case.create',
      args: {
        ...sampleCaseArgs('case-future-period', 'choucheng', 78),
        claimants: [
          {
            ...sampleCaseArgs('x', 'choucheng', 78).claimants[0]!,
            periodFrom: '2026-01-01',
            periodTo: `${Number(today.slice(0, 4)) + 1}-01-31`,
          },
        ],
      },
    });
    expect(r.status).toBe('rejected');
    expect(r.error?.fields).toEqual({ 'claimants.0.periodTo': '欠薪期间不能晚于今天' });
  });
});
