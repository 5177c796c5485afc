import { hashPassword, isPasswordHash, parsePasswordHash, verifyPassword } from './password-hash';

// Small parameters keep the suite fast; the format and the checks are the same as with the defaults.
const FAST = { N: 1024, r: 8, p: 1 };

describe('support password hashes', () => {
  it('hashes with a random salt into scrypt:N:r:p:salt:hash and verifies only the right password', async () => {
    const first = await hashPassword('correct horse battery staple', FAST);
    const second = await hashPassword('correct horse battery staple', FAST);
    expect(first).toMatch(/^scrypt:1024:8:1:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]{43}$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain('$');
    await expect(verifyPassword('correct horse battery staple', first)).resolves.toBe(true);
    await expect(verifyPassword('correct horse battery stapler', first)).resolves.toBe(false);
    await expect(verifyPassword('', first)).resolves.toBe(false);
  });

  it('uses the default cost when none is given', async () => {
    expect(await hashPassword('a long enough password')).toMatch(/^scrypt:32768:8:1:/);
  });

  it('also reads $-separated hashes (set directly in the environment, not through .env expansion)', async () => {
    const hash = await hashPassword('pa55word-pa55word', FAST);
    await expect(verifyPassword('pa55word-pa55word', hash.replaceAll(':', '$'))).resolves.toBe(true);
  });

  it.each([
    ['empty', ''],
    ['another algorithm', 'bcrypt:1024:8:1:c2FsdHNhbHRzYWx0:aGFzaGhhc2hoYXNoaGFzaA'],
    ['N not a power of two', 'scrypt:1000:8:1:c2FsdHNhbHRzYWx0:aGFzaGhhc2hoYXNoaGFzaA'],
    ['N too large', `scrypt:${2 ** 21}:8:1:c2FsdHNhbHRzYWx0:aGFzaGhhc2hoYXNoaGFzaA`],
    ['r of zero', 'scrypt:1024:0:1:c2FsdHNhbHRzYWx0:aGFzaGhhc2hoYXNoaGFzaA'],
    ['a short salt', 'scrypt:1024:8:1:c2Fs:aGFzaGhhc2hoYXNoaGFzaA'],
    ['a short hash', 'scrypt:1024:8:1:c2FsdHNhbHRzYWx0:aGFzaA'],
    ['non-base64 characters', 'scrypt:1024:8:1:c2FsdHNhbHRz+Wx0:aGFzaGhhc2hoYXNoaGFzaA'],
    ['a missing part', 'scrypt:1024:8:c2FsdHNhbHRzYWx0:aGFzaGhhc2hoYXNoaGFzaA'],
  ])('rejects %s, and verification of it fails without throwing', async (_name, encoded) => {
    expect(parsePasswordHash(encoded)).toBeUndefined();
    expect(isPasswordHash(encoded)).toBe(false);
    await expect(verifyPassword('anything', encoded)).resolves.toBe(false);
  });

  it('refuses to hash an empty password', async () => {
    await expect(hashPassword('', FAST)).rejects.toThrow(/empty/);
  });
});
