/**
 * Verifies the `signed_payload_jwt` BigCommerce sends to the load, uninstall and remove_user callbacks.
 * Only HS256 with the app's client secret; aud = client id; iss = "bc"; exp/nbf with at most 10 s skew
 * (BigCommerce sets nbf = iat - 5 s). The store comes from `sub` ("stores/{hash}"): there is no store_hash claim.
 */
import jwt from 'jsonwebtoken';
import { z } from 'zod';

export const JWT_CLOCK_TOLERANCE_SECONDS = 10;
const MAX_TOKEN_LENGTH = 8_192;

export const STORE_HASH_PATTERN = /^[a-z0-9]{1,64}$/;

const claimsSchema = z.object({
  sub: z.string().regex(/^stores\/[a-z0-9]{1,64}$/),
  user: z.object({ id: z.number().int().positive(), email: z.string().max(320), locale: z.string().max(35).optional() }),
  owner: z.object({ id: z.number().int().positive(), email: z.string().max(320) }),
  url: z.string().max(2_048).optional(),
  channel_id: z.number().int().nullable().optional(),
});

export interface SignedPayload {
  storeHash: string;
  user: { id: number; email: string; locale?: string };
  owner: { id: number; email: string };
  /** Deep-link path inside the app ("/" when opened from the Apps menu). */
  url: string;
  channelId: number | null;
}

export class InvalidSignedPayloadError extends Error {
  constructor(reason: string) {
    super(`signed_payload_jwt rejected: ${reason}`);
    this.name = 'InvalidSignedPayloadError';
  }
}

export function verifySignedPayloadJwt(
  token: unknown,
  options: { clientId: string; clientSecret: string; now?: Date },
): SignedPayload {
  if (typeof token !== 'string' || token.length === 0) throw new InvalidSignedPayloadError('missing');
  if (token.length > MAX_TOKEN_LENGTH) throw new InvalidSignedPayloadError('too long');
  let decoded: unknown;
  try {
    decoded = jwt.verify(token, options.clientSecret, {
      algorithms: ['HS256'],
      audience: options.clientId,
      issuer: 'bc',
      clockTolerance: JWT_CLOCK_TOLERANCE_SECONDS,
      clockTimestamp: options.now ? Math.floor(options.now.getTime() / 1000) : undefined,
    });
  } catch (error) {
    // jsonwebtoken's messages name the failed check ("jwt expired", "jwt audience invalid"...) and no secrets.
    throw new InvalidSignedPayloadError(error instanceof Error ? error.message : 'unverifiable');
  }
  if (typeof decoded !== 'object' || decoded === null) throw new InvalidSignedPayloadError('claims are not an object');
  const { exp } = decoded as { exp?: unknown };
  if (typeof exp !== 'number') throw new InvalidSignedPayloadError('exp claim missing');
  const claims = claimsSchema.safeParse(decoded);
  if (!claims.success) {
    throw new InvalidSignedPayloadError(`claims malformed (${claims.error.issues.map((i) => i.path.join('.')).join(', ')})`);
  }
  const { sub, user, owner, url, channel_id: channelId } = claims.data;
  return {
    storeHash: sub.slice('stores/'.length),
    user,
    owner,
    url: url ?? '/',
    channelId: channelId ?? null,
  };
}
