import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { startChild } from './servers/child';

/**
 * `npx tsx bench/profile.ts pull|pages|push [sqlite|postgres]`: where the server's time goes
 * in scenario 5 (pull under load), in the first-sync pages of scenario 2, or in scenario 4
 * (push service apply). Runs the same server
 * script under `node --cpu-prof` and prints self time by function and by module.
 */
interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

function where(url: string): string {
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const m = /\/work\/main\/(.*)$/.exec(url);
  if (m) return m[1]!;
  return url.startsWith('node:') ? url : url ? 'other' : '(native/gc/idle)';
}

function summarize(file: string): void {
  const p = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0));
  });
  const total = [...self.values()].reduce((s, x) => s + x, 0);
  const fn = new Map<string, number>();
  const mod = new Map<string, number>();
  for (const [id, us] of self) {
    const n = byId.get(id)!;
    const { functionName, url, lineNumber } = n.callFrame;
    const key = `${functionName || '(anonymous)'} ${where(url)}${url ? `:${lineNumber + 1}` : ''}`;
    fn.set(key, (fn.get(key) ?? 0) + us);
    const m =
      functionName === '(idle)'
        ? '(idle)'
        : functionName === '(garbage collector)'
          ? '(gc)'
          : functionName === '(program)'
            ? '(program)'
            : where(url);
    mod.set(m, (mod.get(m) ?? 0) + us);
  }
  const top = (m: Map<string, number>, n: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(
        ([k, us]) =>
          `  ${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${k}`,
      )
      .join('\n');
  console.log(`profile ${file}: ${(total / 1000).toFixed(0)} ms sampled`);
  console.log('by module:');
  console.log(top(mod, 18));
  console.log('by function (self time):');
  console.log(top(fn, 30));
}

async function main(): Promise<void> {
  const [mode = 'pull', dialect = 'sqlite'] = process.argv.slice(2);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anxin-prof-'));
  const flags = ['--cpu-prof', `--cpu-prof-dir=${dir}`];
  if (mode === 'pull') {
    const child = await startChild<{ url: string; path: string; headers: Record<string, string> }>(
      'pull-server.ts',
      [`--dialect=${dialect}`, '--cases=2000', '--behind=10'],
      {},
      flags,
    );
    const r = await autocannon({
      url: `${child.info.url}${child.info.path}`,
      connections: 50,
      duration: 10,
      headers: child.info.headers,
    });
    console.log(
      `pull ${dialect}: ${r.requests.average} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms`,
    );
    await child.stop();
  } else if (mode === 'pages') {
    // First-sync pages (scenario 2's server side): full pages of 1,000 from the start, again and again for 10 s.
    const child = await startChild<{ url: string; headers: Record<string, string> }>(
      'pull-server.ts',
      [`--dialect=${dialect}`, '--cases=8000', '--behind=0'],
      {},
      flags,
    );
    const until = Date.now() + 10_000;
    let pages = 0;
    let changes = 0;
    while (Date.now() < until) {
      let cursor = '';
      for (;;) {
        const res = await fetch(
          `${child.info.url}/api/sync/pull?limit=1000&cursor=${encodeURIComponent(cursor)}`,
          {
            headers: child.info.headers,
          },
        );
        const body = (await res.json()) as { cursor: string; hasMore: boolean; changes: unknown[] };
        pages++;
        changes += body.changes.length;
        cursor = body.cursor;
        if (!body.hasMore) break;
      }
    }
    console.log(
      `pages ${dialect}: ${pages} pages, ${changes} changes in 10 s (${((10_000 * 1000) / changes).toFixed(1)} µs per change)`,
    );
    await child.stop();
  } else {
    const child = await startChild<{ ms: number; count: number }>(
      'push-loop.ts',
      ['--count=2000'],
      {},
      flags,
    );
    console.log(`push service: ${child.info.count} mutations in ${child.info.ms.toFixed(0)} ms`);
    await child.stop();
  }
  for (const f of fs.readdirSync(dir)) summarize(path.join(dir, f));
  fs.rmSync(dir, { recursive: true, force: true });
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
