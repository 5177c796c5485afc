/**
 * Keeps a store's QuickBooks access token alive without ever burning the grant:
 *  - refreshes ahead of expiry, from expiry times we store ourselves;
 *  - one refresh at a time per connection across all app instances: a Firestore lease on the connection
 *    document, so no instance ever sends a refresh token another instance already rotated; within one
 *    instance (whose jobs share this manager, and so the lease) concurrent callers share one refresh;
 *  - the rotated refresh token is persisted before the new access token is handed to anyone, retried while
 *    Firestore is briefly unavailable (Intuit has already retired the old one);
 *  - a 401 from the API forces a refresh, unless another instance already replaced the rejected token;
 *  - invalid_grant parks the connection as "needs reconnect" (shown to merchant and support) instead of
 *    retrying in a loop.
 */
import { randomBytes } from 'node:crypto';
import { Timestamp } from 'firebase-admin/firestore';
import { openSecret, sealSecret, type KeyRing } from '@/lib/crypto/secret-box';
import type { QuickBooksConnection, QuickBooksConnectionRepository } from '@/lib/firestore/quickbooks-connection-repository';
import { logger } from '@/lib/log/logger';
import {
  ReconnectRequiredError,
  refreshTokens,
  type IntuitOAuthConfig,
  type TokenSet,
} from './intuit-oauth';

export class NotConnectedError extends Error {
  constructor(storeHash: string) {
    super(`QuickBooks is not connected for store ${storeHash}. Connect it from the app.`);
    this.name = 'NotConnectedError';
  }
}

export const accessTokenContext = (storeHash: string) => `stores/${storeHash}/quickbooks/connection#accessToken`;
export const refreshTokenContext = (storeHash: string) => `stores/${storeHash}/quickbooks/connection#refreshToken`;

export interface TokenManagerOptions {
  connections: QuickBooksConnectionRepository;
  keyRing: KeyRing;
  oauth: IntuitOAuthConfig;
  /** Refresh when the access token has less than this left. */
  refreshAheadMs?: number;
  /** How long one instance may hold the refresh lease before others may take over. */
  leaseMs?: number;
  /** How long a caller waits for another instance's refresh before giving up. */
  maxWaitMs?: number;
  refresh?: typeof refreshTokens;
}

/** Saving rotated tokens: first retry after this, doubling up to the maximum, until the lease nearly lapses. */
const PERSIST_FIRST_DELAY_MS = 100;
const PERSIST_MAX_DELAY_MS = 2_000;
const PERSIST_MARGIN_MS = 5_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Fields to store for a fresh token set (used at connect time and after every refresh). */
export function sealedTokenFields(storeHash: string, tokens: TokenSet, keyRing: KeyRing): Partial<QuickBooksConnection> {
  return {
    accessToken: sealSecret(tokens.accessToken, accessTokenContext(storeHash), keyRing),
    refreshToken: sealSecret(tokens.refreshToken, refreshTokenContext(storeHash), keyRing),
    accessTokenExpiresAt: Timestamp.fromMillis(tokens.accessTokenExpiresAt),
    refreshTokenExpiresAt: Timestamp.fromMillis(tokens.refreshTokenExpiresAt),
  };
}

export class QuickBooksTokenManager {
  private readonly instanceId = randomBytes(8).toString('hex');
  private readonly refreshAheadMs: number;
  private readonly leaseMs: number;
  private readonly maxWaitMs: number;
  private readonly refresh: typeof refreshTokens;
  /**
   * This instance's lease attempt (and refresh) per store while it runs. The lease is held by the instance, so
   * it cannot keep this instance's own callers apart: without this, a caller arriving during a refresh would
   * take the lease again and send the refresh token that refresh is rotating (invalid_grant → needs reconnect).
   */
  private readonly inProcess = new Map<string, Promise<'held' | 'changed' | { token: string }>>();

  constructor(private readonly options: TokenManagerOptions) {
    this.refreshAheadMs = options.refreshAheadMs ?? 5 * 60_000;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.maxWaitMs = options.maxWaitMs ?? 20_000;
    this.refresh = options.refresh ?? refreshTokens;
  }

  /** The shape the QuickBooks client wants: a token source bound to one store. */
  forStore(storeHash: string) {
    let lastIssued: string | undefined;
    return {
      getAccessToken: async (request: { forceRefresh?: boolean } = {}) => {
        lastIssued = await this.getAccessToken(storeHash, {
          forceRefresh: request.forceRefresh,
          rejectedToken: request.forceRefresh ? lastIssued : undefined,
        });
        return lastIssued;
      },
    };
  }

  async getAccessToken(storeHash: string, request: { forceRefresh?: boolean; rejectedToken?: string } = {}): Promise<string> {
    const deadline = Date.now() + this.maxWaitMs;
    for (;;) {
      const connection = await this.options.connections.get(storeHash);
      const current = this.usableToken(storeHash, connection);
      const replaced = request.rejectedToken !== undefined && current?.token !== request.rejectedToken;
      if (current && current.fresh && (!request.forceRefresh || replaced)) return current.token;

      const lease = await this.leaseAndRefresh(storeHash, connection!.tokenVersion);
      if (typeof lease === 'object') return lease.token;
      if (lease === 'changed') {
        // Someone refreshed between our read and the lease: their token is the one to use.
        request = { ...request, rejectedToken: undefined, forceRefresh: false };
        continue;
      }
      if (Date.now() > deadline) throw new Error('timed out waiting for another instance to refresh the QuickBooks token');
      await sleep(150 + Math.floor(Math.random() * 100));
    }
  }

  /** Takes the lease and refreshes, or joins this instance's attempt already under way for the store. */
  private leaseAndRefresh(storeHash: string, seenVersion: number): Promise<'held' | 'changed' | { token: string }> {
    const running = this.inProcess.get(storeHash);
    if (running) return running;
    const attempt = (async () => {
      const lease = await this.tryTakeLease(storeHash, seenVersion);
      return lease === 'acquired' ? { token: await this.refreshUnderLease(storeHash) } : lease;
    })();
    this.inProcess.set(storeHash, attempt);
    const done = () => {
      if (this.inProcess.get(storeHash) === attempt) this.inProcess.delete(storeHash);
    };
    attempt.then(done, done);
    return attempt;
  }

  private usableToken(storeHash: string, connection: QuickBooksConnection | undefined) {
    if (!connection || connection.status === 'disconnected' || !connection.accessToken) throw new NotConnectedError(storeHash);
    if (connection.status === 'needs_reconnect') {
      throw new ReconnectRequiredError(connection.statusReason ?? 'QuickBooks needs to be reconnected.');
    }
    const token = openSecret(connection.accessToken, accessTokenContext(storeHash), this.options.keyRing);
    const expiresAt = connection.accessTokenExpiresAt?.toMillis() ?? 0;
    return { token, fresh: expiresAt - Date.now() > this.refreshAheadMs };
  }

  private async tryTakeLease(storeHash: string, seenVersion: number): Promise<'acquired' | 'held' | 'changed'> {
    const { connections } = this.options;
    return connections.runTransaction(async (tx) => {
      const connection = await connections.getIn(tx, storeHash);
      if (!connection) throw new NotConnectedError(storeHash);
      if (connection.tokenVersion !== seenVersion) return 'changed';
      const lease = connection.lease;
      if (lease && lease.holder !== this.instanceId && lease.expiresAt.toMillis() > Date.now()) return 'held';
      connections.setIn(tx, storeHash, { lease: { holder: this.instanceId, expiresAt: Timestamp.fromMillis(Date.now() + this.leaseMs) } });
      return 'acquired';
    });
  }

  private async refreshUnderLease(storeHash: string): Promise<string> {
    const { connections, keyRing, oauth } = this.options;
    const connection = await connections.get(storeHash);
    if (!connection?.refreshToken) throw new NotConnectedError(storeHash);
    const refreshToken = openSecret(connection.refreshToken, refreshTokenContext(storeHash), keyRing);
    let tokens: TokenSet;
    try {
      tokens = await this.refresh(oauth, refreshToken);
    } catch (error) {
      if (error instanceof ReconnectRequiredError) {
        await connections.update(storeHash, {
          status: 'needs_reconnect',
          statusReason: error.message,
          statusChangedAt: Timestamp.now(),
          lease: null,
        });
        logger.warn('QuickBooks connection needs reconnect', { storeHash, realmId: connection.realmId });
      } else {
        await connections.update(storeHash, { lease: null });
      }
      throw error;
    }
    // Persist the rotated refresh token first; only then is the new access token used.
    await this.persistRotated(storeHash, tokens);
    return tokens.accessToken;
  }

  /**
   * Intuit has just retired the refresh token we sent: the new one exists only in this process until it is
   * stored, so a failed save (Firestore briefly unavailable) must not lose it. Retried with backoff while our
   * lease keeps other instances from refreshing (until a few seconds before it lapses); only then given up.
   */
  private async persistRotated(storeHash: string, tokens: TokenSet): Promise<void> {
    const { connections, keyRing } = this.options;
    const giveUpAt = Date.now() + Math.max(this.leaseMs - PERSIST_MARGIN_MS, 0);
    for (let attempt = 1; ; attempt += 1) {
      try {
        await connections.runTransaction(async (tx) => {
          const latest = await connections.getIn(tx, storeHash);
          connections.setIn(tx, storeHash, {
            ...sealedTokenFields(storeHash, tokens, keyRing),
            tokenVersion: (latest?.tokenVersion ?? 0) + 1,
            lease: null,
          });
        });
        if (attempt > 1) logger.info('QuickBooks: rotated tokens saved after retrying', { storeHash, attempts: attempt });
        return;
      } catch (error) {
        const delayMs = Math.min(PERSIST_FIRST_DELAY_MS * 2 ** (attempt - 1), PERSIST_MAX_DELAY_MS);
        if (Date.now() + delayMs > giveUpAt) {
          logger.error('QuickBooks: could not save the rotated tokens; the connection will need reconnecting', { storeHash, attempts: attempt, error });
          throw error;
        }
        logger.warn('QuickBooks: saving the rotated tokens failed; retrying', { storeHash, attempt, error });
        await sleep(delayMs);
      }
    }
  }
}
