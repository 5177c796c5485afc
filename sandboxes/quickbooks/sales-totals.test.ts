import { centsOf, multiplyToCents, parseDecimal, prorate, percentOfCents, netFromGross, type Decimal } from './money';
import { computeTotals, type RateInfo } from './sales-totals';

const d = (text: string): Decimal => {
  const value = parseDecimal(text);
  if (!value) throw new Error(text);
  return value;
};
const rate = (id: string, percent: string): RateInfo => ({ id, name: id, percent: d(percent) });
const AUSTIN = [rate('1', '6.25'), rate('2', '1'), rate('3', '1')];

describe('money', () => {
  it('parses decimals exactly and rounds half away from zero', () => {
    expect(centsOf(0.1 + 0.2)).toBe(30);
    expect(centsOf('12.345')).toBe(1235);
    expect(centsOf(-12.345)).toBe(-1235);
    expect(centsOf('abc')).toBeNull();
    expect(multiplyToCents(d('3'), d('19.99'))).toBe(5997);
    expect(multiplyToCents(d('1.5'), d('0.333'))).toBe(50);
    expect(percentOfCents(3295, d('6.25'))).toBe(206);
    expect(netFromGross(12000, d('20'))).toBe(10000);
  });

  it('prorates without losing a cent', () => {
    expect(prorate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(prorate(206, [625, 100, 100]).reduce((a, b) => a + b, 0)).toBe(206);
    expect(prorate(-5, [0, 0])).toEqual([0, -5]);
  });
});

describe('sales form totals', () => {
  const usLines = [
    { kind: 'item' as const, amount: 2500, taxable: true },
    { kind: 'shipping' as const, amount: 795, taxable: true },
    { kind: 'discount' as const, amount: 500 },
  ];

  it('US AST honours an explicit TotalTax override (covering shipping when ShippingTaxIncludedInTotalTax)', () => {
    const result = computeTotals({ mode: 'us', calculation: 'TaxExcluded', lines: usLines, usRates: AUSTIN, applyTaxAfterDiscount: false, taxOverride: 206, shippingTaxIncludedInTotalTax: true });
    expect(result).toMatchObject({ itemsSubtotal: 2500, shipping: 795, discount: 500, tax: 206, total: 3001 });
    expect(result.taxLines.map((l) => l.tax).reduce((a, b) => a + b, 0)).toBe(206);
    expect(result.taxLines[0]?.net).toBe(3295);
  });

  it('US AST adds the shipping tax on top of an override unless told it is included (Finance.xsd)', () => {
    const result = computeTotals({ mode: 'us', calculation: 'TaxExcluded', lines: usLines, usRates: AUSTIN, applyTaxAfterDiscount: false, taxOverride: 206, shippingTaxIncludedInTotalTax: false });
    // 7.95 × 6.25 % = 0.496875 → 0.50; × 1 % = 0.0795 → 0.08 (twice): 0.66 of shipping tax.
    expect(result.tax).toBe(272);
    expect(result.total).toBe(3067);
  });

  it('US AST without override computes tax per rate on taxable lines; NON lines are not taxed', () => {
    const result = computeTotals({ mode: 'us', calculation: 'TaxExcluded', lines: [...usLines, { kind: 'item', amount: 1000, taxable: false }], usRates: AUSTIN, applyTaxAfterDiscount: false, taxOverride: null, shippingTaxIncludedInTotalTax: false });
    // 32.95 × 6.25 % = 2.059375 → 2.06; × 1 % = 0.3295 → 0.33 (twice) → 2.72
    expect(result.taxLines.map((l) => l.tax)).toEqual([206, 33, 33]);
    expect(result).toMatchObject({ itemsSubtotal: 3500, tax: 272, total: 3500 + 795 - 500 + 272 });
  });

  it('applies the discount before tax when ApplyTaxAfterDiscount is true', () => {
    const result = computeTotals({ mode: 'us', calculation: 'TaxExcluded', lines: [{ kind: 'item', amount: 10000, taxable: true }, { kind: 'discount', amount: 0, discountPercent: d('10') }], usRates: [rate('1', '8.25')], applyTaxAfterDiscount: true, taxOverride: null, shippingTaxIncludedInTotalTax: false });
    expect(result.discountAmounts).toEqual([1000]);
    expect(result.tax).toBe(743); // 90.00 × 8.25 % = 7.425 → 7.43
    expect(result.total).toBe(10000 - 1000 + 743);
  });

  it('CA HST ON 13 % tax-excluded, rounding once per rate', () => {
    const hst = [rate('2', '13')];
    const result = computeTotals({
      mode: 'per-line', calculation: 'TaxExcluded', applyTaxAfterDiscount: true, taxOverride: null, shippingTaxIncludedInTotalTax: false,
      lines: [
        { kind: 'item', amount: 10000, taxCodeId: '3', rates: hst },
        { kind: 'item', amount: 1999, taxCodeId: '3', rates: hst },
        { kind: 'shipping', amount: 1000, taxCodeId: '3', rates: hst },
      ],
    });
    // 129.99 × 13 % = 16.8987 → 16.90
    expect(result).toMatchObject({ tax: 1690, total: 14689 });
    expect(result.taxLines).toEqual([{ rate: hst[0], net: 12999, tax: 1690 }]);
  });

  it('CA GST/PST BC combined code and an exempt line', () => {
    const result = computeTotals({
      mode: 'per-line', calculation: 'TaxExcluded', applyTaxAfterDiscount: true, taxOverride: null, shippingTaxIncludedInTotalTax: false,
      lines: [
        { kind: 'item', amount: 5000, taxCodeId: '4', rates: [rate('1', '5'), rate('3', '7')] },
        { kind: 'item', amount: 2000, taxCodeId: '1', rates: [rate('1', '5')] },
        { kind: 'item', amount: 999, taxCodeId: '5', rates: [rate('4', '0')] },
      ],
    });
    expect(result.taxLines.map((l) => [l.rate.id, l.net, l.tax])).toEqual([['1', 7000, 350], ['3', 5000, 350], ['4', 999, 0]]);
    expect(result.total).toBe(7999 + 700);
  });

  it('GB VAT tax-inclusive extracts tax from gross amounts; total stays the gross', () => {
    const result = computeTotals({
      mode: 'per-line', calculation: 'TaxInclusive', applyTaxAfterDiscount: true, taxOverride: null, shippingTaxIncludedInTotalTax: false,
      lines: [
        { kind: 'item', amount: 12000, taxCodeId: '1', rates: [rate('1', '20')] },
        { kind: 'item', amount: 1050, taxCodeId: '2', rates: [rate('2', '5')] },
        { kind: 'shipping', amount: 499, taxCodeId: '1', rates: [rate('1', '20')] },
      ],
    });
    // 124.99 gross at 20 % → net 104.16, VAT 20.83; 10.50 at 5 % → net 10.00, VAT 0.50
    expect(result.taxLines.map((l) => [l.rate.id, l.net, l.tax])).toEqual([['1', 10416, 2083], ['2', 1000, 50]]);
    expect(result).toMatchObject({ tax: 2133, total: 13549 });
  });

  it('non-US override replaces the computed tax; NotApplicable has none', () => {
    const lines = [{ kind: 'item' as const, amount: 10000, taxCodeId: '1', rates: [rate('1', '20')] }];
    expect(computeTotals({ mode: 'per-line', calculation: 'TaxExcluded', applyTaxAfterDiscount: true, taxOverride: 1999, shippingTaxIncludedInTotalTax: false, lines })).toMatchObject({ tax: 1999, total: 11999 });
    expect(computeTotals({ mode: 'per-line', calculation: 'NotApplicable', applyTaxAfterDiscount: true, taxOverride: null, shippingTaxIncludedInTotalTax: false, lines })).toMatchObject({ tax: 0, total: 10000, taxLines: [] });
  });
});
