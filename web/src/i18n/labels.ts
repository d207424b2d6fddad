import type { Lang } from '@anxin/shared';

/** One language's texts of a shared label table, so domain labels are written once, in shared/. */
export function labelTexts<K extends string>(
  labels: Record<K, { zh: string; en: string }>,
  lang: Lang,
): Record<K, string> {
  const out = {} as Record<K, string>;
  for (const key of Object.keys(labels) as K[]) out[key] = labels[key][lang];
  return out;
}
