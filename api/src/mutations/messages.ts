import { type Lang, type MessageKey, t } from '@anxin/shared';
import type { MutationContext, MutationOutcome } from './types';

/** The refusals of pushed mutations: the `reject.*` keys of the shared catalogue, unprefixed. */
export type RejectMessage = {
  [K in MessageKey]: K extends `reject.${infer R}` ? R : never;
}[MessageKey];

/** Why a mutation was refused, in plain words, in the caller's language (Chinese first). */
export function rejectText(key: RejectMessage, lang: Lang): string {
  return t(`reject.${key}`, lang);
}

type Rejected = Extract<MutationOutcome, { status: 'rejected' }>;

/** A refused mutation worded by `key`; with `field`, the same words on the field at fault. */
export function refused(
  ctx: Pick<MutationContext, 'lang'>,
  code: Rejected['code'],
  key: RejectMessage,
  field?: string,
): MutationOutcome {
  const message = rejectText(key, ctx.lang);
  return field === undefined
    ? { status: 'rejected', code, message }
    : { status: 'rejected', code, message, fields: { [field]: message } };
}
