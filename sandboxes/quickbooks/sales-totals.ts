/**
 * Totals and tax for sales forms, in integer cents. Pure: the rules module turns a payload into
 * `TotalsLine`s (already validated), this computes what QBO would store.
 *
 * - US (`mode: 'us'`): lines are TAX/NON; one set of rates for the whole transaction (the AST-assigned code,
 *   or TxnTaxCodeRef without AST). An explicit TxnTaxDetail.TotalTax overrides the computed tax and is
 *   prorated over the code's rates; unless ShippingTaxIncludedInTotalTax is true, the shipping tax is added
 *   on top of the override (Finance.xsd: "only non shipping taxes are overridden").
 * - Elsewhere (`mode: 'per-line'`): each line's TaxCode brings its rates; GlobalTaxCalculation TaxExcluded
 *   adds tax, TaxInclusive extracts it from the amounts (Amount is treated as gross), NotApplicable has none.
 *   A TotalTax override replaces the total tax, spread over the rate lines.
 * - ApplyTaxAfterDiscount true: the discount is allocated over the item lines before tax; false/null: tax
 *   first (Finance.xsd). Shipping is never discounted. Tax is rounded once per rate, half away from zero.
 */
import { netFromGross, percentOfCents, prorate, type Cents, type Decimal, addDecimals } from './money';

export interface RateInfo {
  id: string;
  name: string;
  percent: Decimal;
}

export interface TotalsLine {
  kind: 'item' | 'shipping' | 'discount';
  /** Item/shipping amount, or a fixed discount amount. */
  amount: Cents;
  /** Percent-based discount (DiscountLineDetail.PercentBased). */
  discountPercent?: Decimal;
  /** US: TaxCodeRef TAX (true) / NON (false). */
  taxable?: boolean;
  /** Per-line mode: the line's tax code id and its sales rates. */
  taxCodeId?: string;
  rates?: RateInfo[];
}

export type GlobalTaxCalculation = 'TaxExcluded' | 'TaxInclusive' | 'NotApplicable';

export interface TotalsInput {
  mode: 'us' | 'per-line';
  calculation: GlobalTaxCalculation;
  lines: TotalsLine[];
  /** US: rates of the transaction tax code; empty = no tax code, no computed tax. */
  usRates?: RateInfo[];
  applyTaxAfterDiscount: boolean;
  taxOverride: Cents | null;
  shippingTaxIncludedInTotalTax: boolean;
}

export interface TaxLineResult {
  rate: RateInfo;
  /** NetAmountTaxable. */
  net: Cents;
  tax: Cents;
}

export interface TotalsResult {
  /** Sum of item lines (the SubTotalLine QBO adds). */
  itemsSubtotal: Cents;
  shipping: Cents;
  /** Amount of each discount line, in order. */
  discountAmounts: Cents[];
  discount: Cents;
  tax: Cents;
  taxLines: TaxLineResult[];
  total: Cents;
}

const sum = (values: Cents[]) => values.reduce((a, b) => a + b, 0);

export function computeTotals(input: TotalsInput): TotalsResult {
  const items = input.lines.filter((l) => l.kind === 'item');
  const shippingLines = input.lines.filter((l) => l.kind === 'shipping');
  const itemsSubtotal = sum(items.map((l) => l.amount));
  const shipping = sum(shippingLines.map((l) => l.amount));
  const discountAmounts = input.lines
    .filter((l) => l.kind === 'discount')
    .map((l) => (l.discountPercent ? percentOfCents(itemsSubtotal, l.discountPercent) : l.amount));
  const discount = sum(discountAmounts);

  // Net of discount per item line when tax applies after the discount.
  const allocation = input.applyTaxAfterDiscount && discount !== 0 ? prorate(discount, items.map((l) => l.amount)) : items.map(() => 0);
  const taxBases = [
    ...items.map((line, i) => ({ line, base: line.amount - (allocation[i] ?? 0) })),
    ...shippingLines.map((line) => ({ line, base: line.amount })),
  ];

  let taxLines: TaxLineResult[] = [];
  let tax = 0;
  let inclusive = false;

  if (input.mode === 'us') {
    const rates = input.usRates ?? [];
    const itemsTaxable = sum(taxBases.filter((b) => b.line.kind === 'item' && b.line.taxable).map((b) => b.base));
    const shippingTaxable = sum(taxBases.filter((b) => b.line.kind === 'shipping' && b.line.taxable).map((b) => b.base));
    const net = itemsTaxable + shippingTaxable;
    taxLines = rates.map((rate) => ({ rate, net, tax: percentOfCents(net, rate.percent) }));
    if (input.taxOverride !== null) {
      const shippingTax = input.shippingTaxIncludedInTotalTax ? 0 : sum(rates.map((r) => percentOfCents(shippingTaxable, r.percent)));
      const total = input.taxOverride + shippingTax;
      taxLines = spread(taxLines, total);
      tax = rates.length ? sum(taxLines.map((l) => l.tax)) : total;
    } else {
      tax = sum(taxLines.map((l) => l.tax));
    }
  } else if (input.calculation !== 'NotApplicable') {
    inclusive = input.calculation === 'TaxInclusive';
    const byRate = new Map<string, TaxLineResult>();
    const line = (rate: RateInfo) => {
      let entry = byRate.get(rate.id);
      if (!entry) {
        entry = { rate, net: 0, tax: 0 };
        byRate.set(rate.id, entry);
      }
      return entry;
    };
    // Group by tax code first: a combined code (GST + PST) extracts inclusive tax at its summed rate.
    const byCode = new Map<string, { rates: RateInfo[]; amount: Cents }>();
    for (const { line: l, base } of taxBases) {
      if (!l.rates?.length) continue;
      const key = l.taxCodeId ?? l.rates.map((r) => r.id).join('+');
      const group = byCode.get(key) ?? { rates: l.rates, amount: 0 };
      group.amount += base;
      byCode.set(key, group);
    }
    for (const group of byCode.values()) {
      if (inclusive) {
        const combined = addDecimals(group.rates.map((r) => r.percent));
        const net = netFromGross(group.amount, combined);
        const weights = group.rates.map((r) => percentOfCents(net, r.percent));
        const parts = prorate(group.amount - net, weights);
        group.rates.forEach((rate, i) => {
          const entry = line(rate);
          entry.net += net;
          entry.tax += parts[i] ?? 0;
        });
      } else {
        for (const rate of group.rates) line(rate).net += group.amount;
      }
    }
    taxLines = [...byRate.values()];
    if (!inclusive) for (const entry of taxLines) entry.tax = percentOfCents(entry.net, entry.rate.percent);
    if (input.taxOverride !== null) taxLines = spread(taxLines, input.taxOverride);
    tax = input.taxOverride !== null && !taxLines.length ? input.taxOverride : sum(taxLines.map((l) => l.tax));
  }

  const total = itemsSubtotal + shipping - discount + (inclusive ? 0 : tax);
  return { itemsSubtotal, shipping, discountAmounts, discount, tax, taxLines, total };
}

/** Spreads a total tax over rate lines in proportion to their computed tax (or rate when all are zero). */
function spread(lines: TaxLineResult[], total: Cents): TaxLineResult[] {
  if (!lines.length) return lines;
  let weights = lines.map((l) => l.tax);
  if (weights.every((w) => w === 0)) weights = lines.map((l) => percentOfCents(1_000_000, l.rate.percent));
  const parts = prorate(total, weights);
  return lines.map((l, i) => ({ ...l, tax: parts[i] ?? 0 }));
}
