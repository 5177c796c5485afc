/** Unit tests of the invoice Payment and credit-memo application mappers. */
import { CHICAGO, US_AST_FACTS, bcTransaction, settingsWith, usOrderSnapshot } from './mapper-test-fixtures';
import { capturedTransactions, mapCreditMemoApplication, mapInvoicePayment, type InvoicePaymentInput, type PaymentResult } from './payment-mapper';

function input(patch: Partial<InvoicePaymentInput> = {}): InvoicePaymentInput {
  const snapshot = usOrderSnapshot();
  snapshot.transactions = [
    bcTransaction({ id: 1, event: 'authorization', amount: 416.77, gateway_transaction_id: 'auth_1', date_created: '2026-03-03T03:31:00+00:00' }),
    bcTransaction({ id: 2, event: 'capture', amount: 416.77, gateway_transaction_id: 'ch_3NxAbCdEfGhIjKlMnOpQrStU', date_created: '2026-03-05T18:00:00+00:00' }),
  ];
  return {
    snapshot,
    invoice: { id: '2001', docNumber: 'BC-101', totalCents: 41677 },
    settings: settingsWith(),
    facts: US_AST_FACTS,
    storeTimeZone: CHICAGO,
    storeCurrency: 'USD',
    refs: { customerId: '58', paymentMethodId: '3', depositAccountId: '4' },
    ...patch,
  };
}

function ok(result: PaymentResult) {
  if (!result.ok) throw new Error(`expected a payment, got: ${result.reason}`);
  return result;
}

describe('invoice payment', () => {
  it('posts what was captured, linked to the invoice, with the gateway reference and capture date', () => {
    const result = ok(mapInvoicePayment(input()));
    expect(result.payload).toEqual({
      CustomerRef: { value: '58' },
      TotalAmt: 416.77,
      TxnDate: '2026-03-05',
      Line: [{ Amount: 416.77, LinkedTxn: [{ TxnId: '2001', TxnType: 'Invoice' }] }],
      PrivateNote: 'Payment for BigCommerce order #101 (invoice BC-101); transactions 2; gateway reference ch_3NxAbCdEfGhIjKlMnOpQrStU',
      PaymentMethodRef: { value: '3' },
      DepositToAccountRef: { value: '4' },
      PaymentRefNum: 'ch_3NxAbCdEfGhIjKlMnO',
    });
    expect(result.expected).toEqual({ totalCents: 41677, appliedCents: 41677, currency: 'USD' });
  });

  it('ignores authorisations, failed and redemption transactions', () => {
    const txs = [
      bcTransaction({ id: 1, event: 'authorization', amount: 10 }),
      bcTransaction({ id: 2, event: 'capture', amount: 381.77 }),
      bcTransaction({ id: 3, event: 'purchase', amount: 25, method: 'gift_certificate', gateway: 'giftcertificate' }),
      bcTransaction({ id: 4, event: 'purchase', amount: 10, method: 'store_credit', gateway: 'storecredit' }),
      bcTransaction({ id: 5, event: 'capture', amount: 1, status: 'error' }),
      bcTransaction({ id: 6, event: 'void', amount: 1 }),
    ];
    expect(capturedTransactions(txs).map((t) => t.id)).toEqual([2]);
  });

  it('leaves an excess unapplied and says so', () => {
    const result = ok(mapInvoicePayment(input({ invoice: { id: '2001', totalCents: 40000 } })));
    expect(result.payload.TotalAmt).toBe(416.77);
    expect(result.payload.Line).toEqual([{ Amount: 400, LinkedTxn: [{ TxnId: '2001', TxnType: 'Invoice' }] }]);
    expect(result.payload.PrivateNote).toContain('16.77 USD more than the invoice, left unapplied');
  });

  it('uses the order total less redemptions for a paid order without transactions, and nothing for an unpaid one', () => {
    const paid = input();
    paid.snapshot.transactions = [];
    paid.snapshot.order.payment_status = 'paid';
    paid.snapshot.order.store_credit_amount = '16.7700';
    paid.snapshot.order.payment_provider_id = 'MANUAL-42';
    const result = ok(mapInvoicePayment(paid));
    expect(result.payload).toMatchObject({ TotalAmt: 400, PaymentRefNum: 'MANUAL-42', TxnDate: '2026-03-02' });
    const unpaid = input();
    unpaid.snapshot.transactions = [];
    unpaid.snapshot.order.payment_status = 'authorized';
    const failure = mapInvoicePayment(unpaid);
    expect(failure).toEqual({ ok: false, reason: 'Order 101 has no captured payment yet (payment status "authorized"); the invoice stays open until it is paid.' });
  });

  it('takes the payment method and deposit account from the gateway mapping when the refs have none', () => {
    const settings = settingsWith((s) => {
      s.payments = { stripe: { paymentMethodId: '9' } };
      s.accounts.defaultDepositAccountId = '11';
    });
    const result = ok(mapInvoicePayment(input({ settings, refs: { customerId: '58' } })));
    expect(result.payload).toMatchObject({ PaymentMethodRef: { value: '9' }, DepositToAccountRef: { value: '11' } });
  });

  it('carries the currency and rate of a foreign-currency order', () => {
    const cad = input({ facts: { ...US_AST_FACTS, multiCurrency: true } });
    Object.assign(cad.snapshot.order, { default_currency_code: 'CAD', store_default_to_transactional_exchange_rate: '1.2500000000' });
    for (const t of cad.snapshot.transactions) t.currency = 'CAD';
    const result = ok(mapInvoicePayment(cad));
    expect(result.payload).toMatchObject({ CurrencyRef: { value: 'CAD' }, ExchangeRate: 0.8 });
    expect(result.expected.currency).toBe('CAD');
  });
});

describe('credit memo application', () => {
  it('is a zero payment linking the invoice and the credit memo for the same amount', () => {
    const result = ok(
      mapCreditMemoApplication({ customerId: '58', invoiceId: '2001', creditMemoId: '3001', amountCents: 12287, currency: 'USD', facts: US_AST_FACTS, txnDate: '2026-03-10' }),
    );
    expect(result.payload).toEqual({
      CustomerRef: { value: '58' },
      TotalAmt: 0,
      TxnDate: '2026-03-10',
      Line: [
        { Amount: 122.87, LinkedTxn: [{ TxnId: '2001', TxnType: 'Invoice' }] },
        { Amount: 122.87, LinkedTxn: [{ TxnId: '3001', TxnType: 'CreditMemo' }] },
      ],
      PrivateNote: 'Credit memo applied to its invoice',
    });
    expect(mapCreditMemoApplication({ customerId: '58', invoiceId: '2001', creditMemoId: '3001', amountCents: 0, currency: 'USD', facts: US_AST_FACTS, txnDate: '2026-03-10' }).ok).toBe(false);
  });
});
