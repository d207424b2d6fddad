/// <reference types="node" />
// biome-ignore lint/style/noRestrictedImports: a test may read the sources it guards.
import { readdirSync, readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

// constants/ is what the officer's first screen imports from shared; a value import that
// reaches zod from here puts the whole validator back on that screen (the build's budget
// would fail too, but this names the import that did it). `import type` leaves no code.

const SRC = new URL('../', import.meta.url);

function valueImports(file: URL): string[] {
  const code = readFileSync(file, 'utf8');
  const specs: string[] = [];
  for (const m of code.matchAll(/^(import|export)\s+(?!type\b)[^;]*?\bfrom\s+'([^']+)'/gms)) {
    specs.push(m[2]!);
  }
  return specs;
}

function zodPaths(start: URL): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  const visit = (file: URL, trail: string[]): void => {
    if (seen.has(file.href)) return;
    seen.add(file.href);
    for (const spec of valueImports(file)) {
      if (spec === 'zod' || spec.startsWith('zod/')) found.push([...trail, spec].join(' → '));
      else if (spec.startsWith('.')) {
        const next = new URL(`${spec}.ts`, file);
        visit(next, [...trail, next.pathname.slice(SRC.pathname.length)]);
      }
    }
  };
  visit(start, [start.pathname.slice(SRC.pathname.length)]);
  return found;
}

// mutators/ too: the device runs them on every edit, from the data layer's first use.
it.each(['./', '../mutators/'])('%s reaches no zod through value imports', (folder) => {
  const dir = new URL(folder, import.meta.url);
  const modules = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  expect(modules.length).toBeGreaterThan(3);
  expect(modules.flatMap((f) => zodPaths(new URL(f, dir)))).toEqual([]);
});
