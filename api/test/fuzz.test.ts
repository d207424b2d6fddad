import type { PushResponse } from '@anxin/shared';
import { MUTATION_NAMES } from '@anxin/shared';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { TEST_CASES } from '../test-support';
import { forEachDialect, jsonOf, mid, snapshotCounts, useTestApi } from '../test-support/suite';

// Values that have broken servers before: prototype keys, injection strings, huge numbers.
const nasty = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    "'; DROP TABLE cases; --",
    '<script>alert(1)</script>',
    '\u0000',
    '𠮷'.repeat(50),
    Number.MAX_SAFE_INTEGER,
    -1,
    1e308,
    null,
  ),
  fc.anything({ maxDepth: 3 }),
);
const argsArb = fc.oneof(
  fc.dictionary(
    fc.oneof(fc.string(), fc.constantFrom('id', 'caseId', 'patch', '__proto__', 'to')),
    nasty,
    {
      maxKeys: 6,
    },
  ),
  fc.record({
    id: fc.constantFrom(TEST_CASES.chouchengOwn, 'x'),
    patch: fc.dictionary(fc.string(), nasty),
  }),
  nasty,
);

forEachDialect('hostile mutation args', (dialect) => {
  const get = useTestApi(dialect);

  it('rejects random args for every mutation with a 200 answer, never a 500, and changes nothing', async () => {
    const token = await get().login('officer.choucheng');
    const before = await snapshotCounts(get());
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...MUTATION_NAMES),
        argsArb,
        fc.option(fc.integer(), { nil: undefined }),
        async (name, args, base) => {
          const res = await get().api(token, 'POST', '/api/sync/push', {
            clientId: 'device-fuzz-001',
            mutations: [
              {
                id: mid('fuzz'),
                name,
                args,
                ...(base !== undefined && base >= 0 ? { baseVersion: base } : {}),
              },
            ],
          });
          if (res.status !== 200) {
            // Only a malformed envelope (e.g. a negative baseVersion) may fail as a whole: 400.
            expect(res.status).toBe(400);
            return;
          }
          const { results } = await jsonOf<PushResponse>(res);
          expect(results).toHaveLength(1);
          expect(results[0]!.status).not.toBe('applied');
        },
      ),
      { numRuns: 60, seed: 20261123 },
    );
    expect(await snapshotCounts(get())).toEqual(before);
  });
});
