/**
 * Renders the model as Orders v2 JSON: money as 4-decimal strings, dates in RFC 2822 (UTC "+0000"),
 * only the fields the published spec lists (order products are `additionalProperties: false` there).
 */
import { formatExchangeRate, formatRate, formatV2, sumUnits, toV3Number } from './money';
import { ORDER_STATUSES, statusName } from './order-statuses';
import type { Order, OrderAddress, OrderLine, OrderShippingAddress, OrderTaxRow, Shipment, Store } from './sandbox-state';
import { ORDER_TAX_RATE_ID, taxClassIdOf } from './tax-setup';

export function rfc2822(ms: number): string {
  return new Date(ms).toUTCString().replace(/GMT$/, '+0000');
}

function resource(apiBase: string, store: Store, path: string) {
  return { url: `${apiBase}/stores/${store.hash}/v2${path}`, resource: path };
}

function address(a: OrderAddress) {
  return {
    first_name: a.firstName,
    last_name: a.lastName,
    company: a.company,
    street_1: a.street1,
    street_2: a.street2,
    city: a.city,
    state: a.state,
    zip: a.zip,
    country: a.country,
    country_iso2: a.countryIso2,
    phone: a.phone,
    email: a.email,
  };
}

const COUPON_TYPE_IDS = {
  per_item_discount: 0,
  percentage_discount: 1,
  per_total_discount: 2,
  shipping_discount: 3,
  free_shipping: 4,
} as const;

/**
 * How an order renders its `consignments` field:
 *  - 'resource': the {url, resource} link (no include, or include without consignment_structure=object);
 *  - 'links': include=consignments&consignment_structure=object: the consignment object, line items as links;
 *  - 'line_items': include=consignments.line_items&consignment_structure=object: line items in full.
 */
export type ConsignmentRendering = 'resource' | 'links' | 'line_items';

export function renderOrder(
  apiBase: string,
  store: Store,
  order: Order,
  includeFees = false,
  consignments: ConsignmentRendering = 'resource',
): Record<string, unknown> {
  const ship = order.shippingAddresses;
  const sum = (pick: (a: OrderShippingAddress) => number) => formatV2(sumUnits(ship.map(pick)));
  const wrapped = order.lines.flatMap((l) => (l.wrapping ? [l.wrapping] : []));
  const wrap = (pick: (w: NonNullable<OrderLine['wrapping']>) => number) => formatV2(sumUnits(wrapped.map(pick)));
  const multiCurrency = order.currency.code !== order.storeCurrency;
  const exchangeRate = formatExchangeRate(multiCurrency ? order.currency.exchangeRate : '1');
  const status = statusName(order.statusId);
  return {
    id: order.id,
    customer_id: order.customerId,
    date_created: rfc2822(order.dateCreated),
    date_modified: rfc2822(order.dateModified),
    date_shipped: order.dateShipped ? rfc2822(order.dateShipped) : '',
    status_id: order.statusId,
    status,
    custom_status: status,
    subtotal_ex_tax: formatV2(order.subtotalExTax),
    subtotal_inc_tax: formatV2(order.subtotalIncTax),
    subtotal_tax: formatV2(order.subtotalTax),
    base_shipping_cost: sum((a) => a.shipping.base),
    shipping_cost_ex_tax: sum((a) => a.shipping.exTax),
    shipping_cost_inc_tax: sum((a) => a.shipping.incTax),
    shipping_cost_tax: sum((a) => a.shipping.tax),
    shipping_cost_tax_class_id: 0,
    base_handling_cost: sum((a) => a.handling.base),
    handling_cost_ex_tax: sum((a) => a.handling.exTax),
    handling_cost_inc_tax: sum((a) => a.handling.incTax),
    handling_cost_tax: sum((a) => a.handling.tax),
    handling_cost_tax_class_id: 0,
    base_wrapping_cost: wrap((w) => w.base),
    wrapping_cost_ex_tax: wrap((w) => w.exTax),
    wrapping_cost_inc_tax: wrap((w) => w.incTax),
    wrapping_cost_tax: wrap((w) => w.tax),
    wrapping_cost_tax_class_id: 0,
    total_ex_tax: formatV2(order.totalExTax),
    total_inc_tax: formatV2(order.totalIncTax),
    total_tax: formatV2(order.totalTax),
    is_tax_inclusive_pricing: order.isTaxInclusive,
    items_total: order.lines.reduce((n, l) => n + l.quantity, 0),
    items_shipped: order.lines.reduce((n, l) => n + l.quantityShipped, 0),
    payment_method: order.paymentMethod,
    payment_provider_id: '',
    payment_status: order.paymentStatus,
    // The spec: "always returns 0" — refunds live in the v3 refunds API.
    refunded_amount: '0.0000',
    order_is_digital: order.lines.every((l) => l.type === 'digital'),
    store_credit_amount: formatV2(order.storeCreditAmount),
    gift_certificate_amount: formatV2(order.giftCertificateAmount),
    ip_address: order.ipAddress,
    ip_address_v6: '',
    geoip_country: order.billingAddress.country,
    geoip_country_iso2: order.billingAddress.countryIso2,
    currency_id: order.currency.id,
    currency_code: order.currency.code,
    currency_exchange_rate: exchangeRate,
    default_currency_id: order.currency.id,
    default_currency_code: order.currency.code,
    store_default_currency_code: order.storeCurrency,
    store_default_to_transactional_exchange_rate: exchangeRate,
    staff_notes: order.staffNotes,
    customer_message: order.customerMessage,
    discount_amount: formatV2(order.discountAmount),
    coupon_discount: formatV2(order.couponDiscount),
    shipping_address_count: ship.length,
    is_deleted: order.isDeleted,
    ebay_order_id: '0',
    cart_id: order.cartId,
    billing_address: { ...address(order.billingAddress), form_fields: [] },
    is_email_opt_in: false,
    credit_card_type: null,
    order_source: order.orderSource,
    channel_id: order.channelId,
    external_source: order.externalSource,
    products: resource(apiBase, store, `/orders/${order.id}/products`),
    shipping_addresses: resource(apiBase, store, `/orders/${order.id}/shippingaddresses`),
    coupons: resource(apiBase, store, `/orders/${order.id}/coupons`),
    external_id: null,
    external_merchant_id: null,
    tax_provider_id: 'BasicTaxProvider',
    customer_locale: 'en',
    external_order_id: '',
    consignments:
      consignments === 'resource'
        ? resource(apiBase, store, `/orders/${order.id}/consignments`)
        : renderConsignments(apiBase, store, order, consignments === 'line_items'),
    fees: includeFees ? renderFees(order) : resource(apiBase, store, `/orders/${order.id}/fees`),
  };
}

/** The order_address id a line ships to (0 for digital lines), as /products reports it. */
function orderAddressIdOf(order: Order, line: OrderLine): number {
  return line.type === 'physical' ? (order.shippingAddresses[0]?.id ?? 0) : 0;
}

/** A number with the 4 decimals v2 keeps (consignment money is typed `number` in the spec, unlike the rest of v2). */
function v2Number(units: number): number {
  return Number(formatV2(units));
}

/**
 * GET /orders/{id}/consignments (and the order's `consignments` include with consignment_structure=object):
 * physical lines grouped by the shipping address they ship to (the consignment id is that order_address id,
 * as refunds' SHIPPING item_id and the products' order_address_id use it), digital lines in the one
 * downloads consignment. The sandbox has no pickup methods or gift certificates, so those stay empty.
 * Line items are links to /orders/{id}/products/{line} unless `lineItems` asks for them in full.
 */
export function renderConsignments(apiBase: string, store: Store, order: Order, lineItems: boolean): Record<string, unknown> {
  const items = (lines: OrderLine[]) =>
    lines.map((line) => (lineItems ? renderOrderProduct(order, line) : resource(apiBase, store, `/orders/${order.id}/products/${line.id}`)));
  const digital = order.lines.filter((line) => line.type === 'digital');
  return {
    pickups: [],
    shipping: order.shippingAddresses.map((a) => {
      const lines = order.lines.filter((line) => line.type === 'physical' && orderAddressIdOf(order, line) === a.id);
      return {
        id: a.id,
        ...address(a.address),
        form_fields: [],
        shipping_method: a.method,
        line_items: items(lines),
        items_total: lines.reduce((n, l) => n + l.quantity, 0),
        items_shipped: lines.reduce((n, l) => n + l.quantityShipped, 0),
        base_cost: v2Number(a.shipping.base),
        cost_ex_tax: v2Number(a.shipping.exTax),
        cost_inc_tax: v2Number(a.shipping.incTax),
        cost_tax: v2Number(a.shipping.tax),
        cost_tax_class_id: 0,
        base_handling_cost: v2Number(a.handling.base),
        handling_cost_ex_tax: v2Number(a.handling.exTax),
        handling_cost_inc_tax: v2Number(a.handling.incTax),
        handling_cost_tax: v2Number(a.handling.tax),
        handling_cost_tax_class_id: 0,
        shipping_zone_id: 1,
        shipping_zone_name: a.address.country || 'Default',
        shipping_quotes: resource(apiBase, store, `/orders/${order.id}/consignments/shipping/${a.id}/shipping_quotes`),
      };
    }),
    downloads: digital.length ? [{ recipient_email: order.billingAddress.email, line_items: items(digital) }] : [],
    email: { gift_certificates: [] },
  };
}

export function renderOrderProduct(order: Order, line: OrderLine): Record<string, unknown> {
  const w = line.wrapping;
  return {
    id: line.id,
    order_id: order.id,
    product_id: line.productId,
    ...(line.variantId !== undefined ? { variant_id: line.variantId } : {}),
    order_pickup_method_id: 0,
    order_address_id: orderAddressIdOf(order, line),
    name: line.name,
    name_customer: line.name,
    name_merchant: line.name,
    sku: line.sku,
    upc: '',
    type: line.type,
    base_price: formatV2(line.basePrice),
    price_ex_tax: formatV2(line.priceExTax),
    price_inc_tax: formatV2(line.priceIncTax),
    price_tax: formatV2(line.priceIncTax - line.priceExTax),
    base_total: formatV2(line.basePrice * line.quantity),
    total_ex_tax: formatV2(line.totalExTax),
    total_inc_tax: formatV2(line.totalIncTax),
    total_tax: formatV2(line.totalTax),
    weight: line.weight,
    width: '0.0000',
    height: '0.0000',
    depth: '0.0000',
    quantity: line.quantity,
    base_cost_price: formatV2(line.costPrice),
    cost_price_inc_tax: formatV2(line.costPrice),
    cost_price_ex_tax: formatV2(line.costPrice),
    cost_price_tax: '0.0000',
    is_refunded: line.quantityRefunded >= line.quantity,
    quantity_refunded: line.quantityRefunded,
    refund_amount: '0.0000',
    return_id: 0,
    wrapping_id: w ? w.id : 0,
    wrapping_name: w ? w.name : null,
    base_wrapping_cost: formatV2(w?.base ?? 0),
    wrapping_cost_ex_tax: formatV2(w?.exTax ?? 0),
    wrapping_cost_inc_tax: formatV2(w?.incTax ?? 0),
    wrapping_cost_tax: formatV2(w?.tax ?? 0),
    wrapping_message: w?.message ?? '',
    quantity_shipped: line.quantityShipped,
    event_name: null,
    event_date: null,
    fixed_shipping_cost: '0.0000',
    ebay_item_id: '',
    ebay_transaction_id: '',
    option_set_id: null,
    parent_order_product_id: null,
    is_bundled_product: false,
    bin_picking_number: '',
    external_id: null,
    brand: '',
    applied_discounts: line.appliedDiscounts.map((d) => ({ id: d.id, amount: formatV2(d.amount), name: d.name, code: d.code, target: d.target })),
    product_options: line.options.map((o) => ({
      id: o.id,
      option_id: o.optionId,
      order_product_id: line.id,
      product_option_id: o.productOptionId,
      display_name: o.name,
      display_name_customer: o.name,
      display_name_merchant: o.name,
      display_value: o.value,
      display_value_customer: o.value,
      display_value_merchant: o.value,
      value: o.value,
      type: 'Multiple choice',
      name: o.name,
      display_style: 'Rectangle',
    })),
    configurable_fields: [],
    gift_certificate_id: null,
    discounted_total_inc_tax: formatV2(line.discountedTotalIncTax),
  };
}

export function renderShippingAddress(apiBase: string, store: Store, order: Order, a: OrderShippingAddress): Record<string, unknown> {
  const lines = order.lines.filter((l) => l.type === 'physical');
  return {
    id: a.id,
    order_id: order.id,
    ...address(a.address),
    form_fields: [],
    items_total: lines.reduce((n, l) => n + l.quantity, 0),
    items_shipped: lines.reduce((n, l) => n + l.quantityShipped, 0),
    shipping_method: a.method,
    base_cost: formatV2(a.shipping.base),
    cost_ex_tax: formatV2(a.shipping.exTax),
    cost_inc_tax: formatV2(a.shipping.incTax),
    cost_tax: formatV2(a.shipping.tax),
    cost_tax_class_id: 0,
    base_handling_cost: formatV2(a.handling.base),
    handling_cost_ex_tax: formatV2(a.handling.exTax),
    handling_cost_inc_tax: formatV2(a.handling.incTax),
    handling_cost_tax: formatV2(a.handling.tax),
    handling_cost_tax_class_id: 0,
    shipping_zone_id: 1,
    shipping_zone_name: a.address.country || 'Default',
    shipping_quotes: resource(apiBase, store, `/orders/${order.id}/shipping_addresses/${a.id}/shipping_quotes`),
  };
}

export function renderCoupons(order: Order): Record<string, unknown>[] {
  return order.coupons.map((c) => ({
    id: c.id,
    coupon_id: c.couponId,
    order_id: order.id,
    code: c.code,
    // Percentage coupons report their percent (5 = 5 %), fixed ones their money value.
    amount: c.type === 'percentage_discount' ? Number(formatRate(c.amount)) : toV3Number(c.amount),
    type: COUPON_TYPE_IDS[c.type],
    discount: toV3Number(c.discount),
  }));
}

function taxRow(order: Order, row: OrderTaxRow, amount: number, details: boolean): Record<string, unknown> {
  return {
    id: row.id,
    order_id: order.id,
    order_address_id: row.orderAddressId,
    // The store's tax setup (tax-setup.ts): the rate orders are taxed under, and the row's class.
    tax_rate_id: ORDER_TAX_RATE_ID,
    sales_tax_id: `sandbox-tax-${formatRate(row.rate)}`,
    tax_class_id: taxClassIdOf(row.taxClass),
    name: row.name,
    class: row.taxClass,
    rate: formatRate(row.rate),
    priority: 0,
    priority_amount: formatV2(amount),
    line_amount: formatV2(amount),
    order_pickup_method_id: 0,
    ...(details
      ? {
          // The spec describes null for non-item rows but types the field as a plain string (see contract test).
          order_product_id: row.orderProductId === null ? null : String(row.orderProductId),
          line_item_type: row.lineItemType,
        }
      : {}),
  };
}

/** Without `details=true` rows are summed per address, rate and class; with it, one row per taxed line. */
export function renderTaxes(order: Order, details: boolean): Record<string, unknown>[] {
  if (details) return order.taxes.map((row) => taxRow(order, row, row.amount, true));
  const groups = new Map<string, { first: OrderTaxRow; amount: number }>();
  for (const row of order.taxes) {
    const key = `${row.orderAddressId}|${row.rate}|${row.name}|${row.taxClass}`;
    const group = groups.get(key);
    if (group) group.amount += row.amount;
    else groups.set(key, { first: row, amount: row.amount });
  }
  return [...groups.values()].map((g) => taxRow(order, g.first, g.amount, false));
}

export function renderFees(order: Order): Record<string, unknown>[] {
  return order.fees.map((f) => ({
    id: f.id,
    type: 'custom_fee',
    display_name_customer: f.name,
    display_name_merchant: f.name,
    source: 'sandbox',
    base_cost: formatV2(f.base),
    cost_ex_tax: formatV2(f.exTax),
    cost_inc_tax: formatV2(f.incTax),
    cost_tax: formatV2(f.tax),
    tax_class_id: null,
  }));
}

const PROVIDER_NAMES: Record<string, string> = { ups: 'UPS', fedex: 'FedEx', usps: 'USPS', auspost: 'Australia Post', canadapost: 'Canada Post', royalmail: 'Royal Mail' };

export function renderShipment(order: Order, shipment: Shipment): Record<string, unknown> {
  const shipTo = order.shippingAddresses.find((a) => a.id === shipment.orderAddressId)?.address ?? order.billingAddress;
  return {
    id: shipment.id,
    order_id: order.id,
    customer_id: order.customerId,
    order_address_id: shipment.orderAddressId,
    date_created: rfc2822(shipment.dateCreated),
    tracking_number: shipment.trackingNumber,
    merchant_shipping_cost: '0.0000',
    shipping_method: shipment.shippingMethod,
    shipping_provider: shipment.shippingProvider,
    shipping_provider_display_name: PROVIDER_NAMES[shipment.shippingProvider] ?? shipment.shippingProvider,
    tracking_carrier: '',
    tracking_link: '',
    generated_tracking_link: `https://track.sandbox.test/${shipment.shippingProvider}/${shipment.trackingNumber}`,
    comments: '',
    billing_address: address(order.billingAddress),
    shipping_address: address(shipTo),
    items: shipment.items.map((i) => ({ order_product_id: i.orderProductId, product_id: i.productId, quantity: i.quantity })),
  };
}

export function renderOrderCount(orders: Iterable<Order>): Record<string, unknown> {
  const counts = new Map<number, number>();
  let total = 0;
  for (const order of orders) {
    counts.set(order.statusId, (counts.get(order.statusId) ?? 0) + 1);
    total += 1;
  }
  return {
    statuses: ORDER_STATUSES.map((s) => ({
      id: s.id,
      name: s.name,
      system_label: s.name,
      custom_label: s.name,
      system_description: s.description,
      count: counts.get(s.id) ?? 0,
      sort_order: s.sortOrder,
    })),
    count: total,
  };
}
