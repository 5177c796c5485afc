import { formatV2, parseUnits } from './money';
import { cancelOrder, createOrder, editOrder, payOrder, refundOrder, shipOrder } from './order-model';
import { SandboxInputError, createState, type ModelContext, type Store } from './sandbox-state';
import { createStore } from './store-factory';

function setup() {
  const state = createState({ rateLimit: { quota: 150, windowMs: 30_000 }, latencyMs: 0, faults: [] });
  const events: { scope: string; data: Record<string, unknown> }[] = [];
  const ctx: ModelContext = { state, emit: (_hash, scope, data) => events.push({ scope, data }), now: () => Date.UTC(2025, 0, 15, 12) };
  const store: Store = createStore(state, 'http://127.0.0.1:1', { hash: 'abc1234' }, ctx.now());
  return { ctx, store, events, scopes: () => events.map((e) => e.scope) };
}

const RICH = {
  customer_id: 2,
  lines: [
    { product_id: 111, quantity: 2, wrapping: { cost: '3.50' } },
    { product_id: 112, variant_id: 504, quantity: 1 },
    { name: 'Engraving', sku: 'ENGRAVE', price: '7.25', quantity: 1 },
  ],
  coupon: { code: 'TAKE10', type: 'per_total_discount', amount: '10.00' },
  shipping: { cost: '12.00' },
  handling: { cost: '2.00' },
  fees: [{ name: 'Eco fee', cost: '1.20' }],
  tax: { rate: '8.25' },
};

describe('test orders', () => {
  test('creation computes v2 totals, a purchase transaction, stock and order/inventory webhooks', () => {
    const { ctx, store, scopes } = setup();
    const before = store.products.get(111)!.inventoryLevel;
    const order = createOrder(ctx, store.hash, RICH);
    expect(formatV2(order.totalIncTax)).toBe('306.2000');
    expect(formatV2(order.totalTax)).toBe('23.2500');
    expect(order.taxes.reduce((sum, t) => sum + t.amount, 0)).toBe(order.totalTax);
    expect(order.taxes.map((t) => t.lineItemType)).toEqual(['item', 'gift-wrapping', 'item', 'item', 'shipping', 'handling']);
    expect(order.coupons[0]).toMatchObject({ code: 'TAKE10', type: 'per_total_discount', discount: parseUnits('10') });
    expect(order.billingAddress.email).toBe('john.smith@example.com');
    expect(order.statusId).toBe(11);
    expect(order.paymentStatus).toBe('captured');
    expect(store.transactions.get(order.id)).toEqual([expect.objectContaining({ event: 'purchase', amount: order.totalIncTax, currency: 'USD' })]);
    expect(store.products.get(111)!.inventoryLevel).toBe(before - 2);
    expect(scopes()).toEqual(['store/product/inventory/order/updated', 'store/sku/inventory/order/updated', 'store/order/created']);
  });

  test('other currencies: catalog prices converted at the exchange rate, currency fields set', () => {
    const { ctx, store } = setup();
    const order = createOrder(ctx, store.hash, {
      billing_address: { email: 'lena@example.de', first_name: 'Lena' },
      lines: [{ product_id: 113, quantity: 1 }],
      coupon: { code: 'PCT15', type: 'percentage_discount', amount: '15' },
      shipping: { cost: '9.90' },
      tax: { rate: '19', inclusive: true },
      currency: { code: 'EUR', exchange_rate: '0.9134' },
    });
    expect(order.customerId).toBe(0);
    expect(order.currency).toMatchObject({ code: 'EUR', exchangeRate: '0.9134' });
    expect(formatV2(order.lines[0]!.basePrice)).toBe('205.5200');
    expect(formatV2(order.totalIncTax)).toBe('184.5900');
    expect(store.transactions.get(order.id)![0]!.currency).toBe('EUR');
  });

  test('incomplete orders: no transaction, created webhook still fires; pay captures and moves to 11', () => {
    const { ctx, store, events, scopes } = setup();
    const order = createOrder(ctx, store.hash, { customer_id: 1, lines: [{ product_id: 114, quantity: 1 }], status_id: 0 });
    expect(store.transactions.get(order.id)).toBeUndefined();
    expect(scopes()).toEqual(['store/order/created']);
    payOrder(ctx, store.hash, order.id);
    expect(order.statusId).toBe(11);
    expect(store.transactions.get(order.id)!.map((t) => t.event)).toEqual(['purchase']);
    expect(events.find((e) => e.scope === 'store/order/statusUpdated')!.data).toEqual({ type: 'order', id: order.id, status: { previous_status_id: 0, new_status_id: 11 } });
    expect(() => payOrder(ctx, store.hash, order.id)).toThrow(/already paid/);
  });

  test('awaiting payment → authorization, capture on pay, void on cancel', () => {
    const { ctx, store } = setup();
    const paid = createOrder(ctx, store.hash, { customer_id: 1, lines: [{ product_id: 114, quantity: 1 }], status_id: 7 });
    expect(paid.paymentStatus).toBe('authorized');
    payOrder(ctx, store.hash, paid.id);
    const [auth, capture] = store.transactions.get(paid.id)!;
    expect(capture).toMatchObject({ event: 'capture', referenceTransactionId: auth!.id });

    const cancelled = createOrder(ctx, store.hash, { customer_id: 1, lines: [{ product_id: 111, quantity: 1 }], status_id: 7 });
    const level = store.products.get(111)!.inventoryLevel;
    cancelOrder(ctx, store.hash, cancelled.id);
    expect(cancelled.statusId).toBe(5);
    expect(store.transactions.get(cancelled.id)!.map((t) => t.event)).toEqual(['authorization', 'void']);
    expect(store.products.get(111)!.inventoryLevel).toBe(level + 1);
  });

  test('partial refunds split amount and tax by quantity; the last unit takes the remainder; then full refund', () => {
    const { ctx, store, scopes } = setup();
    const order = createOrder(ctx, store.hash, RICH);
    const line = order.lines[0]!; // 2 × 109.00 → 227.38 incl. 17.33 tax after the coupon
    const first = refundOrder(ctx, store.hash, order.id, { items: [{ item_type: 'PRODUCT', item_id: line.id, quantity: 1 }] });
    expect([first.totalAmount, first.totalTax].map(formatV2)).toEqual(['113.6900', '8.6700']);
    expect(order.statusId).toBe(14);
    const second = refundOrder(ctx, store.hash, order.id, { items: [{ item_type: 'PRODUCT', item_id: line.id, quantity: 1 }] });
    expect([second.totalAmount, second.totalTax].map(formatV2)).toEqual(['113.6900', '8.6600']);
    expect(line.quantityRefunded).toBe(2);
    expect(() => refundOrder(ctx, store.hash, order.id, { items: [{ item_type: 'PRODUCT', item_id: line.id, quantity: 1 }] })).toThrow(/only 0/);

    const shipping = refundOrder(ctx, store.hash, order.id, { items: [{ item_type: 'SHIPPING', item_id: order.shippingAddresses[0]!.id, amount: '6.00' }] });
    expect([shipping.totalAmount, shipping.totalTax].map(formatV2)).toEqual(['6.0000', '0.4600']); // 0.99 × 6.00 / 12.99
    expect(() => refundOrder(ctx, store.hash, order.id, { items: [{ item_type: 'ORDER', item_id: order.id, amount: '1000' }] })).toThrow(/left/);

    const rest = refundOrder(ctx, store.hash, order.id, {});
    expect(order.refundedTotal).toBe(order.totalIncTax);
    expect(rest.items.map((i) => i.itemType).sort()).toEqual(['FEE', 'GIFT_WRAPPING', 'HANDLING', 'PRODUCT', 'PRODUCT', 'SHIPPING']);
    expect(order.statusId).toBe(4);
    expect(order.paymentStatus).toBe('refunded');
    expect(store.refunds.size).toBe(4);
    expect(scopes().filter((s) => s === 'store/order/refund/created')).toHaveLength(4);
    expect(() => refundOrder(ctx, store.hash, order.id, {})).toThrow(SandboxInputError);
  });

  test('a custom ORDER amount first, then "everything left" refunds exactly the rest', () => {
    const { ctx, store } = setup();
    const order = createOrder(ctx, store.hash, RICH);
    refundOrder(ctx, store.hash, order.id, { items: [{ item_type: 'ORDER', item_id: order.id, amount: '10.00' }] });
    const rest = refundOrder(ctx, store.hash, order.id, {});
    expect(formatV2(rest.totalAmount)).toBe('296.2000');
    expect(order.refundedTotal).toBe(order.totalIncTax);
    expect(order.statusId).toBe(4);
  });

  test('store credit cannot be refunded to guests', () => {
    const { ctx, store } = setup();
    const order = createOrder(ctx, store.hash, { billing_address: { email: 'g@example.com' }, lines: [{ product_id: 114, quantity: 1 }] });
    expect(() => refundOrder(ctx, store.hash, order.id, { provider_id: 'storecredit' })).toThrow('Unable to provide store credit for a guest customer.');
  });

  test('gift certificate and store credit redeemed at checkout: on the order, as transactions, the card pays the rest', () => {
    const { ctx, store } = setup();
    const order = createOrder(ctx, store.hash, { customer_id: 2, lines: [{ product_id: 114, quantity: 2 }], redeemed: { gift_certificate: '5.00', store_credit: '2.50' } });
    expect(formatV2(order.giftCertificateAmount)).toBe('5.0000');
    expect(formatV2(order.storeCreditAmount)).toBe('2.5000');
    const transactions = store.transactions.get(order.id)!;
    expect(transactions.map((t) => [t.method, t.gateway, t.amount])).toEqual([
      ['gift_certificate', 'giftcertificate', parseUnits('5')],
      ['store_credit', 'storecredit', parseUnits('2.5')],
      ['credit_card', 'testgateway', order.totalIncTax - parseUnits('7.5')],
    ]);
    expect(() => createOrder(ctx, store.hash, { customer_id: 2, lines: [{ product_id: 114, quantity: 1 }], redeemed: { gift_certificate: '100000' } })).toThrow(
      'redeemed amounts exceed the order total',
    );
    expect(() =>
      createOrder(ctx, store.hash, { billing_address: { email: 'g@example.com' }, lines: [{ product_id: 114, quantity: 1 }], redeemed: { store_credit: '1' } }),
    ).toThrow('a guest has no store credit to redeem');
  });

  test('edits recompute totals, keep ids and fire updated/statusUpdated; shipping moves the status', () => {
    const { ctx, store, scopes } = setup();
    const order = createOrder(ctx, store.hash, RICH);
    const ids = order.lines.map((l) => l.id);
    editOrder(ctx, store.hash, order.id, { lines: [{ id: ids[1]!, quantity: 0 }, { id: ids[0]!, quantity: 1 }], status_id: 9 });
    expect(order.lines.map((l) => l.id)).toEqual([ids[0], ids[2]]);
    expect(order.totalIncTax).toBe(order.totalExTax + order.totalTax);
    expect(order.statusId).toBe(9);
    expect(scopes().slice(-2)).toEqual(['store/order/statusUpdated', 'store/order/updated']);

    shipOrder(ctx, store.hash, order.id, { items: [{ order_product_id: ids[0]!, quantity: 1 }] });
    expect(order.statusId).toBe(3);
    shipOrder(ctx, store.hash, order.id, {});
    expect(order.statusId).toBe(2);
    expect(order.dateShipped).toBeDefined();
    expect(scopes()).toContain('store/shipment/created');
  });

  test('input errors are explicit', () => {
    const { ctx, store } = setup();
    expect(() => createOrder(ctx, store.hash, { lines: [{ product_id: 111, quantity: 1 }] })).toThrow(/billing_address.email/);
    expect(() => createOrder(ctx, store.hash, { customer_id: 1, lines: [{ product_id: 112, quantity: 1 }] })).toThrow(/variant_id/);
    expect(() => createOrder(ctx, store.hash, { customer_id: 1, lines: [{ product_id: 111, quantity: 1, price: '1.005' }] })).toThrow(/decimals/);
    expect(() => createOrder(ctx, store.hash, { customer_id: 1, lines: [{ product_id: 115, quantity: 1 }], shipping: { cost: '5' } })).toThrow(/digital/);
    expect(() => createOrder(ctx, store.hash, { customer_id: 1, lines: [{ product_id: 111, quantity: 1 }], surprise: true })).toThrow(/invalid input/);
  });
});
