/**
 * BigCommerce order → QuickBooks SalesReceipt (paid at checkout) or Invoice (paid later), as a pure function:
 * the accounting rules live here, the caller does the I/O (reads the snapshot, resolves ids, posts, checks the
 * stored totals against `expected`).
 *
 * Accounting rules (amounts in the order's transactional currency, exact integer minor units):
 *  - Products: one line per order product on the item mapped from its SKU (never a silent fallback: an
 *    unmapped SKU stops the posting), options in the description ("Size: L, Colour: Red"), BigCommerce's
 *    quantity, the pre-discount line amount (ex tax, or inc tax for tax-inclusive stores), and a Qty/UnitPrice
 *    pair QuickBooks accepts. A gift certificate sold is not revenue: it goes to the gift-certificate item
 *    (whose income account is the liability).
 *  - Discounts (coupons, automatic promotions, manual discounts — the products' applied_discounts): one
 *    DiscountLineDetail for their sum when the company has discounts on (its description names every source),
 *    else negative lines on the discount item, one per source and tax code, so each carries the tax code of
 *    the products it reduced. Shipping coupons are already inside BigCommerce's shipping charge.
 *  - Shipping: the company's shipping field (ItemRef SHIPPING_ITEM_ID) when AllowShipping is on and one line
 *    suffices, else the shipping item. Handling (handling item, else the shipping item), gift wrapping and
 *    custom fees are lines of their own, at BigCommerce's charges.
 *  - Gift certificates and store credit redeemed are payments BigCommerce took in its own currency of trust,
 *    not money received: they are negative lines on the liability items, so the document's total is what the
 *    customer actually paid (the deposit) while revenue and tax stay at the full order value.
 *  - Tax exactly as BigCommerce computed it: TxnTaxDetail.TotalTax = total_tax always (an override QuickBooks
 *    honours; for US companies with ShippingTaxIncludedInTotalTax so shipping tax isn't added on top), line
 *    TaxCodeRef TAX/NON (US; plus TxnTaxCodeRef for manual sales tax) or the mapped TaxCode (elsewhere),
 *    GlobalTaxCalculation TaxInclusive/TaxExcluded outside the US. A US company can't take tax-inclusive prices.
 *  - Totals are verified before posting: the QuickBooks total of the built lines is compared with
 *    BigCommerce's total_inc_tax (less redemptions). A difference within settings.roundingThresholdCents
 *    becomes a visible rounding line; a larger one stops the posting with both amounts.
 *  - Header: DocNumber = prefix + order id, TxnDate = order date in the store's time zone, PrivateNote naming
 *    the BigCommerce order, Bill/Ship addresses, class/department only when tracked, currency/exchange rate;
 *    sales receipts add PaymentMethodRef, DepositToAccountRef and PaymentRefNum (≤ 21 chars), invoices don't.
 */
import { formatMinor, toMinor, type Minor, type TenThousandths } from '@/lib/money/money';
import type { BcOrderProduct, BcOrderShippingAddress, OrderSnapshot } from '@/lib/bigcommerce/order-types';
import type { CompanyFacts } from '@/lib/quickbooks-connection/company-profile';
import type { DiscountLine, Invoice, Ref, SalesReceipt, SalesLine } from '@/lib/quickbooks/quickbooks-types';
import { docNumberFor, type DocumentKind, type SyncSettings } from '@/lib/sync/sync-settings';
import {
  clipText,
  currencyPlan,
  exemptCode,
  fail,
  isFailure,
  itemLine,
  minorOf,
  optionsText,
  paymentRefNum,
  paymentSettingsFor,
  qboAddress,
  quickBooksTotal,
  storeDate,
  taxCodeContext,
  taxCodeFor,
  trackingFor,
  tt,
  type BuiltLine,
  type CurrencyPlan,
  type ExpectedTotals,
  type MappingFailure,
  type NewEntity,
  type PostingRefs,
  type StoreTimeZone,
  type TaxCodeContext,
} from './document-common';

export type { ExpectedTotals, MappingFailure, NewEntity, PostingRefs, StoreTimeZone } from './document-common';

/** Intuit's pseudo item that fills a sales form's shipping field (needs SalesFormsPrefs.AllowShipping). */
export const SHIPPING_ITEM_ID = 'SHIPPING_ITEM_ID';

export interface SalesDocumentInput {
  snapshot: OrderSnapshot;
  settings: SyncSettings;
  facts: CompanyFacts;
  /** IANA name or StoreFacts.timezone ({ name, rawOffsetSeconds, dstOffsetSeconds }). */
  storeTimeZone: StoreTimeZone;
  /** The store's default currency (GET /v2/store currency). */
  storeCurrency: string;
  refs: PostingRefs;
  document: DocumentKind;
}

export type NewSalesReceipt = NewEntity<SalesReceipt>;
export type NewInvoice = NewEntity<Invoice>;

interface MappedBase {
  ok: true;
  expected: ExpectedTotals;
  /** Present when a rounding line was added: its signed amount in minor units. */
  rounding?: { cents: Minor };
}

export type SalesDocumentResult =
  | (MappedBase & { entity: 'SalesReceipt'; payload: NewSalesReceipt })
  | (MappedBase & { entity: 'Invoice'; payload: NewInvoice })
  | MappingFailure;

/** Maps one order. Never throws for bad data: every problem comes back as `{ ok: false, reason }`. */
export function mapOrderToSalesDocument(input: SalesDocumentInput): SalesDocumentResult {
  try {
    return buildDocument(input);
  } catch (error) {
    if (error instanceof Stop) return error.failure;
    return fail(`BigCommerce order ${input.snapshot.order.id} could not be turned into a QuickBooks document: ${(error as Error).message}`);
  }
}

interface Context {
  input: SalesDocumentInput;
  currency: string;
  inclusive: boolean;
  tax: TaxCodeContext;
  lineClassRef: Ref | undefined;
  lines: BuiltLine[];
}

/** A problem found while building lines: thrown, and returned as `{ ok: false, reason }` by the entry point. */
class Stop extends Error {
  constructor(readonly failure: MappingFailure) {
    super(failure.reason);
  }
}

function stop(reason: string): never {
  throw new Stop(fail(reason));
}

function need<T>(value: T | MappingFailure): T {
  if (isFailure(value)) throw new Stop(value);
  return value;
}

function buildDocument(input: SalesDocumentInput): SalesDocumentResult {
  const { snapshot, settings, facts, refs } = input;
  const order = snapshot.order;
  const plan: CurrencyPlan = need(currencyPlan(order, facts, input.storeCurrency));
  const currency = plan.currency;
  const inclusive = order.is_tax_inclusive_pricing === true;
  if (inclusive && facts.taxModel !== 'tax-codes') {
    return fail(
      `Order ${order.id} has tax-inclusive prices, which a US QuickBooks company can't record. ` +
        'Switch the store to tax-exclusive prices, or connect a QuickBooks company that supports tax-inclusive amounts.',
    );
  }
  if (!refs.customerId) return fail(`Order ${order.id} has no QuickBooks customer yet.`);

  let docNumber: string;
  try {
    docNumber = docNumberFor(settings, order.id);
  } catch {
    return fail(`The document number for order ${order.id} would be longer than QuickBooks' 21 characters; shorten the number prefix in the settings.`);
  }
  const tracking = trackingFor(facts, settings, refs, order.channel_id);
  const ctx: Context = {
    input,
    currency,
    inclusive,
    tax: taxCodeContext(snapshot, facts, settings, refs),
    lineClassRef: tracking.lineClassRef,
    lines: [],
  };

  addProductLines(ctx);
  const discountLine = addDiscounts(ctx);
  addShipping(ctx);
  addHandling(ctx);
  addWrapping(ctx);
  addFees(ctx);
  const redeemed = addRedemptions(ctx);

  // Tax as BigCommerce computed it.
  const taxCents = minorOf(order.total_tax, currency);
  if (taxCents !== 0 && !facts.usingSalesTax) {
    return fail(`Order ${order.id} charged ${formatMinor(taxCents, currency)} ${currency} tax, but sales tax isn't set up in QuickBooks yet. Set it up in QuickBooks (Taxes) and retry.`);
  }
  let txnTaxCodeId: string | undefined;
  if (facts.taxModel !== 'tax-codes') {
    txnTaxCodeId = refs.txnTaxCodeId ?? (facts.taxModel === 'us-manual' ? uniqueMappedCode(ctx.tax) : undefined);
    if (facts.taxModel === 'us-manual' && taxCents !== 0 && !txnTaxCodeId) {
      return fail(`Order ${order.id} has sales tax: choose the QuickBooks sales tax rate (tax code) to record BigCommerce's tax under in the tax settings.`);
    }
  }

  // Totals: what QuickBooks will store vs. what BigCommerce charged.
  const bigCommerceTotal = minorOf(order.total_inc_tax, currency);
  const target = bigCommerceTotal - redeemed;
  const allLines = discountLine ? [...ctx.lines, discountLine] : ctx.lines;
  const computed = quickBooksTotal(allLines, taxCents, inclusive);
  let rounding: { cents: Minor } | undefined;
  if (computed !== target) {
    const difference = target - computed;
    const threshold = settings.roundingThresholdCents;
    if (Math.abs(difference) > threshold) {
      return fail(
        `Order ${order.id}: QuickBooks would total ${formatMinor(computed, currency)} ${currency} but BigCommerce's total is ` +
          `${formatMinor(target, currency)} ${currency}${redeemed ? ` (after ${formatMinor(redeemed, currency)} paid with gift certificates / store credit)` : ''}; ` +
          `the difference of ${formatMinor(difference, currency)} is more than the ${formatMinor(threshold, currency)} rounding allowance, so nothing was posted.`,
      );
    }
    const roundingItemId = refs.roundingItemId ?? settings.accounts.roundingItemId;
    if (!roundingItemId) {
      return fail(
        `Order ${order.id} differs from QuickBooks' total by ${formatMinor(difference, currency)} ${currency} (rounding). Choose a rounding item in the settings so the difference is posted as a visible adjustment line.`,
      );
    }
    ctx.lines.push(
      itemLine({
        itemId: roundingItemId,
        amount: difference,
        currency,
        description: 'Rounding difference to match the BigCommerce total',
        taxCode: need(exemptCode(ctx.tax, 'the rounding adjustment')),
        ...(ctx.lineClassRef ? { classRef: ctx.lineClassRef } : {}),
      }),
    );
    rounding = { cents: difference };
  }
  if (target < 0) return fail(`Order ${order.id} would post a negative total (${formatMinor(target, currency)} ${currency}).`);

  const shipTo = snapshot.shippingAddresses[0];
  const billAddr = qboAddress(order.billing_address);
  const shipAddr = qboAddress(shipTo);
  const email = order.billing_address?.email?.trim();
  const providerReference = order.payment_provider_id ?? undefined;
  const captureReference = snapshot.transactions.find((t) => (t.event === 'capture' || t.event === 'purchase') && t.status === 'ok' && t.gateway_transaction_id)?.gateway_transaction_id;
  const reference = providerReference !== undefined && String(providerReference).trim() !== '' ? String(providerReference) : (captureReference ?? undefined);
  const noteParts = [`BigCommerce order #${order.id}`, `channel ${order.channel_id}`];
  if (reference && reference.length > 21) noteParts.push(`payment reference ${reference}`);
  if (rounding) noteParts.push(`rounding adjustment ${formatMinor(rounding.cents, currency)}`);

  const lines: SalesLine[] = [...ctx.lines.map((l) => l.line), ...(discountLine ? [discountLine.line] : [])];
  const header = {
    CustomerRef: { value: refs.customerId },
    DocNumber: docNumber,
    TxnDate: storeDate(order.date_created, input.storeTimeZone),
    PrivateNote: clipText(noteParts.join('; '), 4000),
    Line: lines,
    TxnTaxDetail: { ...(txnTaxCodeId ? { TxnTaxCodeRef: { value: txnTaxCodeId } } : {}), TotalTax: Number(formatMinor(taxCents, currency)) },
    ...(facts.taxModel === 'tax-codes'
      ? { GlobalTaxCalculation: inclusive ? ('TaxInclusive' as const) : ('TaxExcluded' as const) }
      : { ShippingTaxIncludedInTotalTax: true }),
    ...(plan.currencyRef ? { CurrencyRef: plan.currencyRef } : {}),
    ...(plan.exchangeRate !== undefined ? { ExchangeRate: plan.exchangeRate } : {}),
    ...(billAddr ? { BillAddr: billAddr } : {}),
    ...(shipAddr ? { ShipAddr: shipAddr } : {}),
    ...(email ? { BillEmail: { Address: clipText(email, 100) } } : {}),
    ...(tracking.classRef ? { ClassRef: tracking.classRef } : {}),
    ...(tracking.departmentRef ? { DepartmentRef: tracking.departmentRef } : {}),
  };
  const expected: ExpectedTotals = { totalCents: target, taxCents, currency };

  if (input.document === 'invoice') {
    return { ok: true, entity: 'Invoice', payload: header, expected, ...(rounding ? { rounding } : {}) };
  }
  const payment = paymentSettingsFor(settings, snapshot);
  const paymentMethodId = refs.paymentMethodId ?? payment.paymentMethodId;
  const depositAccountId = refs.depositAccountId ?? payment.depositAccountId ?? settings.accounts.defaultDepositAccountId;
  const refNum = paymentRefNum(reference);
  const receipt: NewSalesReceipt = {
    ...header,
    ...(paymentMethodId ? { PaymentMethodRef: { value: paymentMethodId } } : {}),
    ...(depositAccountId ? { DepositToAccountRef: { value: depositAccountId } } : {}),
    ...(refNum ? { PaymentRefNum: refNum } : {}),
  };
  return { ok: true, entity: 'SalesReceipt', payload: receipt, expected, ...(rounding ? { rounding } : {}) };
}

// ---------------------------------------------------------------------------------------------------------
// Lines
// ---------------------------------------------------------------------------------------------------------

/** Pre-discount amount of an order product in the amounts the store enters (inc tax when inclusive). */
function productAmount(ctx: Context, product: BcOrderProduct): TenThousandths {
  return tt(ctx.inclusive ? product.total_inc_tax : product.total_ex_tax);
}

function productLabel(product: BcOrderProduct): string {
  return product.sku ? `SKU ${product.sku} (${product.name})` : `"${product.name}"`;
}

function addProductLines(ctx: Context): void {
  const { snapshot, refs } = ctx.input;
  for (const product of snapshot.products) {
    const giftCertificate = product.type === 'giftcertificate';
    let itemId: string | undefined;
    if (giftCertificate) {
      itemId = refs.giftCertificateItemId;
      if (!itemId) {
        stop(`Order ${snapshot.order.id} sells a gift certificate (${product.name}). Choose the QuickBooks item for gift certificates (its income account should be your gift certificate liability account).`);
      }
    } else {
      itemId = refs.itemIdBySku[product.sku];
      if (!itemId) {
        stop(
          product.sku
            ? `SKU ${product.sku} (${product.name}) is not mapped to a QuickBooks item. Map it, or turn on creating items automatically.`
            : `The product "${product.name}" on order ${snapshot.order.id} has no SKU, so it can't be matched to a QuickBooks item. Give it a SKU in BigCommerce or map it by hand.`,
        );
      }
    }
    const amount = toMinor(productAmount(ctx, product), ctx.currency);
    const options = optionsText(product.product_options);
    const taxCode = giftCertificate
      ? need(exemptCode(ctx.tax, `the gift certificate ${product.name}`))
      : need(
          taxCodeFor(ctx.tax, {
            kind: 'item',
            orderProductId: product.id,
            taxCharged: tt(product.total_tax),
            label: productLabel(product),
          }),
        );
    ctx.lines.push(
      itemLine({
        itemId,
        amount,
        currency: ctx.currency,
        description: options ? `${product.name} — ${options}` : product.name,
        quantity: product.quantity,
        preferredUnit: tt(ctx.inclusive ? product.price_inc_tax : product.price_ex_tax),
        taxCode,
        ...(ctx.lineClassRef ? { classRef: ctx.lineClassRef } : {}),
      }),
    );
  }
}

interface DiscountSource {
  key: string;
  label: string;
  /** Amount per product line (ten-thousandths), in product order. */
  perProduct: Map<BcOrderProduct, TenThousandths>;
}

function discountSources(ctx: Context): DiscountSource[] {
  const sources = new Map<string, DiscountSource>();
  for (const product of ctx.input.snapshot.products) {
    for (const discount of product.applied_discounts ?? []) {
      const amount = tt(discount.amount);
      if (amount === 0) continue;
      const code = discount.code?.trim();
      const name = discount.name?.trim();
      const key = code ? `code:${code}` : `id:${String(discount.id)}:${name ?? ''}`;
      const label = code ? `Coupon ${code}${name && name !== code ? ` (${name})` : ''}` : `${name || 'Discount'} (${discount.id === 'manual-discount' ? 'manual' : 'automatic'})`;
      const source = sources.get(key) ?? { key, label, perProduct: new Map<BcOrderProduct, TenThousandths>() };
      source.perProduct.set(product, (source.perProduct.get(product) ?? 0) + amount);
      sources.set(key, source);
    }
  }
  return [...sources.values()];
}

/**
 * Discounts: the DiscountLineDetail (returned, posted last) when the company allows discounts, else negative
 * lines on the discount item (added to ctx.lines).
 */
function addDiscounts(ctx: Context): BuiltLine | undefined {
  const { settings, facts, refs, snapshot } = ctx.input;
  const sources = discountSources(ctx);
  if (sources.length === 0) return undefined;
  const totalTt = sources.reduce((sum, s) => sum + [...s.perProduct.values()].reduce((a, b) => a + b, 0), 0);
  const total = toMinor(totalTt, ctx.currency);
  if (total === 0) return undefined;

  if (facts.discountAllowed) {
    const accountId = refs.discountAccountId ?? settings.accounts.discountAccountId ?? facts.defaultDiscountAccount;
    const description = sources
      .map((s) => `${s.label} ${formatMinor(toMinor([...s.perProduct.values()].reduce((a, b) => a + b, 0), ctx.currency), ctx.currency)}`)
      .join('; ');
    const line: DiscountLine = {
      DetailType: 'DiscountLineDetail',
      Amount: Number(formatMinor(total, ctx.currency)),
      Description: clipText(description, 4000),
      DiscountLineDetail: {
        PercentBased: false,
        ...(accountId ? { DiscountAccountRef: { value: accountId } } : {}),
        ...(ctx.lineClassRef ? { ClassRef: ctx.lineClassRef } : {}),
      },
    };
    return { line, contribution: -total };
  }

  const itemId = refs.discountItemId;
  if (!itemId) {
    stop(
      `Order ${snapshot.order.id} has discounts, and discounts are turned off in QuickBooks (Settings → Sales → Discount). Turn them on, or choose a discount item to post discounts as negative lines.`,
    );
  }
  // One negative line per discount source and tax code, so the discount reduces the right tax base.
  for (const source of sources) {
    const byCode = new Map<string, { code: Ref; amount: TenThousandths; products: string[] }>();
    for (const [product, amount] of source.perProduct) {
      const code = need(
        taxCodeFor(ctx.tax, { kind: 'item', orderProductId: product.id, taxCharged: tt(product.total_tax), label: productLabel(product) }),
      );
      const entry = byCode.get(code.value) ?? { code, amount: 0, products: [] };
      entry.amount += amount;
      entry.products.push(product.sku || product.name);
      byCode.set(code.value, entry);
    }
    for (const entry of byCode.values()) {
      const amount = toMinor(entry.amount, ctx.currency);
      if (amount === 0) continue;
      ctx.lines.push(
        itemLine({
          itemId,
          amount: -amount,
          currency: ctx.currency,
          description: `${source.label} on ${entry.products.join(', ')}`,
          taxCode: entry.code,
          ...(ctx.lineClassRef ? { classRef: ctx.lineClassRef } : {}),
        }),
      );
    }
  }
  return undefined;
}

interface Charge {
  address?: BcOrderShippingAddress;
  amount: Minor;
  taxCharged: TenThousandths;
  description: string;
}

function shippingCharges(ctx: Context): Charge[] {
  const { snapshot } = ctx.input;
  const order = snapshot.order;
  const charges: Charge[] = snapshot.shippingAddresses.map((address) => ({
    address,
    amount: toMinor(tt(ctx.inclusive ? address.cost_inc_tax : address.cost_ex_tax), ctx.currency),
    taxCharged: tt(address.cost_tax),
    description: `Shipping${address.shipping_method ? `: ${address.shipping_method}` : ''}`,
  }));
  if (charges.length === 0) {
    charges.push({
      amount: toMinor(tt(ctx.inclusive ? order.shipping_cost_inc_tax : order.shipping_cost_ex_tax), ctx.currency),
      taxCharged: tt(order.shipping_cost_tax),
      description: 'Shipping',
    });
  }
  return charges.filter((c) => c.amount !== 0 || c.taxCharged !== 0);
}

function addShipping(ctx: Context): void {
  const { facts, settings, refs, snapshot } = ctx.input;
  const charges = shippingCharges(ctx);
  if (charges.length === 0) return;
  const withCodes = charges.map((charge) => ({
    charge,
    code: need(
      taxCodeFor(ctx.tax, {
        kind: 'shipping',
        ...(charge.address ? { orderAddressId: charge.address.id } : {}),
        taxCharged: charge.taxCharged,
        label: 'shipping',
      }),
    ),
  }));
  const oneCode = new Set(withCodes.map((c) => c.code.value)).size === 1;
  if (facts.shippingAllowed && oneCode) {
    const first = withCodes[0];
    const amount = charges.reduce((sum, c) => sum + c.amount, 0);
    ctx.lines.push(
      itemLine({
        itemId: SHIPPING_ITEM_ID,
        amount,
        currency: ctx.currency,
        description: [...new Set(charges.map((c) => c.description))].join('; '),
        ...(first ? { taxCode: first.code } : {}),
        amountOnly: true,
      }),
    );
    return;
  }
  const itemId = refs.shippingItemId ?? settings.accounts.shippingItemId;
  if (!itemId) {
    stop(
      `Order ${snapshot.order.id} charges shipping${facts.shippingAllowed ? ' at several tax codes' : ' and the shipping field is turned off in QuickBooks'}; choose a shipping item in the settings.`,
    );
  }
  for (const { charge, code } of withCodes) {
    ctx.lines.push(
      itemLine({
        itemId,
        amount: charge.amount,
        currency: ctx.currency,
        description: charge.description,
        taxCode: code,
        ...(ctx.lineClassRef ? { classRef: ctx.lineClassRef } : {}),
      }),
    );
  }
}

function addHandling(ctx: Context): void {
  const { settings, refs, snapshot } = ctx.input;
  const order = snapshot.order;
  const charges: Charge[] = snapshot.shippingAddresses.length
    ? snapshot.shippingAddresses.map((address) => ({
        address,
        amount: toMinor(tt(ctx.inclusive ? address.handling_cost_inc_tax : address.handling_cost_ex_tax), ctx.currency),
        taxCharged: tt(address.handling_cost_tax),
        description: 'Handling',
      }))
    : [
        {
          amount: toMinor(tt(ctx.inclusive ? order.handling_cost_inc_tax : order.handling_cost_ex_tax), ctx.currency),
          taxCharged: tt(order.handling_cost_tax),
          description: 'Handling',
        },
      ];
  const due = charges.filter((c) => c.amount !== 0 || c.taxCharged !== 0);
  if (due.length === 0) return;
  const itemId = refs.handlingItemId ?? settings.accounts.handlingItemId ?? refs.shippingItemId ?? settings.accounts.shippingItemId;
  if (!itemId) stop(`Order ${order.id} has a handling fee; choose a handling (or shipping) item in the settings.`);
  for (const charge of due) {
    const code = need(
      taxCodeFor(ctx.tax, {
        kind: 'handling',
        ...(charge.address ? { orderAddressId: charge.address.id } : {}),
        taxCharged: charge.taxCharged,
        label: 'the handling fee',
      }),
    );
    ctx.lines.push(
      itemLine({ itemId, amount: charge.amount, currency: ctx.currency, description: charge.description, taxCode: code, ...(ctx.lineClassRef ? { classRef: ctx.lineClassRef } : {}) }),
    );
  }
}

function addWrapping(ctx: Context): void {
  const { settings, refs, snapshot } = ctx.input;
  const wrapped = snapshot.products.filter((p) => tt(p.wrapping_cost_inc_tax) !== 0 || tt(p.wrapping_cost_ex_tax) !== 0);
  if (wrapped.length === 0) return;
  const itemId = refs.giftWrappingItemId ?? settings.accounts.giftWrappingItemId;
  if (!itemId) stop(`Order ${snapshot.order.id} has gift wrapping; choose a gift wrapping item in the settings.`);
  for (const product of wrapped) {
    const amount = toMinor(tt(ctx.inclusive ? product.wrapping_cost_inc_tax : product.wrapping_cost_ex_tax), ctx.currency);
    const wrappingName = (product as { wrapping_name?: string | null }).wrapping_name;
    const code = need(
      taxCodeFor(ctx.tax, {
        kind: 'gift-wrapping',
        orderProductId: product.id,
        taxCharged: tt(product.wrapping_cost_tax),
        label: `gift wrapping of ${product.name}`,
      }),
    );
    ctx.lines.push(
      itemLine({
        itemId,
        amount,
        currency: ctx.currency,
        description: `Gift wrapping${wrappingName ? ` (${wrappingName})` : ''}: ${product.name}`,
        taxCode: code,
        ...(ctx.lineClassRef ? { classRef: ctx.lineClassRef } : {}),
      }),
    );
  }
}

function feeName(fee: object): string {
  const record = fee as Record<string, unknown>;
  for (const key of ['display_name_merchant', 'display_name', 'display_name_customer']) {
    const value = record[key];
    if (typeof value === 'string' && value.trim()) return value.trim();
  }
  return 'Fee';
}

function addFees(ctx: Context): void {
  const { refs, snapshot } = ctx.input;
  const fees = snapshot.fees.filter((f) => tt(f.cost_inc_tax) !== 0 || tt(f.cost_ex_tax) !== 0);
  if (fees.length === 0) return;
  const itemId = refs.feeItemId;
  if (!itemId) stop(`Order ${snapshot.order.id} has a custom fee (${feeName(fees[0] ?? {})}); choose an item for BigCommerce fees.`);
  for (const fee of fees) {
    const name = feeName(fee);
    const taxCharged = tt(fee.cost_tax);
    // BigCommerce's tax rows have no fee line type: a taxed fee's rate is unknown outside the US.
    const code =
      ctx.tax.model !== 'tax-codes'
        ? taxCharged !== 0
          ? { value: 'TAX' }
          : { value: 'NON' }
        : taxCharged !== 0
          ? stop(`The fee "${name}" on order ${snapshot.order.id} is taxed, but BigCommerce doesn't say at which rate, so its QuickBooks tax code can't be chosen.`)
          : need(exemptCode(ctx.tax, `the fee "${name}"`));
    ctx.lines.push(
      itemLine({
        itemId,
        amount: toMinor(tt(ctx.inclusive ? fee.cost_inc_tax : fee.cost_ex_tax), ctx.currency),
        currency: ctx.currency,
        description: name,
        taxCode: code,
        ...(ctx.lineClassRef ? { classRef: ctx.lineClassRef } : {}),
      }),
    );
  }
}

/** Gift certificates and store credit redeemed: negative lines on the liability items; returns their sum. */
function addRedemptions(ctx: Context): Minor {
  const { refs, snapshot } = ctx.input;
  const order = snapshot.order;
  let total = 0;
  const redemptions: Array<{ amount: Minor; itemId: string | undefined; what: string; setting: string }> = [
    { amount: minorOf(order.gift_certificate_amount, ctx.currency), itemId: refs.giftCertificateItemId, what: 'Gift certificate redeemed', setting: 'gift certificate' },
    { amount: minorOf(order.store_credit_amount, ctx.currency), itemId: refs.storeCreditItemId, what: 'Store credit redeemed', setting: 'store credit' },
  ];
  for (const redemption of redemptions) {
    if (redemption.amount === 0) continue;
    if (!redemption.itemId) {
      stop(
        `Order ${order.id} was partly paid with ${redemption.setting} (${formatMinor(redemption.amount, ctx.currency)} ${ctx.currency}). Choose the QuickBooks ${redemption.setting} item (its income account should be your ${redemption.setting} liability account).`,
      );
    }
    ctx.lines.push(
      itemLine({
        itemId: redemption.itemId,
        amount: -redemption.amount,
        currency: ctx.currency,
        description: redemption.what,
        taxCode: need(exemptCode(ctx.tax, `the ${redemption.setting} redemption`)),
        ...(ctx.lineClassRef ? { classRef: ctx.lineClassRef } : {}),
      }),
    );
    total += redemption.amount;
  }
  return total;
}

/** US manual sales tax: the QuickBooks code all of the order's BigCommerce rates map to, when they agree. */
function uniqueMappedCode(tax: TaxCodeContext): string | undefined {
  const codes = new Set<string>();
  for (const row of tax.taxes) {
    const code = tax.rateMap[String(row.tax_rate_id)];
    if (!code) return undefined;
    codes.add(code);
  }
  return codes.size === 1 ? [...codes][0] : undefined;
}
