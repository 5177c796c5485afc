/**
 * Token manager against the QuickBooks sandbox (real intuit-oauth over loopback HTTP, rotation semantics)
 * and the Firestore emulator.
 */
import { randomBytes } from 'node:crypto';
import { Timestamp, type Transaction } from 'firebase-admin/firestore';
import { openSecret } from '@/lib/crypto/secret-box';
import { getConfig } from '@/lib/env';
import { QuickBooksConnectionRepository } from '@/lib/firestore/quickbooks-connection-repository';
import { startQuickBooksSandbox, type QuickBooksSandbox } from '@/sandboxes/quickbooks/quickbooks-sandbox';
import { approveConsent } from '@/sandboxes/quickbooks/sandbox-client';
import { findDocumentsMentioning, getTestDb } from '@/test/firestore-test-helpers';
import { exchangeAuthorizationCode, ReconnectRequiredError, refreshTokens, type IntuitOAuthConfig } from './intuit-oauth';
import { QuickBooksTokenManager, refreshTokenContext, sealedTokenFields } from './token-manager';

const clientId = 'qbo-test-client';
const clientSecret = 'qbo-test-secret-0123456789';
const redirectUri = 'http://127.0.0.1:3999/api/quickbooks/callback';

let sandbox: QuickBooksSandbox;
let oauth: IntuitOAuthConfig;
let connections: QuickBooksConnectionRepository;

beforeAll(async () => {
  sandbox = await startQuickBooksSandbox({ clientId, clientSecret, redirectUris: [redirectUri] });
  oauth = {
    clientId,
    clientSecret,
    environment: 'sandbox',
    redirectUri,
    endpoints: { authorizeUrl: sandbox.authorizeUrl, tokenUrl: sandbox.tokenUrl, revokeUrl: sandbox.revokeUrl },
  };
  connections = new QuickBooksConnectionRepository(getTestDb());
});

afterAll(async () => {
  await sandbox?.stop();
});

/** A store connected through the real consent + code exchange. */
async function connectedStore(): Promise<{ storeHash: string; realmId: string; refreshToken: string }> {
  const storeHash = `tm${randomBytes(5).toString('hex')}`;
  const redirect = await approveConsent(sandbox, { clientId, clientSecret, redirectUri, state: 'state-1' });
  const tokens = await exchangeAuthorizationCode(oauth, redirect.search);
  const now = Timestamp.now();
  await connections.set(storeHash, {
    realmId: tokens.realmId!,
    status: 'connected',
    tokenVersion: 1,
    connectedAt: now,
    connectedBy: 1,
    statusChangedAt: now,
    ...sealedTokenFields(storeHash, tokens, getConfig().encryption),
  });
  return { storeHash, realmId: tokens.realmId!, refreshToken: tokens.refreshToken };
}

/** Transactions numbered `failing` (1-based, counted per instance) fail as if Firestore were unavailable. */
class FlakyConnections extends QuickBooksConnectionRepository {
  private calls = 0;
  failed = 0;

  constructor(
    db: ConstructorParameters<typeof QuickBooksConnectionRepository>[0],
    private readonly failing: readonly number[],
  ) {
    super(db);
  }

  override runTransaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    this.calls += 1;
    if (this.failing.includes(this.calls)) {
      this.failed += 1;
      return Promise.reject(new Error('14 UNAVAILABLE: Firestore is unavailable (test)'));
    }
    return super.runTransaction(work);
  }
}

function manager(counter?: { refreshes: number }, repository: QuickBooksConnectionRepository = connections, options: { leaseMs?: number } = {}) {
  return new QuickBooksTokenManager({
    connections: repository,
    keyRing: getConfig().encryption,
    oauth,
    ...options,
    refresh: async (config, token) => {
      if (counter) counter.refreshes += 1;
      return refreshTokens(config, token);
    },
  });
}

async function expireStoredAccessToken(storeHash: string) {
  await connections.update(storeHash, { accessTokenExpiresAt: Timestamp.fromMillis(Date.now() - 1000) });
}

describe('QuickBooksTokenManager', () => {
  it('hands out the stored token while it is fresh, without calling Intuit', async () => {
    const { storeHash } = await connectedStore();
    const counter = { refreshes: 0 };
    const token = await manager(counter).getAccessToken(storeHash);
    expect(token.length).toBeGreaterThan(10);
    expect(await manager(counter).getAccessToken(storeHash)).toBe(token);
    expect(counter.refreshes).toBe(0);
  });

  it('refreshes ahead of expiry, persists the rotated refresh token sealed, and the old one is dead', async () => {
    const { storeHash, refreshToken: original } = await connectedStore();
    const before = await manager().getAccessToken(storeHash);
    await expireStoredAccessToken(storeHash);

    const after = await manager().getAccessToken(storeHash);
    expect(after).not.toBe(before);
    const stored = (await connections.get(storeHash))!;
    expect(stored.tokenVersion).toBe(2);
    expect(stored.lease).toBeNull();
    expect(stored.accessTokenExpiresAt!.toMillis()).toBeGreaterThan(Date.now() + 30 * 60_000);
    expect(await findDocumentsMentioning(after)).toEqual([]);
    // Intuit rotated the refresh token: the superseded one now answers invalid_grant.
    await expect(refreshTokens(oauth, original)).rejects.toBeInstanceOf(ReconnectRequiredError);
  });

  it('serialises concurrent refreshes across instances: one Intuit call, one shared token', async () => {
    const { storeHash } = await connectedStore();
    await expireStoredAccessToken(storeHash);
    const counter = { refreshes: 0 };
    const instances = [manager(counter), manager(counter), manager(counter), manager(counter)];
    const tokens = await Promise.all(instances.map((instance) => instance.getAccessToken(storeHash)));
    expect(counter.refreshes).toBe(1);
    expect(new Set(tokens).size).toBe(1);
    expect((await connections.get(storeHash))!.status).toBe('connected');
  });

  it('shares one refresh between concurrent callers of one instance (one Intuit call, no invalid_grant)', async () => {
    // One app process runs several jobs of a company at once, all through one token manager: when the token
    // goes stale (or a 401 forces a refresh) they ask while the first caller's refresh is under way. The lease
    // does not keep them apart (the instance holds it); a second refresh with the refresh token that the first
    // one just rotated is answered invalid_grant and parks the connection as "needs reconnect".
    const { storeHash } = await connectedStore();
    await expireStoredAccessToken(storeHash);
    const counter = { refreshes: 0 };
    const shared = new QuickBooksTokenManager({
      connections,
      keyRing: getConfig().encryption,
      oauth,
      refresh: async (config, token) => {
        counter.refreshes += 1;
        await new Promise((resolve) => setTimeout(resolve, 400)); // a slow token endpoint
        return refreshTokens(config, token);
      },
    });
    const later = (ms: number, work: () => Promise<string>) => new Promise<string>((resolve, reject) => setTimeout(() => work().then(resolve, reject), ms));

    const first = shared.getAccessToken(storeHash);
    const tokens = await Promise.all([first, ...[150, 200, 250].map((ms) => later(ms, () => shared.getAccessToken(storeHash)))]);
    expect(counter.refreshes).toBe(1);
    expect(new Set(tokens).size).toBe(1);
    expect((await connections.get(storeHash))!.status).toBe('connected');

    // Four jobs told 401 for that token force a refresh, one after the other while the first one runs.
    const lanes = Array.from({ length: 4 }, () => shared.forStore(storeHash));
    await Promise.all(lanes.map((lane) => lane.getAccessToken()));
    const renewed = await Promise.all(lanes.map((lane, index) => later(index * 150, () => lane.getAccessToken({ forceRefresh: true }))));
    expect(counter.refreshes).toBe(2);
    expect(new Set(renewed).size).toBe(1);
    expect(renewed[0]).not.toBe(tokens[0]);
    expect((await connections.get(storeHash))!.status).toBe('connected');
  });

  it('20 workers forcing a refresh at once leave exactly one valid token chain and no invalid_grant', async () => {
    const { storeHash } = await connectedStore();
    const counter = { refreshes: 0 };
    const workers = Array.from({ length: 20 }, () => manager(counter).forStore(storeHash));
    const rejected = await workers[0]!.getAccessToken();
    await Promise.all(workers.map((worker) => worker.getAccessToken()));
    const tokenCallsBefore = tokenEndpointAnswers().length;

    // Every worker was just told 401 for the same token and forces a refresh, all at the same moment.
    const renewed = await Promise.all(workers.map((worker) => worker.getAccessToken({ forceRefresh: true })));

    expect(new Set(renewed).size).toBe(1);
    expect(renewed[0]).not.toBe(rejected);
    expect(counter.refreshes).toBe(1);
    const answers = tokenEndpointAnswers().slice(tokenCallsBefore);
    expect(answers.map((entry) => entry.status)).toEqual([200]);
    const stored = (await connections.get(storeHash))!;
    expect(stored.status).toBe('connected');
    // Exactly one live refresh token at Intuit, and it is the one we stored.
    const storedRefresh = openSecret(stored.refreshToken!, refreshTokenContext(storeHash), getConfig().encryption);
    const live = [...sandbox.state.oauth.refreshTokens.entries()].filter(
      ([, record]) => record.grantId === grantIdOf(storedRefresh) && !record.superseded,
    );
    expect(live.map(([token]) => token)).toEqual([storedRefresh]);
    // And it works: the chain continues.
    await expect(refreshTokens(oauth, storedRefresh)).resolves.toMatchObject({ accessToken: expect.any(String) });
  });

  it('after a 401 refreshes once, unless another instance already replaced the rejected token', async () => {
    const { storeHash } = await connectedStore();
    const counter = { refreshes: 0 };
    const a = manager(counter).forStore(storeHash);
    const b = manager(counter).forStore(storeHash);
    const first = await a.getAccessToken();
    await b.getAccessToken();
    const renewed = await a.getAccessToken({ forceRefresh: true }); // QuickBooks said 401 to `first`
    expect(renewed).not.toBe(first);
    expect(counter.refreshes).toBe(1);
    // b's token was the same rejected one, but a already replaced it: no second refresh.
    expect(await b.getAccessToken({ forceRefresh: true })).toBe(renewed);
    expect(counter.refreshes).toBe(1);
  });

  it('keeps retrying to save rotated tokens while Firestore is briefly unavailable, so the grant survives', async () => {
    const { storeHash } = await connectedStore();
    await expireStoredAccessToken(storeHash);
    // The lease is the first transaction; the save (the second) fails twice, as during a Firestore restart.
    const flaky = new FlakyConnections(getTestDb(), [2, 3]);
    const counter = { refreshes: 0 };
    const token = await manager(counter, flaky).getAccessToken(storeHash);

    expect(flaky.failed).toBe(2);
    expect(counter.refreshes).toBe(1);
    const stored = (await connections.get(storeHash))!;
    expect(stored.status).toBe('connected');
    expect(stored.tokenVersion).toBe(2);
    expect(stored.lease).toBeNull();
    // The token handed out is the stored one, and the stored refresh token is the live one Intuit issued.
    expect(await manager(counter).getAccessToken(storeHash)).toBe(token);
    const refreshToken = openSecret(stored.refreshToken!, refreshTokenContext(storeHash), getConfig().encryption);
    await expect(refreshTokens(oauth, refreshToken)).resolves.toMatchObject({ accessToken: expect.any(String) });
  });

  it('gives up saving rotated tokens before its lease lapses, and says so instead of handing the token out', async () => {
    const { storeHash } = await connectedStore();
    await expireStoredAccessToken(storeHash);
    const flaky = new FlakyConnections(getTestDb(), Array.from({ length: 50 }, (_, index) => index + 2));
    const counter = { refreshes: 0 };
    // Lease 5.6 s, margin 5 s: the save is retried for 0.6 s.
    const started = Date.now();
    await expect(manager(counter, flaky, { leaseMs: 5_600 }).getAccessToken(storeHash)).rejects.toThrow(/unavailable/);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(flaky.failed).toBeGreaterThanOrEqual(3);
    expect(counter.refreshes).toBe(1);
    // Nothing half-written: the connection still holds version 1.
    expect((await connections.get(storeHash))!.tokenVersion).toBe(1);
  });

  it('marks the connection "needs reconnect" on invalid_grant and stops calling Intuit', async () => {
    const { storeHash, realmId } = await connectedStore();
    sandbox.oauth.revokeRealm(realmId);
    await expireStoredAccessToken(storeHash);
    const counter = { refreshes: 0 };

    await expect(manager(counter).getAccessToken(storeHash)).rejects.toBeInstanceOf(ReconnectRequiredError);
    const stored = (await connections.get(storeHash))!;
    expect(stored.status).toBe('needs_reconnect');
    expect(stored.statusReason).toMatch(/reconnect QuickBooks/);
    expect(stored.lease).toBeNull();

    await expect(manager(counter).getAccessToken(storeHash)).rejects.toBeInstanceOf(ReconnectRequiredError);
    expect(counter.refreshes).toBe(1);
  });
});

function tokenEndpointAnswers() {
  return sandbox.state.requestLog.filter((entry) => entry.path === '/oauth2/v1/tokens/bearer');
}

function grantIdOf(refreshToken: string): string | undefined {
  return sandbox.state.oauth.refreshTokens.get(refreshToken)?.grantId;
}
