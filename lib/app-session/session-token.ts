/**
 * The app's own session inside the control-panel iframe. Third-party cookies are blocked there, so after
 * the load callback verifies BigCommerce's JWT the page receives a short-lived signed token, keeps it in
 * memory and sends it as `Authorization: Bearer …` on every API call. The token only names the store and
 * user; membership is re-checked against Firestore on every request (lib/app-session/authenticate-request.ts).
 */
import { randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { z } from 'zod';

const ISSUER = 'qbo-sync';
const AUDIENCE = 'qbo-sync-app';

export interface AppSession {
  storeHash: string;
  userId: number;
}

export class InvalidAppSessionError extends Error {
  constructor(reason: string) {
    super(`app session rejected: ${reason}`);
    this.name = 'InvalidAppSessionError';
  }
}

const claimsSchema = z.object({ sub: z.string().regex(/^[a-z0-9]{1,64}$/), uid: z.number().int().positive() });

export function signAppSessionToken(
  session: AppSession,
  options: { secret: string; ttlSeconds: number },
): { token: string; expiresAt: number } {
  const token = jwt.sign({ uid: session.userId }, options.secret, {
    algorithm: 'HS256',
    subject: session.storeHash,
    issuer: ISSUER,
    audience: AUDIENCE,
    expiresIn: options.ttlSeconds,
    jwtid: randomBytes(12).toString('base64url'),
  });
  return { token, expiresAt: Date.now() + options.ttlSeconds * 1000 };
}

export function verifyAppSessionToken(token: string, options: { secret: string }): AppSession {
  if (token.length > 4_096) throw new InvalidAppSessionError('too long');
  let decoded: unknown;
  try {
    decoded = jwt.verify(token, options.secret, { algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE });
  } catch (error) {
    throw new InvalidAppSessionError(error instanceof Error ? error.message : 'unverifiable');
  }
  const claims = claimsSchema.safeParse(decoded);
  if (!claims.success) throw new InvalidAppSessionError('claims malformed');
  return { storeHash: claims.data.sub, userId: claims.data.uid };
}

/**
 * One-time codes carry a session from a callback (a full-page load in the iframe) to the page without
 * putting the session token itself in a URL, where Referer headers, logs and the control-panel SDK's
 * URL reporting would expose it. Format: `{storeHash}.{random}`; only a hash of the random part is stored.
 */
export const SESSION_CODE_TTL_SECONDS = 120;

