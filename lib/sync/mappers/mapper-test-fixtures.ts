/**
 * Hand-built BigCommerce snapshots and QuickBooks company facts for the mappers' unit tests (the sandbox
 * suite, mappers.sandbox.test.ts, reads real BigCommerce-sandbox output instead). Shapes follow the v2/v3
 * specs: 4-decimal money strings, v3 numbers. Not a test file itself; only tests import it.
 */
import type {
  BcOrder,
  BcOrderProduct,
  BcOrderShippingAddress,
  BcOrderTax,
  BcRefund,
  BcTransaction,
  OrderSnapshot,
} from '@/lib/bigcommerce/order-types';
import type { CompanyFacts } from '@/lib/quickbooks-connection/company-profile';
import { defaultSyncSettings, type SyncSettings } from '@/lib/sync/sync-settings';
import type { PostingRefs } from './document-common';

export const ADDRESS = {
  first_name: 'Jane',
  last_name: 'Doe',
  company: '',
  street_1: '555 East Street',
  street_2: '',
  city: 'Austin',
  state: 'Texas',
  zip: '78108',
  country: 'United States',
  country_iso2: 'US',
  phone: '512-555-0101',
  email: 'jane.doe@example.com',
};

export function bcOrder(overrides: Partial<BcOrder> = {}): BcOrder {
  return {
    id: 101,
    customer_id: 1,
    date_created: 'Tue, 03 Mar 2026 03:30:00 +0000',
    date_modified: 'Tue, 03 Mar 2026 03:30:00 +0000',
    status_id: 11,
    status: 'Awaiting Fulfillment',
    subtotal_ex_tax: '0.0000',
    subtotal_inc_tax: '0.0000',
    subtotal_tax: '0.0000',
    base_shipping_cost: '0.0000',
    shipping_cost_ex_tax: '0.0000',
    shipping_cost_inc_tax: '0.0000',
    shipping_cost_tax: '0.0000',
    base_handling_cost: '0.0000',
    handling_cost_ex_tax: '0.0000',
    handling_cost_inc_tax: '0.0000',
    handling_cost_tax: '0.0000',
    base_wrapping_cost: '0.0000',
    wrapping_cost_ex_tax: '0.0000',
    wrapping_cost_inc_tax: '0.0000',
    wrapping_cost_tax: '0.0000',
    total_ex_tax: '0.0000',
    total_inc_tax: '0.0000',
    total_tax: '0.0000',
    is_tax_inclusive_pricing: false,
    items_total: 1,
    payment_method: 'Test Payment Gateway',
    payment_provider_id: '',
    payment_status: 'captured',
    store_credit_amount: '0.0000',
    gift_certificate_amount: '0.0000',
    default_currency_code: 'USD',
    currency_code: 'USD',
    currency_exchange_rate: '1.0000000000',
    store_default_currency_code: 'USD',
    store_default_to_transactional_exchange_rate: '1.0000000000',
    discount_amount: '0.0000',
    coupon_discount: '0.0000',
    channel_id: 1,
    order_source: 'www',
    customer_message: '',
    staff_notes: '',
    is_deleted: false,
    shipping_address_count: 1,
    billing_address: { ...ADDRESS },
    ...overrides,
  };
}

export function bcProduct(overrides: Partial<BcOrderProduct> = {}): BcOrderProduct {
  return {
    id: 1,
    order_id: 101,
    product_id: 111,
    variant_id: 501,
    order_address_id: 1,
    name: 'Orbit Terrarium - Large',
    sku: 'OTL',
    type: 'physical',
    base_price: '109.0000',
    price_ex_tax: '109.0000',
    price_inc_tax: '109.0000',
    price_tax: '0.0000',
    total_ex_tax: '109.0000',
    total_inc_tax: '109.0000',
    total_tax: '0.0000',
    quantity: 1,
    is_refunded: false,
    quantity_refunded: 0,
    wrapping_cost_ex_tax: '0.0000',
    wrapping_cost_inc_tax: '0.0000',
    wrapping_cost_tax: '0.0000',
    parent_order_product_id: null,
    is_bundled_product: false,
    applied_discounts: [],
    product_options: [],
    ...overrides,
  };
}

export function bcShippingAddress(overrides: Partial<BcOrderShippingAddress> = {}): BcOrderShippingAddress {
  return {
    ...ADDRESS,
    id: 1,
    order_id: 101,
    shipping_method: 'Flat Rate',
    base_cost: '0.0000',
    cost_ex_tax: '0.0000',
    cost_inc_tax: '0.0000',
    cost_tax: '0.0000',
    base_handling_cost: '0.0000',
    handling_cost_ex_tax: '0.0000',
    handling_cost_inc_tax: '0.0000',
    handling_cost_tax: '0.0000',
    ...overrides,
  };
}

export function bcTax(overrides: Partial<BcOrderTax> = {}): BcOrderTax {
  return {
    id: 1,
    order_id: 101,
    order_address_id: 1,
    tax_rate_id: 1,
    tax_class_id: 0,
    name: 'Tax',
    class: 'Default Tax Class',
    rate: '8.2500',
    priority: 0,
    priority_amount: '0.0000',
    line_amount: '0.0000',
    order_product_id: '1',
    line_item_type: 'item',
    ...overrides,
  };
}

export function bcTransaction(overrides: Partial<BcTransaction> = {}): BcTransaction {
  return {
    id: 1,
    order_id: '101',
    event: 'purchase',
    method: 'credit_card',
    amount: 0,
    currency: 'USD',
    gateway: 'stripe',
    gateway_transaction_id: 'ch_3NxAbCdEfGhIjKlMnOpQrStU',
    status: 'ok',
    test: false,
    date_created: '2026-03-03T03:31:00+00:00',
    ...overrides,
  };
}

export function bcRefund(overrides: Partial<BcRefund> = {}): BcRefund {
  return {
    id: 7,
    order_id: 101,
    user_id: 0,
    created: '2026-03-10T15:00:00+00:00',
    reason: '',
    total_amount: 0,
    total_tax: 0,
    uses_merchant_override_values: false,
    items: [],
    payments: [{ id: 1, provider_id: 'stripe', amount: 0, offline: false, is_declined: false, declined_message: '' }],
    ...overrides,
  };
}

export function snapshotOf(parts: Partial<OrderSnapshot> & { order: BcOrder }): OrderSnapshot {
  return {
    products: [],
    shippingAddresses: [],
    coupons: [],
    taxes: [],
    fees: [],
    transactions: [],
    refunds: [],
    ...parts,
  };
}

const BASE_FACTS: CompanyFacts = {
  companyName: 'Test Co',
  country: 'US',
  homeCurrency: 'USD',
  multiCurrency: false,
  automatedSalesTax: true,
  usingSalesTax: true,
  taxModel: 'us-automated',
  classTracking: 'off',
  departmentTracking: false,
  shippingAllowed: true,
  discountAllowed: true,
  defaultDiscountAccount: '4',
  customTxnNumbers: true,
};

export const US_AST_FACTS: CompanyFacts = { ...BASE_FACTS };
export const US_MANUAL_FACTS: CompanyFacts = { ...BASE_FACTS, automatedSalesTax: false, taxModel: 'us-manual' };
export const GB_FACTS: CompanyFacts = { ...BASE_FACTS, country: 'GB', homeCurrency: 'GBP', automatedSalesTax: false, taxModel: 'tax-codes' };
export const CA_FACTS: CompanyFacts = { ...BASE_FACTS, country: 'CA', homeCurrency: 'CAD', automatedSalesTax: false, taxModel: 'tax-codes', multiCurrency: true };

export function settingsWith(patch: (settings: SyncSettings) => void = () => undefined): SyncSettings {
  const settings = defaultSyncSettings();
  patch(settings);
  return settings;
}

export const REFS: PostingRefs = {
  customerId: '58',
  itemIdBySku: { OTL: '31', 'FLCT-GRE-M': '32', ABS: '33', CC3C: '34', DBG: '35' },
  shippingItemId: '40',
  handlingItemId: '41',
  giftWrappingItemId: '42',
  feeItemId: '43',
  discountItemId: '44',
  giftCertificateItemId: '45',
  storeCreditItemId: '46',
  roundingItemId: '47',
  orderRefundItemId: '48',
  paymentMethodId: '3',
  depositAccountId: '4',
};

export const CHICAGO = { name: 'America/Chicago', rawOffsetSeconds: -21600, dstOffsetSeconds: -18000 };

/**
 * A US order at 8.25 %: 2 × OTL 109.00 with a 10.00 coupon and a 5.00 automatic discount, 3 × towel (Grey/M)
 * 54.00 with 5.00 gift wrap, shipping 12.00, handling 3.00. total_inc_tax 416.77, total_tax 31.77.
 */
export function usOrderSnapshot(): OrderSnapshot {
  const order = bcOrder({
    total_ex_tax: '385.0000',
    total_inc_tax: '416.7700',
    total_tax: '31.7700',
    shipping_cost_ex_tax: '12.0000',
    shipping_cost_inc_tax: '12.9900',
    shipping_cost_tax: '0.9900',
    handling_cost_ex_tax: '3.0000',
    handling_cost_inc_tax: '3.2500',
    handling_cost_tax: '0.2500',
    wrapping_cost_ex_tax: '5.0000',
    wrapping_cost_inc_tax: '5.4100',
    wrapping_cost_tax: '0.4100',
    discount_amount: '15.0000',
    coupon_discount: '10.0000',
    payment_provider_id: 'ch_3NxAbCdEfGhIjKlMnOpQrStU',
  });
  const products = [
    bcProduct({
      id: 1,
      quantity: 2,
      price_ex_tax: '109.0000',
      total_ex_tax: '218.0000',
      total_inc_tax: '235.9850',
      total_tax: '16.7500',
      applied_discounts: [
        { id: 'coupon', amount: '10.0000', name: 'Save 10', code: 'SAVE10', target: 'order' },
        { id: 12, amount: '5.0000', name: 'Spring Sale', code: null, target: 'product' },
      ],
    }),
    bcProduct({
      id: 2,
      name: 'Fog Linen Chambray Towel',
      sku: 'FLCT-GRE-M',
      quantity: 3,
      price_ex_tax: '54.0000',
      total_ex_tax: '162.0000',
      total_inc_tax: '175.3650',
      total_tax: '13.3700',
      wrapping_cost_ex_tax: '5.0000',
      wrapping_cost_inc_tax: '5.4100',
      wrapping_cost_tax: '0.4100',
      product_options: [
        { display_name: 'Color', display_value: 'Grey' },
        { display_name: 'Size', display_value: 'M' },
      ],
    }),
  ];
  const shipping = bcShippingAddress({
    cost_ex_tax: '12.0000',
    cost_inc_tax: '12.9900',
    cost_tax: '0.9900',
    handling_cost_ex_tax: '3.0000',
    handling_cost_inc_tax: '3.2500',
    handling_cost_tax: '0.2500',
  });
  const taxes = [
    bcTax({ id: 1, order_product_id: '1', line_amount: '16.7500' }),
    bcTax({ id: 2, order_product_id: '2', line_amount: '13.3700' }),
    bcTax({ id: 3, order_product_id: '2', line_item_type: 'gift-wrapping', line_amount: '0.4100' }),
    bcTax({ id: 4, order_product_id: null, line_item_type: 'shipping', line_amount: '0.9900' }),
    bcTax({ id: 5, order_product_id: null, line_item_type: 'handling', line_amount: '0.2500' }),
  ];
  return snapshotOf({ order, products, shippingAddresses: [shipping], taxes, transactions: [bcTransaction({ amount: 416.77 })] });
}
