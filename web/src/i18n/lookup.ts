import type { Lang } from '@anxin/shared';

/** A message catalogue as the app writes them: nested objects of strings. */
export type Catalogue = { readonly [key: string]: string | Catalogue };

export interface LookupOptions {
  readonly count?: number;
  readonly defaultValue?: string;
  readonly [variable: string]: unknown;
}

function find(catalogue: Catalogue | undefined, key: string): string | undefined {
  let node: string | Catalogue | undefined = catalogue;
  for (const part of key.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

const pluralRules = new Map<Lang, Intl.PluralRules>();
function pluralOf(lang: Lang, count: number): string {
  let rules = pluralRules.get(lang);
  if (!rules) {
    rules = new Intl.PluralRules(lang === 'zh' ? 'zh-CN' : 'en');
    pluralRules.set(lang, rules);
  }
  return rules.select(count);
}

/** `key_zero` (count 0 only), `key_one`/`key_other`…, then `key`: the order i18next tries. */
function candidates(lang: Lang, key: string, count: number | undefined): string[] {
  if (typeof count !== 'number') return [key];
  const keys = [`${key}_${pluralOf(lang, count)}`, key];
  return count === 0 ? [`${key}_zero`, ...keys] : keys;
}

/**
 * The first screen's translator: what i18next does for the texts that screen uses (nested
 * keys, `{{variable}}`, plural suffixes, falling back to Chinese, the key itself when a text
 * is missing) in a few lines, so the officer's first paint does not wait for i18next, which
 * loads with the on-demand screens. lookup.test.ts holds it to i18next's answers.
 */
export function lookupT(
  catalogues: Partial<Record<Lang, Catalogue>>,
  lang: Lang,
): (key: string, options?: LookupOptions) => string {
  const order: Lang[] = lang === 'zh' ? ['zh'] : [lang, 'zh'];
  return (key, options) => {
    let text: string | undefined;
    for (const l of order) {
      for (const k of candidates(l, key, options?.count)) {
        text = find(catalogues[l], k);
        if (text !== undefined) break;
      }
      if (text !== undefined) break;
    }
    text ??= options?.defaultValue ?? key;
    // React escapes what it renders, so values go in as they are (i18next: escapeValue false).
    // A variable not given stays as written, which is what i18next shows too.
    return text.replace(/\{\{\s*([^{}\s]+)\s*\}\}/g, (written, name: string) => {
      const value = options?.[name];
      if (value === undefined) return written;
      return value === null ? '' : String(value);
    });
  };
}
