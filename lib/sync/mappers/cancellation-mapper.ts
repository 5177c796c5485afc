/**
 * An order cancelled after posting whose document sits in a closed accounting period (QuickBooks refuses to
 * void it, fault 6210) → a QuickBooks CreditMemo that reverses the document in the first open period, as a
 * pure function.
 *
 * Accounting rules:
 *  - The credit memo mirrors the document exactly as QuickBooks holds it (not as the order looks now), so the
 *    reversal nets it to zero: the same items, quantities, unit prices, amounts, tax codes, classes, discount
 *    lines and TotalTax override; subtotal lines are QuickBooks' own and are left out. Amounts are copied, never
 *    recomputed.
 *  - Same customer, currency, exchange rate, addresses, class and department; tax-inclusive stays inclusive.
 *  - TxnDate = the first open day: the cancellation day in the store's time zone, or the day after the books'
 *    close date when that is later (a cancellation can't be dated inside a closed period either).
 *  - DocNumber `${prefix}${orderId}-C` (≤ 21 characters, shortened like refund numbers); PrivateNote names the
 *    order, the reversed document and why it was not voided.
 *  - The expected totals are the document's own TotalAmt and TotalTax, to the cent.
 */
import { parseMinor } from '@/lib/money/money';
import type { CreditMemo, SalesLine, SalesTransaction } from '@/lib/quickbooks/quickbooks-types';
import { clipText, type ExpectedTotals, type NewEntity } from './document-common';

export interface CancellationInput {
  orderId: number;
  docNumberPrefix: string;
  /** The posted document as read back from QuickBooks. */
  original: SalesTransaction & { Id: string };
  originalEntity: 'SalesReceipt' | 'Invoice';
  /** The company's home currency (a document without CurrencyRef is in it). */
  homeCurrency: string;
  /** US companies: the TotalTax override includes shipping tax, as on every document we post. */
  usSalesTax: boolean;
  /** YYYY-MM-DD in the store's time zone. */
  cancelledOn: string;
  bookCloseDate?: string;
}

export type NewCancellationCreditMemo = NewEntity<CreditMemo>;

/** `${prefix}${orderId}-C`, shortened deterministically to QuickBooks' 21 characters. */
export function cancellationDocNumber(prefix: string, orderId: number): string {
  const candidates = [`${prefix}${orderId}-C`, `${orderId}-C`];
  return candidates.find((candidate) => candidate.length <= 21) ?? `C${orderId}`.slice(-21);
}

/** The first day a document may be dated: `day`, or the day after the books' close date if that is later. */
export function firstOpenDay(day: string, bookCloseDate: string | undefined): string {
  if (!bookCloseDate || day > bookCloseDate) return day;
  return new Date(Date.parse(`${bookCloseDate}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** Whether a document dated `txnDate` lies in the closed period. */
export function inClosedPeriod(txnDate: string | undefined, bookCloseDate: string | undefined): boolean {
  return Boolean(txnDate && bookCloseDate && txnDate <= bookCloseDate);
}

export function mapCancellationCreditMemo(input: CancellationInput): { payload: NewCancellationCreditMemo; expected: ExpectedTotals } {
  const { original } = input;
  const currency = original.CurrencyRef?.value ?? input.homeCurrency;
  const what = input.originalEntity === 'SalesReceipt' ? 'sales receipt' : 'invoice';
  const note = [
    `Cancellation of BigCommerce order #${input.orderId}`,
    `reverses ${what} ${original.DocNumber ?? ''} (QuickBooks Id ${original.Id}) dated ${original.TxnDate ?? 'unknown'}`,
    `not voided because the books are closed${input.bookCloseDate ? ` through ${input.bookCloseDate}` : ''}`,
  ].join('; ');
  const taxCodeRef = original.TxnTaxDetail?.TxnTaxCodeRef;
  const payload: NewCancellationCreditMemo = {
    CustomerRef: original.CustomerRef!,
    DocNumber: cancellationDocNumber(input.docNumberPrefix, input.orderId),
    TxnDate: firstOpenDay(input.cancelledOn, input.bookCloseDate),
    PrivateNote: clipText(note, 4000),
    Line: original.Line.flatMap(mirrorLine),
    TxnTaxDetail: { ...(taxCodeRef ? { TxnTaxCodeRef: taxCodeRef } : {}), TotalTax: original.TxnTaxDetail?.TotalTax ?? 0 },
    ...(input.usSalesTax ? { ShippingTaxIncludedInTotalTax: true } : {}),
    ...(original.GlobalTaxCalculation ? { GlobalTaxCalculation: original.GlobalTaxCalculation } : {}),
    ...(original.CurrencyRef ? { CurrencyRef: original.CurrencyRef } : {}),
    ...(original.ExchangeRate !== undefined ? { ExchangeRate: original.ExchangeRate } : {}),
    ...(original.BillAddr ? { BillAddr: original.BillAddr } : {}),
    ...(original.ShipAddr ? { ShipAddr: original.ShipAddr } : {}),
    ...(original.ClassRef ? { ClassRef: original.ClassRef } : {}),
    ...(original.DepartmentRef ? { DepartmentRef: original.DepartmentRef } : {}),
  };
  const expected: ExpectedTotals = {
    totalCents: parseMinor(original.TotalAmt ?? 0, currency),
    taxCents: parseMinor(original.TxnTaxDetail?.TotalTax ?? 0, currency),
    currency,
  };
  return { payload, expected };
}

/** The line as a create payload: QuickBooks' line ids and numbers dropped, subtotals left to QuickBooks. */
function mirrorLine(line: SalesLine): SalesLine[] {
  if (line.DetailType === 'SubTotalLineDetail') return [];
  const { Id: _id, LineNum: _lineNum, ...rest } = line;
  return [rest as SalesLine];
}
