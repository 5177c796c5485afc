/**
 * Connecting QuickBooks end to end: the app's real routes over loopback HTTP, the QuickBooks sandbox's
 * consent page and token endpoint (rotation, revocation), the BigCommerce sandbox for install, and the
 * Firestore emulator. Every log line the app writes during the suite is captured and searched for tokens.
 */
import { Timestamp } from 'firebase-admin/firestore';
import { getAppDeps } from '@/lib/app-deps';
import { QuickBooksConnectionRepository } from '@/lib/firestore/quickbooks-connection-repository';
import { maintainQuickBooksConnections } from '@/lib/quickbooks-connection/connection-maintenance';
import { JobQueue } from '@/lib/sync/job-queue';
import { decideConsent } from '@/sandboxes/quickbooks/sandbox-client';
import { documentsFingerprint, findDocumentsMentioning, getTestDb, listAllDocumentPaths } from '@/test/firestore-test-helpers';
import { startAppHarness, type AppHarness } from '@/test/app-harness';

let harness: AppHarness;
const logged: string[] = [];
const restoreConsole: Array<() => void> = [];

beforeAll(async () => {
  // Log everything (info and debug included) and keep it, to prove no token ever reaches a log line.
  process.env.DEBUG_LOGS = '1';
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const spy = jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      logged.push(args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' '));
    });
    restoreConsole.push(() => spy.mockRestore());
  }
  harness = await startAppHarness({ quickbooks: { companies: [{ country: 'US', name: 'Craft Supplies LLC' }] } });
});

afterAll(async () => {
  await harness?.stop();
  for (const restore of restoreConsole) restore();
  delete process.env.DEBUG_LOGS;
});

const db = () => getTestDb();
const connectionDoc = (storeHash: string) => db().doc(`stores/${storeHash}/quickbooks/connection`);
const exchanges = () => harness.qbo.state.oauth.grants.size;
const jobs = () => new JobQueue({ db: db(), connections: new QuickBooksConnectionRepository(db()) });

/** Every token the QuickBooks sandbox ever issued (access and refresh). */
function issuedTokens(): string[] {
  const { oauth } = harness.qbo.state;
  return [...oauth.accessTokens.keys(), ...oauth.refreshTokens.keys()];
}

function storeDocuments(storeHash: string): Promise<string> {
  return documentsFingerprint([`stores/${storeHash}`]);
}

describe('connect', () => {
  it('authorize → callback → sealed tokens in Firestore → company name and facts in the app API', async () => {
    const { store, token } = await openStore();
    const before = exchanges();

    const { start, callback } = await harness.connectQuickBooks(token);

    const authorize = new URL(String(start.body.authorizeUrl));
    expect(authorize.origin + authorize.pathname).toBe(harness.qbo.authorizeUrl);
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${harness.appUrl}/api/quickbooks/callback`);
    expect(authorize.searchParams.get('state')).toMatch(new RegExp(`^${store.hash}\\.[A-Za-z0-9_-]{43}$`));
    // The state itself is never stored, only its hash.
    expect(await findDocumentsMentioning(authorize.searchParams.get('state')!)).toEqual([]);

    expect(callback.status).toBe(200);
    expect(callback.text).toContain('Connected to Craft Supplies LLC');
    // The popup tells the app in the iframe, and only the app's own origin.
    expect(callback.text).toContain(`"outcome":"connected"`);
    expect(callback.text).toContain(`postMessage(`);
    expect(callback.text).toContain(JSON.stringify(new URL(harness.appUrl).origin));
    expect(exchanges()).toBe(before + 1);

    const connection = (await connectionDoc(store.hash).get()).data()!;
    expect(connection.status).toBe('connected');
    expect(connection.realmId).toBe(harness.qbo.realmId);
    expect(connection.companyName).toBe('Craft Supplies LLC');
    expect(connection.connectedBy).toBe(store.ownerId);
    expect(connection.accessToken.kid).toBe(process.env.ENCRYPTION_ACTIVE_KEY_ID);
    expect(connection.refreshToken.kid).toBe(process.env.ENCRYPTION_ACTIVE_KEY_ID);
    expect(connection.accessTokenExpiresAt.toMillis()).toBeGreaterThan(Date.now() + 50 * 60_000);
    for (const issued of issuedTokens()) expect(await findDocumentsMentioning(issued)).toEqual([]);

    const view = await harness.api('/api/app/quickbooks/connection', token);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      status: 'connected',
      companyName: 'Craft Supplies LLC',
      realmId: harness.qbo.realmId,
      hasPosted: false,
      facts: { country: 'US', homeCurrency: 'USD', taxModel: 'us-automated', automatedSalesTax: true },
    });
    expect(view.body.listCounts.accounts).toBeGreaterThan(5);
    expect(view.body.listCounts.paymentMethods).toBeGreaterThan(0);
    expect(JSON.stringify(view.body)).not.toMatch(/accessToken|refreshToken/);

    const profile = await harness.api('/api/app/quickbooks/profile', token);
    expect(profile.status).toBe(200);
    const accountNames = (profile.body.lists.accounts as Array<{ name: string }>).map((account) => account.name);
    expect(accountNames).toContain('Undeposited Funds');
  }, 90_000); // The file's first test loads every route module and connects cold: on a busy 2-core CI machine that alone took 30 s.

  it('shows a clear message and stores nothing when the merchant denies consent', async () => {
    const { store, token } = await openStore();
    const before = exchanges();

    const { callback } = await harness.connectQuickBooks(token, { decision: 'deny' });

    expect(callback.status).toBe(200);
    expect(callback.text).toContain('QuickBooks was not connected');
    expect(callback.text).toContain('You chose not to allow access');
    expect(callback.text).toContain(`"outcome":"denied"`);
    expect(exchanges()).toBe(before);
    expect((await connectionDoc(store.hash).get()).exists).toBe(false);
    expect((await harness.api('/api/app/quickbooks/connection', token)).body.status).toBe('not_connected');
  });

  it('refreshes company details on demand after they change in QuickBooks', async () => {
    const { token } = await connectedStore();
    harness.qbo.updateCompany(harness.qbo.realmId, { classTracking: true, name: 'Craft Supplies LLC' });

    const refreshed = await harness.api('/api/app/quickbooks/profile', token, { method: 'POST' });

    expect(refreshed.status).toBe(200);
    expect(refreshed.body.facts.classTracking).not.toBe('off');
    const view = await harness.api('/api/app/quickbooks/connection', token);
    expect(view.body.facts.classTracking).toBe(refreshed.body.facts.classTracking);
    harness.qbo.updateCompany(harness.qbo.realmId, { classTracking: false });
  });
});

describe('state', () => {
  it.each([
    ['malformed', 'not-a-state'],
    ['forged for a store', 'abcdef.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['missing', undefined],
  ])('refuses a %s state without exchanging or writing anything', async (_label, state) => {
    const { store, token } = await openStore();
    const start = await harness.api('/api/app/quickbooks/connect', token, { method: 'POST' });
    expect(start.status).toBe(200);
    const realCallback = await approveWithoutCallback(String(start.body.authorizeUrl));
    const forged = new URL(realCallback);
    if (state === undefined) forged.searchParams.delete('state');
    else forged.searchParams.set('state', state);
    const before = exchanges();
    const snapshot = await storeDocuments(store.hash);

    const answer = await harness.get(forged.toString());

    expect(answer.status).toBe(400);
    expect(answer.text).toContain('This link cannot be used');
    expect(exchanges()).toBe(before);
    expect(await storeDocuments(store.hash)).toBe(snapshot);
  });

  it('refuses an expired state', async () => {
    const { store, token } = await openStore();
    const start = await harness.api('/api/app/quickbooks/connect', token, { method: 'POST' });
    const states = await db().collection(`stores/${store.hash}/oauthStates`).get();
    expect(states.size).toBe(1);
    await states.docs[0]!.ref.update({ expiresAt: Timestamp.fromMillis(Date.now() - 1000) });
    const callbackUrl = await approveWithoutCallback(String(start.body.authorizeUrl));
    const before = exchanges();

    const answer = await harness.get(callbackUrl);

    expect(answer.status).toBe(400);
    expect(answer.text).toContain('expired');
    expect(exchanges()).toBe(before);
    expect((await connectionDoc(store.hash).get()).exists).toBe(false);
  });

  it('never exchanges twice: a replayed callback is refused and changes nothing', async () => {
    const { store, token } = await openStore();
    const { callbackUrl, callback } = await harness.connectQuickBooks(token);
    expect(callback.status).toBe(200);
    const before = exchanges();
    const snapshot = await storeDocuments(store.hash);

    const replay = await harness.get(callbackUrl);

    expect(replay.status).toBe(400);
    expect(replay.text).toContain('already used');
    expect(exchanges()).toBe(before);
    expect(await storeDocuments(store.hash)).toBe(snapshot);
  });

  it('two simultaneous callbacks with the same state exchange exactly once', async () => {
    const { store, token } = await openStore();
    const start = await harness.api('/api/app/quickbooks/connect', token, { method: 'POST' });
    const callbackUrl = await approveWithoutCallback(String(start.body.authorizeUrl));
    const before = exchanges();

    const answers = await Promise.all([harness.get(callbackUrl), harness.get(callbackUrl), harness.get(callbackUrl)]);

    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 400, 400]);
    expect(exchanges()).toBe(before + 1);
    expect((await connectionDoc(store.hash).get()).get('status')).toBe('connected');
  });

  it('is bound to its store: a state from store A cannot connect store B', async () => {
    const a = await openStore();
    const b = await openStore();
    const start = await harness.api('/api/app/quickbooks/connect', a.token, { method: 'POST' });
    const state = new URL(String(start.body.authorizeUrl)).searchParams.get('state')!;
    const callbackUrl = new URL(await approveWithoutCallback(String(start.body.authorizeUrl)));
    callbackUrl.searchParams.set('state', state.replace(a.store.hash, b.store.hash));

    const answer = await harness.get(callbackUrl.toString());

    expect(answer.status).toBe(400);
    expect((await connectionDoc(b.store.hash).get()).exists).toBe(false);
    expect((await connectionDoc(a.store.hash).get()).exists).toBe(false);
  });

  it('rejects unknown fields in the start request', async () => {
    const { token } = await openStore();
    const answer = await harness.api('/api/app/quickbooks/connect', token, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ allowCompanySwitch: 'yes' }),
    });
    expect(answer.status).toBe(400);
  });
});

describe('switching company', () => {
  it('refuses another company once the store has posted, unless the merchant confirmed', async () => {
    const { store, token } = await connectedStore();
    const first = (await connectionDoc(store.hash).get()).data()!;
    await connectionDoc(store.hash).update({ postedRealmIds: [first.realmId] });
    const other = harness.qbo.addCompany({ country: 'CA', name: 'Maple Crafts Ltd' });
    const grantsBefore = new Set(harness.qbo.state.oauth.grants.keys());
    const firstGrant = grantOf(first.realmId)!;

    const refused = await harness.connectQuickBooks(token, { realmId: other.realmId });

    expect(refused.callback.status).toBe(409);
    expect(refused.callback.text).toContain('This store already posts to Craft Supplies LLC, but you picked Maple Crafts Ltd');
    const unchanged = (await connectionDoc(store.hash).get()).data()!;
    expect(unchanged.realmId).toBe(first.realmId);
    expect(unchanged.tokenVersion).toBe(first.tokenVersion);
    // The grant QuickBooks just issued for the other company was revoked, not left alive.
    const newGrants = [...harness.qbo.state.oauth.grants.values()].filter((grant) => !grantsBefore.has(grant.id));
    expect(newGrants).toHaveLength(1);
    expect(newGrants[0]).toMatchObject({ realmId: other.realmId, revoked: true });

    // Ids mapped for the first company (customer 1, item 3 there) must not follow the store to the next one.
    await getAppDeps().sync.maps.setItem(store.hash, { itemKey: 'sku:otl', sku: 'OTL', productName: 'Orbit Terrarium', qboItemId: '3', name: 'Orbit Terrarium', source: 'matched' });
    expect(await listAllDocumentPaths(`stores/${store.hash}/maps`)).not.toEqual([]);
    const confirmed = await harness.connectQuickBooks(token, { realmId: other.realmId, allowCompanySwitch: true });

    expect(confirmed.callback.status).toBe(200);
    const switched = (await connectionDoc(store.hash).get()).data()!;
    expect(switched.realmId).toBe(other.realmId);
    expect(switched.companyName).toBe('Maple Crafts Ltd');
    expect(switched.postedRealmIds).toEqual([first.realmId]);
    expect(await listAllDocumentPaths(`stores/${store.hash}/maps`)).toEqual([]);
    // The first company's grant is revoked now that the store no longer uses it.
    expect(harness.qbo.state.oauth.grants.get(firstGrant.id)?.revoked).toBe(true);
    const view = await harness.api('/api/app/quickbooks/connection', token);
    expect(view.body).toMatchObject({ status: 'connected', companyName: 'Maple Crafts Ltd', hasPosted: true, facts: { country: 'CA', homeCurrency: 'CAD', taxModel: 'tax-codes' } });
  });
});

describe('losing the grant', () => {
  it('invalid_grant marks the connection, parks work, and reconnecting resumes it', async () => {
    const { store, token } = await connectedStore();
    const queue = jobs();
    await queue.enqueue(store.hash, { kind: 'order', subjectId: '100' });
    // The merchant disconnects the app inside QuickBooks: every token of the realm dies.
    harness.qbo.oauth.revokeRealm(harness.qbo.realmId);

    // The next QuickBooks call gets 401, refreshes, and the refresh answers invalid_grant.
    const refused = await harness.api('/api/app/quickbooks/profile', token, { method: 'POST' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('quickbooks_needs_reconnect');

    const broken = await harness.api('/api/app/quickbooks/connection', token);
    expect(broken.body).toMatchObject({ status: 'needs_reconnect', companyName: 'Craft Supplies LLC' });
    expect(broken.body.statusReason).toMatch(/reconnect/i);

    // The worker parks the store's work instead of retrying it in a loop.
    const handled: string[] = [];
    // The queue is shared by every store in this test project (other suites' stores may have due jobs):
    // only this store's runs count.
    const handler = async (job: { id: string; storeHash: string }) => {
      if (job.storeHash === store.hash) handled.push(job.id);
    };
    await queue.runDue({ handler });
    await queue.runDue({ handler });
    expect(handled).toEqual([]);
    expect((await queue.get(store.hash, 'order-100'))?.status).toBe('parked');
    expect((await harness.api('/api/app/quickbooks/connection', token)).body.parkedJobs).toBe(1);

    const reconnect = await harness.connectQuickBooks(token);
    expect(reconnect.callback.status).toBe(200);
    expect((await connectionDoc(store.hash).get()).get('status')).toBe('connected');
    expect((await queue.get(store.hash, 'order-100'))?.status).toBe('pending');

    await queue.runDue({ handler });
    expect(handled).toEqual(['order-100']);
    expect((await queue.get(store.hash, 'order-100'))?.status).toBe('done');
  });
});

describe('orders before the first connection', () => {
  it('wait parked and run once QuickBooks is connected for the first time', async () => {
    const { store, token } = await openStore();
    const queue = jobs();
    await queue.enqueue(store.hash, { kind: 'order', subjectId: '7' });
    const handled: string[] = [];
    // The queue is shared by every store in this test project (other suites' stores may have due jobs):
    // only this store's runs count.
    const handler = async (job: { id: string; storeHash: string }) => {
      if (job.storeHash === store.hash) handled.push(job.id);
    };
    await queue.runDue({ handler });
    expect((await queue.get(store.hash, 'order-7'))?.status).toBe('parked');

    expect((await harness.connectQuickBooks(token)).callback.status).toBe(200);
    await queue.runDue({ handler });

    expect(handled).toEqual(['order-7']);
    expect((await queue.get(store.hash, 'order-7'))?.status).toBe('done');
  });
});

describe('disconnect', () => {
  it('revokes the grant at QuickBooks and clears the tokens', async () => {
    const { store, token } = await connectedStore();
    const realmId = (await connectionDoc(store.hash).get()).get('realmId') as string;
    const live = grantOf(realmId);
    expect(live?.revoked).toBe(false);

    const answer = await harness.api('/api/app/quickbooks/connection', token, { method: 'DELETE' });

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ revoked: true });
    expect(harness.qbo.state.oauth.grants.get(live!.id)?.revoked).toBe(true);
    const connection = (await connectionDoc(store.hash).get()).data()!;
    expect(connection).toMatchObject({ status: 'disconnected', realmId });
    expect(connection.accessToken).toBeUndefined();
    expect(connection.refreshToken).toBeUndefined();
    expect(connection.statusReason).toContain('Disconnected by');
    const view = await harness.api('/api/app/quickbooks/connection', token);
    expect(view.body).toMatchObject({ status: 'disconnected', companyName: 'Craft Supplies LLC' });
    expect((await harness.api('/api/app/quickbooks/profile', token)).status).toBe(409);
  });

  it('uninstalling the app revokes the QuickBooks grant too', async () => {
    const { store } = await connectedStore();
    const realmId = (await connectionDoc(store.hash).get()).get('realmId') as string;
    const live = grantOf(realmId)!;

    await harness.uninstall(store.hash);

    expect(harness.qbo.state.oauth.grants.get(live.id)?.revoked).toBe(true);
    expect((await connectionDoc(store.hash).get()).exists).toBe(false);
  });
});

describe('daily upkeep', () => {
  it('re-reads stale profiles (rotating the refresh token) and notices a dead grant the same day', async () => {
    const healthy = await connectedStore();
    const brokenCompany = harness.qbo.addCompany({ country: 'GB', name: 'Quiet Shop Ltd' });
    const broken = await openStore();
    expect((await harness.connectQuickBooks(broken.token, { realmId: brokenCompany.realmId })).callback.status).toBe(200);
    const dayAgo = new Date(Date.now() - 25 * 3_600_000).toISOString();
    for (const { store } of [healthy, broken]) {
      await db().doc(`stores/${store.hash}/quickbooks/profile`).update({ 'profile.refreshedAt': dayAgo });
      await connectionDoc(store.hash).update({ accessTokenExpiresAt: Timestamp.fromMillis(Date.now() - 1000) });
    }
    const versionBefore = (await connectionDoc(healthy.store.hash).get()).get('tokenVersion') as number;
    harness.qbo.oauth.revokeRealm(brokenCompany.realmId);

    const summary = await maintainQuickBooksConnections(getAppDeps());

    expect(summary.refreshed).toBeGreaterThanOrEqual(1);
    expect(summary.needsReconnect).toBeGreaterThanOrEqual(1);
    const healthyNow = (await connectionDoc(healthy.store.hash).get()).data()!;
    expect(healthyNow.status).toBe('connected');
    expect(healthyNow.tokenVersion).toBe(versionBefore + 1);
    const profile = (await db().doc(`stores/${healthy.store.hash}/quickbooks/profile`).get()).data()!;
    expect(Date.parse(profile.profile.refreshedAt)).toBeGreaterThan(Date.now() - 60_000);
    const brokenNow = (await connectionDoc(broken.store.hash).get()).data()!;
    expect(brokenNow.status).toBe('needs_reconnect');
    expect((await harness.api('/api/app/quickbooks/connection', broken.token)).body.status).toBe('needs_reconnect');

    // Fresh profiles are left alone: a second run the same day reads nothing from QuickBooks.
    const requests = harness.qbo.state.counters.requests;
    await maintainQuickBooksConnections(getAppDeps());
    expect(harness.qbo.state.counters.requests).toBe(requests);
  });
});

describe('logs', () => {
  it('never contain a token', () => {
    expect(logged.length).toBeGreaterThan(10);
    const text = logged.join('\n');
    const tokens = issuedTokens();
    expect(tokens.length).toBeGreaterThan(10);
    for (const issued of tokens) expect(text).not.toContain(issued);
    expect(text).not.toMatch(/Bearer [A-Za-z0-9._-]{20,}/);
  });
});

// ---------------------------------------------------------------------------------------------------------

async function openStore() {
  return harness.openNewStore();
}

async function connectedStore() {
  const opened = await openStore();
  const { callback } = await harness.connectQuickBooks(opened.token, { realmId: harness.qbo.realmId });
  expect(callback.status).toBe(200);
  return opened;
}

/** The consent step alone: the URL QuickBooks sends the popup back to, not yet visited. */
async function approveWithoutCallback(authorizeUrl: string): Promise<string> {
  return (await decideConsent(harness.qbo, authorizeUrl, { realmId: harness.qbo.realmId })).toString();
}

/** The newest live grant of a realm. */
function grantOf(realmId: string) {
  return [...harness.qbo.state.oauth.grants.values()].filter((grant) => grant.realmId === realmId && !grant.revoked).pop();
}
