/**
 * Test orders: create, edit, pay, ship, refund, cancel, archive. Each mutation keeps the v2 totals
 * consistent (order-totals.ts) and fires the webhooks BigCommerce would fire.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  CENT,
  MoneyFormatError,
  convertCurrency,
  formatDecimals,
  mulDiv,
  parseRate,
  parseUnits,
  roundToCents,
  type RateUnits,
  type Units,
} from './money';
import { computeOrderTotals, type CouponInput, type PromotionInput, type OrderTotals, type PricedLine } from './order-totals';
import { AWAITING_PAYMENT_STATUS_IDS, PAID_STATUS_IDS } from './order-statuses';
import {
  SandboxInputError,
  emptyAddress,
  requireStore,
  type ModelContext,
  type Order,
  type OrderAddress,
  type OrderLine,
  type OrderShippingAddress,
  type Product,
  type Refund,
  type RefundItem,
  type RefundItemType,
  type Shipment,
  type Store,
  type Transaction,
  type TransactionEvent,
  type Variant,
} from './sandbox-state';

const money = z.union([z.string(), z.number()]);

export const addressInputSchema = z.strictObject({
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  company: z.string().optional(),
  street_1: z.string().optional(),
  street_2: z.string().optional(),
  city: z.string().optional(),
  state: z.string().optional(),
  zip: z.string().optional(),
  country: z.string().optional(),
  country_iso2: z.string().optional(),
  phone: z.string().optional(),
  email: z.string().optional(),
});
export type AddressInput = z.infer<typeof addressInputSchema>;

const COUPON_TYPES = ['per_item_discount', 'percentage_discount', 'per_total_discount', 'shipping_discount', 'free_shipping'] as const;

/** Gateways from the spec's Transaction.gateway enum that the sandbox knows how to label. */
const GATEWAYS: Record<string, { display: string; method: Transaction['method']; offline: boolean }> = {
  testgateway: { display: 'Test Payment Gateway', method: 'credit_card', offline: false },
  stripe: { display: 'Credit Card', method: 'credit_card', offline: false },
  braintree: { display: 'Credit Card', method: 'credit_card', offline: false },
  authorizenet: { display: 'Credit Card', method: 'credit_card', offline: false },
  square: { display: 'Credit Card', method: 'credit_card', offline: false },
  paypalexpress: { display: 'PayPal', method: 'credit_card', offline: false },
  cod: { display: 'Cash on Delivery', method: 'offline', offline: true },
  cheque: { display: 'Check', method: 'offline', offline: true },
  bankdeposit: { display: 'Bank Deposit', method: 'offline', offline: true },
  moneyorder: { display: 'Money Order', method: 'offline', offline: true },
  instore: { display: 'Pay in Store', method: 'offline', offline: true },
  custom: { display: 'Manual', method: 'custom', offline: true },
};

export const testOrderInputSchema = z
  .strictObject({
    customer_id: z.number().int().positive().optional(),
    billing_address: addressInputSchema.optional(),
    shipping_address: addressInputSchema.optional(),
    lines: z
      .array(
        z.strictObject({
          product_id: z.number().int().positive().optional(),
          variant_id: z.number().int().positive().optional(),
          name: z.string().min(1).optional(),
          sku: z.string().optional(),
          quantity: z.number().int().positive(),
          /** Unit price override in the order currency, entered as the order's tax mode says. */
          price: money.optional(),
          tax_rate: money.optional(),
          wrapping: z.strictObject({ name: z.string().optional(), message: z.string().optional(), cost: money }).optional(),
        }),
      )
      .min(1),
    coupon: z
      .strictObject({ code: z.string().min(1), name: z.string().optional(), type: z.enum(COUPON_TYPES), amount: money.optional() })
      .optional(),
    shipping: z.strictObject({ cost: money, method: z.string().optional(), tax_rate: money.optional() }).optional(),
    /** An automatic promotion (no code): money off the order after the coupon. */
    promotion: z.strictObject({ name: z.string().min(1), amount: money }).optional(),
    handling: z.strictObject({ cost: money, tax_rate: money.optional() }).optional(),
    fees: z.array(z.strictObject({ name: z.string().min(1), cost: money })).optional(),
    tax: z
      .strictObject({
        rate: money.optional(),
        inclusive: z.boolean().optional(),
        shipping_rate: money.optional(),
        handling_rate: money.optional(),
        wrapping_rate: money.optional(),
        name: z.string().optional(),
      })
      .optional(),
    currency: z.strictObject({ code: z.string().regex(/^[A-Z]{3}$/), exchange_rate: money }).optional(),
    status_id: z.number().int().min(0).max(14).optional(),
    payment: z.strictObject({ gateway: z.string().optional(), method: z.string().optional() }).optional(),
    /** Part of the total paid at checkout with a gift certificate and/or store credit; the gateway takes the rest. */
    redeemed: z.strictObject({ gift_certificate: money.optional(), store_credit: money.optional() }).optional(),
    date_created: z.string().optional(),
    channel_id: z.number().int().positive().optional(),
    order_source: z.string().optional(),
    external_source: z.string().nullable().optional(),
    customer_message: z.string().optional(),
    staff_notes: z.string().optional(),
    /** Skip decrementing catalog inventory (bulk benchmarks). */
    skip_inventory: z.boolean().optional(),
  })
  .superRefine((input, issues) => {
    if (!input.customer_id && !input.billing_address?.email) {
      issues.addIssue({ code: 'custom', message: 'a guest order needs billing_address.email (or give customer_id)', path: ['billing_address'] });
    }
    for (const [i, line] of input.lines.entries()) {
      if (!line.product_id && (!line.name || line.price === undefined)) {
        issues.addIssue({ code: 'custom', message: 'a custom line needs name and price', path: ['lines', i] });
      }
    }
  });
export type TestOrderInput = z.infer<typeof testOrderInputSchema>;

/** Parses input with a zod schema, turning failures into a 400 with every problem listed. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const details = result.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
    throw new SandboxInputError(`invalid input: ${details}`, 400);
  }
  return result.data;
}

function units(value: string | number, what: string, maxDecimals = 2): Units {
  try {
    const parsed = parseUnits(value, maxDecimals);
    if (parsed < 0) throw new MoneyFormatError('negative');
    return parsed;
  } catch (error) {
    throw new SandboxInputError(`${what}: ${(error as Error).message}`, 400);
  }
}

function rate(value: string | number | undefined, fallback: RateUnits, what: string): RateUnits {
  if (value === undefined) return fallback;
  try {
    const parsed = parseRate(value);
    if (parsed < 0 || parsed > 100 * 10_000) throw new MoneyFormatError('out of range');
    return parsed;
  } catch (error) {
    throw new SandboxInputError(`${what}: ${(error as Error).message}`, 400);
  }
}

const CURRENCY_IDS = ['USD', 'EUR', 'GBP', 'CAD', 'AUD', 'NZD', 'JPY', 'CHF', 'SEK', 'MXN'];
export function currencyId(store: Store, code: string): number {
  if (code === store.currency) return 1;
  const index = CURRENCY_IDS.filter((c) => c !== store.currency).indexOf(code);
  return index >= 0 ? index + 2 : 99;
}

function toOrderAddress(input: AddressInput | undefined, fallback: OrderAddress): OrderAddress {
  return {
    firstName: input?.first_name ?? fallback.firstName,
    lastName: input?.last_name ?? fallback.lastName,
    company: input?.company ?? fallback.company,
    street1: input?.street_1 ?? fallback.street1,
    street2: input?.street_2 ?? fallback.street2,
    city: input?.city ?? fallback.city,
    state: input?.state ?? fallback.state,
    zip: input?.zip ?? fallback.zip,
    country: input?.country ?? fallback.country,
    countryIso2: input?.country_iso2 ?? fallback.countryIso2,
    phone: input?.phone ?? fallback.phone,
    email: input?.email ?? fallback.email,
  };
}

interface ResolvedLine {
  product?: Product;
  variant?: Variant;
  priced: PricedLine;
  name: string;
  sku: string;
  type: 'physical' | 'digital';
  costPrice: Units;
  weight: number;
  options: OrderLine['options'];
  wrapping?: { name: string; message: string };
}

/** Everything order-totals needs plus the catalog facts, resolved once so edits can recompute. */
interface ResolvedOrder {
  inclusive: boolean;
  lines: ResolvedLine[];
  coupon?: CouponInput;
  promotion?: PromotionInput;
  shipping: { cost: Units; taxRate: RateUnits; method: string };
  handling: { cost: Units; taxRate: RateUnits };
  fees: { name: string; cost: Units }[];
  taxName: string;
}

function resolveOrder(store: Store, input: TestOrderInput, exchangeRate: string, currencyCode: string): ResolvedOrder {
  const taxRate = rate(input.tax?.rate, store.defaultTaxRate, 'tax.rate');
  const inclusive = input.tax?.inclusive ?? store.isPriceEnteredWithTax;
  const convert = (amount: Units) => (currencyCode === store.currency ? amount : convertCurrency(amount, exchangeRate));
  const wrappingRate = rate(input.tax?.wrapping_rate, taxRate, 'tax.wrapping_rate');

  const lines = input.lines.map((line, index): ResolvedLine => {
    const lineRate = rate(line.tax_rate, taxRate, `lines.${index}.tax_rate`);
    const wrapping = line.wrapping
      ? { cost: units(line.wrapping.cost, `lines.${index}.wrapping.cost`), taxRate: wrappingRate }
      : undefined;
    const wrappingInfo = line.wrapping ? { name: line.wrapping.name ?? 'Gift Wrap', message: line.wrapping.message ?? '' } : undefined;
    if (!line.product_id) {
      return {
        priced: { unitPrice: units(line.price ?? 0, `lines.${index}.price`), quantity: line.quantity, taxRate: lineRate, ...(wrapping ? { wrapping } : {}) },
        name: line.name ?? 'Custom item',
        sku: line.sku ?? '',
        type: 'physical',
        costPrice: 0,
        weight: 0,
        options: [],
        ...(wrappingInfo ? { wrapping: wrappingInfo } : {}),
      };
    }
    const product = store.products.get(line.product_id);
    if (!product) throw new SandboxInputError(`lines.${index}: product ${line.product_id} not found`, 422);
    let variant: Variant | undefined;
    if (line.variant_id) {
      variant = product.variants.find((v) => v.id === line.variant_id);
      if (!variant) throw new SandboxInputError(`lines.${index}: variant ${line.variant_id} is not a variant of product ${product.id}`, 422);
    } else if (product.options.length === 0) {
      variant = product.variants[0];
    } else {
      throw new SandboxInputError(`lines.${index}: product ${product.id} has options; give variant_id`, 422);
    }
    const catalogPrice = variant?.price ?? product.price;
    const options: OrderLine['options'] = (variant?.optionValueIds ?? []).map((valueId) => {
      const option = product.options.find((o) => o.values.some((v) => v.id === valueId));
      const value = option?.values.find((v) => v.id === valueId);
      return { id: 0, optionId: option?.id ?? 0, productOptionId: option?.id ?? 0, name: option?.displayName ?? '', value: value?.label ?? '' };
    });
    return {
      product,
      ...(variant ? { variant } : {}),
      priced: {
        unitPrice: line.price !== undefined ? units(line.price, `lines.${index}.price`) : convert(catalogPrice),
        quantity: line.quantity,
        taxRate: lineRate,
        ...(wrapping ? { wrapping } : {}),
      },
      name: line.name ?? product.name,
      sku: line.sku ?? variant?.sku ?? product.sku,
      type: product.type,
      costPrice: convert(variant?.costPrice ?? product.costPrice),
      weight: product.weight,
      options,
      ...(wrappingInfo ? { wrapping: wrappingInfo } : {}),
    };
  });

  let coupon: CouponInput | undefined;
  if (input.coupon) {
    const c = input.coupon;
    if (c.type !== 'free_shipping' && c.amount === undefined) throw new SandboxInputError('coupon.amount is required', 400);
    const amount =
      c.type === 'percentage_discount' ? rate(c.amount, 0, 'coupon.amount') : c.type === 'free_shipping' ? 0 : units(c.amount ?? 0, 'coupon.amount');
    coupon = { code: c.code, name: c.name ?? c.code, type: c.type, amount };
  }
  return {
    inclusive,
    lines,
    ...(coupon ? { coupon } : {}),
    ...(input.promotion ? { promotion: { name: input.promotion.name, amount: units(input.promotion.amount, 'promotion.amount') } } : {}),
    shipping: {
      cost: input.shipping ? units(input.shipping.cost, 'shipping.cost') : 0,
      taxRate: rate(input.shipping?.tax_rate ?? input.tax?.shipping_rate, taxRate, 'shipping.tax_rate'),
      method: input.shipping?.method ?? 'Flat Rate',
    },
    handling: {
      cost: input.handling ? units(input.handling.cost, 'handling.cost') : 0,
      taxRate: rate(input.handling?.tax_rate ?? input.tax?.handling_rate, taxRate, 'handling.tax_rate'),
    },
    fees: (input.fees ?? []).map((f, i) => ({ name: f.name, cost: units(f.cost, `fees.${i}.cost`) })),
    taxName: input.tax?.name ?? 'Tax',
  };
}

function totalsFor(resolved: ResolvedOrder): OrderTotals {
  return computeOrderTotals({
    inclusive: resolved.inclusive,
    lines: resolved.lines.map((l) => l.priced),
    ...(resolved.coupon ? { coupon: resolved.coupon } : {}),
    ...(resolved.promotion ? { promotion: resolved.promotion } : {}),
    shipping: resolved.shipping,
    handling: resolved.handling,
    fees: resolved.fees.map((f) => f.cost),
  });
}

/** Writes computed totals onto the order; line/address/fee ids are kept when they already exist. */
function applyTotals(store: Store, order: Order, resolved: ResolvedOrder, totals: OrderTotals, shipTo: OrderAddress | null): void {
  const previousLines = order.lines;
  order.lines = resolved.lines.map((line, i): OrderLine => {
    const t = totals.lines[i]!;
    const previous = previousLines[i];
    const id = previous?.id ?? ++store.ids.orderProduct;
    return {
      id,
      productId: line.product?.id ?? 0,
      ...(line.variant && line.product ? { variantId: line.variant.id } : {}),
      name: line.name,
      sku: line.sku,
      type: line.type,
      quantity: line.priced.quantity,
      quantityShipped: previous?.quantityShipped ?? 0,
      quantityRefunded: previous?.quantityRefunded ?? 0,
      basePrice: line.priced.unitPrice,
      priceExTax: t.priceExTax,
      priceIncTax: t.priceIncTax,
      totalExTax: t.totalExTax,
      totalIncTax: t.totalIncTax,
      totalTax: t.totalTax,
      discountedTotalIncTax: t.discountedTotalIncTax,
      discount: t.discount,
      appliedDiscounts: t.appliedDiscounts,
      taxRate: line.priced.taxRate,
      costPrice: line.costPrice,
      weight: line.weight,
      options: line.options.map((o, n) => ({ ...o, id: id * 10 + n + 1 })),
      ...(t.wrapping && line.wrapping
        ? {
            wrapping: {
              id: 1,
              name: line.wrapping.name,
              message: line.wrapping.message,
              base: t.wrapping.base,
              exTax: t.wrapping.exTax,
              incTax: t.wrapping.incTax,
              tax: t.wrapping.tax,
              rate: t.wrapping.rate,
            },
          }
        : {}),
    };
  });

  if (shipTo) {
    const previous = order.shippingAddresses[0];
    const address: OrderShippingAddress = {
      id: previous?.id ?? ++store.ids.orderAddress,
      address: shipTo,
      method: resolved.shipping.method,
      shipping: totals.shipping,
      handling: totals.handling,
    };
    order.shippingAddresses = [address];
  } else {
    order.shippingAddresses = [];
  }

  const previousFees = order.fees;
  order.fees = resolved.fees.map((fee, i) => ({
    id: previousFees[i]?.id ?? ++store.ids.fee,
    name: fee.name,
    base: fee.cost,
    exTax: fee.cost,
    incTax: fee.cost,
    tax: 0,
    rate: 0,
  }));

  const previousCoupon = order.coupons[0];
  order.coupons = resolved.coupon
    ? [
        {
          id: previousCoupon?.id ?? ++store.ids.coupon,
          couponId: previousCoupon?.couponId ?? store.ids.coupon,
          code: resolved.coupon.code,
          name: resolved.coupon.name,
          type: resolved.coupon.type,
          amount: resolved.coupon.amount,
          discount: totals.couponDiscount + totals.shippingDiscount,
        },
      ]
    : [];

  // Detailed tax rows: one per taxed line, wrapping, shipping and handling charge.
  const addressId = order.shippingAddresses[0]?.id ?? 0;
  const taxes: Order['taxes'] = [];
  const addTax = (amount: Units, taxRate: RateUnits, type: Order['taxes'][number]['lineItemType'], orderProductId: number | null) => {
    if (taxRate === 0 && amount === 0) return;
    const taxClass = type === 'item' ? 'Default Tax Class' : type === 'gift-wrapping' ? 'Gift Wrapping' : 'Shipping';
    taxes.push({ id: ++store.ids.tax, orderAddressId: addressId, name: resolved.taxName, taxClass, rate: taxRate, amount, orderProductId, lineItemType: type });
  };
  for (const line of order.lines) {
    addTax(line.totalTax, line.taxRate, 'item', line.id);
    if (line.wrapping) addTax(line.wrapping.tax, line.wrapping.rate, 'gift-wrapping', line.id);
  }
  if (order.shippingAddresses.length) {
    if (totals.shipping.base > 0) addTax(totals.shipping.tax, totals.shipping.rate, 'shipping', null);
    if (totals.handling.base > 0) addTax(totals.handling.tax, totals.handling.rate, 'handling', null);
  }
  order.taxes = taxes;

  order.isTaxInclusive = resolved.inclusive;
  order.subtotalExTax = totals.subtotalExTax;
  order.subtotalIncTax = totals.subtotalIncTax;
  order.subtotalTax = totals.subtotalTax;
  order.couponDiscount = totals.couponDiscount;
  order.discountAmount = totals.discountAmount;
  order.totalExTax = totals.totalExTax;
  order.totalIncTax = totals.totalIncTax;
  order.totalTax = totals.totalTax;
}

function addTransaction(store: Store, order: Order, event: TransactionEvent, amount: Units, now: number, status: Transaction['status'] = 'ok', reference?: number): Transaction {
  const gateway = GATEWAYS[order.gateway] ?? GATEWAYS.testgateway!;
  const tx: Transaction = {
    id: ++store.ids.transaction,
    orderId: order.id,
    event,
    method: gateway.method,
    amount,
    currency: order.currency.code,
    gateway: order.gateway,
    gatewayTransactionId: gateway.offline ? '' : `gw_${randomUUID().replace(/-/g, '').slice(0, 16)}`,
    status,
    ...(reference !== undefined ? { referenceTransactionId: reference } : {}),
    dateCreated: now,
    ...(gateway.method === 'offline' ? { offlineName: gateway.display } : {}),
    ...(gateway.method === 'custom' ? { customPaymentMethod: order.paymentMethod } : {}),
  };
  return pushTransaction(store, tx);
}

function pushTransaction(store: Store, tx: Transaction): Transaction {
  const list = store.transactions.get(tx.orderId);
  if (list) list.push(tx);
  else store.transactions.set(tx.orderId, [tx]);
  return tx;
}

/** What the payment gateway is asked for: the order total less gift certificates and store credit redeemed. */
function gatewayDue(order: Order): Units {
  return order.totalIncTax - order.giftCertificateAmount - order.storeCreditAmount;
}

/**
 * Gift certificates and store credit applied at checkout: BigCommerce records them on the order
 * (gift_certificate_amount, store_credit_amount) and as transactions of their own; the gateway takes the rest.
 */
function applyRedemptions(store: Store, order: Order, redeemed: TestOrderInput['redeemed'], now: number): void {
  if (!redeemed) return;
  const giftCertificate = redeemed.gift_certificate === undefined ? 0 : units(redeemed.gift_certificate, 'redeemed.gift_certificate');
  const storeCredit = redeemed.store_credit === undefined ? 0 : units(redeemed.store_credit, 'redeemed.store_credit');
  if (storeCredit > 0 && order.customerId === 0) throw new SandboxInputError('a guest has no store credit to redeem', 422);
  if (giftCertificate + storeCredit > order.totalIncTax) throw new SandboxInputError('redeemed amounts exceed the order total', 422);
  order.giftCertificateAmount = giftCertificate;
  order.storeCreditAmount = storeCredit;
  const redemptions = [
    { amount: giftCertificate, method: 'gift_certificate', gateway: 'giftcertificate' },
    { amount: storeCredit, method: 'store_credit', gateway: 'storecredit' },
  ] as const;
  for (const redemption of redemptions) {
    if (redemption.amount === 0) continue;
    pushTransaction(store, {
      id: ++store.ids.transaction,
      orderId: order.id,
      event: 'purchase',
      method: redemption.method,
      amount: redemption.amount,
      currency: order.currency.code,
      gateway: redemption.gateway,
      gatewayTransactionId: '',
      status: 'ok',
      dateCreated: now,
    });
  }
}

/**
 * Reserves (sign −1) or returns (sign +1) the order's stock, at most once each way, and fires the
 * inventory webhooks BigCommerce fires for order-driven ("relative") changes.
 */
function adjustInventory(ctx: ModelContext, store: Store, order: Order, sign: 1 | -1): void {
  if (sign === -1 && (order.stockReserved || (order.source as TestOrderInput).skip_inventory)) return;
  if (sign === 1 && !order.stockReserved) return;
  order.stockReserved = sign === -1;
  for (const line of order.lines) {
    const product = store.products.get(line.productId);
    if (!product || product.inventoryTracking === 'none') continue;
    const delta = sign * line.quantity;
    product.totalSold -= delta;
    if (product.inventoryTracking === 'product') {
      product.inventoryLevel = Math.max(0, product.inventoryLevel + delta);
      ctx.emit(store.hash, 'store/product/inventory/order/updated', { type: 'product', id: product.id, inventory: { product_id: product.id, method: 'relative', value: delta } });
    } else {
      const variant = product.variants.find((v) => v.id === line.variantId);
      if (!variant) continue;
      variant.inventoryLevel = Math.max(0, variant.inventoryLevel + delta);
      product.inventoryLevel = product.variants.reduce((sum, v) => sum + v.inventoryLevel, 0);
      ctx.emit(store.hash, 'store/sku/inventory/order/updated', {
        type: 'sku',
        id: variant.skuId,
        inventory: { product_id: product.id, method: 'relative', value: delta, variant_id: variant.id },
      });
    }
  }
}

function setStatus(ctx: ModelContext, store: Store, order: Order, statusId: number): void {
  if (order.statusId === statusId) return;
  const previous = order.statusId;
  order.statusId = statusId;
  ctx.emit(store.hash, 'store/order/statusUpdated', { type: 'order', id: order.id, status: { previous_status_id: previous, new_status_id: statusId } });
}

function touched(ctx: ModelContext, store: Store, order: Order): void {
  order.dateModified = ctx.now();
  ctx.emit(store.hash, 'store/order/updated', { type: 'order', id: order.id });
}

export function requireOrder(store: Store, orderId: number): Order {
  const order = store.orders.get(orderId);
  if (!order) throw new SandboxInputError(`order ${orderId} not found`, 404);
  return order;
}

export function createOrder(ctx: ModelContext, storeHash: string, rawInput: unknown): Order {
  const store = requireStore(ctx.state, storeHash);
  const input = parseInput(testOrderInputSchema, rawInput);
  const now = ctx.now();

  const currencyCode = input.currency?.code ?? store.currency;
  let exchangeRate = '1';
  if (input.currency && input.currency.code !== store.currency) {
    exchangeRate = String(input.currency.exchange_rate);
    if (!/^\d+(\.\d{1,10})?$/.test(exchangeRate) || Number(exchangeRate) <= 0) {
      throw new SandboxInputError('currency.exchange_rate must be a positive decimal with at most 10 decimals', 400);
    }
  }

  let billingFallback = emptyAddress();
  let customerId = 0;
  if (input.customer_id) {
    const customer = store.customers.get(input.customer_id);
    if (!customer) throw new SandboxInputError(`customer ${input.customer_id} not found`, 422);
    customerId = customer.id;
    const a = customer.addresses[0];
    billingFallback = {
      firstName: customer.firstName,
      lastName: customer.lastName,
      company: customer.company,
      street1: a?.address1 ?? '',
      street2: a?.address2 ?? '',
      city: a?.city ?? '',
      state: a?.stateOrProvince ?? '',
      zip: a?.postalCode ?? '',
      country: a?.country ?? '',
      countryIso2: a?.countryCode ?? '',
      phone: customer.phone,
      email: customer.email,
    };
  }
  const billing = toOrderAddress(input.billing_address, billingFallback);

  const resolved = resolveOrder(store, input, exchangeRate, currencyCode);
  const needsShipping = resolved.lines.some((l) => l.type === 'physical');
  if (!needsShipping && (resolved.shipping.cost > 0 || resolved.handling.cost > 0)) {
    throw new SandboxInputError('shipping/handling on an order with only digital items', 422);
  }
  const totals = totalsFor(resolved);

  const gatewayId = input.payment?.gateway ?? 'testgateway';
  const gateway = GATEWAYS[gatewayId];
  if (!gateway) throw new SandboxInputError(`payment.gateway must be one of ${Object.keys(GATEWAYS).join(', ')}`, 400);

  let dateCreated = now;
  if (input.date_created) {
    dateCreated = Date.parse(input.date_created);
    if (Number.isNaN(dateCreated)) throw new SandboxInputError('date_created is not a date', 400);
  }
  const statusId = input.status_id ?? 11;
  const order: Order = {
    id: ++store.ids.order,
    customerId,
    dateCreated,
    dateModified: dateCreated,
    statusId,
    paymentStatus: '',
    paymentMethod: input.payment?.method ?? gateway.display,
    gateway: gatewayId,
    isTaxInclusive: resolved.inclusive,
    currency: { code: currencyCode, id: currencyId(store, currencyCode), exchangeRate },
    storeCurrency: store.currency,
    billingAddress: billing,
    lines: [],
    shippingAddresses: [],
    coupons: [],
    fees: [],
    taxes: [],
    subtotalExTax: 0,
    subtotalIncTax: 0,
    subtotalTax: 0,
    couponDiscount: 0,
    discountAmount: 0,
    totalExTax: 0,
    totalIncTax: 0,
    totalTax: 0,
    storeCreditAmount: 0,
    giftCertificateAmount: 0,
    channelId: input.channel_id ?? 1,
    orderSource: input.order_source ?? 'www',
    externalSource: input.external_source ?? null,
    customerMessage: input.customer_message ?? '',
    staffNotes: input.staff_notes ?? '',
    ipAddress: '127.0.0.1',
    cartId: randomUUID(),
    isDeleted: false,
    refundedByItem: {},
    refundedTotal: 0,
    stockReserved: false,
    source: input,
  };
  applyTotals(store, order, resolved, totals, needsShipping ? toOrderAddress(input.shipping_address, billing) : null);
  applyRedemptions(store, order, input.redeemed, dateCreated);

  if (PAID_STATUS_IDS.has(statusId)) {
    addTransaction(store, order, 'purchase', gatewayDue(order), dateCreated);
    order.paymentStatus = 'captured';
  } else if (AWAITING_PAYMENT_STATUS_IDS.has(statusId)) {
    addTransaction(store, order, gateway.offline ? 'pending' : 'authorization', gatewayDue(order), dateCreated);
    order.paymentStatus = gateway.offline ? 'pending' : 'authorized';
  } else if (statusId === 6) {
    addTransaction(store, order, 'authorization', gatewayDue(order), dateCreated, 'error');
    order.paymentStatus = 'declined';
  }

  store.orders.set(order.id, order);
  if (statusId !== 0) adjustInventory(ctx, store, order, -1);
  // BigCommerce fires created for every order, incomplete (status 0) ones included.
  ctx.emit(store.hash, 'store/order/created', { type: 'order', id: order.id });
  return order;
}

export const editOrderInputSchema = z.strictObject({
  status_id: z.number().int().min(0).max(14).optional(),
  billing_address: addressInputSchema.optional(),
  shipping_address: addressInputSchema.optional(),
  lines: z.array(z.strictObject({ id: z.number().int(), quantity: z.number().int().min(0) })).optional(),
  staff_notes: z.string().optional(),
  customer_message: z.string().optional(),
  is_deleted: z.boolean().optional(),
});

export function editOrder(ctx: ModelContext, storeHash: string, orderId: number, rawInput: unknown): Order {
  const store = requireStore(ctx.state, storeHash);
  const order = requireOrder(store, orderId);
  const input = parseInput(editOrderInputSchema, rawInput);

  if (input.lines?.length) {
    if (order.refundedTotal > 0) throw new SandboxInputError('cannot change quantities of an order with refunds', 422);
    const source = structuredClone(order.source) as TestOrderInput;
    const keep: number[] = [];
    order.lines.forEach((line, index) => {
      const change = input.lines?.find((c) => c.id === line.id);
      const quantity = change ? change.quantity : line.quantity;
      const sourceLine = source.lines[index];
      if (sourceLine) sourceLine.quantity = quantity;
      if (quantity > 0) keep.push(index);
    });
    for (const change of input.lines) {
      if (!order.lines.some((l) => l.id === change.id)) throw new SandboxInputError(`order product ${change.id} not found`, 422);
    }
    if (keep.length === 0) throw new SandboxInputError('an order needs at least one line', 422);
    source.lines = keep.map((i) => source.lines[i]!);
    const keptLines = keep.map((i) => order.lines[i]!);
    const resolved = resolveOrder(store, source, order.currency.exchangeRate, order.currency.code);
    const reserved = order.stockReserved;
    if (reserved) adjustInventory(ctx, store, order, 1);
    order.lines = keptLines;
    applyTotals(store, order, resolved, totalsFor(resolved), order.shippingAddresses[0]?.address ?? null);
    order.source = source;
    if (reserved) adjustInventory(ctx, store, order, -1);
    // Amount changed: authorisations follow the new total (captured money is reconciled by refunds).
    for (const tx of store.transactions.get(order.id) ?? []) {
      if (tx.event === 'authorization' || tx.event === 'pending') tx.amount = order.totalIncTax;
    }
  }
  if (input.billing_address) order.billingAddress = toOrderAddress(input.billing_address, order.billingAddress);
  if (input.shipping_address) {
    const first = order.shippingAddresses[0];
    if (!first) throw new SandboxInputError('order has no shipping address', 422);
    first.address = toOrderAddress(input.shipping_address, first.address);
  }
  if (input.staff_notes !== undefined) order.staffNotes = input.staff_notes;
  if (input.customer_message !== undefined) order.customerMessage = input.customer_message;
  if (input.status_id !== undefined) setStatus(ctx, store, order, input.status_id);
  touched(ctx, store, order);
  if (input.is_deleted === true && !order.isDeleted) archiveOrder(ctx, storeHash, orderId);
  if (input.is_deleted === false) order.isDeleted = false;
  return order;
}

export function archiveOrder(ctx: ModelContext, storeHash: string, orderId: number): Order {
  const store = requireStore(ctx.state, storeHash);
  const order = requireOrder(store, orderId);
  order.isDeleted = true;
  order.dateModified = ctx.now();
  ctx.emit(store.hash, 'store/order/archived', { type: 'order', id: order.id });
  return order;
}

/** Captures the payment (or records an offline payment) and moves unpaid orders to Awaiting Fulfillment. */
export function payOrder(ctx: ModelContext, storeHash: string, orderId: number): Order {
  const store = requireStore(ctx.state, storeHash);
  const order = requireOrder(store, orderId);
  if (order.paymentStatus === 'captured' || order.paymentStatus === 'paid') throw new SandboxInputError(`order ${orderId} is already paid`, 422);
  if ([4, 5, 14].includes(order.statusId)) throw new SandboxInputError(`order ${orderId} is refunded or cancelled`, 422);
  const now = ctx.now();
  const authorization = (store.transactions.get(order.id) ?? []).find((t) => (t.event === 'authorization' || t.event === 'pending') && t.status === 'ok');
  if (authorization) addTransaction(store, order, 'capture', gatewayDue(order), now, 'ok', authorization.id);
  else addTransaction(store, order, 'purchase', gatewayDue(order), now);
  order.paymentStatus = 'captured';
  adjustInventory(ctx, store, order, -1);
  if (!PAID_STATUS_IDS.has(order.statusId)) setStatus(ctx, store, order, 11);
  touched(ctx, store, order);
  return order;
}

export function cancelOrder(ctx: ModelContext, storeHash: string, orderId: number): Order {
  const store = requireStore(ctx.state, storeHash);
  const order = requireOrder(store, orderId);
  if (order.statusId === 5) throw new SandboxInputError(`order ${orderId} is already cancelled`, 422);
  if (order.paymentStatus === 'authorized' || order.paymentStatus === 'pending') {
    const authorization = (store.transactions.get(order.id) ?? []).find((t) => t.event === 'authorization' || t.event === 'pending');
    addTransaction(store, order, 'void', gatewayDue(order), ctx.now(), 'ok', authorization?.id);
    order.paymentStatus = 'void';
  }
  // Cancelling restocks (BigCommerce's default inventory settings).
  adjustInventory(ctx, store, order, 1);
  setStatus(ctx, store, order, 5);
  touched(ctx, store, order);
  return order;
}

export const shipmentInputSchema = z.strictObject({
  items: z.array(z.strictObject({ order_product_id: z.number().int(), quantity: z.number().int().positive() })).optional(),
  tracking_number: z.string().optional(),
  shipping_provider: z.string().optional(),
  shipping_method: z.string().optional(),
});

export function shipOrder(ctx: ModelContext, storeHash: string, orderId: number, rawInput: unknown): Shipment {
  const store = requireStore(ctx.state, storeHash);
  const order = requireOrder(store, orderId);
  const input = parseInput(shipmentInputSchema, rawInput ?? {});
  const address = order.shippingAddresses[0];
  if (!address) throw new SandboxInputError('order has nothing to ship', 422);
  const items =
    input.items ??
    order.lines.filter((l) => l.type === 'physical' && l.quantity > l.quantityShipped).map((l) => ({ order_product_id: l.id, quantity: l.quantity - l.quantityShipped }));
  if (items.length === 0) throw new SandboxInputError('everything is already shipped', 422);
  for (const item of items) {
    const line = order.lines.find((l) => l.id === item.order_product_id);
    if (!line) throw new SandboxInputError(`order product ${item.order_product_id} not found`, 422);
    if (item.quantity > line.quantity - line.quantityShipped) throw new SandboxInputError(`order product ${line.id}: only ${line.quantity - line.quantityShipped} left to ship`, 422);
  }
  const now = ctx.now();
  const shipment: Shipment = {
    id: ++store.ids.shipment,
    orderId: order.id,
    orderAddressId: address.id,
    dateCreated: now,
    trackingNumber: input.tracking_number ?? `1Z${String(order.id).padStart(10, '0')}`,
    shippingProvider: input.shipping_provider ?? 'ups',
    shippingMethod: input.shipping_method ?? address.method,
    items: items.map((item) => {
      const line = order.lines.find((l) => l.id === item.order_product_id)!;
      line.quantityShipped += item.quantity;
      return { orderProductId: line.id, productId: line.productId, quantity: item.quantity };
    }),
  };
  const list = store.shipments.get(order.id);
  if (list) list.push(shipment);
  else store.shipments.set(order.id, [shipment]);
  const allShipped = order.lines.every((l) => l.type !== 'physical' || l.quantityShipped >= l.quantity);
  if (allShipped) order.dateShipped = now;
  ctx.emit(store.hash, 'store/shipment/created', { type: 'shipment', id: shipment.id, orderId: order.id });
  setStatus(ctx, store, order, allShipped ? 2 : 3);
  touched(ctx, store, order);
  return shipment;
}

export const refundInputSchema = z.strictObject({
  items: z
    .array(
      z.strictObject({
        item_type: z.enum(['PRODUCT', 'GIFT_WRAPPING', 'SHIPPING', 'HANDLING', 'ORDER', 'FEE']),
        item_id: z.number().int(),
        quantity: z.number().int().positive().optional(),
        amount: money.optional(),
        reason: z.string().optional(),
      }),
    )
    .optional(),
  reason: z.string().optional(),
  /** Refund payment provider; defaults to the order's gateway. `storecredit` is refused for guests. */
  provider_id: z.string().optional(),
  user_id: z.number().int().optional(),
});

/** Remaining refundable (amount, tax) for an item, and how to split a requested amount into tax. */
function refundable(order: Order, type: RefundItemType, id: number): { amount: Units; tax: Units } {
  const key = `${type}:${id}`;
  const refundedAmount = order.refundedByItem[key] ?? 0;
  const refundedTax = order.refundedByItem[`${key}:tax`] ?? 0;
  let amount = 0;
  let tax = 0;
  switch (type) {
    case 'PRODUCT': {
      const line = order.lines.find((l) => l.id === id);
      if (!line) throw new SandboxInputError(`PRODUCT item ${id} is not an order product of order ${order.id}`, 422);
      amount = line.discountedTotalIncTax;
      tax = line.totalTax;
      break;
    }
    case 'GIFT_WRAPPING': {
      const line = order.lines.find((l) => l.id === id);
      if (!line?.wrapping) throw new SandboxInputError(`GIFT_WRAPPING item ${id} has no wrapping`, 422);
      amount = line.wrapping.incTax;
      tax = line.wrapping.tax;
      break;
    }
    case 'SHIPPING':
    case 'HANDLING': {
      const address = order.shippingAddresses.find((a) => a.id === id);
      if (!address) throw new SandboxInputError(`${type} item ${id} is not an order address of order ${order.id}`, 422);
      const c = type === 'SHIPPING' ? address.shipping : address.handling;
      amount = c.incTax;
      tax = c.tax;
      break;
    }
    case 'FEE': {
      const fee = order.fees.find((f) => f.id === id);
      if (!fee) throw new SandboxInputError(`FEE item ${id} is not a fee of order ${order.id}`, 422);
      amount = fee.incTax;
      tax = fee.tax;
      break;
    }
    case 'ORDER':
      // A tax-exempt custom amount, capped by whatever is left on the whole order.
      if (id !== order.id) throw new SandboxInputError(`ORDER item_id must be the order id ${order.id}`, 422);
      return { amount: order.totalIncTax - order.refundedTotal, tax: 0 };
  }
  return { amount: amount - refundedAmount, tax: tax - refundedTax };
}

export function refundOrder(ctx: ModelContext, storeHash: string, orderId: number, rawInput: unknown): Refund {
  const store = requireStore(ctx.state, storeHash);
  const order = requireOrder(store, orderId);
  const input = parseInput(refundInputSchema, rawInput ?? {});
  if (!['captured', 'paid', 'partially refunded'].includes(order.paymentStatus)) {
    throw new SandboxInputError(`order ${orderId} has no captured payment to refund`, 422);
  }
  const providerId = input.provider_id ?? order.gateway;
  if (providerId === 'storecredit' && order.customerId === 0) throw new SandboxInputError('Unable to provide store credit for a guest customer.', 422);

  // No items = refund everything that is left: item by item, unless earlier tax-exempt ORDER amounts
  // make per-item remainders meaningless, in which case the rest goes back as one ORDER amount.
  const orderLevelRefunded = (order.refundedByItem[`ORDER:${order.id}`] ?? 0) > 0;
  const requested =
    input.items ??
    (orderLevelRefunded ? [{ item_type: 'ORDER' as const, item_id: order.id, amount: formatDecimals(order.totalIncTax - order.refundedTotal, 2) }] : undefined) ??
    [
      ...order.lines.filter((l) => l.quantity > l.quantityRefunded).map((l) => ({ item_type: 'PRODUCT' as const, item_id: l.id, quantity: l.quantity - l.quantityRefunded })),
      ...order.lines.filter((l) => l.wrapping).map((l) => ({ item_type: 'GIFT_WRAPPING' as const, item_id: l.id })),
      ...order.shippingAddresses.flatMap((a) => [
        { item_type: 'SHIPPING' as const, item_id: a.id },
        { item_type: 'HANDLING' as const, item_id: a.id },
      ]),
      ...order.fees.map((f) => ({ item_type: 'FEE' as const, item_id: f.id })),
    ].filter((item) => refundable(order, item.item_type, item.item_id).amount > 0);

  const items: RefundItem[] = requested.map((item, index): RefundItem => {
    const left = refundable(order, item.item_type, item.item_id);
    const reason = ('reason' in item ? item.reason : undefined) ?? '';
    if (item.item_type === 'PRODUCT') {
      const line = order.lines.find((l) => l.id === item.item_id)!;
      const remainingQty = line.quantity - line.quantityRefunded;
      const quantity = item.quantity ?? remainingQty;
      if (quantity > remainingQty) throw new SandboxInputError(`items.${index}: only ${remainingQty} of order product ${line.id} left to refund`, 422);
      // The last units take whatever is left so rounding never strands a cent.
      const isRest = quantity === remainingQty;
      const amount = isRest ? left.amount : roundToCents(mulDiv(line.discountedTotalIncTax, quantity, line.quantity));
      const tax = isRest ? left.tax : roundToCents(mulDiv(line.totalTax, quantity, line.quantity));
      return { itemType: 'PRODUCT', itemId: line.id, quantity, amount, tax, reason };
    }
    const amount = 'amount' in item && item.amount !== undefined ? units(item.amount, `items.${index}.amount`) : item.item_type === 'ORDER' ? -1 : left.amount;
    if (amount < 0) throw new SandboxInputError(`items.${index}: ORDER refunds need an amount`, 400);
    if (amount > left.amount) throw new SandboxInputError(`items.${index}: ${item.item_type} ${item.item_id} has only ${formatDecimals(left.amount, 2)} left to refund`, 422);
    const tax = amount === left.amount ? left.tax : left.amount === 0 ? 0 : roundToCents(mulDiv(left.tax, amount, left.amount));
    return {
      itemType: item.item_type,
      itemId: item.item_id,
      // GIFT_WRAPPING, like PRODUCT, is refunded in full per item; the amount is irrelevant for it.
      ...(item.item_type === 'GIFT_WRAPPING' ? {} : { requestedAmount: amount }),
      amount,
      tax,
      reason,
    };
  });

  const totalAmount = items.reduce((sum, i) => sum + i.amount, 0);
  const totalTax = items.reduce((sum, i) => sum + i.tax, 0);
  if (totalAmount <= 0) throw new SandboxInputError('nothing to refund', 422);
  if (order.refundedTotal + totalAmount > order.totalIncTax) {
    throw new SandboxInputError(`refund of ${formatDecimals(totalAmount, 2)} exceeds the ${formatDecimals(order.totalIncTax - order.refundedTotal, 2)} left on order ${order.id}`, 422);
  }
  if (totalAmount % CENT !== 0) throw new SandboxInputError('refund amounts must be whole cents', 422);

  const now = ctx.now();
  for (const item of items) {
    const key = `${item.itemType}:${item.itemId}`;
    order.refundedByItem[key] = (order.refundedByItem[key] ?? 0) + item.amount;
    order.refundedByItem[`${key}:tax`] = (order.refundedByItem[`${key}:tax`] ?? 0) + item.tax;
    if (item.itemType === 'PRODUCT') {
      const line = order.lines.find((l) => l.id === item.itemId)!;
      line.quantityRefunded += item.quantity ?? 0;
    }
  }
  order.refundedTotal += totalAmount;
  const tx = addTransaction(store, order, 'refund', totalAmount, now);
  const gateway = GATEWAYS[providerId];
  const refund: Refund = {
    id: ++store.ids.refund,
    orderId: order.id,
    userId: input.user_id ?? 0,
    created: now,
    reason: input.reason ?? '',
    totalAmount,
    totalTax,
    items,
    payments: [
      {
        id: ++store.ids.refundPayment,
        providerId,
        amount: totalAmount,
        offline: providerId === 'storecredit' ? false : (gateway?.offline ?? true),
        transactionId: String(tx.id),
      },
    ],
  };
  store.refunds.set(refund.id, refund);
  const full = order.refundedTotal === order.totalIncTax;
  order.paymentStatus = full ? 'refunded' : 'partially refunded';
  if (full) adjustInventory(ctx, store, order, 1);
  ctx.emit(store.hash, 'store/order/refund/created', { type: 'order', id: order.id, refund: { refund_id: refund.id } });
  setStatus(ctx, store, order, full ? 4 : 14);
  touched(ctx, store, order);
  return refund;
}
