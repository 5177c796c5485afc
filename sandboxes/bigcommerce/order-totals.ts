/**
 * Pure order arithmetic: turns priced lines, a coupon, shipping/handling/wrapping/fees and tax settings
 * into every v2 total. All amounts are integer units in the order's transactional currency.
 *
 * Rules (BigCommerce does not document all of them; these are the sandbox's, chosen to match the
 * published examples and to keep the accounting identities exact):
 * - Prices are "entered" amounts: tax inclusive when `inclusive`, else exclusive.
 * - Tax is computed per line / charge on the amount after discounts and rounded to cents.
 * - Line `totalExTax`/`totalIncTax` and order `subtotal_*_ex/inc` are pre-discount; line `totalTax`,
 *   order `subtotal_tax` and every `total_*` are post-discount (as in the spec's example order, where
 *   subtotal_inc − subtotal_ex ≠ subtotal_tax once a coupon applies).
 * - `coupon_discount` is the coupon's item discount in entered amounts; `discount_amount` adds the automatic
 *   promotion (a code-less applied discount, allocated after the coupon); shipping coupons lower the shipping
 *   charge instead (base_shipping_cost stays pre-discount).
 * - Identities that always hold: total_inc = total_ex + total_tax; total_tax = Σ tax rows;
 *   total_inc = Σ line discounted_total_inc_tax + shipping_inc + handling_inc + wrapping_inc + fees_inc.
 * - Fees are untaxed (the v2 tax rows have no fee line type).
 */
import {
  allocateCents,
  percentOf,
  sumUnits,
  taxInInclusive,
  taxOnExclusive,
  unitTaxInInclusive,
  unitTaxOnExclusive,
  type RateUnits,
  type Units,
} from './money';
import type { AppliedDiscount, CouponType, OrderCharge } from './sandbox-state';

export interface PricedLine {
  /** Entered unit price. */
  unitPrice: Units;
  quantity: number;
  taxRate: RateUnits;
  wrapping?: { cost: Units; taxRate: RateUnits };
}

export interface CouponInput {
  code: string;
  name: string;
  type: CouponType;
  /** Money for fixed coupons, rate units for percentage coupons. */
  amount: Units;
}

/** An automatic (code-less) order promotion: money off the order, after the coupon. */
export interface PromotionInput {
  name: string;
  amount: Units;
}

export interface TotalsInput {
  inclusive: boolean;
  lines: PricedLine[];
  coupon?: CouponInput;
  promotion?: PromotionInput;
  shipping: { cost: Units; taxRate: RateUnits };
  handling: { cost: Units; taxRate: RateUnits };
  fees: Units[];
}

export interface LineTotals {
  priceExTax: Units;
  priceIncTax: Units;
  totalExTax: Units;
  totalIncTax: Units;
  totalTax: Units;
  discount: Units;
  discountedTotalIncTax: Units;
  appliedDiscounts: AppliedDiscount[];
  wrapping?: OrderCharge;
}

export interface OrderTotals {
  lines: LineTotals[];
  shipping: OrderCharge;
  handling: OrderCharge;
  wrapping: { exTax: Units; incTax: Units; tax: Units; base: Units };
  fees: Units[];
  subtotalExTax: Units;
  subtotalIncTax: Units;
  subtotalTax: Units;
  couponDiscount: Units;
  /** Coupon plus automatic promotion item discounts. */
  discountAmount: Units;
  shippingDiscount: Units;
  totalExTax: Units;
  totalIncTax: Units;
  totalTax: Units;
}

/** Computes a charge (shipping, handling, wrapping) from its entered amount. */
export function charge(entered: Units, rate: RateUnits, inclusive: boolean, base: Units = entered): OrderCharge {
  if (inclusive) {
    const tax = taxInInclusive(entered, rate);
    return { base, exTax: entered - tax, incTax: entered, tax, rate };
  }
  const tax = taxOnExclusive(entered, rate);
  return { base, exTax: entered, incTax: entered + tax, tax, rate };
}

function itemDiscounts(input: TotalsInput, gross: Units[]): Units[] {
  const coupon = input.coupon;
  if (!coupon) return gross.map(() => 0);
  switch (coupon.type) {
    case 'per_item_discount':
      return input.lines.map((line, i) => Math.min(gross[i] ?? 0, coupon.amount * line.quantity));
    case 'percentage_discount':
      return gross.map((g) => Math.min(g, percentOf(g, coupon.amount)));
    case 'per_total_discount':
      return allocateCents(Math.min(coupon.amount, sumUnits(gross)), gross);
    case 'shipping_discount':
    case 'free_shipping':
      return gross.map(() => 0);
  }
}

export function computeOrderTotals(input: TotalsInput): OrderTotals {
  const { inclusive } = input;
  const gross = input.lines.map((line) => line.unitPrice * line.quantity);
  const couponDiscounts = itemDiscounts(input, gross);
  const afterCoupon = gross.map((g, i) => g - (couponDiscounts[i] ?? 0));
  const promotion = input.promotion;
  const promotionDiscounts = promotion ? allocateCents(Math.min(promotion.amount, sumUnits(afterCoupon)), afterCoupon) : gross.map(() => 0);
  const discounts = gross.map((_, i) => (couponDiscounts[i] ?? 0) + (promotionDiscounts[i] ?? 0));
  const coupon = input.coupon;

  const lines = input.lines.map((line, i): LineTotals => {
    const g = gross[i] ?? 0;
    const discount = discounts[i] ?? 0;
    const taxable = g - discount;
    const pre = charge(g, line.taxRate, inclusive);
    const post = charge(taxable, line.taxRate, inclusive);
    const unitTax = inclusive ? unitTaxInInclusive(line.unitPrice, line.taxRate) : unitTaxOnExclusive(line.unitPrice, line.taxRate);
    const couponDiscount = couponDiscounts[i] ?? 0;
    const promotionDiscount = promotionDiscounts[i] ?? 0;
    const appliedDiscounts: AppliedDiscount[] = [
      ...(coupon && couponDiscount > 0
        ? [{ id: 'coupon', amount: couponDiscount, name: coupon.name, code: coupon.code, target: coupon.type === 'per_total_discount' ? 'order' : 'product' } as const]
        : []),
      ...(promotion && promotionDiscount > 0 ? [{ id: 'promotion', amount: promotionDiscount, name: promotion.name, code: null, target: 'order' } as const] : []),
    ];
    return {
      priceExTax: inclusive ? line.unitPrice - unitTax : line.unitPrice,
      priceIncTax: inclusive ? line.unitPrice : line.unitPrice + unitTax,
      totalExTax: pre.exTax,
      totalIncTax: pre.incTax,
      totalTax: post.tax,
      discount,
      discountedTotalIncTax: post.incTax,
      appliedDiscounts,
      ...(line.wrapping ? { wrapping: charge(line.wrapping.cost, line.wrapping.taxRate, inclusive) } : {}),
    };
  });

  let shippingDiscount = 0;
  if (coupon?.type === 'free_shipping') shippingDiscount = input.shipping.cost;
  if (coupon?.type === 'shipping_discount') shippingDiscount = Math.min(coupon.amount, input.shipping.cost);
  const shipping = charge(input.shipping.cost - shippingDiscount, input.shipping.taxRate, inclusive, input.shipping.cost);
  const handling = charge(input.handling.cost, input.handling.taxRate, inclusive);

  const wrapCharges = lines.flatMap((l) => (l.wrapping ? [l.wrapping] : []));
  const wrapping = {
    base: sumUnits(wrapCharges.map((w) => w.base)),
    exTax: sumUnits(wrapCharges.map((w) => w.exTax)),
    incTax: sumUnits(wrapCharges.map((w) => w.incTax)),
    tax: sumUnits(wrapCharges.map((w) => w.tax)),
  };
  const feesTotal = sumUnits(input.fees);

  const itemsTax = sumUnits(lines.map((l) => l.totalTax));
  const itemsDiscountedEx = sumUnits(lines.map((l) => l.discountedTotalIncTax - l.totalTax));
  const totalTax = itemsTax + shipping.tax + handling.tax + wrapping.tax;
  const totalExTax = itemsDiscountedEx + shipping.exTax + handling.exTax + wrapping.exTax + feesTotal;

  return {
    lines,
    shipping,
    handling,
    wrapping,
    fees: input.fees,
    subtotalExTax: sumUnits(lines.map((l) => l.totalExTax)),
    subtotalIncTax: sumUnits(lines.map((l) => l.totalIncTax)),
    subtotalTax: itemsTax,
    couponDiscount: sumUnits(couponDiscounts),
    discountAmount: sumUnits(discounts),
    shippingDiscount,
    totalExTax,
    totalIncTax: totalExTax + totalTax,
    totalTax,
  };
}
