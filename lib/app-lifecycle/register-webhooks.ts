import { Timestamp } from 'firebase-admin/firestore';
import type { AppDeps } from '@/lib/app-deps';
import { BigCommerceError } from '@/lib/bigcommerce/bigcommerce-errors';
import { ensureWebhooks } from '@/lib/bigcommerce/webhook-registration';
import type { StoreRecord, WebhookRegistration } from '@/lib/firestore/store-repository';
import { logger } from '@/lib/log/logger';
import { bigCommerceClientFor, openWebhookSecret } from './store-access';

/**
 * Registers (or repairs) the store's hooks and records the outcome on the store. A failure does not fail
 * the install: it is recorded as status "error" with the reason, shown in the app, and retried on the next load.
 */
export async function registerWebhooks(deps: AppDeps, store: StoreRecord): Promise<WebhookRegistration> {
  let registration: WebhookRegistration;
  try {
    const result = await ensureWebhooks(bigCommerceClientFor(deps.config, store, deps.fetchImpl), {
      destination: deps.config.bigcommerce.webhookUrl,
      secret: openWebhookSecret(deps.config, store),
    });
    registration = { status: 'ok', hooks: result.hooks, checkedAt: Timestamp.now() };
    logger.info('webhooks registered', { storeHash: store.storeHash, created: result.created, updated: result.updated });
  } catch (error) {
    if (!(error instanceof BigCommerceError)) throw error;
    registration = {
      status: 'error',
      hooks: store.webhooks?.hooks ?? {},
      checkedAt: Timestamp.now(),
      error: `BigCommerce refused the webhook registration: ${error.message}`,
    };
    logger.warn('webhook registration failed', { storeHash: store.storeHash, error });
  }
  await deps.stores.setWebhookRegistration(store.storeHash, registration);
  return registration;
}
