import type { Dialect } from '../../api/src/db/schema';
import { actorOf } from '../../api/src/services/seed/seed';
import { push } from '../../api/src/services/sync/push';
import { startTestApi } from '../../api/test-support';
import { seedCases } from '../lib/seed-server';
import { ready } from './child';

/**
 * The real API (startTestApi: app, middleware, auth, pull service) on loopback, seeded with
 * `--cases` cases split over two towns, and one officer's device that synced up to the head
 * and then saw `--behind` cases edited by a colleague: the pull that device makes on its
 * next timer tick is what the load test sends.
 */
const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k!, v ?? ''];
  }),
);
const dialect = (args.dialect ?? 'sqlite') as Dialect;
const total = Number(args.cases ?? 2000);
const behind = Number(args.behind ?? 10);

const t = await startTestApi({ dialect, listen: true });
await seedCases(t, [
  {
    username: 'officer.choucheng',
    townId: 'choucheng',
    count: Math.ceil(total / 2),
    prefix: 'load-c',
  },
  { username: 'officer.fotang', townId: 'fotang', count: Math.floor(total / 2), prefix: 'load-f' },
]);
const token = await t.login('officer.choucheng');
let cursor = '';
for (;;) {
  const res = await t.api(token, 'GET', `/api/sync/pull?limit=2000&cursor=${cursor}`);
  const body = (await res.json()) as { cursor: string; hasMore: boolean };
  cursor = body.cursor;
  if (!body.hasMore) break;
}
const colleague = await actorOf(t.deps, 'inspector.1');
const edits = Array.from({ length: behind }, (_, i) => ({
  id: `load-edit-${i}`,
  name: 'case.update',
  args: {
    id: `load-c-${String(i).padStart(6, '0')}`,
    patch: { description: `补充说明：已电话联系老板（${i}）` },
  },
  baseVersion: 1,
}));
const res = await push(t.deps, colleague, { clientId: 'load-colleague', mutations: edits }, 'en');
if (res.results.some((r) => r.status !== 'applied')) throw new Error('colleague edits not applied');
const path = `/api/sync/pull?cursor=${encodeURIComponent(cursor)}`;
const check = (await (await t.api(token, 'GET', path)).json()) as { changes: unknown[] };
ready(
  {
    url: t.url,
    path,
    headers: { Authorization: `Bearer ${token}` },
    changesPerPull: check.changes.length,
  },
  () => t.close(),
);
