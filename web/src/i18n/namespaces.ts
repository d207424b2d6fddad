import type { i18n, TFunction } from 'i18next';
import { use, useMemo } from 'react';
import { loadI18next, useLang } from './index';

/**
 * The workspaces' texts, one i18next namespace each, loaded with the workspace that shows
 * them: none of it is on the officer's first screen. Both languages come together (a desk
 * catalogue is a few KB), so switching language in a workspace needs no second load.
 */
export const NAMESPACES = {
  office: () =>
    Promise.all([import('./office-zh'), import('./office-en')]).then(([zh, en]) => ({
      zh: zh.officeZh,
      en: en.officeEn,
    })),
  inspector: () =>
    Promise.all([import('./inspector-zh'), import('./inspector-en')]).then(([zh, en]) => ({
      zh: zh.inspectorZh,
      en: en.inspectorEn,
    })),
} as const;

export type Namespace = keyof typeof NAMESPACES;

const loaded = new Map<Namespace, Promise<i18n>>();

/** One load per namespace; the same promise every time, as React's `use` needs. */
export function loadNamespace(ns: Namespace): Promise<i18n> {
  let done = loaded.get(ns);
  if (!done) {
    done = Promise.all([loadI18next(), NAMESPACES[ns]()]).then(([i18next, { zh, en }]) => {
      i18next.addResourceBundle('zh', ns, zh, true, false);
      i18next.addResourceBundle('en', ns, en, true, false);
      return i18next;
    });
    // A failed chunk load may be retried on the next render rather than stay failed.
    done.catch(() => loaded.delete(ns));
    loaded.set(ns, done);
  }
  return done;
}

/**
 * `t` for a workspace screen: keys are looked up in the given namespaces, in order, then in
 * the app's common texts. Suspends (up to the nearest Suspense) until they are loaded.
 */
export function useWorkspaceTexts(...namespaces: [Namespace, ...Namespace[]]): { t: TFunction } {
  const [first, ...more] = namespaces;
  const engine = use(loadNamespace(first));
  for (const ns of more) use(loadNamespace(ns));
  const lang = useLang();
  const key = namespaces.join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the list.
  const t = useMemo(
    () => engine.getFixedT(lang, [...namespaces, 'translation']) as unknown as TFunction,
    [engine, lang, key],
  );
  return { t };
}
