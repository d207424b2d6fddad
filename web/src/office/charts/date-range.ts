import { mondayOf } from '@anxin/shared';

/** The quick ranges of the dashboard's date picker (receipt date, China calendar days). */
export const QUICK_RANGES = ['thisWeek', 'thisMonth', 'last12Weeks', 'thisYear'] as const;
export type QuickRange = (typeof QUICK_RANGES)[number];

export interface DayRange {
  from: string;
  to: string;
}

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The days a quick range covers, ending today (the server's today, so a desk with a wrong
 * clock still asks for the right weeks): this week from Monday, this month from the 1st,
 * the last 12 weeks from the Monday eleven weeks before this one, this year from 1 January.
 */
export function quickRange(kind: QuickRange, today: string): DayRange {
  switch (kind) {
    case 'thisWeek':
      return { from: mondayOf(today), to: today };
    case 'thisMonth':
      return { from: `${today.slice(0, 8)}01`, to: today };
    case 'last12Weeks':
      return { from: addDays(mondayOf(today), -77), to: today };
    case 'thisYear':
      return { from: `${today.slice(0, 4)}-01-01`, to: today };
  }
}

/** Which quick range a from / to pair is, if any (the picker marks that button pressed). */
export function matchingRange(range: DayRange, today: string): QuickRange | null {
  return (
    QUICK_RANGES.find((k) => {
      const r = quickRange(k, today);
      return r.from === range.from && r.to === range.to;
    }) ?? null
  );
}
