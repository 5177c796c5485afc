/**
 * Payments against invoices, as pure functions.
 *
 * mapInvoicePayment — the money BigCommerce captured for an order posted as an Invoice → a QuickBooks
 * Payment applied to that invoice. Accounting rules:
 *  - TotalAmt = what the gateway actually captured: the order's successful `capture` and `purchase`
 *    transactions (authorisations, voids and pending entries move no money), excluding gift-certificate and
 *    store-credit transactions, which the invoice already carries as negative liability lines. Without
 *    transactions (e.g. a manually marked paid order) a captured/paid order's total less redemptions is used;
 *    an unpaid order has nothing to post.
 *  - The payment is applied (Line.LinkedTxn → the Invoice) up to the invoice's total; anything captured beyond
 *    it stays visible as unapplied credit rather than being dropped.
 *  - PaymentRefNum = the gateway transaction id of the capture (first 21 characters; the full id goes in
 *    PrivateNote), else the order's payment_provider_id. TxnDate = the capture date in the store's time zone.
 *  - Payment method and deposit account from the refs, else the store's mapping for the gateway, else the
 *    default deposit account (QuickBooks' Undeposited Funds when none is given). Currency as the order's.
 *
 * mapCreditMemoApplication — applies a posted CreditMemo (a refund of an invoiced order) to the invoice's open
 * balance: a zero Payment whose lines link both documents, which is how QuickBooks links a credit memo to an
 * invoice.
 */
import { formatMinor, parseMinor, type Minor } from '@/lib/money/money';
import type { BcTransaction, OrderSnapshot } from '@/lib/bigcommerce/order-types';
import type { CompanyFacts } from '@/lib/quickbooks-connection/company-profile';
import type { Payment } from '@/lib/quickbooks/quickbooks-types';
import type { SyncSettings } from '@/lib/sync/sync-settings';
import {
  clipText,
  currencyPlan,
  fail,
  isFailure,
  minorOf,
  paymentRefNum,
  paymentSettingsFor,
  storeDate,
  type MappingFailure,
  type NewEntity,
  type StoreTimeZone,
} from './document-common';

export type NewPayment = NewEntity<Payment>;

export interface PaymentRefs {
  customerId: string;
  paymentMethodId?: string;
  depositAccountId?: string;
}

export interface InvoicePaymentInput {
  snapshot: OrderSnapshot;
  /** The posted invoice; totalCents (its TotalAmt in minor units) caps what is applied to it. */
  invoice: { id: string; docNumber?: string; totalCents?: Minor };
  settings: SyncSettings;
  facts: CompanyFacts;
  storeTimeZone: StoreTimeZone;
  storeCurrency: string;
  refs: PaymentRefs;
}

export interface PaymentExpected {
  /** TotalAmt in minor units of `currency`. */
  totalCents: Minor;
  /** Amount applied to the invoice. */
  appliedCents: Minor;
  currency: string;
}

export type PaymentResult = { ok: true; entity: 'Payment'; payload: NewPayment; expected: PaymentExpected } | MappingFailure;

const MONEY_IN = new Set(['capture', 'purchase']);
const REDEMPTION_METHODS = new Set(['gift_certificate', 'store_credit']);
const REDEMPTION_GATEWAYS = new Set(['giftcertificate', 'storecredit']);

/** The order's successful money-in transactions, redemptions excluded. */
export function capturedTransactions(transactions: readonly BcTransaction[]): BcTransaction[] {
  return transactions.filter(
    (t) => MONEY_IN.has(t.event) && t.status === 'ok' && !REDEMPTION_METHODS.has(t.method) && !REDEMPTION_GATEWAYS.has(t.gateway),
  );
}

export function mapInvoicePayment(input: InvoicePaymentInput): PaymentResult {
  try {
    return build(input);
  } catch (error) {
    return fail(`The payment of BigCommerce order ${input.snapshot.order.id} could not be mapped: ${(error as Error).message}`);
  }
}

function build(input: InvoicePaymentInput): PaymentResult {
  const { snapshot, invoice, settings, facts, refs } = input;
  const order = snapshot.order;
  const plan = currencyPlan(order, facts, input.storeCurrency);
  if (isFailure(plan)) return plan;
  const currency = plan.currency;
  if (!refs.customerId) return fail(`Order ${order.id} has no QuickBooks customer.`);
  if (!invoice.id) return fail(`Order ${order.id} has no posted invoice to apply its payment to.`);

  const captured = capturedTransactions(snapshot.transactions);
  const foreign = captured.find((t) => t.currency && t.currency.toUpperCase() !== currency);
  if (foreign) {
    return fail(`Order ${order.id} is in ${currency} but its payment ${foreign.id} was captured in ${foreign.currency}; post it by hand.`);
  }
  let total: Minor;
  if (captured.length > 0) {
    total = captured.reduce((sum, t) => sum + parseMinor(t.amount, currency), 0);
  } else if (['captured', 'paid'].includes(order.payment_status)) {
    total = minorOf(order.total_inc_tax, currency) - minorOf(order.gift_certificate_amount, currency) - minorOf(order.store_credit_amount, currency);
  } else {
    return fail(`Order ${order.id} has no captured payment yet (payment status "${order.payment_status || 'none'}"); the invoice stays open until it is paid.`);
  }
  if (total <= 0) return fail(`Order ${order.id} has no money captured to post as a payment.`);

  const applied = invoice.totalCents !== undefined ? Math.min(total, invoice.totalCents) : total;
  const last = captured.at(-1);
  const gatewayReference = [...captured].reverse().find((t) => t.gateway_transaction_id)?.gateway_transaction_id ?? undefined;
  const providerReference = order.payment_provider_id !== null && order.payment_provider_id !== undefined && String(order.payment_provider_id).trim() !== '' ? String(order.payment_provider_id) : undefined;
  const reference = gatewayReference ?? providerReference;
  const refNum = paymentRefNum(reference);
  const payment = paymentSettingsFor(settings, snapshot);
  const paymentMethodId = refs.paymentMethodId ?? payment.paymentMethodId;
  const depositAccountId = refs.depositAccountId ?? payment.depositAccountId ?? settings.accounts.defaultDepositAccountId;
  const note = [
    `Payment for BigCommerce order #${order.id}${invoice.docNumber ? ` (invoice ${invoice.docNumber})` : ''}`,
    captured.length ? `transactions ${captured.map((t) => t.id).join(', ')}` : `payment status ${order.payment_status}`,
    ...(reference && reference.length > 21 ? [`gateway reference ${reference}`] : []),
    ...(applied < total ? [`${formatMinor(total - applied, currency)} ${currency} more than the invoice, left unapplied`] : []),
  ].join('; ');

  const payload: NewPayment = {
    CustomerRef: { value: refs.customerId },
    TotalAmt: Number(formatMinor(total, currency)),
    TxnDate: storeDate(last?.date_created ?? order.date_created, input.storeTimeZone),
    Line: [{ Amount: Number(formatMinor(applied, currency)), LinkedTxn: [{ TxnId: invoice.id, TxnType: 'Invoice' }] }],
    PrivateNote: clipText(note, 4000),
    ...(paymentMethodId ? { PaymentMethodRef: { value: paymentMethodId } } : {}),
    ...(depositAccountId ? { DepositToAccountRef: { value: depositAccountId } } : {}),
    ...(refNum ? { PaymentRefNum: refNum } : {}),
    ...(plan.currencyRef ? { CurrencyRef: plan.currencyRef } : {}),
    ...(plan.exchangeRate !== undefined ? { ExchangeRate: plan.exchangeRate } : {}),
  };
  return { ok: true, entity: 'Payment', payload, expected: { totalCents: total, appliedCents: applied, currency } };
}

export interface CreditMemoApplicationInput {
  customerId: string;
  invoiceId: string;
  creditMemoId: string;
  /** How much of the credit to apply (minor units): at most the credit memo's remaining credit and the invoice's balance. */
  amountCents: Minor;
  currency: string;
  facts: CompanyFacts;
  /** YYYY-MM-DD (the refund date in the store's time zone). */
  txnDate: string;
  note?: string;
}

/** A zero-total Payment that applies a credit memo to an invoice (both LinkedTxn lines for the same amount). */
export function mapCreditMemoApplication(input: CreditMemoApplicationInput): PaymentResult {
  const currency = input.currency.trim().toUpperCase();
  if (!input.customerId || !input.invoiceId || !input.creditMemoId) return fail('The credit memo, its invoice and customer are all needed to apply the credit.');
  if (!Number.isSafeInteger(input.amountCents) || input.amountCents <= 0) return fail('There is no credit to apply.');
  const home = input.facts.homeCurrency.toUpperCase();
  if (!input.facts.multiCurrency && home && currency !== home) return fail(`The credit is in ${currency}, but the QuickBooks company works only in ${home}.`);
  const amount = Number(formatMinor(input.amountCents, currency));
  const payload: NewPayment = {
    CustomerRef: { value: input.customerId },
    TotalAmt: 0,
    TxnDate: input.txnDate,
    Line: [
      { Amount: amount, LinkedTxn: [{ TxnId: input.invoiceId, TxnType: 'Invoice' }] },
      { Amount: amount, LinkedTxn: [{ TxnId: input.creditMemoId, TxnType: 'CreditMemo' }] },
    ],
    PrivateNote: clipText(input.note ?? 'Credit memo applied to its invoice', 4000),
    ...(input.facts.multiCurrency ? { CurrencyRef: { value: currency } } : {}),
  };
  return { ok: true, entity: 'Payment', payload, expected: { totalCents: 0, appliedCents: input.amountCents, currency } };
}
