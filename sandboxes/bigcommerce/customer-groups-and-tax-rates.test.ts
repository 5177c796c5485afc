/**
 * The sandbox's customer groups (GET /v2/customer_groups) and tax rates (GET /v3/tax/rates), which the app's
 * settings page offers as choices. No shared spec file covers them, so the documented shapes are checked here
 * field by field, with the filters, paging, empty answers, scopes, and their consistency with customers and
 * with the tax rows of test orders.
 */
import { startBigCommerceSandbox, type BigCommerceSandbox } from './bigcommerce-sandbox';
import { FULL_SCOPE, apiCall } from './sandbox-test-kit';
import { TAX_CLASSES } from './tax-setup';

let sandbox: BigCommerceSandbox;
let hash: string;
let token: string;

beforeAll(async () => {
  sandbox = await startBigCommerceSandbox({
    app: {
      name: 'Lists test',
      clientId: 'lists-client',
      clientSecret: 'lists-secret',
      authCallbackUrl: 'http://127.0.0.1:9/auth',
      loadCallbackUrl: 'http://127.0.0.1:9/load',
      uninstallCallbackUrl: 'http://127.0.0.1:9/uninstall',
      removeUserCallbackUrl: 'http://127.0.0.1:9/remove-user',
    },
  });
  hash = sandbox.storeHash;
  token = sandbox.admin.createApiAccount(hash, { scope: FULL_SCOPE }).accessToken;
});

afterAll(() => sandbox.stop());

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const get = (path: string, bearer = token, store = hash) => apiCall(sandbox.url, store, bearer, 'GET', path);
async function body(path: string): Promise<Json> {
  const answer = await get(path);
  expect({ path, status: answer.status }).toEqual({ path, status: 200 });
  return answer.json() as Json;
}

describe('GET /v2/customer_groups', () => {
  it('lists the seeded groups in BigCommerce’s shape', async () => {
    const groups = (await body('/v2/customer_groups')) as Json[];
    expect(groups.map((group) => [group.id, group.name])).toEqual([
      [1, 'Retail'],
      [2, 'Wholesale'],
      [3, 'VIP'],
    ]);
    for (const group of groups) {
      expect(Object.keys(group).sort()).toEqual(['category_access', 'date_created', 'date_modified', 'discount_rules', 'id', 'is_default', 'is_group_for_guests', 'name']);
      expect(group).toMatchObject({ is_default: false, is_group_for_guests: false, category_access: { type: 'all' } });
      expect(Array.isArray(group.discount_rules)).toBe(true);
      // v2 dates are RFC 2822.
      expect(group.date_created).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
      expect(Number.isNaN(Date.parse(group.date_modified))).toBe(false);
    }
    expect(groups[1]!.discount_rules).toEqual([{ type: 'all', method: 'percent', amount: '10.0000' }]);
    expect(groups[0]!.discount_rules).toEqual([]);
  });

  it('filters, counts, pages, answers one group, and 204 for none', async () => {
    expect(((await body('/v2/customer_groups?name=Wholesale')) as Json[]).map((group) => group.id)).toEqual([2]);
    expect(((await body('/v2/customer_groups?name:like=i')) as Json[]).map((group) => group.name)).toEqual(['Retail', 'VIP']);
    expect(((await body('/v2/customer_groups?is_default=false&limit=2&page=2')) as Json[]).map((group) => group.id)).toEqual([3]);
    expect(await body('/v2/customer_groups/count')).toEqual({ count: 3 });
    expect(await body('/v2/customer_groups/count?is_group_for_guests=true')).toEqual({ count: 0 });
    expect(await body('/v2/customer_groups/3')).toMatchObject({ id: 3, name: 'VIP', discount_rules: [{ type: 'all', method: 'percent', amount: '5.0000' }] });

    const none = await get('/v2/customer_groups?is_default=true');
    expect([none.status, none.text]).toEqual([204, '']);
    expect((await get('/v2/customer_groups/99')).json()).toEqual([{ status: 404, message: 'The requested resource was not found.' }]);
    expect((await get('/v2/customer_groups?is_default=maybe')).status).toBe(400);
    expect((await get('/v2/customer_groups?limit=0')).status).toBe(400);
  });

  it('needs the Customers scope', async () => {
    const ordersOnly = sandbox.admin.createApiAccount(hash, { scope: 'store_v2_orders_read_only' }).accessToken;
    expect((await get('/v2/customer_groups', ordersOnly)).status).toBe(403);
    const readOnly = sandbox.admin.createApiAccount(hash, { scope: 'store_v2_customers_read_only' }).accessToken;
    expect((await get('/v2/customer_groups', readOnly)).status).toBe(200);
  });

  it('is what customers belong to: the wholesale customer is in Wholesale, and a group can be given or refused', async () => {
    const customers = (await body('/v3/customers?id:in=1,2')).data as Json[];
    expect(customers.map((customer) => [customer.id, customer.customer_group_id])).toEqual([
      [1, 0],
      [2, 2],
    ]);
    const vip = sandbox.admin.createCustomer(hash, { email: 'vip@example.com', first_name: 'Vera', last_name: 'Ip', customer_group_id: 3 });
    expect(((await body(`/v3/customers?id:in=${vip.id}`)).data as Json[])[0]).toMatchObject({ customer_group_id: 3 });
    expect(() => sandbox.admin.createCustomer(hash, { email: 'nobody@example.com', first_name: 'No', last_name: 'Body', customer_group_id: 42 })).toThrow(/customer group 42/);
    expect(() => sandbox.admin.updateCustomer(hash, vip.id, { first_name: 'Changed', customer_group_id: 42 })).toThrow(/customer group 42/);
    expect(sandbox.state.stores.get(hash)!.customers.get(vip.id)!.firstName).toBe('Vera');
    sandbox.admin.updateCustomer(hash, vip.id, { customer_group_id: 0 });
    expect(sandbox.state.stores.get(hash)!.customers.get(vip.id)!.customerGroupId).toBe(0);
  });

  it('answers 204 for a store created without seed data', async () => {
    const bare = sandbox.admin.createStore({ name: 'Bare', seed: false });
    const bareToken = sandbox.admin.createApiAccount(bare.hash, { scope: FULL_SCOPE }).accessToken;
    const answer = await get('/v2/customer_groups', bareToken, bare.hash);
    expect([answer.status, answer.text]).toEqual([204, '']);
  });
});

describe('GET /v3/tax/rates', () => {
  it('lists the store’s rates in BigCommerce’s shape, every tax class rated', async () => {
    const answer = await body('/v3/tax/rates');
    expect(answer.meta).toEqual({
      pagination: { total: 2, count: 2, per_page: 50, current_page: 1, total_pages: 1, links: { current: '?page=1&limit=50' } },
    });
    const rates = answer.data as Json[];
    expect(rates.map((rate) => [rate.id, rate.name, rate.enabled, rate.tax_zone_id])).toEqual([
      [1, 'Tax', true, 1],
      [2, 'Reduced Rate', false, 1],
    ]);
    for (const rate of rates) {
      expect(Object.keys(rate).sort()).toEqual(['class_rates', 'enabled', 'id', 'name', 'priority', 'tax_zone_id']);
      expect(rate.priority).toBe(1);
      expect(rate.class_rates.map((entry: Json) => entry.tax_class_id)).toEqual(TAX_CLASSES.map((taxClass) => taxClass.id));
      for (const entry of rate.class_rates as Json[]) expect(typeof entry.rate).toBe('number');
    }
    // Non-taxable products are never taxed; the reduced rate is 5 %.
    expect(rates[0]!.class_rates[1]).toEqual({ rate: 0, tax_class_id: 1 });
    expect(rates[1]!.class_rates[0]).toEqual({ rate: 5, tax_class_id: 0 });
  });

  it('filters by id:in and tax_zone_id:in and pages, as the app asks (limit=250)', async () => {
    expect(((await body('/v3/tax/rates?id:in=2')).data as Json[]).map((rate) => rate.id)).toEqual([2]);
    expect((await body('/v3/tax/rates?tax_zone_id:in=7')).data).toEqual([]);
    expect(((await body('/v3/tax/rates?tax_zone_id:in=1,7')).data as Json[]).map((rate) => rate.id)).toEqual([1, 2]);
    const second = await body('/v3/tax/rates?limit=1&page=2');
    expect([(second.data as Json[]).map((rate) => rate.id), second.meta.pagination.total_pages]).toEqual([[2], 2]);
    expect((await body('/v3/tax/rates?limit=250')).meta.pagination.per_page).toBe(250);
    const bad = await get('/v3/tax/rates?id:in=one');
    expect(bad.status).toBe(422);
    expect(bad.json()).toMatchObject({ status: 422, title: expect.any(String) });
  });

  it('needs the Information & Settings scope', async () => {
    const customersOnly = sandbox.admin.createApiAccount(hash, { scope: 'store_v2_customers_read_only' }).accessToken;
    expect((await get('/v3/tax/rates', customersOnly)).status).toBe(403);
    const readOnly = sandbox.admin.createApiAccount(hash, { scope: 'store_v2_information_read_only' }).accessToken;
    expect((await get('/v3/tax/rates', readOnly)).status).toBe(200);
  });

  it('is what order tax rows name: an enabled rate, and the class of each row', async () => {
    const order = sandbox.admin.createOrder(hash, {
      customer_id: 1,
      lines: [{ product_id: 111, quantity: 1, wrapping: { cost: '3.00' } }],
      shipping: { cost: '9.95' },
      handling: { cost: '2.00' },
      tax: { rate: '8.25' },
      status_id: 11,
    });
    const rows = (await get(`/v2/orders/${order.id}/taxes?details=true`)).json() as Json[];
    const rates = new Map(((await body('/v3/tax/rates')).data as Json[]).map((rate) => [rate.id, rate]));
    expect(rows.map((row) => [row.line_item_type, row.class, row.tax_class_id])).toEqual([
      ['item', 'Default Tax Class', 0],
      ['gift-wrapping', 'Gift Wrapping', 3],
      ['shipping', 'Shipping', 2],
      ['handling', 'Shipping', 2],
    ]);
    for (const row of rows) {
      const rate = rates.get(row.tax_rate_id)!;
      expect(rate).toMatchObject({ enabled: true });
      expect((rate.class_rates as Json[]).map((entry) => entry.tax_class_id)).toContain(row.tax_class_id);
      expect(TAX_CLASSES.find((taxClass) => taxClass.id === row.tax_class_id)!.name).toBe(row.class);
    }
  });

  it('exists in a store created without seed data too (its orders are taxed under it)', async () => {
    const bare = sandbox.admin.createStore({ name: 'Bare taxes', seed: false });
    const bareToken = sandbox.admin.createApiAccount(bare.hash, { scope: FULL_SCOPE }).accessToken;
    const answer = await get('/v3/tax/rates', bareToken, bare.hash);
    expect(((answer.json() as Json).data as Json[]).map((rate) => rate.id)).toEqual([1, 2]);
  });
});
