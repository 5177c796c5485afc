/**
 * Daily upkeep of every connected QuickBooks company, run by the worker's periodic sweep: re-read the company
 * profile when it is older than a day. Reading it uses the access token, which refreshes (and rotates) the
 * refresh token, so a quiet store never hits Intuit's 100-day inactivity expiry; and a grant that died
 * (revoked in QuickBooks, expired) is noticed the same day, marked "needs reconnect" for the merchant and
 * support, instead of on the next order.
 */
import type { AppDeps } from '@/lib/app-deps';
import { logger } from '@/lib/log/logger';
import { isProfileStale } from './company-profile';
import { refreshCompanyProfile } from './company-profile-refresh';
import { ReconnectRequiredError } from './intuit-oauth';

export interface MaintenanceSummary {
  checked: number;
  refreshed: number;
  needsReconnect: number;
  failed: number;
}

export async function maintainQuickBooksConnections(
  deps: AppDeps,
  options: { now?: number; limit?: number } = {},
): Promise<MaintenanceSummary> {
  const now = options.now ?? Date.now();
  const summary: MaintenanceSummary = { checked: 0, refreshed: 0, needsReconnect: 0, failed: 0 };
  const connected = await deps.quickbooks.connections.listConnected(options.limit ?? 500);
  for (const { storeHash, connection } of connected) {
    summary.checked += 1;
    const stored = await deps.quickbooks.profiles.getForRealm(storeHash, connection.realmId);
    if (!isProfileStale(stored?.profile, now)) continue;
    try {
      await refreshCompanyProfile(deps, storeHash, connection.realmId);
      summary.refreshed += 1;
    } catch (error) {
      if (error instanceof ReconnectRequiredError) summary.needsReconnect += 1;
      else summary.failed += 1;
      logger.warn('QuickBooks daily upkeep failed', { storeHash, realmId: connection.realmId, error });
    }
  }
  return summary;
}
