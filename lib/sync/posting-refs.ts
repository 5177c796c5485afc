/**
 * Every QuickBooks reference a posting needs (PostingRefs, lib/sync/mappers/document-common.ts), chosen from
 * the store's settings, the cached company profile (facts + lists) and the house items (house-items.ts), as a
 * pure function: no I/O, so the order sync resolves them once per order with no QuickBooks call. Also says
 * which house items an order or a refund needs, so the caller ensures only those.
 *
 * Choices (first that applies):
 *  - deposit account: the payment mapping (settings.payments[gateway or method name]) → the store default →
 *    the company's active "Undeposited Funds";
 *  - payment method: the payment mapping → an active QuickBooks PaymentMethod with the gateway's / method's
 *    exact name (case aside) → none;
 *  - tax: tax-codes companies get settings' rate map and exempt code (else an active code named like
 *    "Exempt", "Zero-rated", "No VAT", "Out of scope"); US manual sales tax gets one TxnTaxCodeRef when every
 *    BigCommerce rate used maps to the same QuickBooks code; US automated sales tax gets neither;
 *  - class / department: settings by channel → default, only when the company tracks them;
 *  - discount account: settings → the company's default → an account named like "Discounts given";
 *  - items for shipping, handling, gift wrapping and rounding: the settings override → the house item; the
 *    other house items as given.
 * An account, method, code, class or department the settings name but the lists show inactive stops the
 * posting with a plain reason instead of a QuickBooks validation error.
 *
 * Rounding: whether an order needs a rounding line is only known once it is mapped. Pass probeRounding: then
 * a missing rounding item becomes PENDING_ROUNDING_ITEM_ID; when needsRoundingItem(result) says the mapped
 * document used it, ensure the 'rounding' house item, rebuild the refs and map again. A payload holding the
 * placeholder must never be posted.
 */
import type { BcRefund, OrderSnapshot } from '@/lib/bigcommerce/order-types';
import { toMinor, type TenThousandths } from '@/lib/money/money';
import type { CompanyFacts, CompanyLists, ProfileAccount } from '@/lib/quickbooks-connection/company-profile';
import type { HouseItemIds, HouseItemKind } from '@/lib/sync/house-items';
import { fail, taxRowsFor, tt, type MappingFailure, type PostingRefs } from '@/lib/sync/mappers/document-common';
import type { SalesDocumentResult } from '@/lib/sync/mappers/sales-document-mapper';
import type { SyncSettings } from '@/lib/sync/sync-settings';

export interface PostingRefsInput {
  settings: SyncSettings;
  facts: CompanyFacts;
  lists: CompanyLists;
  /** BigCommerce channel of the order (class / department by channel). */
  channelId: number;
  /**
   * The key(s) of settings.payments: the payment gateway (transactions' `gateway`) or the order's payment
   * method name. With several (paymentKeysOf), the first that settings map wins, as in the mappers.
   */
  paymentKey?: string | readonly string[] | undefined;
  /** ensureHouseItems' result. */
  houseItems: HouseItemIds;
  customerId: string;
  itemIdBySku: Readonly<Record<string, string>>;
  /** BigCommerce tax_rate_id(s) the order used (bcTaxRateIdsOf): checks their codes, picks the US TxnTaxCodeRef. */
  bcTaxRateIds?: ReadonlyArray<string | number>;
  /** Fill a missing rounding item with PENDING_ROUNDING_ITEM_ID (see needsRoundingItem). */
  probeRounding?: boolean;
}

/** Placeholder rounding item of a probe mapping: never a QuickBooks id (those are digits). */
export const PENDING_ROUNDING_ITEM_ID = 'pending-rounding-item';

export function postingRefsFor(input: PostingRefsInput): PostingRefs | MappingFailure {
  try {
    return buildRefs(input);
  } catch (error) {
    if (error instanceof Stop) return error.failure;
    throw error;
  }
}

class Stop extends Error {
  constructor(readonly failure: MappingFailure) {
    super(failure.reason);
  }
}

function stop(reason: string): never {
  throw new Stop(fail(reason));
}

function buildRefs(input: PostingRefsInput): PostingRefs {
  const { settings, facts, lists, houseItems } = input;
  const keys = paymentKeys(input.paymentKey);
  const mappedKey = keys.find((key) => settings.payments[key] !== undefined);
  const mapping = mappedKey !== undefined ? settings.payments[mappedKey] : undefined;
  const forPayment = mappedKey !== undefined ? ` for payments by "${mappedKey}"` : '';

  const depositAccountId =
    activeAccount(lists.accounts, mapping?.depositAccountId, `The deposit account${forPayment}`, 'Settings › Payments') ??
    activeAccount(lists.accounts, settings.accounts.defaultDepositAccountId, 'The default deposit account', 'Settings › Payments') ??
    undepositedFunds(lists.accounts);

  const paymentMethodId =
    activeEntry(lists.paymentMethods, mapping?.paymentMethodId, `The payment method${forPayment}`, 'Settings › Payments') ??
    paymentMethodNamed(lists, keys);

  const refs: PostingRefs = { customerId: input.customerId, itemIdBySku: input.itemIdBySku };
  const set = <K extends keyof PostingRefs>(key: K, value: PostingRefs[K] | undefined) => {
    if (value !== undefined && value !== '') refs[key] = value;
  };
  set('depositAccountId', depositAccountId);
  set('paymentMethodId', paymentMethodId);

  // Tax.
  const rateIds = input.bcTaxRateIds?.map(String);
  const rateMap = settings.tax.rateToTaxCode;
  if (facts.taxModel === 'tax-codes') {
    for (const rateId of rateIds ?? []) {
      const code = rateMap[rateId];
      if (code) activeTaxCode(lists, code, `The QuickBooks tax code mapped to BigCommerce tax rate ${rateId}`);
    }
    set('taxCodeIdByBcRateId', { ...rateMap });
    set('exemptTaxCodeId', activeTaxCode(lists, settings.tax.exemptTaxCodeId, 'The tax code for untaxed amounts') ?? exemptTaxCode(lists));
  } else if (facts.taxModel === 'us-manual') {
    const codes = rateIds && rateIds.length > 0 ? rateIds.map((id) => rateMap[id]) : Object.values(rateMap);
    const unique = new Set(codes);
    const only = unique.size === 1 ? [...unique][0] : undefined;
    set('txnTaxCodeId', activeTaxCode(lists, only, 'The QuickBooks sales tax rate for BigCommerce tax'));
  }

  // Class and department, only when tracked.
  const channel = String(input.channelId);
  if (facts.classTracking !== 'off') {
    const classId = settings.classes.byChannel[channel] ?? settings.classes.defaultId;
    set('classId', activeEntry(lists.classes, classId, `The class for channel ${channel}`, 'the sync settings'));
  }
  if (facts.departmentTracking) {
    const departmentId = settings.departments.byChannel[channel] ?? settings.departments.defaultId;
    const term = facts.departmentTerminology?.trim() || 'department';
    set('departmentId', activeEntry(lists.departments, departmentId, `The ${term.toLowerCase()} for channel ${channel}`, 'the sync settings'));
  }

  set(
    'discountAccountId',
    activeAccount(lists.accounts, settings.accounts.discountAccountId, 'The discount account') ??
      activeAccount(lists.accounts, facts.defaultDiscountAccount, 'The default discount account') ??
      discountAccount(lists.accounts),
  );

  // Items: a settings override wins over the house item (ensureHouseItems returns it too).
  set('shippingItemId', settings.accounts.shippingItemId ?? houseItems.shipping);
  set('handlingItemId', settings.accounts.handlingItemId ?? houseItems.handling);
  set('giftWrappingItemId', settings.accounts.giftWrappingItemId ?? houseItems.giftWrapping);
  set('roundingItemId', settings.accounts.roundingItemId ?? houseItems.rounding ?? (input.probeRounding ? PENDING_ROUNDING_ITEM_ID : undefined));
  set('feeItemId', houseItems.fee);
  set('discountItemId', houseItems.discount);
  set('orderRefundItemId', houseItems.orderRefund);
  set('giftCertificateItemId', houseItems.giftCertificate);
  set('storeCreditItemId', houseItems.storeCredit);
  return refs;
}

// ---------------------------------------------------------------------------------------------------------
// Lists
// ---------------------------------------------------------------------------------------------------------

function paymentKeys(key: PostingRefsInput['paymentKey']): string[] {
  const list: readonly string[] = key === undefined ? [] : typeof key === 'string' ? [key] : key;
  return list.filter((k) => k.trim() !== '');
}

/** An account id from settings, unless the lists show it inactive (an id the lists don't know is trusted). */
function activeAccount(accounts: readonly ProfileAccount[], id: string | undefined, what: string, where = 'Settings › Accounts'): string | undefined {
  return activeEntry(accounts, id, what, where);
}

function activeEntry(entries: ReadonlyArray<{ id: string; name: string; active: boolean }>, id: string | undefined, what: string, where: string): string | undefined {
  if (!id) return undefined;
  const entry = entries.find((candidate) => candidate.id === id);
  if (entry && !entry.active) stop(`${what} ("${entry.name}") is inactive in QuickBooks. Choose another one in ${where}.`);
  return id;
}

function activeTaxCode(lists: CompanyLists, id: string | undefined, what: string): string | undefined {
  return activeEntry(lists.taxCodes, id, what, 'the tax settings');
}

/** The active account named "Undeposited Funds", else the active one of that sub-type. */
function undepositedFunds(accounts: readonly ProfileAccount[]): string | undefined {
  const active = accounts.filter((account) => account.active);
  return (
    active.find((account) => normalise(account.name) === 'undeposited funds')?.id ??
    active.find((account) => account.subType === 'UndepositedFunds')?.id
  );
}

/** An active PaymentMethod whose name is one of the keys (case and spacing aside), in key order. */
function paymentMethodNamed(lists: CompanyLists, keys: readonly string[]): string | undefined {
  const active = lists.paymentMethods.filter((method) => method.active);
  for (const key of keys) {
    const match = active.find((method) => normalise(method.name) === normalise(key));
    if (match) return match.id;
  }
  return undefined;
}

const EXEMPT_NAMES = [/^exempt\b/i, /\bexempt\b/i, /^zero[- ]?rated\b/i, /^no vat\b/i, /^out of scope\b/i];

/** tax-codes companies without a configured exempt code: an active single code named like an exemption. */
function exemptTaxCode(lists: CompanyLists): string | undefined {
  const candidates = lists.taxCodes.filter((code) => code.active && code.taxGroup !== true);
  for (const pattern of EXEMPT_NAMES) {
    const match = candidates.find((code) => pattern.test(code.name.trim()));
    if (match) return match.id;
  }
  return undefined;
}

function discountAccount(accounts: readonly ProfileAccount[]): string | undefined {
  const candidates = accounts.filter((account) => account.active && ['Income', 'Other Income', 'Expense', 'Other Expense'].includes(account.type));
  return (
    candidates.find((account) => /^discounts? given$/i.test(account.name.trim()))?.id ??
    candidates.find((account) => /\bdiscounts?\b/i.test(account.name))?.id ??
    candidates.find((account) => account.subType === 'DiscountsRefundsGiven')?.id
  );
}

function normalise(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
}

// ---------------------------------------------------------------------------------------------------------
// What an order or refund needs
// ---------------------------------------------------------------------------------------------------------

/** The payment keys the mappers try, in their order: ok capture/purchase gateways, then the method name. */
export function paymentKeysOf(snapshot: OrderSnapshot): string[] {
  const gateways = snapshot.transactions
    .filter((t) => (t.event === 'capture' || t.event === 'purchase') && t.status === 'ok')
    .map((t) => t.gateway);
  const keys = [...gateways, snapshot.order.payment_method].filter((key): key is string => typeof key === 'string' && key.trim() !== '');
  return [...new Set(keys)];
}

/** The distinct BigCommerce tax_rate_ids on the order's tax rows. */
export function bcTaxRateIdsOf(snapshot: OrderSnapshot): string[] {
  return [...new Set(snapshot.taxes.map((row) => String(row.tax_rate_id)))].sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
}

/**
 * The house items mapOrderToSalesDocument will ask for, mirroring its rules:
 *  - shipping: there is a shipping charge and the company has no shipping field (AllowShipping off), or the
 *    charges of several addresses may carry different tax codes (then the field can't take them);
 *  - handling, gift wrapping, fees: the order has them;
 *  - discount: the order has discounts and the company has discounts off (AllowDiscount);
 *  - gift certificate: the order sells one or was paid partly with one; store credit: paid partly with it.
 * Rounding is never included: probe with postingRefsFor({ probeRounding: true }) and needsRoundingItem.
 */
export function neededHouseItems(snapshot: OrderSnapshot, facts: CompanyFacts): Set<HouseItemKind> {
  const need = new Set<HouseItemKind>();
  const order = snapshot.order;
  const inclusive = order.is_tax_inclusive_pricing === true;
  const currency = currencyOf(snapshot);

  // Shipping, per address as the mapper charges it.
  const shipping: Array<{ amount: string | number; tax: string | number; addressId?: number }> = snapshot.shippingAddresses.length
    ? snapshot.shippingAddresses.map((address) => ({ amount: inclusive ? address.cost_inc_tax : address.cost_ex_tax, tax: address.cost_tax, addressId: address.id }))
    : [{ amount: inclusive ? order.shipping_cost_inc_tax : order.shipping_cost_ex_tax, tax: order.shipping_cost_tax }];
  const charged = shipping.filter((c) => nonZeroMinor(c.amount, currency) || nonZero(c.tax));
  if (charged.length > 0) {
    if (!facts.shippingAllowed) {
      need.add('shipping');
    } else if (charged.length > 1) {
      // One tax code per charge, as far as the snapshot tells (the mapper resolves the real codes).
      const codes = charged.map((c) => {
        const rows = taxRowsFor(snapshot.taxes, { kind: 'shipping', ...(c.addressId !== undefined ? { orderAddressId: c.addressId } : {}) });
        const taxed = nonZero(c.tax) || rows.some((row) => nonZero(row.line_amount));
        if (facts.taxModel !== 'tax-codes') return taxed ? 'TAX' : 'NON';
        const ids = [...new Set(rows.map((row) => String(row.tax_rate_id)))].sort();
        return ids.length ? ids.join('+') : taxed ? 'taxed' : 'exempt';
      });
      if (new Set(codes).size > 1) need.add('shipping');
    }
  }

  const handling = snapshot.shippingAddresses.length
    ? snapshot.shippingAddresses.map((a) => ({ amount: inclusive ? a.handling_cost_inc_tax : a.handling_cost_ex_tax, tax: a.handling_cost_tax }))
    : [{ amount: inclusive ? order.handling_cost_inc_tax : order.handling_cost_ex_tax, tax: order.handling_cost_tax }];
  if (handling.some((c) => nonZeroMinor(c.amount, currency) || nonZero(c.tax))) need.add('handling');

  if (snapshot.products.some((p) => nonZero(p.wrapping_cost_inc_tax) || nonZero(p.wrapping_cost_ex_tax))) need.add('giftWrapping');
  if (snapshot.fees.some((f) => nonZero(f.cost_inc_tax) || nonZero(f.cost_ex_tax))) need.add('fee');

  if (!facts.discountAllowed) {
    let discounts: TenThousandths = 0;
    let unreadable = false;
    for (const product of snapshot.products) {
      for (const discount of product.applied_discounts ?? []) {
        const amount = safeTt(discount.amount);
        if (amount === undefined) unreadable = true;
        else discounts += amount;
      }
    }
    if (unreadable || nonZeroInMinor(discounts, currency)) need.add('discount');
  }

  if (snapshot.products.some((p) => p.type === 'giftcertificate') || nonZeroMinor(order.gift_certificate_amount, currency)) need.add('giftCertificate');
  if (nonZeroMinor(order.store_credit_amount, currency)) need.add('storeCredit');
  return need;
}

/**
 * The house items mapRefundToCreditDocument will ask for: the items of the refunded charges (shipping only
 * without the shipping field), the order-refund item for ORDER amounts and item-less adjustments, and the
 * liability items for gift certificates refunded and money refunded as store credit / gift certificate.
 */
export function neededHouseItemsForRefund(snapshot: OrderSnapshot, refund: BcRefund, facts: CompanyFacts): Set<HouseItemKind> {
  const need = new Set<HouseItemKind>();
  const currency = currencyOf(snapshot);
  for (const item of refund.items) {
    switch (item.item_type) {
      case 'PRODUCT': {
        const product = snapshot.products.find((p) => p.id === item.item_id);
        if (product?.type === 'giftcertificate') need.add('giftCertificate');
        break;
      }
      case 'GIFT_WRAPPING':
        need.add('giftWrapping');
        break;
      case 'SHIPPING':
        if (!facts.shippingAllowed) need.add('shipping');
        break;
      case 'HANDLING':
        need.add('handling');
        break;
      case 'FEE':
        need.add('fee');
        break;
      case 'ORDER':
        need.add('orderRefund');
        break;
    }
  }
  if (refund.items.length === 0) {
    const gross = safeTt(refund.total_amount);
    const tax = safeTt(refund.total_tax);
    const net = gross === undefined || tax === undefined ? undefined : snapshot.order.is_tax_inclusive_pricing === true ? gross : gross - tax;
    if (net === undefined || nonZeroInMinor(net, currency)) need.add('orderRefund');
  }
  for (const payment of refund.payments) {
    if (payment.is_declined || !nonZeroMinor(payment.amount, currency)) continue;
    if (payment.provider_id === 'storecredit') need.add('storeCredit');
    if (payment.provider_id === 'giftcertificate') need.add('giftCertificate');
  }
  return need;
}

/**
 * True when a probe mapping (postingRefsFor with probeRounding) added a rounding line on the placeholder
 * item: ensure the 'rounding' house item, rebuild the refs and map again before posting.
 */
export function needsRoundingItem(result: SalesDocumentResult): boolean {
  if (!result.ok || result.rounding === undefined) return false;
  return result.payload.Line.some(
    (line) => line.DetailType === 'SalesItemLineDetail' && line.SalesItemLineDetail.ItemRef?.value === PENDING_ROUNDING_ITEM_ID,
  );
}

// ---------------------------------------------------------------------------------------------------------
// Amounts (an unreadable amount counts as non-zero: asking for an item too many is harmless)
// ---------------------------------------------------------------------------------------------------------

function currencyOf(snapshot: OrderSnapshot): string {
  const order = snapshot.order;
  const code = (order.default_currency_code || order.currency_code || '').trim().toUpperCase();
  return /^[A-Z]{3}$/.test(code) ? code : 'USD';
}

function safeTt(value: string | number | null | undefined): TenThousandths | undefined {
  try {
    return tt(value);
  } catch {
    return undefined;
  }
}

function nonZero(value: string | number | null | undefined): boolean {
  const amount = safeTt(value);
  return amount === undefined || amount !== 0;
}

function nonZeroMinor(value: string | number | null | undefined, currency: string): boolean {
  const amount = safeTt(value);
  return amount === undefined || nonZeroInMinor(amount, currency);
}

function nonZeroInMinor(amount: TenThousandths, currency: string): boolean {
  return toMinor(amount, currency) !== 0;
}

export type { HouseItemIds, HouseItemKind } from '@/lib/sync/house-items';
