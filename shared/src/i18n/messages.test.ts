import { describe, expect, it } from 'vitest';
import {
  inLang,
  isMessageKey,
  joinClauses,
  joinList,
  MESSAGES,
  type MessageKey,
  t,
  withDetail,
} from './messages';

const HAN = /\p{Script=Han}/u;

describe('the message catalogue', () => {
  const keys = Object.keys(MESSAGES) as MessageKey[];

  it('words every key in Chinese and in English, and in nothing else', () => {
    for (const key of keys) {
      const entry: Record<string, string> = MESSAGES[key];
      // An English singular (`en_one`) where a count of 1 needs one.
      const langs = Object.keys(entry).sort();
      expect(
        langs.filter((l) => l !== 'en_one'),
        key,
      ).toEqual(['en', 'zh']);
      expect(entry.zh!.trim(), key).not.toBe('');
      expect(entry.en!.trim(), key).not.toBe('');
      expect(HAN.test(entry.zh!), `${key} zh is Chinese`).toBe(true);
      expect(HAN.test(entry.en!), `${key} en has no Chinese`).toBe(false);
      if (entry.en_one !== undefined) {
        expect(HAN.test(entry.en_one), `${key} en_one has no Chinese`).toBe(false);
        expect(entry.en_one, key).toContain('{{count}}');
      }
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

describe('texts made of parts', () => {
  it('joins with the punctuation of the language it is in', () => {
    expect(joinList(['雇主', '描述'], 'zh')).toBe('雇主、描述');
    expect(joinList(['employer', 'description'], 'en')).toBe('employer, description');
    expect(
      withDetail(t('reject.invalid', 'en'), joinClauses(['Required', 'Too long'], 'en'), 'en'),
    ).toBe('Some fields are invalid: Required; Too long');
    expect(withDetail('提交的内容有误', joinClauses(['必填', '太长'], 'zh'), 'zh')).toBe(
      '提交的内容有误：必填；太长',
    );
  });

  it('counts one in the English singular', () => {
    expect(t('admin.unitHasOpenCases', 'en', { count: 1 })).toMatch(/has 1 unfinished case and/);
    expect(t('admin.unitHasOpenCases', 'en', { count: 3 })).toMatch(/has 3 unfinished cases and/);
    expect(t('admin.unitHasOpenCases', 'zh', { count: 1 })).toMatch(/还有 1 件未办结案件/);
  });

  it('puts a refusal the server worded in one language into the other, when it is the catalogue’s', () => {
    expect(inLang('数值太小', 'en')).toBe('Too small');
    expect(inLang('Required', 'zh')).toBe('必填');
    expect(inLang('申请人人数与填写的人数不符', 'en')).toBe('申请人人数与填写的人数不符');
  });
});
