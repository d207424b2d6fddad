import { actorOf } from '../../api/src/services/seed/seed';
import { push } from '../../api/src/services/sync/push';
import { startTestApi } from '../../api/test-support';
import { makeCases } from '../lib/cases';
import { ready } from './child';

/**
 * For `bench/profile.ts push`: the push service applying `--count` case.create in batches of
 * 200 on SQLite as the app opens it, then it reports and waits to be stopped (the CPU
 * profile is written when the process exits).
 */
const count = Number(process.argv.find((a) => a.startsWith('--count='))?.slice(8) ?? 2000);
const t = await startTestApi();
const actor = await actorOf(t.deps, 'officer.choucheng');
const all = makeCases(count, 'choucheng', 'prof');
const t0 = performance.now();
for (let i = 0; i < all.length; i += 200) {
  await push(
    t.deps,
    actor,
    {
      clientId: 'profile-client',
      mutations: all
        .slice(i, i + 200)
        .map((a) => ({ id: `m-${a.id}`, name: 'case.create', args: a })),
    },
    'en',
  );
}
ready({ ms: performance.now() - t0, count }, () => t.close());
