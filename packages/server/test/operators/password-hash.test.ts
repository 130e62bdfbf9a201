import { describe, expect, it } from 'vitest';
import { DEFAULT_SCRYPT_COST, hashPassword, passwordHasher, verifyAgainstDummy, verifyPassword } from '../../src/operators/index.js';

const cheap = { cost: 2 ** 4 };

describe('password hashing', () => {
  it('hashes with scrypt at N=2^15, r=8, p=1 by default, in the self-describing format', async () => {
    expect(DEFAULT_SCRYPT_COST).toBe(32768);
    const stored = await hashPassword('correct horse battery');
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(stored).not.toContain('correct horse');
    expect(await verifyPassword(stored, 'correct horse battery')).toBe(true);
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse battery', cheap);
    expect(stored.startsWith('scrypt$16$8$1$')).toBe(true);
    expect(await verifyPassword(stored, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(stored, 'correct horse batterY')).toBe(false);
    expect(await verifyPassword(stored, '')).toBe(false);
  });

  it('salts every hash', async () => {
    const first = await hashPassword('same password here', cheap);
    const second = await hashPassword('same password here', cheap);
    expect(first).not.toBe(second);
    expect(await verifyPassword(second, 'same password here')).toBe(true);
  });

  it('treats canonically equal Unicode spellings as the same password', async () => {
    const stored = await hashPassword('caf\u00e9 au lait!!', cheap);
    expect(await verifyPassword(stored, 'cafe\u0301 au lait!!')).toBe(true);
  });

  it('answers false for malformed or out-of-bounds stored hashes instead of throwing', async () => {
    const stored = await hashPassword('correct horse battery', cheap);
    const [, , r, p, salt, key] = stored.split('$');
    for (const bad of [
      '',
      'bcrypt$2b$10$abc',
      stored.replace('scrypt$', 'Scrypt$'),
      `scrypt$15$${r}$${p}$${salt}$${key}`,
      `scrypt$${2 ** 30}$${r}$${p}$${salt}$${key}`,
      `scrypt$16$${r}$${p}$${salt}`,
      `scrypt$16$${r}$${p}$${salt}$${key}$extra`,
      `scrypt$16$${r}$${p}$$${key}`,
    ])
      expect(await verifyPassword(bad, 'correct horse battery')).toBe(false);
    await expect(hashPassword('x', { cost: 1000 })).rejects.toThrow(/power of two/);
  });

  it('runs a dummy verification that always fails', async () => {
    expect(await verifyAgainstDummy('anything at all', cheap)).toBe(false);
    const hasher = passwordHasher(cheap);
    const stored = await hasher.hash('correct horse battery');
    expect(await hasher.verify(stored, 'correct horse battery')).toBe(true);
    expect(await hasher.verifyAgainstDummy('correct horse battery')).toBe(false);
  });
});
