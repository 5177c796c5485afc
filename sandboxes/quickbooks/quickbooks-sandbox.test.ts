/**
 * End to end with the real clients, pointed at the sandbox through their static endpoints (reference §7.1):
 * intuit-oauth for consent → code → tokens → refresh rotation, node-quickbooks for the Accounting API.
 */
import OAuthClient from 'intuit-oauth';
import QuickBooks from 'node-quickbooks';
import type { JsonObject } from './json';
import { startQuickBooksSandbox, type QuickBooksSandbox } from './quickbooks-sandbox';
import { consentIdFrom } from './sandbox-client';
import { SchemaValidator } from './schema-validator';

const CLIENT_ID = 'ABsandboxClientId0123456789';
const CLIENT_SECRET = 'sandbox-secret-0123456789';
const REDIRECT_URI = 'http://localhost:3999/api/quickbooks/callback';

type Callback = (err: unknown, data?: unknown) => void;

/** node-quickbooks is callback-only; errors are AxiosErrors with the Intuit body at err.response.data. */
function call<T = JsonObject>(invoke: (cb: Callback) => void): Promise<T> {
  return new Promise((resolve, reject) => invoke((err, data) => (err ? reject(err) : resolve(data as T))));
}

interface HttpFailure {
  status?: number;
  code?: string;
  element?: string;
  networkCode?: string;
}

async function failure(promise: Promise<unknown>): Promise<HttpFailure> {
  try {
    await promise;
  } catch (error) {
    const e = error as { response?: { status?: number; data?: { Fault?: { Error?: { code?: string; element?: string }[] }; fault?: { error?: { code?: string }[] } } }; code?: string };
    const data = e.response?.data;
    const first = data?.Fault?.Error?.[0] ?? data?.fault?.error?.[0];
    return {
      ...(e.response?.status !== undefined ? { status: e.response.status } : {}),
      ...(first?.code ? { code: first.code } : {}),
      ...(first && 'element' in first && typeof first.element === 'string' && first.element ? { element: first.element } : {}),
      ...(e.code ? { networkCode: e.code } : {}),
    };
  }
  throw new Error('expected the call to fail');
}

describe('QuickBooks sandbox with intuit-oauth and node-quickbooks', () => {
  let sandbox: QuickBooksSandbox;
  let oauthClient: OAuthClient;
  let qbo: QuickBooks;
  const saved = {
    v3: QuickBooks.V3_ENDPOINT_BASE_URL, token: QuickBooks.TOKEN_URL, authorize: OAuthClient.authorizeEndpoint,
    tokenEndpoint: OAuthClient.tokenEndpoint, revoke: OAuthClient.revokeEndpoint, jwks: OAuthClient.jwks_uri, retries: OAuthClient.retryConfig.maxRetries,
  };
  const validator = new SchemaValidator();

  beforeAll(async () => {
    sandbox = await startQuickBooksSandbox({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [REDIRECT_URI] });
    QuickBooks.V3_ENDPOINT_BASE_URL = sandbox.apiBaseUrl;
    QuickBooks.TOKEN_URL = sandbox.tokenUrl;
    OAuthClient.authorizeEndpoint = sandbox.authorizeUrl;
    OAuthClient.tokenEndpoint = sandbox.tokenUrl;
    OAuthClient.revokeEndpoint = sandbox.revokeUrl;
    OAuthClient.jwks_uri = sandbox.jwksUrl;
    OAuthClient.retryConfig.maxRetries = 0;
  });

  afterAll(async () => {
    await sandbox.stop();
    QuickBooks.V3_ENDPOINT_BASE_URL = saved.v3;
    QuickBooks.TOKEN_URL = saved.token;
    OAuthClient.authorizeEndpoint = saved.authorize;
    OAuthClient.tokenEndpoint = saved.tokenEndpoint;
    OAuthClient.revokeEndpoint = saved.revoke;
    OAuthClient.jwks_uri = saved.jwks;
    OAuthClient.retryConfig.maxRetries = saved.retries;
  });

  it('connects through the consent page, exchanges the code and rotates the refresh token', async () => {
    oauthClient = new OAuthClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, environment: 'sandbox', redirectUri: REDIRECT_URI });
    const authorizeUri = oauthClient.authorizeUri({ scope: [OAuthClient.scopes.Accounting, OAuthClient.scopes.OpenId], state: 'csrf-123' });
    expect(authorizeUri.startsWith(sandbox.authorizeUrl)).toBe(true);

    const page = await fetch(authorizeUri);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain(sandbox.state.company().name);
    expect(html).toMatch(/value="approve"[^>]*>Approve/);
    expect(html).not.toMatch(/<(script|link)\b/);

    const approve = await fetch(`${sandbox.url}/connect/oauth2/consent`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ consent_id: consentIdFrom(html), realmId: sandbox.realmId, decision: 'approve' }).toString(),
      redirect: 'manual',
    });
    expect(approve.status).toBe(302);
    const callback = new URL(approve.headers.get('location') ?? '');
    expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT_URI);
    expect(callback.searchParams.get('state')).toBe('csrf-123');
    expect(callback.searchParams.get('realmId')).toBe(sandbox.realmId);

    const created = await oauthClient.createToken(callback.pathname + callback.search);
    const first = created.getJson() as { access_token: string; refresh_token: string; expires_in: number; x_refresh_token_expires_in: number; token_type: string; id_token?: string };
    expect(first).toMatchObject({ token_type: 'bearer', expires_in: 3600 });
    expect(first.x_refresh_token_expires_in).toBe(100 * 86_400);
    expect(oauthClient.getToken().realmId).toBe(sandbox.realmId);
    await expect(oauthClient.validateIdToken()).resolves.toBe(true);

    await oauthClient.refresh();
    const second = oauthClient.getToken();
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.access_token).not.toBe(first.access_token);
    // The superseded refresh token is dead: invalid_grant, which apps must treat as "reconnect".
    const stale = await oauthClient.refreshUsingToken(first.refresh_token).then(() => null, (e: { error?: string; authResponse?: { response?: { status?: number } } }) => e);
    expect(stale?.error).toBe('invalid_grant');
    expect(stale?.authResponse?.response?.status).toBe(400);
    // The failed call did not clobber the good token.
    expect(oauthClient.getToken().refresh_token).toBe(second.refresh_token);

    qbo = new QuickBooks(CLIENT_ID, CLIENT_SECRET, second.access_token, false, sandbox.realmId, true, false, null, '2.0', second.refresh_token);
    const info = await call((cb) => qbo.getCompanyInfo(sandbox.realmId, cb));
    expect(info).toMatchObject({ Country: 'US', CompanyName: sandbox.state.company().name });
    const prefs = await call<{ TaxPrefs: { PartnerTaxEnabled: boolean }; CurrencyPrefs: { HomeCurrency: { value: string } } }>((cb) => qbo.getPreferences(cb));
    expect(prefs.TaxPrefs.PartnerTaxEnabled).toBe(true);
    expect(prefs.CurrencyPrefs.HomeCurrency.value).toBe('USD');
  });

  let customerId = '';
  let itemId = '';
  let receipt: JsonObject = {};
  const company = () => sandbox.state.company();

  it('creates a customer; a duplicate DisplayName (also a seeded vendor name) is 6240', async () => {
    const commits: Array<{ type: string; created: boolean; realmId: string; name: unknown }> = [];
    const unsubscribe = sandbox.onCommit((event) => commits.push({ type: event.type, created: event.created, realmId: event.realmId, name: event.entity.DisplayName }));
    const customer = await call((cb) => qbo.createCustomer({ DisplayName: 'Jane Doe (BC #4512)', GivenName: 'Jane', FamilyName: 'Doe', PrimaryEmailAddr: { Address: 'jane@example.com' } } as never, cb));
    expect(customer).toMatchObject({ SyncToken: '0', DisplayName: 'Jane Doe (BC #4512)', Active: true, Balance: 0 });
    customerId = String(customer.Id);
    expect(validator.check('Customer', customer)).toBeNull();

    expect(await failure(call((cb) => qbo.createCustomer({ DisplayName: 'jane doe (bc #4512)' } as never, cb)))).toMatchObject({ status: 400, code: '6240' });
    expect(await failure(call((cb) => qbo.createCustomer({ DisplayName: 'Books by Bessie' } as never, cb)))).toMatchObject({ status: 400, code: '6240' });
    unsubscribe();
    // Observers (benchmarks) saw the one write that happened, not the refused ones.
    expect(commits).toEqual([{ type: 'Customer', created: true, realmId: sandbox.realmId, name: 'Jane Doe (BC #4512)' }]);
  });

  it('rejects a field Intuit\'s schema does not define (2010), naming it', async () => {
    const result = await failure(call((cb) => qbo.createCustomer({ DisplayName: 'Schema Test', Nickname: 'JJ' } as never, cb)));
    expect(result).toMatchObject({ status: 400, code: '2010', element: 'Customer.Nickname' });
    expect(company().store.findDisplayName('Schema Test')).toBeUndefined();
  });

  it('creates an item and a sales receipt whose total includes the tax override', async () => {
    const item = await call((cb) => qbo.createItem({ Name: 'Blue Mug 12oz', Sku: 'MUG-BLU-12', Type: 'NonInventory', IncomeAccountRef: { value: company().accounts.sales }, UnitPrice: 12.5, Taxable: true } as never, cb));
    itemId = String(item.Id);
    expect(item).toMatchObject({ Name: 'Blue Mug 12oz', Type: 'NonInventory', Active: true });

    receipt = await call((cb) => qbo.createSalesReceipt({
      CustomerRef: { value: customerId }, DocNumber: 'BC-1001', TxnDate: '2026-03-02', PaymentMethodRef: { value: '3' },
      ShippingTaxIncludedInTotalTax: true, requestId: 'bc-1001-sr',
      Line: [
        { DetailType: 'SalesItemLineDetail', Amount: 25, SalesItemLineDetail: { ItemRef: { value: itemId }, Qty: 2, UnitPrice: 12.5, TaxCodeRef: { value: 'TAX' } } },
        { DetailType: 'SalesItemLineDetail', Amount: 7.95, SalesItemLineDetail: { ItemRef: { value: 'SHIPPING_ITEM_ID' }, TaxCodeRef: { value: 'TAX' } } },
        { DetailType: 'DiscountLineDetail', Amount: 5, DiscountLineDetail: { PercentBased: false } },
      ],
      TxnTaxDetail: { TotalTax: 2.06 },
    } as never, cb));
    expect(receipt).toMatchObject({ DocNumber: 'BC-1001', TotalAmt: 30.01, Balance: 0, SyncToken: '0', CustomerRef: { value: customerId, name: 'Jane Doe (BC #4512)' } });
    expect(receipt.TxnTaxDetail).toMatchObject({ TotalTax: 2.06, TxnTaxCodeRef: { value: company().astTaxCodeId } });
    const lines = receipt.Line as JsonObject[];
    expect(lines.map((l) => l.DetailType)).toEqual(['SalesItemLineDetail', 'SalesItemLineDetail', 'SubTotalLineDetail', 'DiscountLineDetail']);
    expect(lines[2]?.Amount).toBe(25);
    expect(validator.check('SalesReceipt', receipt)).toBeNull();

    // Money is rendered with two decimals, like Intuit.
    const raw = await fetch(`${sandbox.apiBaseUrl}${sandbox.realmId}/salesreceipt/${String(receipt.Id)}?minorversion=75`, { headers: { Authorization: `Bearer ${oauthClient.getToken().access_token}` } });
    const text = await raw.text();
    expect(text).toContain('"TotalAmt":30.01');
    expect(text).toContain('"Amount":25.00');
    expect(raw.headers.get('intuit_tid')).toBeTruthy();
  });

  it('replays a requestid: same Id, nothing created again', async () => {
    const before = company().store.count('SalesReceipt');
    const again = await call((cb) => qbo.createSalesReceipt({
      CustomerRef: { value: customerId }, DocNumber: 'BC-1001', requestId: 'bc-1001-sr',
      Line: [{ DetailType: 'SalesItemLineDetail', Amount: 1, SalesItemLineDetail: { ItemRef: { value: itemId } } }],
    } as never, cb));
    expect(again.Id).toBe(receipt.Id);
    expect(again.TotalAmt).toBe(30.01);
    expect(company().store.count('SalesReceipt')).toBe(before);
    expect(sandbox.state.realmCounters(sandbox.realmId).replayed).toBe(1);
  });

  it('enforces unique DocNumbers (6140) unless include=allowduplicatedocnum', async () => {
    const payload = () => ({ CustomerRef: { value: customerId }, DocNumber: 'BC-1001', Line: [{ DetailType: 'SalesItemLineDetail', Amount: 12.5, SalesItemLineDetail: { ItemRef: { value: itemId }, Qty: 1, UnitPrice: 12.5 } }] });
    expect(await failure(call((cb) => qbo.createSalesReceipt(payload() as never, cb)))).toMatchObject({ status: 400, code: '6140' });
    const duplicate = await call((cb) => qbo.createSalesReceipt({ ...payload(), allowDuplicateDocNum: true } as never, cb));
    expect(duplicate.DocNumber).toBe('BC-1001');
    await call((cb) => qbo.deleteSalesReceipt({ Id: duplicate.Id, SyncToken: duplicate.SyncToken } as never, cb));
  });

  it('updates with SyncToken; a stale SyncToken is 5010', async () => {
    const updated = await call((cb) => qbo.updateSalesReceipt({ Id: receipt.Id, SyncToken: receipt.SyncToken, PrivateNote: 'BigCommerce order 1001' } as never, cb));
    expect(updated).toMatchObject({ SyncToken: '1', PrivateNote: 'BigCommerce order 1001', TotalAmt: 30.01 });
    // The sparse update kept the lines and the tax override.
    expect((updated.TxnTaxDetail as JsonObject).TotalTax).toBe(2.06);
    expect(await failure(call((cb) => qbo.updateSalesReceipt({ Id: receipt.Id, SyncToken: '0', PrivateNote: 'lost update' } as never, cb)))).toMatchObject({ status: 400, code: '5010' });
    expect(company().store.get('SalesReceipt', String(receipt.Id))?.PrivateNote).toBe('BigCommerce order 1001');
  });

  it('rejects Amount ≠ Qty × UnitPrice (6070)', async () => {
    const result = await failure(call((cb) => qbo.createInvoice({
      CustomerRef: { value: customerId },
      Line: [{ DetailType: 'SalesItemLineDetail', Amount: 37.49, SalesItemLineDetail: { ItemRef: { value: itemId }, Qty: 3, UnitPrice: 12.5 } }],
    } as never, cb)));
    expect(result).toMatchObject({ status: 400, code: '6070' });
  });

  it('queries with WHERE / LIKE / IN / ORDERBY / STARTPOSITION / MAXRESULTS and COUNT(*)', async () => {
    const ids: string[] = [customerId];
    for (const name of ['Adam Doe', 'Zoe Doe', 'Mary Major', "Pat O'Doe"]) {
      const c = await call((cb) => qbo.createCustomer({ DisplayName: name } as never, cb));
      ids.push(String(c.Id));
    }
    type Found = { QueryResponse: { Customer?: JsonObject[]; startPosition?: number; maxResults?: number; totalCount?: number } };
    const like = await call<Found>((cb) => qbo.findCustomers([{ field: 'DisplayName', value: '%Doe%', operator: 'LIKE' }, { field: 'desc', value: 'DisplayName' }, { field: 'offset', value: 2 }, { field: 'limit', value: 2 }] as never, cb));
    expect(like.QueryResponse.Customer?.map((c) => c.DisplayName)).toEqual(["Pat O'Doe", 'Jane Doe (BC #4512)']);
    expect(like.QueryResponse).toMatchObject({ startPosition: 2, maxResults: 2 });

    const escaped = await call<Found>((cb) => qbo.findCustomers({ DisplayName: "Pat O'Doe" } as never, cb));
    expect(escaped.QueryResponse.Customer?.[0]?.Id).toBe(ids[4]);

    const inList = await call<Found>((cb) => qbo.findCustomers([{ field: 'Id', value: [ids[1], ids[3]], operator: 'IN' }] as never, cb));
    expect(inList.QueryResponse.Customer?.map((c) => c.DisplayName).sort()).toEqual(['Adam Doe', 'Mary Major']);

    const count = await call<Found>((cb) => qbo.findCustomers({ count: true } as never, cb));
    expect(count.QueryResponse.totalCount).toBe(5);

    const none = await call<Found>((cb) => qbo.findCustomers({ DisplayName: 'Nobody' } as never, cb));
    expect(none.QueryResponse).toEqual({});

    const byDoc = await call<{ QueryResponse: { SalesReceipt?: JsonObject[] } }>((cb) => qbo.findSalesReceipts({ DocNumber: 'BC-1001' } as never, cb));
    expect(byDoc.QueryResponse.SalesReceipt).toHaveLength(1);

    const bad = await failure(call((cb) => qbo.findCustomers("where Nickname = 'x'" as never, cb)));
    expect(bad).toMatchObject({ status: 400, code: '4001' });
  });

  it('runs a batch with per-item results and faults, HTTP 200', async () => {
    const response = await call<{ BatchItemResponse: JsonObject[] }>((cb) => qbo.batch([
      { bId: 'c1', operation: 'create', Customer: { DisplayName: 'Batch Customer' } },
      { bId: 'c2', operation: 'create', Customer: { DisplayName: 'Jane Doe (BC #4512)' } },
      { bId: 'q1', Query: "select count(*) from Customer where DisplayName LIKE 'Batch%'" } as never,
    ], cb));
    const [c1, c2, q1] = response.BatchItemResponse;
    expect(c1).toMatchObject({ bId: 'c1', Customer: { DisplayName: 'Batch Customer' } });
    expect(c2).toMatchObject({ bId: 'c2', Fault: { type: 'ValidationFault', Error: [{ code: '6240' }] } });
    expect(q1).toMatchObject({ bId: 'q1', QueryResponse: { totalCount: 1 } });
  });

  it('answers 429 / 3001 when more than 10 requests per realm are in flight', async () => {
    sandbox.state.latencyMs = 300;
    try {
      const results = await Promise.allSettled(Array.from({ length: 11 }, () => call((cb) => qbo.getCustomer(customerId, cb))));
      const throttled = await Promise.all(results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => failure(Promise.reject(r.reason))));
      expect(throttled.length).toBeGreaterThanOrEqual(1);
      expect(throttled[0]).toMatchObject({ status: 429, code: '3001' });
      expect(results.filter((r) => r.status === 'fulfilled').length).toBe(10);
      expect(sandbox.state.realmCounters(sandbox.realmId).throttled).toBeGreaterThanOrEqual(1);
    } finally {
      sandbox.state.latencyMs = 0;
    }
  });

  it('commits, then drops the response; a lookup (and a requestid retry) finds the committed document', async () => {
    sandbox.faults.inject({ realmId: sandbox.realmId, method: 'POST', path: '/salesreceipt', commitThenDrop: 'destroy' });
    const payload = () => ({
      CustomerRef: { value: customerId }, DocNumber: 'BC-1002', requestId: 'bc-1002-sr',
      Line: [{ DetailType: 'SalesItemLineDetail', Amount: 12.5, SalesItemLineDetail: { ItemRef: { value: itemId }, Qty: 1, UnitPrice: 12.5, TaxCodeRef: { value: 'NON' } } }],
    });
    const dropped = await failure(call((cb) => qbo.createSalesReceipt(payload() as never, cb)));
    expect(dropped.status).toBeUndefined();
    expect(dropped.networkCode).toBe('ECONNRESET');

    const found = await call<{ QueryResponse: { SalesReceipt?: JsonObject[] } }>((cb) => qbo.findSalesReceipts({ DocNumber: 'BC-1002' } as never, cb));
    expect(found.QueryResponse.SalesReceipt).toHaveLength(1);
    const committed = found.QueryResponse.SalesReceipt?.[0];
    expect(committed?.TotalAmt).toBe(12.5);

    const retried = await call((cb) => qbo.createSalesReceipt(payload() as never, cb));
    expect(retried.Id).toBe(committed?.Id);
    expect(sandbox.state.entities('SalesReceipt').filter((r) => r.DocNumber === 'BC-1002')).toHaveLength(1);
  });

  it('answers 401 / 3200 once the access token expired, and works again after a refresh', async () => {
    sandbox.oauth.expireAccessTokens(sandbox.realmId);
    expect(await failure(call((cb) => qbo.getCustomer(customerId, cb)))).toMatchObject({ status: 401, code: '3200' });
    await oauthClient.refresh();
    qbo.token = oauthClient.getToken().access_token;
    await expect(call((cb) => qbo.getCustomer(customerId, cb))).resolves.toMatchObject({ Id: customerId });
  });

  it('revokes the grant: API 401 and refresh invalid_grant', async () => {
    await oauthClient.revoke({ refresh_token: oauthClient.getToken().refresh_token });
    expect(await failure(call((cb) => qbo.getCustomer(customerId, cb)))).toMatchObject({ status: 401, code: '3200' });
    const error = await oauthClient.refreshUsingToken(qbo.refreshToken ?? '').then(() => null, (e: { error?: string }) => e);
    expect(error?.error).toBe('invalid_grant');
  });
});
