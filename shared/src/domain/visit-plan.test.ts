import { describe, expect, it } from 'vitest';
import { mondayOf, visitReasons } from './visit-plan';

const NOW = Date.parse('2026-11-23T04:00:00.000Z');
const hoursAgo = (h: number) => new Date(NOW - h * 3600_000).toISOString();

const open = {
  status: 'in_progress' as const,
  needsAssistance: false,
  workersCount: 1,
  receivedAt: hoursAgo(10),
  firstActionAt: hoursAgo(9),
  resolvedAt: null,
};

describe('visitReasons', () => {
  it.each([
    ['a fresh case on time', open, []],
    ['flagged 需协助', { ...open, needsAssistance: true }, ['assistance']],
    ['past the 3-day warning', { ...open, receivedAt: hoursAgo(80) }, ['hard']],
    [
      'past 7 days',
      { ...open, receivedAt: hoursAgo(200), firstActionAt: hoursAgo(199) },
      ['overdue'],
    ],
    ['returned by review', { ...open, status: 'returned' as const }, ['hard']],
    ['a group case of 10 workers', { ...open, workersCount: 10 }, ['hard']],
    [
      'first action came late',
      { ...open, receivedAt: hoursAgo(30), firstActionAt: hoursAgo(1) },
      ['hard'],
    ],
    [
      'overdue and flagged',
      { ...open, receivedAt: hoursAgo(200), firstActionAt: hoursAgo(199), needsAssistance: true },
      ['overdue', 'assistance'],
    ],
    [
      'resolved cases are not visited',
      { ...open, status: 'resolved' as const, resolvedAt: hoursAgo(1), needsAssistance: true },
      [],
    ],
    [
      'closed cases are not visited',
      { ...open, status: 'closed' as const, needsAssistance: true },
      [],
    ],
  ] as const)('%s', (_name, c, reasons) => {
    expect(visitReasons(c, NOW)).toEqual(reasons);
  });
});

describe('mondayOf', () => {
  it.each([
    ['2026-11-23', '2026-11-23'],
    ['2026-11-29', '2026-11-23'],
    ['2026-11-25', '2026-11-23'],
    ['2026-01-01', '2025-12-29'],
  ])('%s → %s', (d, m) => {
    expect(mondayOf(d)).toBe(m);
  });
});
