import { beforeAll, describe, expect, it, vi } from 'vitest';
import { en } from './en';
import { initI18n, loadScreenMessages, setLang, translator } from './index';
import { zhCore } from './zh-core';
import { zhScreens } from './zh-screens';

// The language switch sets <html lang>; the web tests run in Node, so a bare stand-in.
beforeAll(() => {
  vi.stubGlobal('document', { documentElement: { lang: '' } });
});

describe('one useTranslation over two engines', () => {
  it('translates the first screen before i18next has loaded, in either language', async () => {
    await initI18n();
    expect(translator('zh')('app.loading')).toBe(zhCore.app.loading);
    expect(translator('zh')('cases.count', { count: 3 })).toBe('共 3 件');

    setLang('en');
    await vi.waitFor(() => expect(document.documentElement.lang).toBe('en'));
    expect(translator('en')('cases.count', { count: 3 })).toBe('3 cases');
  });

  it('hands every text to i18next once an on-demand screen loads, English kept', async () => {
    await loadScreenMessages();
    expect(translator('zh')('caseDetail.caseNo')).toBe(zhScreens.caseDetail.caseNo);
    expect(translator('zh')('app.loading')).toBe(zhCore.app.loading);
    expect(translator('en')('caseDetail.caseNo')).toBe(en.caseDetail.caseNo);
    expect(translator('en')('sync.pending', { count: 2 })).toBe('2 to upload');

    setLang('zh');
    await vi.waitFor(() => expect(document.documentElement.lang).toBe('zh-CN'));
    expect(translator('zh')('cases.count', { count: 1 })).toBe('共 1 件');
  });
});
