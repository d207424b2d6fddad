import type { Lang } from '@anxin/shared';
import { DataError } from '../data/errors';

/** A data-layer error as words for the officer, in the UI language. */
export function errorMessage(err: unknown, lang: Lang): string {
  if (err instanceof DataError) return lang === 'zh' ? err.messageZh : err.messageEn;
  if (err instanceof Error) return err.message;
  return String(err);
}

/** Per-field messages of a refused action (`claimants.0.mobile` → message). */
export function errorFields(err: unknown, lang: Lang): Record<string, string> {
  if (err instanceof DataError) return lang === 'zh' ? err.fields : err.fieldsEn;
  return {};
}
