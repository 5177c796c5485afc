/** Opening the store's sealed secrets and its BigCommerce client: the one place that decrypts them. */
import type { AppConfig } from '@/lib/env';
import { openSecret, sealSecret } from '@/lib/crypto/secret-box';
import { BigCommerceClient } from '@/lib/bigcommerce/bigcommerce-client';
import type { StoreRecord } from '@/lib/firestore/store-repository';

export const accessTokenContext = (storeHash: string) => `stores/${storeHash}#accessToken`;
export const webhookSecretContext = (storeHash: string) => `stores/${storeHash}#webhookSecret`;

export function sealAccessToken(config: AppConfig, storeHash: string, token: string) {
  return sealSecret(token, accessTokenContext(storeHash), config.encryption);
}

export function sealWebhookSecret(config: AppConfig, storeHash: string, secret: string) {
  return sealSecret(secret, webhookSecretContext(storeHash), config.encryption);
}

export function openWebhookSecret(config: AppConfig, store: StoreRecord): string {
  return openSecret(store.webhookSecret, webhookSecretContext(store.storeHash), config.encryption);
}

export function bigCommerceClientFor(config: AppConfig, store: StoreRecord, fetchImpl?: typeof fetch) {
  return new BigCommerceClient({
    apiUrl: config.bigcommerce.apiUrl,
    storeHash: store.storeHash,
    accessToken: openSecret(store.accessToken, accessTokenContext(store.storeHash), config.encryption),
    fetchImpl,
  });
}
