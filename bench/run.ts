import os from 'node:os';
import { cleanupBuild, closeBrowserEnv } from './lib/browser-env';
import { formatTable, RESULTS_FILE, type ScenarioResult, writeResults } from './lib/report';
import type { RunContext, Scenario } from './lib/scenario';
import { SCENARIOS } from './scenarios';

/**
 * `npm run bench [-- --only=4,5] [--quick]`: runs the scenarios in order, prints one table
 * (metric, value, baseline, ratio, target, met) and writes bench/results/latest.json.
 * A missed target is a figure in the table, never a failing exit code: benchmarks report.
 */
function parseArgs(argv: string[]): { only: Set<string> | null; quick: boolean } {
  let only: Set<string> | null = null;
  let quick = false;
  for (const a of argv) {
    if (a.startsWith('--only='))
      only = new Set(
        a
          .slice('--only='.length)
          .split(',')
          .map((s) => s.trim()),
      );
    else if (a === '--quick') quick = true;
    else if (a !== '--') throw new Error(`unknown argument ${a} (use --only=1,2 and/or --quick)`);
  }
  return { only, quick };
}

async function runOne(s: Scenario, ctx: RunContext): Promise<ScenarioResult> {
  const started = performance.now();
  const at = new Date().toISOString();
  ctx.log(`▶ scenario ${s.id}: ${s.title}`);
  try {
    const out = await s.run(ctx);
    const r: ScenarioResult = {
      id: s.id,
      title: s.title,
      met: out.rows.length > 0 && out.rows.every((row) => row.met),
      rows: out.rows,
      details: out.details,
      at,
      durationMs: Math.round(performance.now() - started),
    };
    ctx.log(`  done in ${(r.durationMs / 1000).toFixed(1)} s: ${r.met ? 'met' : 'NOT met'}`);
    return r;
  } catch (err) {
    const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
    ctx.log(`  FAILED: ${message}`);
    return {
      id: s.id,
      title: s.title,
      met: false,
      rows: [],
      details: {},
      error: err instanceof Error ? err.message : String(err),
      at,
      durationMs: Math.round(performance.now() - started),
    };
  }
}

async function main(): Promise<void> {
  const { only, quick } = parseArgs(process.argv.slice(2));
  const chosen = SCENARIOS.filter((s) => !only || only.has(s.id));
  if (chosen.length === 0)
    throw new Error(`no scenario matches --only (ids: ${SCENARIOS.map((s) => s.id).join(',')})`);
  const ctx: RunContext = {
    log: (msg) => process.stderr.write(`${msg}\n`),
    shared: new Map(),
    quick,
  };
  const startedAt = Date.now();
  const results: ScenarioResult[] = [];
  try {
    for (const s of chosen) results.push(await runOne(s, ctx));
  } finally {
    await closeBrowserEnv(ctx);
    await cleanupBuild(ctx);
  }
  const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  writeResults(results, {
    generatedAt: new Date().toISOString(),
    command,
    machine: { cpus: os.cpus().length, node: process.version },
  });
  process.stdout.write(`\n${formatTable(results)}\n\n`);
  process.stdout.write(
    `${results.filter((r) => r.met).length}/${results.length} scenarios met · ${((Date.now() - startedAt) / 1000).toFixed(0)} s · ${RESULTS_FILE}\n`,
  );
}

main().then(
  // Open handles (a pool, a browser) must not keep a finished run alive.
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
