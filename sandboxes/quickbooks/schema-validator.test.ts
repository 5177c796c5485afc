import type { QboFault } from './intuit-faults';
import { SchemaValidator } from './schema-validator';
import { loadXsdModel } from './xsd-schema';

const validator = new SchemaValidator(loadXsdModel());

const address = { Line1: '1 Main St', City: 'Austin', CountrySubDivisionCode: 'TX', PostalCode: '78701', Country: 'US' };
const salesLines = [
  { DetailType: 'SalesItemLineDetail', Amount: 25.0, Description: 'Blue Mug 12oz', SalesItemLineDetail: { ItemRef: { value: '31', name: 'Blue Mug' }, Qty: 2, UnitPrice: 12.5, TaxCodeRef: { value: 'TAX' }, ServiceDate: '2026-03-02' } },
  { DetailType: 'SalesItemLineDetail', Amount: 7.95, SalesItemLineDetail: { ItemRef: { value: 'SHIPPING_ITEM_ID' } } },
  { DetailType: 'DiscountLineDetail', Amount: 5.0, DiscountLineDetail: { PercentBased: false, DiscountAccountRef: { value: '86' } } },
  { DetailType: 'DescriptionOnly', Description: 'Gift wrap requested', DescriptionLineDetail: {} },
];

const payloads: Record<string, unknown> = {
  Customer: {
    DisplayName: 'Jane Doe (BC #4512)', GivenName: 'Jane', FamilyName: 'Doe', CompanyName: 'Acme', PrimaryEmailAddr: { Address: 'jane@example.com' },
    PrimaryPhone: { FreeFormNumber: '555-0100' }, BillAddr: address, ShipAddr: address, CurrencyRef: { value: 'USD' }, Notes: 'bigcommerce_customer_id=4512', Taxable: true,
  },
  Item: { Name: 'Blue Mug 12oz', Sku: 'MUG-BLU-12', Type: 'Inventory', TrackQtyOnHand: true, QtyOnHand: 40, InvStartDate: '2026-01-01', IncomeAccountRef: { value: '79' }, AssetAccountRef: { value: '81' }, ExpenseAccountRef: { value: '80' }, UnitPrice: 12.5, Taxable: true },
  Invoice: {
    CustomerRef: { value: '58' }, DocNumber: 'BC-100231', TxnDate: '2026-03-02', PrivateNote: 'BigCommerce order 100231', CustomerMemo: { value: 'Thanks for your order!' },
    BillEmail: { Address: 'jane@example.com' }, BillAddr: address, ShipAddr: address, ClassRef: { value: '5000000000000035674' }, DepartmentRef: { value: '1' },
    CurrencyRef: { value: 'USD' }, GlobalTaxCalculation: 'TaxExcluded', ApplyTaxAfterDiscount: false, ShippingTaxIncludedInTotalTax: true, Line: salesLines,
    TxnTaxDetail: { TxnTaxCodeRef: { value: '2' }, TotalTax: 2.06 }, CustomField: [{ DefinitionId: '1', Name: 'Order', Type: 'StringType', StringValue: '100231' }],
  },
  SalesReceipt: {
    CustomerRef: { value: '58' }, DocNumber: 'BC-100231', TxnDate: '2026-03-02', PaymentMethodRef: { value: '3' }, PaymentRefNum: 'ch_3Nx', DepositToAccountRef: { value: '4' },
    Line: salesLines, TxnTaxDetail: { TotalTax: 2.06, TaxLine: [{ Amount: 2.06, DetailType: 'TaxLineDetail', TaxLineDetail: { TaxRateRef: { value: '1' }, PercentBased: true, TaxPercent: 8.25, NetAmountTaxable: 25 } }] },
  },
  Payment: {
    CustomerRef: { value: '58' }, TotalAmt: 30.01, TxnDate: '2026-03-02', PaymentMethodRef: { value: '3' }, DepositToAccountRef: { value: '4' }, PaymentRefNum: 'ch_3Nx',
    Line: [{ Amount: 30.01, LinkedTxn: [{ TxnId: '1045', TxnType: 'Invoice' }] }],
  },
  CreditMemo: { CustomerRef: { value: '58' }, DocNumber: 'BC-100231-R1', TxnDate: '2026-03-05', Line: salesLines.slice(0, 1), InvoiceRef: { value: '1045' } },
  RefundReceipt: { CustomerRef: { value: '58' }, DepositToAccountRef: { value: '35' }, PaymentMethodRef: { value: '3' }, PaymentRefNum: 're_1', Line: salesLines.slice(0, 2) },
  JournalEntry: {
    TxnDate: '2026-03-02', DocNumber: 'BC-2026-03-02', PrivateNote: 'BigCommerce daily summary', Adjustment: false,
    Line: [
      { Amount: 1000.0, DetailType: 'JournalEntryLineDetail', JournalEntryLineDetail: { PostingType: 'Debit', AccountRef: { value: '4' } } },
      { Amount: 920.0, DetailType: 'JournalEntryLineDetail', Description: 'Sales', JournalEntryLineDetail: { PostingType: 'Credit', AccountRef: { value: '79' }, ClassRef: { value: '1' } } },
      { Amount: 80.0, DetailType: 'JournalEntryLineDetail', JournalEntryLineDetail: { PostingType: 'Credit', AccountRef: { value: '33' }, Entity: { Type: 'Customer', EntityRef: { value: '58' } } } },
    ],
  },
};

function fault(entity: string, payload: unknown): QboFault | null {
  return validator.check(entity, payload);
}

describe('schema validator (Finance.xsd / IntuitNamesTypes.xsd)', () => {
  it.each(Object.keys(payloads))('accepts a realistic %s payload', (entity) => {
    expect(fault(entity, payloads[entity])).toBeNull();
  });

  it('accepts an entity as QBO returns it (Id, SyncToken, MetaData, domain, sparse attributes)', () => {
    expect(fault('Customer', { ...(payloads.Customer as object), Id: '58', SyncToken: '0', domain: 'QBO', sparse: false, MetaData: { CreateTime: '2026-03-02T10:00:00-08:00', LastUpdatedTime: '2026-03-02T10:00:00-08:00' } })).toBeNull();
  });

  it('rejects an unknown top-level field, naming it (2010)', () => {
    const error = fault('SalesReceipt', { ...(payloads.SalesReceipt as object), OrderNumber: '100231' });
    expect(error?.errors[0]).toMatchObject({ code: '2010', Message: 'Request has invalid or unsupported property', element: 'SalesReceipt.OrderNumber' });
    expect(error?.errors[0]?.Detail).toContain('Unrecognized field "OrderNumber"');
  });

  it('follows nested complex types: unknown field inside a line detail or a reference', () => {
    const nested = structuredClone(payloads.Invoice) as { Line: { SalesItemLineDetail?: Record<string, unknown> }[] };
    const detail = nested.Line[0]?.SalesItemLineDetail;
    if (detail) detail.Discount = 3;
    expect(fault('Invoice', nested)?.errors[0]).toMatchObject({ code: '2010', element: 'Invoice.Line[0].SalesItemLineDetail.Discount' });
    expect(fault('Customer', { DisplayName: 'x', CurrencyRef: { value: 'USD', code: 'USD' } })?.errors[0]?.element).toBe('Customer.CurrencyRef.code');
    expect(fault('Customer', { DisplayName: 'x', BillAddr: { Street: '1 Main' } })?.errors[0]?.element).toBe('Customer.BillAddr.Street');
  });

  it('rejects wrong JSON shapes and invalid enumerations', () => {
    expect(fault('Invoice', { CustomerRef: '58' })?.errors[0]).toMatchObject({ code: '2010', element: 'Invoice.CustomerRef' });
    expect(fault('Invoice', { Line: [{ Amount: 'ten' }] })?.errors[0]).toMatchObject({ code: '2010', element: 'Invoice.Line[0].Amount' });
    expect(fault('Invoice', { Line: [{ DetailType: 'SalesLine' }] })?.errors[0]).toMatchObject({ code: '2170', element: 'Invoice.Line[0].DetailType' });
    expect(fault('Item', { Name: 'x', Type: 'Widget' })?.errors[0]?.code).toBe('2170');
  });

  it('validates batch items including the nested entity', () => {
    expect(fault('BatchItemRequest', { bId: '1', operation: 'create', Customer: { DisplayName: 'x' } })).toBeNull();
    expect(fault('BatchItemRequest', { bId: '1', operation: 'create', Customer: { Nick: 'x' } })?.errors[0]?.element).toBe('BatchItemRequest.Customer.Nick');
  });

  it('resolves query property paths case-insensitively', () => {
    expect(validator.resolvePath('Invoice', 'metadata.lastupdatedtime')).toEqual(['MetaData', 'LastUpdatedTime']);
    expect(validator.resolvePath('Invoice', 'CustomerRef')).toEqual(['CustomerRef']);
    expect(validator.resolvePath('Customer', 'PrimaryEmailAddr')).toEqual(['PrimaryEmailAddr']);
    expect(validator.resolvePath('Customer', 'Shoe')).toBeNull();
  });
});
