import type {
  AdminUser,
  AuditEntry,
  LoginResponse,
  OneTimePasswordAnswer,
  Unit,
} from '@anxin/shared';
import { expect, it } from 'vitest';
import { TEST_CASES, TEST_USERS } from '../test-support';
import {
  forEachDialect,
  jsonOf,
  pullAll,
  pushOne,
  replay,
  useTestApi,
} from '../test-support/suite';

// 2026-12-31 10:00 in China: late enough for an agreement of 2026-12-30.
const NOW = Date.parse('2026-12-31T02:00:00.000Z');

const ROLES = ['officer.choucheng', 'inspector.1', 'office.1'] as const;

forEachDialect('administration', (dialect) => {
  const get = useTestApi(dialect, { now: () => new Date(NOW) });

  async function signIn(username: string, password: string) {
    return get().fetch('/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
  }

  async function createOfficer(admin: string, unitIds: string[], username = 'officer.new1') {
    const res = await get().api(admin, 'POST', '/api/admin/users', {
      username,
      displayName: '新来的劳资专员',
      role: 'officer',
      unitIds,
      mobile: '13905791234',
    });
    expect(res.status, await res.clone().text()).toBe(201);
    return jsonOf<OneTimePasswordAnswer>(res);
  }

  it('only admin reaches /api/admin/*: 401 without a session, 403 for every other role', async () => {
    const t = get();
    const calls: Array<[string, string, unknown?]> = [
      ['GET', '/api/admin/users'],
      [
        'POST',
        '/api/admin/users',
        { username: 'x.y.z', displayName: 'X', role: 'office', unitIds: [] },
      ],
      ['PATCH', `/api/admin/users/${TEST_USERS.officerFotang.id}`, { disabled: true }],
      ['POST', `/api/admin/users/${TEST_USERS.officerFotang.id}/password-reset`, {}],
      ['POST', '/api/admin/units', { name: '某国企', kind: 'soe' }],
      ['PATCH', '/api/admin/units/jiangdong', { active: false }],
      ['GET', '/api/admin/calendar'],
      ['GET', '/api/admin/calendar/2027'],
      ['PUT', '/api/admin/calendar/2027', { holidays: ['2027-01-01'], makeupWorkdays: [] }],
    ];
    const tokens = await Promise.all(ROLES.map((u) => t.login(u)));
    for (const [method, path, body] of calls) {
      expect((await t.api(null, method, path, body)).status, `anonymous ${method} ${path}`).toBe(
        401,
      );
      for (const [i, token] of tokens.entries()) {
        const res = await t.api(token, method, path, body);
        expect(res.status, `${ROLES[i]} ${method} ${path}`).toBe(403);
      }
    }
    // Nothing any of those refused calls asked for happened.
    const fotang = await t.db
      .selectFrom('users')
      .select(['disabled', 'must_change_password'])
      .where('id', '=', TEST_USERS.officerFotang.id)
      .executeTakeFirstOrThrow();
    expect(fotang).toEqual({ disabled: 0, must_change_password: 0 });
    expect(await t.db.selectFrom('work_calendars').select('year').execute()).toEqual([
      { year: 2026 },
    ]);
    const admin = await t.login('admin');
    for (const [method, path, body] of calls.filter(([m]) => m === 'GET')) {
      expect((await t.api(admin, method, path, body)).status, `admin ${method} ${path}`).toBe(200);
    }
  });

  it('an SOE officer: created with a one-time password, must change it, then sees only that unit', async () => {
    const t = get();
    const admin = await t.login('admin');
    const office = await t.login('office.1');
    const units = await jsonOf<{ units: Unit[] }>(await t.api(office, 'GET', '/api/units'));
    const soe = units.units.find((u) => u.kind === 'soe')!;
    expect(soe).toMatchObject({ active: true });
    // Old clients still get the list, every unit included.
    const towns = await jsonOf<{ towns: Array<{ id: string }> }>(
      await t.api(office, 'GET', '/api/towns'),
    );
    expect(towns.towns.map((u) => u.id)).toContain(soe.id);

    const created = await createOfficer(admin, [soe.id]);
    expect(created.oneTimePassword).toMatch(/^[A-Za-z2-9]{12}$/);
    expect(created.user).toMatchObject({
      username: 'officer.new1',
      role: 'officer',
      unitIds: [soe.id],
      townIds: [soe.id],
      mustChangePassword: true,
      disabled: false,
    });

    const first = await signIn('officer.new1', created.oneTimePassword);
    expect(first.status).toBe(200);
    const login = await jsonOf<LoginResponse>(first);
    expect(login.mustChangePassword).toBe(true);
    for (const path of ['/api/sync/pull', '/api/cases', '/api/units']) {
      const res = await t.api(login.token, 'GET', path);
      expect(res.status, path).toBe(403);
      expect((await jsonOf<{ error: { code: string } }>(res)).error.code).toBe(
        'password_change_required',
      );
    }
    expect((await t.api(login.token, 'GET', '/api/auth/me')).status).toBe(200);

    // The rules, field by field, in Chinese.
    const rules: Array<[string, string]> = [
      ['short-pw', '密码至少 10 位'],
      ['officer.new1', '密码不能与用户名相同'],
      ['officer.new1123', '密码不能与用户名相同'],
      ['1234567890', '这个密码太常见，容易被猜中，请换一个'],
      ['aaaaaaaaaaaa', '这个密码太常见，容易被猜中，请换一个'],
    ];
    for (const [next, message] of rules) {
      const res = await t.api(login.token, 'POST', '/api/auth/password', {
        current: created.oneTimePassword,
        next,
      });
      expect(res.status, next).toBe(400);
      expect(
        (await jsonOf<{ error: { fields: Record<string, string> } }>(res)).error.fields,
      ).toEqual({
        next: message,
      });
    }
    const wrong = await t.api(login.token, 'POST', '/api/auth/password', {
      current: 'not-the-password',
      next: 'Fen-to-yuan-2027',
    });
    expect(
      (await jsonOf<{ error: { fields: Record<string, string> } }>(wrong)).error.fields,
    ).toEqual({ current: '当前密码不正确' });

    const changed = await t.api(login.token, 'POST', '/api/auth/password', {
      current: created.oneTimePassword,
      next: 'Fen-to-yuan-2027',
    });
    expect(changed.status).toBe(200);
    const fresh = await jsonOf<LoginResponse>(changed);
    expect(fresh.mustChangePassword).toBeUndefined();
    // The one-time session ended with the change; the new one works.
    expect((await t.api(login.token, 'GET', '/api/auth/me')).status).toBe(401);
    expect((await signIn('officer.new1', created.oneTimePassword)).status).toBe(401);
    expect((await signIn('officer.new1', 'Fen-to-yuan-2027')).status).toBe(200);

    // The office dispatches an intake case to the SOE unit; the new officer sees it and
    // nothing else.
    const assigned = await pushOne(t, office, {
      name: 'case.assign',
      args: {
        id: TEST_CASES.jiangdongReceived,
        townId: soe.id,
        assignedOfficerId: created.user.id,
      },
      baseVersion: 1,
    });
    expect(assigned.status, JSON.stringify(assigned)).toBe('applied');
    const state = replay((await pullAll(t, fresh.token)).changes);
    const cases = [...state.keys()].filter((k) => k.startsWith('case:'));
    expect(cases).toEqual([`case:${TEST_CASES.jiangdongReceived}`]);
    // Every device learns every unit's name and the loaded calendar years.
    expect(state.get(`unit:${soe.id}`)).toMatchObject({ name: soe.name, kind: 'soe' });
    expect(state.get('calendar:2026')).toMatchObject({ year: 2026 });
    expect((await t.api(fresh.token, 'GET', `/api/cases/${TEST_CASES.chouchengOwn}`)).status).toBe(
      404,
    );
  });

  it('disabling ends every session at once with account_disabled; enabling does not revive them', async () => {
    const t = get();
    const admin = await t.login('admin');
    const fotang = await t.login('officer.fotang');
    const second = await t.login('officer.fotang');
    expect((await t.api(fotang, 'GET', '/api/sync/pull')).status).toBe(200);

    const res = await t.api(admin, 'PATCH', `/api/admin/users/${TEST_USERS.officerFotang.id}`, {
      disabled: true,
    });
    expect(res.status).toBe(200);
    expect((await jsonOf<{ user: AdminUser }>(res)).user.disabled).toBe(true);
    for (const token of [fotang, second]) {
      const pull = await t.api(token, 'GET', '/api/sync/pull');
      expect(pull.status).toBe(401);
      expect((await jsonOf<{ error: { code: string } }>(pull)).error.code).toBe('account_disabled');
    }
    // A disabled account cannot sign in, and the answer does not say whether it exists.
    const again = await signIn('officer.fotang', 'anxin-demo');
    expect(again.status).toBe(401);
    expect((await jsonOf<{ error: { code: string } }>(again)).error.code).toBe('unauthorized');

    await t.api(admin, 'PATCH', `/api/admin/users/${TEST_USERS.officerFotang.id}`, {
      disabled: false,
    });
    const old = await t.api(fotang, 'GET', '/api/sync/pull');
    expect(old.status).toBe(401);
    expect((await jsonOf<{ error: { code: string } }>(old)).error.code).toBe('unauthorized');
    expect((await signIn('officer.fotang', 'anxin-demo')).status).toBe(200);

    // An admin cannot lock themselves out.
    const self = await t.api(admin, 'PATCH', `/api/admin/users/${TEST_USERS.admin.id}`, {
      disabled: true,
    });
    expect(self.status).toBe(400);
  });

  it('a password reset gives a new one-time password and ends the old sessions', async () => {
    const t = get();
    const admin = await t.login('admin');
    const fotang = await t.login('officer.fotang');
    const res = await t.api(
      admin,
      'POST',
      `/api/admin/users/${TEST_USERS.officerFotang.id}/password-reset`,
      {},
    );
    expect(res.status).toBe(200);
    const reset = await jsonOf<OneTimePasswordAnswer>(res);
    expect(reset.user.mustChangePassword).toBe(true);
    expect((await t.api(fotang, 'GET', '/api/auth/me')).status).toBe(401);
    expect((await signIn('officer.fotang', 'anxin-demo')).status).toBe(401);
    const login = await jsonOf<LoginResponse>(
      await signIn('officer.fotang', reset.oneTimePassword),
    );
    expect(login.mustChangePassword).toBe(true);
  });

  it('changing an officer’s units takes effect at the next pull, as removals', async () => {
    const t = get();
    const admin = await t.login('admin');
    const officer = await t.login('officer.choucheng');
    const before = await pullAll(t, officer);
    expect(replay(before.changes).has(`case:${TEST_CASES.chouchengOwn}`)).toBe(true);
    const res = await t.api(admin, 'PATCH', `/api/admin/users/${TEST_USERS.officerChoucheng.id}`, {
      unitIds: ['fotang'],
    });
    expect(res.status).toBe(200);
    const after = await pullAll(t, officer, before.cursor);
    const removed = after.changes
      .filter((c) => c.op === 'remove')
      .map((c) => `${c.entity}:${c.id}`);
    expect(removed).toContain(`case:${TEST_CASES.chouchengOwn}`);
    const state = replay([...before.changes, ...after.changes]);
    expect(state.has(`case:${TEST_CASES.chouchengOwn}`)).toBe(false);
    expect(state.has(`case:${TEST_CASES.fotangAssigned}`)).toBe(true);
  });

  it('refuses bad input field by field and changes nothing', async () => {
    const t = get();
    const admin = await t.login('admin');
    const countUsers = async () =>
      Number(
        (
          await t.db
            .selectFrom('users')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const users = await countUsers();
    const cases: Array<[unknown, Record<string, string>]> = [
      [
        { username: 'A B', displayName: '', role: 'boss', unitIds: [] },
        {
          username: '用户名应为 3–40 位小写字母、数字、点、下划线或连字符',
          displayName: '必填',
          role: '不是可选的值',
        },
      ],
      [
        { username: 'officer.x', displayName: '某人', role: 'officer', unitIds: [] },
        { unitIds: '街镇劳动保障员和监察员至少要属于一个承办单位' },
      ],
      [
        { username: 'office.x', displayName: '某人', role: 'office', unitIds: ['fotang'] },
        { unitIds: '市局人员和系统管理员可查看全部单位，不能指定所属单位' },
      ],
      [
        { username: 'officer.y', displayName: '某人', role: 'officer', unitIds: ['nowhere'] },
        { 'unitIds.0': '没有这个承办单位' },
      ],
      [
        { username: 'officer.fotang', displayName: '重名', role: 'officer', unitIds: ['fotang'] },
        { username: '用户名已被使用' },
      ],
    ];
    for (const [body, fields] of cases) {
      const res = await t.api(admin, 'POST', '/api/admin/users', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(
        (await jsonOf<{ error: { fields: Record<string, string> } }>(res)).error.fields,
      ).toEqual(fields);
    }
    expect(await countUsers()).toBe(users);
  });

  it('a unit with open cases cannot be deactivated, and says how many', async () => {
    const t = get();
    const admin = await t.login('admin');
    const res = await t.api(admin, 'PATCH', '/api/admin/units/choucheng', { active: false });
    expect(res.status).toBe(409);
    const body = await jsonOf<{
      error: { code: string; message: string; meta: { openCases: number } };
    }>(res);
    expect(body.error.code).toBe('conflict');
    expect(body.error.meta.openCases).toBe(2);
    expect(body.error.message).toContain('2 件未办结案件');
    const unit = await t.db
      .selectFrom('units')
      .selectAll()
      .where('id', '=', 'choucheng')
      .executeTakeFirstOrThrow();
    expect(unit.active).toBe(1);

    // A new unit, renamed, then deactivated (no cases): it takes no new cases after that.
    const created = await jsonOf<{ unit: Unit }>(
      await t.api(admin, 'POST', '/api/admin/units', {
        id: 'soe-water',
        name: '义乌市水务集团',
        kind: 'soe',
      }),
    );
    expect(created.unit).toEqual({
      id: 'soe-water',
      name: '义乌市水务集团',
      kind: 'soe',
      active: true,
    });
    const renamed = await t.api(admin, 'PATCH', '/api/admin/units/soe-water', {
      name: '义乌市水务建设集团',
    });
    expect((await jsonOf<{ unit: Unit }>(renamed)).unit.name).toBe('义乌市水务建设集团');
    expect(
      (await t.api(admin, 'PATCH', '/api/admin/units/soe-water', { active: false })).status,
    ).toBe(200);
    const office = await t.login('office.1');
    const refused = await pushOne(t, office, {
      name: 'case.assign',
      args: { id: TEST_CASES.beiyuanReceived, townId: 'soe-water', assignedOfficerId: null },
      baseVersion: 1,
    });
    expect(refused.status).toBe('rejected');
    expect(refused.error?.fields).toHaveProperty('townId');
    const dup = await t.api(admin, 'POST', '/api/admin/units', {
      id: 'soe-water',
      name: '又一个',
      kind: 'soe',
    });
    expect(dup.status).toBe(400);
  });

  it('records every change in the audit trail with actor, before → after, never a password', async () => {
    const t = get();
    const admin = await t.login('admin');
    const created = await createOfficer(admin, ['soe-chengtou'], 'officer.audited');
    await t.api(admin, 'PATCH', `/api/admin/users/${created.user.id}`, {
      displayName: '改过名的专员',
      unitIds: ['soe-chengtou', 'soe-jiaotou'],
    });
    const reset = await jsonOf<OneTimePasswordAnswer>(
      await t.api(admin, 'POST', `/api/admin/users/${created.user.id}/password-reset`, {}),
    );
    await t.api(admin, 'PATCH', '/api/admin/units/soe-jiaotou', { name: '交旅集团' });
    await t.api(admin, 'PUT', '/api/admin/calendar/2027', {
      holidays: ['2027-01-01', '2027-01-02', '2027-01-03'],
      makeupWorkdays: [],
    });

    // The office audit view shows the same entries.
    const { entries } = await jsonOf<{ entries: AuditEntry[] }>(
      await t.api(await t.login('office.1'), 'GET', '/api/office/audit'),
    );
    const mine = entries.filter((e) => e.actorId === TEST_USERS.admin.id).reverse();
    expect(mine.map((e) => e.action)).toEqual([
      'user.create',
      'user.update',
      'user.passwordReset',
      'unit.update',
      'calendar.put',
    ]);
    expect(mine[1]!.detail).toMatchObject({
      targetId: created.user.id,
      before: { displayName: '新来的劳资专员', unitIds: ['soe-chengtou'] },
      after: { displayName: '改过名的专员', unitIds: ['soe-chengtou', 'soe-jiaotou'] },
    });
    expect(mine[3]!.detail).toMatchObject({
      before: { name: '义乌市交通旅游产业发展集团' },
      after: { name: '交旅集团' },
    });
    expect(mine[0]!.actorName).toBe('系统管理员');
    const text = JSON.stringify(entries);
    expect(text).not.toContain(created.oneTimePassword);
    expect(text).not.toContain(reset.oneTimePassword);
    expect(text).not.toContain('scrypt$');
  });

  it('the insurance due date needs the year’s calendar: calendar_missing, then 2027-01-05 once loaded', async () => {
    const t = get();
    const officer = await t.login('officer.choucheng');
    const office = await t.login('office.1');
    const admin = await t.login('admin');
    const caseId = TEST_CASES.chouchengOwn;
    const claim = { id: 'claim-year-end-1', caseId, amountFen: 500_000 };
    expect(
      (
        await pushOne(t, officer, {
          name: 'case.transition',
          args: { id: caseId, to: 'insurance_advance', comment: '企业已停产，无力支付' },
          baseVersion: 1,
        })
      ).status,
    ).toBe('applied');
    expect((await pushOne(t, officer, { name: 'insurance.start', args: claim })).status).toBe(
      'applied',
    );
    const approve = {
      name: 'insurance.approve',
      args: { id: claim.id, agreementDate: '2026-12-30' },
    };
    const missing = await pushOne(t, office, approve);
    expect(missing.status).toBe('rejected');
    expect(missing.error).toMatchObject({
      code: 'calendar_missing',
      message: '2027 年节假日安排尚未录入',
      fields: { agreementDate: '2027 年节假日安排尚未录入' },
      meta: { year: 2027 },
    });

    // Bad calendars are refused field by field.
    const bad = await t.api(admin, 'PUT', '/api/admin/calendar/2027', {
      holidays: ['2027-01-01', '2026-12-31', '2027-01-01'],
      makeupWorkdays: ['2027-01-01', '2027-01-06'],
    });
    expect(bad.status).toBe(400);
    expect((await jsonOf<{ error: { fields: Record<string, string> } }>(bad)).error.fields).toEqual(
      {
        'holidays.1': '日期不在这一年内',
        'holidays.2': '日期重复',
        'makeupWorkdays.0': '同一天不能既是节假日又是调休上班日',
        'makeupWorkdays.1': '调休上班日应为周六或周日（工作日本来就上班）',
      },
    );

    const put = await t.api(admin, 'PUT', '/api/admin/calendar/2027', {
      holidays: ['2027-01-03', '2027-01-01', '2027-01-02'],
      makeupWorkdays: [],
    });
    expect(put.status).toBe(200);
    expect(await jsonOf<{ holidays: string[]; loaded: boolean }>(put)).toMatchObject({
      loaded: true,
      holidays: ['2027-01-01', '2027-01-02', '2027-01-03'],
    });
    expect(await jsonOf<{ years: number[] }>(await t.api(office, 'GET', '/api/calendar'))).toEqual({
      years: [2026, 2027],
    });
    const approved = await pushOne(t, office, { ...approve, id: 'approve-after-load' });
    expect(approved.status, JSON.stringify(approved)).toBe('applied');
    const claims = await jsonOf<{ claims: Array<{ dueDate: string }> }>(
      await t.api(office, 'GET', '/api/insurance/claims'),
    );
    expect(claims.claims[0]!.dueDate).toBe('2027-01-05');
    // Devices receive the new year through pull.
    const state = replay((await pullAll(t, officer)).changes);
    expect(state.get('calendar:2027')).toEqual({
      year: 2027,
      holidays: ['2027-01-01', '2027-01-02', '2027-01-03'],
      makeupWorkdays: [],
    });
  });
});
