import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password';

describe('scrypt password hashes', () => {
  it('verifies the right password and refuses others', async () => {
    const stored = await hashPassword('anxin-demo', 10);
    expect(stored).toMatch(/^scrypt\$10\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifyPassword('anxin-demo', stored)).toBe(true);
    expect(await verifyPassword('anxin-demo ', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('salts every hash', async () => {
    const a = await hashPassword('same', 10);
    const b = await hashPassword('same', 10);
    expect(a).not.toBe(b);
    expect(await verifyPassword('same', a)).toBe(true);
    expect(await verifyPassword('same', b)).toBe(true);
  });

  it('reads the cost from the stored hash, so raising it later keeps old hashes valid', async () => {
    const cheap = await hashPassword('pw', 8);
    expect(await verifyPassword('pw', cheap)).toBe(true);
  });

  it('refuses malformed or tampered hashes instead of throwing', async () => {
    const stored = await hashPassword('pw', 10);
    const parts = stored.split('$');
    parts[5] = Buffer.alloc(32, 1).toString('base64');
    expect(await verifyPassword('pw', parts.join('$'))).toBe(false);
    expect(await verifyPassword('pw', 'plain-text')).toBe(false);
    expect(await verifyPassword('pw', 'scrypt$99$8$1$AA==$AA==')).toBe(false);
    expect(await verifyPassword('pw', 'bcrypt$10$8$1$AA==$AA==')).toBe(false);
  });
});
