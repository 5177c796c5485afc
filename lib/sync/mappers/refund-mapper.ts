/**
 * BigCommerce refund → QuickBooks RefundReceipt (the order was a SalesReceipt: money went back out) or
 * CreditMemo (the order was an Invoice: the customer's receivable is reduced), as a pure function. Each refund
 * maps on its own, so partial and repeated refunds each become one document.
 *
 * Accounting rules (exact integer minor units of the order currency):
 *  - The document total is BigCommerce's refund total_amount and its tax is total_tax, to the cent:
 *    TxnTaxDetail.TotalTax overrides QuickBooks' own computation (US: ShippingTaxIncludedInTotalTax).
 *  - Lines mirror the refund items, reversing the original posting line for line: PRODUCT on the SKU's item
 *    with the refunded quantity and its share of the line's discounted amount; GIFT_WRAPPING, SHIPPING,
 *    HANDLING and FEE on the same items the order used (shipping field when the company has one); ORDER
 *    (a tax-exempt custom amount) and tax-only adjustments on the order-refund item. A refund's items carry no
 *    money per product, so total_amount is split over the items in proportion to what each would refund
 *    (largest remainder, so the parts add up exactly) and total_tax likewise over the taxed items; lines are
 *    net of their tax share unless the store's prices include tax.
 *  - Tax codes per line as on the order (TAX/NON in the US, the mapped TaxCode elsewhere).
 *  - Money refunded to store credit (or a gift certificate) didn't leave the business: a negative line on
 *    the store-credit (gift-certificate) liability item credits that liability, and the document total is
 *    only what was paid back.
 *  - DocNumber `${prefix}${orderId}-R${refundId}` (≤ 21 characters; without the prefix, then `R${refundId}`,
 *    when too long), TxnDate = refund date in the store's time zone, PrivateNote naming the BigCommerce
 *    refund and the original document. QuickBooks' API has no writable link from a RefundReceipt or
 *    CreditMemo to the sale (LinkedTxn is set by QuickBooks itself when a payment applies a credit memo),
 *    so the link is the note and the ledger; see payment-mapper mapCreditMemoApplication for applying a
 *    credit memo to its open invoice.
 */
import { allocate, formatMinor, mulDivHalfUp, type Minor, type TenThousandths } from '@/lib/money/money';
import type { BcOrderProduct, BcRefund, OrderSnapshot } from '@/lib/bigcommerce/order-types';
import type { CompanyFacts } from '@/lib/quickbooks-connection/company-profile';
import type { CreditMemo, DescriptionOnlyLine, Ref, RefundReceipt, SalesLine } from '@/lib/quickbooks/quickbooks-types';
import type { SyncSettings } from '@/lib/sync/sync-settings';
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
  type ExpectedTotals,
  type MappingFailure,
  type NewEntity,
  type PostingRefs,
  type StoreTimeZone,
  type TaxCodeContext,
} from './document-common';
import { SHIPPING_ITEM_ID } from './sales-document-mapper';

export interface OriginalDocument {
  entity: 'SalesReceipt' | 'Invoice';
  /** QuickBooks Id of the posted order document. */
  id: string;
  docNumber: string;
}

export interface RefundDocumentInput {
  snapshot: OrderSnapshot;
  refund: BcRefund;
  originalDocument: OriginalDocument;
  settings: SyncSettings;
  facts: CompanyFacts;
  storeTimeZone: StoreTimeZone;
  storeCurrency: string;
  /** Same references as the order's posting; depositAccountId is the account a refund receipt pays from. */
  refs: PostingRefs;
}

export type NewRefundReceipt = NewEntity<RefundReceipt>;
export type NewCreditMemo = NewEntity<CreditMemo>;

export type RefundDocumentResult =
  | { ok: true; entity: 'RefundReceipt'; payload: NewRefundReceipt; expected: ExpectedTotals }
  | { ok: true; entity: 'CreditMemo'; payload: NewCreditMemo; expected: ExpectedTotals }
  | MappingFailure;

/** `${prefix}${orderId}-R${refundId}`, shortened deterministically to QuickBooks' 21 characters. */
export function refundDocNumber(prefix: string, orderId: number, refundId: number): string {
  const candidates = [`${prefix}${orderId}-R${refundId}`, `${orderId}-R${refundId}`, `R${refundId}`];
  return candidates.find((c) => c.length <= 21) ?? `R${refundId}`.slice(0, 21);
}

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

export function mapRefundToCreditDocument(input: RefundDocumentInput): RefundDocumentResult {
  try {
    return buildRefund(input);
  } catch (error) {
    if (error instanceof Stop) return error.failure;
    return fail(`Refund ${input.refund.id} of BigCommerce order ${input.snapshot.order.id} could not be turned into a QuickBooks document: ${(error as Error).message}`);
  }
}

/** One refund item, before the refund's totals are split over the items. */
interface RefundPart {
  /** What the item would refund, tax included (weight for splitting total_amount). */
  grossWeight: TenThousandths;
  /** Its tax (weight for splitting total_tax). */
  taxWeight: TenThousandths;
  /** false for ORDER amounts (tax-exempt in BigCommerce). */
  taxable: boolean;
  line(amount: Minor, taxShare: Minor): BuiltLine;
}

interface Context {
  input: RefundDocumentInput;
  currency: string;
  inclusive: boolean;
  tax: TaxCodeContext;
  lineClassRef: Ref | undefined;
}

function buildRefund(input: RefundDocumentInput): RefundDocumentResult {
  const { snapshot, refund, settings, facts, refs, originalDocument } = input;
  const order = snapshot.order;
  const plan = need(currencyPlan(order, facts, input.storeCurrency));
  const currency = plan.currency;
  const inclusive = order.is_tax_inclusive_pricing === true;
  if (inclusive && facts.taxModel !== 'tax-codes') {
    return fail(`Order ${order.id} has tax-inclusive prices, which a US QuickBooks company can't record, so its refund ${refund.id} can't be posted either.`);
  }
  if (!refs.customerId) return fail(`Refund ${refund.id}: order ${order.id} has no QuickBooks customer.`);
  const tracking = trackingFor(facts, settings, refs, order.channel_id);
  const ctx: Context = { input, currency, inclusive, tax: taxCodeContext(snapshot, facts, settings, refs), lineClassRef: tracking.lineClassRef };

  const grossTotal = minorOf(refund.total_amount, currency);
  const taxTotal = minorOf(refund.total_tax, currency);
  if (grossTotal <= 0) return fail(`Refund ${refund.id} of order ${order.id} has no amount to post (${formatMinor(grossTotal, currency)} ${currency}).`);
  if (taxTotal !== 0 && !facts.usingSalesTax) {
    return fail(`Refund ${refund.id} of order ${order.id} refunds ${formatMinor(taxTotal, currency)} ${currency} tax, but sales tax isn't set up in QuickBooks.`);
  }

  const lines: BuiltLine[] = [];
  const parts = refund.items.map((item) => refundPart(ctx, item));
  if (parts.length > 0) {
    const grossParts = allocate(grossTotal, parts.map((p) => p.grossWeight));
    const taxedParts = parts.map((p) => (p.taxable ? p.taxWeight : 0));
    let taxWeights = taxedParts;
    if (taxWeights.every((w) => w === 0)) taxWeights = parts.map((p) => (p.taxable ? p.grossWeight : 0));
    if (taxWeights.every((w) => w === 0)) taxWeights = parts.map((p) => p.grossWeight);
    const taxParts = allocate(taxTotal, taxWeights);
    parts.forEach((part, i) => {
      const gross = grossParts[i] ?? 0;
      const taxShare = taxParts[i] ?? 0;
      lines.push(part.line(inclusive ? gross : gross - taxShare, taxShare));
    });
  } else {
    // Items are empty when the refund was a tax adjustment (BigCommerce tax_refund_adjustment).
    const net = inclusive ? grossTotal : grossTotal - taxTotal;
    if (net !== 0) {
      const itemId = refs.orderRefundItemId;
      if (!itemId) stop(`Refund ${refund.id} of order ${order.id} is an order-level adjustment; choose the QuickBooks item for refund adjustments.`);
      lines.push(
        itemLine({
          itemId,
          amount: net,
          currency,
          description: `Refund adjustment${refund.reason ? `: ${refund.reason}` : ''}`,
          taxCode: need(exemptCode(ctx.tax, 'the refund adjustment')),
          ...(ctx.lineClassRef ? { classRef: ctx.lineClassRef } : {}),
        }),
      );
    } else {
      const line: DescriptionOnlyLine = { DetailType: 'DescriptionOnly', Description: `Tax refund adjustment${refund.reason ? `: ${refund.reason}` : ''}` };
      lines.push({ line, contribution: 0 });
    }
  }

  // Refunds to store credit / gift certificates: credit the liability instead of paying money out.
  let keptAsCredit = 0;
  const credits: Array<{ provider: string; itemId: string | undefined; what: string }> = [
    { provider: 'storecredit', itemId: refs.storeCreditItemId, what: 'store credit' },
    { provider: 'giftcertificate', itemId: refs.giftCertificateItemId, what: 'gift certificate' },
  ];
  for (const credit of credits) {
    const amount = refund.payments
      .filter((p) => p.provider_id === credit.provider && !p.is_declined)
      .reduce((sum, p) => sum + minorOf(p.amount, currency), 0);
    if (amount === 0) continue;
    if (!credit.itemId) {
      stop(`Refund ${refund.id} of order ${order.id} was given as ${credit.what}; choose the QuickBooks ${credit.what} item (its income account should be your ${credit.what} liability account).`);
    }
    lines.push(
      itemLine({
        itemId: credit.itemId,
        amount: -amount,
        currency,
        description: `Refunded as ${credit.what}`,
        taxCode: need(exemptCode(ctx.tax, `the refund to ${credit.what}`)),
        ...(ctx.lineClassRef ? { classRef: ctx.lineClassRef } : {}),
      }),
    );
    keptAsCredit += amount;
  }

  const target = grossTotal - keptAsCredit;
  const computed = quickBooksTotal(lines, taxTotal, inclusive);
  if (computed !== target) {
    // Cannot happen with the exact split above; kept as the same guard the order mapper has.
    return fail(`Refund ${refund.id}: QuickBooks would total ${formatMinor(computed, currency)} but BigCommerce refunded ${formatMinor(target, currency)} ${currency}.`);
  }

  let txnTaxCodeId: string | undefined;
  if (facts.taxModel !== 'tax-codes') {
    txnTaxCodeId = refs.txnTaxCodeId;
    if (facts.taxModel === 'us-manual' && taxTotal !== 0 && !txnTaxCodeId) {
      return fail(`Refund ${refund.id} of order ${order.id} refunds sales tax: choose the QuickBooks sales tax rate (tax code) in the tax settings.`);
    }
  }
  const noteParts = [
    `BigCommerce refund #${refund.id} of order #${order.id}`,
    `reverses ${originalDocument.entity === 'SalesReceipt' ? 'sales receipt' : 'invoice'} ${originalDocument.docNumber} (QuickBooks Id ${originalDocument.id})`,
  ];
  if (refund.reason) noteParts.push(`reason: ${refund.reason}`);
  const billAddr = qboAddress(order.billing_address);
  const shipAddr = qboAddress(snapshot.shippingAddresses[0]);
  const header = {
    CustomerRef: { value: refs.customerId },
    DocNumber: refundDocNumber(settings.docNumberPrefix, order.id, refund.id),
    TxnDate: storeDate(refund.created, input.storeTimeZone),
    PrivateNote: clipText(noteParts.join('; '), 4000),
    Line: lines.map((l) => l.line) as SalesLine[],
    TxnTaxDetail: { ...(txnTaxCodeId ? { TxnTaxCodeRef: { value: txnTaxCodeId } } : {}), TotalTax: Number(formatMinor(taxTotal, currency)) },
    ...(facts.taxModel === 'tax-codes'
      ? { GlobalTaxCalculation: inclusive ? ('TaxInclusive' as const) : ('TaxExcluded' as const) }
      : { ShippingTaxIncludedInTotalTax: true }),
    ...(plan.currencyRef ? { CurrencyRef: plan.currencyRef } : {}),
    ...(plan.exchangeRate !== undefined ? { ExchangeRate: plan.exchangeRate } : {}),
    ...(billAddr ? { BillAddr: billAddr } : {}),
    ...(shipAddr ? { ShipAddr: shipAddr } : {}),
    ...(tracking.classRef ? { ClassRef: tracking.classRef } : {}),
    ...(tracking.departmentRef ? { DepartmentRef: tracking.departmentRef } : {}),
  };
  const expected: ExpectedTotals = { totalCents: target, taxCents: taxTotal, currency };

  if (originalDocument.entity === 'Invoice') return { ok: true, entity: 'CreditMemo', payload: header, expected };

  const payment = paymentSettingsFor(settings, snapshot);
  const depositAccountId = refs.depositAccountId ?? payment.depositAccountId ?? settings.accounts.defaultDepositAccountId;
  if (!depositAccountId) {
    return fail(`Refund ${refund.id} of order ${order.id}: choose the account refunds are paid from (QuickBooks needs it on every refund receipt).`);
  }
  const paymentMethodId = refs.paymentMethodId ?? payment.paymentMethodId;
  const reference = refund.payments.find((p) => p.transaction_id)?.transaction_id;
  const refNum = paymentRefNum(reference);
  const receipt: NewRefundReceipt = {
    ...header,
    DepositToAccountRef: { value: depositAccountId },
    ...(paymentMethodId ? { PaymentMethodRef: { value: paymentMethodId } } : {}),
    ...(refNum ? { PaymentRefNum: refNum } : {}),
  };
  return { ok: true, entity: 'RefundReceipt', payload: receipt, expected };
}

// ---------------------------------------------------------------------------------------------------------
// Items
// ---------------------------------------------------------------------------------------------------------

/** Discounted line amount of an order product, tax included (BigCommerce discounted_total_inc_tax). */
function discountedGross(ctx: Context, product: BcOrderProduct): TenThousandths {
  const given = product.discounted_total_inc_tax;
  if (given !== undefined && given !== '') return tt(given);
  const discounts = (product.applied_discounts ?? []).reduce((sum, d) => sum + tt(d.amount), 0);
  return ctx.inclusive ? tt(product.total_inc_tax) - discounts : tt(product.total_ex_tax) - discounts + tt(product.total_tax);
}

function requested(item: BcRefund['items'][number]): TenThousandths | undefined {
  const value = item.requested_amount;
  return value === null || value === undefined || value === '' ? undefined : tt(value);
}

function refundPart(ctx: Context, item: BcRefund['items'][number]): RefundPart {
  const { snapshot, settings, facts, refs, refund } = ctx.input;
  const order = snapshot.order;
  const currency = ctx.currency;
  const classRef = ctx.lineClassRef ? { classRef: ctx.lineClassRef } : {};

  switch (item.item_type) {
    case 'PRODUCT':
    case 'GIFT_WRAPPING': {
      const product = snapshot.products.find((p) => p.id === item.item_id);
      if (!product) stop(`Refund ${refund.id} refunds order product ${item.item_id}, which isn't on order ${order.id}.`);
      if (item.item_type === 'GIFT_WRAPPING') {
        const itemId = refs.giftWrappingItemId ?? settings.accounts.giftWrappingItemId;
        if (!itemId) stop(`Refund ${refund.id} refunds gift wrapping; choose a gift wrapping item in the settings.`);
        return {
          grossWeight: tt(product.wrapping_cost_inc_tax),
          taxWeight: tt(product.wrapping_cost_tax),
          taxable: true,
          line: (amount, taxShare) =>
            itemLine({
              itemId,
              amount,
              currency,
              description: `Refund: gift wrapping of ${product.name}`,
              taxCode: need(taxCodeFor(ctx.tax, { kind: 'gift-wrapping', orderProductId: product.id, taxCharged: taxShare !== 0 ? taxShare : tt(product.wrapping_cost_tax), label: `gift wrapping of ${product.name}` })),
              ...classRef,
            }),
        };
      }
      const giftCertificate = product.type === 'giftcertificate';
      const itemId = giftCertificate ? refs.giftCertificateItemId : refs.itemIdBySku[product.sku];
      if (!itemId) {
        stop(
          giftCertificate
            ? `Refund ${refund.id} refunds a gift certificate; choose the QuickBooks gift certificate item.`
            : product.sku
              ? `SKU ${product.sku} (${product.name}) is not mapped to a QuickBooks item. Map it, then retry the refund.`
              : `The refunded product "${product.name}" has no SKU, so it can't be matched to a QuickBooks item.`,
        );
      }
      const quantity = item.quantity ?? product.quantity;
      const whole = Math.max(product.quantity, 1);
      const options = optionsText(product.product_options);
      return {
        grossWeight: mulDivHalfUp(discountedGross(ctx, product), quantity, whole),
        taxWeight: mulDivHalfUp(tt(product.total_tax), quantity, whole),
        taxable: !giftCertificate,
        line: (amount, taxShare) =>
          itemLine({
            itemId,
            amount,
            currency,
            quantity,
            description: `Refund: ${product.name}${options ? ` — ${options}` : ''}`,
            taxCode: giftCertificate
              ? need(exemptCode(ctx.tax, `the gift certificate ${product.name}`))
              : need(
                  taxCodeFor(ctx.tax, {
                    kind: 'item',
                    orderProductId: product.id,
                    taxCharged: taxShare !== 0 ? taxShare : tt(product.total_tax),
                    label: product.sku ? `SKU ${product.sku} (${product.name})` : `"${product.name}"`,
                  }),
                ),
            ...classRef,
          }),
      };
    }
    case 'SHIPPING':
    case 'HANDLING': {
      const shipping = item.item_type === 'SHIPPING';
      const address = snapshot.shippingAddresses.find((a) => a.id === item.item_id) ?? snapshot.shippingAddresses[0];
      const costInc = tt(address ? (shipping ? address.cost_inc_tax : address.handling_cost_inc_tax) : shipping ? order.shipping_cost_inc_tax : order.handling_cost_inc_tax);
      const costTax = tt(address ? (shipping ? address.cost_tax : address.handling_cost_tax) : shipping ? order.shipping_cost_tax : order.handling_cost_tax);
      const gross = requested(item) ?? costInc;
      const taxWeight = costInc !== 0 ? mulDivHalfUp(costTax, gross, costInc) : 0;
      const what = shipping ? 'shipping' : 'handling';
      const useField = shipping && facts.shippingAllowed;
      const itemId = useField
        ? SHIPPING_ITEM_ID
        : shipping
          ? (refs.shippingItemId ?? settings.accounts.shippingItemId)
          : (refs.handlingItemId ?? settings.accounts.handlingItemId ?? refs.shippingItemId ?? settings.accounts.shippingItemId);
      if (!itemId) stop(`Refund ${refund.id} refunds ${what}; choose a ${what} item in the settings.`);
      return {
        grossWeight: gross,
        taxWeight,
        taxable: true,
        line: (amount, taxShare) =>
          itemLine({
            itemId,
            amount,
            currency,
            description: `Refund: ${what}${address?.shipping_method && shipping ? ` (${address.shipping_method})` : ''}`,
            taxCode: need(
              taxCodeFor(ctx.tax, {
                kind: shipping ? 'shipping' : 'handling',
                ...(address ? { orderAddressId: address.id } : {}),
                taxCharged: taxShare !== 0 ? taxShare : costTax,
                label: what,
              }),
            ),
            ...(useField ? { amountOnly: true } : classRef),
          }),
      };
    }
    case 'FEE': {
      const fee = snapshot.fees.find((f) => f.id === item.item_id);
      const itemId = refs.feeItemId;
      if (!itemId) stop(`Refund ${refund.id} refunds a fee; choose an item for BigCommerce fees.`);
      const costInc = tt(fee?.cost_inc_tax);
      const costTax = tt(fee?.cost_tax);
      const gross = requested(item) ?? costInc;
      return {
        grossWeight: gross,
        taxWeight: costInc !== 0 ? mulDivHalfUp(costTax, gross, costInc) : 0,
        taxable: costTax !== 0,
        line: (amount, taxShare) =>
          itemLine({
            itemId,
            amount,
            currency,
            description: 'Refund: fee',
            taxCode:
              ctx.tax.model !== 'tax-codes'
                ? { value: taxShare !== 0 ? 'TAX' : 'NON' }
                : taxShare !== 0
                  ? stop(`Refund ${refund.id} refunds a taxed fee; BigCommerce doesn't say at which rate, so its QuickBooks tax code can't be chosen.`)
                  : need(exemptCode(ctx.tax, 'the refunded fee')),
            ...classRef,
          }),
      };
    }
    case 'ORDER': {
      const itemId = refs.orderRefundItemId;
      if (!itemId) stop(`Refund ${refund.id} refunds a custom amount on order ${order.id}; choose the QuickBooks item for refund adjustments.`);
      return {
        grossWeight: requested(item) ?? 0,
        taxWeight: 0,
        taxable: false,
        line: (amount) =>
          itemLine({
            itemId,
            amount,
            currency,
            description: `Refund${item.reason ? `: ${item.reason}` : refund.reason ? `: ${refund.reason}` : ''}`,
            taxCode: need(exemptCode(ctx.tax, 'the refunded custom amount')),
            ...classRef,
          }),
      };
    }
    default:
      return stop(`Refund ${refund.id} has an item of type ${String((item as { item_type?: unknown }).item_type)} that the sync doesn't know.`);
  }
}
