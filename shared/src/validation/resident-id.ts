import type { MessageKey } from '../i18n/messages';
import { isRealDate } from './dates';
import { toHalfWidth } from './width';

// GB 11643-1999: weights 2^(17-i) mod 11 for the first 17 digits.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';
// First two digits: province-level region codes (GB/T 2260), plus 83 for the residence
// permits of Taiwan residents, which share the format.
// biome-ignore format: a table reads better on a few lines
const PROVINCE_CODES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64',
  '65', '71', '81', '82', '83',
]);

export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** Folds full-width digits and upper-cases a trailing x: workers write it both ways. */
export function normalizeResidentId(raw: string): string {
  return toHalfWidth(raw).trim().toUpperCase();
}

/**
 * Checks an 18-character resident ID number: charset, region, a real birth date not after
 * `today` (a 'YYYY-MM-DD' string from the server's clock where it matters), check digit.
 */
export function residentIdError(raw: string, today: string): MessageKey | null {
  const id = normalizeResidentId(raw);
  if (id.length !== 18) return 'residentId.length';
  if (!/^\d{17}[\dX]$/.test(id)) return 'residentId.charset';
  if (!PROVINCE_CODES.has(id.slice(0, 2))) return 'residentId.region';
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!isRealDate(birth) || birth < '1900-01-01') return 'residentId.birthDate';
  if (birth > today) return 'residentId.future';
  if (residentIdCheckChar(id.slice(0, 17)) !== id[17]) return 'residentId.checkDigit';
  return null;
}

/** 330782********1234: keeps region and the last four, hides the birth date. */
export function maskResidentId(id: string): string {
  if (id.length < 10) return '*'.repeat(id.length);
  return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
}
