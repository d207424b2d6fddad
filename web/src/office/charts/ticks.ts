/**
 * Axis steps a reader can count along: 1, 2 or 5 times a power of ten, never a fraction
 * (the charts count cases), reaching at least the largest value with at least two steps,
 * so an axis always shows three or more labelled ticks starting at 0.
 */
export function niceTicks(max: number, targetSteps = 5): number[] {
  const top = Math.max(0, Math.ceil(max));
  const rough = Math.max(1, top / Math.max(1, targetSteps));
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const steps = Math.max(2, Math.ceil(top / step));
  return Array.from({ length: steps + 1 }, (_, i) => i * step);
}

/** 'YYYY-MM-DD' → 'M/D', the way a week is labelled on the axis (11/30, 1/4). */
export function monthDay(day: string): string {
  return `${Number(day.slice(5, 7))}/${Number(day.slice(8, 10))}`;
}

/**
 * Every how many labels to print so neighbours do not overlap: labels `labelPx` wide on
 * slots `slotPx` apart need one label per ceil(labelPx / slotPx) slots.
 */
export function labelEvery(slotPx: number, labelPx: number): number {
  return Math.max(1, Math.ceil(labelPx / Math.max(1, slotPx)));
}
