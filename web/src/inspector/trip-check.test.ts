import { describe, expect, it } from 'vitest';
import { preDepartureCheck, readyToLeave, type TripFacts } from './trip-check';

const ready: TripFacts = {
  outbox: 0,
  persisted: true,
  usage: 10 * 1024 * 1024,
  quota: 2 * 1024 * 1024 * 1024,
  sessionExpiresAt: '2026-11-29T01:00:00.000Z',
  tripEndsOn: '2026-11-27',
  clockOffsetMs: 20_000,
  missingCases: 0,
  missingAttachments: 0,
};

describe('preDepartureCheck', () => {
  it('is ready when every condition holds', () => {
    const items = preDepartureCheck(ready);
    expect(items.map((i) => [i.key, i.ok])).toEqual([
      ['outbox', true],
      ['persisted', true],
      ['quota', true],
      ['session', true],
      ['clock', true],
      ['cases', true],
      ['attachments', true],
    ]);
    expect(readyToLeave(items)).toBe(true);
  });

  it.each([
    ['unsent changes', { outbox: 3 }, 'outbox', '还有 3 项更改未发送'],
    ['storage not persisted', { persisted: false }, 'persisted', '未获得持久存储'],
    ['storage API missing', { persisted: null }, 'persisted', '无法确认'],
    [
      'little space left',
      { usage: 1_990 * 1024 * 1024, quota: 2_000 * 1024 * 1024 },
      'quota',
      '仅剩约 10 MB',
    ],
    ['unknown quota', { quota: null }, 'quota', '无法得知'],
    // Expires 08:59 China time on the 27th: before the last trip day is over.
    [
      'session ends during the trip',
      { sessionExpiresAt: '2026-11-27T00:59:00.000Z' },
      'session',
      '2026-11-27',
    ],
    ['signed out', { sessionExpiresAt: null }, 'session', '未登录'],
    ['clock 6 minutes fast', { clockOffsetMs: -6 * 60_000 }, 'clock', '约 6 分钟'],
    ['server unreachable', { clockOffsetMs: null }, 'clock', '无法连接服务器'],
    ['cases missing', { missingCases: 2 }, 'cases', '2 件'],
    ['attachments missing', { missingAttachments: 1 }, 'attachments', '1 个附件'],
  ] as const)('says plainly when not ready: %s', (_name, change, key, text) => {
    const items = preDepartureCheck({ ...ready, ...change });
    const bad = items.filter((i) => !i.ok);
    expect(bad.map((i) => i.key)).toEqual([key]);
    expect(bad[0]!.zh).toContain(text);
    expect(bad[0]!.en.length).toBeGreaterThan(0);
    expect(readyToLeave(items)).toBe(false);
  });

  it('a clock exactly 5 minutes off is still within tolerance', () => {
    expect(
      preDepartureCheck({ ...ready, clockOffsetMs: 5 * 60_000 }).find((i) => i.key === 'clock')?.ok,
    ).toBe(true);
  });
});
