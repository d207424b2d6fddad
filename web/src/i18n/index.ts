import type { Lang } from '@anxin/shared';
import i18next, { type TFunction } from 'i18next';
import { useMemo, useSyncExternalStore } from 'react';
import { zhCore } from './zh';

const LANG_KEY = 'anxin.lang';

function storedLang(): Lang {
  try {
    return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    // Storage can be blocked (private mode, policy); Chinese is the default anyway.
    return 'zh';
  }
}

function applyDocumentLang(lang: Lang): void {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
}

/**
 * The Chinese texts of the on-demand screens, loaded with the screens themselves (see
 * app/App.tsx), so the first screen's JavaScript carries only its own texts.
 */
export async function loadScreenMessages(): Promise<void> {
  if (
    i18next.hasResourceBundle('zh', 'translation') &&
    i18next.exists('caseDetail.caseNo', { lng: 'zh' })
  )
    return;
  const { zhScreens } = await import('./zh-screens');
  i18next.addResourceBundle('zh', 'translation', zhScreens, true, false);
}

/** English is loaded only by those who choose it, keeping it off the first screen's JS. */
async function loadEnglish(): Promise<void> {
  if (i18next.hasResourceBundle('en', 'translation')) return;
  const { en } = await import('./en');
  i18next.addResourceBundle('en', 'translation', en);
}

export async function initI18n(): Promise<void> {
  const lng = storedLang();
  applyDocumentLang(lng);
  await i18next.init({
    resources: { zh: { translation: zhCore } },
    partialBundledLanguages: true,
    lng,
    fallbackLng: 'zh',
    // React escapes what it renders; escaping here too would show &amp; in names.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  if (lng === 'en') {
    await loadEnglish();
    await i18next.changeLanguage('en');
  }
}

export function setLang(lang: Lang): void {
  try {
    localStorage.setItem(LANG_KEY, lang);
  } catch {
    // Not remembered, but the switch still applies to this session.
  }
  void (async () => {
    if (lang === 'en') await loadEnglish();
    applyDocumentLang(lang);
    await i18next.changeLanguage(lang);
  })();
}

function subscribe(onChange: () => void): () => void {
  i18next.on('languageChanged', onChange);
  return () => i18next.off('languageChanged', onChange);
}

function currentLang(): Lang {
  return i18next.language === 'en' ? 'en' : 'zh';
}

/** The current UI language as shared/'s Lang, for shared labels and `fieldErrors`. */
export function useLang(): Lang {
  return useSyncExternalStore(subscribe, currentLang, currentLang);
}

/**
 * i18next bound to React: re-renders on a language switch. A few lines here instead of
 * react-i18next keep ~3 KB gzipped off the officer's first screen.
 */
export function useTranslation(): { t: TFunction } {
  const lang = useLang();
  const t = useMemo(() => i18next.getFixedT(lang), [lang]);
  return { t };
}
