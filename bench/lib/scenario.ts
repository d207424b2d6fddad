import type { Row, ScenarioResult } from './report';

export interface RunContext {
  /** Progress lines go to stderr so the table on stdout stays clean. */
  log: (msg: string) => void;
  /** Figures one scenario hands to another in the same run (scenario 3 needs 4's rate). */
  shared: Map<string, unknown>;
  /** Smaller sizes for a quick look; the targets are still checked. */
  quick: boolean;
}

export interface Outcome {
  rows: Row[];
  details: Record<string, unknown>;
}

export interface Scenario {
  id: string;
  title: string;
  run: (ctx: RunContext) => Promise<Outcome>;
}

export type { Row, ScenarioResult };
