import { createInstance } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { inspectorEn } from '../i18n/inspector-en';
import { inspectorZh } from '../i18n/inspector-zh';
import { preDepartureCheck, readyToLeave, type TripCheckItem, type TripFacts } from './trip-check';

// The check's words as the screen shows them, through i18next and the inspector catalogue.
const i18n = createInstance();
beforeAll(async () => {
  await i18n.init({
    lng: 'zh',
    fallbackLng: false,
    defaultNS: 'inspector',
    resources: { zh: { inspector: inspectorZh }, en: { inspector: inspectorEn } },
    interpolation: { escapeValue: false },
  });
});
function say(item: TripCheckItem, lang: 'zh' | 'en'): string {
  const key = `check.${item.text}`;
  const text = i18n.getFixedT(lang)(key, item.params ?? {});
  // i18next answers a missing text with its key: that must fail here, not show on screen.
  expect(text).not.toBe(key);
  return text;
}

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
    expect(items.map((i) => say(i, 'zh'))).toContain('离线登录有效至 2026-11-29，覆盖整个行程');
    expect(items.map((i) => say(i, 'en'))).toContain('Enough storage (about 2038 MB free)');
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
    expect(say(bad[0]!, 'zh')).toContain(text);
    expect(say(bad[0]!, 'en').length).toBeGreaterThan(0);
    expect(readyToLeave(items)).toBe(false);
  });

  it('counts in English: one attachment, two cases', () => {
    const items = preDepartureCheck({ ...ready, missingAttachments: 1, missingCases: 2 });
    const text = (key: string) => say(items.find((i) => i.key === key)!, 'en');
    expect(text('attachments')).toBe(
      '1 attachment could not be downloaded and will not open offline',
    );
    expect(text('cases')).toBe('2 planned cases are not on the device');
  });

  it('a clock exactly 5 minutes off is still within tolerance', () => {
    expect(
      preDepartureCheck({ ...ready, clockOffsetMs: 5 * 60_000 }).find((i) => i.key === 'clock')?.ok,
    ).toBe(true);
  });
});
