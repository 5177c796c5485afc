/**
 * The mappers against both sandboxes, end to end over loopback HTTP: orders are placed, paid and refunded in
 * the BigCommerce sandbox and read back through its REST API (v2 order/products/shipping_addresses/coupons/
 * taxes?details=true, v3 transactions/refunds) with a store API token, so every fixture is real sandbox
 * output; the mapped payloads are posted to the QuickBooks sandbox (which enforces Intuit's schema, 6070 line
 * math, references and computes totals and tax) through the app's QuickBooksClient; the stored documents are
 * read back and their TotalAmt / TxnTaxDetail.TotalTax compared with BigCommerce's, to the cent.
 *
 * Two things the BigCommerce sandbox cannot produce are added to its state before reading back, keeping every
 * BigCommerce total unchanged: an automatic promotion (part of a coupon's per-line discount is re-labelled as
 * a code-less applied discount) and gift-certificate / store-credit redemptions (amounts on the order plus
 * the matching transactions, the card capture reduced accordingly).
 */
import { apiCall } from '@/sandboxes/bigcommerce/sandbox-test-kit';
import { startBigCommerceSandbox, type BigCommerceSandbox } from '@/sandboxes/bigcommerce/bigcommerce-sandbox';
import { startQuickBooksSandbox, type QuickBooksSandbox } from '@/sandboxes/quickbooks/quickbooks-sandbox';
import { connectSandbox } from '@/sandboxes/quickbooks/sandbox-client';
import type { BcOrder, BcOrderCoupon, BcOrderProduct, BcOrderShippingAddress, BcOrderTax, BcRefund, BcTransaction, OrderSnapshot } from '@/lib/bigcommerce/order-types';
import { parseMinor, parseTenThousandths, toMinor } from '@/lib/money/money';
import { QuickBooksClient, configureQuickBooksEndpoints, qboSql } from '@/lib/quickbooks/quickbooks-client';
import type { Invoice, Payment, SalesTransaction } from '@/lib/quickbooks/quickbooks-types';
import { readCompanyProfile, type CompanyProfile } from '@/lib/quickbooks-connection/company-profile';
import { defaultSyncSettings, type SyncSettings } from '@/lib/sync/sync-settings';
import type { PostingRefs, StoreTimeZone } from './document-common';
import { mapInvoicePayment } from './payment-mapper';
import { mapRefundToCreditDocument, type OriginalDocument } from './refund-mapper';
import { mapOrderToSalesDocument, type SalesDocumentResult } from './sales-document-mapper';

const qboClient = { clientId: 'mapper-sandbox-client', clientSecret: 'mapper-sandbox-secret-0123456789', redirectUri: 'http://127.0.0.1:3999/api/quickbooks/callback' };
const REALMS = { us: '9341000000000301', gb: '9341000000000302', ca: '9341000000000303' } as const;
type RealmKey = keyof typeof REALMS;

let qbo: QuickBooksSandbox;
let bc: BigCommerceSandbox;

interface BcStore {
  hash: string;
  token: string;
  timeZone: StoreTimeZone;
  currency: string;
}
let usStore: BcStore;
let gbStore: BcStore;

interface Company {
  realmId: string;
  client: QuickBooksClient;
  profile: CompanyProfile;
  settings: SyncSettings;
  refs: PostingRefs;
}
const companies = {} as Record<RealmKey, Company>;

// ---------------------------------------------------------------------------------------------------------
// BigCommerce: read an order back over HTTP
// ---------------------------------------------------------------------------------------------------------

async function bcGet<T>(store: BcStore, path: string): Promise<T | undefined> {
  const result = await apiCall(bc.apiUrl, store.hash, store.token, 'GET', path);
  if (result.status === 204) return undefined;
  if (result.status !== 200) throw new Error(`GET ${path} answered ${result.status}: ${result.text}`);
  return result.json() as T;
}

async function readSnapshot(store: BcStore, orderId: number): Promise<OrderSnapshot> {
  const order = await bcGet<BcOrder>(store, `/v2/orders/${orderId}?include=fees`);
  if (!order) throw new Error(`order ${orderId} not found`);
  const [products, shippingAddresses, coupons, taxes, transactions, refunds] = await Promise.all([
    bcGet<BcOrderProduct[]>(store, `/v2/orders/${orderId}/products`),
    bcGet<BcOrderShippingAddress[]>(store, `/v2/orders/${orderId}/shipping_addresses`),
    bcGet<BcOrderCoupon[]>(store, `/v2/orders/${orderId}/coupons`),
    bcGet<BcOrderTax[]>(store, `/v2/orders/${orderId}/taxes?details=true`),
    bcGet<{ data: BcTransaction[] }>(store, `/v3/orders/${orderId}/transactions`),
    bcGet<{ data: BcRefund[] }>(store, `/v3/orders/${orderId}/payment_actions/refunds`),
  ]);
  return {
    order,
    products: products ?? [],
    shippingAddresses: shippingAddresses ?? [],
    coupons: coupons ?? [],
    taxes: taxes ?? [],
    fees: Array.isArray(order.fees) ? order.fees : [],
    transactions: transactions?.data ?? [],
    refunds: refunds?.data ?? [],
  };
}

async function openStore(hash: string): Promise<BcStore> {
  const { accessToken } = bc.admin.createApiAccount(hash, {
    scope: 'store_v2_orders_read_only store_v2_transactions_read_only store_v2_information_read_only',
  });
  const partial = { hash, token: accessToken, timeZone: 'UTC', currency: 'USD' };
  const info = await bcGet<{ currency: string; timezone: { name: string; raw_offset: number; dst_offset: number } }>(partial, '/v2/store');
  if (!info) throw new Error('no store information');
  return { ...partial, currency: info.currency, timeZone: { name: info.timezone.name, rawOffsetSeconds: info.timezone.raw_offset, dstOffsetSeconds: info.timezone.dst_offset } };
}

function bcModelStore(store: BcStore) {
  const model = bc.state.stores.get(store.hash);
  if (!model) throw new Error(`no store ${store.hash}`);
  return model;
}

function productId(store: BcStore, sku: string): { product_id: number; variant_id?: number } {
  for (const product of bcModelStore(store).products.values()) {
    if (product.sku === sku && product.options.length === 0) return { product_id: product.id };
    const variant = product.variants.find((v) => v.sku === sku);
    if (variant) return { product_id: product.id, variant_id: variant.id };
  }
  throw new Error(`no product with SKU ${sku}`);
}

// ---------------------------------------------------------------------------------------------------------
// QuickBooks: companies, items, customers
// ---------------------------------------------------------------------------------------------------------

const byName = <T extends { id: string; name: string }>(list: readonly T[], name: string): string => {
  const found = list.find((entry) => entry.name === name);
  if (!found) throw new Error(`no ${name} in ${list.map((e) => e.name).join(', ')}`);
  return found.id;
};

async function setUpCompany(key: RealmKey, customer: { name: string; currency?: string }): Promise<void> {
  const realmId = REALMS[key];
  const tokens = await connectSandbox(qbo, { ...qboClient, realmId });
  const client = new QuickBooksClient({ realmId, tokens: { getAccessToken: async () => tokens.accessToken } });
  const profile = await readCompanyProfile(client);
  const accounts = profile.lists.accounts;
  const sales = byName(accounts, 'Sales of Product Income');
  const shippingIncome = byName(accounts, 'Shipping Income');
  const discounts = byName(accounts, 'Discounts given');
  const giftLiability = qbo.state.addLiabilityAccount(realmId, 'Gift Certificates Outstanding');
  const creditLiability = qbo.state.addLiabilityAccount(realmId, 'Store Credit Outstanding');
  const item = async (Name: string, incomeAccount: string, Sku?: string) =>
    (await client.create<{ Id: string }>('Item', { Name, Type: 'NonInventory', IncomeAccountRef: { value: incomeAccount }, Taxable: true, ...(Sku ? { Sku } : {}) })).Id;
  const itemIdBySku: Record<string, string> = {};
  for (const [sku, name] of [['OTL', 'Orbit Terrarium - Large'], ['FLCT-GRE-M', 'Chambray Towel Grey M'], ['ABS', 'Able Brewing System'], ['CC3C', 'Chemex Coffeemaker 3 Cup']] as const) {
    itemIdBySku[sku] = await item(name, sales, sku);
  }
  const customerRecord = await client.create<{ Id: string }>('Customer', {
    DisplayName: customer.name,
    GivenName: 'Jane',
    FamilyName: 'Doe',
    ...(customer.currency ? { CurrencyRef: { value: customer.currency } } : {}),
  });
  const refs: PostingRefs = {
    customerId: customerRecord.Id,
    itemIdBySku,
    // The seeded "Shipping" service item, for companies without the shipping field.
    shippingItemId: (await client.query<{ Id: string }>(qboSql`SELECT * FROM Item WHERE Name = ${'Shipping'}`))[0]?.Id ?? '',
    handlingItemId: await item('Handling', shippingIncome),
    giftWrappingItemId: await item('Gift Wrapping', sales),
    feeItemId: await item('Fees', sales),
    discountItemId: await item('Discounts', discounts),
    discountAccountId: discounts,
    giftCertificateItemId: await item('Gift Certificates', giftLiability),
    storeCreditItemId: await item('Store Credit', creditLiability),
    roundingItemId: await item('Rounding', sales),
    orderRefundItemId: await item('Refund adjustments', sales),
    paymentMethodId: byName(profile.lists.paymentMethods, 'Visa'),
    depositAccountId: byName(accounts, 'Undeposited Funds'),
  };
  companies[key] = { realmId, client, profile, settings: defaultSyncSettings(), refs };
}


beforeAll(async () => {
  qbo = await startQuickBooksSandbox({
    clientId: qboClient.clientId,
    clientSecret: qboClient.clientSecret,
    redirectUris: [qboClient.redirectUri],
    companies: [
      { realmId: REALMS.us, name: 'Austin Terrariums LLC', country: 'US', automatedSalesTax: true, classTracking: true, departmentTracking: false },
      { realmId: REALMS.gb, name: 'Poultry Street Ltd', country: 'GB', classTracking: false, departmentTracking: true, shippingAllowed: false, discountAllowed: false },
      { realmId: REALMS.ca, name: 'Maple Goods Ltd', country: 'CA', homeCurrency: 'USD', multiCurrency: true, classTracking: false, departmentTracking: false },
    ],
  });
  configureQuickBooksEndpoints({ apiBaseUrl: qbo.apiBaseUrl });
  bc = await startBigCommerceSandbox({
    app: {
      name: 'Mapper tests',
      clientId: 'mapper-bc-client',
      clientSecret: 'mapper-bc-secret-0123456789',
      authCallbackUrl: 'http://127.0.0.1:9/auth',
      loadCallbackUrl: 'http://127.0.0.1:9/load',
      uninstallCallbackUrl: 'http://127.0.0.1:9/uninstall',
      removeUserCallbackUrl: 'http://127.0.0.1:9/remove-user',
    },
  });
  usStore = await openStore(bc.storeHash);
  gbStore = await openStore(bc.admin.createStore({ currency: 'GBP', is_price_entered_with_tax: true }).hash);

  await setUpCompany('us', { name: 'Jane Doe (BC #1)' });
  await setUpCompany('gb', { name: 'Jane Doe (BC #1)' });
  await setUpCompany('ca', { name: 'Jane Doe CAD (BC #1)', currency: 'CAD' });
  const us = companies.us;
  us.settings.classes.defaultId = byName(us.profile.lists.classes, 'Online Store');
  const gb = companies.gb;
  gb.settings.departments.defaultId = byName(gb.profile.lists.departments, 'Web Shop');
  gb.settings.tax.rateToTaxCode = { '1': byName(gb.profile.lists.taxCodes, '20.0% S') };
  gb.settings.tax.exemptTaxCodeId = byName(gb.profile.lists.taxCodes, 'No VAT');
  const ca = companies.ca;
  ca.settings.tax.rateToTaxCode = { '1': byName(ca.profile.lists.taxCodes, 'HST ON') };
  ca.settings.tax.exemptTaxCodeId = byName(ca.profile.lists.taxCodes, 'Out of Scope');
}, 60_000);

afterAll(async () => {
  await bc?.stop();
  await qbo?.stop();
});

// ---------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------

function mapOrder(key: RealmKey, store: BcStore, snapshot: OrderSnapshot, document: 'sales_receipt' | 'invoice') {
  const company = companies[key];
  const result: SalesDocumentResult = mapOrderToSalesDocument({
    snapshot,
    settings: company.settings,
    facts: company.profile.facts,
    storeTimeZone: store.timeZone,
    storeCurrency: store.currency,
    refs: company.refs,
    document,
  });
  if (!result.ok) throw new Error(result.reason);
  return result;
}

/** Creates the document and reads it back from QuickBooks. */
async function postAndRead<T extends SalesTransaction | Payment>(key: RealmKey, entity: 'SalesReceipt' | 'Invoice' | 'RefundReceipt' | 'CreditMemo' | 'Payment', payload: object): Promise<T> {
  const client = companies[key].client;
  const created = await client.create<T>(entity, payload);
  return client.read<T>(entity, created.Id);
}

const minor = (value: string | number | undefined, currency: string) => (value === undefined ? NaN : typeof value === 'number' ? parseMinor(value, currency) : toMinor(parseTenThousandths(value), currency));

function expectBigCommerceTotals(stored: SalesTransaction, order: BcOrder, redeemed = 0): void {
  const currency = order.default_currency_code;
  expect(minor(stored.TotalAmt, currency)).toBe(minor(order.total_inc_tax, currency) - redeemed);
  expect(minor(stored.TxnTaxDetail?.TotalTax, currency)).toBe(minor(order.total_tax, currency));
}

// ---------------------------------------------------------------------------------------------------------
// Scenarios
// ---------------------------------------------------------------------------------------------------------

describe('mappers × QuickBooks sandbox × BigCommerce sandbox', () => {
  let usOrderId: number;
  let usReceipt: OriginalDocument;

  it('US Automated Sales Tax: paid order with coupon, automatic discount, shipping, handling and gift wrapping → SalesReceipt', async () => {
    const placed = bc.admin.createOrder(usStore.hash, {
      customer_id: 1,
      lines: [
        { ...productId(usStore, 'OTL'), quantity: 2 },
        { ...productId(usStore, 'FLCT-GRE-M'), quantity: 3, wrapping: { name: 'Gift Wrap', cost: '5.00' } },
      ],
      coupon: { code: 'SAVE10', name: 'Save 10', type: 'per_total_discount', amount: '10.00' },
      shipping: { cost: '12.00', method: 'Flat Rate' },
      handling: { cost: '3.00' },
      tax: { rate: '8.25' },
      payment: { gateway: 'stripe' },
      date_created: '2026-03-03T03:30:00Z',
    });
    usOrderId = placed.id;
    // An automatic promotion: 3.00 of the coupon's discount on the first line becomes a code-less discount.
    const model = bcModelStore(usStore).orders.get(placed.id)!;
    const line = model.lines[0]!;
    const coupon = line.appliedDiscounts[0]!;
    line.appliedDiscounts = [{ ...coupon, amount: coupon.amount - 30_000 }, { id: '7', amount: 30_000, name: 'Spring Sale', code: null, target: 'product' }];
    model.coupons[0]!.discount -= 30_000;
    model.couponDiscount -= 30_000;

    const snapshot = await readSnapshot(usStore, placed.id);
    expect(snapshot.products[0]?.applied_discounts.map((d) => d.code)).toEqual(['SAVE10', null]);
    expect(snapshot.taxes.length).toBeGreaterThan(0);
    const mapped = mapOrder('us', usStore, snapshot, 'sales_receipt');
    const stored = await postAndRead<SalesTransaction & { PaymentRefNum?: string }>('us', mapped.entity, mapped.payload);

    expectBigCommerceTotals(stored, snapshot.order);
    expect(minor(stored.TotalAmt, 'USD')).toBe(mapped.expected.totalCents);
    expect(stored.DocNumber).toBe(`BC-${placed.id}`);
    expect(stored.TxnDate).toBe('2026-03-02'); // 03:30 UTC is the evening before in the store's Chicago time
    expect(stored.ClassRef?.value).toBe(companies.us.settings.classes.defaultId);
    expect(stored.PaymentRefNum).toBe(snapshot.transactions[0]?.gateway_transaction_id?.slice(0, 21));
    const discount = stored.Line.find((l) => l.DetailType === 'DiscountLineDetail');
    expect(discount?.Description).toMatch(/^Coupon SAVE10 \(Save 10\) [\d.]+; Spring Sale \(automatic\) 3\.00$/);
    expect(stored.Line.some((l) => l.DetailType === 'SalesItemLineDetail' && l.SalesItemLineDetail.ItemRef?.value === 'SHIPPING_ITEM_ID')).toBe(true);
    usReceipt = { entity: 'SalesReceipt', id: stored.Id, docNumber: stored.DocNumber ?? '' };
  });

  it('a partial refund, then a full refund of the rest → two RefundReceipts with BigCommerce’s totals', async () => {
    const before = await readSnapshot(usStore, usOrderId);
    const first = bc.admin.refundOrder(usStore.hash, usOrderId, {
      items: [
        { item_type: 'PRODUCT', item_id: before.products[0]!.id, quantity: 1 },
        { item_type: 'SHIPPING', item_id: before.shippingAddresses[0]!.id },
      ],
    });
    bc.admin.refundOrder(usStore.hash, usOrderId);
    const after = await readSnapshot(usStore, usOrderId);
    expect(after.refunds.map((r) => r.id)).toEqual([first.id, first.id + 1]);

    let refundedTotal = 0;
    for (const refund of after.refunds) {
      const company = companies.us;
      const mapped = mapRefundToCreditDocument({
        snapshot: after,
        refund,
        originalDocument: usReceipt,
        settings: company.settings,
        facts: company.profile.facts,
        storeTimeZone: usStore.timeZone,
        storeCurrency: usStore.currency,
        refs: company.refs,
      });
      if (!mapped.ok) throw new Error(mapped.reason);
      expect(mapped.entity).toBe('RefundReceipt');
      const stored = await postAndRead<SalesTransaction>('us', mapped.entity, mapped.payload);
      expect(minor(stored.TotalAmt, 'USD')).toBe(parseMinor(refund.total_amount, 'USD'));
      expect(minor(stored.TxnTaxDetail?.TotalTax, 'USD')).toBe(parseMinor(refund.total_tax, 'USD'));
      expect(stored.DocNumber).toBe(`BC-${usOrderId}-R${refund.id}`);
      expect(stored.PrivateNote).toContain(`reverses sales receipt BC-${usOrderId}`);
      refundedTotal += minor(stored.TotalAmt, 'USD');
    }
    expect(refundedTotal).toBe(minor(after.order.total_inc_tax, 'USD'));
  });

  it('UK VAT with tax-inclusive prices, discounts and shipping as lines (company prefs off), department → SalesReceipt', async () => {
    const placed = bc.admin.createOrder(gbStore.hash, {
      customer_id: 1,
      billing_address: { street_1: '1 Poultry', city: 'London', zip: 'EC2R 8EJ', country: 'United Kingdom', country_iso2: 'GB', state: '' },
      lines: [
        { ...productId(gbStore, 'OTL'), quantity: 1 },
        { ...productId(gbStore, 'CC3C'), quantity: 2 },
      ],
      coupon: { code: 'TENOFF', name: '10% off', type: 'percentage_discount', amount: '10' },
      shipping: { cost: '6.00', method: 'Royal Mail' },
      tax: { rate: '20', inclusive: true, name: 'VAT' },
      payment: { gateway: 'braintree' },
    });
    const snapshot = await readSnapshot(gbStore, placed.id);
    expect(snapshot.order.is_tax_inclusive_pricing).toBe(true);
    const mapped = mapOrder('gb', gbStore, snapshot, 'sales_receipt');
    const stored = await postAndRead<SalesTransaction>('gb', mapped.entity, mapped.payload);
    expectBigCommerceTotals(stored, snapshot.order);
    expect(stored.GlobalTaxCalculation).toBe('TaxInclusive');
    expect(stored.DepartmentRef?.value).toBe(companies.gb.settings.departments.defaultId);
    expect(stored.CurrencyRef?.value).toBe('GBP');
    const vatCode = companies.gb.settings.tax.rateToTaxCode['1'];
    const itemLines = stored.Line.filter((l) => l.DetailType === 'SalesItemLineDetail');
    expect(itemLines.every((l) => l.DetailType === 'SalesItemLineDetail' && l.SalesItemLineDetail.TaxCodeRef?.value === vatCode)).toBe(true);
    expect(itemLines.some((l) => l.DetailType === 'SalesItemLineDetail' && l.SalesItemLineDetail.ItemRef?.value === companies.gb.refs.discountItemId && l.Amount < 0)).toBe(true);
  });

  it('a CAD order in a USD multicurrency company → CurrencyRef CAD and the exchange rate from BigCommerce', async () => {
    const placed = bc.admin.createOrder(usStore.hash, {
      customer_id: 1,
      lines: [{ ...productId(usStore, 'ABS'), quantity: 1 }],
      currency: { code: 'CAD', exchange_rate: '1.35' },
      shipping: { cost: '15.00' },
      tax: { rate: '13', name: 'HST' },
      payment: { gateway: 'stripe' },
    });
    const snapshot = await readSnapshot(usStore, placed.id);
    expect(snapshot.order.default_currency_code).toBe('CAD');
    const mapped = mapOrder('ca', usStore, snapshot, 'sales_receipt');
    const stored = await postAndRead<SalesTransaction>('ca', mapped.entity, mapped.payload);
    expectBigCommerceTotals(stored, snapshot.order);
    expect(stored.CurrencyRef?.value).toBe('CAD');
    expect(stored.ExchangeRate).toBe(0.7407407407);
    const total = minor(stored.TotalAmt, 'CAD');
    // HomeTotalAmt = TotalAmt × ExchangeRate, rounded to the cent.
    expect(minor(stored.HomeTotalAmt, 'USD')).toBe(Number((BigInt(total) * 7_407_407_407n + 5_000_000_000n) / 10_000_000_000n));
  });

  it('gift certificate and store credit redemptions → negative liability lines; the receipt holds what the card paid', async () => {
    const placed = bc.admin.createOrder(usStore.hash, {
      customer_id: 2,
      lines: [{ ...productId(usStore, 'OTL'), quantity: 1 }],
      shipping: { cost: '10.00' },
      tax: { rate: '8.25' },
      payment: { gateway: 'stripe' },
    });
    // Redemptions BigCommerce records on the order and as transactions; the card paid the rest.
    const store = bcModelStore(usStore);
    const model = store.orders.get(placed.id)!;
    model.giftCertificateAmount = 250_000;
    model.storeCreditAmount = 100_000;
    const transactions = store.transactions.get(placed.id)!;
    const card = transactions[0]!;
    card.amount = model.totalIncTax - 350_000;
    transactions.push(
      { ...card, id: card.id + 1000, method: 'gift_certificate', gateway: 'giftcertificate', gatewayTransactionId: '', amount: 250_000 },
      { ...card, id: card.id + 1001, method: 'store_credit', gateway: 'storecredit', gatewayTransactionId: '', amount: 100_000 },
    );

    const snapshot = await readSnapshot(usStore, placed.id);
    expect(snapshot.order.gift_certificate_amount).toBe('25.0000');
    expect(snapshot.order.store_credit_amount).toBe('10.0000');
    const mapped = mapOrder('us', usStore, snapshot, 'sales_receipt');
    const stored = await postAndRead<SalesTransaction>('us', mapped.entity, mapped.payload);
    expectBigCommerceTotals(stored, snapshot.order, 3500);
    const cardPaid = snapshot.transactions.find((t) => t.method === 'credit_card')!;
    expect(minor(stored.TotalAmt, 'USD')).toBe(parseMinor(cardPaid.amount, 'USD'));
    const refs = companies.us.refs;
    const amounts = Object.fromEntries(
      stored.Line.flatMap((l) => (l.DetailType === 'SalesItemLineDetail' ? [[l.SalesItemLineDetail.ItemRef?.value ?? '', l.Amount]] : [])),
    );
    expect(amounts[refs.giftCertificateItemId!]).toBe(-25);
    expect(amounts[refs.storeCreditItemId!]).toBe(-10);
  });

  it('invoice → Payment of the capture → CreditMemo for a partial refund', async () => {
    const placed = bc.admin.createOrder(usStore.hash, {
      customer_id: 1,
      lines: [{ ...productId(usStore, 'CC3C'), quantity: 2 }],
      shipping: { cost: '7.50' },
      tax: { rate: '8.25' },
      status_id: 7,
      payment: { gateway: 'stripe' },
    });
    const unpaid = await readSnapshot(usStore, placed.id);
    const mapped = mapOrder('us', usStore, unpaid, 'invoice');
    expect(mapped.entity).toBe('Invoice');
    const invoice = await postAndRead<Invoice>('us', mapped.entity, mapped.payload);
    expectBigCommerceTotals(invoice, unpaid.order);
    expect(minor(invoice.Balance, 'USD')).toBe(minor(unpaid.order.total_inc_tax, 'USD'));

    bc.admin.payOrder(usStore.hash, placed.id);
    const paid = await readSnapshot(usStore, placed.id);
    const company = companies.us;
    const payment = mapInvoicePayment({
      snapshot: paid,
      invoice: { id: invoice.Id, docNumber: invoice.DocNumber ?? '', totalCents: minor(invoice.TotalAmt, 'USD') },
      settings: company.settings,
      facts: company.profile.facts,
      storeTimeZone: usStore.timeZone,
      storeCurrency: usStore.currency,
      refs: company.refs,
    });
    if (!payment.ok) throw new Error(payment.reason);
    const storedPayment = await postAndRead<Payment>('us', 'Payment', payment.payload);
    const capture = paid.transactions.find((t) => t.event === 'capture')!;
    expect(minor(storedPayment.TotalAmt, 'USD')).toBe(parseMinor(capture.amount, 'USD'));
    expect(storedPayment.PaymentRefNum).toBe(capture.gateway_transaction_id?.slice(0, 21));
    expect(storedPayment.Line?.[0]?.LinkedTxn).toEqual([{ TxnId: invoice.Id, TxnType: 'Invoice' }]);
    const settled = await company.client.read<Invoice>('Invoice', invoice.Id);
    expect(minor(settled.Balance, 'USD')).toBe(0);

    bc.admin.refundOrder(usStore.hash, placed.id, { items: [{ item_type: 'PRODUCT', item_id: paid.products[0]!.id, quantity: 1 }] });
    const refunded = await readSnapshot(usStore, placed.id);
    const refund = refunded.refunds[0]!;
    const credit = mapRefundToCreditDocument({
      snapshot: refunded,
      refund,
      originalDocument: { entity: 'Invoice', id: invoice.Id, docNumber: invoice.DocNumber ?? '' },
      settings: company.settings,
      facts: company.profile.facts,
      storeTimeZone: usStore.timeZone,
      storeCurrency: usStore.currency,
      refs: company.refs,
    });
    if (!credit.ok) throw new Error(credit.reason);
    expect(credit.entity).toBe('CreditMemo');
    const memo = await postAndRead<SalesTransaction & { RemainingCredit?: number }>('us', credit.entity, credit.payload);
    expect(minor(memo.TotalAmt, 'USD')).toBe(parseMinor(refund.total_amount, 'USD'));
    expect(minor(memo.TxnTaxDetail?.TotalTax, 'USD')).toBe(parseMinor(refund.total_tax, 'USD'));
    expect(minor(memo.RemainingCredit, 'USD')).toBe(parseMinor(refund.total_amount, 'USD'));
  });
});
