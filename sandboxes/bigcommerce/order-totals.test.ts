import { formatV2, parseRate, parseUnits } from './money';
import { computeOrderTotals, type TotalsInput } from './order-totals';

const u = (v: string) => parseUnits(v);
const r = (v: string) => parseRate(v);
const none = { cost: 0, taxRate: 0 };

/** Every total of an order must satisfy these, whatever the inputs. */
function expectIdentities(t: ReturnType<typeof computeOrderTotals>) {
  expect(t.totalIncTax).toBe(t.totalExTax + t.totalTax);
  const lines = t.lines.reduce((sum, l) => sum + l.discountedTotalIncTax, 0);
  expect(t.totalIncTax).toBe(lines + t.shipping.incTax + t.handling.incTax + t.wrapping.incTax + t.fees.reduce((a, b) => a + b, 0));
  expect(t.totalTax).toBe(t.subtotalTax + t.shipping.tax + t.handling.tax + t.wrapping.tax);
}

describe('order totals', () => {
  test('exclusive tax with an order coupon, shipping, handling, wrapping and a fee (worked by hand)', () => {
    const input: TotalsInput = {
      inclusive: false,
      lines: [
        { unitPrice: u('109'), quantity: 2, taxRate: r('8.25'), wrapping: { cost: u('3.50'), taxRate: r('8.25') } },
        { unitPrice: u('49'), quantity: 1, taxRate: r('8.25') },
        { unitPrice: u('7.25'), quantity: 1, taxRate: r('8.25') },
      ],
      coupon: { code: 'TAKE10', name: 'TAKE10', type: 'per_total_discount', amount: u('10') },
      shipping: { cost: u('12'), taxRate: r('8.25') },
      handling: { cost: u('2'), taxRate: r('8.25') },
      fees: [u('1.20')],
    };
    const t = computeOrderTotals(input);
    // 10.00 spread by value: 7.95 / 1.79 / 0.26; tax on what is left: 17.33 / 3.89 / 0.58.
    expect(t.lines.map((l) => formatV2(l.discount))).toEqual(['7.9500', '1.7900', '0.2600']);
    expect(t.lines.map((l) => formatV2(l.totalTax))).toEqual(['17.3300', '3.8900', '0.5800']);
    expect(t.lines.map((l) => formatV2(l.totalIncTax))).toEqual(['235.9900', '53.0400', '7.8500']);
    expect(t.lines[0]!.appliedDiscounts).toEqual([{ id: 'coupon', amount: u('7.95'), name: 'TAKE10', code: 'TAKE10', target: 'order' }]);
    expect(formatV2(t.subtotalExTax)).toBe('274.2500');
    expect(formatV2(t.subtotalIncTax)).toBe('296.8800');
    expect(formatV2(t.subtotalTax)).toBe('21.8000');
    expect(formatV2(t.couponDiscount)).toBe('10.0000');
    expect([t.shipping.tax, t.handling.tax, t.wrapping.tax].map(formatV2)).toEqual(['0.9900', '0.1700', '0.2900']);
    expect(formatV2(t.totalExTax)).toBe('282.9500');
    expect(formatV2(t.totalTax)).toBe('23.2500');
    expect(formatV2(t.totalIncTax)).toBe('306.2000');
    expectIdentities(t);
  });

  test('tax-inclusive prices in another currency with a percentage coupon', () => {
    // 225.00 USD × 0.9134 = 205.52 EUR (converted before totals); 15 % off; 19 % VAT inside the prices.
    const t = computeOrderTotals({
      inclusive: true,
      lines: [{ unitPrice: u('205.52'), quantity: 1, taxRate: r('19') }],
      coupon: { code: 'PCT15', name: 'PCT15', type: 'percentage_discount', amount: r('15') },
      shipping: { cost: u('9.90'), taxRate: r('19') },
      handling: none,
      fees: [],
    });
    const line = t.lines[0]!;
    expect(formatV2(line.discount)).toBe('30.8300');
    expect(formatV2(line.priceIncTax)).toBe('205.5200');
    expect(formatV2(line.priceExTax)).toBe('172.7059'); // per-unit values keep 4 decimals
    expect(formatV2(line.totalExTax)).toBe('172.7100');
    expect(formatV2(line.totalTax)).toBe('27.8900');
    expect(formatV2(line.discountedTotalIncTax)).toBe('174.6900');
    expect([t.shipping.exTax, t.shipping.tax].map(formatV2)).toEqual(['8.3200', '1.5800']);
    expect(formatV2(t.totalIncTax)).toBe('184.5900');
    expect(formatV2(t.totalTax)).toBe('29.4700');
    expect(formatV2(t.totalExTax)).toBe('155.1200');
    expectIdentities(t);
  });

  test('per-item coupons, free shipping and shipping discounts', () => {
    const perItem = computeOrderTotals({
      inclusive: false,
      lines: [{ unitPrice: u('5'), quantity: 3, taxRate: 0 }],
      coupon: { code: 'TWOOFF', name: 'TWOOFF', type: 'per_item_discount', amount: u('2') },
      shipping: { cost: u('4'), taxRate: 0 },
      handling: none,
      fees: [],
    });
    expect(formatV2(perItem.couponDiscount)).toBe('6.0000');
    expect(formatV2(perItem.totalIncTax)).toBe('13.0000');
    expect(perItem.lines[0]!.appliedDiscounts[0]!.target).toBe('product');

    const free = computeOrderTotals({
      inclusive: false,
      lines: [{ unitPrice: u('20'), quantity: 1, taxRate: r('10') }],
      coupon: { code: 'SHIPFREE', name: 'SHIPFREE', type: 'free_shipping', amount: 0 },
      shipping: { cost: u('7.50'), taxRate: r('10') },
      handling: none,
      fees: [],
    });
    expect(formatV2(free.shipping.base)).toBe('7.5000');
    expect(formatV2(free.shipping.incTax)).toBe('0.0000');
    expect(formatV2(free.shippingDiscount)).toBe('7.5000');
    expect(formatV2(free.couponDiscount)).toBe('0.0000');
    expect(formatV2(free.totalIncTax)).toBe('22.0000');
    expectIdentities(free);

    const capped = computeOrderTotals({
      inclusive: false,
      lines: [{ unitPrice: u('20'), quantity: 1, taxRate: 0 }],
      coupon: { code: 'SHIP10', name: 'SHIP10', type: 'shipping_discount', amount: u('10') },
      shipping: { cost: u('7.50'), taxRate: 0 },
      handling: none,
      fees: [],
    });
    expect(formatV2(capped.shippingDiscount)).toBe('7.5000');
    expect(formatV2(capped.totalIncTax)).toBe('20.0000');
  });

  test('a coupon larger than the order never makes a line negative', () => {
    const t = computeOrderTotals({
      inclusive: false,
      lines: [{ unitPrice: u('3'), quantity: 1, taxRate: r('5') }],
      coupon: { code: 'BIG', name: 'BIG', type: 'per_total_discount', amount: u('50') },
      shipping: { cost: u('5'), taxRate: r('5') },
      handling: none,
      fees: [],
    });
    expect(t.lines[0]!.discountedTotalIncTax).toBe(0);
    expect(formatV2(t.totalIncTax)).toBe('5.2500');
    expectIdentities(t);
  });

  test('an automatic promotion after a percentage coupon: both applied discounts, discount_amount covers both', () => {
    const t = computeOrderTotals({
      inclusive: false,
      lines: [
        { unitPrice: u('40'), quantity: 1, taxRate: r('10') },
        { unitPrice: u('20'), quantity: 1, taxRate: r('10') },
      ],
      coupon: { code: 'PCT10', name: 'Ten percent', type: 'percentage_discount', amount: r('10') },
      promotion: { name: 'Spring Sale', amount: u('6') },
      shipping: none,
      handling: none,
      fees: [],
    });
    // Coupon 4.00 / 2.00, then 6.00 spread over the 36.00 / 18.00 left: 4.00 / 2.00.
    expect(t.lines.map((l) => l.appliedDiscounts)).toEqual([
      [
        { id: 'coupon', amount: u('4'), name: 'Ten percent', code: 'PCT10', target: 'product' },
        { id: 'promotion', amount: u('4'), name: 'Spring Sale', code: null, target: 'order' },
      ],
      [
        { id: 'coupon', amount: u('2'), name: 'Ten percent', code: 'PCT10', target: 'product' },
        { id: 'promotion', amount: u('2'), name: 'Spring Sale', code: null, target: 'order' },
      ],
    ]);
    expect(formatV2(t.couponDiscount)).toBe('6.0000');
    expect(formatV2(t.discountAmount)).toBe('12.0000');
    expect(formatV2(t.totalTax)).toBe('4.8000');
    expect(formatV2(t.totalIncTax)).toBe('52.8000');
    expectIdentities(t);
  });
});
