/**
 * The order reader against the BigCommerce sandbox over loopback HTTP: the snapshot must equal what the
 * individual endpoints return (products, shipping addresses, fees, coupons, taxes, transactions, refunds),
 * read with the fewest calls: one for a typical order, one more per extra need.
 */
import { BigCommerceClient } from '@/lib/bigcommerce/bigcommerce-client';
import { startBigCommerceSandbox, type BigCommerceSandbox } from '@/sandboxes/bigcommerce/bigcommerce-sandbox';
import { FULL_SCOPE, apiCall } from '@/sandboxes/bigcommerce/sandbox-test-kit';
import { ORDER_ID_PAGE_SIZE, listOrderIdsCreatedBetween, readOrderSnapshot, type OrderReadNeeds } from './order-reader';

const APP = {
  name: 'Order reader test',
  clientId: 'order-reader-client',
  clientSecret: 'order-reader-secret',
  authCallbackUrl: 'http://127.0.0.1:9/auth',
  loadCallbackUrl: 'http://127.0.0.1:9/load',
  uninstallCallbackUrl: 'http://127.0.0.1:9/uninstall',
  removeUserCallbackUrl: 'http://127.0.0.1:9/remove-user',
};

const NOTHING: OrderReadNeeds = { refunds: false, taxes: false, transactions: false };

let sandbox: BigCommerceSandbox;
let hash: string;
let token: string;
/** Paths (with query) of every request the client under test made. */
let requests: string[];

beforeAll(async () => {
  sandbox = await startBigCommerceSandbox({ app: APP, rateLimit: { quota: 100_000, windowMs: 30_000 } });
  hash = sandbox.storeHash;
  token = sandbox.admin.createApiAccount(hash, { scope: FULL_SCOPE }).accessToken;
});

afterAll(async () => {
  await sandbox?.stop();
});

beforeEach(() => {
  requests = [];
});

/** The client under test; `rewrite` lets a test play a BigCommerce that ignores part of a request. */
function client(rewrite: (url: URL) => void = () => undefined): BigCommerceClient {
  return new BigCommerceClient({
    apiUrl: sandbox.apiUrl,
    storeHash: hash,
    accessToken: token,
    fetchImpl: (input, init) => {
      const url = new URL(String(input));
      rewrite(url);
      requests.push(decodeURIComponent(url.pathname.replace(`/stores/${hash}`, '') + url.search));
      return fetch(url, init);
    },
  });
}

/** /shipping_addresses without the shipping_quotes links (the consignment form has its own, not kept). */
async function rawShippingAddresses(orderId: number): Promise<unknown[]> {
  const rows = (await raw<Array<Record<string, unknown>>>(`/v2/orders/${orderId}/shipping_addresses`)) ?? [];
  return rows.map(({ shipping_quotes: _quotes, ...rest }) => rest);
}

/** What BigCommerce answers on an endpoint, read directly (not through the reader). */
async function raw<T>(path: string): Promise<T | undefined> {
  const res = await apiCall(sandbox.url, hash, token, 'GET', path);
  if (res.status === 204) return undefined;
  expect(res.status).toBe(200);
  return res.json() as T;
}

function richOrder(): number {
  return sandbox.admin.createOrder(hash, {
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
  }).id;
}

describe('readOrderSnapshot', () => {
  test('a typical order (lines, variant, custom line, coupon, shipping, handling, fee, tax) costs ONE call', async () => {
    const id = richOrder();
    const snapshot = await readOrderSnapshot(client(), id, NOTHING);

    expect(requests).toEqual([`/v2/orders/${id}?include=consignments,consignments.line_items,fees&consignment_structure=object`]);
    expect(snapshot).not.toBeNull();
    const { order, products, shippingAddresses, fees, coupons, taxes, transactions, refunds, read } = snapshot!;
    expect(order.id).toBe(id);
    expect(products).toEqual(await raw(`/v2/orders/${id}/products`));
    expect(products).toHaveLength(3);
    expect(shippingAddresses).toEqual(await rawShippingAddresses(id));
    expect(fees).toEqual((await raw<{ fees: unknown[] }>(`/v2/orders/${id}/fees`))?.fees);
    expect(fees).toHaveLength(1);
    // The coupon is fully explained by the lines' applied_discounts, so /coupons was not read.
    expect(products.flatMap((p) => p.applied_discounts.map((d) => d.code))).toContain('TAKE10');
    expect([coupons, taxes, transactions, refunds]).toEqual([[], [], [], []]);
    expect(read).toEqual({ coupons: false, taxes: false, transactions: false, refunds: false, calls: 1 });
  });

  test('each extra need costs one more call, read in parallel; the data equals the endpoints', async () => {
    const id = richOrder();
    sandbox.admin.refundOrder(hash, id, { items: [{ item_type: 'ORDER', item_id: id, amount: '1.00' }], reason: 'Goodwill' });

    const snapshot = await readOrderSnapshot(client(), id, { refunds: true, taxes: true, transactions: true, coupons: true });
    expect(snapshot!.read).toEqual({ coupons: true, taxes: true, transactions: true, refunds: true, calls: 5 });
    expect(requests).toHaveLength(5);
    expect(snapshot!.taxes).toEqual(await raw(`/v2/orders/${id}/taxes?details=true`));
    expect(snapshot!.taxes.length).toBeGreaterThan(0);
    expect(snapshot!.taxes.every((t) => t.line_item_type !== undefined)).toBe(true);
    expect(snapshot!.coupons).toEqual(await raw(`/v2/orders/${id}/coupons`));
    expect(snapshot!.coupons[0]).toMatchObject({ code: 'TAKE10', discount: 10 });
    expect(snapshot!.transactions).toEqual((await raw<{ data: unknown[] }>(`/v3/orders/${id}/transactions`))?.data);
    expect(snapshot!.transactions.length).toBeGreaterThan(0);
    expect(snapshot!.refunds).toEqual((await raw<{ data: unknown[] }>(`/v3/orders/${id}/payment_actions/refunds`))?.data);
    expect(snapshot!.refunds).toHaveLength(1);

    requests = [];
    const paymentOnly = await readOrderSnapshot(client(), id, { refunds: false, taxes: false, transactions: true });
    expect(requests.map((r) => r.split('?')[0])).toEqual([`/v2/orders/${id}`, `/v3/orders/${id}/transactions`]);
    expect(paymentOnly!.read?.calls).toBe(2);
  });

  test('taxes are not read for an order without tax, even when asked for', async () => {
    const id = sandbox.admin.createOrder(hash, { customer_id: 1, lines: [{ product_id: 113, quantity: 1 }], shipping: { cost: '5.00' }, tax: { rate: '0' } }).id;
    const snapshot = await readOrderSnapshot(client(), id, { refunds: false, taxes: true, transactions: false });
    expect(snapshot!.order.total_tax).toBe('0.0000');
    expect(snapshot!.read).toMatchObject({ taxes: false, calls: 1 });
  });

  test('guest order in euros with a percentage coupon, tax-inclusive: one call', async () => {
    const id = sandbox.admin.createOrder(hash, {
      billing_address: { first_name: 'Lena', last_name: 'Gast', email: 'lena@example.de', street_1: 'Hauptstr. 1', city: 'Berlin', zip: '10115', country: 'Germany', country_iso2: 'DE' },
      lines: [{ product_id: 113, quantity: 1 }, { product_id: 111, quantity: 3 }],
      coupon: { code: 'PCT15', type: 'percentage_discount', amount: '15' },
      shipping: { cost: '9.90' },
      tax: { rate: '19', inclusive: true },
      currency: { code: 'EUR', exchange_rate: '0.9134' },
      payment: { gateway: 'stripe' },
    }).id;
    const snapshot = await readOrderSnapshot(client(), id, NOTHING);
    expect(requests).toHaveLength(1);
    expect(snapshot!.order).toMatchObject({ customer_id: 0, default_currency_code: 'EUR', is_tax_inclusive_pricing: true });
    expect(snapshot!.products).toEqual(await raw(`/v2/orders/${id}/products`));
    expect(snapshot!.shippingAddresses).toEqual(await rawShippingAddresses(id));
    expect(snapshot!.shippingAddresses[0]).toMatchObject({ city: 'Berlin', country_iso2: 'DE', cost_inc_tax: '9.9000' });
  });

  test('digital-only order: products from the download consignment, no shipping address, one call', async () => {
    const id = sandbox.admin.createOrder(hash, { customer_id: 1, lines: [{ product_id: 115, quantity: 2 }] }).id;
    const snapshot = await readOrderSnapshot(client(), id, NOTHING);
    expect(requests).toHaveLength(1);
    expect(snapshot!.products).toEqual(await raw(`/v2/orders/${id}/products`));
    expect(snapshot!.products[0]).toMatchObject({ type: 'digital', quantity: 2 });
    expect(snapshot!.shippingAddresses).toEqual([]);
  });

  test('a free-shipping coupon does not trigger a coupons read; a coupon the lines do not explain does', async () => {
    const freeShipping = sandbox.admin.createOrder(hash, {
      customer_id: 1,
      lines: [{ product_id: 113, quantity: 1 }],
      coupon: { code: 'SHIPFREE', type: 'free_shipping' },
      shipping: { cost: '8.00' },
    }).id;
    const free = await readOrderSnapshot(client(), freeShipping, NOTHING);
    expect(free!.read).toMatchObject({ coupons: false, calls: 1 });
    expect(free!.shippingAddresses[0]).toMatchObject({ base_cost: '8.0000', cost_inc_tax: '0.0000' });

    // A coupon whose line allocations carry no code (as for promotions): only /coupons can name it.
    const id = richOrder();
    for (const line of sandbox.state.stores.get(hash)!.orders.get(id)!.lines) {
      line.appliedDiscounts = line.appliedDiscounts.map((d) => ({ ...d, code: null }));
    }
    requests = [];
    const snapshot = await readOrderSnapshot(client(), id, NOTHING);
    expect(requests.map((r) => r.split('?')[0])).toEqual([`/v2/orders/${id}`, `/v2/orders/${id}/coupons`]);
    expect(snapshot!.coupons).toEqual(await raw(`/v2/orders/${id}/coupons`));
    expect(snapshot!.read).toMatchObject({ coupons: true, calls: 2 });
  });

  test('a BigCommerce that ignores the includes: products, shipping addresses and fees are read separately', async () => {
    const id = richOrder();
    const ignoringIncludes = client((url) => {
      url.searchParams.delete('include');
      url.searchParams.delete('consignment_structure');
    });
    const snapshot = await readOrderSnapshot(ignoringIncludes, id, NOTHING);
    expect(requests.map((r) => r.split('?')[0]).sort()).toEqual(
      [`/v2/orders/${id}`, `/v2/orders/${id}/fees`, `/v2/orders/${id}/products`, `/v2/orders/${id}/shipping_addresses`].sort(),
    );
    expect(snapshot!.products).toEqual(await raw(`/v2/orders/${id}/products`));
    expect(snapshot!.shippingAddresses).toEqual(await raw(`/v2/orders/${id}/shipping_addresses`));
    expect(snapshot!.fees).toHaveLength(1);
    expect(snapshot!.read?.calls).toBe(4);
  });

  test('300 lines: one call through consignments; the /products fallback pages at 250', async () => {
    const lines = Array.from({ length: 300 }, (_, i) => ({ name: `Custom ${i}`, sku: `CUS-${i}`, price: '1.00', quantity: 1 }));
    const id = sandbox.admin.createOrder(hash, { customer_id: 1, lines, shipping: { cost: '4.00' }, skip_inventory: true }).id;
    const snapshot = await readOrderSnapshot(client(), id, NOTHING);
    expect(requests).toHaveLength(1);
    expect(snapshot!.products).toHaveLength(300);
    expect(snapshot!.products.map((p) => p.sku)).toEqual(lines.map((l) => l.sku));

    requests = [];
    const paged = await readOrderSnapshot(client((url) => url.searchParams.delete('include')), id, NOTHING);
    expect(paged!.products).toEqual(snapshot!.products);
    expect(requests.filter((r) => r.startsWith(`/v2/orders/${id}/products`)).map((r) => new URL(r, 'http://x').searchParams.get('page'))).toEqual(['1', '2']);
  });

  test('a missing or archived order reads as null', async () => {
    expect(await readOrderSnapshot(client(), 987654, NOTHING)).toBeNull();
    const id = sandbox.admin.createOrder(hash, { customer_id: 1, lines: [{ product_id: 113, quantity: 1 }] }).id;
    sandbox.admin.archiveOrder(hash, id);
    expect(await readOrderSnapshot(client(), id, NOTHING)).toBeNull();
    await expect(readOrderSnapshot(client(), 0, NOTHING)).rejects.toThrow(RangeError);
  });
});

describe('listOrderIdsCreatedBetween', () => {
  test('ids of orders created in the window, ascending, paged; [] when nothing matches (204)', async () => {
    const base = Date.parse('2024-03-01T00:00:00Z');
    const at = (minutes: number) => new Date(base + minutes * 60_000).toISOString();
    const inside = [10, 20, 30].map((minutes) => sandbox.admin.createOrder(hash, { customer_id: 1, lines: [{ product_id: 113, quantity: 1 }], date_created: at(minutes), skip_inventory: true }).id);
    sandbox.admin.createOrder(hash, { customer_id: 1, lines: [{ product_id: 113, quantity: 1 }], date_created: at(120), skip_inventory: true });

    const ids = await listOrderIdsCreatedBetween(client(), at(0), at(60), 1);
    expect(ids).toEqual(inside);
    expect(requests).toEqual([`/v2/orders?min_date_created=${at(0)}&max_date_created=${at(60)}&sort=id:asc&page=1&limit=${ORDER_ID_PAGE_SIZE}`]);
    expect(await listOrderIdsCreatedBetween(client(), at(0), at(60), 2)).toEqual([]);
    expect(await listOrderIdsCreatedBetween(client(), '2020-01-01T00:00:00Z', '2020-01-02T00:00:00Z', 1)).toEqual([]);
    await expect(listOrderIdsCreatedBetween(client(), 'yesterday', at(60), 1)).rejects.toThrow(RangeError);
  });
});
