import { actorOf } from '../api/src/services/seed/seed';
import { push } from '../api/src/services/sync/push';
import { pull, decodeCursor } from '../api/src/services/sync/pull';
import { authenticate } from '../api/src/services/auth/auth-service';
import { readFeed } from '../api/src/repositories/feed';
import { casesByIds } from '../api/src/repositories/cases';
import { eventsByIds } from '../api/src/repositories/events';
import { scopeOf } from '../api/src/repositories/scope';
import { startTestApi } from '../api/test-support';
import { seedCases } from '../bench/lib/seed-server';
const dialect = (process.argv[2] ?? 'sqlite') as 'sqlite' | 'postgres';
const t = await startTestApi({ dialect });
await seedCases(t, [
  { username: 'officer.choucheng', townId: 'choucheng', count: 1000, prefix: 'load-c' },
  { username: 'officer.fotang', townId: 'fotang', count: 1000, prefix: 'load-f' },
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
await push(t.deps, colleague, { clientId: 'c', mutations: Array.from({ length: 10 }, (_, i) => ({ id: `e${i}`, name: 'case.update', args: { id: `load-c-${String(i).padStart(6, '0')}`, patch: { description: `x${i}` } }, baseVersion: 1 })) }, 'en');
const actor = await actorOf(t.deps, 'officer.choucheng');
const N = 500;
async function time(label: string, fn: () => Promise<unknown>) {
  for (let i = 0; i < 50; i++) await fn();
  const s = performance.now();
  for (let i = 0; i < N; i++) await fn();
  console.log(label, ((performance.now() - s) / N).toFixed(3), 'ms');
}
const after = decodeCursor(cursor) as any;
const r = await pull(t.deps, actor, { cursor }, 'zh');
console.log('changes', r.changes.length);
const ids = r.changes.filter((c) => c.entity === 'case').map((c) => c.id);
const evIds = r.changes.filter((c) => c.entity === 'event').map((c) => c.id);
await time('pull service', () => pull(t.deps, actor, { cursor }, 'zh'));
await time('HTTP pull', async () => (await t.api(token, 'GET', `/api/sync/pull?cursor=${encodeURIComponent(cursor)}`)).text());
await time('HTTP /api/auth/me', async () => (await t.api(token, 'GET', '/api/auth/me')).text());
await time('HTTP /api/health', async () => (await t.api(null, 'GET', '/api/health')).text());
await time('authenticate', () => authenticate(t.deps, token));
await time('readFeed', () => readFeed(t.deps.db, t.dialect, scopeOf(actor), after, 21));
await time('casesByIds', () => casesByIds(t.deps.db, ids));
await time('eventsByIds', () => eventsByIds(t.deps.db, evIds));
await time('JSON', async () => JSON.stringify(r));
await t.close();
