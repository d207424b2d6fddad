import { describe, expect, it } from 'vitest';
import { isMessageKey, MESSAGES, type MessageKey, t } from './messages';

const HAN = /\p{Script=Han}/u;

describe('the message catalogue', () => {
  const keys = Object.keys(MESSAGES) as MessageKey[];

  it('words every key in Chinese and in English, and in nothing else', () => {
    for (const key of keys) {
      const entry: Record<string, string> = MESSAGES[key];
      expect(Object.keys(entry).sort(), key).toEqual(['en', 'zh']);
      expect(entry.zh!.trim(), key).not.toBe('');
      expect(entry.en!.trim(), key).not.toBe('');
      expect(HAN.test(entry.zh!), `${key} zh is Chinese`).toBe(true);
      expect(HAN.test(entry.en!), `${key} en has no Chinese`).toBe(false);
    }
  });

  it('names the same parameters in both languages, and fills them in', () => {
    const names = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const key of keys) {
      expect(names(MESSAGES[key].en), key).toEqual(names(MESSAGES[key].zh));
    }
    expect(t('auth.tooManyFailures', 'en', { minutes: 15 })).toBe(
      'Too many failed sign-ins; try again in 15 minutes',
    );
    expect(t('auth.tooManyFailures', 'zh', { minutes: 15 })).toBe(
      '登录失败次数过多，请 15 分钟后再试',
    );
  });

  it("holds the server's refusals: mutations under reject.*, the HTTP layer under http.*", () => {
    expect(t('reject.caseClosed', 'zh')).toBe('案件已结案，不能再修改');
    expect(t('reject.caseClosed', 'en')).toBe('The case is closed and can no longer change');
    expect(t('http.unauthorized', 'zh')).toBe('请先登录');
    expect(t('http.unauthorized', 'en')).toBe('Please sign in');
    expect(t('reject.plannerOnly', 'en')).toBe('Only inspectors make visit plans');
  });

  it('answers in Chinese unless asked otherwise, and knows its own keys only', () => {
    expect(t('required')).toBe('必填');
    expect(isMessageKey('http.forbidden')).toBe(true);
    expect(isMessageKey('toString')).toBe(false);
    expect(isMessageKey('reject.nothingLikeThis')).toBe(false);
  });
});
