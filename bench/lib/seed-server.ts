import { sql } from 'kysely';
import { actorOf } from '../../api/src/services/seed/seed';
import { push } from '../../api/src/services/sync/push';
import type { TestApi } from '../../api/test-support';
import { makeCases } from './cases';

export interface SeedSpec {
  username: string;
  townId: string;
  count: number;
  prefix: string;
}

/**
 * Server data goes in through the real push service (cases, events, feed exactly as devices
 * make them). On SQLite the durability wait is switched off while seeding only: seeding is
 * set-up, not what is measured, and it would otherwise cost minutes.
 */
export async function seedCases(t: TestApi, specs: SeedSpec[], seed = 20261123): Promise<void> {
  if (t.dialect === 'sqlite') await sql`PRAGMA synchronous = OFF`.execute(t.db);
  try {
    for (const s of specs) {
      const actor = await actorOf(t.deps, s.username);
      const all = makeCases(s.count, s.townId, s.prefix, seed + s.count);
      for (let i = 0; i < all.length; i += 200) {
        const res = await push(
          t.deps,
          actor,
          {
            clientId: `seed-${actor.id}`.slice(0, 64),
            mutations: all
              .slice(i, i + 200)
              .map((a) => ({ id: `seed-${a.id}`, name: 'case.create', args: a })),
          },
          'en',
        );
        const bad = res.results.find((r) => r.status !== 'applied');
        if (bad) throw new Error(`seeding ${s.prefix}: ${JSON.stringify(bad)}`);
      }
    }
  } finally {
    if (t.dialect === 'sqlite') await sql`PRAGMA synchronous = FULL`.execute(t.db);
  }
}
