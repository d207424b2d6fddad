import { describe, expect, it } from 'vitest';
import { matchingRange, QUICK_RANGES, quickRange } from './date-range';

// Wednesday 2 December 2026.
const TODAY = '2026-12-02';

describe('quickRange', () => {
  it('ends every range today', () => {
    for (const k of QUICK_RANGES) expect(quickRange(k, TODAY).to).toBe(TODAY);
  });

  it('starts this week on Monday, this month on the 1st, this year on 1 January', () => {
    expect(quickRange('thisWeek', TODAY).from).toBe('2026-11-30');
    expect(quickRange('thisMonth', TODAY).from).toBe('2026-12-01');
    expect(quickRange('thisYear', TODAY).from).toBe('2026-01-01');
  });

  it('covers twelve weeks, this one included, from a Monday', () => {
    const { from } = quickRange('last12Weeks', TODAY);
    expect(from).toBe('2026-09-14');
    expect(new Date(`${from}T00:00:00Z`).getUTCDay()).toBe(1);
  });

  it('on a Monday this week is the one day', () => {
    expect(quickRange('thisWeek', '2026-11-30')).toEqual({ from: '2026-11-30', to: '2026-11-30' });
  });
});

describe('matchingRange', () => {
  it('names the quick range a pair is, or none', () => {
    expect(matchingRange(quickRange('thisMonth', TODAY), TODAY)).toBe('thisMonth');
    expect(matchingRange({ from: '2026-11-01', to: TODAY }, TODAY)).toBeNull();
    expect(matchingRange({ from: '', to: '' }, TODAY)).toBeNull();
  });
});
