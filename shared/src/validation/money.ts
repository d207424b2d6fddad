import type { MessageKey } from '../i18n/messages';

/** 100 million yuan in fen: far above any wage claim, far below Number.MAX_SAFE_INTEGER. */
export const MAX_FEN = 10_000_000_000;

export function fenError(value: number): MessageKey | null {
  if (!Number.isInteger(value)) return 'money.notInteger';
  if (value < 0) return 'money.negative';
  if (value > MAX_FEN) return 'money.tooLarge';
  return null;
}

/** Parses what an officer types in yuan ("5000", "5,000.5", "¥5000.50") into fen, or null. */
export function yuanTextToFen(text: string): number | null {
  const clean = text.replace(/[¥￥,，\s]/g, '');
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(clean);
  if (!m) return null;
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : null;
}

const yuanFormat = new Intl.NumberFormat('zh-CN', {
  style: 'currency',
  currency: 'CNY',
  minimumFractionDigits: 2,
});

/** ¥5,000.00 — money formatted for zh-CN from integer fen, without float rounding. */
export function formatFen(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.trunc(abs / 100);
  const cents = String(abs % 100).padStart(2, '0');
  // Format the integer part only, so no float ever carries the cents.
  const whole = yuanFormat.format(yuan).replace(/\.00$/, '');
  return `${sign}${whole}.${cents}`;
}
