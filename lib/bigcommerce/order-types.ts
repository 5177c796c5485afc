/**
 * The BigCommerce order data the sync reads, as BigCommerce sends it (../shared/specs/bigcommerce orders.v2 and
 * orders.v3). v2 money fields are decimal strings with 4 places ("62.6793"); v3 refunds and transactions use
 * numbers with 2 places. Only the fields the sync uses are typed; never do float arithmetic on them: parse
 * with lib/money.
 */

export interface BcAddress {
  first_name: string;
  last_name: string;
  company: string;
  street_1: string;
  street_2: string;
  city: string;
  state: string;
  zip: string;
  country: string;
  country_iso2: string;
  phone: string;
  email: string;
}

/** GET /v2/orders/{id} */
export interface BcOrder {
  id: number;
  customer_id: number; // 0 = guest
  date_created: string; // RFC-2822, UTC
  date_modified: string;
  status_id: number;
  status: string;
  subtotal_ex_tax: string;
  subtotal_inc_tax: string;
  subtotal_tax: string;
  base_shipping_cost: string;
  shipping_cost_ex_tax: string;
  shipping_cost_inc_tax: string;
  shipping_cost_tax: string;
  base_handling_cost: string;
  handling_cost_ex_tax: string;
  handling_cost_inc_tax: string;
  handling_cost_tax: string;
  base_wrapping_cost: string;
  wrapping_cost_ex_tax: string;
  wrapping_cost_inc_tax: string;
  wrapping_cost_tax: string;
  total_ex_tax: string;
  total_inc_tax: string;
  total_tax: string;
  is_tax_inclusive_pricing: boolean;
  items_total: number;
  payment_method: string;
  payment_provider_id: string | number | null;
  payment_status: string;
  /** Spec: "always returns 0"; refunds come from the v3 refunds API. */
  refunded_amount?: string;
  store_credit_amount: string;
  gift_certificate_amount: string;
  /** The currency the shopper was charged in (transactional). */
  default_currency_code: string;
  currency_code: string;
  currency_exchange_rate: string;
  store_default_currency_code?: string;
  store_default_to_transactional_exchange_rate?: string;
  discount_amount: string;
  coupon_discount: string;
  channel_id: number;
  order_source: string;
  customer_message: string;
  staff_notes: string;
  is_deleted: boolean;
  /** Number of shipping addresses (shipping consignments) of the order. */
  shipping_address_count: number;
  items_shipped?: number;
  billing_address: BcAddress;
  /** Present (as an array) when requested with ?include=fees. */
  fees?: BcOrderFee[] | BcResourceLink;
  /**
   * The consignment object with ?include=consignments[,consignments.line_items]&consignment_structure=object,
   * else a link to /orders/{id}/consignments.
   */
  consignments?: BcOrderConsignments | BcResourceLink;
}

/** `{url, resource}`: where a sub-resource can be read (v2 embeds these instead of the data). */
export interface BcResourceLink {
  url: string;
  resource: string;
}

/** Shipping consignment (one per order address). Unlike the rest of v2, its money fields are JSON numbers. */
export interface BcShippingConsignment extends Omit<BcAddress, 'email'> {
  /** The order_address id: products' order_address_id and refunds' SHIPPING/HANDLING item_id. */
  id: number;
  email: string;
  shipping_method: string;
  /** Order products in full with include=consignments.line_items, else links to them. */
  line_items: Array<BcOrderProduct | BcResourceLink>;
  items_total: number;
  items_shipped: number;
  base_cost: number;
  cost_ex_tax: number;
  cost_inc_tax: number;
  cost_tax: number;
  cost_tax_class_id?: number;
  base_handling_cost: number;
  handling_cost_ex_tax: number;
  handling_cost_inc_tax: number;
  handling_cost_tax: number;
  handling_cost_tax_class_id?: number;
  shipping_zone_id?: number;
  shipping_zone_name?: string;
  form_fields?: BcFormField[];
}

/** Pickup consignment: products collected at a location (no shipping address, no shipping cost). */
export interface BcPickupConsignment {
  id: number;
  pickup_method_id: number;
  pickup_method_display_name?: string;
  location?: { id: number; name?: string; code?: string };
  line_items: Array<BcOrderProduct | BcResourceLink>;
}

/** Digital downloads or e-mailed gift certificates. */
export interface BcRecipientConsignment {
  recipient_email: string;
  line_items: Array<BcOrderProduct | BcResourceLink>;
}

/** GET /v2/orders/{id}/consignments, or the order's `consignments` with consignment_structure=object. */
export interface BcOrderConsignments {
  pickups: BcPickupConsignment[];
  shipping: BcShippingConsignment[];
  downloads: BcRecipientConsignment[];
  email: { gift_certificates: BcRecipientConsignment[] };
}

export interface BcAppliedDiscount {
  id: string | number;
  amount: string;
  name?: string;
  /** The coupon code for coupon discounts; null for automatic promotions. */
  code: string | null;
  target: 'order' | 'product' | string;
}

export interface BcProductOption {
  display_name: string;
  display_value: string;
}

/** GET /v2/orders/{id}/products */
export interface BcOrderProduct {
  id: number;
  order_id: number;
  product_id: number;
  variant_id?: number | null;
  order_address_id: number;
  name: string;
  name_customer?: string;
  name_merchant?: string;
  sku: string;
  type: 'physical' | 'digital' | string;
  base_price: string;
  price_ex_tax: string;
  price_inc_tax: string;
  price_tax: string;
  total_ex_tax: string;
  total_inc_tax: string;
  total_tax: string;
  quantity: number;
  quantity_shipped?: number;
  is_refunded: boolean;
  quantity_refunded: number;
  wrapping_cost_ex_tax: string;
  wrapping_cost_inc_tax: string;
  wrapping_cost_tax: string;
  parent_order_product_id: number | null;
  is_bundled_product: boolean;
  applied_discounts: BcAppliedDiscount[];
  product_options: BcProductOption[];
  gift_certificate_id?: number | null;
  discounted_total_inc_tax?: string;
}

/** GET /v2/orders/{id}/shipping_addresses */
export interface BcOrderShippingAddress extends Omit<BcAddress, 'email'> {
  id: number;
  order_id: number;
  email: string;
  shipping_method: string;
  base_cost: string;
  cost_ex_tax: string;
  cost_inc_tax: string;
  cost_tax: string;
  base_handling_cost: string;
  handling_cost_ex_tax: string;
  handling_cost_inc_tax: string;
  handling_cost_tax: string;
  items_total?: number;
  items_shipped?: number;
  cost_tax_class_id?: number;
  handling_cost_tax_class_id?: number;
  shipping_zone_id?: number;
  shipping_zone_name?: string;
  form_fields?: BcFormField[];
}

/** Checkout form fields the merchant added to an address form. */
export interface BcFormField {
  name: string;
  value: unknown;
}

/** GET /v2/orders/{id}/coupons; type 0 per_item, 1 percentage, 2 per_total, 3 shipping, 4 free_shipping, 5 promotion */
export interface BcOrderCoupon {
  id: number;
  coupon_id: number;
  order_id: number;
  code: string | null;
  /** Configured value (5 = $5 or 5 %): a JSON number, unlike most v2 money. */
  amount: number;
  type: number;
  /** Money actually taken off: a JSON number. */
  discount: number;
}

/** GET /v2/orders/{id}/taxes */
export interface BcOrderTax {
  id: number;
  order_id: number;
  order_address_id: number;
  tax_rate_id: number;
  sales_tax_id?: string;
  tax_class_id: number | null;
  name: string;
  class: string;
  rate: string;
  priority: number;
  priority_amount: string;
  line_amount: string;
  /** Only with ?details=true. The spec types it as a string (the order_product id); null for non-item rows. */
  order_product_id?: string | null;
  /** Only with ?details=true. */
  line_item_type?: 'item' | 'shipping' | 'handling' | 'gift-wrapping' | string;
}

/** GET /v2/orders/{id}/fees (or ?include=fees) */
export interface BcOrderFee {
  id: number;
  type: 'custom_fee' | string;
  display_name_customer: string;
  display_name_merchant: string;
  source: string;
  base_cost?: string | number;
  cost_ex_tax: string | number;
  cost_inc_tax: string | number;
  cost_tax: string | number;
  tax_class_id?: number | null;
}

/** GET /v3/orders/{id}/transactions → data[] */
export interface BcTransaction {
  id: number;
  order_id: string;
  event: 'purchase' | 'authorization' | 'capture' | 'refund' | 'void' | 'pending' | 'settled' | string;
  method: string;
  amount: number;
  currency: string;
  gateway: string;
  gateway_transaction_id: string | null;
  status: 'ok' | 'error' | string;
  test: boolean;
  reference_transaction_id?: number | null;
  payment_method_id?: string | null;
  date_created: string;
  offline?: { display_name: string } | null;
  custom?: { payment_method: string } | null;
}

export type BcRefundItemType = 'PRODUCT' | 'GIFT_WRAPPING' | 'SHIPPING' | 'HANDLING' | 'ORDER' | 'FEE';

/** GET /v3/orders/{id}/payment_actions/refunds → data[] */
export interface BcRefund {
  id: number;
  order_id: number;
  user_id: number;
  created: string;
  reason: string;
  total_amount: number;
  total_tax: number;
  uses_merchant_override_values: boolean;
  items: Array<{ item_type: BcRefundItemType; item_id: number; quantity?: number; reason?: string; requested_amount: number | string | null }>;
  payments: Array<{
    id: number;
    provider_id: string;
    amount: number;
    offline: boolean;
    is_declined: boolean;
    declined_message: string;
    transaction_id?: string;
  }>;
}

/**
 * Everything the sync reads about one order, fetched together (lib/bigcommerce/order-reader.ts). Optional
 * parts (coupons, taxes, transactions, refunds) are [] when they were not read: `read` says which were.
 */
export interface OrderSnapshot {
  order: BcOrder;
  products: BcOrderProduct[];
  shippingAddresses: BcOrderShippingAddress[];
  coupons: BcOrderCoupon[];
  taxes: BcOrderTax[];
  fees: BcOrderFee[];
  transactions: BcTransaction[];
  refunds: BcRefund[];
  /** What the reader fetched (vs. left empty because it was not needed), and how many API calls it made. */
  read?: OrderSnapshotReads;
}

export interface OrderSnapshotReads {
  coupons: boolean;
  taxes: boolean;
  transactions: boolean;
  refunds: boolean;
  /** BigCommerce API requests made for this snapshot. */
  calls: number;
}
