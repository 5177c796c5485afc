/**
 * Secrets at rest (BigCommerce and QuickBooks tokens, webhook secrets): AES-256-GCM with a random 96-bit IV.
 * Every box records the id of the key that sealed it, so keys can rotate: add a new key, make it active,
 * run `npm run secrets:reencrypt`, then retire the old one. The associated data binds a box to where it
 * is stored (e.g. "stores/abc123#accessToken"), so a box copied to another store or field will not open.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface SecretBox {
  v: 1;
  kid: string;
  iv: string;
  tag: string;
  ct: string;
}

export interface KeyRing {
  activeKeyId: string;
  keys: ReadonlyMap<string, Buffer>;
}

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

export function sealSecret(plaintext: string, context: string, keyRing: KeyRing): SecretBox {
  const key = keyRing.keys.get(keyRing.activeKeyId);
  if (!key) throw new SecretBoxError(`active encryption key "${keyRing.activeKeyId}" is not configured`);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return {
    v: 1,
    kid: keyRing.activeKeyId,
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    ct: ct.toString('base64'),
  };
}

export function openSecret(box: SecretBox, context: string, keyRing: KeyRing): string {
  const key = keyRing.keys.get(box.kid);
  if (!key) throw new SecretBoxError(`encryption key "${box.kid}" is not configured (was it retired too early?)`);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(box.iv, 'base64'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(box.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(box.ct, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    // Never include ciphertext or key material in the message.
    throw new SecretBoxError(`secret for ${context} could not be decrypted (wrong key or tampered data)`);
  }
}

export function isSecretBox(value: unknown): value is SecretBox {
  if (typeof value !== 'object' || value === null) return false;
  const box = value as Record<string, unknown>;
  return box.v === 1 && ['kid', 'iv', 'tag', 'ct'].every((field) => typeof box[field] === 'string');
}

/** True when the box was sealed with a key other than the active one and should be re-sealed. */
export function needsReseal(box: SecretBox, keyRing: KeyRing): boolean {
  return box.kid !== keyRing.activeKeyId;
}
