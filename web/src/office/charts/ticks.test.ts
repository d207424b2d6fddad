import { describe, expect, it } from 'vitest';
import { labelEvery, monthDay, niceTicks } from './ticks';

describe('niceTicks', () => {
  it('counts in round steps from 0 up to at least the largest value', () => {
    expect(niceTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(10)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(23)).toEqual([0, 5, 10, 15, 20, 25]);
    expect(niceTicks(96)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(1234)).toEqual([0, 500, 1000, 1500]);
  });

  it('keeps at least three ticks and whole steps for small or empty data', () => {
    expect(niceTicks(0)).toEqual([0, 1, 2]);
    expect(niceTicks(1)).toEqual([0, 1, 2]);
    expect(niceTicks(3)).toEqual([0, 1, 2, 3]);
    expect(niceTicks(0.4)).toEqual([0, 1, 2]);
  });

  it('never exceeds the target by more than one step', () => {
    for (const max of [1, 5, 9, 11, 19, 49, 51, 99, 101, 499, 999]) {
      const ticks = niceTicks(max);
      const step = ticks[1]! - ticks[0]!;
      expect(ticks.at(-1)!).toBeGreaterThanOrEqual(max);
      expect(ticks.at(-1)! - step).toBeLessThan(Math.max(max, 2 * step));
      expect([1, 2, 5].some((m) => Number.isInteger(Math.log10(step / m)))).toBe(true);
    }
  });
});

describe('monthDay', () => {
  it('drops the year and leading zeros', () => {
    expect(monthDay('2026-11-30')).toBe('11/30');
    expect(monthDay('2027-01-04')).toBe('1/4');
  });
});

describe('labelEvery', () => {
  it('prints every label when they fit, fewer when they would overlap', () => {
    expect(labelEvery(60, 40)).toBe(1);
    expect(labelEvery(20, 40)).toBe(2);
    expect(labelEvery(12, 40)).toBe(4);
  });
});
