/**
 * Connecting a store to its QuickBooks company (OAuth 2.0 authorization code flow).
 *
 * start: the app (in the iframe) asks for an authorize URL; we store a random single-use `state` bound to
 *   the store and the signed-in user (hashed, 10 minutes) and the page opens Intuit's consent in a popup.
 * complete: Intuit redirects the popup to /api/quickbooks/callback. The state is consumed in a transaction
 *   *before* the code is exchanged, so a repeated or concurrent callback never exchanges twice. The tokens
 *   are sealed into the connection document, the company's facts and lists are read, and work parked while
 *   the connection was broken is resumed.
 *
 * Switching company: once the store has posted to a company, a callback for another company is refused
 * (and its fresh grant revoked) unless the merchant confirmed the switch before leaving the app.
 */
import { FieldValue, Timestamp } from 'firebase-admin/firestore';
import type { AppDeps } from '@/lib/app-deps';
import type { AuthenticatedRequest } from '@/lib/app-session/authenticate-request';
import { openSecret } from '@/lib/crypto/secret-box';
import { newStoreScopedCode, parseStoreScopedCode } from '@/lib/crypto/store-scoped-code';
import type { QuickBooksConnection } from '@/lib/firestore/quickbooks-connection-repository';
import { logger } from '@/lib/log/logger';
import { refreshCompanyProfile } from './company-profile-refresh';
import { revokeGrantQuietly } from './disconnect-quickbooks';
import {
  authorizeUrl,
  exchangeAuthorizationCode,
  ReconnectRequiredError,
  type TokenSet,
} from './intuit-oauth';
import { refreshTokenContext, sealedTokenFields } from './token-manager';

export const OAUTH_STATE_TTL_SECONDS = 600;

export interface StartConnectResult {
  authorizeUrl: string;
  expiresAt: string;
}

export async function startQuickBooksConnect(
  deps: AppDeps,
  auth: AuthenticatedRequest,
  input: { allowCompanySwitch: boolean },
): Promise<StartConnectResult> {
  const { code: state, codeHash } = newStoreScopedCode(auth.storeHash);
  const now = Date.now();
  const expiresAt = Timestamp.fromMillis(now + OAUTH_STATE_TTL_SECONDS * 1000);
  await deps.quickbooks.oauthStates.save(auth.storeHash, codeHash, {
    userId: auth.userId,
    allowCompanySwitch: input.allowCompanySwitch,
    createdAt: Timestamp.fromMillis(now),
    expiresAt,
  });
  return { authorizeUrl: authorizeUrl(deps.quickbooks.access.oauth, state), expiresAt: expiresAt.toDate().toISOString() };
}

/** Every way a callback can end; the callback page tells the merchant (and the app in the iframe) which. */
export type ConnectOutcome =
  | { kind: 'connected'; storeHash: string; realmId: string; companyName: string; resumedJobs: number }
  | { kind: 'denied'; storeHash: string }
  | { kind: 'company_mismatch'; storeHash: string; postedCompanyName: string; chosenCompanyName: string }
  | { kind: 'invalid_state'; reason: 'malformed' | 'unknown' | 'expired' | 'replayed' | 'not_a_user' }
  | { kind: 'failed'; storeHash: string; reason: string };

type CallbackQuery = Record<string, string | string[] | undefined>;

const single = (value: string | string[] | undefined) => (typeof value === 'string' ? value : undefined);

export async function completeQuickBooksConnect(deps: AppDeps, query: CallbackQuery): Promise<ConnectOutcome> {
  const parsed = parseStoreScopedCode(single(query.state));
  if (!parsed) return { kind: 'invalid_state', reason: 'malformed' };
  const { storeHash } = parsed;

  // Consume first: from here on this state can never lead to a second exchange.
  const consumed = await deps.quickbooks.oauthStates.consume(storeHash, parsed.codeHash);
  if (consumed.outcome !== 'consumed') {
    logger.warn('QuickBooks callback with unusable state', { storeHash, outcome: consumed.outcome });
    return { kind: 'invalid_state', reason: consumed.outcome };
  }
  const { state } = consumed;
  const { store, user } = await deps.stores.getStoreAndUser(storeHash, state.userId);
  if (!store || !user) return { kind: 'invalid_state', reason: 'not_a_user' };

  const error = single(query.error);
  if (error === 'access_denied') return { kind: 'denied', storeHash };
  if (error) return { kind: 'failed', storeHash, reason: `QuickBooks ended the connection with "${error.slice(0, 80)}".` };
  const code = single(query.code);
  const realmParam = single(query.realmId);
  if (!code || !realmParam) return { kind: 'failed', storeHash, reason: 'QuickBooks returned without an authorization code.' };

  let tokens: TokenSet;
  try {
    tokens = await exchangeAuthorizationCode(deps.quickbooks.access.oauth, callbackSearch(query));
  } catch (failure) {
    logger.warn('QuickBooks code exchange failed', { storeHash, error: failure });
    const reason =
      failure instanceof ReconnectRequiredError
        ? 'QuickBooks did not accept the authorization (it may have expired). Please connect again.'
        : 'QuickBooks did not answer while connecting. Please try again in a minute.';
    return { kind: 'failed', storeHash, reason };
  }
  const realmId = tokens.realmId ?? realmParam;
  const existing = await deps.quickbooks.connections.get(storeHash);
  const chosenCompanyName = await companyNameOf(deps, realmId, tokens.accessToken);

  const posted = existing?.postedRealmIds ?? [];
  if (posted.length > 0 && !posted.includes(realmId) && !state.allowCompanySwitch) {
    await revokeGrantQuietly(deps, storeHash, tokens.refreshToken);
    logger.warn('QuickBooks company switch refused without confirmation', { storeHash, realmId, postedRealmIds: posted });
    return {
      kind: 'company_mismatch',
      storeHash,
      postedCompanyName: existing?.companyName ?? `company ${posted[0]}`,
      chosenCompanyName: chosenCompanyName ?? `company ${realmId}`,
    };
  }

  await saveConnection(deps, storeHash, existing, {
    realmId,
    companyName: chosenCompanyName ?? `QuickBooks company ${realmId}`,
    userId: state.userId,
    tokens,
  });
  if (existing && existing.realmId !== realmId) {
    // Customer and item ids mapped for the previous company mean nothing (or someone else) in this one.
    await deps.sync.maps.clearAll(storeHash);
  }
  if (existing?.refreshToken && existing.realmId !== realmId) {
    // The previous company's grant is no longer used by this store: don't leave it alive at Intuit.
    const previous = openSecret(existing.refreshToken, refreshTokenContext(storeHash), deps.config.encryption);
    await revokeGrantQuietly(deps, storeHash, previous);
    logger.info('QuickBooks company switched', { storeHash, from: existing.realmId, to: realmId });
  }
  await refreshCompanyProfile(deps, storeHash, realmId).catch((failure: unknown) => {
    // The connection stands; the profile is read again on the next view or daily refresh.
    logger.warn('QuickBooks company profile not read at connect', { storeHash, realmId, error: failure });
  });
  // Work parked while there was no usable connection (never connected, broken, disconnected) runs now.
  const resumedJobs = await deps.jobs.resumeParked(storeHash);
  logger.info('QuickBooks connected', { storeHash, realmId, userId: state.userId, resumedJobs });
  return { kind: 'connected', storeHash, realmId, companyName: chosenCompanyName ?? realmId, resumedJobs };
}

/** intuit-oauth parses code, state and realmId from the callback URL's query string. */
function callbackSearch(query: CallbackQuery): string {
  const search = new URLSearchParams();
  for (const key of ['code', 'state', 'realmId'] as const) {
    const value = single(query[key]);
    if (value !== undefined) search.set(key, value);
  }
  return `?${search.toString()}`;
}

async function companyNameOf(deps: AppDeps, realmId: string, accessToken: string): Promise<string | undefined> {
  try {
    const info = await deps.quickbooks.access.clientWithToken(realmId, accessToken).getCompanyInfo();
    return info.CompanyName ?? info.LegalName;
  } catch (failure) {
    logger.warn('QuickBooks company name not read at connect', { realmId, error: failure });
    return undefined;
  }
}

async function saveConnection(
  deps: AppDeps,
  storeHash: string,
  existing: QuickBooksConnection | undefined,
  input: { realmId: string; companyName: string; userId: number; tokens: TokenSet },
): Promise<void> {
  const { connections } = deps.quickbooks;
  const now = Timestamp.now();
  await connections.runTransaction(async (tx) => {
    const latest = await connections.getIn(tx, storeHash);
    connections.setIn(tx, storeHash, {
      realmId: input.realmId,
      status: 'connected',
      companyName: input.companyName,
      ...sealedTokenFields(storeHash, input.tokens, deps.config.encryption),
      tokenVersion: (latest?.tokenVersion ?? existing?.tokenVersion ?? 0) + 1,
      lease: null,
      connectedAt: now,
      connectedBy: input.userId,
      statusReason: FieldValue.delete() as unknown as undefined,
      statusChangedAt: now,
      postedRealmIds: latest?.postedRealmIds ?? [],
    });
  });
}
