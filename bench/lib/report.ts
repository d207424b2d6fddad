import fs from 'node:fs';
import path from 'node:path';

/** One line of the table: a measured figure against its target. */
export interface Row {
  metric: string;
  value: number;
  unit: string;
  /** The floor or peer measured in the same run; null for absolute budgets. */
  baseline: number | null;
  baselineLabel?: string;
  /** value ÷ baseline (or the scenario's own ratio, e.g. throughput share). */
  ratio: number | null;
  target: string;
  met: boolean;
}

/** One scenario's outcome, as written to bench/results/latest.json. */
export interface ScenarioResult {
  id: string;
  title: string;
  met: boolean;
  rows: Row[];
  /** What was measured, counts and the figures behind the rows (for the closing note). */
  details: Record<string, unknown>;
  /** Set when the scenario could not run at all; `met` is then false. */
  error?: string;
  at: string;
  durationMs: number;
}

export const RESULTS_FILE = path.resolve(import.meta.dirname, '..', 'results', 'latest.json');

const fmt = (n: number | null, unit = ''): string => {
  if (n === null) return '—';
  const abs = Math.abs(n);
  const s =
    abs >= 1000 ? n.toFixed(0) : abs >= 100 ? n.toFixed(1) : abs >= 1 ? n.toFixed(2) : n.toFixed(3);
  return unit ? `${s} ${unit}` : s;
};

export function formatTable(results: ScenarioResult[]): string {
  const header = ['#', 'metric', 'value', 'baseline', 'ratio', 'target', 'met'];
  const lines: string[][] = [];
  for (const r of results) {
    if (r.error !== undefined) {
      lines.push([r.id, `${r.title}: ERROR ${r.error}`, '', '', '', '', 'no']);
      continue;
    }
    for (const row of r.rows) {
      lines.push([
        r.id,
        row.metric,
        fmt(row.value, row.unit),
        row.baseline === null
          ? '—'
          : `${fmt(row.baseline, row.unit)}${row.baselineLabel ? ` (${row.baselineLabel})` : ''}`,
        row.ratio === null ? '—' : row.ratio.toFixed(3),
        row.target,
        row.met ? 'yes' : 'NO',
      ]);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [
    line(header),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...lines.map(line),
  ].join('\n');
}

interface ResultsFile {
  generatedAt: string;
  command: string;
  machine: { cpus: number; node: string };
  scenarios: ScenarioResult[];
}

/**
 * Writes the run's entries; with --only, the other scenarios keep their entries from the
 * last run (each entry carries its own `at`), so the file always has one entry per scenario.
 */
export function writeResults(
  results: ScenarioResult[],
  meta: Omit<ResultsFile, 'scenarios'>,
): void {
  let previous: ScenarioResult[] = [];
  try {
    previous = (JSON.parse(fs.readFileSync(RESULTS_FILE, 'utf8')) as ResultsFile).scenarios ?? [];
  } catch {
    previous = [];
  }
  const byId = new Map(previous.map((r) => [r.id, r]));
  for (const r of results) byId.set(r.id, r);
  const scenarios = [...byId.values()].sort((a, b) =>
    a.id.localeCompare(b.id, 'en', { numeric: true }),
  );
  fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  fs.writeFileSync(RESULTS_FILE, `${JSON.stringify({ ...meta, scenarios }, null, 2)}\n`);
}
