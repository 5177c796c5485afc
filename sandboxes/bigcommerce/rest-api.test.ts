import { startBigCommerceSandbox, type BigCommerceSandbox } from './bigcommerce-sandbox';
import { FULL_SCOPE, apiCall } from './sandbox-test-kit';

let sandbox: BigCommerceSandbox;
let token: string;
let hash: string;

const APP = {
  name: 'REST test',
  clientId: 'rest-client',
  clientSecret: 'rest-secret',
  authCallbackUrl: 'http://127.0.0.1:9/auth',
  loadCallbackUrl: 'http://127.0.0.1:9/load',
  uninstallCallbackUrl: 'http://127.0.0.1:9/uninstall',
  removeUserCallbackUrl: 'http://127.0.0.1:9/remove-user',
};

beforeEach(async () => {
  sandbox = await startBigCommerceSandbox({ app: APP, rateLimit: { quota: 5, windowMs: 60_000 } });
  hash = sandbox.storeHash;
  token = sandbox.admin.createApiAccount(hash, { scope: FULL_SCOPE }).accessToken;
});

afterEach(() => sandbox.stop());

describe('authentication', () => {
  test('every REST call needs an X-Auth-Token valid for that store', async () => {
    const missing = await apiCall(sandbox.url, hash, null, 'GET', '/v2/orders');
    expect(missing.status).toBe(401);
    expect(missing.json()).toEqual([{ status: 401, message: expect.any(String) }]);
    expect(missing.headers.get('x-rate-limit-requests-left')).toBe('5');
    const v3 = await apiCall(sandbox.url, hash, 'bogus', 'GET', '/v3/customers');
    expect(v3.status).toBe(401);
    expect(v3.json()).toMatchObject({ status: 401, title: expect.any(String) });

    const other = sandbox.admin.createStore({ name: 'Other' });
    expect((await apiCall(sandbox.url, other.hash, token, 'GET', '/v2/orders')).status).toBe(401);
    expect((await apiCall(sandbox.url, 'nosuchstore', token, 'GET', '/v2/orders')).status).toBe(404);
    // Rejected requests don't spend the store's quota.
    expect(sandbox.state.stats.byStore[hash]).toBeUndefined();
    expect(sandbox.state.stats.unauthorized).toBe(3);
  });

  test('scopes: read-only tokens read, cannot write; missing scopes → 403', async () => {
    const readOnly = sandbox.admin.createApiAccount(hash, { scope: 'store_v2_products_read_only store_inventory_read_only' }).accessToken;
    expect((await apiCall(sandbox.url, hash, readOnly, 'GET', '/v3/catalog/products')).status).toBe(200);
    const write = await apiCall(sandbox.url, hash, readOnly, 'PUT', '/v3/inventory/adjustments/absolute', { items: [{ location_id: 1, product_id: 111, quantity: 1 }] });
    expect(write.status).toBe(403);
    expect(write.json()).toMatchObject({ status: 403, title: "You don't have a required scope to access the endpoint" });
    expect((await apiCall(sandbox.url, hash, readOnly, 'GET', '/v2/orders')).status).toBe(403);
  });
});

describe('empty collections', () => {
  test('v2 lists and v3 transactions answer 204 with no body; v3 lists answer 200 with data: []', async () => {
    sandbox.admin.configure({ quota: 100 });
    for (const path of ['/v2/orders', '/v2/orders?status_id=5']) {
      const res = await apiCall(sandbox.url, hash, token, 'GET', path);
      expect([res.status, res.text, res.contentType]).toEqual([204, '', null]);
    }
    const digital = sandbox.admin.createOrder(hash, { customer_id: 1, lines: [{ product_id: 115, quantity: 1 }], status_id: 0 });
    for (const path of [`/v2/orders/${digital.id}/coupons`, `/v2/orders/${digital.id}/shipping_addresses`, `/v2/orders/${digital.id}/taxes`, `/v2/orders/${digital.id}/shipments`, `/v3/orders/${digital.id}/transactions`]) {
      const res = await apiCall(sandbox.url, hash, token, 'GET', path);
      expect({ path, status: res.status, body: res.text }).toEqual({ path, status: 204, body: '' });
    }
    const refunds = await apiCall(sandbox.url, hash, token, 'GET', `/v3/orders/${digital.id}/payment_actions/refunds`);
    expect([refunds.status, refunds.json()]).toEqual([200, { data: [], meta: {} }]);
    const missing = await apiCall(sandbox.url, hash, token, 'GET', '/v2/orders/999');
    expect([missing.status, missing.json()]).toEqual([404, [{ status: 404, message: 'The requested resource was not found.' }]]);
  });
});

describe('rate limits', () => {
  test('quota headers on every response; 429 with X-Retry-After once the store quota is spent; counted in state', async () => {
    const lefts: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const res = await apiCall(sandbox.url, hash, token, 'GET', '/v2/store');
      expect(res.status).toBe(200);
      expect(res.headers.get('x-rate-limit-time-window-ms')).toBe('60000');
      expect(res.headers.get('x-rate-limit-requests-quota')).toBe('5');
      expect(Number(res.headers.get('x-rate-limit-time-reset-ms'))).toBeGreaterThan(0);
      lefts.push(res.headers.get('x-rate-limit-requests-left') ?? '');
    }
    expect(lefts).toEqual(['4', '3', '2', '1', '0']);
    const limited = await apiCall(sandbox.url, hash, token, 'GET', '/v3/catalog/products');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-rate-limit-requests-left')).toBe('0');
    expect(Number(limited.headers.get('x-retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers.get('x-retry-after'))).toBeLessThanOrEqual(60);
    expect(limited.json()).toMatchObject({ status: 429 });
    expect(sandbox.state.stats.rateLimited).toBe(1);
    expect(sandbox.state.stats.byStore[hash]).toEqual({ requests: 6, rateLimited: 1 });

    // The quota is per store: another store is unaffected.
    const other = sandbox.admin.createStore({});
    const otherToken = sandbox.admin.createApiAccount(other.hash, { scope: FULL_SCOPE }).accessToken;
    expect((await apiCall(sandbox.url, other.hash, otherToken, 'GET', '/v2/store')).status).toBe(200);
  });

  test('the window resets; quota and window can be changed at run time over HTTP', async () => {
    const config = await fetch(`${sandbox.url}/__sandbox/config`, { method: 'POST', body: JSON.stringify({ quota: 2, windowMs: 200 }) });
    expect(await config.json()).toMatchObject({ rateLimit: { quota: 2, windowMs: 200 } });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await apiCall(sandbox.url, hash, token, 'GET', '/v2/store')).status);
    expect(statuses).toEqual([200, 200, 429]);
    const started = Date.now();
    let status = 429;
    while (status === 429 && Date.now() - started < 2000) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      status = (await apiCall(sandbox.url, hash, token, 'GET', '/v2/store')).status;
    }
    expect(status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
  });
});

describe('fault injection and latency', () => {
  test('the next N responses get the injected 5xx, then normal service resumes', async () => {
    await fetch(`${sandbox.url}/__sandbox/config`, { method: 'POST', body: JSON.stringify({ fault: { status: 502, count: 2 }, quota: 100 }) });
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await apiCall(sandbox.url, hash, token, 'GET', '/v3/customers')).status);
    expect(statuses).toEqual([502, 502, 200]);
    expect(sandbox.state.stats.faultsInjected).toBe(2);
  });

  test('configured latency delays REST responses (not the control endpoints)', async () => {
    sandbox.admin.configure({ latencyMs: 120, quota: 100 });
    const started = Date.now();
    expect((await apiCall(sandbox.url, hash, token, 'GET', '/v2/store')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });

  test('unknown paths are 404 JSON, wrong methods 405', async () => {
    const unknown = await apiCall(sandbox.url, hash, token, 'GET', '/v3/nothing/here');
    expect([unknown.status, unknown.contentType]).toEqual([404, 'application/json']);
    expect((await apiCall(sandbox.url, hash, token, 'DELETE', '/v2/store')).status).toBe(405);
    const outside = await fetch(`${sandbox.url}/nowhere`);
    expect(outside.status).toBe(404);
  });
});

describe('bursts', () => {
  test('1,000 orders and their reads stay fast', async () => {
    sandbox.admin.configure({ quota: 100_000 });
    const started = Date.now();
    for (let i = 0; i < 1000; i += 1) {
      sandbox.admin.createOrder(hash, { customer_id: 1 + (i % 2), lines: [{ product_id: 111, quantity: 1 }, { product_id: 112, variant_id: 503, quantity: 2 }], shipping: { cost: '5' }, tax: { rate: '8.25' }, skip_inventory: true });
    }
    const page = await apiCall(sandbox.url, hash, token, 'GET', '/v2/orders?limit=250&page=4&sort=date_created:desc');
    expect(page.status).toBe(200);
    expect(page.json()).toHaveLength(250);
    const count = await apiCall(sandbox.url, hash, token, 'GET', '/v2/orders/count');
    expect((count.json() as { count: number }).count).toBe(1000);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
