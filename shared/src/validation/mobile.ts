import type { MessageKey } from '../i18n/messages';
import { toHalfWidth } from './width';

/**
 * Folds full-width digits, strips spaces, dashes (a long dash too) and a +86 / 0086 prefix:
 * the ways officers and workers write numbers.
 */
export function normalizeMobile(raw: string): string {
  const compact = toHalfWidth(raw).replace(/[\s\-\u2010-\u2015]/g, '');
  return compact.replace(/^(\+86|0086)/, '');
}

const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;
// Landline: area code 0xx or 0xxx, then 7–8 digits, optional extension.
const LANDLINE = /^0\d{2,3}\d{7,8}(#\d{1,6})?$/;

export function mobileError(raw: string): MessageKey | null {
  return MAINLAND_MOBILE.test(normalizeMobile(raw)) ? null : 'mobile.invalid';
}

/** An employer's contact number may be a mobile or a landline. */
export function phoneError(raw: string): MessageKey | null {
  const n = normalizeMobile(raw);
  return MAINLAND_MOBILE.test(n) || LANDLINE.test(n) ? null : 'phone.invalid';
}

/** 138****5678: enough for an officer to recognise a number, not enough to call it. */
export function maskMobile(mobile: string): string {
  const n = normalizeMobile(mobile);
  if (n.length < 7) return '*'.repeat(n.length);
  return `${n.slice(0, 3)}****${n.slice(-4)}`;
}
