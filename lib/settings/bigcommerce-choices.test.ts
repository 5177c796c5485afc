/**
 * Unit tests of the BigCommerce choices: the real BigCommerceClient over a scripted fetch, so the paths,
 * queries and per-source failure handling are what the app sends and does.
 */
import { BigCommerceClient } from '@/lib/bigcommerce/bigcommerce-client';
import { channelChoices, orderStatusChoices, paymentChoices, readBigCommerceChoices, taxRateChoices } from './bigcommerce-choices';

type Script = Record<string, { status: number; body?: unknown }>;

function clientWith(script: Script) {
  const requested: string[] = [];
  const fetchImpl = (async (input: string | URL | Request) => {
    const url = new URL(String(input));
    const path = url.pathname.replace(/^\/stores\/[^/]+/, '');
    requested.push(`${path}${url.search}`);
    const answer = script[path] ?? { status: 404, body: [{ status: 404, message: 'The requested resource was not found.' }] };
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
      status: answer.status,
      headers: { 'Content-Type': 'application/json' },
    });
  }) as typeof fetch;
  return { client: new BigCommerceClient({ apiUrl: 'https://api.test', storeHash: 'abc123', accessToken: 'token', fetchImpl }), requested };
}

describe('readBigCommerceChoices', () => {
  it('reads statuses, groups, tax rates and recent orders in four calls', async () => {
    const { client, requested } = clientWith({
      '/v2/order_statuses': { status: 200, body: [{ id: 11, name: 'Awaiting Fulfillment', system_label: 'Awaiting Fulfillment', custom_label: 'Paid – pack it' }] },
      '/v2/customer_groups': { status: 200, body: [{ id: 2, name: 'Wholesale' }, { id: 1, name: 'Retail' }] },
      '/v3/tax/rates': { status: 200, body: { data: [{ id: 3, name: 'VAT', enabled: true, class_rates: [{ rate: 20, tax_class_id: 0 }] }] } },
      '/v2/orders': { status: 200, body: [{ channel_id: 1, payment_method: 'Cash on Delivery' }, { channel_id: 667, payment_method: 'Credit Card' }] },
    });
    const choices = await readBigCommerceChoices(client, { taxRates: true });
    expect(requested.sort()).toEqual([
      '/v2/customer_groups?limit=250',
      '/v2/order_statuses',
      '/v2/orders?sort=date_created%3Adesc&limit=250',
      '/v3/tax/rates?limit=250',
    ]);
    expect(choices.unavailable).toEqual([]);
    expect(choices.orderStatuses.find((s) => s.value === 11)?.label).toBe('Paid – pack it (Awaiting Fulfillment)');
    expect(choices.orderStatuses).toHaveLength(15);
    expect(choices.customerGroups).toEqual([
      { value: 1, label: 'Retail' },
      { value: 2, label: 'Wholesale' },
    ]);
    expect(choices.channels).toEqual([
      { value: 1, label: 'Default storefront (channel 1)' },
      { value: 667, label: 'Channel 667' },
    ]);
    expect(choices.paymentMethods.slice(0, 2)).toEqual([
      { value: 'Cash on Delivery', label: 'Cash on Delivery', kind: 'order-method' },
      { value: 'Credit Card', label: 'Credit Card', kind: 'order-method' },
    ]);
    expect(choices.paymentMethods.some((p) => p.value === 'stripe' && p.kind === 'gateway')).toBe(true);
    expect(choices.taxRates).toEqual([{ value: '3', label: 'VAT (20%)', enabled: true }]);
  });

  it('explains each source that failed and keeps the others (no tax rates read when not needed)', async () => {
    const { client, requested } = clientWith({
      '/v2/order_statuses': { status: 500, body: [{ status: 500, message: 'boom' }] },
      '/v2/customer_groups': { status: 403, body: [{ status: 403, message: 'scope' }] },
      '/v2/orders': { status: 204 },
    });
    const choices = await readBigCommerceChoices(client, { taxRates: false });
    expect(requested.some((path) => path.startsWith('/v3/tax/rates'))).toBe(false);
    expect(choices.unavailable).toEqual([
      { source: 'orderStatuses', message: expect.stringMatching(/did not answer/) },
      { source: 'customerGroups', message: 'BigCommerce did not let the app read the store’s customer groups.' },
    ]);
    // The fixed statuses still come, with BigCommerce's names; the default channel always exists.
    expect(choices.orderStatuses.map((s) => s.label)).toContain('Awaiting Fulfillment');
    expect(choices.channels).toEqual([{ value: 1, label: 'Default storefront (channel 1)' }]);
    expect(choices.paymentMethods.every((p) => p.kind === 'gateway')).toBe(true);
    expect(choices.taxRates).toEqual([]);
  });
});

describe('pure shaping', () => {
  it('labels statuses with the store’s custom label when it differs', () => {
    const choices = orderStatusChoices([{ id: 2, name: 'Shipped', custom_label: 'Shipped' }]);
    expect(choices.find((c) => c.value === 2)?.label).toBe('Shipped');
    expect(choices.find((c) => c.value === 0)?.label).toBe('Incomplete');
  });

  it('dedupes payment names case-insensitively and ignores blanks', () => {
    const methods = paymentChoices([{ payment_method: 'Cash' }, { payment_method: 'cash' }, { payment_method: '  ' }]).filter((p) => p.kind === 'order-method');
    expect(methods).toEqual([{ value: 'Cash', label: 'Cash', kind: 'order-method' }]);
  });

  it('ignores channel 0 and bad ids', () => {
    expect(channelChoices([{ channel_id: 0 }, { channel_id: 3 }]).map((c) => c.value)).toEqual([1, 3]);
  });

  it('puts disabled tax rates last and shows one rate only when all classes share it', () => {
    expect(
      taxRateChoices([
        { id: 1, name: 'Old', enabled: false },
        { id: 2, name: 'Mixed', class_rates: [{ rate: 5 }, { rate: 10 }] },
      ]),
    ).toEqual([
      { value: '2', label: 'Mixed', enabled: true },
      { value: '1', label: 'Old', enabled: false },
    ]);
  });
});
