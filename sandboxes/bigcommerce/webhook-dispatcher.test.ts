import { createHash, createHmac } from 'node:crypto';
import { startBigCommerceSandbox, type BigCommerceSandbox } from './bigcommerce-sandbox';
import { FULL_SCOPE, apiCall, startReceiver, type Receiver } from './sandbox-test-kit';
import { scopeMatches, type WebhookPayload } from './webhook-dispatcher';

const APP = {
  name: 'Webhook test',
  clientId: 'hooks-client',
  clientSecret: 'hooks-secret',
  authCallbackUrl: 'http://127.0.0.1:9/auth',
  loadCallbackUrl: 'http://127.0.0.1:9/load',
  uninstallCallbackUrl: 'http://127.0.0.1:9/uninstall',
  removeUserCallbackUrl: 'http://127.0.0.1:9/remove-user',
};

let sandbox: BigCommerceSandbox;
let receiver: Receiver;
let token: string;
let hash: string;

async function start(options: Partial<Parameters<typeof startBigCommerceSandbox>[0]> = {}) {
  sandbox = await startBigCommerceSandbox({ app: APP, webhookRetryDelaysMs: [30, 60], ...options });
  hash = sandbox.storeHash;
  token = sandbox.admin.createApiAccount(hash, { clientId: APP.clientId, scope: FULL_SCOPE }).accessToken;
}

async function hook(scope: string, path = '/hooks', headers: Record<string, string> = { 'x-app-secret': 'per-store-secret' }): Promise<number> {
  const res = await apiCall(sandbox.url, hash, token, 'POST', '/v3/hooks', { scope, destination: `${receiver.url}${path}`, headers });
  expect(res.status).toBe(200);
  return (res.json() as { data: { id: number } }).data.id;
}

function order() {
  return sandbox.admin.createOrder(hash, { customer_id: 1, lines: [{ product_id: 114, quantity: 1 }], skip_inventory: true });
}

const payloads = () => receiver.requests.map((r) => JSON.parse(r.body) as WebhookPayload);

beforeEach(async () => {
  receiver = await startReceiver();
});

afterEach(async () => {
  await sandbox?.stop();
  await receiver.stop();
});

describe('webhook dispatch', () => {
  test('thin payload with sha1 hash, custom headers and JSON content type, to matching active hooks only', async () => {
    await start();
    await hook('store/order/created');
    const inactive = await hook('store/order/updated', '/inactive');
    await apiCall(sandbox.url, hash, token, 'PUT', `/v3/hooks/${inactive}`, { is_active: false });
    const created = order();
    sandbox.admin.editOrder(hash, created.id, { staff_notes: 'x' });
    await sandbox.webhooksIdle();

    expect(receiver.requests).toHaveLength(1);
    const [request] = receiver.requests;
    expect(request!.method).toBe('POST');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['x-app-secret']).toBe('per-store-secret');
    const payload = JSON.parse(request!.body) as WebhookPayload;
    const store = sandbox.state.stores.get(hash)!;
    expect(payload).toEqual({
      scope: 'store/order/created',
      store_id: String(store.storeId),
      producer: `stores/${hash}`,
      created_at: expect.any(Number),
      hash: createHash('sha1').update(JSON.stringify({ type: 'order', id: created.id })).digest('hex'),
      data: { type: 'order', id: created.id },
    });
    expect(Math.abs(payload.created_at - Date.now() / 1000)).toBeLessThan(5);
    expect(sandbox.webhooks.log.at(-1)).toMatchObject({ state: 'delivered', attempts: [expect.objectContaining({ status: 200 })] });
  });

  test('wildcards match every event under the prefix', async () => {
    await start();
    await hook('store/order/*');
    const created = order();
    sandbox.admin.refundOrder(hash, created.id, {});
    await sandbox.webhooksIdle();
    // Deliveries run concurrently, so arrival order is not guaranteed (nor is it in production).
    expect(payloads().map((p) => p.scope).sort()).toEqual(['store/order/created', 'store/order/refund/created', 'store/order/statusUpdated', 'store/order/updated']);
    expect(payloads().find((p) => p.scope === 'store/order/refund/created')!.data).toEqual({ type: 'order', id: created.id, refund: { refund_id: 1 } });
    expect(scopeMatches('store/customer/*', 'store/customer/address/created')).toBe(true);
    expect(scopeMatches('store/order/*', 'store/orders/created')).toBe(false);
  });

  test('non-2xx answers are retried on the configured schedule, attempts are logged', async () => {
    await start();
    receiver.respond = (_req, index) => (index < 2 ? 500 : 200);
    await hook('store/order/created');
    order();
    await sandbox.webhooksIdle();
    expect(receiver.requests).toHaveLength(3);
    expect(new Set(receiver.requests.map((r) => r.body)).size).toBe(1);
    const delivery = sandbox.webhooks.log.at(-1)!;
    expect(delivery.state).toBe('delivered');
    expect(delivery.attempts.map((a) => a.status)).toEqual([500, 500, 200]);
    expect(receiver.requests[1]!.at - receiver.requests[0]!.at).toBeGreaterThanOrEqual(25);
    expect(sandbox.webhooks.stats).toMatchObject({ attempts: 3, delivered: 1, retries: 2 });
  });

  test('after the last retry fails the delivery is failed and the hook deactivated (production behaviour)', async () => {
    await start({ webhookRetryDelaysMs: [10] });
    receiver.respond = () => 503;
    const id = await hook('store/order/created');
    order();
    await sandbox.webhooksIdle();
    expect(receiver.requests).toHaveLength(2);
    expect(sandbox.webhooks.log.at(-1)!.state).toBe('failed');
    const res = await apiCall(sandbox.url, hash, token, 'GET', `/v3/hooks/${id}`);
    expect((res.json() as { data: { is_active: boolean } }).data.is_active).toBe(false);
  });

  test('a receiver that does not answer in time counts as a failure', async () => {
    await start({ webhookRetryDelaysMs: [], webhookTimeoutMs: 100 });
    receiver.respond = () => new Promise((resolve) => setTimeout(() => resolve(200), 400));
    await hook('store/order/created');
    order();
    await sandbox.webhooksIdle();
    expect(sandbox.webhooks.log.at(-1)!.attempts[0]).toMatchObject({ status: null, error: expect.stringMatching(/timeout/) });
  });

  test('duplicates mode delivers each event N times with the same hash', async () => {
    await start();
    await hook('store/order/created');
    const mode = await fetch(`${sandbox.url}/__sandbox/webhooks/mode`, { method: 'POST', body: JSON.stringify({ duplicates: 3 }) });
    expect(await mode.json()).toMatchObject({ duplicates: 3 });
    order();
    await sandbox.webhooksIdle();
    expect(receiver.requests).toHaveLength(3);
    expect(new Set(payloads().map((p) => p.hash)).size).toBe(1);
  });

  test('paused mode holds deliveries until flushed; shuffle mode delivers everything in random order', async () => {
    await start({ webhookMode: { paused: true } });
    await hook('store/order/created');
    for (let i = 0; i < 3; i += 1) order();
    await sandbox.webhooksIdle(); // held deliveries don't count as pending
    expect(receiver.requests).toHaveLength(0);
    expect(sandbox.webhooks.heldCount()).toBe(3);
    const flushed = await fetch(`${sandbox.url}/__sandbox/webhooks/flush`, { method: 'POST' });
    expect(await flushed.json()).toEqual({ released: 3 });
    await sandbox.webhooksIdle();
    expect(receiver.requests).toHaveLength(3);

    sandbox.admin.setWebhookMode({ paused: false, shuffleWindowMs: 50 });
    const ids = Array.from({ length: 20 }, () => order().id);
    await sandbox.webhooksIdle();
    const delivered = payloads().slice(3).map((p) => p.data.id);
    expect([...delivered].sort()).toEqual([...ids].sort());
  });

  test('optional Standard Webhooks signature headers, keyed with the client secret', async () => {
    await start({ webhookMode: { signatures: true } });
    await hook('store/order/created');
    order();
    await sandbox.webhooksIdle();
    const { headers, body } = receiver.requests[0]!;
    const expected = createHmac('sha256', APP.clientSecret).update(`${String(headers['webhook-id'])}.${String(headers['webhook-timestamp'])}.${body}`).digest('base64');
    expect(headers['webhook-signature']).toBe(`v1,${expected}`);
  });

  test('customer and address events', async () => {
    await start();
    await hook('store/customer/*');
    const customer = sandbox.admin.createCustomer(hash, { email: 'c@example.com', first_name: 'C', last_name: 'D' });
    const address = sandbox.admin.addCustomerAddress(hash, customer.id, { first_name: 'C', last_name: 'D', address1: '1 A St', city: 'X', state_or_province: 'Y', postal_code: '1', country_code: 'US' });
    sandbox.admin.updateCustomer(hash, customer.id, { company: 'Acme' });
    sandbox.admin.deleteCustomerAddress(hash, customer.id, address.id);
    await sandbox.webhooksIdle();
    expect(payloads().map((p) => [p.scope, p.data])).toHaveLength(4);
    expect(payloads().map((p) => [p.scope, p.data])).toEqual(expect.arrayContaining([
      ['store/customer/created', { type: 'customer', id: customer.id }],
      ['store/customer/address/created', { type: 'customer', id: address.id, address: { customer_id: customer.id } }],
      ['store/customer/updated', { type: 'customer', id: customer.id }],
      ['store/customer/address/deleted', { type: 'customer', id: address.id, address: { customer_id: customer.id } }],
    ]));
  });
});
