/**
 * Contract test: every REST response the sandbox produces — successes, empty 204s, 404s, 401/403, 422s,
 * 429s and injected 5xx — is validated (status, content type, JSON body) against the matching operation
 * in BigCommerce's published OpenAPI specs, and every webhook payload against the webhook spec's schema.
 * Deliberate deviations from the spec text are listed (with reasons) in openapi-response-contract.ts.
 */
import path from 'node:path';
import { startBigCommerceSandbox, type BigCommerceSandbox } from './bigcommerce-sandbox';
import { OpenApiContract, type ContractResult } from './openapi-response-contract';
import { FULL_SCOPE, apiCall, startReceiver, type Receiver } from './sandbox-test-kit';

const SPEC_DIR = path.resolve(__dirname, '../../../shared/specs/bigcommerce');

let contract: OpenApiContract;
let sandbox: BigCommerceSandbox;
let receiver: Receiver;
let token: string;
let hash: string;
const results: ContractResult[] = [];

/** Calls the API and asserts the response satisfies the spec; returns the parsed body (if any). */
async function call(method: string, apiPath: string, options: { body?: unknown; token?: string | null; expect?: number } = {}): Promise<unknown> {
  const res = await apiCall(sandbox.url, hash, options.token === undefined ? token : options.token, method, apiPath, options.body);
  const result = contract.check({ method, path: apiPath, status: res.status, contentType: res.contentType, bodyText: res.text });
  results.push(result);
  if (!result.valid) throw new Error(`${method} ${apiPath} → ${res.status} violates ${result.operation}:\n  ${result.errors.join('\n  ')}\n  body: ${res.text.slice(0, 400)}`);
  if (options.expect !== undefined && res.status !== options.expect) throw new Error(`${method} ${apiPath}: expected ${options.expect}, got ${res.status}: ${res.text.slice(0, 300)}`);
  return res.text ? res.json() : undefined;
}

beforeAll(async () => {
  contract = await OpenApiContract.load(SPEC_DIR);
  receiver = await startReceiver();
  sandbox = await startBigCommerceSandbox({
    app: {
      name: 'Contract App',
      clientId: 'contract-client',
      clientSecret: 'contract-secret',
      authCallbackUrl: `${receiver.url}/auth`,
      loadCallbackUrl: `${receiver.url}/load`,
      uninstallCallbackUrl: `${receiver.url}/uninstall`,
      removeUserCallbackUrl: `${receiver.url}/remove-user`,
    },
    rateLimit: { quota: 100_000, windowMs: 30_000 },
    webhookRetryDelaysMs: [50],
  });
  hash = sandbox.storeHash;
  token = sandbox.admin.createApiAccount(hash, { clientId: 'contract-client', scope: FULL_SCOPE }).accessToken;
});

afterAll(async () => {
  await sandbox?.stop();
  await receiver?.stop();
});

describe('BigCommerce sandbox responses satisfy the published OpenAPI specs', () => {
  let richOrder: number;
  let guestEuroOrder: number;
  let digitalOrder: number;

  test('hooks: empty list, create, duplicate 422, read, update, delete, 401, 404', async () => {
    const empty = (await call('GET', '/v3/hooks', { expect: 200 })) as { data: unknown[] };
    expect(empty.data).toEqual([]);
    for (const scope of ['store/order/*', 'store/customer/*', 'store/product/inventory/updated', 'store/sku/inventory/updated', 'store/shipment/created', 'store/app/uninstalled']) {
      await call('POST', '/v3/hooks', { body: { scope, destination: `${receiver.url}/webhooks`, is_active: true, headers: { 'x-secret': 's3cret' } }, expect: 200 });
    }
    await call('POST', '/v3/hooks', { body: { scope: 'store/order/*', destination: `${receiver.url}/webhooks` }, expect: 422 });
    await call('POST', '/v3/hooks', { body: { scope: 'store/order/created' }, expect: 422 });
    await call('POST', '/v3/hooks', { body: { scope: 'store/not/a/scope', destination: `${receiver.url}/x` }, expect: 422 });
    await call('POST', '/v3/hooks', { body: 'not an object', expect: 400 });
    const extra = (await call('POST', '/v3/hooks', { body: { scope: 'store/order/created', destination: `${receiver.url}/other` }, expect: 200 })) as { data: { id: number } };
    const list = (await call('GET', '/v3/hooks?is_active=true&page=1&limit=5', { expect: 200 })) as { data: unknown[] };
    expect(list.data).toHaveLength(5);
    await call('GET', `/v3/hooks/${extra.data.id}`, { expect: 200 });
    await call('PUT', `/v3/hooks/${extra.data.id}`, { body: { is_active: false, headers: { a: 'b' } }, expect: 200 });
    await call('PUT', `/v3/hooks/${extra.data.id}`, { body: {}, expect: 422 });
    await call('DELETE', `/v3/hooks/${extra.data.id}`, { expect: 200 });
    await call('GET', `/v3/hooks/${extra.data.id}`, { expect: 404 });
    await call('PUT', '/v3/hooks/999999', { body: { is_active: true }, expect: 404 });
    await call('GET', '/v3/hooks', { token: null, expect: 401 });
    // Another client's token sees none of these hooks.
    const other = sandbox.admin.createApiAccount(hash, { clientId: 'someone-else' }).accessToken;
    expect(((await call('GET', '/v3/hooks', { token: other, expect: 200 })) as { data: unknown[] }).data).toEqual([]);
  });

  test('store information', async () => {
    const store = (await call('GET', '/v2/store', { expect: 200 })) as { id: string; store_id: number; control_panel_base_url: string };
    expect(store.id).toBe(hash);
    expect(store.control_panel_base_url.startsWith(sandbox.url)).toBe(true);
  });

  test('order statuses: the fixed list and single statuses (0 included), 404 beyond', async () => {
    const statuses = (await call('GET', '/v2/order_statuses', { expect: 200 })) as Array<{ id: number; name: string; custom_label: string }>;
    expect(statuses.map((status) => status.id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(statuses.find((status) => status.id === 11)?.name).toBe('Awaiting Fulfillment');
    const incomplete = (await call('GET', '/v2/order_statuses/0', { expect: 200 })) as { id: number; system_label: string };
    expect(incomplete).toMatchObject({ id: 0, system_label: 'Incomplete' });
    await call('GET', '/v2/order_statuses/11', { expect: 200 });
    await call('GET', '/v2/order_statuses/99', { expect: 404 });
    await call('GET', '/v2/order_statuses', { token: null, expect: 401 });
  });

  test('orders: empty → 204, then rich, multi-currency and digital orders', async () => {
    await call('GET', '/v2/orders', { expect: 204 });
    const rich = sandbox.admin.createOrder(hash, {
      customer_id: 2,
      lines: [
        { product_id: 111, quantity: 2, wrapping: { name: 'Gold paper', cost: '3.50' } },
        { product_id: 112, variant_id: 504, quantity: 1 },
        { name: 'Engraving', sku: 'ENGRAVE', price: '7.25', quantity: 1 },
      ],
      coupon: { code: 'TAKE10', type: 'per_total_discount', amount: '10.00' },
      shipping: { cost: '12.00', method: 'UPS Ground' },
      handling: { cost: '2.00' },
      fees: [{ name: 'Eco fee', cost: '1.20' }],
      tax: { rate: '8.25' },
    });
    richOrder = rich.id;
    guestEuroOrder = sandbox.admin.createOrder(hash, {
      billing_address: { first_name: 'Lena', last_name: 'Gast', email: 'lena@example.de', street_1: 'Hauptstr. 1', city: 'Berlin', zip: '10115', country: 'Germany', country_iso2: 'DE' },
      lines: [{ product_id: 113, quantity: 1 }],
      coupon: { code: 'PCT15', type: 'percentage_discount', amount: '15' },
      shipping: { cost: '9.90' },
      tax: { rate: '19', inclusive: true },
      currency: { code: 'EUR', exchange_rate: '0.9134' },
      payment: { gateway: 'stripe' },
    }).id;
    digitalOrder = sandbox.admin.createOrder(hash, { customer_id: 1, lines: [{ product_id: 115, quantity: 1 }], status_id: 7 }).id;

    const list = (await call('GET', '/v2/orders', { expect: 200 })) as unknown[];
    expect(list).toHaveLength(3);
    await call('GET', '/v2/orders?include=fees&sort=date_created:desc&limit=2&page=1', { expect: 200 });
    await call('GET', `/v2/orders?min_id=${richOrder}&max_id=${guestEuroOrder}&status_id=11&channel_id=1`, { expect: 200 });
    await call('GET', '/v2/orders?customer_id=2&email=john.smith@example.com', { expect: 200 });
    await call('GET', `/v2/orders?min_date_created=${encodeURIComponent(new Date(Date.now() - 60_000).toISOString())}&max_date_modified=${encodeURIComponent(new Date(Date.now() + 60_000).toUTCString())}`, { expect: 200 });
    await call('GET', '/v2/orders?status_id=13', { expect: 204 });
    await call('GET', '/v2/orders?page=9', { expect: 204 });
    await call('GET', '/v2/orders?sort=colour', { expect: 400 });
    await call('GET', '/v2/orders?min_id=abc', { expect: 400 });
    await call('GET', '/v2/orders/count', { expect: 200 });
    await call('GET', '/v2/orders/count?customer_id=1', { expect: 200 });
  });

  test('single orders and their sub-resources (200, 204 and 404)', async () => {
    for (const id of [richOrder, guestEuroOrder, digitalOrder]) {
      await call('GET', `/v2/orders/${id}`, { expect: 200 });
      await call('GET', `/v2/orders/${id}?include=fees`, { expect: 200 });
      await call('GET', `/v2/orders/${id}/products`, { expect: 200 });
      await call('GET', `/v2/orders/${id}/fees`, { expect: 200 });
      await call('GET', `/v2/orders/${id}/taxes?details=true`);
    }
    await call('GET', `/v2/orders/${richOrder}/shipping_addresses`, { expect: 200 });
    await call('GET', `/v2/orders/${richOrder}/coupons`, { expect: 200 });
    await call('GET', `/v2/orders/${guestEuroOrder}/coupons`, { expect: 200 });
    await call('GET', `/v2/orders/${richOrder}/taxes`, { expect: 200 });
    await call('GET', `/v2/orders/${richOrder}/taxes?details=true`, { expect: 200 });
    // The digital order has no shipping address, coupon, tax or shipment.
    await call('GET', `/v2/orders/${digitalOrder}/shipping_addresses`, { expect: 204 });
    await call('GET', `/v2/orders/${digitalOrder}/coupons`, { expect: 204 });
    await call('GET', `/v2/orders/${digitalOrder}/taxes`, { expect: 204 });
    await call('GET', `/v2/orders/${richOrder}/shipments`, { expect: 204 });
    await call('GET', '/v2/orders/424242', { expect: 404 });
    await call('GET', '/v2/orders/424242/products', { expect: 404 });
    await call('GET', '/v2/orders/424242/consignments', { expect: 404 });
    await call('GET', '/v2/orders/424242/fees', { expect: 404 });
  });

  test('consignments: the order include (links or full line items), the list include and /consignments', async () => {
    type Consignments = {
      pickups: unknown[];
      shipping: Array<{ id: number; line_items: Array<Record<string, unknown>>; cost_inc_tax: number }>;
      downloads: Array<{ recipient_email: string; line_items: Array<Record<string, unknown>> }>;
      email: { gift_certificates: unknown[] };
    };
    for (const id of [richOrder, guestEuroOrder, digitalOrder]) {
      const full = (await call('GET', `/v2/orders/${id}?include=consignments,consignments.line_items,fees&consignment_structure=object`, { expect: 200 })) as {
        consignments: Consignments;
        fees: unknown[];
      };
      const products = (await call('GET', `/v2/orders/${id}/products`, { expect: 200 })) as Array<{ id: number; order_address_id: number }>;
      // Every line item appears in exactly one consignment, exactly as /products renders it.
      const inConsignments = [...full.consignments.shipping.flatMap((s) => s.line_items), ...full.consignments.downloads.flatMap((d) => d.line_items)];
      expect(inConsignments.sort((a, b) => Number(a.id) - Number(b.id))).toEqual(products);
      for (const shipping of full.consignments.shipping) {
        for (const line of shipping.line_items) expect(line.order_address_id).toBe(shipping.id);
      }
      expect(Array.isArray(full.fees)).toBe(true);
      const links = (await call('GET', `/v2/orders/${id}?include=consignments&consignment_structure=object`, { expect: 200 })) as { consignments: Consignments };
      expect(links.consignments.shipping.flatMap((s) => s.line_items).every((l) => typeof l.url === 'string' && typeof l.resource === 'string')).toBe(true);
      const plain = (await call('GET', `/v2/orders/${id}`, { expect: 200 })) as { consignments: { resource: string } };
      expect(plain.consignments.resource).toBe(`/orders/${id}/consignments`);
      await call('GET', `/v2/orders/${id}/consignments`, { expect: 200 });
      const sub = await call('GET', `/v2/orders/${id}/consignments?include=consignments.line_items`, { expect: 200 });
      expect(sub).toEqual(full.consignments);
    }
    const rich = (await call('GET', `/v2/orders/${richOrder}?include=consignments.line_items&consignment_structure=object`, { expect: 200 })) as {
      consignments: Consignments;
      shipping_cost_inc_tax: string;
    };
    expect(rich.consignments.shipping).toHaveLength(1);
    expect(rich.consignments.shipping[0]!.cost_inc_tax.toFixed(4)).toBe(rich.shipping_cost_inc_tax);
    const digital = (await call('GET', `/v2/orders/${digitalOrder}?include=consignments.line_items&consignment_structure=object`, { expect: 200 })) as {
      consignments: Consignments;
    };
    expect(digital.consignments.shipping).toEqual([]);
    expect(digital.consignments.downloads).toHaveLength(1);
    await call('GET', '/v2/orders?include=consignments,consignments.line_items,fees&consignment_structure=object&limit=2', { expect: 200 });
  });

  test('shipments, payments, transactions and refunds', async () => {
    sandbox.admin.shipOrder(hash, richOrder, { tracking_number: '1Z999' });
    await call('GET', `/v2/orders/${richOrder}/shipments`, { expect: 200 });

    await call('GET', `/v3/orders/${richOrder}/transactions`, { expect: 200 });
    await call('GET', `/v3/orders/${guestEuroOrder}/transactions`, { expect: 200 });
    const incomplete = sandbox.admin.createOrder(hash, { customer_id: 1, lines: [{ product_id: 114, quantity: 1 }], status_id: 0, payment: { gateway: 'cheque' } });
    await call('GET', `/v3/orders/${incomplete.id}/transactions`, { expect: 204 });
    await call('GET', '/v3/orders/424242/transactions', { expect: 404 });
    sandbox.admin.payOrder(hash, digitalOrder);
    await call('GET', `/v3/orders/${digitalOrder}/transactions`, { expect: 200 });
    sandbox.admin.payOrder(hash, incomplete.id);
    await call('GET', `/v3/orders/${incomplete.id}/transactions`, { expect: 200 });

    await call('GET', `/v3/orders/${richOrder}/payment_actions/refunds`, { expect: 200 });
    const rich = sandbox.state.stores.get(hash)!.orders.get(richOrder)!;
    const partial = sandbox.admin.refundOrder(hash, richOrder, {
      items: [
        { item_type: 'PRODUCT', item_id: rich.lines[0]!.id, quantity: 1 },
        { item_type: 'SHIPPING', item_id: rich.shippingAddresses[0]!.id, amount: '5.00' },
        { item_type: 'GIFT_WRAPPING', item_id: rich.lines[0]!.id },
      ],
      reason: 'Damaged',
    });
    sandbox.admin.refundOrder(hash, richOrder, { items: [{ item_type: 'ORDER', item_id: richOrder, amount: '1.00' }] });
    sandbox.admin.refundOrder(hash, guestEuroOrder, {});
    sandbox.admin.cancelOrder(hash, incomplete.id);

    await call('GET', `/v3/orders/${richOrder}/payment_actions/refunds`, { expect: 200 });
    await call('GET', `/v3/orders/${richOrder}/payment_actions/refunds?transaction_id=1`, { expect: 200 });
    await call('GET', '/v3/orders/payment_actions/refunds', { expect: 200 });
    await call('GET', `/v3/orders/payment_actions/refunds?order_id:in=${richOrder},${guestEuroOrder}&id:in=${partial.id}&created:min=${encodeURIComponent(new Date(Date.now() - 60_000).toISOString())}&created:max=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}&page=1&limit=1`, { expect: 200 });
    await call('GET', `/v3/orders/payment_actions/refunds/${partial.id}`, { expect: 200 });
    await call('GET', '/v3/orders/payment_actions/refunds/424242', { expect: 404 });
    await call('GET', '/v3/orders/payment_actions/refunds?order_id:in=abc', { expect: 422 });
    // Orders in their refunded / cancelled states still render per spec.
    for (const id of [richOrder, guestEuroOrder, incomplete.id]) await call('GET', `/v2/orders/${id}`, { expect: 200 });
  });

  test('customers', async () => {
    await call('GET', '/v3/customers', { expect: 200 });
    await call('GET', '/v3/customers?include=addresses,storecredit&id:in=1,2&page=1&limit=1', { expect: 200 });
    await call('GET', '/v3/customers?email:in=jane.doe@example.com&include=addresses', { expect: 200 });
    const none = (await call('GET', '/v3/customers?id:in=999', { expect: 200 })) as { data: unknown[] };
    expect(none.data).toEqual([]);
    await call('GET', '/v3/customers?id:in=abc', { expect: 422 });
    const created = sandbox.admin.createCustomer(hash, {
      email: 'new.customer@example.com',
      first_name: 'Nia',
      last_name: 'New',
      addresses: [{ first_name: 'Nia', last_name: 'New', address1: '9 Elm', city: 'Denver', state_or_province: 'Colorado', postal_code: '80202', country_code: 'US' }],
    });
    sandbox.admin.updateCustomer(hash, created.id, { phone: '303-555-0100' });
    sandbox.admin.updateCustomerAddress(hash, created.id, created.addresses[0]!.id, { city: 'Boulder' });
    sandbox.admin.deleteCustomerAddress(hash, created.id, created.addresses[0]!.id);
    await call('GET', `/v3/customers?id:in=${created.id}&include=addresses`, { expect: 200 });
  });

  test('catalog and inventory', async () => {
    await call('GET', '/v3/catalog/products', { expect: 200 });
    await call('GET', '/v3/catalog/products?include=variants&id:in=111,112&limit=250', { expect: 200 });
    // The settings page's catalog read (include_fields trims real responses; the sandbox sends whole products).
    await call('GET', '/v3/catalog/products?include=variants&include_fields=name,sku,type&limit=250&page=1', { expect: 200 });
    await call('GET', '/v3/catalog/products?include=options,variants', { expect: 200 });
    await call('GET', '/v3/catalog/products?sku=OTL', { expect: 200 });
    await call('GET', '/v3/catalog/products?sku:in=OTL,ABS&page=1&limit=1', { expect: 200 });
    await call('GET', '/v3/catalog/products?limit=251', { expect: 422 });
    await call('GET', '/v3/catalog/products?include=gizmos', { expect: 422 });
    await call('GET', '/v3/catalog/products/112/variants', { expect: 200 });
    await call('GET', '/v3/catalog/products/424242/variants', { expect: 404 });
    await call('GET', '/v3/catalog/variants', { expect: 200 });
    await call('GET', '/v3/catalog/variants?sku=FLCT-GRE-M', { expect: 200 });
    await call('GET', '/v3/catalog/variants?product_id:in=111,112&page=2&limit=2', { expect: 200 });

    await call('PUT', '/v3/inventory/adjustments/absolute', { body: { reason: 'count', items: [{ location_id: 1, product_id: 111, quantity: 40 }, { location_id: 1, sku: 'FLCT-BEI-S', quantity: 7 }] }, expect: 200 });
    await call('POST', '/v3/inventory/adjustments/relative', { body: { reason: 'return', items: [{ location_id: 1, variant_id: 504, quantity: -1 }] }, expect: 200 });
    await call('PUT', '/v3/inventory/adjustments/absolute', { body: { items: [{ location_id: 1, variant_id: 502, quantity: 1 }, { location_id: 1, product_id: 112, quantity: 1 }] }, expect: 422 });
    await call('POST', '/v3/inventory/adjustments/relative', { body: { items: [] }, expect: 422 });
  });

  test('gateway errors: 401, 403, unknown paths, 429 and injected 5xx', async () => {
    await call('GET', '/v2/orders', { token: null, expect: 401 });
    await call('GET', '/v3/customers', { token: 'not-a-token', expect: 401 });
    const ordersOnly = sandbox.admin.createApiAccount(hash, { scope: 'store_v2_orders_read_only' }).accessToken;
    await call('GET', '/v3/customers', { token: ordersOnly, expect: 403 });
    await call('GET', '/v2/store', { token: ordersOnly, expect: 403 });
    await call('PUT', '/v3/inventory/adjustments/absolute', { token: ordersOnly, body: { items: [] }, expect: 403 });

    sandbox.admin.configure({ fault: { status: 503, count: 2 } });
    await call('GET', `/v2/orders/${richOrder}`, { expect: 503 });
    await call('GET', `/v3/orders/${richOrder}/transactions`, { expect: 503 });
    await call('GET', `/v2/orders/${richOrder}`, { expect: 200 });

    sandbox.admin.configure({ quota: 3, windowMs: 60_000 });
    await call('GET', '/v2/orders/count', { expect: 200 });
    await call('GET', '/v2/orders/count', { expect: 200 });
    await call('GET', '/v3/catalog/variants', { expect: 200 });
    await call('GET', '/v2/orders/count', { expect: 429 });
    await call('GET', '/v3/catalog/variants', { expect: 429 });
    sandbox.admin.configure({ quota: 100_000, windowMs: 30_000 });
    expect(sandbox.state.stats.rateLimited).toBe(2);
  });

  test('webhook payloads satisfy the webhook callback schemas', async () => {
    await sandbox.webhooksIdle();
    sandbox.admin.cancelStore(hash);
    await sandbox.webhooksIdle();
    const payloads = receiver.requests.filter((r) => r.url === '/webhooks').map((r) => JSON.parse(r.body) as { scope: string });
    const scopes = new Set(payloads.map((p) => p.scope));
    for (const scope of [
      'store/order/created',
      'store/order/updated',
      'store/order/statusUpdated',
      'store/order/refund/created',
      'store/customer/created',
      'store/customer/updated',
      'store/customer/address/created',
      'store/customer/address/updated',
      'store/customer/address/deleted',
      'store/product/inventory/updated',
      'store/sku/inventory/updated',
      'store/shipment/created',
      'store/app/uninstalled',
    ]) {
      expect(scopes).toContain(scope);
    }
    for (const payload of payloads) {
      const errors = contract.checkSchema('webhooks.v3.yml', payload.scope.replace(/\//g, '_'), payload);
      expect({ scope: payload.scope, errors }).toEqual({ scope: payload.scope, errors: [] });
    }
  });

  test('every endpoint the app uses was exercised, including its empty and error cases', () => {
    const required: Record<string, number[]> = {
      getStoreInformation: [200],
      getOrderStatuses: [200, 401],
      getOrderStatusesStatus: [200, 404],
      getOrders: [200, 204, 400],
      getOrdersCount: [200],
      getOrder: [200, 404],
      getOrderProducts: [200],
      getOrderShippingAddresses: [200, 204],
      getOrderCoupons: [200, 204],
      getOrderTaxes: [200, 204],
      getOrderFees: [200],
      getOrderConsignments: [200, 404],
      getOrderShipments: [200, 204],
      getOrderTransactions: [200, 204, 404, 503],
      getOrderRefunds: [200],
      getOrdersRefunds: [200, 422],
      getOrderRefund: [200, 404],
      getCustomers: [200, 401, 403, 422],
      getWebhooks: [200, 401],
      createWebhooks: [200, 400, 422],
      getWebhook: [200, 404],
      updateWebhook: [200, 404, 422],
      deleteWebhook: [200],
      getProducts: [200, 422],
      getProductVariants: [200, 404],
      getVariants: [200, 429],
      'put-absolute-adjustment': [200, 403, 422],
      'post-relative-adjustment': [200, 422],
    };
    for (const [operation, statuses] of Object.entries(required)) {
      expect({ operation, seen: [...(contract.coverage.get(operation) ?? [])].sort() }).toEqual({ operation, seen: expect.arrayContaining(statuses) });
    }
    expect(results.every((r) => r.valid)).toBe(true);
  });
});

describe('the contract check itself rejects drift', () => {
  test('a wrong type, an unknown order-product field, a wrong content type and an undeclared status all fail', async () => {
    const order = await apiCall(sandbox.url, hash, token, 'GET', '/v2/orders/100');
    const drifted = { ...(order.json() as Record<string, unknown>), subtotal_ex_tax: 62.68 };
    const typeDrift = contract.check({ method: 'GET', path: '/v2/orders/100', status: 200, contentType: 'application/json', bodyText: JSON.stringify(drifted) });
    expect(typeDrift.valid).toBe(false);
    expect(typeDrift.errors.join()).toContain('subtotal_ex_tax');

    const products = await apiCall(sandbox.url, hash, token, 'GET', '/v2/orders/100/products');
    const withExtra = (products.json() as Record<string, unknown>[]).map((p) => ({ ...p, refund_total: '0.0000' }));
    expect(contract.check({ method: 'GET', path: '/v2/orders/100/products', status: 200, contentType: 'application/json', bodyText: JSON.stringify(withExtra) }).valid).toBe(false);

    expect(contract.check({ method: 'GET', path: '/v2/orders/100', status: 200, contentType: 'text/html', bodyText: order.text }).valid).toBe(false);

    // Consignments: an object that is neither a link nor a consignment object, and a line item with an unknown field.
    const withLines = await apiCall(sandbox.url, hash, token, 'GET', '/v2/orders/100?include=consignments.line_items&consignment_structure=object');
    const consignmentOrder = withLines.json() as { consignments: { shipping: Array<{ line_items: Record<string, unknown>[] }> } };
    expect(contract.check({ method: 'GET', path: '/v2/orders/100', status: 200, contentType: 'application/json', bodyText: withLines.text }).valid).toBe(true);
    const neither = { ...consignmentOrder, consignments: { shipping: [] } };
    expect(contract.check({ method: 'GET', path: '/v2/orders/100', status: 200, contentType: 'application/json', bodyText: JSON.stringify(neither) }).valid).toBe(false);
    const firstShipping = consignmentOrder.consignments.shipping[0]!;
    const extraField = {
      ...consignmentOrder,
      consignments: { ...consignmentOrder.consignments, shipping: [{ ...firstShipping, line_items: firstShipping.line_items.map((l) => ({ ...l, refund_total: '0.0000' })) }] },
    };
    expect(contract.check({ method: 'GET', path: '/v2/orders/100', status: 200, contentType: 'application/json', bodyText: JSON.stringify(extraField) }).valid).toBe(false);
    expect(contract.check({ method: 'GET', path: '/v2/orders/100', status: 418, contentType: 'application/json', bodyText: '{}' }).valid).toBe(false);
    expect(contract.check({ method: 'GET', path: '/v3/orders/100/transactions', status: 204, contentType: null, bodyText: '{"data":[]}' }).valid).toBe(false);
    expect(contract.check({ method: 'GET', path: '/v2/orders/100/fees', status: 200, contentType: 'application/json', bodyText: '{"fee":[]}' }).valid).toBe(false);
    expect(contract.check({ method: 'GET', path: '/v2/orders', status: 429, contentType: 'application/json', bodyText: '{"title":"x"}' }).valid).toBe(false);
    expect(contract.check({ method: 'GET', path: '/v2/no-such-endpoint', status: 200, contentType: 'application/json', bodyText: '{}' }).valid).toBe(false);
  });
});
