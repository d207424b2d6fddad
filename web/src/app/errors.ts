import { joinClauses, type Lang, withDetail } from '@anxin/shared';
import { DataError } from '../data/errors';

/** A data-layer error as words for the officer, in the UI language. */
export function errorMessage(err: unknown, lang: Lang): string {
  if (err instanceof DataError) return err.text(lang);
  if (err instanceof Error) return err.message;
  return String(err);
}

/** Per-field messages of a refused action (`claimants.0.mobile` → message). */
export function errorFields(err: unknown, lang: Lang): Record<string, string> {
  if (err instanceof DataError) return err.fieldTexts(lang);
  return {};
}

/** A refused write as one line: the headline, then each field's reason. */
export function errorText(err: unknown, lang: Lang): string {
  const head = errorMessage(err, lang);
  const fields = Object.values(errorFields(err, lang));
  return fields.length > 0 ? withDetail(head, joinClauses(fields, lang), lang) : head;
}
