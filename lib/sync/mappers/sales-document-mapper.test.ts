/**
 * Unit tests of the order → SalesReceipt/Invoice mapper, rule by rule, on hand-built BigCommerce snapshots.
 * Every item line is also checked with the QuickBooks sandbox's own Qty × UnitPrice rule (error 6070).
 */
import { centsOf, multiplyToCents, parseDecimal } from '@/sandboxes/quickbooks/money';
import type { SalesItemLine, SalesLine } from '@/lib/quickbooks/quickbooks-types';
import { fitQtyPrice, storeDate } from './document-common';
import {
  ADDRESS,
  CA_FACTS,
  GB_FACTS,
  CHICAGO,
  REFS,
  US_AST_FACTS,
  US_MANUAL_FACTS,
  bcOrder,
  bcProduct,
  bcShippingAddress,
  bcTax,
  bcTransaction,
  settingsWith,
  snapshotOf,
  usOrderSnapshot,
} from './mapper-test-fixtures';
import { SHIPPING_ITEM_ID, mapOrderToSalesDocument, type NewSalesReceipt, type SalesDocumentInput, type SalesDocumentResult } from './sales-document-mapper';

/** The US order of mapper-test-fixtures (2 × OTL with coupon + automatic discount, towels with gift wrap, shipping, handling). */
function usInput(patch: Partial<SalesDocumentInput> = {}): SalesDocumentInput {
  return {
    snapshot: usOrderSnapshot(),
    settings: settingsWith(),
    facts: US_AST_FACTS,
    storeTimeZone: CHICAGO,
    storeCurrency: 'USD',
    refs: REFS,
    document: 'sales_receipt',
    ...patch,
  };
}

function ok(result: SalesDocumentResult) {
  if (!result.ok) throw new Error(`expected a document, got: ${result.reason}`);
  return result;
}

function reason(result: SalesDocumentResult): string {
  if (result.ok) throw new Error('expected a failure');
  return result.reason;
}

const itemLines = (lines: SalesLine[]) => lines.filter((l): l is SalesItemLine => l.DetailType === 'SalesItemLineDetail');

/** The QuickBooks sandbox's 6070 rule: round(Qty × UnitPrice) = Amount, to the cent. */
function expectLineMath(lines: SalesLine[]): void {
  for (const line of itemLines(lines)) {
    const { Qty, UnitPrice } = line.SalesItemLineDetail;
    if (Qty === undefined || UnitPrice === undefined) continue;
    expect(multiplyToCents(parseDecimal(Qty)!, parseDecimal(UnitPrice)!)).toBe(centsOf(line.Amount));
  }
}

describe('order → sales receipt (US, Automated Sales Tax)', () => {
  it('maps products, discounts, shipping, handling and gift wrapping, with BigCommerce tax as an override', () => {
    const result = ok(mapOrderToSalesDocument(usInput()));
    expect(result.entity).toBe('SalesReceipt');
    expect(result.expected).toEqual({ totalCents: 41677, taxCents: 3177, currency: 'USD' });
    expect(result.rounding).toBeUndefined();
    const p = result.payload as NewSalesReceipt;
    expect(p.Line).toEqual([
      {
        DetailType: 'SalesItemLineDetail',
        Amount: 218,
        Description: 'Orbit Terrarium - Large',
        SalesItemLineDetail: { ItemRef: { value: '31' }, Qty: 2, UnitPrice: 109, TaxCodeRef: { value: 'TAX' } },
      },
      {
        DetailType: 'SalesItemLineDetail',
        Amount: 162,
        Description: 'Fog Linen Chambray Towel — Color: Grey, Size: M',
        SalesItemLineDetail: { ItemRef: { value: '32' }, Qty: 3, UnitPrice: 54, TaxCodeRef: { value: 'TAX' } },
      },
      {
        DetailType: 'SalesItemLineDetail',
        Amount: 12,
        Description: 'Shipping: Flat Rate',
        SalesItemLineDetail: { ItemRef: { value: SHIPPING_ITEM_ID }, TaxCodeRef: { value: 'TAX' } },
      },
      {
        DetailType: 'SalesItemLineDetail',
        Amount: 3,
        Description: 'Handling',
        SalesItemLineDetail: { ItemRef: { value: '41' }, Qty: 1, UnitPrice: 3, TaxCodeRef: { value: 'TAX' } },
      },
      {
        DetailType: 'SalesItemLineDetail',
        Amount: 5,
        Description: 'Gift wrapping: Fog Linen Chambray Towel',
        SalesItemLineDetail: { ItemRef: { value: '42' }, Qty: 1, UnitPrice: 5, TaxCodeRef: { value: 'TAX' } },
      },
      {
        DetailType: 'DiscountLineDetail',
        Amount: 15,
        Description: 'Coupon SAVE10 (Save 10) 10.00; Spring Sale (automatic) 5.00',
        DiscountLineDetail: { PercentBased: false, DiscountAccountRef: { value: '4' } },
      },
    ]);
    expect(p.TxnTaxDetail).toEqual({ TotalTax: 31.77 });
    expect(p.ShippingTaxIncludedInTotalTax).toBe(true);
    expect(p.GlobalTaxCalculation).toBeUndefined();
    expect(p.CustomerRef).toEqual({ value: '58' });
    expect(p.DocNumber).toBe('BC-101');
    // 03:30 UTC on 3 March is 21:30 on 2 March in Chicago.
    expect(p.TxnDate).toBe('2026-03-02');
    expect(p.PaymentRefNum).toBe('ch_3NxAbCdEfGhIjKlMnO');
    expect(p.PrivateNote).toBe('BigCommerce order #101; channel 1; payment reference ch_3NxAbCdEfGhIjKlMnOpQrStU');
    expect(p.PaymentMethodRef).toEqual({ value: '3' });
    expect(p.DepositToAccountRef).toEqual({ value: '4' });
    expect(p.BillAddr).toEqual({ Line1: 'Jane Doe', Line2: '555 East Street', City: 'Austin', CountrySubDivisionCode: 'Texas', PostalCode: '78108', Country: 'US' });
    expect(p.ShipAddr).toEqual(p.BillAddr);
    expect(p.BillEmail).toEqual({ Address: 'jane.doe@example.com' });
    expect(p.CurrencyRef).toBeUndefined();
    expect(p.ClassRef).toBeUndefined();
    expect(p.DepartmentRef).toBeUndefined();
    expectLineMath(p.Line);
    // The JSON QuickBooks receives holds exact decimals.
    expect(JSON.stringify(p.TxnTaxDetail)).toBe('{"TotalTax":31.77}');
  });

  it('posts an invoice without payment fields', () => {
    const result = ok(mapOrderToSalesDocument(usInput({ document: 'invoice' })));
    expect(result.entity).toBe('Invoice');
    const payload = result.payload as Record<string, unknown>;
    expect(payload.PaymentMethodRef).toBeUndefined();
    expect(payload.DepositToAccountRef).toBeUndefined();
    expect(payload.PaymentRefNum).toBeUndefined();
    expect(result.expected.totalCents).toBe(41677);
  });

  it('stops with a plain reason when a SKU is not mapped (no silent fallback)', () => {
    const input = usInput({ refs: { ...REFS, itemIdBySku: { OTL: '31' } } });
    expect(reason(mapOrderToSalesDocument(input))).toBe(
      'SKU FLCT-GRE-M (Fog Linen Chambray Towel) is not mapped to a QuickBooks item. Map it, or turn on creating items automatically.',
    );
  });

  it('asks for a SKU when a custom product has none', () => {
    const input = usInput();
    input.snapshot.products[1]!.sku = '';
    expect(reason(mapOrderToSalesDocument(input))).toMatch(/"Fog Linen Chambray Towel" on order 101 has no SKU/);
  });

  it('posts discounts as negative lines on the discount item, per source and tax code, when discounts are off', () => {
    const result = ok(mapOrderToSalesDocument(usInput({ facts: { ...US_AST_FACTS, discountAllowed: false } })));
    const discounts = itemLines(result.payload.Line).filter((l) => l.SalesItemLineDetail.ItemRef?.value === '44');
    expect(discounts).toEqual([
      {
        DetailType: 'SalesItemLineDetail',
        Amount: -10,
        Description: 'Coupon SAVE10 (Save 10) on OTL',
        SalesItemLineDetail: { ItemRef: { value: '44' }, Qty: 1, UnitPrice: -10, TaxCodeRef: { value: 'TAX' } },
      },
      {
        DetailType: 'SalesItemLineDetail',
        Amount: -5,
        Description: 'Spring Sale (automatic) on OTL',
        SalesItemLineDetail: { ItemRef: { value: '44' }, Qty: 1, UnitPrice: -5, TaxCodeRef: { value: 'TAX' } },
      },
    ]);
    expect(result.payload.Line.some((l) => l.DetailType === 'DiscountLineDetail')).toBe(false);
    expect(result.expected.totalCents).toBe(41677);
    const { discountItemId: _ignored, ...withoutItem } = REFS;
    expect(reason(mapOrderToSalesDocument(usInput({ facts: { ...US_AST_FACTS, discountAllowed: false }, refs: withoutItem })))).toMatch(
      /discounts are turned off in QuickBooks .* choose a discount item/,
    );
  });

  it('uses the shipping item when the company has no shipping field', () => {
    const result = ok(mapOrderToSalesDocument(usInput({ facts: { ...US_AST_FACTS, shippingAllowed: false } })));
    const shipping = itemLines(result.payload.Line).find((l) => l.Description === 'Shipping: Flat Rate');
    expect(shipping?.SalesItemLineDetail).toEqual({ ItemRef: { value: '40' }, Qty: 1, UnitPrice: 12, TaxCodeRef: { value: 'TAX' } });
    const { shippingItemId: _a, ...noShipping } = REFS;
    expect(reason(mapOrderToSalesDocument(usInput({ facts: { ...US_AST_FACTS, shippingAllowed: false }, refs: noShipping })))).toMatch(
      /shipping field is turned off in QuickBooks; choose a shipping item/,
    );
  });

  it('falls back to settings for items and accounts the refs leave out', () => {
    const { handlingItemId: _h, giftWrappingItemId: _g, discountAccountId: _d, ...refs } = REFS;
    const settings = settingsWith((s) => {
      s.accounts.handlingItemId = '91';
      s.accounts.giftWrappingItemId = '92';
      s.accounts.discountAccountId = '93';
    });
    const result = ok(mapOrderToSalesDocument(usInput({ refs, settings })));
    const ids = result.payload.Line.map((l) => (l.DetailType === 'SalesItemLineDetail' ? l.SalesItemLineDetail.ItemRef?.value : l.DetailType === 'DiscountLineDetail' ? l.DiscountLineDetail.DiscountAccountRef?.value : ''));
    expect(ids).toEqual(['31', '32', SHIPPING_ITEM_ID, '91', '92', '93']);
  });

  it('marks untaxed lines NON and sends TotalTax 0 for a tax-free order', () => {
    const input = usInput();
    const snapshot = input.snapshot;
    snapshot.order.total_tax = '0.0000';
    snapshot.order.total_inc_tax = '385.0000';
    snapshot.taxes = [];
    for (const p of snapshot.products) {
      p.total_tax = '0.0000';
      p.wrapping_cost_tax = '0.0000';
    }
    snapshot.shippingAddresses[0]!.cost_tax = '0.0000';
    snapshot.shippingAddresses[0]!.handling_cost_tax = '0.0000';
    const result = ok(mapOrderToSalesDocument(input));
    expect(itemLines(result.payload.Line).map((l) => l.SalesItemLineDetail.TaxCodeRef?.value)).toEqual(['NON', 'NON', 'NON', 'NON', 'NON']);
    expect(result.payload.TxnTaxDetail).toEqual({ TotalTax: 0 });
    expect(result.expected).toEqual({ totalCents: 38500, taxCents: 0, currency: 'USD' });
  });

  it('refuses tax-inclusive prices in a US company', () => {
    const input = usInput();
    input.snapshot.order.is_tax_inclusive_pricing = true;
    expect(reason(mapOrderToSalesDocument(input))).toMatch(/tax-inclusive prices, which a US QuickBooks company can't record/);
  });

  it('refuses when BigCommerce charged tax but QuickBooks sales tax is not set up', () => {
    expect(reason(mapOrderToSalesDocument(usInput({ facts: { ...US_AST_FACTS, usingSalesTax: false } })))).toMatch(/sales tax isn't set up in QuickBooks/);
  });
});

describe('fees and several shipping addresses', () => {
  const fee = { id: 3, type: 'custom_fee', display_name_customer: 'Rush fee', display_name_merchant: 'Rush processing', source: 'app', cost_ex_tax: '4.0000', cost_inc_tax: '4.0000', cost_tax: '0.0000' };

  it('posts a custom fee on the fee item (NON when untaxed)', () => {
    const input = usInput();
    input.snapshot.fees = [fee];
    input.snapshot.order.total_inc_tax = '420.7700';
    const result = ok(mapOrderToSalesDocument(input));
    expect(itemLines(result.payload.Line).find((l) => l.Description === 'Rush processing')).toEqual({
      DetailType: 'SalesItemLineDetail',
      Amount: 4,
      Description: 'Rush processing',
      SalesItemLineDetail: { ItemRef: { value: '43' }, Qty: 1, UnitPrice: 4, TaxCodeRef: { value: 'NON' } },
    });
    const { feeItemId: _f, ...refs } = REFS;
    expect(reason(mapOrderToSalesDocument({ ...input, refs }))).toMatch(/has a custom fee \(Rush processing\); choose an item for BigCommerce fees/);
  });

  it('refuses a taxed fee outside the US, where BigCommerce gives no rate for it', () => {
    const input = gbInput();
    input.snapshot.fees = [{ ...fee, cost_inc_tax: '4.8000', cost_tax: '0.8000' }];
    expect(reason(mapOrderToSalesDocument(input))).toMatch(/The fee "Rush processing" on order 101 is taxed, but BigCommerce doesn't say at which rate/);
  });

  it('posts one shipping line per address on the shipping item when the addresses carry different tax codes', () => {
    const input = gbInput({ facts: { ...GB_FACTS, shippingAllowed: true, discountAllowed: true } });
    input.snapshot.shippingAddresses.push(bcShippingAddress({ id: 2, cost_ex_tax: '3.0000', cost_inc_tax: '3.0000', cost_tax: '0.0000', shipping_method: 'Courier' }));
    input.snapshot.order.total_inc_tax = '129.0000';
    const result = ok(mapOrderToSalesDocument(input));
    const shipping = itemLines(result.payload.Line).filter((l) => l.Description?.startsWith('Shipping'));
    expect(shipping.map((l) => [l.Description, l.Amount, l.SalesItemLineDetail.ItemRef?.value, l.SalesItemLineDetail.TaxCodeRef?.value])).toEqual([
      ['Shipping: Royal Mail', 6, '40', '3'],
      ['Shipping: Courier', 3, '40', '6'],
    ]);
    // Same tax code everywhere → one line on the company's shipping field.
    input.snapshot.shippingAddresses[1]!.cost_tax = '0.5000';
    input.snapshot.taxes.push(bcTax({ id: 9, order_address_id: 2, order_product_id: null, line_item_type: 'shipping', rate: '20.0000', name: 'VAT', line_amount: '0.5000' }));
    const merged = ok(mapOrderToSalesDocument(input));
    expect(itemLines(merged.payload.Line).filter((l) => l.Description?.startsWith('Shipping')).map((l) => [l.Description, l.Amount, l.SalesItemLineDetail.ItemRef?.value])).toEqual([
      ['Shipping: Royal Mail; Shipping: Courier', 9, SHIPPING_ITEM_ID],
    ]);
  });
});

describe('US manual sales tax', () => {
  it('sends TxnTaxCodeRef from the refs or the one code all BigCommerce rates map to', () => {
    const fromRefs = ok(mapOrderToSalesDocument(usInput({ facts: US_MANUAL_FACTS, refs: { ...REFS, txnTaxCodeId: '7' } })));
    expect(fromRefs.payload.TxnTaxDetail).toEqual({ TxnTaxCodeRef: { value: '7' }, TotalTax: 31.77 });
    const settings = settingsWith((s) => {
      s.tax.rateToTaxCode = { '1': '8' };
    });
    const fromMap = ok(mapOrderToSalesDocument(usInput({ facts: US_MANUAL_FACTS, settings })));
    expect(fromMap.payload.TxnTaxDetail).toEqual({ TxnTaxCodeRef: { value: '8' }, TotalTax: 31.77 });
    expect(reason(mapOrderToSalesDocument(usInput({ facts: US_MANUAL_FACTS })))).toMatch(/choose the QuickBooks sales tax rate/);
  });
});

/** UK store, VAT 20 % included in prices; a zero-rated guide; 10 % coupon on the terrarium; shipping 6.00 incl. VAT. */
function gbInput(patch: Partial<SalesDocumentInput> = {}): SalesDocumentInput {
  const order = bcOrder({
    is_tax_inclusive_pricing: true,
    default_currency_code: 'GBP',
    currency_code: 'GBP',
    store_default_currency_code: 'GBP',
    total_ex_tax: '107.0000',
    total_inc_tax: '126.0000',
    total_tax: '19.0000',
    shipping_cost_ex_tax: '5.0000',
    shipping_cost_inc_tax: '6.0000',
    shipping_cost_tax: '1.0000',
    billing_address: { ...ADDRESS, city: 'London', state: '', zip: 'EC2R 8EJ', country: 'United Kingdom', country_iso2: 'GB', street_1: '1 Poultry' },
  });
  const products = [
    bcProduct({
      id: 1,
      price_ex_tax: '100.0000',
      price_inc_tax: '120.0000',
      total_ex_tax: '100.0000',
      total_inc_tax: '120.0000',
      total_tax: '18.0000',
      applied_discounts: [{ id: 'coupon', amount: '12.0000', name: '10% off', code: 'TENOFF', target: 'product' }],
    }),
    bcProduct({ id: 2, name: 'Digital Brewing Guide (PDF)', sku: 'DBG', type: 'digital', price_ex_tax: '12.0000', price_inc_tax: '12.0000', total_ex_tax: '12.0000', total_inc_tax: '12.0000' }),
  ];
  const taxes = [
    bcTax({ id: 1, order_product_id: '1', rate: '20.0000', name: 'VAT', line_amount: '18.0000' }),
    bcTax({ id: 2, order_product_id: null, line_item_type: 'shipping', rate: '20.0000', name: 'VAT', line_amount: '1.0000' }),
  ];
  return {
    snapshot: snapshotOf({
      order,
      products,
      taxes,
      shippingAddresses: [bcShippingAddress({ cost_ex_tax: '5.0000', cost_inc_tax: '6.0000', cost_tax: '1.0000', shipping_method: 'Royal Mail' })],
    }),
    settings: settingsWith((s) => {
      s.tax.rateToTaxCode = { '1': '3' };
      s.tax.exemptTaxCodeId = '6';
    }),
    facts: { ...GB_FACTS, shippingAllowed: false, discountAllowed: false, departmentTracking: true },
    storeTimeZone: 'Europe/London',
    storeCurrency: 'GBP',
    refs: { ...REFS, departmentId: '2' },
    document: 'sales_receipt',
    ...patch,
  };
}

describe('order → sales receipt (UK VAT, tax-inclusive prices)', () => {
  it('posts gross amounts with TaxInclusive, mapped VAT codes per line and VAT as BigCommerce computed it', () => {
    const result = ok(mapOrderToSalesDocument(gbInput()));
    const p = result.payload;
    expect(p.GlobalTaxCalculation).toBe('TaxInclusive');
    expect(p.ShippingTaxIncludedInTotalTax).toBeUndefined();
    expect(p.TxnTaxDetail).toEqual({ TotalTax: 19 });
    expect(p.DepartmentRef).toEqual({ value: '2' });
    expect(p.CurrencyRef).toBeUndefined();
    expect(itemLines(p.Line).map((l) => [l.Description, l.Amount, l.SalesItemLineDetail.ItemRef?.value, l.SalesItemLineDetail.TaxCodeRef?.value])).toEqual([
      ['Orbit Terrarium - Large', 120, '31', '3'],
      ['Digital Brewing Guide (PDF)', 12, '35', '6'],
      ['Coupon TENOFF (10% off) on OTL', -12, '44', '3'],
      ['Shipping: Royal Mail', 6, '40', '3'],
    ]);
    expect(result.expected).toEqual({ totalCents: 12600, taxCents: 1900, currency: 'GBP' });
    expect(p.TxnDate).toBe('2026-03-03');
    expectLineMath(p.Line);
  });

  it('stops when a BigCommerce tax rate has no QuickBooks tax code, or untaxed lines have no exempt code', () => {
    const noMap = gbInput({ settings: settingsWith((s) => (s.tax.exemptTaxCodeId = '6')) });
    expect(reason(mapOrderToSalesDocument(noMap))).toBe(
      'The BigCommerce tax rate VAT (20.0000%, BigCommerce tax rate 1) used on SKU OTL (Orbit Terrarium - Large) is not mapped to a QuickBooks tax code. Map it in the tax settings.',
    );
    const noExempt = gbInput({ settings: settingsWith((s) => (s.tax.rateToTaxCode = { '1': '3' })) });
    expect(reason(mapOrderToSalesDocument(noExempt))).toMatch(/Choose the QuickBooks tax code for untaxed amounts .* needed for SKU DBG/);
  });

  it('stops when tax was charged but BigCommerce sent no tax detail rows', () => {
    const input = gbInput();
    input.snapshot.taxes = [];
    expect(reason(mapOrderToSalesDocument(input))).toMatch(/BigCommerce charged tax on SKU OTL .* didn't say at which rate/);
  });

  it('needs one code for a line taxed at several rates (combined key "1+2", or all rates on the same code)', () => {
    const input = gbInput({ facts: { ...CA_FACTS, homeCurrency: 'GBP', discountAllowed: true } });
    input.snapshot.taxes.push(bcTax({ id: 3, tax_rate_id: 2, order_product_id: '1', rate: '7.0000', name: 'PST', line_amount: '0.0000' }));
    input.settings.tax.rateToTaxCode = { '1': '3', '2': '9' };
    expect(reason(mapOrderToSalesDocument(input))).toMatch(/map the combination "1\+2" to one QuickBooks tax code/);
    input.settings.tax.rateToTaxCode = { '1': '3', '2': '9', '1+2': '12' };
    const result = ok(mapOrderToSalesDocument(input));
    expect(itemLines(result.payload.Line)[0]?.SalesItemLineDetail.TaxCodeRef).toEqual({ value: '12' });
  });
});

describe('currency', () => {
  function cadOrder(facts = { ...US_AST_FACTS, multiCurrency: true }): SalesDocumentInput {
    const input = usInput({ facts });
    Object.assign(input.snapshot.order, {
      default_currency_code: 'CAD',
      currency_code: 'CAD',
      store_default_currency_code: 'USD',
      store_default_to_transactional_exchange_rate: '1.3500000000',
      currency_exchange_rate: '1.3500000000',
    });
    return input;
  }

  it('posts a CAD order in a USD multicurrency company with CurrencyRef and the home-per-foreign rate', () => {
    const result = ok(mapOrderToSalesDocument(cadOrder()));
    expect(result.payload.CurrencyRef).toEqual({ value: 'CAD' });
    expect(result.payload.ExchangeRate).toBe(0.7407407407);
    expect(result.expected.currency).toBe('CAD');
  });

  it('leaves the rate to QuickBooks when the store default is not the home currency', () => {
    const input = cadOrder({ ...US_AST_FACTS, multiCurrency: true, homeCurrency: 'EUR' });
    const result = ok(mapOrderToSalesDocument(input));
    expect(result.payload.CurrencyRef).toEqual({ value: 'CAD' });
    expect(result.payload.ExchangeRate).toBeUndefined();
  });

  it('sends CurrencyRef for home-currency orders of a multicurrency company, none otherwise', () => {
    expect(ok(mapOrderToSalesDocument(usInput({ facts: { ...US_AST_FACTS, multiCurrency: true } }))).payload.CurrencyRef).toEqual({ value: 'USD' });
  });

  it('refuses a foreign-currency order when multicurrency is off', () => {
    expect(reason(mapOrderToSalesDocument(cadOrder(US_AST_FACTS)))).toBe(
      'Order 101 was paid in CAD, but your QuickBooks company works only in USD. Turn on Multicurrency in QuickBooks (Settings → Advanced → Currency) to post orders in CAD.',
    );
  });

  it('works in whole yen for JPY orders', () => {
    const order = bcOrder({ default_currency_code: 'JPY', currency_code: 'JPY', store_default_currency_code: 'JPY', total_ex_tax: '3300.0000', total_inc_tax: '3300.0000' });
    const products = [bcProduct({ quantity: 3, price_ex_tax: '1100.0000', total_ex_tax: '3300.0000', total_inc_tax: '3300.0000' })];
    const result = ok(
      mapOrderToSalesDocument({
        snapshot: snapshotOf({ order, products }),
        settings: settingsWith(),
        facts: { ...US_AST_FACTS, homeCurrency: 'JPY' },
        storeTimeZone: 'Asia/Tokyo',
        storeCurrency: 'JPY',
        refs: REFS,
        document: 'invoice',
      }),
    );
    expect(result.expected).toEqual({ totalCents: 3300, taxCents: 0, currency: 'JPY' });
    expect(itemLines(result.payload.Line)[0]).toMatchObject({ Amount: 3300, SalesItemLineDetail: { Qty: 3, UnitPrice: 1100 } });
    expect(result.payload.TxnDate).toBe('2026-03-03');
  });
});

describe('gift certificates and store credit', () => {
  it('posts redemptions as negative lines on the liability items; the total is what the customer paid', () => {
    const input = usInput();
    input.snapshot.order.gift_certificate_amount = '25.0000';
    input.snapshot.order.store_credit_amount = '10.0000';
    const result = ok(mapOrderToSalesDocument(input));
    const redemptions = itemLines(result.payload.Line).filter((l) => ['45', '46'].includes(l.SalesItemLineDetail.ItemRef?.value ?? ''));
    expect(redemptions).toEqual([
      { DetailType: 'SalesItemLineDetail', Amount: -25, Description: 'Gift certificate redeemed', SalesItemLineDetail: { ItemRef: { value: '45' }, Qty: 1, UnitPrice: -25, TaxCodeRef: { value: 'NON' } } },
      { DetailType: 'SalesItemLineDetail', Amount: -10, Description: 'Store credit redeemed', SalesItemLineDetail: { ItemRef: { value: '46' }, Qty: 1, UnitPrice: -10, TaxCodeRef: { value: 'NON' } } },
    ]);
    expect(result.expected).toEqual({ totalCents: 41677 - 3500, taxCents: 3177, currency: 'USD' });
    const { giftCertificateItemId: _g, ...refs } = REFS;
    expect(reason(mapOrderToSalesDocument({ ...input, refs }))).toMatch(/partly paid with gift certificate \(25\.00 USD\)\. Choose the QuickBooks gift certificate item/);
  });

  it('posts a gift certificate sold to the gift certificate (liability) item, untaxed', () => {
    const input = usInput();
    input.snapshot.products.push(
      bcProduct({ id: 3, name: '$50 Gift Certificate', sku: '', type: 'giftcertificate', price_ex_tax: '50.0000', total_ex_tax: '50.0000', total_inc_tax: '50.0000' }),
    );
    input.snapshot.order.total_inc_tax = '466.7700';
    const result = ok(mapOrderToSalesDocument(input));
    expect(itemLines(result.payload.Line)[2]).toMatchObject({ Amount: 50, SalesItemLineDetail: { ItemRef: { value: '45' }, TaxCodeRef: { value: 'NON' } } });
    expect(result.expected.totalCents).toBe(46677);
  });
});

describe('totals verification and rounding', () => {
  /** 3 × 3.3333 (a 4-decimal BigCommerce price): the line total 9.9999 posts as 10.00, a cent off the order total. */
  function roundingInput(total: string): SalesDocumentInput {
    const order = bcOrder({ total_ex_tax: total, total_inc_tax: total });
    const products = [bcProduct({ quantity: 3, price_ex_tax: '3.3333', total_ex_tax: '9.9999', total_inc_tax: '9.9999' }), bcProduct({ id: 2, sku: 'ABS', quantity: 1, price_ex_tax: '0.0049', total_ex_tax: '0.0049', total_inc_tax: '0.0049' })];
    return { ...usInput(), snapshot: snapshotOf({ order, products }) };
  }

  it('adds a visible rounding line for a difference within the threshold, computed before posting', () => {
    const result = ok(mapOrderToSalesDocument(roundingInput('9.9900')));
    expect(result.rounding).toEqual({ cents: -1 });
    const lines = itemLines(result.payload.Line);
    expect(lines.at(-1)).toEqual({
      DetailType: 'SalesItemLineDetail',
      Amount: -0.01,
      Description: 'Rounding difference to match the BigCommerce total',
      SalesItemLineDetail: { ItemRef: { value: '47' }, Qty: 1, UnitPrice: -0.01, TaxCodeRef: { value: 'NON' } },
    });
    expect(result.expected.totalCents).toBe(999);
    expect(result.payload.PrivateNote).toContain('rounding adjustment -0.01');
    // 3 × 3.3333 rounds to 10.00 at QuickBooks' cent check, so BigCommerce's own unit price is kept.
    expect(lines[0]?.SalesItemLineDetail).toMatchObject({ Qty: 3, UnitPrice: 3.3333 });
    expectLineMath(result.payload.Line);
  });

  it('needs a rounding item, and refuses differences beyond the threshold with both amounts', () => {
    const { roundingItemId: _r, ...refs } = REFS;
    expect(reason(mapOrderToSalesDocument({ ...roundingInput('9.9900'), refs }))).toMatch(/differs from QuickBooks' total by -0.01 USD .* Choose a rounding item/);
    expect(reason(mapOrderToSalesDocument(roundingInput('9.9000')))).toBe(
      "Order 101: QuickBooks would total 10.00 USD but BigCommerce's total is 9.90 USD; the difference of -0.10 is more than the 0.02 rounding allowance, so nothing was posted.",
    );
  });

  it('honours the merchant threshold', () => {
    const input = roundingInput('9.9000');
    input.settings = settingsWith((s) => (s.roundingThresholdCents = 10));
    expect(ok(mapOrderToSalesDocument(input)).rounding).toEqual({ cents: -10 });
  });
});

describe('Qty × UnitPrice that QuickBooks accepts (6070)', () => {
  it.each([
    [1000, 3, undefined, { Qty: 3, UnitPrice: 3.333 }],
    [1001, 7, undefined, { Qty: 7, UnitPrice: 1.43 }],
    [21800, 2, 1090000, { Qty: 2, UnitPrice: 109 }],
    [-1500, 1, undefined, { Qty: 1, UnitPrice: -15 }],
    [100, 3, undefined, { Qty: 3, UnitPrice: 0.333 }],
    [100, 1_000_000, undefined, { Qty: 1_000_000, UnitPrice: 0.000001 }],
    [2, 1_000_000_000, undefined, { Qty: 1, UnitPrice: 0.02 }],
  ])('amount %i cents over %i units', (amount, quantity, preferred, expected) => {
    const fit = fitQtyPrice(amount, quantity, 'USD', preferred);
    expect(fit).toEqual(expected);
    expect(multiplyToCents(parseDecimal(fit.Qty)!, parseDecimal(fit.UnitPrice)!)).toBe(amount);
  });

  it('keeps whole units for zero-decimal currencies', () => {
    expect(fitQtyPrice(1000, 3, 'JPY')).toEqual({ Qty: 3, UnitPrice: 333.333 });
    expect(fitQtyPrice(3300, 3, 'JPY', 11_000_000)).toEqual({ Qty: 3, UnitPrice: 1100 });
  });
});

describe('header', () => {
  it('puts class on the header or on every line, only when tracked, by channel first', () => {
    const settings = settingsWith((s) => {
      s.classes.defaultId = '100';
      s.classes.byChannel = { '2': '200' };
      s.departments.defaultId = '300';
    });
    const off = ok(mapOrderToSalesDocument(usInput({ settings })));
    expect(off.payload.ClassRef).toBeUndefined();
    expect(off.payload.DepartmentRef).toBeUndefined();
    const perTxn = ok(mapOrderToSalesDocument(usInput({ settings, facts: { ...US_AST_FACTS, classTracking: 'per-transaction', departmentTracking: true } })));
    expect(perTxn.payload.ClassRef).toEqual({ value: '100' });
    expect(perTxn.payload.DepartmentRef).toEqual({ value: '300' });
    const input = usInput({ settings, facts: { ...US_AST_FACTS, classTracking: 'per-line' } });
    input.snapshot.order.channel_id = 2;
    const perLine = ok(mapOrderToSalesDocument(input));
    expect(perLine.payload.ClassRef).toBeUndefined();
    const classes = perLine.payload.Line.map((l) =>
      l.DetailType === 'SalesItemLineDetail' ? l.SalesItemLineDetail.ClassRef?.value : l.DetailType === 'DiscountLineDetail' ? l.DiscountLineDetail.ClassRef?.value : undefined,
    );
    // The shipping field (SHIPPING_ITEM_ID) takes no class.
    expect(classes).toEqual(['200', '200', undefined, '200', '200', '200']);
  });

  it('uses the DocNumber prefix and refuses numbers longer than 21 characters', () => {
    const settings = settingsWith((s) => (s.docNumberPrefix = 'WEB/'));
    expect(ok(mapOrderToSalesDocument(usInput({ settings }))).payload.DocNumber).toBe('WEB/101');
    const long = usInput({ settings: settingsWith((s) => (s.docNumberPrefix = 'LONGPREFIX')) });
    long.snapshot.order.id = 12345678901234;
    expect(reason(mapOrderToSalesDocument(long))).toMatch(/longer than QuickBooks' 21 characters/);
  });

  it('falls back to the capture transaction id for PaymentRefNum and to the payment mapping for accounts', () => {
    const input = usInput({ refs: { customerId: '58', itemIdBySku: REFS.itemIdBySku, handlingItemId: '41', giftWrappingItemId: '42' } });
    input.snapshot.order.payment_provider_id = null;
    input.snapshot.transactions = [bcTransaction({ gateway_transaction_id: 'pi_short', amount: 416.77 })];
    input.settings = settingsWith((s) => {
      s.payments = { stripe: { paymentMethodId: '9', depositAccountId: '10' } };
    });
    const result = ok(mapOrderToSalesDocument(input));
    expect(result.payload).toMatchObject({ PaymentRefNum: 'pi_short', PaymentMethodRef: { value: '9' }, DepositToAccountRef: { value: '10' } });
  });
});

describe('store dates', () => {
  it('uses the IANA zone with its DST rules, else the raw offset', () => {
    expect(storeDate('Sun, 01 Jun 2025 04:30:00 +0000', 'America/Chicago')).toBe('2025-05-31');
    expect(storeDate('Sun, 01 Jun 2025 05:30:00 +0000', 'America/Chicago')).toBe('2025-06-01'); // CDT −5
    expect(storeDate('2025-01-01T05:30:00+00:00', { name: 'Not/AZone', rawOffsetSeconds: -21600 })).toBe('2024-12-31');
    expect(storeDate('2025-01-01T23:30:00Z', 'Asia/Tokyo')).toBe('2025-01-02');
    expect(() => storeDate('yesterday', 'UTC')).toThrow(/could not be read/);
  });
});
