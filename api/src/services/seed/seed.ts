import type { CaseOutcome, MutationEnvelope, Role, User } from '@anxin/shared';
import type { AppDeps } from '../../deps';
import type { Actor } from '../../repositories/scope';
import { insertUnits } from '../../repositories/units';
import { countUsers, findUserByUsername, insertUser } from '../../repositories/users';
import { hashPassword } from '../auth/password';
import { push } from '../sync/push';
import { claimant, description, employer, int, pick, prng, type Rand } from './generators';
import { DEMO_SOE_UNITS, SEED_UNITS, YIWU_TOWNS } from './units';

export const DEMO_PASSWORD = 'anxin-demo';

export interface SeedUser {
  username: string;
  displayName: string;
  role: Role;
  townIds: string[];
}

/** The users DESIGN.md names; every test data set and the demo have them. */
export const CORE_USERS: readonly SeedUser[] = [
  {
    username: 'officer.choucheng',
    displayName: '陈晓东（稠城）',
    role: 'officer',
    townIds: ['choucheng'],
  },
  {
    username: 'officer.fotang',
    displayName: '王丽华（佛堂）',
    role: 'officer',
    townIds: ['fotang'],
  },
  {
    username: 'inspector.1',
    displayName: '李建国（监察）',
    role: 'inspector',
    townIds: ['choucheng', 'fotang', 'beiyuan'],
  },
  { username: 'office.1', displayName: '张敏（市局）', role: 'office', townIds: [] },
  { username: 'admin', displayName: '系统管理员', role: 'admin', townIds: [] },
];

/** The stable id of a seeded user: `usr_` and the username with dots as underscores. */
export function seedUserId(username: string): string {
  return `usr_${username.replace(/\./g, '_')}`;
}

export async function seedTownsAndUsers(
  deps: AppDeps,
  users: readonly SeedUser[],
  password: string,
): Promise<void> {
  await insertUnits(deps.db, SEED_UNITS, deps.now().toISOString());
  const hash = await hashPassword(password, deps.config.scryptLogN);
  const at = deps.now().toISOString();
  for (const u of users) {
    const user: User = { id: seedUserId(u.username), ...u };
    await insertUser(deps.db, { ...user, passwordHash: hash, createdAt: at });
  }
}

export async function actorOf(deps: AppDeps, username: string): Promise<Actor> {
  const u = await findUserByUsername(deps.db, username);
  if (!u) throw new Error(`seed: no user ${username}`);
  const { passwordHash: _h, disabled: _d, ...actor } = u;
  return actor;
}

/**
 * Seed data goes through the same push service as every device, with the clock set to when
 * the step happened, so cases, events and the pull feed are exactly what real use produces.
 */
export class SeedWriter {
  private n = 0;
  constructor(
    private readonly deps: AppDeps,
    private readonly clientId: string,
  ) {}

  async apply(actor: Actor, atMs: number, m: Omit<MutationEnvelope, 'id'>): Promise<void> {
    this.n++;
    const deps: AppDeps = { ...this.deps, now: () => new Date(atMs) };
    const id = `${this.clientId}-${String(this.n).padStart(6, '0')}`;
    // One device id per seeded user: a device id belongs to one user.
    const clientId = `${this.clientId}-${actor.id}`.slice(0, 64);
    const { results } = await push(deps, actor, { clientId, mutations: [{ id, ...m }] }, 'en');
    const r = results[0]!;
    if (r.status !== 'applied') {
      throw new Error(`seed mutation ${m.name} was ${r.status}: ${JSON.stringify(r.error ?? r)}`);
    }
  }
}

const HOUR = 3600_000;
const DAY = 24 * HOUR;

function caseId(prefix: string, i: number): string {
  return `${prefix}-${String(i).padStart(5, '0')}`;
}

/** A few hundred realistic cases over the last 60 days, spread over the whole lifecycle. */
export async function seedDemoCases(deps: AppDeps, count = 300): Promise<void> {
  const rand: Rand = prng(20260323);
  const nowMs = deps.now().getTime();
  const office = await actorOf(deps, 'office.1');
  const officers = new Map<string, Actor>();
  for (const t of SEED_UNITS) officers.set(t.id, await actorOf(deps, demoOfficerOf(t.id)));
  const writer = new SeedWriter(deps, 'seed-demo-data');

  for (let i = 1; i <= count; i++) {
    // Every 20th complaint concerns a state-owned company's site and goes to its own unit.
    const town =
      i % 20 === 0
        ? pick(rand, DEMO_SOE_UNITS).id
        : i % 3 === 0
          ? pick(rand, ['choucheng', 'fotang'])
          : pick(rand, YIWU_TOWNS).id;
    const officer = officers.get(town)!;
    const id = caseId('demo-case', i);
    const received = nowMs - Math.floor(rand() * 60 * DAY) - HOUR;
    const nClaimants = rand() < 0.2 ? int(rand, 2, 6) : 1;
    const claimants = Array.from({ length: nClaimants }, () =>
      claimant(rand, rand() < 0.7, received),
    );
    const byOfficer = rand() < 0.3;
    const args = {
      id,
      townId: town,
      source: byOfficer
        ? pick(rand, ['walk_in', 'on_site'])
        : pick(rand, ['qr_form', 'hotline_110', 'petition']),
      employer: employer(rand),
      claimants,
      workersCount: nClaimants + (rand() < 0.2 ? int(rand, 1, 10) : 0),
      description: description(rand),
      receivedAt: new Date(received).toISOString(),
    };
    let t = received + int(rand, 1, 20) * 60_000;
    let version = 1;
    await writer.apply(byOfficer ? officer : office, t, { name: 'case.create', args });
    const step = async (
      actor: Actor,
      delayMs: number,
      name: string,
      a: object,
    ): Promise<boolean> => {
      const at = t + delayMs;
      if (at >= nowMs) return false;
      t = at;
      await writer.apply(actor, t, { name, args: { id, ...a }, baseVersion: version });
      version++;
      return true;
    };

    if (!byOfficer) {
      // Some complaints still wait in the office's triage queue.
      if (rand() < 0.05) continue;
      if (
        !(await step(office, int(rand, 10, 240) * 60_000, 'case.assign', {
          townId: town,
          assignedOfficerId: officer.id,
        }))
      )
        continue;
      // A few cases sit untouched past their first-action deadline.
      if (rand() < 0.06) continue;
      if (!(await step(officer, int(rand, 1, 30) * HOUR, 'case.transition', { to: 'in_progress' })))
        continue;
    }
    const fate = rand();
    if (fate < 0.15) continue; // still being handled (some of these are overdue)
    if (fate < 0.21) {
      await step(officer, int(rand, 1, 5) * DAY, 'case.transition', {
        to: 'transferred',
        transferTarget: pick(rand, ['arbitration', 'enforcement'] as const),
        comment: '用人单位拒不支付，移送处理',
      });
      continue;
    }
    if (rand() < 0.6) {
      if (!(await step(officer, int(rand, 2, 48) * HOUR, 'case.transition', { to: 'mediating' })))
        continue;
    }
    const owed = claimants.reduce((s, c) => s + c.owedFen, 0);
    const outcome: CaseOutcome = pick(rand, [
      'paid_in_full',
      'paid_in_full',
      'paid_in_full',
      'instalments',
      'insurance_advance',
      'withdrawn',
    ]);
    if (outcome === 'insurance_advance') {
      if (
        !(await step(officer, int(rand, 4, 60) * HOUR, 'case.transition', {
          to: 'insurance_advance',
          comment: '企业无力支付，启动工资保障险先行垫付',
        }))
      )
        continue;
    }
    const late = rand() < 0.12;
    const recovered =
      outcome === 'withdrawn' ? 0 : outcome === 'instalments' ? Math.round(owed / 2) : owed;
    if (
      !(await step(
        officer,
        late ? int(rand, 7, 12) * DAY : int(rand, 4, 100) * HOUR,
        'case.transition',
        {
          to: 'resolved',
          outcome,
          recoveredFen: recovered,
        },
      ))
    ) {
      continue;
    }
    if (rand() < 0.1) {
      if (
        !(await step(office, int(rand, 2, 30) * HOUR, 'case.review', {
          decision: 'return',
          comment: '请补充调解协议书照片',
        }))
      )
        continue;
      if (
        !(await step(officer, int(rand, 2, 30) * HOUR, 'case.transition', {
          to: 'resolved',
          outcome,
          recoveredFen: recovered,
        }))
      )
        continue;
    }
    await step(office, int(rand, 4, 72) * HOUR, 'case.review', { decision: 'approve' });
  }
}

/** `officer.choucheng`; a state-owned company's officer drops the `soe-` of its unit id. */
export function demoOfficerOf(unitId: string): string {
  return `officer.${unitId.replace(/^soe-/, '')}`;
}

export function demoUsers(): SeedUser[] {
  const users = [...CORE_USERS];
  // Every unit has an officer in the demo, so every unit's cases can move.
  for (const t of SEED_UNITS) {
    const username = demoOfficerOf(t.id);
    if (users.some((u) => u.username === username)) continue;
    users.push({
      username,
      displayName: t.kind === 'soe' ? `${t.name}（劳资专员）` : `${t.name}劳动保障所`,
      role: 'officer',
      townIds: [t.id],
    });
  }
  return users;
}

export async function isEmpty(deps: AppDeps): Promise<boolean> {
  return (await countUsers(deps.db)) === 0;
}

/** Demo data for an empty database (never in production). */
export async function seedDemo(deps: AppDeps, cases = 300): Promise<void> {
  await seedTownsAndUsers(deps, demoUsers(), DEMO_PASSWORD);
  await seedDemoCases(deps, cases);
}

/** Production on an empty database: the towns and one admin with the operator's password. */
export async function seedProduction(deps: AppDeps, adminPassword: string): Promise<void> {
  await insertUnits(deps.db, YIWU_TOWNS, deps.now().toISOString());
  const hash = await hashPassword(adminPassword, deps.config.scryptLogN);
  await insertUser(deps.db, {
    id: seedUserId('admin'),
    username: 'admin',
    displayName: '系统管理员',
    role: 'admin',
    townIds: [],
    passwordHash: hash,
    createdAt: deps.now().toISOString(),
  });
}

/**
 * What start-up does with an empty database: demo data in development, and in production
 * only the towns and the first admin (whose password must come from the environment).
 * A database that already has users is never touched.
 */
export async function seedOnStart(
  deps: AppDeps,
  opts: { production: boolean; adminPassword?: string | undefined; demoCases?: number },
): Promise<'demo' | 'admin' | null> {
  if (!(await isEmpty(deps))) return null;
  if (opts.production) {
    if (!opts.adminPassword) {
      throw new Error(
        'The database is empty and NODE_ENV=production: set ADMIN_PASSWORD (12+ characters) for the first admin.',
      );
    }
    await seedProduction(deps, opts.adminPassword);
    return 'admin';
  }
  await seedDemo(deps, opts.demoCases ?? 300);
  return 'demo';
}
