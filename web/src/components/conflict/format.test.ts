import { createInstance, type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../i18n/en';
import { zhCore } from '../../i18n/zh-core';
import { zhScreens } from '../../i18n/zh-screens';
import { labelText, valueText } from './format';

let zh: TFunction;
let english: TFunction;
beforeAll(async () => {
  const i18n = createInstance();
  await i18n.init({
    lng: 'zh',
    fallbackLng: 'zh',
    resources: { zh: { translation: { ...zhCore, ...zhScreens } }, en: { translation: en } },
    interpolation: { escapeValue: false },
  });
  zh = i18n.getFixedT('zh');
  english = i18n.getFixedT('en');
});

describe('inbox values as a person reads them', () => {
  it('shows money as ¥ in zh-CN digits and instants in China time, in both languages', () => {
    expect(valueText({ kind: 'money' }, 880_000, 'zh', zh)).toBe('¥8,800.00');
    expect(valueText({ kind: 'money' }, 880_000, 'en', english)).toBe('¥8,800.00');
    expect(valueText({ kind: 'instant' }, '2026-12-01T18:05:00.000Z', 'zh', zh)).toBe(
      '2026/12/02 02:05',
    );
  });

  it('names codes and counts what only hashes would show', () => {
    expect(valueText({ kind: 'photos' }, ['a', 'b', 'c'], 'zh', zh)).toBe('3 张');
    expect(valueText({ kind: 'photos' }, ['a'], 'en', english)).toBe('1 photo');
    expect(valueText({ kind: 'signatures' }, { worker: 'h1', officer: 'h2' }, 'zh', zh)).toBe(
      '已签字：劳动者和调解员',
    );
    expect(valueText({ kind: 'enum', enumOf: 'mediationOutcomes' }, 'agreed', 'zh', zh)).toBe(
      '达成协议',
    );
    expect(valueText({ kind: 'status' }, 'closed', 'en', english)).toBe('Closed');
    expect(valueText({ kind: 'bool' }, true, 'zh', zh)).toBe('是');
    expect(valueText({ kind: 'text' }, undefined, 'zh', zh)).toBe('（空）');
  });

  it('writes English without Chinese punctuation', () => {
    const attendees = [
      { name: 'Zhao Liu', role: 'worker' },
      { name: 'Wang', role: 'employer' },
    ];
    const text = valueText({ kind: 'attendees' }, attendees, 'en', english);
    expect(text).toBe('Zhao Liu (Worker) and Wang (Employer)');
    expect(text).not.toMatch(/[（）、，：；。]/);
    const label = labelText(
      [{ key: 'newCase.claimantN', params: { n: 1 } }, { key: 'caseDetail.owed' }],
      english,
    );
    expect(label).toBe('Claimant 1 · Owed');
    expect(english('conflicts.unaccepted', { count: 1 })).toBe(
      '1 change of yours was not accepted',
    );
    expect(zh('conflicts.unaccepted', { count: 1 })).toBe('你的 1 处修改未被接受');
  });
});
