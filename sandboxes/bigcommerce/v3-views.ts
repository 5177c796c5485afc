/**
 * Renders the model as v3 JSON: money as 2-decimal numbers, dates as RFC 3339, `{data, meta}` envelopes.
 */
import { formatDecimals, toV3Number } from './money';
import type { Customer, CustomerAddress, Hook, Product, Refund, RefundItem, Transaction, Variant } from './sandbox-state';

/** "2024-05-01T10:00:00+00:00", the shape BigCommerce's v3 examples use. */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

export interface Page<T> {
  items: T[];
  meta: { pagination: Pagination };
}

export interface Pagination {
  total: number;
  count: number;
  per_page: number;
  current_page: number;
  total_pages: number;
  links: { previous?: string; current: string; next?: string };
}

/** Slices `all` for page/limit and builds BigCommerce's pagination block (links carry the other filters). */
export function paginate<T>(all: readonly T[], page: number, limit: number, query: URLSearchParams): Page<T> {
  const total = all.length;
  const totalPages = Math.max(1, Math.ceil(total / limit));
  const items = all.slice((page - 1) * limit, page * limit);
  const link = (p: number) => {
    const q = new URLSearchParams(query);
    q.set('page', String(p));
    q.set('limit', String(limit));
    return `?${q.toString()}`;
  };
  return {
    items,
    meta: {
      pagination: {
        total,
        count: items.length,
        per_page: limit,
        current_page: page,
        total_pages: totalPages,
        links: { ...(page > 1 ? { previous: link(page - 1) } : {}), current: link(page), ...(page < totalPages ? { next: link(page + 1) } : {}) },
      },
    },
  };
}

export function renderTransaction(tx: Transaction): Record<string, unknown> {
  const card = tx.method === 'credit_card';
  return {
    id: tx.id,
    order_id: String(tx.orderId),
    event: tx.event,
    method: tx.method,
    amount: toV3Number(tx.amount),
    currency: tx.currency,
    gateway: tx.gateway,
    gateway_transaction_id: tx.gatewayTransactionId,
    date_created: rfc3339(tx.dateCreated),
    test: tx.gateway === 'testgateway',
    status: tx.status,
    fraud_review: false,
    ...(tx.referenceTransactionId !== undefined ? { reference_transaction_id: tx.referenceTransactionId } : {}),
    offline: tx.offlineName !== undefined ? { display_name: tx.offlineName } : null,
    custom: tx.customPaymentMethod !== undefined ? { payment_method: tx.customPaymentMethod } : null,
    payment_method_id: card ? `${tx.gateway}.card` : tx.gateway,
    payment_instrument_token: null,
    avs_result: { code: card ? 'Y' : '', message: card ? 'Street address and 5-digit ZIP match' : '', street_match: card ? 'Y' : '', postal_match: card ? 'Y' : '' },
    cvv_result: { code: card ? 'M' : '', message: card ? 'Match' : '' },
    ...(card ? { credit_card: { card_type: 'visa', card_iin: '411111', card_last4: '1111', card_expiry_month: 12, card_expiry_year: 2030 } } : {}),
    gift_certificate: null,
    store_credit: null,
    custom_provider_field_result: null,
  };
}

function refundItem(item: RefundItem, single: boolean): Record<string, unknown> {
  // The two refund read endpoints disagree in the spec: the collection types requested_amount as a
  // number (Amount), the single refund as a nullable string. Each is rendered as its spec says.
  const requested = item.requestedAmount;
  return {
    item_type: item.itemType,
    item_id: item.itemId,
    reason: item.reason,
    ...(item.itemType === 'PRODUCT' ? { quantity: item.quantity ?? 0 } : {}),
    ...(single
      ? { requested_amount: requested === undefined ? null : formatDecimals(requested, 2) }
      : requested === undefined
        ? {}
        : { requested_amount: toV3Number(requested) }),
  };
}

export function renderRefund(refund: Refund, single = false): Record<string, unknown> {
  return {
    id: refund.id,
    order_id: refund.orderId,
    user_id: refund.userId,
    created: rfc3339(refund.created),
    reason: refund.reason,
    total_amount: toV3Number(refund.totalAmount),
    total_tax: toV3Number(refund.totalTax),
    uses_merchant_override_values: false,
    items: refund.items.map((i) => refundItem(i, single)),
    payments: refund.payments.map((p) => ({
      id: p.id,
      provider_id: p.providerId,
      amount: toV3Number(p.amount),
      offline: p.offline,
      is_declined: false,
      declined_message: '',
      transaction_id: p.transactionId,
    })),
  };
}

export function renderAddress(a: CustomerAddress): Record<string, unknown> {
  return {
    id: a.id,
    customer_id: a.customerId,
    first_name: a.firstName,
    last_name: a.lastName,
    company: a.company,
    address1: a.address1,
    address2: a.address2,
    city: a.city,
    state_or_province: a.stateOrProvince,
    postal_code: a.postalCode,
    country: a.country,
    country_code: a.countryCode,
    phone: a.phone,
    address_type: a.addressType,
  };
}

export function renderCustomer(c: Customer, include: ReadonlySet<string>): Record<string, unknown> {
  return {
    id: c.id,
    email: c.email,
    first_name: c.firstName,
    last_name: c.lastName,
    company: c.company,
    phone: c.phone,
    registration_ip_address: '',
    notes: c.notes,
    tax_exempt_category: c.taxExemptCategory,
    customer_group_id: c.customerGroupId,
    date_created: rfc3339(c.dateCreated),
    date_modified: rfc3339(c.dateModified),
    address_count: c.addresses.length,
    attribute_count: 0,
    authentication: { force_password_reset: false },
    accepts_product_review_abandoned_cart_emails: c.acceptsMarketing,
    origin_channel_id: 1,
    channel_ids: [1],
    ...(include.has('addresses') ? { addresses: c.addresses.map(renderAddress) } : {}),
    ...(include.has('storecredit') ? { store_credit_amounts: [{ amount: toV3Number(c.storeCredit) }] } : {}),
    ...(include.has('attributes') ? { attributes: [] } : {}),
    ...(include.has('formfields') ? { form_fields: [] } : {}),
  };
}

export function renderVariant(product: Product, v: Variant): Record<string, unknown> {
  const price = toV3Number(v.price ?? product.price);
  return {
    id: v.id,
    product_id: product.id,
    sku: v.sku,
    sku_id: v.skuId,
    price,
    calculated_price: price,
    sale_price: 0,
    retail_price: 0,
    map_price: 0,
    weight: product.weight,
    calculated_weight: product.weight,
    width: 0,
    height: 0,
    depth: 0,
    is_free_shipping: false,
    fixed_cost_shipping_price: 0,
    purchasing_disabled: false,
    purchasing_disabled_message: '',
    image_url: '',
    cost_price: toV3Number(v.costPrice ?? product.costPrice),
    upc: v.upc,
    mpn: '',
    gtin: '',
    inventory_level: product.inventoryTracking === 'variant' ? v.inventoryLevel : 0,
    inventory_warning_level: 0,
    bin_picking_number: '',
    option_values: v.optionValueIds.map((valueId) => {
      const option = product.options.find((o) => o.values.some((value) => value.id === valueId));
      const value = option?.values.find((x) => x.id === valueId);
      return { id: valueId, label: value?.label ?? '', option_id: option?.id ?? 0, option_display_name: option?.displayName ?? '' };
    }),
  };
}

export function renderProduct(p: Product, include: ReadonlySet<string>): Record<string, unknown> {
  const slug = p.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return {
    id: p.id,
    name: p.name,
    type: p.type,
    sku: p.sku,
    description: `<p>${p.name}</p>`,
    weight: p.weight,
    width: 0,
    depth: 0,
    height: 0,
    price: toV3Number(p.price),
    cost_price: toV3Number(p.costPrice),
    retail_price: toV3Number(p.retailPrice),
    sale_price: toV3Number(p.salePrice),
    map_price: 0,
    tax_class_id: p.taxClassId,
    product_tax_code: '',
    calculated_price: toV3Number(p.salePrice > 0 ? p.salePrice : p.price),
    categories: [23],
    brand_id: 0,
    option_set_id: 0,
    option_set_display: 'right',
    inventory_level: p.inventoryLevel,
    inventory_warning_level: 0,
    inventory_tracking: p.inventoryTracking,
    reviews_rating_sum: 0,
    reviews_count: 0,
    total_sold: p.totalSold,
    fixed_cost_shipping_price: 0,
    is_free_shipping: false,
    is_visible: p.isVisible,
    is_featured: false,
    related_products: [-1],
    warranty: '',
    bin_picking_number: '',
    layout_file: 'product.html',
    upc: '',
    mpn: '',
    gtin: '',
    date_last_imported: '',
    search_keywords: '',
    availability: 'available',
    availability_description: '',
    gift_wrapping_options_type: 'any',
    gift_wrapping_options_list: [],
    sort_order: 0,
    condition: 'New',
    is_condition_shown: false,
    order_quantity_minimum: 0,
    order_quantity_maximum: 0,
    page_title: '',
    meta_keywords: [],
    meta_description: '',
    date_created: rfc3339(p.dateCreated),
    date_modified: rfc3339(p.dateModified),
    view_count: 0,
    preorder_release_date: null,
    preorder_message: '',
    is_preorder_only: false,
    is_price_hidden: false,
    price_hidden_label: '',
    custom_url: { url: `/${slug}/`, is_customized: false },
    // Documented as null for products with options (the spec types it as a plain integer; see contract test).
    base_variant_id: p.options.length === 0 ? (p.variants[0]?.id ?? null) : null,
    open_graph_type: 'product',
    open_graph_title: '',
    open_graph_description: '',
    open_graph_use_meta_description: true,
    open_graph_use_product_name: true,
    open_graph_use_image: true,
    ...(include.has('variants') ? { variants: p.variants.map((v) => renderVariant(p, v)) } : {}),
    ...(include.has('options')
      ? {
          options: p.options.map((o, i) => ({
            id: o.id,
            product_id: p.id,
            display_name: o.displayName,
            type: o.type,
            sort_order: i,
            option_values: o.values.map((v) => ({ id: v.id, label: v.label, sort_order: v.sortOrder, is_default: v.sortOrder === 0, value_data: null })),
          })),
        }
      : {}),
    ...(include.has('custom_fields') ? { custom_fields: [] } : {}),
    ...(include.has('images') ? { images: [] } : {}),
    ...(include.has('bulk_pricing_rules') ? { bulk_pricing_rules: [] } : {}),
    ...(include.has('videos') ? { videos: [] } : {}),
    ...(include.has('modifiers') ? { modifiers: [] } : {}),
    ...(include.has('channels') ? { channels: [1] } : {}),
    ...(include.has('parent_relations') ? { parent_relations: [] } : {}),
  };
}

export function renderHook(h: Hook): Record<string, unknown> {
  return {
    id: h.id,
    client_id: h.clientId,
    store_hash: h.storeHash,
    scope: h.scope,
    destination: h.destination,
    is_active: h.isActive,
    headers: h.headers,
    created_at: Math.floor(h.createdAt / 1000),
    updated_at: Math.floor(h.updatedAt / 1000),
  };
}
