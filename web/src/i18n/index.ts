import type { Lang } from '@anxin/shared';
import type { i18n, TFunction } from 'i18next';
import { useMemo, useSyncExternalStore } from 'react';
import { type Catalogue, lookupT } from './lookup';
import { zhCore } from './zh';

// Two engines behind one `useTranslation()`: the officer's first screen (the case list, the
// frame, the sync bar) translates with a few-line lookup over its own texts (lookup.ts);
// i18next (~15 KB gzipped) loads with the first on-demand screen, takes over every text from
// then on, and is what workspaces add their namespaces to (`loadI18next`).

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

let lang: Lang = 'zh';
/** The catalogues the lookup reads until i18next is live (then i18next holds them too). */
const catalogues: Partial<Record<Lang, Catalogue>> = { zh: zhCore };
let live: i18n | null = null;
/** Bumped when the language or the engine changes, so every `useTranslation` re-renders. */
let generation = 0;
const listeners = new Set<() => void>();

function changed(): void {
  generation += 1;
  for (const l of listeners) l();
}

/** English is loaded only by those who choose it, keeping it off the first screen's JS. */
async function loadEnglish(): Promise<void> {
  if (catalogues.en) return;
  const { en } = await import('./en');
  catalogues.en = en;
  live?.addResourceBundle('en', 'translation', en);
}

let starting: Promise<i18n> | null = null;

/**
 * i18next with every text loaded so far and the on-demand screens' Chinese texts: resolves
 * once it translates for every `useTranslation`. Workspaces add their namespaces to it.
 */
export function loadI18next(): Promise<i18n> {
  starting ??= (async () => {
    const [{ default: i18next }, { zhScreens }] = await Promise.all([
      import('i18next'),
      import('./zh-screens'),
    ]);
    const resources: Record<string, { translation: Catalogue }> = {};
    for (const [l, c] of Object.entries(catalogues)) resources[l] = { translation: c };
    await i18next.init({
      resources,
      partialBundledLanguages: true,
      lng: lang,
      fallbackLng: 'zh',
      // React escapes what it renders; escaping here too would show &amp; in names.
      interpolation: { escapeValue: false },
      returnNull: false,
    });
    i18next.addResourceBundle('zh', 'translation', zhScreens, true, false);
    // English chosen while i18next was starting arrived in `catalogues` only.
    for (const [l, c] of Object.entries(catalogues)) {
      if (!i18next.hasResourceBundle(l, 'translation'))
        i18next.addResourceBundle(l, 'translation', c);
    }
    if (i18next.language !== lang) await i18next.changeLanguage(lang);
    live = i18next;
    changed();
    return i18next;
  })().catch((err: unknown) => {
    // A chunk that failed to load (a flaky link before the service worker cached it) may
    // load on the next screen opened.
    starting = null;
    throw err;
  });
  return starting;
}

/** The texts of the on-demand screens, loaded with the screens themselves (app/App.tsx). */
export async function loadScreenMessages(): Promise<void> {
  await loadI18next();
}

export async function initI18n(): Promise<void> {
  lang = storedLang();
  applyDocumentLang(lang);
  if (lang === 'en') await loadEnglish();
}

export function setLang(next: Lang): void {
  try {
    localStorage.setItem(LANG_KEY, next);
  } catch {
    // Not remembered, but the switch still applies to this session.
  }
  void (async () => {
    if (next === 'en') await loadEnglish();
    applyDocumentLang(next);
    lang = next;
    await live?.changeLanguage(next);
    changed();
  })();
}

function subscribe(onChange: () => void): () => void {
  listeners.add(onChange);
  return () => listeners.delete(onChange);
}

const currentLang = (): Lang => lang;

/** The UI language outside React (a desk call's failure text, joined in that language). */
export function uiLang(): Lang {
  return lang;
}
const currentGeneration = (): number => generation;

/** The current UI language as shared/'s Lang, for shared labels and `fieldErrors`. */
export function useLang(): Lang {
  return useSyncExternalStore(subscribe, currentLang, currentLang);
}

/** The translator for `lang` from whichever engine is live now (what `useTranslation` gives). */
export function translator(forLang: Lang, ns?: string): TFunction {
  if (live) return live.getFixedT(forLang, ns ?? null);
  // The lookup answers the calls the first screen makes; TFunction's overloads (for
  // i18next's other options) are its own to type. No namespace is loaded before i18next, so
  // a namespaced text is its key, as i18next would answer.
  return lookupT(ns ? {} : catalogues, forLang) as unknown as TFunction;
}

/**
 * Re-renders on a language switch and when i18next takes over from the first screen's
 * lookup. `ns`: a workspace's namespace, once added to i18next (`loadI18next`).
 */
export function useTranslation(ns?: string): { t: TFunction } {
  const current = useLang();
  const gen = useSyncExternalStore(subscribe, currentGeneration, currentGeneration);
  // biome-ignore lint/correctness/useExhaustiveDependencies: gen marks an engine switch.
  const t = useMemo(() => translator(current, ns), [current, ns, gen]);
  return { t };
}
