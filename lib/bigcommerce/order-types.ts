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
  billing_address: BcAddress;
  /** Present (as an array) when requested with ?include=fees. */
  fees?: BcOrderFee[] | { url: string; resource: string };
}

export interface BcAppliedDiscount {
  id: string | number;
  amount: string;
  name?: string;
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
}

/** GET /v2/orders/{id}/coupons; type 0 per_item, 1 percentage, 2 per_total, 3 shipping, 4 free_shipping, 5 promotion */
export interface BcOrderCoupon {
  id: number;
  coupon_id: number;
  order_id: number;
  code: string;
  amount: string;
  type: number;
  discount: string;
}

/** GET /v2/orders/{id}/taxes */
export interface BcOrderTax {
  id: number;
  order_id: number;
  order_address_id: number;
  tax_rate_id: number;
  tax_class_id: number;
  name: string;
  class: string;
  rate: string;
  priority: number;
  priority_amount: string;
  line_amount: string;
  order_product_id?: number | null;
  line_item_type: 'item' | 'shipping' | 'handling' | 'gift-wrapping' | string;
}

/** GET /v2/orders/{id}/fees (or ?include=fees) */
export interface BcOrderFee {
  id: number;
  type: string;
  display_name: string;
  source: string;
  cost_ex_tax: string | number;
  cost_inc_tax: string | number;
  cost_tax: string | number;
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
  payments: Array<{ id: number; provider_id: string; amount: number; offline: boolean; is_declined: boolean; declined_message: string }>;
}

/** Everything the sync reads about one order, fetched together (lib/bigcommerce/order-reader.ts). */
export interface OrderSnapshot {
  order: BcOrder;
  products: BcOrderProduct[];
  shippingAddresses: BcOrderShippingAddress[];
  coupons: BcOrderCoupon[];
  taxes: BcOrderTax[];
  fees: BcOrderFee[];
  transactions: BcTransaction[];
  refunds: BcRefund[];
}
