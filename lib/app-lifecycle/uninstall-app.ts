/** uninstall and remove_user callbacks: server-to-server from BigCommerce, verified like load. */
import type { AppDeps } from '@/lib/app-deps';
import { verifySignedPayloadJwt } from '@/lib/bigcommerce/signed-payload';
import { logger } from '@/lib/log/logger';
import { disconnectQuickBooks } from '@/lib/quickbooks-connection/disconnect-quickbooks';

export async function uninstallApp(deps: AppDeps, signedPayloadJwt: unknown): Promise<{ storeHash: string }> {
  const payload = verifySignedPayloadJwt(signedPayloadJwt, deps.config.bigcommerce);
  // BigCommerce already revoked its token and deleted our hooks. The QuickBooks grant is ours to revoke
  // before its sealed copy is purged; a failure there must not keep the store's data.
  await disconnectQuickBooks(deps, payload.storeHash, 'The app was uninstalled.').catch((error: unknown) =>
    logger.warn('QuickBooks grant not revoked at uninstall', { storeHash: payload.storeHash, error }),
  );
  await deps.stores.deleteStoreData(payload.storeHash);
  logger.info('app uninstalled, store data deleted', { storeHash: payload.storeHash, userId: payload.user.id });
  return { storeHash: payload.storeHash };
}

export async function removeUser(deps: AppDeps, signedPayloadJwt: unknown): Promise<{ storeHash: string; userId: number }> {
  const payload = verifySignedPayloadJwt(signedPayloadJwt, deps.config.bigcommerce);
  await deps.stores.removeUser(payload.storeHash, payload.user.id);
  logger.info('store user removed', { storeHash: payload.storeHash, userId: payload.user.id });
  return { storeHash: payload.storeHash, userId: payload.user.id };
}
