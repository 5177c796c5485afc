/**
 * The one place that turns configuration into QuickBooks access: Intuit OAuth settings, the token manager,
 * and an API client for a store's connected company. Use cases take these from AppDeps; nothing else
 * constructs a QuickBooks client or touches node-quickbooks' global endpoints.
 */
import type { AppConfig } from '@/lib/env';
import type { QuickBooksConnectionRepository } from '@/lib/firestore/quickbooks-connection-repository';
import { configureQuickBooksEndpoints, QuickBooksClient, type AccessTokenSource } from '@/lib/quickbooks/quickbooks-client';
import type { IntuitOAuthConfig } from './intuit-oauth';
import { QuickBooksTokenManager } from './token-manager';

export function intuitOAuthConfig(config: AppConfig['quickbooks']): IntuitOAuthConfig {
  const { authorizeUrl, tokenUrl, revokeUrl } = config.endpoints;
  return {
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    environment: config.environment,
    redirectUri: config.redirectUri,
    endpoints: { authorizeUrl, tokenUrl, revokeUrl },
  };
}

export interface QuickBooksAccess {
  oauth: IntuitOAuthConfig;
  tokens: QuickBooksTokenManager;
  /** A client for the store's connected company, with tokens managed (refresh, rotation, reconnect). */
  clientFor(storeHash: string, realmId: string): QuickBooksClient;
  /** A client with a token we hold in hand (right after the code exchange, before anything is stored). */
  clientWithToken(realmId: string, accessToken: string): QuickBooksClient;
}

export function createQuickBooksAccess(config: AppConfig, connections: QuickBooksConnectionRepository): QuickBooksAccess {
  configureQuickBooksEndpoints(config.quickbooks.endpoints);
  const oauth = intuitOAuthConfig(config.quickbooks);
  const tokens = new QuickBooksTokenManager({ connections, keyRing: config.encryption, oauth });
  const sandbox = config.quickbooks.environment === 'sandbox';
  // Reference mode (SYNC_OPTIMIZATIONS=off, benchmarks only): batches go out one request per item.
  const batching = config.sync.optimizations;
  const client = (realmId: string, source: AccessTokenSource) => new QuickBooksClient({ realmId, tokens: source, sandbox, batching });
  return {
    oauth,
    tokens,
    clientFor: (storeHash, realmId) => client(realmId, tokens.forStore(storeHash)),
    clientWithToken: (realmId, accessToken) => client(realmId, { getAccessToken: async () => accessToken }),
  };
}
