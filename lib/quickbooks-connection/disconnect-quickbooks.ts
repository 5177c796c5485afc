/**
 * Ending a QuickBooks connection: revoke the grant at Intuit, then clear the tokens here. The connection
 * document keeps the realm, company name and the realms the store posted to, so a later reconnect to a
 * different company still needs the merchant's confirmation. Work stays parked until someone reconnects.
 */
import { FieldValue, Timestamp } from 'firebase-admin/firestore';
import type { AppDeps } from '@/lib/app-deps';
import type { AuthenticatedRequest } from '@/lib/app-session/authenticate-request';
import { openSecret } from '@/lib/crypto/secret-box';
import { logger } from '@/lib/log/logger';
import { revokeToken } from './intuit-oauth';
import { refreshTokenContext } from './token-manager';

/** true when Intuit confirmed (or the grant was already dead); false when Intuit could not be reached. */
export async function revokeGrantQuietly(deps: AppDeps, storeHash: string, refreshToken: string): Promise<boolean> {
  try {
    await revokeToken(deps.quickbooks.access.oauth, refreshToken);
    return true;
  } catch (failure) {
    logger.warn('QuickBooks revoke failed', { storeHash, error: failure });
    return false;
  }
}

export interface DisconnectResult {
  /** false: we cleared our copy, but Intuit did not confirm the revocation (the merchant can revoke there). */
  revoked: boolean;
}

const deleted = () => FieldValue.delete() as unknown as undefined;

/** Revokes and clears the store's grant. Safe to call when there is nothing to disconnect. */
export async function disconnectQuickBooks(
  deps: AppDeps,
  storeHash: string,
  reason: string,
): Promise<DisconnectResult> {
  const { connections } = deps.quickbooks;
  const connection = await connections.get(storeHash);
  if (!connection || connection.status === 'disconnected') return { revoked: true };
  const revoked = connection.refreshToken
    ? await revokeGrantQuietly(deps, storeHash, openSecret(connection.refreshToken, refreshTokenContext(storeHash), deps.config.encryption))
    : true;
  await connections.runTransaction(async (tx) => {
    const latest = await connections.getIn(tx, storeHash);
    connections.setIn(tx, storeHash, {
      status: 'disconnected',
      statusReason: reason,
      statusChangedAt: Timestamp.now(),
      accessToken: deleted(),
      refreshToken: deleted(),
      accessTokenExpiresAt: deleted(),
      refreshTokenExpiresAt: deleted(),
      tokenVersion: (latest?.tokenVersion ?? 0) + 1,
      lease: null,
    });
  });
  logger.info('QuickBooks disconnected', { storeHash, realmId: connection.realmId, revoked });
  return { revoked };
}

export function disconnectByUser(deps: AppDeps, auth: AuthenticatedRequest): Promise<DisconnectResult> {
  return disconnectQuickBooks(deps, auth.storeHash, `Disconnected by ${auth.user.email}.`);
}
