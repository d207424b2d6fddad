/// <reference types="node" />
// biome-ignore lint/style/noRestrictedImports: a test may read the committed document.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { STATUS_TRANSITIONS } from './status-machine';
import { renderStatusMachineDoc } from './status-machine-doc';

it('docs/status-machine.md is what the status table generates', () => {
  const file = readFileSync(new URL('../../../docs/status-machine.md', import.meta.url), 'utf8');
  expect(file, 'docs/status-machine.md is stale: run npx tsx scripts/gen-status-doc.ts').toBe(
    renderStatusMachineDoc(),
  );
});

it('documents every move once in the table and once in the diagram', () => {
  const doc = renderStatusMachineDoc();
  for (const r of STATUS_TRANSITIONS) {
    const row = new RegExp(
      `^\\| \`${r.from}\` +\\| \`${r.to}\` +\\| ${r.roles.join(', ')} +\\|`,
      'm',
    );
    expect(doc).toMatch(row);
    expect(doc).toContain(`  ${r.from} --> ${r.to}: ${r.label.zh}\n`);
  }
  expect(doc.match(/ --> /g)?.length).toBe(STATUS_TRANSITIONS.length + 2);
});
