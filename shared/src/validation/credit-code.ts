import type { MessageKey } from '../i18n/messages';

// GB 32100-2015: 31 characters, the digits and capitals without I, O, S, V, Z.
export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CODE_CHARSET.indexOf(first17[i]!) * WEIGHTS[i]!;
  return CREDIT_CODE_CHARSET[(31 - (sum % 31)) % 31]!;
}

export function normalizeCreditCode(raw: string): string {
  return raw.trim().toUpperCase();
}

export function creditCodeError(raw: string): MessageKey | null {
  const code = normalizeCreditCode(raw);
  if (code.length !== 18) return 'creditCode.length';
  for (const ch of code) if (!CREDIT_CODE_CHARSET.includes(ch)) return 'creditCode.charset';
  if (!/^\d{6}$/.test(code.slice(2, 8))) return 'creditCode.region';
  if (creditCodeCheckChar(code.slice(0, 17)) !== code[17]) return 'creditCode.checkDigit';
  return null;
}
