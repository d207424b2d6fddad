import type { PushResponse } from '@anxin/shared';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { sampleCaseArgs, type TestApi } from '../../../test-support';
import { forEachDialect, useTestApi } from '../../../test-support/suite';
import { rejectText } from '../../mutations/messages';

/**
 * A push runs in one transaction (on PostgreSQL, one per run up to each new case) with a
 * savepoint per mutation (push.ts): each mutation must still be all or nothing with its
 * idempotency record, events and feed entries.
 */

function create(id: string) {
  return { id: `m-${id}`, name: 'case.create', args: sampleCaseArgs(id, 'choucheng') };
}

async function send(t: TestApi, token: string, clientId: string, mutations: unknown[]) {
  return t.api(token, 'POST', '/api/sync/push', { clientId, mutations });
}

async function countWhere(
  t: TestApi,
  table: 'cases' | 'case_events' | 'change_feed' | 'mutation_log',
  column: 'id' | 'case_id' | 'mutation_id',
  value: string,
): Promise<number> {
  const r = await sql<{
    n: number | string;
  }>`select count(*) as n from ${sql.table(table)} where ${sql.ref(column)} = ${value}`.execute(
    t.db,
  );
  return Number(r.rows[0]!.n);
}

/** Makes the database refuse the event of one case: the failure lands mid-mutation. */
async function failEventsOf(t: TestApi, caseId: string): Promise<() => Promise<void>> {
  if (t.dialect === 'sqlite') {
    await sql
      .raw(
        `create trigger fail_event before insert on case_events when new.case_id = '${caseId}'
         begin select raise(abort, 'injected failure'); end`,
      )
      .execute(t.db);
    return async () => {
      await sql`drop trigger fail_event`.execute(t.db);
    };
  }
  await sql
    .raw(
      `create function fail_event() returns trigger language plpgsql as $$
       begin
         if new.case_id = '${caseId}' then raise exception 'injected failure'; end if;
         return new;
       end $$`,
    )
    .execute(t.db);
  await sql
    .raw(
      'create trigger fail_event before insert on case_events for each row execute function fail_event()',
    )
    .execute(t.db);
  return async () => {
    await sql`drop trigger fail_event on case_events`.execute(t.db);
    await sql`drop function fail_event()`.execute(t.db);
  };
}

forEachDialect('push batch: one transaction, a savepoint per mutation', (dialect) => {
  const get = useTestApi(dialect, { log: () => {} });

  it('a rejected mutation does not stop the batch; every result is logged once', async () => {
    const t = get();
    const token = await t.login('officer.choucheng');
    const bad = { id: 'm-bad-update', name: 'case.update', args: { id: 'nope' }, baseVersion: 1 };
    const res = await send(t, token, 'dev-batch-1', [
      create('bat-case-0001'),
      bad,
      create('bat-case-0002'),
    ]);
    expect(res.status).toBe(200);
    const { results } = (await res.json()) as PushResponse;
    expect(results.map((r) => r.status)).toEqual(['applied', 'rejected', 'applied']);
    for (const id of ['m-bat-case-0001', 'm-bad-update', 'm-bat-case-0002']) {
      expect(await countWhere(t, 'mutation_log', 'mutation_id', id)).toBe(1);
    }
    expect(await countWhere(t, 'cases', 'id', 'bat-case-0002')).toBe(1);
  });

  it('a mutation failing half-way leaves no trace; those before it stay, a re-send applies the rest once', async () => {
    const t = get();
    const token = await t.login('officer.choucheng');
    const batch = [create('bat-case-0011'), create('bat-case-0012'), create('bat-case-0013')];
    const heal = await failEventsOf(t, 'bat-case-0012');

    const failed = await send(t, token, 'dev-batch-2', batch);
    expect(failed.status).toBe(500);
    // The one before the failure is committed with its event, feed entries and log record.
    expect(await countWhere(t, 'cases', 'id', 'bat-case-0011')).toBe(1);
    expect(await countWhere(t, 'case_events', 'case_id', 'bat-case-0011')).toBe(1);
    expect(await countWhere(t, 'mutation_log', 'mutation_id', 'm-bat-case-0011')).toBe(1);
    const feedOfFirst = await countWhere(t, 'change_feed', 'case_id', 'bat-case-0011');
    expect(feedOfFirst).toBeGreaterThan(0);
    // The failing one wrote its case and feed entries before its event failed: all undone.
    expect(await countWhere(t, 'cases', 'id', 'bat-case-0012')).toBe(0);
    expect(await countWhere(t, 'change_feed', 'case_id', 'bat-case-0012')).toBe(0);
    expect(await countWhere(t, 'mutation_log', 'mutation_id', 'm-bat-case-0012')).toBe(0);
    expect(await countWhere(t, 'cases', 'id', 'bat-case-0013')).toBe(0);

    await heal();
    const again = await send(t, token, 'dev-batch-2', batch);
    expect(again.status).toBe(200);
    const { results } = (await again.json()) as PushResponse;
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    for (const id of ['bat-case-0011', 'bat-case-0012', 'bat-case-0013']) {
      expect(await countWhere(t, 'cases', 'id', id)).toBe(1);
      expect(await countWhere(t, 'case_events', 'case_id', id)).toBe(1);
      expect(await countWhere(t, 'mutation_log', 'mutation_id', `m-${id}`)).toBe(1);
    }
    expect(await countWhere(t, 'change_feed', 'case_id', 'bat-case-0011')).toBe(feedOfFirst);
  });

  it('mutations written together answer as one by one: gapless numbers, a repeated id, a refused create', async () => {
    const t = get();
    const token = await t.login('officer.choucheng');
    const outOfScope = {
      id: 'm-bat-case-0032',
      name: 'case.create',
      args: sampleCaseArgs('bat-case-0032', 'fotang'),
    };
    const editOfRefused = {
      id: 'm-bat-upd-0032',
      name: 'case.update',
      args: { id: 'bat-case-0032', patch: { workersCount: 3 } },
      baseVersion: 1,
    };
    const res = await send(t, token, 'dev-batch-4', [
      create('bat-case-0031'),
      create('bat-case-0031'),
      outOfScope,
      editOfRefused,
      create('bat-case-0033'),
    ]);
    expect(res.status).toBe(200);
    const { results } = (await res.json()) as PushResponse;
    expect(results.map((r) => r.status)).toEqual([
      'applied',
      'applied',
      'rejected',
      'rejected',
      'applied',
    ]);
    // The edit of a case whose create was refused earlier in the same push says so.
    expect([
      rejectText('dependsOnRejectedCreate', 'zh'),
      rejectText('dependsOnRejectedCreate', 'en'),
    ]).toContain(results[3]!.error?.message);
    expect(await countWhere(t, 'mutation_log', 'mutation_id', 'm-bat-case-0031')).toBe(1);
    expect(await countWhere(t, 'case_events', 'case_id', 'bat-case-0031')).toBe(1);
    expect(await countWhere(t, 'cases', 'id', 'bat-case-0032')).toBe(0);
    const nos = await t.db
      .selectFrom('cases')
      .select(['id', 'case_no'])
      .where('id', 'in', ['bat-case-0031', 'bat-case-0033'])
      .orderBy('id')
      .execute();
    const seqOf = (no: string) => Number(no.slice(-6));
    expect(seqOf(nos[1]!.case_no)).toBe(seqOf(nos[0]!.case_no) + 1);
    const counter = await t.db
      .selectFrom('case_counters')
      .select(['last_no'])
      .where('year', '=', Number(nos[1]!.case_no.slice(3, 7)))
      .executeTakeFirstOrThrow();
    expect(Number(counter.last_no)).toBe(seqOf(nos[1]!.case_no));
  });

  it('a failed run numbers no case: the next create takes the number after the last kept one', async () => {
    const t = get();
    const token = await t.login('officer.choucheng');
    const heal = await failEventsOf(t, 'bat-case-0042');
    const failed = await send(t, token, 'dev-batch-5', [
      create('bat-case-0041'),
      create('bat-case-0042'),
    ]);
    expect(failed.status).toBe(500);
    await heal();
    const again = await send(t, token, 'dev-batch-5', [
      create('bat-case-0041'),
      create('bat-case-0042'),
    ]);
    expect(again.status).toBe(200);
    const nos = await t.db
      .selectFrom('cases')
      .select(['id', 'case_no'])
      .where('id', 'in', ['bat-case-0041', 'bat-case-0042'])
      .orderBy('id')
      .execute();
    expect(Number(nos[1]!.case_no.slice(-6))).toBe(Number(nos[0]!.case_no.slice(-6)) + 1);
  });

  if (dialect === 'postgres') {
    it('commits where a streak of new cases ends and keeps what follows under one transaction id, so the watermark holds it together', async () => {
      const t = get();
      const token = await t.login('officer.choucheng');
      const res = await send(t, token, 'dev-batch-3', [
        create('bat-case-0021'),
        {
          id: 'm-bat-upd-0021',
          name: 'case.update',
          args: { id: 'bat-case-0021', patch: { workersCount: 3 } },
          baseVersion: 1,
        },
        create('bat-case-0022'),
        create('bat-case-0023'),
      ]);
      expect(res.status).toBe(200);
      const rows = await t.db
        .selectFrom('change_feed')
        .select(['case_id', 'xid'])
        .where('case_id', 'in', ['bat-case-0021', 'bat-case-0022', 'bat-case-0023'])
        .orderBy('seq')
        .execute();
      const xidOf = (caseId: string) => [
        ...new Set(rows.filter((r) => r.case_id === caseId).map((r) => r.xid)),
      ];
      // 0021: created (commit: an edit follows), then edited in the next transaction together
      // with the creations of 0022 and 0023, which come in a row and share its commit.
      const [created21, edited21] = xidOf('bat-case-0021');
      expect(xidOf('bat-case-0021')).toHaveLength(2);
      expect(xidOf('bat-case-0022')).toEqual([edited21]);
      expect(xidOf('bat-case-0023')).toEqual([edited21]);
      expect(created21).not.toBe(edited21);
    });
  }
});
