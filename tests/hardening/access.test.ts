import { createHash } from 'node:crypto';
import {
  MUTATION_NAMES,
  type MutationName,
  type PullResponse,
  type PushResponse,
  type PushResult,
  type Role,
} from '@anxin/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  sampleCaseArgs,
  startTestApi,
  TEST_CASES,
  TEST_USERS,
  type TestApi,
} from '../../api/test-support';
import { dialects, failureCounter, printFigures, snapshot, uid } from './support/harness';
import { mediationArgs } from './support/samples';

/**
 * Who may do what, where: every role × every endpoint and every mutation × a case inside and
 * outside the user's towns. The endpoint list comes from the app's own routing table and the
 * mutation list from MUTATION_NAMES, so a new endpoint or mutation without a row here fails.
 */

type Actor = Role | 'anonymous';
type Scope = 'in' | 'out';

const USERNAME: Record<Role, string> = {
  officer: TEST_USERS.officerChoucheng.username,
  inspector: TEST_USERS.inspector.username,
  office: TEST_USERS.office.username,
  admin: TEST_USERS.admin.username,
};
const ROLES = Object.keys(USERNAME) as Role[];
/** Field roles have towns; desk roles see every town, so they have no "out of scope" cell. */
const FIELD_ROLES: Role[] = ['officer', 'inspector'];
/** officer.choucheng and inspector.1 both work in choucheng; nobody in the field sees jiangdong. */
const IN_TOWN = 'choucheng';
const OUT_TOWN = 'jiangdong';
const WEEK = '2026-11-23';

/**
 * What a push of the mutation must answer for a role on a case in its scope:
 * - applied: the role may do it, and the fresh case is in a state that allows it;
 * - forbidden: the role may never do it (rejected, code forbidden);
 * - visible: the answer depends on the case's state, but scope must not be the reason
 *   (anything except not_found).
 * Out of scope, every mutation for every field role must be rejected not_found/forbidden
 * and change nothing.
 */
type Expect = 'applied' | 'forbidden' | 'visible';
const FIELD: Record<Role, Expect> = {
  officer: 'applied',
  inspector: 'applied',
  office: 'visible',
  admin: 'visible',
};
const DESK: Record<Role, Expect> = {
  officer: 'forbidden',
  inspector: 'forbidden',
  office: 'applied',
  admin: 'applied',
};
const ALL: Record<Role, Expect> = {
  officer: 'applied',
  inspector: 'applied',
  office: 'applied',
  admin: 'applied',
};

const MUTATION_MATRIX: Record<MutationName, Record<Role, Expect>> = {
  'case.create': ALL,
  'case.update': ALL,
  // assigned → in_progress is a field move.
  'case.transition': FIELD,
  'case.assign': DESK,
  // approve needs a resolved case; ours is assigned: refused by state, not by scope.
  'case.review': { officer: 'visible', inspector: 'visible', office: 'visible', admin: 'visible' },
  'mediation.record': {
    officer: 'applied',
    inspector: 'applied',
    office: 'visible',
    admin: 'visible',
  },
  'attachment.link': ALL,
  'visit.plan': {
    officer: 'forbidden',
    inspector: 'applied',
    office: 'forbidden',
    admin: 'forbidden',
  },
  'visit.note': { officer: 'applied', inspector: 'applied', office: 'visible', admin: 'visible' },
  // Needs the case in insurance_advance: refused by state for the fresh case.
  'insurance.start': {
    officer: 'visible',
    inspector: 'visible',
    office: 'visible',
    admin: 'visible',
  },
  'insurance.approve': DESK,
  // On an approved claim; whoever in scope hears of the payment first records it.
  'insurance.paid': ALL,
  'case.link': DESK,
  'case.merge': {
    officer: 'forbidden',
    inspector: 'forbidden',
    office: 'visible',
    admin: 'visible',
  },
  // Needs an agreement with that instalment: refused by state for the fresh case, except
  // for the administrator, who never records payments.
  'instalment.record': {
    officer: 'visible',
    inspector: 'visible',
    office: 'visible',
    admin: 'forbidden',
  },
};

/** Every HTTP route under /api, "METHOD /path", with what each actor gets in and out of scope. */
type RouteCheck = (ctx: Ctx, actor: Actor, scope: Scope) => Promise<void>;
interface Ctx {
  t: TestApi;
  tokens: Record<Role, string>;
  inCase: string;
  outCase: string;
  outCaseNo: string;
  inBlob: string;
  outBlob: string;
  call: (
    actor: Actor,
    method: string,
    path: string,
    body?: unknown,
    type?: string,
  ) => Promise<Response>;
}

const expectStatus = async (res: Response, status: number | number[], what: string) => {
  const ok = Array.isArray(status) ? status : [status];
  expect(
    ok,
    `${what} → ${res.status} ${res.status >= 400 ? await res.clone().text() : ''}`,
  ).toContain(res.status);
};

/**
 * A read of the office/inspector workspace: anonymous 401; each role gets one of its allowed
 * statuses; whatever a field role is shown never contains the case outside its towns.
 */
function scopedRead(
  path: string,
  allowed: { field: number[]; office: number[]; admin: number[] },
): RouteCheck {
  return async (c, a) => {
    const res = await c.call(a, 'GET', path);
    if (a === 'anonymous') return expectStatus(res, 401, `anon ${path}`);
    const ok = FIELD_ROLES.includes(a) ? allowed.field : allowed[a as 'office' | 'admin'];
    await expectStatus(res, ok, `${a} ${path}`);
    const text = await res.text();
    if (res.status === 200 && FIELD_ROLES.includes(a)) {
      expect(text, `${a} ${path} leaks the jiangdong case`).not.toContain(c.outCase);
      expect(text, `${a} ${path} leaks the jiangdong case number`).not.toContain(c.outCaseNo);
    }
  };
}

const CREDIT_CODE = '91330782MA2E9XNL0D';

/**
 * An administration route: 401 without a session, 403 for every role but admin (before
 * anything is read or validated), and for the admin the route's own success status.
 * `request` makes a fresh target each time, since the admin really makes the change.
 */
function adminOnly(
  request: (c: Ctx) => Promise<{ method: string; path: string; body?: unknown }>,
  ok: number,
): RouteCheck {
  return async (c, a) => {
    const r = await request(c);
    const res = await c.call(a, r.method, r.path, r.body);
    const want = a === 'anonymous' ? 401 : a === 'admin' ? ok : 403;
    await expectStatus(res, want, `${a} ${r.method} ${r.path}`);
  };
}

/** A public POST with an empty form: 400 field by field for anyone, never 401 or 403. */
function publicRefusal(path: string): RouteCheck {
  return async (c, a) => expectStatus(await c.call(a, 'POST', path, {}), 400, `${a} ${path}`);
}

/** A throwaway officer for the admin cells that change a user. */
async function throwawayUser(c: Ctx): Promise<string> {
  const res = await c.t.api(c.tokens.admin, 'POST', '/api/admin/users', {
    username: uid('matrix').toLowerCase().slice(0, 40),
    displayName: '矩阵测试',
    role: 'officer',
    unitIds: [IN_TOWN],
  });
  await expectStatus(res, 201, 'throwaway user');
  return ((await res.json()) as { user: { id: string } }).user.id;
}

const ROUTE_MATRIX: Record<string, RouteCheck> = {
  'GET /api/cases/duplicates': scopedRead(`/api/cases/duplicates?creditCode=${CREDIT_CODE}`, {
    field: [403],
    office: [200],
    admin: [200],
  }),
  'GET /api/employers/history': scopedRead(`/api/employers/history?creditCode=${CREDIT_CODE}`, {
    field: [200, 403],
    office: [200],
    admin: [200],
  }),
  'GET /api/exports/cases.csv': scopedRead('/api/exports/cases.csv', {
    field: [200, 403],
    office: [200],
    admin: [200],
  }),
  'GET /api/exports/monthly.xlsx': scopedRead('/api/exports/monthly.xlsx', {
    field: [200, 403],
    office: [200],
    admin: [200],
  }),
  'GET /api/exports/cases.xlsx': scopedRead('/api/exports/cases.xlsx', {
    field: [200, 403],
    office: [200],
    admin: [200],
  }),
  'GET /api/insurance/claims': scopedRead('/api/insurance/claims', {
    field: [200, 403],
    office: [200],
    admin: [200],
  }),
  'GET /api/office/audit': scopedRead('/api/office/audit', {
    field: [403],
    office: [200],
    admin: [200],
  }),
  'GET /api/office/dashboard': scopedRead('/api/office/dashboard', {
    field: [200, 403],
    office: [200],
    admin: [200],
  }),
  'GET /api/office/intake': scopedRead('/api/office/intake', {
    field: [403],
    office: [200],
    admin: [200],
  }),
  'GET /api/visits/plans': scopedRead('/api/visits/plans', {
    field: [200, 403],
    office: [200],
    admin: [200, 403],
  }),
  'GET /api/visits/candidates': scopedRead('/api/visits/candidates', {
    field: [200, 403],
    office: [200, 403],
    admin: [403],
  }),
  'GET /api/health': async (c, a) =>
    expectStatus(await c.call(a, 'GET', '/api/health'), 200, `${a} health`),
  'GET /api/health/live': async (c, a) =>
    expectStatus(await c.call(a, 'GET', '/api/health/live'), 200, `${a} liveness`),
  'GET /api/health/ready': async (c, a) =>
    expectStatus(await c.call(a, 'GET', '/api/health/ready'), 200, `${a} readiness`),
  // The worker's channel (码上办事) has no account: every caller, signed in or not, gets the
  // same answer, and a session is never a key to it.
  'GET /api/public/units': async (c, a) =>
    expectStatus(await c.call(a, 'GET', '/api/public/units'), 200, `${a} public units`),
  'POST /api/public/otp': publicRefusal('/api/public/otp'),
  'POST /api/public/complaints': publicRefusal('/api/public/complaints'),
  'POST /api/public/lookup': publicRefusal('/api/public/lookup'),
  'POST /api/public/rating': publicRefusal('/api/public/rating'),
  'POST /api/public/photos': async (c, a) =>
    expectStatus(await c.call(a, 'POST', '/api/public/photos'), 400, `${a} public photo`),
  'POST /api/auth/login': async (c, a) => {
    if (a === 'anonymous') {
      const bad = await c.call(a, 'POST', '/api/auth/login', {
        username: 'officer.choucheng',
        password: 'wrong-password',
      });
      return expectStatus(bad, 401, 'wrong password');
    }
    const res = await c.call('anonymous', 'POST', '/api/auth/login', {
      username: USERNAME[a],
      password: 'anxin-demo',
    });
    await expectStatus(res, 200, `${a} login`);
    const body = (await res.json()) as { user: { role: string } };
    expect(body.user.role).toBe(a);
  },
  'POST /api/auth/logout': async (c, a) => {
    if (a === 'anonymous')
      return expectStatus(await c.call(a, 'POST', '/api/auth/logout'), 401, 'anon logout');
    // A throwaway session, so the matrix's own tokens stay valid.
    const token = await c.t.login(USERNAME[a]);
    const res = await c.t.api(token, 'POST', '/api/auth/logout');
    await expectStatus(res, 200, `${a} logout`);
    await expectStatus(await c.t.api(token, 'GET', '/api/auth/me'), 401, 'token after logout');
  },
  'GET /api/auth/me': async (c, a) => {
    const res = await c.call(a, 'GET', '/api/auth/me');
    if (a === 'anonymous') return expectStatus(res, 401, 'anon me');
    await expectStatus(res, 200, `${a} me`);
    expect(((await res.json()) as { user: { role: string } }).user.role).toBe(a);
  },
  'POST /api/sync/push': async (c, a, scope) => {
    // Every mutation has its own cells below; here: the route itself needs a session.
    const res = await c.call(a, 'POST', '/api/sync/push', {
      clientId: `route-${a}-${scope}`,
      mutations: [],
    });
    await expectStatus(res, a === 'anonymous' ? 401 : 200, `${a} push`);
  },
  'GET /api/sync/pull': async (c, a) => {
    const res = await c.call(a, 'GET', '/api/sync/pull?limit=2000');
    if (a === 'anonymous') return expectStatus(res, 401, 'anon pull');
    await expectStatus(res, 200, `${a} pull`);
    const ids = new Set<string>();
    let body = (await res.json()) as PullResponse;
    for (;;) {
      for (const ch of body.changes) if (ch.entity === 'case') ids.add(ch.id);
      if (!body.hasMore) break;
      body = (await (
        await c.call(a, 'GET', `/api/sync/pull?limit=2000&cursor=${body.cursor}`)
      ).json()) as PullResponse;
    }
    expect(ids.has(c.inCase), `${a} pulls the in-scope case`).toBe(true);
    expect(ids.has(c.outCase), `${a} pulls the jiangdong case`).toBe(!FIELD_ROLES.includes(a));
  },
  'GET /api/cases': async (c, a) => {
    const res = await c.call(a, 'GET', `/api/cases?townId=${OUT_TOWN}&limit=200`);
    if (a === 'anonymous') return expectStatus(res, 401, 'anon list');
    if (FIELD_ROLES.includes(a)) {
      // Asking for another town's list: refused or empty, never its rows.
      if (res.status !== 200) return expectStatus(res, [403, 404, 400], `${a} list other town`);
      const body = (await res.json()) as { items: Array<{ townId: string }> };
      expect(body.items.filter((i) => i.townId === OUT_TOWN)).toEqual([]);
      return;
    }
    await expectStatus(res, 200, `${a} list`);
    const body = (await res.json()) as { items: Array<{ id: string }> };
    expect(body.items.some((i) => i.id === c.outCase)).toBe(true);
  },
  'GET /api/cases/:id': async (c, a, scope) => {
    const id = scope === 'in' ? c.inCase : c.outCase;
    const res = await c.call(a, 'GET', `/api/cases/${id}`);
    if (a === 'anonymous') return expectStatus(res, 401, 'anon detail');
    await expectStatus(
      res,
      scope === 'out' && FIELD_ROLES.includes(a) ? 404 : 200,
      `${a} detail ${scope}`,
    );
  },
  'GET /api/cases/:id/events': async (c, a, scope) => {
    const id = scope === 'in' ? c.inCase : c.outCase;
    const res = await c.call(a, 'GET', `/api/cases/${id}/events`);
    if (a === 'anonymous') return expectStatus(res, 401, 'anon events');
    await expectStatus(
      res,
      scope === 'out' && FIELD_ROLES.includes(a) ? 404 : 200,
      `${a} events ${scope}`,
    );
  },
  'GET /api/dashboard': async (c, a) => {
    const res = await c.call(a, 'GET', '/api/dashboard');
    if (a === 'anonymous') return expectStatus(res, 401, 'anon dashboard');
    // Field roles may see their own towns' figures or be refused; never a 5xx.
    await expectStatus(res, FIELD_ROLES.includes(a) ? [200, 403] : 200, `${a} dashboard`);
    if (res.status === 200 && FIELD_ROLES.includes(a)) {
      expect(JSON.stringify(await res.json())).not.toContain(OUT_TOWN);
    }
  },
  'PUT /api/blobs/:sha256': async (c, a) => {
    const bytes = new TextEncoder().encode(`%PDF-1.4 ${a} ${uid('blob')}`);
    const sha = createHash('sha256').update(bytes).digest('hex');
    const res = await c.call(a, 'PUT', `/api/blobs/${sha}`, bytes, 'application/pdf');
    await expectStatus(res, a === 'anonymous' ? 401 : 201, `${a} upload`);
  },
  'GET /api/blobs/:sha256': async (c, a, scope) => {
    const res = await c.call(a, 'GET', `/api/blobs/${scope === 'in' ? c.inBlob : c.outBlob}`);
    if (a === 'anonymous') return expectStatus(res, 401, 'anon blob');
    await expectStatus(
      res,
      scope === 'out' && FIELD_ROLES.includes(a) ? 404 : 200,
      `${a} blob ${scope}`,
    );
  },
  'GET /api/units': async (c, a) =>
    expectStatus(await c.call(a, 'GET', '/api/units'), a === 'anonymous' ? 401 : 200, `${a} units`),
  'GET /api/calendar': async (c, a) =>
    expectStatus(
      await c.call(a, 'GET', '/api/calendar'),
      a === 'anonymous' ? 401 : 200,
      `${a} calendar years`,
    ),
  'POST /api/auth/password': async (c, a) => {
    // A wrong current password: 401 without a session, else a field error and no change.
    const res = await c.call(a, 'POST', '/api/auth/password', {
      current: 'not-the-password',
      next: 'a-long-enough-new-one',
    });
    await expectStatus(res, a === 'anonymous' ? 401 : 400, `${a} password change`);
  },
  'GET /api/admin/users': adminOnly(async () => ({ method: 'GET', path: '/api/admin/users' }), 200),
  'POST /api/admin/users': adminOnly(
    async () => ({
      method: 'POST',
      path: '/api/admin/users',
      body: {
        username: uid('new').toLowerCase().slice(0, 40),
        displayName: '新同事',
        role: 'officer',
        unitIds: [IN_TOWN],
      },
    }),
    201,
  ),
  'PATCH /api/admin/users/:id': adminOnly(
    async (c) => ({
      method: 'PATCH',
      path: `/api/admin/users/${await throwawayUser(c)}`,
      body: { displayName: '改名后' },
    }),
    200,
  ),
  'POST /api/admin/users/:id/password-reset': adminOnly(
    async (c) => ({
      method: 'POST',
      path: `/api/admin/users/${await throwawayUser(c)}/password-reset`,
      body: {},
    }),
    200,
  ),
  'POST /api/admin/units': adminOnly(
    async () => ({
      method: 'POST',
      path: '/api/admin/units',
      body: { name: '测试国企', kind: 'soe' },
    }),
    201,
  ),
  'PATCH /api/admin/units/:id': adminOnly(
    async () => ({
      method: 'PATCH',
      path: `/api/admin/units/${OUT_TOWN}`,
      body: { name: '江东街道' },
    }),
    200,
  ),
  'GET /api/admin/calendar': adminOnly(
    async () => ({ method: 'GET', path: '/api/admin/calendar' }),
    200,
  ),
  'GET /api/admin/calendar/:year': adminOnly(
    async () => ({ method: 'GET', path: '/api/admin/calendar/2026' }),
    200,
  ),
  'PUT /api/admin/calendar/:year': adminOnly(
    async () => ({
      method: 'PUT',
      path: '/api/admin/calendar/2030',
      body: { holidays: ['2030-01-01'], makeupWorkdays: [] },
    }),
    200,
  ),
  'GET /api/towns': async (c, a) =>
    expectStatus(await c.call(a, 'GET', '/api/towns'), a === 'anonymous' ? 401 : 200, `${a} towns`),
  'GET /api/users': async (c, a) => {
    const res = await c.call(a, 'GET', '/api/users');
    if (a === 'anonymous') return expectStatus(res, 401, 'anon users');
    await expectStatus(res, 200, `${a} users`);
    const { users } = (await res.json()) as { users: Array<{ townIds: string[]; role: string }> };
    if (FIELD_ROLES.includes(a)) {
      // Colleagues in the user's own towns only.
      for (const u of users)
        expect(
          u.role === 'office' || u.role === 'admin' || u.townIds.some((t) => t !== OUT_TOWN),
        ).toBe(true);
      expect(users.some((u) => u.townIds.length === 1 && u.townIds[0] === OUT_TOWN)).toBe(false);
    }
  },
};

async function pushAs(
  t: TestApi,
  token: string,
  clientId: string,
  m: { name: string; args: unknown; baseVersion?: number },
): Promise<PushResult> {
  const res = await t.api(token, 'POST', '/api/sync/push', {
    clientId,
    mutations: [{ id: uid('acc'), ...m }],
  });
  if (res.status !== 200) throw new Error(`push ${m.name}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as PushResponse).results[0]!;
}

describe.each(dialects())('access matrix on %s', (dialect) => {
  const failed = failureCounter();
  let t: TestApi;
  let ctx: Ctx;
  let cells = 0;
  const office = () => ctx.tokens.office;

  const versionOf = async (id: string) =>
    (
      await t.db
        .selectFrom('cases')
        .select('version')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).version;

  /** A fresh case in `town`, assigned to officer.choucheng when in choucheng (status assigned). */
  const freshCase = async (town: string) => {
    const id = uid('mx');
    expect(
      (
        await pushAs(t, office(), 'matrix-office', {
          name: 'case.create',
          args: sampleCaseArgs(id, town, 9),
        })
      ).status,
    ).toBe('applied');
    const r = await pushAs(t, office(), 'matrix-office', {
      name: 'case.assign',
      args: {
        id,
        townId: town,
        assignedOfficerId: town === IN_TOWN ? TEST_USERS.officerChoucheng.id : null,
      },
      baseVersion: 1,
    });
    expect(r.status, JSON.stringify(r)).toBe('applied');
    return id;
  };

  const uploadBlob = async (token: string) => {
    const bytes = new TextEncoder().encode(`%PDF-1.4 matrix ${uid('b')}`);
    const sha = createHash('sha256').update(bytes).digest('hex');
    const res = await t.fetch(`/api/blobs/${sha}`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/pdf' },
      body: bytes,
    });
    expect(res.status).toBe(201);
    return { sha, size: bytes.length };
  };

  /** A started insurance claim on a case in `town` (made in choucheng, then moved if needed). */
  const freshClaim = async (town: string, approved = false) => {
    const caseId = await freshCase(IN_TOWN);
    const officer = ctx.tokens.officer;
    for (const to of ['in_progress', 'insurance_advance']) {
      const r = await pushAs(t, officer, 'matrix-officer', {
        name: 'case.transition',
        args: { id: caseId, to, comment: '企业无力支付，申请工资保障险垫付' },
        baseVersion: await versionOf(caseId),
      });
      expect(r.status, JSON.stringify(r)).toBe('applied');
    }
    const claimId = uid('clm');
    const r = await pushAs(t, officer, 'matrix-officer', {
      name: 'insurance.start',
      args: { id: claimId, caseId, amountFen: 100_000 },
    });
    expect(r.status, JSON.stringify(r)).toBe('applied');
    if (approved) {
      const ok = await pushAs(t, office(), 'matrix-office', {
        name: 'insurance.approve',
        args: { id: claimId, agreementDate: '2026-11-20' },
      });
      expect(ok.status, JSON.stringify(ok)).toBe('applied');
    }
    if (town !== IN_TOWN) {
      const moved = await pushAs(t, office(), 'matrix-office', {
        name: 'case.assign',
        args: { id: caseId, townId: town, assignedOfficerId: null },
        baseVersion: await versionOf(caseId),
      });
      expect(moved.status, JSON.stringify(moved)).toBe('applied');
    }
    return { caseId, claimId };
  };

  /** The mutation a cell pushes, built against fresh rows so cells do not affect each other. */
  const mutationFor = async (
    name: MutationName,
    town: string,
    // Who will push it: only a blob one uploaded (or can read already) may be linked.
    pusher: string,
  ): Promise<{ name: MutationName; args: unknown; baseVersion?: number }> => {
    switch (name) {
      case 'case.create':
        return { name, args: sampleCaseArgs(uid('mc'), town, 3) };
      case 'case.update': {
        const id = await freshCase(town);
        return {
          name,
          args: { id, patch: { description: '矩阵测试修改' } },
          baseVersion: await versionOf(id),
        };
      }
      case 'case.transition': {
        const id = await freshCase(town);
        return { name, args: { id, to: 'in_progress' }, baseVersion: await versionOf(id) };
      }
      case 'case.assign': {
        const id = await freshCase(town);
        return {
          name,
          args: { id, townId: town, assignedOfficerId: null },
          baseVersion: await versionOf(id),
        };
      }
      case 'case.review': {
        const id = await freshCase(town);
        return { name, args: { id, decision: 'approve' }, baseVersion: await versionOf(id) };
      }
      case 'mediation.record':
        return { name, args: mediationArgs(uid('mm'), await freshCase(town)) };
      case 'attachment.link': {
        const blob = await uploadBlob(pusher);
        return {
          name,
          args: {
            sha256: blob.sha,
            caseId: await freshCase(town),
            kind: 'document',
            mime: 'application/pdf',
            size: blob.size,
          },
        };
      }
      case 'visit.plan':
        return {
          name,
          args: {
            id: uid('vp'),
            weekOf: WEEK,
            visits: [{ townId: town, date: '2026-11-25' }],
            caseIds: [await freshCase(town)],
          },
        };
      case 'visit.note':
        return { name, args: { id: uid('vn'), caseId: await freshCase(town), text: '走访记录' } };
      case 'insurance.start':
        return { name, args: { id: uid('is'), caseId: await freshCase(town), amountFen: 100_000 } };
      case 'insurance.approve':
        return {
          name,
          args: { id: (await freshClaim(town)).claimId, agreementDate: '2026-11-20' },
        };
      case 'insurance.paid':
        return {
          name,
          args: { id: (await freshClaim(town, true)).claimId, paidDate: '2026-11-23' },
        };
      case 'case.link':
        return { name, args: { id: await freshCase(town), otherId: await freshCase(town) } };
      case 'case.merge':
        return { name, args: { id: await freshCase(town), intoId: await freshCase(town) } };
      case 'instalment.record':
        return {
          name,
          args: {
            id: uid('ir'),
            caseId: await freshCase(town),
            mediationId: uid('im'),
            dueDate: '2026-11-20',
            outcome: 'missed',
            date: '2026-11-20',
            amountFen: 0,
          },
        };
    }
  };

  beforeAll(async () => {
    t = await startTestApi({ dialect });
    const tokens = {} as Record<Role, string>;
    for (const r of ROLES) tokens[r] = await t.login(USERNAME[r]);
    ctx = {
      t,
      tokens,
      inCase: TEST_CASES.chouchengAssigned,
      outCase: TEST_CASES.jiangdongReceived,
      outCaseNo: (
        await t.db
          .selectFrom('cases')
          .select('case_no')
          .where('id', '=', TEST_CASES.jiangdongReceived)
          .executeTakeFirstOrThrow()
      ).case_no,
      inBlob: '',
      outBlob: '',
      call: (actor, method, path, body, type) => {
        const headers: Record<string, string> = {};
        if (actor !== 'anonymous') headers.Authorization = `Bearer ${tokens[actor]}`;
        const init: RequestInit = { method, headers };
        if (body instanceof Uint8Array) {
          headers['Content-Type'] = type ?? 'application/octet-stream';
          init.body = new Uint8Array(body);
        } else if (body !== undefined) {
          headers['Content-Type'] = 'application/json';
          init.body = JSON.stringify(body);
        }
        return t.fetch(path, init);
      },
    };
    // One blob attached in choucheng, one in jiangdong: readable only where the case is.
    for (const [key, caseId] of [
      ['inBlob', ctx.inCase],
      ['outBlob', ctx.outCase],
    ] as const) {
      const blob = await uploadBlob(office());
      const r = await pushAs(t, office(), 'matrix-office', {
        name: 'attachment.link',
        args: {
          sha256: blob.sha,
          caseId,
          kind: 'document',
          mime: 'application/pdf',
          size: blob.size,
        },
      });
      expect(r.status).toBe('applied');
      ctx[key] = blob.sha;
    }
  });

  afterAll(async () => {
    printFigures(`access:${dialect}`, { cells, failures: failed.count });
    await t?.close();
  });

  it('every /api route of the app has a row in the matrix, and every row is a route', () => {
    const routes = new Set(
      t.app.routes
        .filter((r) => r.method !== 'ALL' && r.path.startsWith('/api'))
        .map((r) => `${r.method} ${r.path}`),
    );
    expect([...routes].sort()).toEqual(Object.keys(ROUTE_MATRIX).sort());
  });

  it('every mutation has a row in the matrix', () => {
    expect(Object.keys(MUTATION_MATRIX).sort()).toEqual([...MUTATION_NAMES].sort());
  });

  it('every role × every endpoint × in/out of scope', async () => {
    for (const [route, check] of Object.entries(ROUTE_MATRIX)) {
      for (const actor of [...ROLES, 'anonymous'] as Actor[]) {
        for (const scope of ['in', 'out'] as Scope[]) {
          cells++;
          try {
            await check(ctx, actor, scope);
          } catch (err) {
            throw new Error(
              `${route} as ${actor} (${scope} of scope): ${err instanceof Error ? err.message : err}`,
            );
          }
        }
      }
    }
  });

  it.each([...MUTATION_NAMES])(
    '%s: every role in scope gets its answer; out of scope nothing happens',
    async (name) => {
      for (const role of ROLES) {
        cells++;
        const m = await mutationFor(name, IN_TOWN, ctx.tokens[role]);
        const r = await pushAs(t, ctx.tokens[role], `matrix-${role}`, m);
        const expected = MUTATION_MATRIX[name][role];
        const what = `${name} as ${role} in scope: ${JSON.stringify(r).slice(0, 400)}`;
        if (expected === 'applied') expect(r.status, what).toBe('applied');
        else if (expected === 'forbidden') {
          expect(r.status, what).toBe('rejected');
          expect(r.error?.code, what).toBe('forbidden');
        } else expect(r.error?.code, what).not.toBe('not_found');
        if (r.status === 'rejected') expect(r.error?.message.length, what).toBeGreaterThan(0);
      }
      for (const role of FIELD_ROLES) {
        cells++;
        const m = await mutationFor(name, OUT_TOWN, ctx.tokens[role]);
        const before = await snapshot(t.db);
        const r = await pushAs(t, ctx.tokens[role], `matrix-${role}`, m);
        const what = `${name} as ${role} OUT of scope: ${JSON.stringify(r).slice(0, 400)}`;
        expect(r.status, what).toBe('rejected');
        expect(['not_found', 'forbidden'], what).toContain(r.error?.code);
        // Refused without a trace in the data, and without revealing the row.
        expect(r.server, what).toBeUndefined();
        expect(await snapshot(t.db), what).toEqual(before);
      }
    },
  );
});

async function pullAll(t: TestApi, token: string, cursor = '') {
  const changes: PullResponse['changes'] = [];
  for (;;) {
    const res = await t.api(
      token,
      'GET',
      `/api/sync/pull?limit=500${cursor ? `&cursor=${cursor}` : ''}`,
    );
    if (res.status !== 200) return { status: res.status, changes, cursor, body: await res.text() };
    const page = (await res.json()) as PullResponse;
    changes.push(...page.changes);
    cursor = page.cursor;
    if (!page.hasMore) return { status: 200, changes, cursor, body: '' };
  }
}

describe.each(dialects())('users whose scope changes while offline, on %s', (dialect) => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi({ dialect });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('an officer moved to another town: pushes to the old town are refused with a reason, and its data leaves on the next pull', async () => {
    const token = await t.login('officer.choucheng');
    const officerId = TEST_USERS.officerChoucheng.id;
    // The device is in sync with choucheng.
    const first = await pullAll(t, token);
    expect(first.status).toBe(200);
    const held = new Set(
      first.changes.filter((c) => c.entity === 'case' && c.op === 'put').map((c) => c.id),
    );
    expect(held.has(TEST_CASES.chouchengOwn)).toBe(true);
    const version = await t.db
      .selectFrom('cases')
      .select('version')
      .where('id', '=', TEST_CASES.chouchengOwn)
      .executeTakeFirstOrThrow();

    // While the phone is offline, the admin moves the officer to fotang.
    const admin = await t.login('admin');
    const moved = await t.api(admin, 'PATCH', `/api/admin/users/${officerId}`, {
      unitIds: ['fotang'],
    });
    expect(moved.status).toBe(200);
    const before = await snapshot(t.db);

    // Reconnect: the queued edits to the old town's case are refused with a clear reason.
    const res = await t.api(token, 'POST', '/api/sync/push', {
      clientId: 'moved-officer-phone',
      mutations: [
        {
          id: uid('mv'),
          name: 'case.update',
          args: { id: TEST_CASES.chouchengOwn, patch: { description: '离线时的修改' } },
          baseVersion: version.version,
        },
        {
          id: uid('mv'),
          name: 'mediation.record',
          args: mediationArgs(uid('mvm'), TEST_CASES.chouchengOwn),
        },
        { id: uid('mv'), name: 'case.create', args: sampleCaseArgs(uid('mvc'), 'choucheng', 4) },
      ],
    });
    expect(res.status).toBe(200);
    const results = ((await res.json()) as PushResponse).results;
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(results.map((r) => r.error?.code)).toEqual(['not_found', 'not_found', 'forbidden']);
    for (const r of results) expect(r.error?.message).toMatch(/[\u4e00-\u9fff]/);
    expect(await snapshot(t.db)).toEqual(before);

    // The next pull (from the device's cursor) removes every choucheng row the device holds.
    const next = await pullAll(t, token, first.cursor);
    expect(next.status).toBe(200);
    const removed = new Set(
      next.changes.filter((c) => c.entity === 'case' && c.op === 'remove').map((c) => c.id),
    );
    const chouchengHeld = [...held].filter((id) => id.startsWith('test-case-choucheng'));
    expect(chouchengHeld.length).toBeGreaterThan(0);
    expect
      .soft(
        chouchengHeld.filter((id) => !removed.has(id)),
        'choucheng cases the moved officer still holds after the next pull',
      )
      .toEqual([]);
    // And the new town's cases arrive.
    expect(
      next.changes.some(
        (c) => c.entity === 'case' && c.op === 'put' && c.id === TEST_CASES.fotangAssigned,
      ),
    ).toBe(true);
  });

  it('a disabled officer: the session dies at once, with a reason, and nothing is applied', async () => {
    const token = await t.login('officer.fotang');
    await t.db
      .updateTable('users')
      .set({ disabled: 1 })
      .where('id', '=', TEST_USERS.officerFotang.id)
      .execute();
    const before = await snapshot(t.db);
    const push = await t.api(token, 'POST', '/api/sync/push', {
      clientId: 'disabled-officer-phone',
      mutations: [
        {
          id: uid('ds'),
          name: 'case.update',
          args: { id: TEST_CASES.fotangAssigned, patch: { description: '禁用后' } },
          baseVersion: 2,
        },
      ],
    });
    expect(push.status).toBe(401);
    const body = (await push.json()) as { error: { code: string; message: string } };
    expect(body.error.message.length).toBeGreaterThan(0);
    expect((await t.api(token, 'GET', '/api/sync/pull')).status).toBe(401);
    const relogin = await t.api(null, 'POST', '/api/auth/login', {
      username: 'officer.fotang',
      password: 'anxin-demo',
    });
    expect(relogin.status).toBe(401);
    expect(await snapshot(t.db)).toEqual(before);
  });

  it("a token from one user cannot push under another user's clientId", async () => {
    const officer = await t.login('inspector.1');
    const office = await t.login('office.1');
    const clientId = 'phone-of-inspector-1';
    const mutId = uid('own');
    const mine = await t.api(officer, 'POST', '/api/sync/push', {
      clientId,
      mutations: [
        {
          id: mutId,
          name: 'case.update',
          args: { id: TEST_CASES.beiyuanReceived, patch: { description: '督导员修改' } },
          baseVersion: 1,
        },
      ],
    });
    expect(((await mine.json()) as PushResponse).results[0]?.status).toBe('applied');
    const before = await snapshot(t.db);
    // Another user replaying the same mutation id under that device, or pushing new work to it.
    for (const mutations of [
      [
        {
          id: mutId,
          name: 'case.update',
          args: { id: TEST_CASES.beiyuanReceived, patch: { description: '督导员修改' } },
          baseVersion: 1,
        },
      ],
      [
        {
          id: uid('steal'),
          name: 'case.update',
          args: { id: TEST_CASES.jiangdongReceived, patch: { description: '冒名' } },
          baseVersion: 1,
        },
      ],
    ]) {
      const res = await t.api(office, 'POST', '/api/sync/push', { clientId, mutations });
      expect(res.status).toBe(403);
      const text = await res.text();
      expect(text).not.toContain('applied');
      expect((JSON.parse(text) as { error: { code: string } }).error.code).toBe('forbidden');
    }
    expect(await snapshot(t.db)).toEqual(before);
  });
});
