import { actorOf } from '../api/src/services/seed/seed';
import { push } from '../api/src/services/sync/push';
import { sampleCaseArgs, startTestApi } from '../api/test-support';
const t = await startTestApi({ dialect: (process.argv[2] ?? 'sqlite') as 'sqlite' });
const token = await t.login('officer.choucheng');
const actor = await actorOf(t.deps, 'officer.choucheng');
let n = 0;
const batch = () => Array.from({ length: 200 }, () => { n++; return { id: `mutation-${String(n).padStart(8, '0')}`, name: 'case.create', args: sampleCaseArgs(`case-${String(n).padStart(8, '0')}`, 'choucheng') }; });
for (let r = 0; r < 3; r++) {
  let s = performance.now();
  for (let i = 0; i < 5; i++) await push(t.deps, actor, { clientId: 'device-aaaa', mutations: batch() as any }, 'zh');
  const service = (performance.now() - s) / 1000;
  s = performance.now();
  for (let i = 0; i < 5; i++) { const res = await t.api(token, 'POST', '/api/sync/push', { clientId: 'device-bbbb', mutations: batch() }); const txt = await res.text(); if (res.status !== 200) { console.log(res.status, txt.slice(0, 300)); process.exit(1); } }
  const http = (performance.now() - s) / 1000;
  console.log(`per mutation: service ${service.toFixed(3)} ms, HTTP in-process ${http.toFixed(3)} ms`);
}
await t.close();
