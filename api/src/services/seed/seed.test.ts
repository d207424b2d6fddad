import { afterEach, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../../test-support';
import { seedOnStart } from './seed';

describe('seeding on start', () => {
  let t: TestApi | null = null;
  afterEach(async () => {
    await t?.close();
    t = null;
  });

  it('production on an empty database needs ADMIN_PASSWORD and creates only the admin', async () => {
    t = await startTestApi({ empty: true });
    await expect(seedOnStart(t.deps, { production: true })).rejects.toThrow(/ADMIN_PASSWORD/);
    expect(
      await seedOnStart(t.deps, { production: true, adminPassword: 'a-long-admin-password' }),
    ).toBe('admin');
    const users = await t.db.selectFrom('users').select('username').execute();
    expect(users.map((u) => u.username)).toEqual(['admin']);
    expect(await t.db.selectFrom('cases').select('id').execute()).toEqual([]);
    const login = await t.api(null, 'POST', '/api/auth/login', {
      username: 'admin',
      password: 'a-long-admin-password',
    });
    expect(login.status).toBe(200);
    // Never seeds over existing data, in any mode.
    expect(await seedOnStart(t.deps, { production: false })).toBeNull();
  });

  it('development seeds towns, demo users and cases through the mutation engine', async () => {
    t = await startTestApi({ empty: true });
    expect(await seedOnStart(t.deps, { production: false, demoCases: 40 })).toBe('demo');
    const units = await t.db.selectFrom('units').select(['id', 'kind']).execute();
    // The 14 streets and towns, and at least two state-owned companies, each with an officer.
    expect(units.filter((u) => u.kind !== 'soe')).toHaveLength(14);
    const soe = units.filter((u) => u.kind === 'soe');
    expect(soe.length).toBeGreaterThanOrEqual(2);
    for (const u of soe) {
      const officers = await t.db
        .selectFrom('user_units')
        .innerJoin('users', 'users.id', 'user_units.user_id')
        .select('users.username')
        .where('user_units.unit_id', '=', u.id)
        .where('users.role', '=', 'officer')
        .execute();
      expect(officers, u.id).toHaveLength(1);
    }
    const cases = await t.db
      .selectFrom('cases')
      .select(['id', 'status', 'received_at', 'case_no'])
      .execute();
    expect(cases).toHaveLength(40);
    expect(new Set(cases.map((c) => c.status)).size).toBeGreaterThan(3);
    const oldest = Math.min(...cases.map((c) => Date.parse(c.received_at)));
    expect(Date.now() - oldest).toBeLessThanOrEqual(61 * 86_400_000);
    // Every case has its creation event and feed entry, like any pushed case.
    const creates = await t.db
      .selectFrom('case_events')
      .select('case_id')
      .where('name', '=', 'case.create')
      .execute();
    expect(new Set(creates.map((e) => e.case_id)).size).toBe(40);
    const feed = await t.db
      .selectFrom('change_feed')
      .select('case_id')
      .where('entity', '=', 'case')
      .execute();
    expect(new Set(feed.map((e) => e.case_id)).size).toBe(40);
    for (const u of ['officer.choucheng', 'officer.fotang', 'inspector.1', 'office.1', 'admin']) {
      expect(
        (await t.api(null, 'POST', '/api/auth/login', { username: u, password: 'anxin-demo' }))
          .status,
        u,
      ).toBe(200);
    }
  });
});
