import type { MessageKey } from '../i18n/messages';

export const MIN_PASSWORD_LENGTH = 10;

/**
 * Passwords people pick first, at or above the minimum length: refused outright. Short on
 * purpose (the length rule already refuses the shorter classics); compared lower-cased.
 */
const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  '0123456789',
  '1234567890',
  '12345678910',
  '123456789a',
  'a123456789',
  '1234567890a',
  '1qaz2wsx3edc',
  '1q2w3e4r5t',
  'qwertyuiop',
  'qwerty1234',
  'qwer123456',
  'asdfghjkl1',
  'abc1234567',
  'abcd123456',
  'abcdefghij',
  'password12',
  'password123',
  'password1234',
  'passw0rd12',
  'admin12345',
  'admin123456',
  'administrator',
  'woaini1314',
  'woaini520',
  '5201314520',
  'iloveyou12',
  'zxcvbnm123',
  'anxin-demo',
  'anxin123456',
  'anxinwaiqin',
  'changeme123',
  'welcome123',
]);

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Why a new password is refused, or null: at least MIN_PASSWORD_LENGTH characters, not the
 * username (nor the username with a few digits around it), not one character repeated, not
 * a common password.
 */
export function passwordProblem(password: string, username: string): MessageKey | null {
  // Characters as people count them: an emoji or a rare hanzi outside the BMP is one
  // character, not the two UTF-16 units `length` would count.
  const chars = [...password].length;
  if (chars < MIN_PASSWORD_LENGTH) return 'password.tooShort';
  if (password.length > 200) return 'tooLong';
  const lower = password.toLowerCase();
  const user = username.trim().toLowerCase();
  // Matched as a whole rather than by stripping digits off the password, which also strips
  // a username's own trailing digits: 'inspector.1' as the password of inspector.1 got through.
  if (user !== '' && new RegExp(`^\\d*${escapeRegExp(user)}\\d*$`).test(lower)) {
    return 'password.isUsername';
  }
  if (new Set(lower).size === 1) return 'password.common';
  if (COMMON_PASSWORDS.has(lower)) return 'password.common';
  return null;
}
