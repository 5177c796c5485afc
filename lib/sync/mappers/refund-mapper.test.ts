/**
 * Unit tests of the refund → RefundReceipt/CreditMemo mapper on the US fixture order (2 × OTL with discounts,
 * towels with gift wrap, shipping, handling; 8.25 %) and a UK tax-inclusive order.
 */
import { centsOf, multiplyToCents, parseDecimal } from '@/sandboxes/quickbooks/money';
import type { SalesItemLine, SalesLine } from '@/lib/quickbooks/quickbooks-types';
import {
  CHICAGO,
  GB_FACTS,
  REFS,
  US_AST_FACTS,
  bcOrder,
  bcProduct,
  bcRefund,
  bcShippingAddress,
  bcTax,
  settingsWith,
  snapshotOf,
  usOrderSnapshot,
} from './mapper-test-fixtures';
import { mapRefundToCreditDocument, refundDocNumber, type NewRefundReceipt, type RefundDocumentInput, type RefundDocumentResult } from './refund-mapper';
import { SHIPPING_ITEM_ID } from './sales-document-mapper';
import type { BcRefund } from '@/lib/bigcommerce/order-types';

function input(refund: BcRefund, patch: Partial<RefundDocumentInput> = {}): RefundDocumentInput {
  return {
    snapshot: usOrderSnapshot(),
    refund,
    originalDocument: { entity: 'SalesReceipt', id: '1045', docNumber: 'BC-101' },
    settings: settingsWith(),
    facts: US_AST_FACTS,
    storeTimeZone: CHICAGO,
    storeCurrency: 'USD',
    refs: REFS,
    ...patch,
  };
}

function ok(result: RefundDocumentResult) {
  if (!result.ok) throw new Error(`expected a document, got: ${result.reason}`);
  return result;
}

function reason(result: RefundDocumentResult): string {
  if (result.ok) throw new Error('expected a failure');
  return result.reason;
}

const itemLines = (lines: SalesLine[]) => lines.filter((l): l is SalesItemLine => l.DetailType === 'SalesItemLineDetail');
const total = (lines: SalesLine[]) => itemLines(lines).reduce((sum, l) => sum + (centsOf(l.Amount) ?? 0), 0);

function expectLineMath(lines: SalesLine[]): void {
  for (const line of itemLines(lines)) {
    const { Qty, UnitPrice } = line.SalesItemLineDetail;
    if (Qty === undefined || UnitPrice === undefined) continue;
    expect(multiplyToCents(parseDecimal(Qty)!, parseDecimal(UnitPrice)!)).toBe(centsOf(line.Amount));
  }
}

/** One of the two terrariums (219.75 incl. tax after discounts → 109.88, tax 8.38) and the shipping (12.99, tax 0.99). */
const PARTIAL = bcRefund({
  id: 7,
  total_amount: 122.87,
  total_tax: 9.37,
  items: [
    { item_type: 'PRODUCT', item_id: 1, quantity: 1, reason: '', requested_amount: null },
    { item_type: 'SHIPPING', item_id: 1, reason: '', requested_amount: 12.99 },
  ],
  payments: [{ id: 1, provider_id: 'stripe', amount: 122.87, offline: false, is_declined: false, declined_message: '', transaction_id: '2' }],
});

describe('refund of a sales receipt → RefundReceipt', () => {
  it('reverses the refunded lines net of their tax share; total and tax are BigCommerce’s to the cent', () => {
    const result = ok(mapRefundToCreditDocument(input(PARTIAL)));
    expect(result.entity).toBe('RefundReceipt');
    expect(result.expected).toEqual({ totalCents: 12287, taxCents: 937, currency: 'USD' });
    const p = result.payload as NewRefundReceipt;
    expect(p.Line).toEqual([
      {
        DetailType: 'SalesItemLineDetail',
        Amount: 101.5,
        Description: 'Refund: Orbit Terrarium - Large',
        SalesItemLineDetail: { ItemRef: { value: '31' }, Qty: 1, UnitPrice: 101.5, TaxCodeRef: { value: 'TAX' } },
      },
      {
        DetailType: 'SalesItemLineDetail',
        Amount: 12,
        Description: 'Refund: shipping (Flat Rate)',
        SalesItemLineDetail: { ItemRef: { value: SHIPPING_ITEM_ID }, TaxCodeRef: { value: 'TAX' } },
      },
    ]);
    expect(p.TxnTaxDetail).toEqual({ TotalTax: 9.37 });
    expect(p.ShippingTaxIncludedInTotalTax).toBe(true);
    expect(p.DocNumber).toBe('BC-101-R7');
    expect(p.TxnDate).toBe('2026-03-10');
    expect(p.DepositToAccountRef).toEqual({ value: '4' });
    expect(p.PaymentMethodRef).toEqual({ value: '3' });
    expect(p.PaymentRefNum).toBe('2');
    expect(p.PrivateNote).toBe('BigCommerce refund #7 of order #101; reverses sales receipt BC-101 (QuickBooks Id 1045)');
    expect(total(p.Line) + 937).toBe(12287);
    expectLineMath(p.Line);
  });

  it('maps a later full refund of the rest on its own', () => {
    const rest = bcRefund({
      id: 8,
      total_amount: 293.9,
      total_tax: 22.4,
      items: [
        { item_type: 'PRODUCT', item_id: 1, quantity: 1, requested_amount: null },
        { item_type: 'PRODUCT', item_id: 2, quantity: 3, requested_amount: null },
        { item_type: 'GIFT_WRAPPING', item_id: 2, requested_amount: null },
        { item_type: 'HANDLING', item_id: 1, requested_amount: 3.25 },
      ],
    });
    const result = ok(mapRefundToCreditDocument(input(rest)));
    expect(result.expected).toEqual({ totalCents: 29390, taxCents: 2240, currency: 'USD' });
    expect(result.payload.DocNumber).toBe('BC-101-R8');
    expect(itemLines(result.payload.Line).map((l) => [l.SalesItemLineDetail.ItemRef?.value, l.SalesItemLineDetail.Qty, l.Amount])).toEqual([
      ['31', 1, 101.5],
      ['32', 3, 162],
      ['42', 1, 5],
      ['41', 1, 3],
    ]);
    expect(total(result.payload.Line) + 2240).toBe(29390);
    expectLineMath(result.payload.Line);
  });

  it('credits the store-credit liability for money refunded as store credit', () => {
    const refund = { ...PARTIAL, payments: [{ id: 1, provider_id: 'storecredit', amount: 122.87, offline: false, is_declined: false, declined_message: '' }] };
    const result = ok(mapRefundToCreditDocument(input(refund)));
    expect(itemLines(result.payload.Line).at(-1)).toEqual({
      DetailType: 'SalesItemLineDetail',
      Amount: -122.87,
      Description: 'Refunded as store credit',
      SalesItemLineDetail: { ItemRef: { value: '46' }, Qty: 1, UnitPrice: -122.87, TaxCodeRef: { value: 'NON' } },
    });
    expect(result.expected).toEqual({ totalCents: 0, taxCents: 937, currency: 'USD' });
  });

  it('posts a tax-only adjustment (no items) and ORDER amounts on the refund item', () => {
    const taxOnly = ok(mapRefundToCreditDocument(input(bcRefund({ total_amount: 1.5, total_tax: 1.5, items: [] }))));
    expect(taxOnly.payload.Line).toEqual([{ DetailType: 'DescriptionOnly', Description: 'Tax refund adjustment' }]);
    expect(taxOnly.expected).toEqual({ totalCents: 150, taxCents: 150, currency: 'USD' });

    const custom = ok(
      mapRefundToCreditDocument(input(bcRefund({ total_amount: 5, total_tax: 0, reason: 'Goodwill', items: [{ item_type: 'ORDER', item_id: 101, requested_amount: 5 }] }))),
    );
    expect(custom.payload.Line).toEqual([
      { DetailType: 'SalesItemLineDetail', Amount: 5, Description: 'Refund: Goodwill', SalesItemLineDetail: { ItemRef: { value: '48' }, Qty: 1, UnitPrice: 5, TaxCodeRef: { value: 'NON' } } },
    ]);
    expect(custom.payload.TxnTaxDetail).toEqual({ TotalTax: 0 });
  });

  it('explains what is missing', () => {
    const { depositAccountId: _d, ...noDeposit } = REFS;
    expect(reason(mapRefundToCreditDocument(input(PARTIAL, { refs: noDeposit })))).toMatch(/choose the account refunds are paid from/);
    const unknown = { ...PARTIAL, items: [{ item_type: 'PRODUCT' as const, item_id: 99, quantity: 1, requested_amount: null }] };
    expect(reason(mapRefundToCreditDocument(input(unknown)))).toBe("Refund 7 refunds order product 99, which isn't on order 101.");
    const { orderRefundItemId: _o, ...noRefundItem } = REFS;
    expect(reason(mapRefundToCreditDocument(input(bcRefund({ total_amount: 5, items: [{ item_type: 'ORDER', item_id: 101, requested_amount: 5 }] }), { refs: noRefundItem })))).toMatch(
      /choose the QuickBooks item for refund adjustments/,
    );
    expect(reason(mapRefundToCreditDocument(input(bcRefund({ total_amount: 0 }))))).toMatch(/has no amount to post/);
  });
});

describe('refund of an invoice → CreditMemo', () => {
  it('carries no payment fields', () => {
    const result = ok(mapRefundToCreditDocument(input(PARTIAL, { originalDocument: { entity: 'Invoice', id: '2001', docNumber: 'BC-101' } })));
    expect(result.entity).toBe('CreditMemo');
    const payload = result.payload as Record<string, unknown>;
    expect(payload.DepositToAccountRef).toBeUndefined();
    expect(payload.PaymentMethodRef).toBeUndefined();
    expect(payload.PrivateNote).toBe('BigCommerce refund #7 of order #101; reverses invoice BC-101 (QuickBooks Id 2001)');
    expect(result.expected.totalCents).toBe(12287);
  });
});

describe('UK refund with tax-inclusive prices', () => {
  it('posts gross amounts with TaxInclusive and the mapped VAT code', () => {
    const order = bcOrder({ is_tax_inclusive_pricing: true, default_currency_code: 'GBP', currency_code: 'GBP', store_default_currency_code: 'GBP', total_inc_tax: '126.0000', total_tax: '21.0000' });
    const snapshot = snapshotOf({
      order,
      products: [bcProduct({ quantity: 2, price_inc_tax: '60.0000', total_inc_tax: '120.0000', total_ex_tax: '100.0000', total_tax: '20.0000', discounted_total_inc_tax: '120.0000' })],
      shippingAddresses: [bcShippingAddress({ cost_inc_tax: '6.0000', cost_ex_tax: '5.0000', cost_tax: '1.0000' })],
      taxes: [
        bcTax({ order_product_id: '1', rate: '20.0000', name: 'VAT', line_amount: '20.0000' }),
        bcTax({ id: 2, order_product_id: null, line_item_type: 'shipping', rate: '20.0000', name: 'VAT', line_amount: '1.0000' }),
      ],
    });
    const refund = bcRefund({ total_amount: 60, total_tax: 10, items: [{ item_type: 'PRODUCT', item_id: 1, quantity: 1, requested_amount: null }] });
    const settings = settingsWith((s) => {
      s.tax.rateToTaxCode = { '1': '3' };
      s.tax.exemptTaxCodeId = '6';
    });
    const result = ok(mapRefundToCreditDocument(input(refund, { snapshot, settings, facts: { ...GB_FACTS, shippingAllowed: false }, storeTimeZone: 'Europe/London', storeCurrency: 'GBP' })));
    expect(result.payload.GlobalTaxCalculation).toBe('TaxInclusive');
    expect(result.payload.TxnTaxDetail).toEqual({ TotalTax: 10 });
    expect(itemLines(result.payload.Line)).toEqual([
      { DetailType: 'SalesItemLineDetail', Amount: 60, Description: 'Refund: Orbit Terrarium - Large', SalesItemLineDetail: { ItemRef: { value: '31' }, Qty: 1, UnitPrice: 60, TaxCodeRef: { value: '3' } } },
    ]);
    expect(result.expected).toEqual({ totalCents: 6000, taxCents: 1000, currency: 'GBP' });
  });
});

describe('refund DocNumber', () => {
  it('is prefix + order + -R + refund, shortened deterministically to 21 characters', () => {
    expect(refundDocNumber('BC-', 101, 7)).toBe('BC-101-R7');
    expect(refundDocNumber('LONGPREFIX', 1234567890, 12345)).toBe('1234567890-R12345');
    expect(refundDocNumber('BC-', 2147483647, 2147483647)).toBe('R2147483647');
    for (const doc of [refundDocNumber('ABCDEFGHIJ', 99999999, 99999), refundDocNumber('', 1, 1)]) expect(doc.length).toBeLessThanOrEqual(21);
  });
});
