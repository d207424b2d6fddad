import { createInstance, type TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { type Catalogue, lookupT } from '../i18n/lookup';
import { zhCore } from '../i18n/zh-core';
import type { ProgressCounter } from '../sync/status';
import { progressText } from './SyncProgress';

// The sync bar is on the first screen, which translates with the lookup until i18next has
// loaded: both must say the counter the same way, in both languages.
async function translators(lang: 'zh' | 'en'): Promise<Array<[string, TFunction]>> {
  const i18n = createInstance();
  await i18n.init({
    lng: lang,
    fallbackLng: 'zh',
    resources: { zh: { translation: zhCore }, en: { translation: en } },
    interpolation: { escapeValue: false },
  });
  const lookup = lookupT({ zh: zhCore, en: en as unknown as Catalogue }, lang);
  return [
    ['i18next', i18n.getFixedT(lang)],
    ['lookup', lookup as unknown as TFunction],
  ];
}

const cases: Array<[ProgressCounter, string, string]> = [
  [
    { phase: 'download', done: 1200, total: 2000 },
    '正在下载 1,200 / 2,000 条',
    'Downloading 1,200 / 2,000 changes',
  ],
  [{ phase: 'download', done: 1, total: 1 }, '正在下载 1 / 1 条', 'Downloading 1 / 1 change'],
  [
    { phase: 'download', done: 12_345, total: null },
    '正在下载更新，已收到 12,345 条',
    'Downloading updates, 12,345 received',
  ],
  [{ phase: 'download', done: 0, total: 0 }, '正在下载更新…', 'Downloading updates…'],
  [
    { phase: 'upload-photos', done: 3, total: 12 },
    '正在上传 3 / 12 张照片',
    'Uploading 3 / 12 photos',
  ],
  [{ phase: 'upload-photos', done: 0, total: 1 }, '正在上传 0 / 1 张照片', 'Uploading 0 / 1 photo'],
  [{ phase: 'upload', done: 1, total: 2 }, '正在上传 1/2 条', 'Uploading 1 of 2'],
  [
    { phase: 'upload', done: 1500, total: 2400 },
    '正在上传 1,500/2,400 条',
    'Uploading 1,500 of 2,400',
  ],
];

describe('the sync counter’s words', () => {
  for (const lang of ['zh', 'en'] as const) {
    it(`${lang}: counts with thousands separators, the singular in English`, async () => {
      for (const [engine, t] of await translators(lang)) {
        for (const [counter, zh, english] of cases) {
          expect(progressText(counter, t, lang), `${engine} ${JSON.stringify(counter)}`).toBe(
            lang === 'zh' ? zh : english,
          );
        }
      }
    });
  }
});
