/**
 * The format of a support staff password hash, without node:crypto, so lib/env.ts can validate SUPPORT_STAFF at
 * start-up without pulling crypto into everything that reads config (see lib/support/password-hash.ts):
 *
 *   scrypt:<N>:<r>:<p>:<salt base64url>:<hash base64url>
 *
 * Colons, not the `$` of PHC strings: Next.js expands `$NAME` in .env files (even in quotes), which would
 * silently mangle a `$`-separated hash pasted into .env. A `$`-separated string is still accepted when parsing.
 * No `@/` imports: scripts load this file directly.
 */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

export interface ParsedPasswordHash extends ScryptParams {
  salt: Buffer;
  hash: Buffer;
}

/** Refuse parameters that would let a misconfigured hash tie up a server (memory = 128 · N · r bytes). */
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;

const B64URL = /^[A-Za-z0-9_-]+$/;

/** undefined for anything that is not a well-formed, sanely-parameterised scrypt hash string. */
export function parsePasswordHash(encoded: string): ParsedPasswordHash | undefined {
  const parts = encoded.trim().split(/[:$]/);
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  if (![n, r, p].every((value) => /^\d{1,8}$/.test(value))) return undefined;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  // N must be a power of two greater than 1.
  if (params.N < 2 || params.N > MAX_N || (params.N & (params.N - 1)) !== 0) return undefined;
  if (params.r < 1 || params.r > MAX_R || params.p < 1 || params.p > MAX_P) return undefined;
  if (!B64URL.test(salt) || !B64URL.test(hash)) return undefined;
  const saltBytes = Buffer.from(salt, 'base64url');
  const hashBytes = Buffer.from(hash, 'base64url');
  if (saltBytes.length < 8 || hashBytes.length < 16 || hashBytes.length > 64) return undefined;
  return { ...params, salt: saltBytes, hash: hashBytes };
}

export function isPasswordHash(encoded: string): boolean {
  return parsePasswordHash(encoded) !== undefined;
}

