import { describe, expect, it } from 'vitest';
import { t } from '../i18n/messages';
import { MIN_PASSWORD_LENGTH, passwordProblem } from './password';

describe('passwordProblem', () => {
  it('wants at least 10 characters', () => {
    expect(MIN_PASSWORD_LENGTH).toBe(10);
    expect(passwordProblem('k7#Lq2vW9', 'officer.fotang')).toBe('password.tooShort');
    expect(passwordProblem('k7#Lq2vW9x', 'officer.fotang')).toBeNull();
    expect(passwordProblem('', 'officer.fotang')).toBe('password.tooShort');
    expect(t('password.tooShort')).toBe('密码至少 10 位');
  });

  it('counts characters, not UTF-16 units', () => {
    // Nine characters, one of them outside the BMP (two UTF-16 units): still too short.
    expect(passwordProblem('山水𠀋k7#Lq2', 'officer.fotang')).toBe('password.tooShort');
    expect(passwordProblem('山水𠀋k7#Lq2v', 'officer.fotang')).toBeNull();
    expect(passwordProblem('🍊🍎🍋🍇🍉', 'officer.fotang')).toBe('password.tooShort');
  });

  it('refuses an absurdly long password', () => {
    expect(passwordProblem(`${'k7#Lq2vW9x'.repeat(20)}z`, 'officer.fotang')).toBe('tooLong');
    expect(passwordProblem('k7#Lq2vW9x'.repeat(20), 'officer.fotang')).toBeNull();
  });

  it.each([
    ['the username itself', 'officer.fotang', 'officer.fotang'],
    ['in another case', 'Officer.Fotang', 'officer.fotang'],
    ['with digits after it', 'officer.fotang2026', 'officer.fotang'],
    ['with digits before it', '2026officer.fotang', 'officer.fotang'],
    ['the username typed with spaces around it', 'zhangmin.office', '  Zhangmin.Office '],
    // A username that ends in a digit is still the username (stripping digits lost its own).
    ['a username ending in a digit', 'inspector.1', 'inspector.1'],
    ['such a username with more digits', 'inspector.12026', 'inspector.1'],
    ['a username ending in digits', 'zhangwei2024', 'zhangwei2024'],
  ])('refuses %s', (_name, password, username) => {
    expect(passwordProblem(password, username)).toBe('password.isUsername');
  });

  it('takes the username as text, not as a pattern', () => {
    // '.' in a username is a dot, not "any character".
    expect(passwordProblem('inspectorx1', 'inspector.1')).toBeNull();
    expect(passwordProblem('officer.fotang-xyz', 'officer.fotang')).toBeNull();
    expect(passwordProblem('my-officer.fotang', 'officer.fotang')).toBeNull();
  });

  it.each([
    'password123',
    'Password123',
    'qwertyuiop',
    'QWERTYUIOP',
    '1234567890',
    'woaini1314',
    'anxin-demo',
    'admin12345',
  ])('refuses the common password %s', (password) => {
    expect(passwordProblem(password, 'officer.fotang')).toBe('password.common');
  });

  it.each(['aaaaaaaaaa', 'AAAAAAAAAAAA', '1111111111', '··········'])(
    'refuses one character repeated: %s',
    (password) => {
      expect(passwordProblem(password, 'officer.fotang')).toBe('password.common');
    },
  );

  it('accepts a password with two different characters', () => {
    expect(passwordProblem('aaaaaaaaab', 'officer.fotang')).toBeNull();
  });

  it('explains each refusal in Chinese and English', () => {
    for (const key of ['password.tooShort', 'password.isUsername', 'password.common'] as const) {
      expect(t(key, 'zh')).toMatch(/密码/);
      expect(t(key, 'en').length).toBeGreaterThan(0);
    }
  });
});
