import {
  type ApiErrorBody,
  inLang,
  isMessageKey,
  joinClauses,
  type Lang,
  type MessageKey,
  t,
  withDetail,
} from '@anxin/shared';

const HAN = /\p{Script=Han}/u;

import type { ConflictItem } from '../data/types';

/**
 * Why something is in the conflicts inbox, as data: a key of the shared catalogue
 * (shared/src/i18n/messages.ts, `inbox.*`) and what the server said. Stored so, it is put
 * into words when shown, in the language the officer reads then (`reasonText`).
 */
export interface Reason {
  key: MessageKey;
  /** The server's own words, as it wrote them (the device asks for Chinese). */
  serverMessage?: string;
  /** The server's messages by field. */
  serverFields?: Record<string, string>;
}

export const CONFLICT_REASON: Reason = { key: 'inbox.conflict' };
export const OUT_OF_SCOPE_REASON: Reason = { key: 'inbox.outOfScope' };
export const DEPENDENT_REASON: Reason = { key: 'inbox.dependent' };

const BY_CODE: Record<string, MessageKey> = {
  invalid: 'inbox.invalid',
  forbidden: 'inbox.forbidden',
  not_found: 'inbox.notFound',
  rejected: 'inbox.rejected',
  conflict: 'inbox.conflict',
  payload_too_large: 'inbox.payloadTooLarge',
  unsupported_media_type: 'inbox.unsupportedMediaType',
};

/** The summary for the server's error code, with the server's words kept beside it. */
export function reasonFor(
  error: ApiErrorBody | null | undefined,
  fallbackCode = 'rejected',
): Reason {
  const why: Reason = { key: BY_CODE[error?.code ?? fallbackCode] ?? 'inbox.rejected' };
  const message = error?.message?.trim();
  if (message) why.serverMessage = message;
  if (error?.fields) why.serverFields = { ...error.fields };
  return why;
}

/**
 * An inbox item's reason in `lang`. Chinese follows the summary with the server's words
 * (they are Chinese too); English names the fields concerned rather than mixing in Chinese
 * detail. Items stored before reasons were keys carry both texts as prose: shown as stored.
 */
export function reasonText(
  item: Pick<ConflictItem, 'why' | 'reason' | 'reasonEn'>,
  lang: Lang,
  /** A field path's label in `lang` (the screen has the labels); without it, the path. */
  fieldLabel?: (path: string) => string,
): string {
  const { why } = item;
  if (!why || !isMessageKey(why.key)) {
    return (
      (lang === 'en' ? (item.reasonEn ?? item.reason) : item.reason) ?? t('inbox.rejected', lang)
    );
  }
  const summary = t(why.key, lang);
  const fields = why.serverFields ?? {};
  if (lang === 'en') {
    // The server answered in Chinese; where its words are the catalogue's, they read in
    // English too, else only the field is named (no Chinese inside English text).
    const names = Object.entries(fields).map(([k, v]) => {
      const name = fieldLabel?.(k) ?? k;
      const said = inLang(v, 'en');
      return HAN.test(said) ? name : withDetail(name, said, 'en');
    });
    return names.length > 0 ? `${summary} (${joinClauses(names, 'en')})` : summary;
  }
  const fieldText = Object.entries(fields)
    .map(([k, v]) => (fieldLabel ? `${fieldLabel(k)}：${v}` : `${k}: ${v}`))
    .join('；');
  const extra = [why.serverMessage, fieldText].filter((s) => s && s !== summary).join('；');
  return extra ? `${summary}：${extra}` : summary;
}

/** Rejections that mean "not yours any more" go to the inbox as out_of_scope. */
export function isScopeError(error: ApiErrorBody | null | undefined): boolean {
  return error?.code === 'not_found' || error?.code === 'forbidden';
}
