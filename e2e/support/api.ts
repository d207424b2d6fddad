import { randomUUID } from 'node:crypto';
import type { APIRequestContext } from '@playwright/test';
import { uniqueMobile } from './data';
import { PASSWORD } from './env';

export interface PullChange {
  entity: 'case' | 'mediation' | 'event' | 'attachment' | 'unit' | 'calendar';
  id: string;
  op: 'put' | 'remove';
  version: number;
  data?: Record<string, unknown>;
}

export interface PushResult {
  id: string;
  status: 'applied' | 'conflict' | 'rejected';
  version?: number;
  error?: { code: string; message: string };
}

/**
 * The real HTTP API as another client sees it: used to check what the server holds (with a
 * fresh login, never the browser's session) and to act as the office from another desk.
 */
export class ApiClient {
  private constructor(
    private readonly request: APIRequestContext,
    readonly token: string,
    readonly clientId: string,
  ) {}

  static async login(
    request: APIRequestContext,
    username: string,
    password = PASSWORD,
  ): Promise<ApiClient> {
    const res = await request.post('/api/auth/login', { data: { username, password } });
    if (!res.ok()) throw new Error(`login ${username}: HTTP ${res.status()} ${await res.text()}`);
    const body = (await res.json()) as { token: string };
    return new ApiClient(request, body.token, `e2e-${randomUUID()}`);
  }

  private get headers() {
    return { Authorization: `Bearer ${this.token}` };
  }

  /** Every change in this user's scope, from the beginning, all pages. */
  async pullAll(): Promise<PullChange[]> {
    const out: PullChange[] = [];
    let cursor = '';
    for (let page = 0; page < 1000; page++) {
      const q = cursor ? `?limit=2000&cursor=${encodeURIComponent(cursor)}` : '?limit=2000';
      const res = await this.request.get(`/api/sync/pull${q}`, { headers: this.headers });
      if (!res.ok()) throw new Error(`pull: HTTP ${res.status()} ${await res.text()}`);
      const body = (await res.json()) as {
        changes: PullChange[];
        cursor: string;
        hasMore: boolean;
      };
      out.push(...body.changes);
      cursor = body.cursor;
      if (!body.hasMore) return out;
    }
    throw new Error('pull did not finish');
  }

  /** The current rows by entity (last put wins; removed rows dropped). */
  async snapshot(): Promise<Map<string, Map<string, Record<string, unknown>>>> {
    const rows = new Map<string, Map<string, Record<string, unknown>>>();
    for (const ch of await this.pullAll()) {
      const m = rows.get(ch.entity) ?? new Map<string, Record<string, unknown>>();
      rows.set(ch.entity, m);
      if (ch.op === 'remove') m.delete(ch.id);
      else if (ch.data) m.set(ch.id, ch.data);
    }
    return rows;
  }

  async push(
    mutations: Array<{ name: string; args: unknown; baseVersion?: number }>,
  ): Promise<PushResult[]> {
    const res = await this.request.post('/api/sync/push', {
      headers: this.headers,
      data: {
        clientId: this.clientId,
        mutations: mutations.map((m) => ({ id: randomUUID(), ...m })),
      },
    });
    if (!res.ok()) throw new Error(`push: HTTP ${res.status()} ${await res.text()}`);
    return ((await res.json()) as { results: PushResult[] }).results;
  }

  /**
   * A complaint as a test starts one (one claimant, in 稠城 unless told): pushed as this user,
   * asserted applied; its id.
   */
  async createCase(opts: {
    employer: string;
    mobile?: string;
    claimant?: string;
    owedFen?: number;
    workersCount?: number;
    townId?: string;
    source?: string;
    description?: string;
    needsAssistance?: boolean | undefined;
  }): Promise<string> {
    const id = `e2e-${randomUUID()}`;
    const [r] = await this.push([
      {
        name: 'case.create',
        args: {
          id,
          townId: opts.townId ?? 'choucheng',
          source: opts.source ?? 'hotline_110',
          employer: { name: opts.employer },
          claimants: [
            {
              name: opts.claimant ?? '周八',
              mobile: opts.mobile ?? uniqueMobile(),
              owedFen: opts.owedFen ?? 800_000,
            },
          ],
          workersCount: opts.workersCount ?? 1,
          description: opts.description ?? '12345 热线转来：两个月工资未发',
          ...(opts.needsAssistance ? { needsAssistance: true } : {}),
        },
      },
    ]);
    if (r?.status !== 'applied') throw new Error(`case.create: ${JSON.stringify(r)}`);
    return id;
  }

  /** GET /api/cases?q=…: the cases whose employer or claimant matches the text. */
  async findCases(q: string): Promise<Array<{ id: string; caseNo: string | null }>> {
    const res = await this.request.get(`/api/cases?q=${encodeURIComponent(q)}&limit=50`, {
      headers: this.headers,
    });
    if (!res.ok()) throw new Error(`cases ?q=${q}: HTTP ${res.status()}`);
    return ((await res.json()) as { items: Array<{ id: string; caseNo: string | null }> }).items;
  }

  /** GET /api/cases/:id whole: the case and its text messages (masked), among the rest. */
  async caseDetail(id: string): Promise<{
    case: Record<string, unknown>;
    sms: Array<{ kind: string | null; status: string; dueAt: string | null }>;
  }> {
    const res = await this.request.get(`/api/cases/${id}`, { headers: this.headers });
    if (!res.ok()) throw new Error(`case ${id}: HTTP ${res.status()}`);
    return (await res.json()) as Awaited<ReturnType<ApiClient['caseDetail']>>;
  }

  /** POST /api/admin/users (as an admin): a new user and the one-time password to give them. */
  async createUser(user: {
    username: string;
    displayName: string;
    role: 'officer' | 'inspector' | 'office' | 'admin';
    unitIds: string[];
  }): Promise<{ id: string; oneTimePassword: string }> {
    const res = await this.request.post('/api/admin/users', { headers: this.headers, data: user });
    if (!res.ok()) throw new Error(`create user: HTTP ${res.status()} ${await res.text()}`);
    const body = (await res.json()) as { user: { id: string }; oneTimePassword: string };
    return { id: body.user.id, oneTimePassword: body.oneTimePassword };
  }

  /** PATCH /api/admin/users/:id (as an admin): e.g. `{ disabled: true }`. */
  async updateUser(id: string, patch: Record<string, unknown>): Promise<void> {
    const res = await this.request.patch(`/api/admin/users/${id}`, {
      headers: this.headers,
      data: patch,
    });
    if (!res.ok()) throw new Error(`update user: HTTP ${res.status()} ${await res.text()}`);
  }

  async getCase(id: string): Promise<Record<string, unknown>> {
    const res = await this.request.get(`/api/cases/${id}`, { headers: this.headers });
    if (!res.ok()) throw new Error(`case ${id}: HTTP ${res.status()}`);
    const body = (await res.json()) as Record<string, unknown>;
    return (body.case as Record<string, unknown> | undefined) ?? body;
  }
}
