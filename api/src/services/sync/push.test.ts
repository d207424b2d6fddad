import { describe, expect, it } from 'vitest';
import { requestHash } from './push';

describe('idempotency content hash', () => {
  it('ignores key order but not values, name or baseVersion', () => {
    const a = requestHash({
      id: 'm-000001',
      name: 'case.update',
      args: { id: 'c', patch: { a: 1, b: 2 } },
      baseVersion: 3,
    });
    const reordered = requestHash({
      id: 'm-000001',
      name: 'case.update',
      args: { patch: { b: 2, a: 1 }, id: 'c' },
      baseVersion: 3,
    });
    expect(reordered).toBe(a);
    expect(
      requestHash({
        id: 'm-000001',
        name: 'case.update',
        args: { id: 'c', patch: { a: 1, b: 3 } },
        baseVersion: 3,
      }),
    ).not.toBe(a);
    expect(
      requestHash({
        id: 'm-000001',
        name: 'case.update',
        args: { id: 'c', patch: { a: 1, b: 2 } },
        baseVersion: 4,
      }),
    ).not.toBe(a);
    expect(
      requestHash({
        id: 'm-000001',
        name: 'case.assign',
        args: { id: 'c', patch: { a: 1, b: 2 } },
        baseVersion: 3,
      }),
    ).not.toBe(a);
  });
});
