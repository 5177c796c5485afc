/**
 * Single-use codes that name their store: `{storeHash}.{43 random base64url chars}` (256 bits). Only the
 * SHA-256 of the random part is stored (under the store, so uninstall purges it), so a database reader
 * cannot redeem a code. Used for the iframe session hand-off and the QuickBooks OAuth `state`.
 */
import { createHash, randomBytes } from 'node:crypto';

export interface StoreScopedCode {
  storeHash: string;
  /** Document id to store the code under: never the code itself. */
  codeHash: string;
}

export function newStoreScopedCode(storeHash: string): StoreScopedCode & { code: string } {
  const secret = randomBytes(32).toString('base64url');
  return { code: `${storeHash}.${secret}`, storeHash, codeHash: hashSecret(secret) };
}

/** undefined for anything that is not exactly the shape we issue (forged, truncated, padded, wrong type). */
export function parseStoreScopedCode(code: unknown): StoreScopedCode | undefined {
  if (typeof code !== 'string') return undefined;
  const match = /^([a-z0-9]{1,64})\.([A-Za-z0-9_-]{43})$/.exec(code);
  if (!match?.[1] || !match[2]) return undefined;
  return { storeHash: match[1], codeHash: hashSecret(match[2]) };
}

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
