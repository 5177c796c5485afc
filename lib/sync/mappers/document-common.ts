/**
 * What the sales-document, refund and payment mappers share: the references a posting needs, the store's
 * calendar date of an instant, currency and exchange rate, tax codes per line, Qty × UnitPrice that
 * QuickBooks accepts, addresses, class/department, and the QuickBooks total of a built document. Pure
 * functions, no I/O. Money is integer minor units (lib/money); rules:
 *  - QuickBooks rejects a line whose Amount ≠ Qty × UnitPrice (6070, checked to the cent). The line keeps
 *    BigCommerce's quantity and the shortest unit price (BigCommerce's own, else 2…7 decimals) whose product
 *    rounds to the amount; only when none does is it posted as Qty 1 × amount.
 *  - Tax codes: US companies get the pseudo codes TAX/NON per line (taxable = BigCommerce charged tax on it);
 *    every other country gets a real TaxCode per line, mapped from the BigCommerce tax rate(s) that applied to
 *    that line (GET /v2/orders/{id}/taxes?details=true rows, joined on order_product_id and
 *    line_item_type). Untaxed lines take the merchant's exempt code. A missing mapping stops the posting with
 *    a plain-language reason rather than guessing.
 *  - Currency: CurrencyRef is the currency the shopper paid in (default_currency_code). When it is not the
 *    company's home currency, multicurrency must be on, and ExchangeRate (home units per foreign unit) is
 *    derived from BigCommerce's store-default → transactional rate when the store's default currency is the
 *    company's home currency; otherwise it is left to QuickBooks' own rate for the date.
 */
import {
  currencyDecimals,
  decimalQuotient,
  formatScaled,
  parseMinor,
  parseScaled,
  parseTenThousandths,
  roundDivHalfUp,
  toMinor,
  type Minor,
  type TenThousandths,
} from '@/lib/money/money';
import type { BcAddress, BcOrder, BcOrderTax, OrderSnapshot } from '@/lib/bigcommerce/order-types';
import type { CompanyFacts } from '@/lib/quickbooks-connection/company-profile';
import type { PhysicalAddress, QuickBooksRecord, Ref, SalesLine, SalesItemLine } from '@/lib/quickbooks/quickbooks-types';
import type { SyncSettings } from '@/lib/sync/sync-settings';

// ---------------------------------------------------------------------------------------------------------
// Shared types
// ---------------------------------------------------------------------------------------------------------

/**
 * QuickBooks ids the posting uses, resolved by the caller (item map, auto-created items, settings). Anything
 * left out falls back to the store's SyncSettings where settings has a matching field.
 */
export interface PostingRefs {
  customerId: string;
  /** BigCommerce SKU → QuickBooks Item Id (the caller has already applied auto-create / fallback rules). */
  itemIdBySku: Readonly<Record<string, string>>;
  /** Item for shipping when the company has no shipping field (SalesFormsPrefs.AllowShipping off). */
  shippingItemId?: string;
  /** Item for handling fees (else the shipping item). */
  handlingItemId?: string;
  giftWrappingItemId?: string;
  /** Item for BigCommerce custom order fees. */
  feeItemId?: string;
  /** DiscountLineDetail.DiscountAccountRef (else the company's default discount account). */
  discountAccountId?: string;
  /** Item for negative discount lines when the company has discounts off (SalesFormsPrefs.AllowDiscount). */
  discountItemId?: string;
  /**
   * Item whose income account is the gift-certificate liability: gift certificates sold are credited to it,
   * redemptions (negative lines) debit it.
   */
  giftCertificateItemId?: string;
  /** Item whose income account is the store-credit liability (redemptions and refunds to store credit). */
  storeCreditItemId?: string;
  /** tax-codes companies: BigCommerce tax_rate_id (or "id+id" for a combined line) → QuickBooks TaxCode Id. */
  taxCodeIdByBcRateId?: Readonly<Record<string, string>>;
  /** tax-codes companies: TaxCode for lines BigCommerce charged no tax on (e.g. "Exempt", "No VAT"). */
  exemptTaxCodeId?: string;
  /** US: TxnTaxDetail.TxnTaxCodeRef (required by manual sales tax when the order has tax; optional with AST). */
  txnTaxCodeId?: string;
  classId?: string;
  departmentId?: string;
  paymentMethodId?: string;
  /** Sales receipt: where the money lands. Refund receipt: the account the refund is paid from. */
  depositAccountId?: string;
  /** Item for the visible rounding adjustment line. */
  roundingItemId?: string;
  /** Refunds: item for BigCommerce ORDER-level (custom, tax-exempt) refund amounts and tax-only adjustments. */
  orderRefundItemId?: string;
}

/** The store's time zone: an IANA name, or lib/firestore StoreFacts.timezone. */
export type StoreTimeZone = string | { name?: string; rawOffsetSeconds: number; dstOffsetSeconds?: number };

export interface MappingFailure {
  ok: false;
  /** Plain language for the merchant: what is wrong and what to change. */
  reason: string;
}

export interface ExpectedTotals {
  /** What QuickBooks must store as TotalAmt, in minor units of `currency` (cents for USD). */
  totalCents: Minor;
  /** What QuickBooks must store as TxnTaxDetail.TotalTax. */
  taxCents: Minor;
  currency: string;
}

/** A create payload: the entity without the fields QuickBooks assigns. */
export type NewEntity<T> = Omit<T, keyof QuickBooksRecord> & {
  /** Finance.xsd: with a TotalTax override, true = the override includes the shipping tax. */
  ShippingTaxIncludedInTotalTax?: boolean;
};

export class MappingError extends Error {
  override readonly name = 'MappingError';
}

export const fail = (reason: string): MappingFailure => ({ ok: false, reason });

// ---------------------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------------------

/**
 * The calendar date (YYYY-MM-DD) of `instant` (RFC-2822 or ISO 8601) in the store's time zone, with the IANA
 * zone's own rules (DST included); a zone name the runtime doesn't know falls back to the raw offset.
 */
export function storeDate(instant: string, zone: StoreTimeZone): string {
  const time = Date.parse(instant);
  if (Number.isNaN(time)) throw new MappingError(`the date "${instant}" could not be read`);
  const name = typeof zone === 'string' ? zone : zone.name;
  if (name) {
    try {
      const parts = new Intl.DateTimeFormat('en-US', { timeZone: name, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(time);
      const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
      const year = part('year');
      if (/^\d{4}$/.test(year)) return `${year}-${part('month')}-${part('day')}`;
    } catch {
      // Unknown zone name: use the offset below.
    }
  }
  const offset = typeof zone === 'string' ? 0 : zone.rawOffsetSeconds;
  return new Date(time + offset * 1000).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------------------
// Currency
// ---------------------------------------------------------------------------------------------------------

export interface CurrencyPlan {
  /** ISO code of the document (what the shopper paid in). */
  currency: string;
  /** CurrencyRef to send (multicurrency companies only). */
  currencyRef?: Ref;
  /** ExchangeRate to send: home-currency units per 1 unit of `currency`. */
  exchangeRate?: number;
}

/** Currency and exchange rate of an order's documents, or why the company can't take it. */
export function currencyPlan(order: BcOrder, facts: CompanyFacts, storeCurrency: string): CurrencyPlan | MappingFailure {
  const currency = (order.default_currency_code || order.currency_code || storeCurrency).trim().toUpperCase();
  const home = facts.homeCurrency.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) return fail(`BigCommerce order ${order.id} has no readable currency ("${currency}").`);
  if (home === '' || currency === home) {
    return facts.multiCurrency ? { currency, currencyRef: { value: currency } } : { currency };
  }
  if (!facts.multiCurrency) {
    return fail(
      `Order ${order.id} was paid in ${currency}, but your QuickBooks company works only in ${home}. ` +
        `Turn on Multicurrency in QuickBooks (Settings → Advanced → Currency) to post orders in ${currency}.`,
    );
  }
  const storeDefault = (order.store_default_currency_code || storeCurrency).trim().toUpperCase();
  const rateText = order.store_default_to_transactional_exchange_rate ?? order.currency_exchange_rate;
  let exchangeRate: number | undefined;
  if (storeDefault === home && rateText) {
    // BigCommerce: 1 store-default unit = rate transactional units; QuickBooks: home units per foreign unit.
    const rate = parseScaled(rateText);
    if (rate.digits > 0n) exchangeRate = Number(decimalQuotient(10n ** BigInt(rate.scale), rate.digits, 10));
  }
  return { currency, currencyRef: { value: currency }, ...(exchangeRate !== undefined ? { exchangeRate } : {}) };
}

// ---------------------------------------------------------------------------------------------------------
// Amounts
// ---------------------------------------------------------------------------------------------------------

/** A BigCommerce amount (v2 string / v3 number / absent) in ten-thousandths; absent or unreadable → 0. */
export function tt(value: string | number | null | undefined): TenThousandths {
  if (value === undefined || value === null || value === '') return 0;
  return parseTenThousandths(value);
}

/** A BigCommerce amount rounded to the currency's minor unit. */
export function minorOf(value: string | number | null | undefined, currency: string): Minor {
  if (value === undefined || value === null || value === '') return 0;
  return typeof value === 'number' ? parseMinor(value, currency) : toMinor(parseTenThousandths(value), currency);
}

export interface QtyPrice {
  Qty: number;
  UnitPrice: number;
}

/**
 * Qty and UnitPrice for a line of `amount` (minor units) and `quantity`, such that QuickBooks' check
 * round(Qty × UnitPrice) = Amount holds at cent precision (and at the currency's own precision):
 * BigCommerce's unit price when it fits, else the shortest unit price with 2…7 decimals that fits, else
 * Qty 1 × amount.
 */
export function fitQtyPrice(amount: Minor, quantity: number, currency: string, preferredUnit?: TenThousandths): QtyPrice {
  const decimals = currencyDecimals(currency);
  const checkScale = Math.max(decimals, 2);
  // The amount at the precision QuickBooks checks (cents, or finer for 3-decimal currencies).
  const target = BigInt(amount) * 10n ** BigInt(checkScale - decimals);
  const fits = (digits: bigint, scale: number) =>
    roundDivHalfUp(BigInt(quantity) * digits * 10n ** BigInt(checkScale), 10n ** BigInt(scale)) === target;
  const asNumber = (digits: bigint, scale: number) => Number(formatScaled(digits, scale));
  if (Number.isSafeInteger(quantity) && quantity > 0) {
    if (preferredUnit !== undefined && fits(BigInt(preferredUnit), 4)) return { Qty: quantity, UnitPrice: asNumber(BigInt(preferredUnit), 4) };
    const amountScaled = BigInt(amount); // at `decimals`
    for (let scale = Math.max(decimals, 2); scale <= 7; scale += 1) {
      const unit = roundDivHalfUp(amountScaled * 10n ** BigInt(scale - decimals), BigInt(quantity));
      if (fits(unit, scale)) return { Qty: quantity, UnitPrice: asNumber(unit, scale) };
    }
  }
  return { Qty: 1, UnitPrice: asNumber(BigInt(amount), decimals) };
}

// ---------------------------------------------------------------------------------------------------------
// Tax codes
// ---------------------------------------------------------------------------------------------------------

export type TaxLineKind = 'item' | 'shipping' | 'handling' | 'gift-wrapping';

export interface TaxTarget {
  kind: TaxLineKind;
  /** order_product id for item / gift-wrapping lines. */
  orderProductId?: number;
  /** order_address id for shipping / handling lines (any address when absent). */
  orderAddressId?: number;
  /** Tax BigCommerce charged on this line (any precision; only zero / non-zero matters). */
  taxCharged: TenThousandths;
  /** How the merchant knows the line, for reasons ("SKU ABC-1", "shipping"). */
  label: string;
}

export interface TaxCodeContext {
  model: CompanyFacts['taxModel'];
  taxes: readonly BcOrderTax[];
  rateMap: Readonly<Record<string, string>>;
  exemptTaxCodeId: string | undefined;
}

export function taxCodeContext(snapshot: OrderSnapshot, facts: CompanyFacts, settings: SyncSettings, refs: PostingRefs): TaxCodeContext {
  return {
    model: facts.taxModel,
    taxes: snapshot.taxes,
    rateMap: { ...settings.tax.rateToTaxCode, ...(refs.taxCodeIdByBcRateId ?? {}) },
    exemptTaxCodeId: refs.exemptTaxCodeId ?? settings.tax.exemptTaxCodeId,
  };
}

const TAX: Ref = { value: 'TAX' };
const NON: Ref = { value: 'NON' };

/** BigCommerce's tax rows for one line (details=true rows carry order_product_id and line_item_type). */
export function taxRowsFor(taxes: readonly BcOrderTax[], target: Pick<TaxTarget, 'kind' | 'orderProductId' | 'orderAddressId'>): BcOrderTax[] {
  return taxes.filter((row) => {
    if (row.line_item_type !== target.kind) return false;
    if (target.kind === 'item' || target.kind === 'gift-wrapping') {
      return row.order_product_id !== null && row.order_product_id !== undefined && String(row.order_product_id) === String(target.orderProductId);
    }
    return target.orderAddressId === undefined || !row.order_address_id || row.order_address_id === target.orderAddressId;
  });
}

/** The TaxCodeRef for a line, or why there is none. */
export function taxCodeFor(ctx: TaxCodeContext, target: TaxTarget): Ref | MappingFailure {
  const rows = taxRowsFor(ctx.taxes, target);
  const taxed = target.taxCharged !== 0 || rows.some((r) => tt(r.line_amount) !== 0);
  if (ctx.model !== 'tax-codes') return taxed ? TAX : NON;
  return nonUsTaxCode(ctx, rows, taxed, target.label);
}

/** A tax-exempt line in a tax-codes company (redemptions, rounding, refund adjustments). */
export function exemptCode(ctx: TaxCodeContext, label: string): Ref | MappingFailure {
  if (ctx.model !== 'tax-codes') return NON;
  if (!ctx.exemptTaxCodeId) {
    return fail(`Choose the QuickBooks tax code for untaxed amounts (for example "Exempt" or "No VAT") in the tax settings; it's needed for ${label}.`);
  }
  return { value: ctx.exemptTaxCodeId };
}

function nonUsTaxCode(ctx: TaxCodeContext, rows: BcOrderTax[], taxed: boolean, label: string): Ref | MappingFailure {
  const rateIds = [...new Set(rows.map((r) => String(r.tax_rate_id)))].sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
  if (rateIds.length === 0) {
    if (taxed) {
      return fail(
        `BigCommerce charged tax on ${label} but didn't say at which rate (the order's tax details are missing), so the QuickBooks tax code can't be chosen.`,
      );
    }
    return exemptCode(ctx, label);
  }
  const combined = ctx.rateMap[rateIds.join('+')];
  if (combined) return { value: combined };
  const codes = rateIds.map((id) => ctx.rateMap[id]);
  const names = rows.map((r) => `${r.name} (${r.rate}%, BigCommerce tax rate ${r.tax_rate_id})`);
  if (codes.some((c) => c === undefined)) {
    const missing = rows.filter((r) => !ctx.rateMap[String(r.tax_rate_id)]).map((r) => `${r.name} (${r.rate}%, BigCommerce tax rate ${r.tax_rate_id})`);
    return fail(`The BigCommerce tax rate ${[...new Set(missing)].join(', ')} used on ${label} is not mapped to a QuickBooks tax code. Map it in the tax settings.`);
  }
  const unique = [...new Set(codes)];
  if (unique.length === 1 && unique[0]) return { value: unique[0] };
  return fail(
    `${label} was taxed at several BigCommerce rates (${[...new Set(names)].join(', ')}) that map to different QuickBooks tax codes; ` +
      `map the combination "${rateIds.join('+')}" to one QuickBooks tax code (a combined code such as GST/PST).`,
  );
}

export function isFailure(value: unknown): value is MappingFailure {
  return typeof value === 'object' && value !== null && (value as { ok?: unknown }).ok === false;
}

// ---------------------------------------------------------------------------------------------------------
// Addresses, class, department, payment settings, text
// ---------------------------------------------------------------------------------------------------------

const clip = (text: string, max: number) => (text.length > max ? text.slice(0, max) : text);

/** A BigCommerce address as a QuickBooks PhysicalAddress: name, company, street lines; undefined if empty. */
export function qboAddress(address: Partial<BcAddress> | undefined): PhysicalAddress | undefined {
  if (!address) return undefined;
  const name = [address.first_name, address.last_name].map((s) => (s ?? '').trim()).filter(Boolean).join(' ');
  const lines = [name, address.company, address.street_1, address.street_2].map((s) => (s ?? '').trim()).filter(Boolean);
  const out: PhysicalAddress = {};
  const keys = ['Line1', 'Line2', 'Line3', 'Line4'] as const;
  lines.slice(0, 4).forEach((line, i) => {
    out[keys[i] ?? 'Line4'] = clip(line, 500);
  });
  const city = (address.city ?? '').trim();
  const state = (address.state ?? '').trim();
  const zip = (address.zip ?? '').trim();
  const country = (address.country_iso2 || address.country || '').trim();
  if (city) out.City = clip(city, 255);
  if (state) out.CountrySubDivisionCode = clip(state, 255);
  if (zip) out.PostalCode = clip(zip, 30);
  if (country) out.Country = clip(country, 255);
  return Object.keys(out).length ? out : undefined;
}

export interface Tracking {
  /** Header ClassRef (per-transaction class tracking). */
  classRef?: Ref;
  /** Line ClassRef (per-line class tracking). */
  lineClassRef?: Ref;
  departmentRef?: Ref;
}

/** Class and department for a channel, only when the company tracks them. */
export function trackingFor(facts: CompanyFacts, settings: SyncSettings, refs: PostingRefs, channelId: number): Tracking {
  const channel = String(channelId);
  const classId = refs.classId ?? settings.classes.byChannel[channel] ?? settings.classes.defaultId;
  const departmentId = refs.departmentId ?? settings.departments.byChannel[channel] ?? settings.departments.defaultId;
  const out: Tracking = {};
  if (classId && facts.classTracking === 'per-transaction') out.classRef = { value: classId };
  if (classId && facts.classTracking === 'per-line') out.lineClassRef = { value: classId };
  if (departmentId && facts.departmentTracking) out.departmentRef = { value: departmentId };
  return out;
}

/** The store's payment mapping for an order: by gateway of its payment transactions, else by method name. */
export function paymentSettingsFor(settings: SyncSettings, snapshot: OrderSnapshot): { paymentMethodId?: string; depositAccountId?: string } {
  const gateways = snapshot.transactions
    .filter((t) => (t.event === 'capture' || t.event === 'purchase') && t.status === 'ok')
    .map((t) => t.gateway);
  for (const key of [...gateways, snapshot.order.payment_method]) {
    const mapping = key ? settings.payments[key] : undefined;
    if (mapping) return mapping;
  }
  return {};
}

/** PaymentRefNum (≤ 21 characters): the reference's first 21 characters (the full one goes in PrivateNote). */
export function paymentRefNum(reference: string | number | null | undefined): string | undefined {
  const text = reference === null || reference === undefined ? '' : String(reference).trim();
  return text ? clip(text, 21) : undefined;
}

export function clipText(text: string, max: number): string {
  return clip(text, max);
}

/** "Size: L, Colour: Red" from BigCommerce product options. */
export function optionsText(options: ReadonlyArray<{ display_name?: string; display_value?: string }> | undefined): string {
  return (options ?? [])
    .map((o) => [o.display_name?.trim(), o.display_value?.trim()].filter(Boolean).join(': '))
    .filter(Boolean)
    .join(', ');
}

// ---------------------------------------------------------------------------------------------------------
// Building lines and the QuickBooks total
// ---------------------------------------------------------------------------------------------------------

/** A line under construction: the QuickBooks line plus its amount in minor units (for totals). */
export interface BuiltLine {
  line: SalesLine;
  /** Signed contribution to TotalAmt before tax: item lines +amount, discount lines −amount. */
  contribution: Minor;
}

export function itemLine(input: {
  itemId: string;
  amount: Minor;
  currency: string;
  description?: string;
  quantity?: number;
  preferredUnit?: TenThousandths;
  taxCode?: Ref;
  classRef?: Ref;
  /** SHIPPING_ITEM_ID lines carry only an amount. */
  amountOnly?: boolean;
}): BuiltLine {
  const detail: SalesItemLine['SalesItemLineDetail'] = { ItemRef: { value: input.itemId } };
  if (!input.amountOnly) Object.assign(detail, fitQtyPrice(input.amount, input.quantity ?? 1, input.currency, input.preferredUnit));
  if (input.taxCode) detail.TaxCodeRef = input.taxCode;
  if (input.classRef) detail.ClassRef = input.classRef;
  const line: SalesItemLine = {
    DetailType: 'SalesItemLineDetail',
    Amount: Number(formatScaled(input.amount, currencyDecimals(input.currency))),
    ...(input.description ? { Description: clip(input.description, 4000) } : {}),
    SalesItemLineDetail: detail,
  };
  return { line, contribution: input.amount };
}

/**
 * The TotalAmt QuickBooks stores for lines and a TotalTax override (mirrors the sandbox's sales-totals and
 * Intuit's rule): item lines − discount lines + tax, tax excluded when the amounts include it.
 */
export function quickBooksTotal(lines: readonly BuiltLine[], tax: Minor, taxInclusive: boolean): Minor {
  const subtotal = lines.reduce((sum, l) => sum + l.contribution, 0);
  return subtotal + (taxInclusive ? 0 : tax);
}
