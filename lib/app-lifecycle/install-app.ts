/**
 * The auth (install) callback: exchange the one-time code for the store's token, store it sealed, record
 * the store and the installing user, register webhooks, and hand the iframe a session code.
 */
import { randomBytes } from 'node:crypto';
import type { AppDeps } from '@/lib/app-deps';
import { BigCommerceUnavailableError } from '@/lib/bigcommerce/bigcommerce-errors';
import { exchangeInstallCode } from '@/lib/bigcommerce/bigcommerce-oauth';
import { readStoreFacts } from '@/lib/bigcommerce/store-information';
import type { StoreFacts, WebhookRegistration } from '@/lib/firestore/store-repository';
import { logger } from '@/lib/log/logger';
import { InvalidCallbackRequestError } from './lifecycle-errors';
import { registerWebhooks } from './register-webhooks';
import { issueSessionCode } from './session-handoff';
import { bigCommerceClientFor, sealAccessToken, sealWebhookSecret } from './store-access';

export interface InstallRequest {
  code: string;
  scope: string;
  context: string;
}

export interface InstallResult {
  storeHash: string;
  storeName: string;
  sessionCode: string;
  webhooks: WebhookRegistration;
}

export async function installApp(deps: AppDeps, request: InstallRequest): Promise<InstallResult> {
  const { config, stores } = deps;
  const token = await exchangeInstallCode({
    loginUrl: config.bigcommerce.loginUrl,
    clientId: config.bigcommerce.clientId,
    clientSecret: config.bigcommerce.clientSecret,
    redirectUri: config.bigcommerce.authCallbackUrl,
    code: request.code,
    scope: request.scope,
    context: request.context,
    fetchImpl: deps.fetchImpl,
  });
  if (token.context !== request.context) {
    throw new InvalidCallbackRequestError('BigCommerce issued the token for a different store than the callback named');
  }
  const storeHash = token.context.slice('stores/'.length);
  const owner = token.owner ?? token.user;

  const store = await stores.upsertInstalledStore(
    {
      storeHash,
      accessToken: sealAccessToken(config, storeHash, token.access_token),
      scope: token.scope,
      owner: { id: owner.id, email: owner.email },
      installedBy: { id: token.user.id, email: token.user.email },
    },
    () => sealWebhookSecret(config, storeHash, randomBytes(32).toString('base64url')),
  );

  let facts: StoreFacts | undefined;
  try {
    facts = await readStoreFacts(bigCommerceClientFor(config, store, deps.fetchImpl));
    await stores.setFacts(storeHash, facts);
  } catch (error) {
    // Facts are refreshed on every load; an install must not fail because one read did.
    if (!(error instanceof BigCommerceUnavailableError)) throw error;
    logger.warn('store facts unavailable at install', { storeHash, error });
  }

  await stores.upsertUser(storeHash, {
    id: token.user.id,
    email: token.user.email,
    username: token.user.username,
    role: token.user.id === owner.id ? 'owner' : 'user',
  });
  const webhooks = await registerWebhooks(deps, store);
  const sessionCode = await issueSessionCode(deps, storeHash, token.user.id, '/');
  logger.info('app installed', { storeHash, userId: token.user.id });
  return { storeHash, storeName: facts?.name ?? store.facts?.name ?? storeHash, sessionCode, webhooks };
}
