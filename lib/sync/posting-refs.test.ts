/**
 * Unit tests of postingRefsFor and the "which house items does this posting need" helpers: pure, on the
 * mappers' hand-built snapshots and a hand-built company list; the last block feeds the refs to the real
 * mappers to show they are complete (and the rounding probe round trip).
 */
import type { BcOrderFee } from '@/lib/bigcommerce/order-types';
import type { CompanyLists, ProfileAccount } from '@/lib/quickbooks-connection/company-profile';
import { isFailure, type MappingFailure, type PostingRefs } from '@/lib/sync/mappers/document-common';
import {
  CA_FACTS,
  CHICAGO,
  GB_FACTS,
  US_AST_FACTS,
  US_MANUAL_FACTS,
  bcOrder,
  bcProduct,
  bcRefund,
  bcShippingAddress,
  bcTax,
  bcTransaction,
  settingsWith,
  snapshotOf,
  usOrderSnapshot,
} from '@/lib/sync/mappers/mapper-test-fixtures';
import { mapRefundToCreditDocument } from '@/lib/sync/mappers/refund-mapper';
import { mapOrderToSalesDocument, type SalesDocumentResult } from '@/lib/sync/mappers/sales-document-mapper';
import type { SyncSettings } from '@/lib/sync/sync-settings';
import {
  PENDING_ROUNDING_ITEM_ID,
  bcTaxRateIdsOf,
  neededHouseItems,
  neededHouseItemsForRefund,
  needsRoundingItem,
  paymentKeysOf,
  postingRefsFor,
  type HouseItemIds,
  type PostingRefsInput,
} from './posting-refs';

const account = (id: string, name: string, type: string, subType = '', active = true): ProfileAccount => ({
  id,
  name,
  fullyQualifiedName: name,
  type,
  subType,
  classification: '',
  active,
});

function companyLists(): CompanyLists {
  return {
    accounts: [
      account('1', 'Sales of Product Income', 'Income', 'SalesOfProductIncome'),
      account('3', 'Checking', 'Bank', 'Checking'),
      account('4', 'Undeposited Funds', 'Other Current Asset', 'UndepositedFunds'),
      account('5', 'Discounts given', 'Income', 'DiscountsRefundsGiven'),
      account('6', 'Old Bank', 'Bank', 'Checking', false),
      account('7', 'PayPal Bank', 'Bank', 'Checking'),
    ],
    taxCodes: [
      { id: '2', name: '20.0% S', active: true, salesTaxRateIds: ['1'] },
      { id: '3', name: '5.0% R', active: true, salesTaxRateIds: ['2'] },
      { id: '4', name: 'Exempt', active: true, salesTaxRateIds: ['4'] },
      { id: '5', name: 'No VAT', active: true, salesTaxRateIds: [] },
      { id: '6', name: 'Retired', active: false, salesTaxRateIds: [] },
    ],
    taxRates: [],
    paymentMethods: [
      { id: '1', name: 'Cash', active: true },
      { id: '7', name: 'PayPal', active: true },
      { id: '8', name: 'Stripe', active: false },
    ],
    classes: [
      { id: '100', name: 'Online Store', fullyQualifiedName: 'Online Store', active: true },
      { id: '101', name: 'Wholesale', fullyQualifiedName: 'Wholesale', active: true },
      { id: '102', name: 'Old', fullyQualifiedName: 'Old', active: false },
    ],
    departments: [{ id: '200', name: 'Web Shop', fullyQualifiedName: 'Web Shop', active: true }],
  };
}

const HOUSE: HouseItemIds = {
  shipping: '60',
  handling: '61',
  giftWrapping: '62',
  fee: '63',
  discount: '64',
  rounding: '65',
  orderRefund: '66',
  giftCertificate: '67',
  storeCredit: '68',
};

function input(patch: Partial<PostingRefsInput> = {}): PostingRefsInput {
  return {
    settings: settingsWith(),
    facts: US_AST_FACTS,
    lists: companyLists(),
    channelId: 1,
    paymentKey: 'stripe',
    houseItems: {},
    customerId: '58',
    itemIdBySku: { OTL: '31' },
    ...patch,
  };
}

function refsOf(value: PostingRefs | MappingFailure): PostingRefs {
  if (isFailure(value)) throw new Error(`expected refs, got: ${value.reason}`);
  return value;
}

function reasonOf(value: PostingRefs | MappingFailure): string {
  if (!isFailure(value)) throw new Error('expected a failure');
  return value.reason;
}

const withSettings = (patch: (settings: SyncSettings) => void) => settingsWith(patch);

describe('postingRefsFor: payment', () => {
  test('deposit account: the payment mapping, else the store default, else Undeposited Funds', () => {
    const mapped = withSettings((s) => {
      s.payments['stripe'] = { depositAccountId: '3' };
      s.accounts.defaultDepositAccountId = '7';
    });
    expect(refsOf(postingRefsFor(input({ settings: mapped }))).depositAccountId).toBe('3');
    expect(refsOf(postingRefsFor(input({ settings: mapped, paymentKey: 'paypal' }))).depositAccountId).toBe('7');
    expect(refsOf(postingRefsFor(input())).depositAccountId).toBe('4');
    // No account named so: the Undeposited Funds sub-type; none at all: left out.
    const renamed = companyLists();
    renamed.accounts = renamed.accounts.map((a) => (a.id === '4' ? { ...a, name: 'Payments to deposit' } : a));
    expect(refsOf(postingRefsFor(input({ lists: renamed }))).depositAccountId).toBe('4');
    const none = companyLists();
    none.accounts = none.accounts.filter((a) => a.id !== '4');
    expect(refsOf(postingRefsFor(input({ lists: none }))).depositAccountId).toBeUndefined();
  });

  test('an inactive configured deposit account stops with a plain reason', () => {
    const settings = withSettings((s) => (s.payments['stripe'] = { depositAccountId: '6' }));
    expect(reasonOf(postingRefsFor(input({ settings })))).toBe(
      'The deposit account for payments by "stripe" ("Old Bank") is inactive in QuickBooks. Choose another one in Settings › Payments.',
    );
  });

  test('payment method: the mapping, else an active method with the exact name (case aside), else none', () => {
    const settings = withSettings((s) => (s.payments['braintree'] = { paymentMethodId: '1' }));
    expect(refsOf(postingRefsFor(input({ settings, paymentKey: 'braintree' }))).paymentMethodId).toBe('1');
    expect(refsOf(postingRefsFor(input({ paymentKey: ' paypal ' }))).paymentMethodId).toBe('7');
    // "Stripe" exists but is inactive; "Credit Card" matches nothing.
    expect(refsOf(postingRefsFor(input({ paymentKey: 'stripe' }))).paymentMethodId).toBeUndefined();
    expect(refsOf(postingRefsFor(input({ paymentKey: 'Credit Card' }))).paymentMethodId).toBeUndefined();
    expect(refsOf(postingRefsFor(input({ paymentKey: undefined }))).paymentMethodId).toBeUndefined();
  });

  test('several keys: the first mapped key wins (as in the mappers), names are tried in key order', () => {
    const settings = withSettings((s) => (s.payments['PayPal'] = { depositAccountId: '7' }));
    const refs = refsOf(postingRefsFor(input({ settings, paymentKey: ['stripe', 'PayPal'] })));
    expect(refs).toMatchObject({ depositAccountId: '7', paymentMethodId: '7' });
  });

  test('paymentKeysOf: ok capture/purchase gateways, then the payment method name', () => {
    const snapshot = snapshotOf({
      order: bcOrder({ payment_method: 'Credit Card' }),
      transactions: [
        bcTransaction({ gateway: 'stripe' }),
        bcTransaction({ id: 2, gateway: 'braintree', status: 'error' }),
        bcTransaction({ id: 3, gateway: 'paypal', event: 'authorization' }),
      ],
    });
    expect(paymentKeysOf(snapshot)).toEqual(['stripe', 'Credit Card']);
  });
});

describe('postingRefsFor: tax', () => {
  test('tax-codes companies: the rate map and exempt code from settings', () => {
    const settings = withSettings((s) => {
      s.tax.rateToTaxCode = { '1': '2', '2': '3' };
      s.tax.exemptTaxCodeId = '5';
    });
    const refs = refsOf(postingRefsFor(input({ settings, facts: GB_FACTS, bcTaxRateIds: [1] })));
    expect(refs.taxCodeIdByBcRateId).toEqual({ '1': '2', '2': '3' });
    expect(refs.exemptTaxCodeId).toBe('5');
    expect(refs.txnTaxCodeId).toBeUndefined();
  });

  test('tax-codes companies without an exempt code: an active code named like an exemption', () => {
    expect(refsOf(postingRefsFor(input({ facts: GB_FACTS }))).exemptTaxCodeId).toBe('4');
    const lists = companyLists();
    lists.taxCodes = lists.taxCodes.map((c) => (c.name === 'Exempt' ? { ...c, active: false } : c));
    expect(refsOf(postingRefsFor(input({ facts: GB_FACTS, lists }))).exemptTaxCodeId).toBe('5');
    lists.taxCodes = [
      { id: '9', name: 'Zero-rated', active: true, salesTaxRateIds: [] },
      { id: '10', name: 'Out of Scope', active: true, salesTaxRateIds: [] },
    ];
    expect(refsOf(postingRefsFor(input({ facts: CA_FACTS, lists }))).exemptTaxCodeId).toBe('9');
    lists.taxCodes = [{ id: '10', name: 'Out of Scope', active: true, salesTaxRateIds: [] }];
    expect(refsOf(postingRefsFor(input({ facts: CA_FACTS, lists }))).exemptTaxCodeId).toBe('10');
    lists.taxCodes = [{ id: '2', name: '20.0% S', active: true, salesTaxRateIds: ['1'] }];
    expect(refsOf(postingRefsFor(input({ facts: GB_FACTS, lists }))).exemptTaxCodeId).toBeUndefined();
  });

  test('tax-codes companies: an inactive code mapped to a rate the order used stops the posting', () => {
    const settings = withSettings((s) => (s.tax.rateToTaxCode = { '1': '6', '2': '3' }));
    expect(reasonOf(postingRefsFor(input({ settings, facts: GB_FACTS, bcTaxRateIds: ['1'] })))).toBe(
      'The QuickBooks tax code mapped to BigCommerce tax rate 1 ("Retired") is inactive in QuickBooks. Choose another one in the tax settings.',
    );
    // A rate the order didn't use is not checked.
    expect(isFailure(postingRefsFor(input({ settings, facts: GB_FACTS, bcTaxRateIds: ['2'] })))).toBe(false);
  });

  test('US: no tax codes with automated sales tax; manual sales tax gets the one code its rates map to', () => {
    const settings = withSettings((s) => (s.tax.rateToTaxCode = { '1': '3', '2': '3', '7': '4' }));
    const ast = refsOf(postingRefsFor(input({ settings, bcTaxRateIds: [1] })));
    expect(ast).not.toHaveProperty('txnTaxCodeId');
    expect(ast).not.toHaveProperty('taxCodeIdByBcRateId');
    expect(ast).not.toHaveProperty('exemptTaxCodeId');
    expect(refsOf(postingRefsFor(input({ settings, facts: US_MANUAL_FACTS, bcTaxRateIds: [1, 2] }))).txnTaxCodeId).toBe('3');
    expect(refsOf(postingRefsFor(input({ settings, facts: US_MANUAL_FACTS, bcTaxRateIds: [1, 7] }))).txnTaxCodeId).toBeUndefined();
    expect(refsOf(postingRefsFor(input({ settings, facts: US_MANUAL_FACTS, bcTaxRateIds: [1, 99] }))).txnTaxCodeId).toBeUndefined();
    // Without the order's rates: only a map with a single code decides.
    expect(refsOf(postingRefsFor(input({ settings, facts: US_MANUAL_FACTS }))).txnTaxCodeId).toBeUndefined();
    const single = withSettings((s) => (s.tax.rateToTaxCode = { '1': '3', '2': '3' }));
    expect(refsOf(postingRefsFor(input({ settings: single, facts: US_MANUAL_FACTS }))).txnTaxCodeId).toBe('3');
  });

  test('bcTaxRateIdsOf: distinct rate ids of the tax rows, in numeric order', () => {
    const snapshot = snapshotOf({ order: bcOrder(), taxes: [bcTax({ tax_rate_id: 10 }), bcTax({ id: 2, tax_rate_id: 2 }), bcTax({ id: 3, tax_rate_id: 10 })] });
    expect(bcTaxRateIdsOf(snapshot)).toEqual(['2', '10']);
  });
});

describe('postingRefsFor: class, department, discount account', () => {
  const tracked = { ...US_AST_FACTS, classTracking: 'per-transaction' as const, departmentTracking: true };
  const settings = withSettings((s) => {
    s.classes = { defaultId: '100', byChannel: { '2': '101', '3': '102' } };
    s.departments = { defaultId: '200', byChannel: {} };
  });

  test('by channel, else the default, only when the company tracks them', () => {
    expect(refsOf(postingRefsFor(input({ settings, facts: tracked, channelId: 2 })))).toMatchObject({ classId: '101', departmentId: '200' });
    expect(refsOf(postingRefsFor(input({ settings, facts: tracked, channelId: 1 })))).toMatchObject({ classId: '100', departmentId: '200' });
    const untracked = refsOf(postingRefsFor(input({ settings, channelId: 2 })));
    expect(untracked).not.toHaveProperty('classId');
    expect(untracked).not.toHaveProperty('departmentId');
  });

  test('an inactive class stops the posting', () => {
    expect(reasonOf(postingRefsFor(input({ settings, facts: tracked, channelId: 3 })))).toBe(
      'The class for channel 3 ("Old") is inactive in QuickBooks. Choose another one in the sync settings.',
    );
  });

  test('discount account: settings, else the company default, else one named like "Discounts given"', () => {
    const configured = withSettings((s) => (s.accounts.discountAccountId = '1'));
    expect(refsOf(postingRefsFor(input({ settings: configured }))).discountAccountId).toBe('1');
    expect(refsOf(postingRefsFor(input())).discountAccountId).toBe('4'); // US_AST_FACTS.defaultDiscountAccount
    const { defaultDiscountAccount: _d, ...noDefault } = US_AST_FACTS;
    expect(refsOf(postingRefsFor(input({ facts: noDefault }))).discountAccountId).toBe('5');
  });
});

describe('postingRefsFor: items', () => {
  test('house items fill every item ref; settings overrides win over them', () => {
    const refs = refsOf(postingRefsFor(input({ houseItems: HOUSE })));
    expect(refs).toMatchObject({
      customerId: '58',
      itemIdBySku: { OTL: '31' },
      shippingItemId: '60',
      handlingItemId: '61',
      giftWrappingItemId: '62',
      feeItemId: '63',
      discountItemId: '64',
      roundingItemId: '65',
      orderRefundItemId: '66',
      giftCertificateItemId: '67',
      storeCreditItemId: '68',
    });
    const overrides = withSettings((s) => {
      s.accounts.shippingItemId = '90';
      s.accounts.handlingItemId = '91';
      s.accounts.giftWrappingItemId = '92';
      s.accounts.roundingItemId = '93';
    });
    expect(refsOf(postingRefsFor(input({ settings: overrides, houseItems: HOUSE })))).toMatchObject({
      shippingItemId: '90',
      handlingItemId: '91',
      giftWrappingItemId: '92',
      roundingItemId: '93',
      feeItemId: '63',
    });
  });

  test('no house items: item refs are left out (the mapper names what is missing), unless probing rounding', () => {
    const refs = refsOf(postingRefsFor(input()));
    for (const key of ['shippingItemId', 'handlingItemId', 'feeItemId', 'roundingItemId', 'giftCertificateItemId']) expect(refs).not.toHaveProperty(key);
    expect(refsOf(postingRefsFor(input({ probeRounding: true }))).roundingItemId).toBe(PENDING_ROUNDING_ITEM_ID);
    expect(refsOf(postingRefsFor(input({ probeRounding: true, houseItems: { rounding: '65' } }))).roundingItemId).toBe('65');
  });
});

describe('neededHouseItems', () => {
  test("the fixture order (shipping field and discounts on): handling and gift wrapping only", () => {
    expect([...neededHouseItems(usOrderSnapshot(), US_AST_FACTS)].sort()).toEqual(['giftWrapping', 'handling']);
  });

  test('shipping field off → shipping item; discounts off with discounts → discount item', () => {
    const facts = { ...US_AST_FACTS, shippingAllowed: false, discountAllowed: false };
    expect([...neededHouseItems(usOrderSnapshot(), facts)].sort()).toEqual(['discount', 'giftWrapping', 'handling', 'shipping']);
  });

  test('a plain order needs nothing; discounts off without discounts needs no discount item', () => {
    const snapshot = snapshotOf({ order: bcOrder({ total_inc_tax: '109.0000' }), products: [bcProduct()] });
    expect(neededHouseItems(snapshot, { ...US_AST_FACTS, discountAllowed: false, shippingAllowed: false }).size).toBe(0);
  });

  test('shipping to several addresses: an item only when their tax codes may differ', () => {
    const order = bcOrder();
    const taxed = bcShippingAddress({ id: 1, cost_ex_tax: '5.0000', cost_inc_tax: '5.4100', cost_tax: '0.4100' });
    const untaxed = bcShippingAddress({ id: 2, cost_ex_tax: '7.0000', cost_inc_tax: '7.0000', cost_tax: '0.0000' });
    const alsoTaxed = bcShippingAddress({ id: 2, cost_ex_tax: '7.0000', cost_inc_tax: '7.5800', cost_tax: '0.5800' });
    expect(neededHouseItems(snapshotOf({ order, shippingAddresses: [taxed, untaxed] }), US_AST_FACTS).has('shipping')).toBe(true);
    expect(neededHouseItems(snapshotOf({ order, shippingAddresses: [taxed, alsoTaxed] }), US_AST_FACTS).has('shipping')).toBe(false);
    // tax-codes: by the BigCommerce rates on each address's shipping.
    const rows = (second: number) => [
      bcTax({ id: 1, order_address_id: 1, tax_rate_id: 1, order_product_id: null, line_item_type: 'shipping', line_amount: '0.4100' }),
      bcTax({ id: 2, order_address_id: 2, tax_rate_id: second, order_product_id: null, line_item_type: 'shipping', line_amount: '0.5800' }),
    ];
    const gbOrder = bcOrder({ default_currency_code: 'GBP', currency_code: 'GBP' });
    expect(neededHouseItems(snapshotOf({ order: gbOrder, shippingAddresses: [taxed, alsoTaxed], taxes: rows(1) }), GB_FACTS).has('shipping')).toBe(false);
    expect(neededHouseItems(snapshotOf({ order: gbOrder, shippingAddresses: [taxed, alsoTaxed], taxes: rows(2) }), GB_FACTS).has('shipping')).toBe(true);
  });

  test('fees, gift certificates sold or redeemed, store credit redeemed', () => {
    const fee: BcOrderFee = { id: 1, type: 'custom_fee', display_name_customer: 'Rush', display_name_merchant: 'Rush', source: 'API', cost_ex_tax: 2, cost_inc_tax: 2, cost_tax: 0 };
    const withFee = snapshotOf({ order: bcOrder(), fees: [fee] });
    expect([...neededHouseItems(withFee, US_AST_FACTS)]).toEqual(['fee']);
    const sold = snapshotOf({ order: bcOrder(), products: [bcProduct({ type: 'giftcertificate', sku: '' })] });
    expect([...neededHouseItems(sold, US_AST_FACTS)]).toEqual(['giftCertificate']);
    const redeemed = snapshotOf({ order: bcOrder({ gift_certificate_amount: '10.0000', store_credit_amount: '5.0000' }), products: [bcProduct()] });
    expect([...neededHouseItems(redeemed, US_AST_FACTS)].sort()).toEqual(['giftCertificate', 'storeCredit']);
  });
});

describe('neededHouseItemsForRefund', () => {
  test('items of the refunded charges, order amounts, and refunds to store credit', () => {
    const snapshot = usOrderSnapshot();
    const refund = bcRefund({
      total_amount: 30,
      items: [
        { item_type: 'PRODUCT', item_id: 1, quantity: 1, requested_amount: null },
        { item_type: 'SHIPPING', item_id: 1, requested_amount: null },
        { item_type: 'HANDLING', item_id: 1, requested_amount: null },
        { item_type: 'GIFT_WRAPPING', item_id: 2, requested_amount: null },
        { item_type: 'ORDER', item_id: 101, requested_amount: '2.00' },
      ],
      payments: [
        { id: 1, provider_id: 'storecredit', amount: 10, offline: false, is_declined: false, declined_message: '' },
        { id: 2, provider_id: 'giftcertificate', amount: 5, offline: false, is_declined: true, declined_message: 'no' },
      ],
    });
    expect([...neededHouseItemsForRefund(snapshot, refund, US_AST_FACTS)].sort()).toEqual(['giftWrapping', 'handling', 'orderRefund', 'storeCredit']);
    expect(neededHouseItemsForRefund(snapshot, refund, { ...US_AST_FACTS, shippingAllowed: false }).has('shipping')).toBe(true);
  });

  test('an item-less adjustment needs the order-refund item unless it only refunds tax', () => {
    const snapshot = usOrderSnapshot();
    expect([...neededHouseItemsForRefund(snapshot, bcRefund({ total_amount: 5, total_tax: 0 }), US_AST_FACTS)]).toEqual(['orderRefund']);
    expect(neededHouseItemsForRefund(snapshot, bcRefund({ total_amount: 1.5, total_tax: 1.5 }), US_AST_FACTS).size).toBe(0);
  });
});

describe('the refs drive the real mappers', () => {
  function mapWith(refs: PostingRefs, snapshot = usOrderSnapshot(), settings = settingsWith()): SalesDocumentResult {
    return mapOrderToSalesDocument({ snapshot, settings, facts: US_AST_FACTS, storeTimeZone: CHICAGO, storeCurrency: 'USD', refs, document: 'sales_receipt' });
  }

  test('the fixture order posts with exactly the house items neededHouseItems asked for', () => {
    const snapshot = usOrderSnapshot();
    const need = neededHouseItems(snapshot, US_AST_FACTS);
    const houseItems = Object.fromEntries([...need].map((kind) => [kind, HOUSE[kind]]));
    const refs = refsOf(
      postingRefsFor(input({ houseItems, itemIdBySku: { OTL: '31', 'FLCT-GRE-M': '32' }, paymentKey: paymentKeysOf(snapshot), bcTaxRateIds: bcTaxRateIdsOf(snapshot) })),
    );
    const result = mapWith(refs, snapshot);
    if (!result.ok) throw new Error(result.reason);
    expect(result.entity).toBe('SalesReceipt');
    expect(result.payload).toMatchObject({ CustomerRef: { value: '58' }, DepositToAccountRef: { value: '4' } });
    expect(needsRoundingItem(result)).toBe(false);
  });

  test('rounding probe: the placeholder shows the need, the rounding item replaces it', () => {
    const order = bcOrder({ total_ex_tax: '9.9900', total_inc_tax: '9.9900' });
    const products = [
      bcProduct({ quantity: 3, price_ex_tax: '3.3333', total_ex_tax: '9.9999', total_inc_tax: '9.9999' }),
      bcProduct({ id: 2, sku: 'ABS', quantity: 1, price_ex_tax: '0.0049', total_ex_tax: '0.0049', total_inc_tax: '0.0049' }),
    ];
    const snapshot = snapshotOf({ order, products });
    const base = { itemIdBySku: { OTL: '31', ABS: '33' } };
    expect(neededHouseItems(snapshot, US_AST_FACTS).size).toBe(0);

    const plain = mapWith(refsOf(postingRefsFor(input(base))), snapshot);
    expect(plain.ok).toBe(false);

    const probe = mapWith(refsOf(postingRefsFor(input({ ...base, probeRounding: true }))), snapshot);
    expect(needsRoundingItem(probe)).toBe(true);

    const final = mapWith(refsOf(postingRefsFor(input({ ...base, probeRounding: true, houseItems: { rounding: '65' } }))), snapshot);
    expect(needsRoundingItem(final)).toBe(false);
    if (!final.ok) throw new Error(final.reason);
    expect(final.rounding).toEqual({ cents: -1 });
    expect(JSON.stringify(final.payload)).not.toContain(PENDING_ROUNDING_ITEM_ID);
    expect(final.payload.Line.at(-1)).toMatchObject({ SalesItemLineDetail: { ItemRef: { value: '65' } } });
  });

  test('a refund maps with the refs of neededHouseItemsForRefund', () => {
    const snapshot = usOrderSnapshot();
    const refund = bcRefund({ total_amount: 12.99, total_tax: 0.99, items: [{ item_type: 'HANDLING', item_id: 1, requested_amount: null }] });
    const houseItems = Object.fromEntries([...neededHouseItemsForRefund(snapshot, refund, US_AST_FACTS)].map((kind) => [kind, HOUSE[kind]]));
    const refs = refsOf(postingRefsFor(input({ houseItems, paymentKey: paymentKeysOf(snapshot) })));
    const result = mapRefundToCreditDocument({
      snapshot,
      refund,
      originalDocument: { entity: 'SalesReceipt', id: '900', docNumber: 'BC-101' },
      settings: settingsWith(),
      facts: US_AST_FACTS,
      storeTimeZone: CHICAGO,
      storeCurrency: 'USD',
      refs,
    });
    if (!result.ok) throw new Error(result.reason);
    expect(result.payload).toMatchObject({ DepositToAccountRef: { value: '4' } });
    expect(JSON.stringify(result.payload.Line)).toContain('"value":"61"');
  });
});
