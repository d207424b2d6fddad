import { chinaDate } from '@anxin/shared';
import { describe, expect, it } from 'vitest';
import { formatBytes, formatDate, formatDateTime, fromLocalInput, toLocalInput } from './format';

describe('China-time formatting', () => {
  it('shows instants in China time whatever the device zone', () => {
    // 16:30 UTC is 00:30 the next day in Beijing.
    expect(formatDateTime('2026-11-23T16:30:00.000Z', 'zh')).toBe('2026/11/24 00:30');
    expect(chinaDate(Date.parse('2026-11-23T16:30:00.000Z'))).toBe('2026-11-24');
    expect(chinaDate(Date.parse('2026-11-23T15:59:59.999Z'))).toBe('2026-11-23');
  });

  it('keeps a calendar date on its day', () => {
    expect(formatDate('2026-01-01', 'zh')).toBe('2026年1月1日');
    expect(formatDate('2026-12-31', 'en')).toBe('31 December 2026');
  });

  it('shows a dash for what is missing or malformed', () => {
    expect(formatDateTime(null, 'zh')).toBe('—');
    expect(formatDateTime('not a date', 'en')).toBe('—');
    expect(formatDate(undefined, 'zh')).toBe('—');
  });

  it('round-trips a datetime-local value through China time', () => {
    const ms = Date.parse('2026-11-23T03:05:00.000Z');
    expect(toLocalInput(ms)).toBe('2026-11-23T11:05');
    expect(fromLocalInput('2026-11-23T11:05')).toBe('2026-11-23T03:05:00.000Z');
    expect(fromLocalInput('2026-11-23')).toBeNull();
    expect(fromLocalInput('')).toBeNull();
  });

  it('formats storage figures, and says nothing for unknown ones', () => {
    expect(formatBytes(null)).toBeNull();
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2.5 * 1024 * 1024)).toBe('2.5 MB');
  });
});
