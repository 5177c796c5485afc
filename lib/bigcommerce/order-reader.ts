/**
 * Reads one BigCommerce order as an OrderSnapshot with as few API calls as the sync's needs allow: the store's
 * 150 requests / 30 s are shared with every other app (reference §5, trap 17), so a typical order costs ONE call.
 *
 *   GET /v2/orders/{id}?include=consignments,consignments.line_items,fees&consignment_structure=object
 *
 * returns the order with its fees and its consignments, and the consignments carry every line item in full
 * and every shipping address with its costs: products and shipping addresses come from there. A separate
 * read happens only when the embedded data is missing or does not add up (then /products or
 * /shipping_addresses, so the snapshot is never silently incomplete), or when the caller needs more:
 *   - coupons: only when the order's coupon_discount is not explained by the coded line `applied_discounts`
 *     (or the caller insists), since the lines already say which coupon took how much off which line;
 *   - taxes: only when asked (non-US companies mapping BigCommerce tax rates) and the order has tax;
 *   - transactions: only when asked (a payment reference); otherwise order.payment_provider_id serves;
 *   - refunds: only when asked.
 * Those optional reads run in parallel. The snapshot's `read` says what was read and how many calls it took.
 */
import type { BigCommerceClient, QueryValue } from './bigcommerce-client';
import { BigCommerceNotFoundError, BigCommerceUnavailableError } from './bigcommerce-errors';
import type {
  BcOrder,
  BcOrderConsignments,
  BcOrderCoupon,
  BcOrderFee,
  BcOrderProduct,
  BcOrderShippingAddress,
  BcOrderTax,
  BcRefund,
  BcResourceLink,
  BcShippingConsignment,
  BcTransaction,
  OrderSnapshot,
} from './order-types';

export interface OrderReadNeeds {
  /** v3 refunds of the order (refund sync). */
  refunds: boolean;
  /** v2 tax rows (details=true), read only if the order has tax. */
  taxes: boolean;
  /** v3 transactions (payment reference / gateway for invoices and payments). */
  transactions: boolean;
  /** Read /coupons even when the line discounts explain the coupon discount. Default false. */
  coupons?: boolean;
  /**
   * Default true: products, shipping addresses and fees come embedded in the order (include=consignments…,
   * one request). false: one request each (the benchmark's reference mode).
   */
  embedded?: boolean;
}

/** Page size for v2 collections (BigCommerce's maximum). */
export const V2_MAX_PAGE_SIZE = 250;
/** Page size of listOrderIdsCreatedBetween: a shorter page means the last one. */
export const ORDER_ID_PAGE_SIZE = 250;

const ORDER_QUERY: Record<string, QueryValue> = {
  include: 'consignments,consignments.line_items,fees',
  consignment_structure: 'object',
};

/**
 * The order and what the sync needs of it, or null when the order does not exist or is archived (deleted).
 * Fails with the client's typed BigCommerce errors (auth, rate limit, unavailable …).
 */
export async function readOrderSnapshot(client: BigCommerceClient, orderId: number, needs: OrderReadNeeds): Promise<OrderSnapshot | null> {
  if (!Number.isSafeInteger(orderId) || orderId <= 0) throw new RangeError(`Not a BigCommerce order id: ${orderId}`);
  const reader = new CountingReader(client);
  const base = `/v2/orders/${orderId}`;

  let order: BcOrder | null;
  try {
    order = await reader.get<BcOrder>(base, needs.embedded === false ? {} : ORDER_QUERY);
  } catch (error) {
    if (error instanceof BigCommerceNotFoundError) return null;
    throw error;
  }
  if (order === null) return null;
  if (typeof order !== 'object' || typeof order.id !== 'number') {
    throw new BigCommerceUnavailableError(`GET ${base}: the response is not an order`);
  }
  if (order.is_deleted) return null;

  const consignments = isConsignments(order.consignments) ? order.consignments : undefined;
  const embeddedProducts = consignments ? productsFrom(consignments) : undefined;
  const productsComplete = embeddedProducts !== undefined && quantityOf(embeddedProducts) === order.items_total;
  const embeddedFees = Array.isArray(order.fees) ? order.fees : undefined;
  const hasTax = !isZero(order.total_tax);

  const [products, feesRead, taxes, transactions, refunds] = await Promise.all([
    productsComplete ? embeddedProducts : reader.all<BcOrderProduct>(`${base}/products`),
    embeddedFees ?? reader.get<{ fees?: BcOrderFee[] } | BcOrderFee[]>(`${base}/fees`),
    needs.taxes && hasTax ? reader.all<BcOrderTax>(`${base}/taxes`, { details: 'true' }) : [],
    needs.transactions ? reader.get<{ data?: BcTransaction[] }>(`/v3/orders/${orderId}/transactions`).then((r) => r?.data ?? []) : [],
    needs.refunds ? reader.get<{ data?: BcRefund[] }>(`/v3/orders/${orderId}/payment_actions/refunds`).then((r) => r?.data ?? []) : [],
  ]);

  const embeddedAddresses = consignments ? shippingAddressesFrom(order, consignments, products) : undefined;
  const needCoupons = needs.coupons === true || couponDiscountUnexplained(order, products);
  const [shippingAddresses, coupons] = await Promise.all([
    embeddedAddresses ?? (order.shipping_address_count > 0 ? reader.all<BcOrderShippingAddress>(`${base}/shipping_addresses`) : []),
    needCoupons ? reader.all<BcOrderCoupon>(`${base}/coupons`) : [],
  ]);

  return {
    order,
    products,
    shippingAddresses,
    coupons,
    taxes,
    fees: feesOf(feesRead),
    transactions,
    refunds,
    read: {
      coupons: needCoupons,
      taxes: needs.taxes && hasTax,
      transactions: needs.transactions,
      refunds: needs.refunds,
      calls: reader.calls,
    },
  };
}

/**
 * One page of ids of (non-archived) orders created in [fromIso, toIso], ascending by id, for backfill.
 * `page` starts at 1; a page shorter than ORDER_ID_PAGE_SIZE is the last; [] when nothing matches (v2's 204).
 */
export async function listOrderIdsCreatedBetween(client: BigCommerceClient, fromIso: string, toIso: string, page: number): Promise<number[]> {
  if (!Number.isSafeInteger(page) || page < 1) throw new RangeError(`page must be a positive integer (got ${page})`);
  for (const [name, value] of [['fromIso', fromIso], ['toIso', toIso]] as const) {
    if (Number.isNaN(Date.parse(value))) throw new RangeError(`${name} must be an ISO-8601 date (got ${JSON.stringify(value)})`);
  }
  const rows = await client.get<Array<{ id: number }>>('/v2/orders', {
    min_date_created: fromIso,
    max_date_created: toIso,
    sort: 'id:asc',
    page,
    limit: ORDER_ID_PAGE_SIZE,
  });
  if (rows === null) return [];
  if (!Array.isArray(rows)) throw new BigCommerceUnavailableError('GET /v2/orders: the response is not a list');
  return rows.map((row) => row.id);
}

// ---------------------------------------------------------------------------------------------------------

/** The client, counting requests (pages included) for the snapshot's `read.calls`. */
class CountingReader {
  calls = 0;
  constructor(private readonly client: BigCommerceClient) {}

  get<T>(path: string, query?: Record<string, QueryValue>): Promise<T | null> {
    this.calls += 1;
    return this.client.get<T>(path, query);
  }

  /** Every row of a v2 collection (204 = none), V2_MAX_PAGE_SIZE at a time. */
  async all<T>(path: string, query: Record<string, QueryValue> = {}): Promise<T[]> {
    const rows: T[] = [];
    for (let page = 1; ; page += 1) {
      const batch = await this.get<T[]>(path, { ...query, page, limit: V2_MAX_PAGE_SIZE });
      if (batch === null) return rows;
      if (!Array.isArray(batch)) throw new BigCommerceUnavailableError(`GET ${path}: the response is not a list`);
      rows.push(...batch);
      if (batch.length < V2_MAX_PAGE_SIZE) return rows;
    }
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isConsignments(value: unknown): value is BcOrderConsignments {
  return isRecord(value) && Array.isArray(value['shipping']) && Array.isArray(value['pickups']) && Array.isArray(value['downloads']);
}

function isOrderProduct(item: BcOrderProduct | BcResourceLink): item is BcOrderProduct {
  return isRecord(item) && typeof item['id'] === 'number' && typeof item['quantity'] === 'number';
}

/**
 * Every line item of every consignment (shipping, pickup, digital download, e-mailed gift certificate), in
 * /products order (by id). undefined when any of them is only a link (the include was not honoured).
 */
function productsFrom(consignments: BcOrderConsignments): BcOrderProduct[] | undefined {
  const groups: Array<{ line_items?: Array<BcOrderProduct | BcResourceLink> }> = [
    ...consignments.shipping,
    ...consignments.pickups,
    ...consignments.downloads,
    ...(consignments.email?.gift_certificates ?? []),
  ];
  const byId = new Map<number, BcOrderProduct>();
  for (const group of groups) {
    for (const item of group.line_items ?? []) {
      if (!isOrderProduct(item)) return undefined;
      byId.set(item.id, item);
    }
  }
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

function quantityOf(products: readonly BcOrderProduct[]): number {
  return products.reduce((sum, product) => sum + product.quantity, 0);
}

/**
 * Shipping addresses as /shipping_addresses renders them (less its shipping_quotes link), from the shipping
 * consignments (whose id is the order_address id). undefined when they can't be trusted to be all of them: a count that differs from
 * shipping_address_count, or a shipped line pointing at an address that is not among them.
 */
function shippingAddressesFrom(order: BcOrder, consignments: BcOrderConsignments, products: readonly BcOrderProduct[]): BcOrderShippingAddress[] | undefined {
  if (consignments.shipping.length !== order.shipping_address_count) return undefined;
  const ids = new Set(consignments.shipping.map((shipping) => shipping.id));
  const unknownAddress = products.some((product) => product.order_address_id > 0 && !ids.has(product.order_address_id) && !isPickup(product));
  if (unknownAddress) return undefined;
  return consignments.shipping.map((shipping) => toShippingAddress(order.id, shipping));
}

function isPickup(product: BcOrderProduct): boolean {
  const pickupMethod = (product as unknown as Record<string, unknown>)['order_pickup_method_id'];
  return typeof pickupMethod === 'number' && pickupMethod > 0;
}

function toShippingAddress(orderId: number, shipping: BcShippingConsignment): BcOrderShippingAddress {
  return {
    id: shipping.id,
    order_id: orderId,
    first_name: shipping.first_name,
    last_name: shipping.last_name,
    company: shipping.company,
    street_1: shipping.street_1,
    street_2: shipping.street_2,
    city: shipping.city,
    state: shipping.state,
    zip: shipping.zip,
    country: shipping.country,
    country_iso2: shipping.country_iso2,
    phone: shipping.phone,
    email: shipping.email,
    shipping_method: shipping.shipping_method,
    base_cost: v2Money(shipping.base_cost),
    cost_ex_tax: v2Money(shipping.cost_ex_tax),
    cost_inc_tax: v2Money(shipping.cost_inc_tax),
    cost_tax: v2Money(shipping.cost_tax),
    base_handling_cost: v2Money(shipping.base_handling_cost),
    handling_cost_ex_tax: v2Money(shipping.handling_cost_ex_tax),
    handling_cost_inc_tax: v2Money(shipping.handling_cost_inc_tax),
    handling_cost_tax: v2Money(shipping.handling_cost_tax),
    items_total: shipping.items_total,
    items_shipped: shipping.items_shipped,
    ...(shipping.cost_tax_class_id !== undefined ? { cost_tax_class_id: shipping.cost_tax_class_id } : {}),
    ...(shipping.handling_cost_tax_class_id !== undefined ? { handling_cost_tax_class_id: shipping.handling_cost_tax_class_id } : {}),
    ...(shipping.shipping_zone_id !== undefined ? { shipping_zone_id: shipping.shipping_zone_id } : {}),
    ...(shipping.shipping_zone_name !== undefined ? { shipping_zone_name: shipping.shipping_zone_name } : {}),
    ...(shipping.form_fields !== undefined ? { form_fields: shipping.form_fields } : {}),
  };
}

function feesOf(read: { fees?: BcOrderFee[] } | BcOrderFee[] | null): BcOrderFee[] {
  if (read === null) return [];
  if (Array.isArray(read)) return read;
  return Array.isArray(read.fees) ? read.fees : [];
}

/**
 * True when the coupon money on the order is not exactly the sum of the coupon (coded) discounts on its lines,
 * i.e. some coupon took money off something other than the lines, and only /coupons can say what.
 */
function couponDiscountUnexplained(order: BcOrder, products: readonly BcOrderProduct[]): boolean {
  const couponDiscount = decimalUnits(order.coupon_discount);
  if (couponDiscount === 0n) return false;
  let explained = 0n;
  for (const product of products) {
    for (const discount of product.applied_discounts ?? []) {
      if (discount.code !== null && discount.code !== '') explained += decimalUnits(discount.amount);
    }
  }
  return explained !== couponDiscount;
}

// ---------------------------------------------------------------------------------------------------------
// Decimal text without floating point: 1/10000 units as bigint

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/** "62.6793" → 626793n. Digits beyond the 4th decimal are dropped (v2 never sends more). */
function decimalUnits(value: string | number | null | undefined): bigint {
  if (value === null || value === undefined || value === '') return 0n;
  const text = typeof value === 'number' ? value.toFixed(4) : value.trim();
  const match = DECIMAL.exec(text);
  if (!match) throw new BigCommerceUnavailableError(`BigCommerce sent a malformed amount: ${JSON.stringify(value)}`);
  const units = BigInt(match[2] ?? '0') * 10_000n + BigInt((match[3] ?? '').padEnd(4, '0').slice(0, 4));
  return match[1] ? -units : units;
}

function isZero(value: string | number | null | undefined): boolean {
  return decimalUnits(value) === 0n;
}

/**
 * Consignment money is a JSON number (unlike the rest of v2); the snapshot keeps v2's 4-decimal strings.
 * toFixed(4) is exact here: the amounts have at most 4 decimals, far inside a double's precision.
 */
function v2Money(value: number | string): string {
  if (typeof value === 'string') {
    const units = decimalUnits(value);
    const sign = units < 0n ? '-' : '';
    const abs = units < 0n ? -units : units;
    return `${sign}${abs / 10_000n}.${String(abs % 10_000n).padStart(4, '0')}`;
  }
  if (!Number.isFinite(value)) throw new BigCommerceUnavailableError(`BigCommerce sent a malformed amount: ${String(value)}`);
  return value.toFixed(4);
}
