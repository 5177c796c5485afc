import type { SalesTransaction } from '@/lib/quickbooks/quickbooks-types';
import { cancellationDocNumber, firstOpenDay, inClosedPeriod, mapCancellationCreditMemo } from './cancellation-mapper';

const receipt: SalesTransaction & { Id: string } = {
  Id: '42',
  SyncToken: '3',
  DocNumber: 'BC-100',
  TxnDate: '2026-09-14',
  CustomerRef: { value: '7', name: 'Jane Doe' },
  CurrencyRef: { value: 'CAD' },
  ExchangeRate: 0.74,
  ClassRef: { value: '3' },
  Line: [
    { Id: '1', LineNum: 1, DetailType: 'SalesItemLineDetail', Amount: 218, Description: 'Terrarium', SalesItemLineDetail: { ItemRef: { value: '3' }, Qty: 2, UnitPrice: 109, TaxCodeRef: { value: 'TAX' } } },
    { Id: '2', LineNum: 2, DetailType: 'SalesItemLineDetail', Amount: 7.5, SalesItemLineDetail: { ItemRef: { value: 'SHIPPING_ITEM_ID' }, TaxCodeRef: { value: 'TAX' } } },
    { DetailType: 'SubTotalLineDetail', Amount: 225.5, SubTotalLineDetail: {} },
    { Id: '3', LineNum: 3, DetailType: 'DiscountLineDetail', Amount: 10, DiscountLineDetail: { PercentBased: false, DiscountAccountRef: { value: '4' } } },
  ],
  TxnTaxDetail: { TxnTaxCodeRef: { value: '2' }, TotalTax: 17.77, TaxLine: [] },
  TotalAmt: 233.27,
};

describe('cancellation credit memo', () => {
  it('mirrors the document as QuickBooks holds it: lines, tax override, customer, currency, class; subtotals left out', () => {
    const { payload, expected } = mapCancellationCreditMemo({
      orderId: 100,
      docNumberPrefix: 'BC-',
      original: receipt,
      originalEntity: 'SalesReceipt',
      homeCurrency: 'USD',
      usSalesTax: true,
      cancelledOn: '2026-10-03',
      bookCloseDate: '2026-09-30',
    });
    expect(payload.Line).toEqual([
      { DetailType: 'SalesItemLineDetail', Amount: 218, Description: 'Terrarium', SalesItemLineDetail: { ItemRef: { value: '3' }, Qty: 2, UnitPrice: 109, TaxCodeRef: { value: 'TAX' } } },
      { DetailType: 'SalesItemLineDetail', Amount: 7.5, SalesItemLineDetail: { ItemRef: { value: 'SHIPPING_ITEM_ID' }, TaxCodeRef: { value: 'TAX' } } },
      { DetailType: 'DiscountLineDetail', Amount: 10, DiscountLineDetail: { PercentBased: false, DiscountAccountRef: { value: '4' } } },
    ]);
    expect(payload).toMatchObject({
      CustomerRef: { value: '7', name: 'Jane Doe' },
      DocNumber: 'BC-100-C',
      TxnDate: '2026-10-03',
      TxnTaxDetail: { TxnTaxCodeRef: { value: '2' }, TotalTax: 17.77 },
      ShippingTaxIncludedInTotalTax: true,
      CurrencyRef: { value: 'CAD' },
      ExchangeRate: 0.74,
      ClassRef: { value: '3' },
    });
    expect(payload.PrivateNote).toBe(
      'Cancellation of BigCommerce order #100; reverses sales receipt BC-100 (QuickBooks Id 42) dated 2026-09-14; not voided because the books are closed through 2026-09-30',
    );
    expect(expected).toEqual({ totalCents: 23327, taxCents: 1777, currency: 'CAD' });
  });

  it('is dated the day after the close date when the books are closed past the cancellation day', () => {
    expect(firstOpenDay('2026-10-03', '2026-10-31')).toBe('2026-11-01');
    expect(firstOpenDay('2026-12-31', '2026-12-31')).toBe('2027-01-01');
    expect(firstOpenDay('2026-10-03', '2026-09-30')).toBe('2026-10-03');
    expect(firstOpenDay('2026-10-03', undefined)).toBe('2026-10-03');
  });

  it('knows which dates are closed', () => {
    expect(inClosedPeriod('2026-09-30', '2026-09-30')).toBe(true);
    expect(inClosedPeriod('2026-10-01', '2026-09-30')).toBe(false);
    expect(inClosedPeriod('2026-09-01', undefined)).toBe(false);
  });

  it('keeps DocNumbers within 21 characters', () => {
    expect(cancellationDocNumber('BC-', 123)).toBe('BC-123-C');
    expect(cancellationDocNumber('SHOPNAME-LONGPREFIX-', 123456)).toBe('123456-C');
    expect(cancellationDocNumber('', 12345678901234567890)).toHaveLength(21);
  });
});
