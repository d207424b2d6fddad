import type { Lang } from '@anxin/shared';
import i18next, { type i18n } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from './en';
import { type Catalogue, lookupT } from './lookup';
import { zhCore } from './zh-core';

// The first screen translates with lookupT until i18next loads; an officer must read the
// same text either way, so every first-screen text is checked against i18next's answer.

const sample: Catalogue = {
  list: {
    claimants_one: '{{count}} claimant',
    claimants_other: '{{count}} claimants',
    claimants_zero: 'No claimants',
    plain: 'Owed {{amount}} to {{ name }}',
  },
  onlyZh: '仅中文',
};
const sampleZh: Catalogue = {
  list: { claimants: '{{count}} 名申请人', plain: '欠 {{name}} {{amount}}' },
  onlyZh: '仅中文',
  zhOnly: { nested: '只有中文 {{x}}' },
};

function leaves(tree: Catalogue, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) => {
    const path = prefix ? `${prefix}.${k}` : k;
    return typeof v === 'string' ? [path] : leaves(v, path);
  });
}

async function engine(resources: Partial<Record<Lang, Catalogue>>): Promise<i18n> {
  const instance = i18next.createInstance();
  await instance.init({
    resources: Object.fromEntries(
      Object.entries(resources).map(([l, c]) => [l, { translation: c }]),
    ),
    lng: 'zh',
    fallbackLng: 'zh',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance;
}

const OPTION_SETS: Record<string, unknown>[] = [
  {},
  { count: 0 },
  { count: 1 },
  { count: 2, time: '3 分钟', label: '首次联系', amount: '¥1,200.00', minutes: 12 },
  { count: 21, message: '网络错误', name: '张三' },
];

describe('the first screen’s translator', () => {
  let real: i18n;
  beforeAll(async () => {
    real = await engine({ zh: zhCore, en: en as unknown as Catalogue });
  });

  it('gives i18next’s text for every first-screen text, in both languages', () => {
    for (const lang of ['zh', 'en'] as const) {
      const ours = lookupT({ zh: zhCore, en: en as unknown as Catalogue }, lang);
      const theirs = real.getFixedT(lang);
      for (const key of leaves(zhCore)) {
        for (const opts of OPTION_SETS) {
          expect(ours(key, opts), `${lang} ${key} ${JSON.stringify(opts)}`).toBe(theirs(key, opts));
        }
      }
    }
  });

  it('picks plural forms, falls back to Chinese and answers a missing key as i18next does', async () => {
    const resources = { zh: sampleZh, en: sample };
    const theirs = await engine(resources);
    const calls: [string, Record<string, unknown>][] = [
      ['list.claimants', { count: 0 }],
      ['list.claimants', { count: 1 }],
      ['list.claimants', { count: 7 }],
      ['list.plain', { amount: '¥5', name: '李四' }],
      ['list.plain', { amount: '¥5' }],
      ['list.plain', { amount: null, name: 0 }],
      ['zhOnly.nested', { x: 1 }],
      ['onlyZh', {}],
      ['no.such.key', {}],
      ['no.such.key', { defaultValue: 'Fallback {{n}}', n: 3 }],
    ];
    for (const lang of ['zh', 'en'] as const) {
      const ours = lookupT(resources, lang);
      const t = theirs.getFixedT(lang);
      for (const [key, opts] of calls) {
        expect(ours(key, opts), `${lang} ${key} ${JSON.stringify(opts)}`).toBe(
          String(t(key, opts)),
        );
      }
    }
  });

  it('shows English plurals the way an English reader expects', () => {
    const t = lookupT({ zh: sampleZh, en: sample }, 'en');
    expect(t('list.claimants', { count: 1 })).toBe('1 claimant');
    expect(t('list.claimants', { count: 2 })).toBe('2 claimants');
    expect(t('list.claimants', { count: 0 })).toBe('No claimants');
  });
});
