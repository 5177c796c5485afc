/**
 * The load callback: BigCommerce opened the app for a user. Add the user if new (multi-user), refresh the
 * store's facts and repair its webhooks when the last registration failed, then send the page to the deep
 * link with a one-time session code.
 */
import type { AppDeps } from '@/lib/app-deps';
import { BigCommerceError } from '@/lib/bigcommerce/bigcommerce-errors';
import { verifySignedPayloadJwt } from '@/lib/bigcommerce/signed-payload';
import { readStoreFacts } from '@/lib/bigcommerce/store-information';
import type { StoreRecord } from '@/lib/firestore/store-repository';
import { logger } from '@/lib/log/logger';
import { StoreNotInstalledError } from './lifecycle-errors';
import { registerWebhooks } from './register-webhooks';
import { issueSessionCode } from './session-handoff';
import { bigCommerceClientFor } from './store-access';

const FACTS_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** Only same-app paths: a deep link must never turn into an open redirect. */
export function safeDeepLink(url: string): string {
  if (!url.startsWith('/') || url.startsWith('//') || url.includes('\\') || /[\u0000-\u001f]/.test(url)) return '/';
  const parsed = new URL(url, 'http://app.invalid');
  if (parsed.origin !== 'http://app.invalid' || parsed.pathname.startsWith('/api/')) return '/';
  parsed.searchParams.delete('exchange');
  return parsed.pathname + parsed.search;
}

export function withExchangeCode(path: string, code: string): string {
  return `${path}${path.includes('?') ? '&' : '?'}exchange=${encodeURIComponent(code)}`;
}

export async function loadApp(deps: AppDeps, signedPayloadJwt: unknown): Promise<{ redirectTo: string; userAdded: boolean }> {
  const payload = verifySignedPayloadJwt(signedPayloadJwt, deps.config.bigcommerce);
  const store = await deps.stores.getStore(payload.storeHash);
  if (!store) throw new StoreNotInstalledError(payload.storeHash);

  const { created } = await deps.stores.upsertUser(payload.storeHash, {
    id: payload.user.id,
    email: payload.user.email,
    locale: payload.user.locale,
    role: payload.user.id === payload.owner.id ? 'owner' : 'user',
  });
  if (created) logger.info('store user added', { storeHash: payload.storeHash, userId: payload.user.id });

  await Promise.all([refreshFactsIfStale(deps, store), store.webhooks?.status === 'ok' ? undefined : registerWebhooks(deps, store)]);

  const path = safeDeepLink(payload.url);
  const code = await issueSessionCode(deps, payload.storeHash, payload.user.id, path);
  return { redirectTo: withExchangeCode(path, code), userAdded: created };
}

async function refreshFactsIfStale(deps: AppDeps, store: StoreRecord) {
  if (store.facts && Date.now() - (store.factsUpdatedAt?.toMillis() ?? 0) < FACTS_MAX_AGE_MS) return;
  try {
    await deps.stores.setFacts(store.storeHash, await readStoreFacts(bigCommerceClientFor(deps.config, store, deps.fetchImpl)));
  } catch (error) {
    if (!(error instanceof BigCommerceError)) throw error;
    logger.warn('store facts refresh failed', { storeHash: store.storeHash, error });
  }
}
