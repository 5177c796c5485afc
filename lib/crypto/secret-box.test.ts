import { randomBytes } from 'node:crypto';
import { needsReseal, openSecret, sealSecret, SecretBoxError, type KeyRing } from './secret-box';

const k1 = randomBytes(32);
const k2 = randomBytes(32);
const ring: KeyRing = { activeKeyId: 'k1', keys: new Map([['k1', k1]]) };
const rotated: KeyRing = { activeKeyId: 'k2', keys: new Map([['k1', k1], ['k2', k2]]) };

describe('secret box', () => {
  it('round-trips and never stores the plaintext', () => {
    const box = sealSecret('bc-token-123', 'stores/abc#accessToken', ring);
    expect(JSON.stringify(box)).not.toContain('bc-token-123');
    expect(box.kid).toBe('k1');
    expect(openSecret(box, 'stores/abc#accessToken', ring)).toBe('bc-token-123');
  });

  it('uses a fresh IV for every seal', () => {
    const a = sealSecret('same', 'ctx', ring);
    const b = sealSecret('same', 'ctx', ring);
    expect(a.iv).not.toBe(b.iv);
    expect(a.ct).not.toBe(b.ct);
  });

  it('refuses a box moved to another context (store or field)', () => {
    const box = sealSecret('secret', 'stores/abc#accessToken', ring);
    expect(() => openSecret(box, 'stores/xyz#accessToken', ring)).toThrow(SecretBoxError);
  });

  it('refuses tampered ciphertext', () => {
    const box = sealSecret('secret', 'ctx', ring);
    const ct = Buffer.from(box.ct, 'base64');
    ct[0] = (ct[0] ?? 0) ^ 0xff;
    expect(() => openSecret({ ...box, ct: ct.toString('base64') }, 'ctx', ring)).toThrow(SecretBoxError);
  });

  it('opens old boxes after rotation and flags them for re-sealing', () => {
    const old = sealSecret('secret', 'ctx', ring);
    expect(needsReseal(old, rotated)).toBe(true);
    expect(openSecret(old, 'ctx', rotated)).toBe('secret');
    const fresh = sealSecret('secret', 'ctx', rotated);
    expect(fresh.kid).toBe('k2');
    expect(needsReseal(fresh, rotated)).toBe(false);
  });

  it('names a missing key without leaking material', () => {
    const box = sealSecret('secret', 'ctx', rotated);
    expect(() => openSecret(box, 'ctx', ring)).toThrow(/"k2" is not configured/);
  });
});
