import autocannon from 'autocannon';
import type { Row, RunContext, Scenario } from '../lib/scenario';
import { round } from '../lib/stats';
import { type Child, startChild } from '../servers/child';

interface Target {
  url: string;
  path: string;
  headers: Record<string, string>;
  changesPerPull?: number;
}

interface Load {
  reqPerSec: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
}

async function load(t: Target, connections: number, seconds: number): Promise<Load> {
  const r = await autocannon({
    url: `${t.url}${t.path}`,
    connections,
    duration: seconds,
    headers: t.headers,
  });
  return {
    reqPerSec: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
  };
}

async function measure(ctx: RunContext, child: Child<Target>, seconds: number): Promise<Load> {
  // Warm the JIT and the database caches, then the measured run.
  await load(child.info, 10, 2);
  const out = await load(child.info, 50, seconds);
  ctx.log(
    `  ${child.info.path.slice(0, 40)}: ${out.reqPerSec.toFixed(0)} req/s, p99 ${out.p99} ms`,
  );
  return out;
}

/**
 * Pull under load: autocannon (this process) against the real API in its own Node process,
 * 50 connections for 20 s, every request the incremental pull an officer's device makes on
 * its timer tick (a valid session, scope filter, a cursor ten colleague edits behind: about
 * 20 changes returned). The floor: a bare Hono hello-world route on the same server stack
 * and process model, same load, same run.
 */
export const s5: Scenario = {
  id: '5',
  title: 'pull under load (autocannon 50 connections)',
  async run(ctx) {
    const seconds = ctx.quick ? 5 : 20;
    const hello = await startChild<Target>('hello-server.ts', []);
    let floor: Load;
    try {
      floor = await measure(ctx, hello, seconds);
    } finally {
      await hello.stop();
    }
    const rows: Row[] = [];
    const details: Record<string, unknown> = { seconds, connections: 50, hello: floor };
    for (const dialect of ['sqlite', 'postgres'] as const) {
      let child: Child<Target> | null = null;
      try {
        child = await startChild<Target>('pull-server.ts', [
          `--dialect=${dialect}`,
          '--cases=2000',
          '--behind=10',
        ]);
        const got = await measure(ctx, child, seconds);
        const ratio = got.reqPerSec / floor.reqPerSec;
        const ok = got.non2xx === 0 && got.errors === 0;
        details[dialect] = { ...got, changesPerPull: child.info.changesPerPull };
        rows.push({
          metric: `pull req/s, ${dialect}${ok ? '' : ` (${got.non2xx} non-2xx, ${got.errors} errors)`}`,
          value: round(got.reqPerSec, 0),
          unit: '/s',
          baseline: round(floor.reqPerSec, 0),
          baselineLabel: 'hello',
          ratio: round(ratio),
          target: '≥ 0.20',
          met: ok && ratio >= 0.2,
        });
        rows.push({
          metric: `pull p99 latency, ${dialect}`,
          value: got.p99,
          unit: 'ms',
          baseline: null,
          ratio: null,
          target: '≤ 50 ms',
          met: ok && got.p99 <= 50,
        });
      } catch (err) {
        ctx.log(`  ${dialect}: ${err instanceof Error ? err.message : String(err)}`);
        details[dialect] = { error: err instanceof Error ? err.message : String(err) };
        rows.push({
          metric: `pull req/s, ${dialect} (could not run)`,
          value: Number.NaN,
          unit: '/s',
          baseline: round(floor.reqPerSec, 0),
          ratio: null,
          target: '≥ 0.20',
          met: false,
        });
      } finally {
        await child?.stop();
      }
    }
    return { rows, details };
  },
};
