import type { MessageKey } from '../i18n/messages';
import { toHalfWidth } from './width';

/** 100 million yuan in fen: far above any wage claim, far below Number.MAX_SAFE_INTEGER. */
export const MAX_FEN = 10_000_000_000;

export function fenError(value: number): MessageKey | null {
  if (!Number.isInteger(value)) return 'money.notInteger';
  if (value < 0) return 'money.negative';
  if (value > MAX_FEN) return 'money.tooLarge';
  return null;
}

// Full-width forms are folded first (toHalfWidth); '。' is how a Chinese keyboard types a dot.
const YUAN_NOISE = /[¥￥元,，\s]/g;

function cleanYuanText(text: string): string {
  return toHalfWidth(text).replace(/。/g, '.').replace(YUAN_NOISE, '');
}

/**
 * Parses what an officer types in yuan ("5000", "5,000.5", "¥5000.50", "１，０００") into
 * fen, or null when it is not an amount (yuanTextError says why).
 */
export function yuanTextToFen(text: string): number | null {
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(cleanYuanText(text));
  if (!m) return null;
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : null;
}

/** What is wrong with a typed yuan amount, in the words an officer can act on; null if fine. */
export function yuanTextError(text: string): MessageKey | null {
  const clean = cleanYuanText(text);
  if (clean === '') return 'required';
  if (/^[-−]/.test(clean)) return 'money.negative';
  if (/^\d+\.\d{3,}$/.test(clean)) return 'money.decimals';
  const fen = yuanTextToFen(text);
  if (fen === null) return 'money.notNumber';
  return fenError(fen);
}

// Built on first use, not when the module loads: the first Intl.NumberFormat of a page loads
// the locale's data (~100 ms on a loaded phone), and every screen imports this module while
// only the ones that show money format any.
let yuanFormat: Intl.NumberFormat | undefined;

/** ¥5,000.00 — money formatted for zh-CN from integer fen, without float rounding. */
export function formatFen(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.trunc(abs / 100);
  const cents = String(abs % 100).padStart(2, '0');
  // Format the integer part only, so no float ever carries the cents.
  yuanFormat ??= new Intl.NumberFormat('zh-CN', {
    style: 'currency',
    currency: 'CNY',
    minimumFractionDigits: 2,
  });
  const whole = yuanFormat.format(yuan).replace(/\.00$/, '');
  return `${sign}${whole}.${cents}`;
}
