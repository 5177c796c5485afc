/** Unit tests of the pure BigCommerce customer → QuickBooks Customer mapping, field by field. */
import { createHash } from 'node:crypto';
import type { BcCustomer } from '@/lib/bigcommerce/customer-reader';
import type { BcAddress, BcOrderShippingAddress } from '@/lib/bigcommerce/order-types';
import {
  QBO_CUSTOMER_LIMITS,
  customerSourceFromBcCustomer,
  customerSourceFromOrder,
  qboEmail,
  singleGuestCustomer,
  subdivisionCode,
  toQboCustomer,
  toQboCustomerContact,
  truncate,
  type CustomerCurrency,
  type CustomerSource,
} from './customer-mapper';

const USD: CustomerCurrency = { currency: 'USD', homeCurrency: 'USD', multiCurrency: false };
const MC_USD: CustomerCurrency = { currency: 'USD', homeCurrency: 'USD', multiCurrency: true };
const MC_EUR: CustomerCurrency = { currency: 'EUR', homeCurrency: 'USD', multiCurrency: true };

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function bcCustomer(overrides: Partial<BcCustomer> = {}): BcCustomer {
  return {
    id: 12,
    email: ' Jane.Doe@Example.COM ',
    first_name: 'Jane',
    last_name: 'Doe',
    company: 'Acme Mugs',
    phone: '512-555-0100',
    customer_group_id: 0,
    addresses: [
      {
        id: 5,
        customer_id: 12,
        first_name: 'Jane',
        last_name: 'Doe',
        company: 'Acme Mugs',
        address1: '1 Main St',
        address2: 'Suite 4',
        city: 'Austin',
        state_or_province: 'Texas',
        postal_code: '78701',
        country: 'United States',
        country_code: 'US',
        phone: '512-555-0199',
        address_type: 'commercial',
      },
    ],
    ...overrides,
  };
}

function billing(overrides: Partial<BcAddress> = {}): BcAddress {
  return {
    first_name: 'Lena',
    last_name: 'Gast',
    company: '',
    street_1: 'Hauptstr. 1',
    street_2: '',
    city: 'Berlin',
    state: 'Berlin',
    zip: '10115',
    country: 'Germany',
    country_iso2: 'DE',
    phone: '+49 30 1234567',
    email: 'Lena@Example.de',
    ...overrides,
  };
}

function shippingAddress(overrides: Partial<BcOrderShippingAddress> = {}): BcOrderShippingAddress {
  return {
    id: 9,
    order_id: 100,
    first_name: 'Lena',
    last_name: 'Gast',
    company: '',
    street_1: 'Lieferweg 7',
    street_2: 'Hinterhaus',
    city: 'Potsdam',
    state: 'Brandenburg',
    zip: '14467',
    country: 'Germany',
    country_iso2: 'DE',
    phone: '',
    email: '',
    shipping_method: 'DHL',
    base_cost: '5.0000',
    cost_ex_tax: '5.0000',
    cost_inc_tax: '5.0000',
    cost_tax: '0.0000',
    base_handling_cost: '0.0000',
    handling_cost_ex_tax: '0.0000',
    handling_cost_inc_tax: '0.0000',
    handling_cost_tax: '0.0000',
    ...overrides,
  };
}

function person(overrides: Partial<CustomerSource> = {}): CustomerSource {
  return { kind: 'registered', bcCustomerId: 12, email: 'jane@example.com', firstName: 'Jane', lastName: 'Doe', company: '', phone: '', ...overrides };
}

describe('registered customer (Customers v3)', () => {
  test('every field, QuickBooks names and PhysicalAddress shape', () => {
    expect(toQboCustomer(customerSourceFromBcCustomer(bcCustomer()), USD)).toEqual({
      DisplayName: 'Jane Doe',
      GivenName: 'Jane',
      FamilyName: 'Doe',
      CompanyName: 'Acme Mugs',
      PrimaryEmailAddr: { Address: 'jane.doe@example.com' },
      PrimaryPhone: { FreeFormNumber: '512-555-0100' },
      BillAddr: { Line1: '1 Main St', Line2: 'Suite 4', City: 'Austin', CountrySubDivisionCode: 'TX', PostalCode: '78701', Country: 'US' },
      ShipAddr: { Line1: '1 Main St', Line2: 'Suite 4', City: 'Austin', CountrySubDivisionCode: 'TX', PostalCode: '78701', Country: 'US' },
      Notes: 'bigcommerce_customer_id=12',
    });
  });

  test('no addresses: no BillAddr/ShipAddr; no phone on the customer: the address phone', () => {
    const noAddresses = toQboCustomer(customerSourceFromBcCustomer(bcCustomer({ addresses: [] })), USD);
    expect(noAddresses.BillAddr).toBeUndefined();
    expect(noAddresses.ShipAddr).toBeUndefined();
    expect(toQboCustomer(customerSourceFromBcCustomer(bcCustomer({ phone: '' })), USD).PrimaryPhone).toEqual({ FreeFormNumber: '512-555-0199' });
  });

  test('contact fields for a sparse update leave DisplayName, currency and Notes alone', () => {
    const contact = toQboCustomerContact(customerSourceFromBcCustomer(bcCustomer()));
    expect(Object.keys(contact).sort()).toEqual(['BillAddr', 'CompanyName', 'FamilyName', 'GivenName', 'PrimaryEmailAddr', 'PrimaryPhone', 'ShipAddr']);
  });
});

describe('customer of an order', () => {
  test('guest: billing address → names, e-mail, phone, BillAddr; first shipping address → ShipAddr', () => {
    const source = customerSourceFromOrder({ customer_id: 0, billing_address: billing() }, [shippingAddress()]);
    expect(toQboCustomer(source, USD)).toEqual({
      DisplayName: 'Lena Gast',
      GivenName: 'Lena',
      FamilyName: 'Gast',
      PrimaryEmailAddr: { Address: 'lena@example.de' },
      PrimaryPhone: { FreeFormNumber: '+49 30 1234567' },
      BillAddr: { Line1: 'Hauptstr. 1', City: 'Berlin', CountrySubDivisionCode: 'Berlin', PostalCode: '10115', Country: 'DE' },
      ShipAddr: { Line1: 'Lieferweg 7', Line2: 'Hinterhaus', City: 'Potsdam', CountrySubDivisionCode: 'Brandenburg', PostalCode: '14467', Country: 'DE' },
      Notes: 'bigcommerce_guest=true',
    });
  });

  test('nothing ships (digital): ShipAddr is the billing address', () => {
    const payload = toQboCustomer(customerSourceFromOrder({ customer_id: 0, billing_address: billing() }, []), USD);
    expect(payload.ShipAddr).toEqual(payload.BillAddr);
  });

  test('registered customer with its record: names from the record, addresses from the order', () => {
    const source = customerSourceFromOrder({ customer_id: 12, billing_address: billing() }, [shippingAddress()], bcCustomer());
    const payload = toQboCustomer(source, USD);
    expect(payload).toMatchObject({
      DisplayName: 'Jane Doe',
      CompanyName: 'Acme Mugs',
      PrimaryEmailAddr: { Address: 'jane.doe@example.com' },
      BillAddr: { Line1: 'Hauptstr. 1', City: 'Berlin' },
      ShipAddr: { Line1: 'Lieferweg 7' },
      Notes: 'bigcommerce_customer_id=12',
    });
  });

  test('registered customer without its record: everything from the billing address, still its id', () => {
    const payload = toQboCustomer(customerSourceFromOrder({ customer_id: 12, billing_address: billing() }), USD);
    expect(payload).toMatchObject({ DisplayName: 'Lena Gast', Notes: 'bigcommerce_customer_id=12' });
  });
});

describe('DisplayName', () => {
  test('"First Last", else company, else e-mail, else a placeholder', () => {
    expect(toQboCustomer(person({ company: 'Acme' }), USD).DisplayName).toBe('Jane Doe');
    expect(toQboCustomer(person({ firstName: '', lastName: '', company: 'Acme' }), USD).DisplayName).toBe('Acme');
    expect(toQboCustomer(person({ firstName: ' ', lastName: '', company: '' }), USD).DisplayName).toBe('jane@example.com');
    expect(toQboCustomer(person({ firstName: '', lastName: 'Doe' }), USD).DisplayName).toBe('Doe');
    expect(toQboCustomer(person({ firstName: '', lastName: '', email: '' }), USD).DisplayName).toBe('BigCommerce customer 12');
    expect(toQboCustomer(person({ kind: 'guest', bcCustomerId: undefined, firstName: '', lastName: '', email: '' }), USD).DisplayName).toBe('BigCommerce guest');
  });

  test('QuickBooks name rules: no colon, tab or newline; whitespace collapsed; NFC', () => {
    const payload = toQboCustomer(person({ firstName: 'Jo:hn\t', lastName: 'O\'Brien\n\r Jr.', company: 'A:B\u2028Co' }), USD);
    expect(payload.DisplayName).toBe("Jo - hn O'Brien Jr.");
    expect(payload.GivenName).toBe('Jo - hn');
    expect(payload.CompanyName).toBe('A - B Co');
    for (const value of [payload.DisplayName, payload.GivenName, payload.FamilyName, payload.CompanyName]) {
      expect(value).not.toMatch(/[:\t\n\r]/);
    }
    // Decomposed "Zoë Ångström" is stored composed.
    expect(toQboCustomer(person({ firstName: 'Zoe\u0308', lastName: 'A\u030Angstro\u0308m' }), USD).DisplayName).toBe('Zoë Ångström');
    expect(toQboCustomer(person({ firstName: '太郎', lastName: '山田' }), USD).DisplayName).toBe('太郎 山田');
  });

  test('multicurrency: a foreign-currency customer is suffixed " (EUR)" and carries CurrencyRef', () => {
    expect(toQboCustomer(person(), MC_EUR)).toMatchObject({ DisplayName: 'Jane Doe (EUR)', CurrencyRef: { value: 'EUR' } });
    expect(toQboCustomer(person(), MC_USD)).toMatchObject({ DisplayName: 'Jane Doe', CurrencyRef: { value: 'USD' } });
    const single = toQboCustomer(person(), USD);
    expect(single.DisplayName).toBe('Jane Doe');
    expect(single.CurrencyRef).toBeUndefined();
  });

  test('disambiguation after a 6240: " (BC #id)"; guests: 8 hex of the e-mail hash; after the currency suffix', () => {
    expect(toQboCustomer(person(), MC_EUR, { disambiguate: true }).DisplayName).toBe('Jane Doe (EUR) (BC #12)');
    const guest = person({ kind: 'guest', bcCustomerId: undefined, email: ' Lena@Example.de' });
    const hash = createHash('sha256').update('lena@example.de').digest('hex').slice(0, 8);
    expect(toQboCustomer(guest, USD, { disambiguate: true }).DisplayName).toBe(`Jane Doe (${hash})`);
  });

  test('500-character names: cut to the limits, suffixes kept whole', () => {
    const long = person({ firstName: 'A'.repeat(300), lastName: 'B'.repeat(300), company: 'C'.repeat(300) });
    const payload = toQboCustomer(long, MC_EUR, { disambiguate: true });
    expect(payload.DisplayName).toHaveLength(QBO_CUSTOMER_LIMITS.displayName);
    expect(payload.DisplayName.endsWith('B (EUR) (BC #12)')).toBe(true);
    expect(payload.GivenName).toBe('A'.repeat(100));
    expect(payload.FamilyName).toBe('B'.repeat(100));
    expect(payload.CompanyName).toBe('C'.repeat(100));
    expect(toQboCustomer(long, USD).DisplayName).toBe(`${'A'.repeat(300)} ${'B'.repeat(199)}`);
  });

  test('never splits a surrogate pair, a combining sequence or an emoji sequence', () => {
    const emoji = person({ firstName: `a${'😀'.repeat(60)}`, lastName: '🎉'.repeat(300) });
    const payload = toQboCustomer(emoji, MC_EUR, { disambiguate: true });
    for (const value of [payload.DisplayName, payload.GivenName!, payload.FamilyName!]) expect(value).not.toMatch(LONE_SURROGATE);
    expect(payload.GivenName).toBe(`a${'😀'.repeat(49)}`); // 99 code units: a 50th emoji would make 101
    expect(payload.FamilyName).toBe('🎉'.repeat(50));
    expect(payload.DisplayName.length).toBeLessThanOrEqual(500);
    expect(payload.DisplayName.endsWith(' (EUR) (BC #12)')).toBe(true);

    // q + combining acute has no precomposed form: the pair stays together.
    expect(truncate('q\u0301'.repeat(10), 5)).toBe('q\u0301q\u0301');
    const family = '👩‍👩‍👧‍👦'; // 11 code units, one grapheme
    expect(truncate(`x${family}`, 11)).toBe('x');
    expect(truncate(`x${family}`, 12)).toBe(`x${family}`);
  });
});

describe('contact fields', () => {
  test('e-mail: lower-cased; omitted when implausible or over 100 characters', () => {
    expect(qboEmail(' Jane@Example.COM ')).toBe('jane@example.com');
    expect(qboEmail('not-an-email')).toBe('');
    expect(qboEmail(`${'x'.repeat(95)}@example.com`)).toBe('');
    expect(toQboCustomer(person({ email: 'nope' }), USD).PrimaryEmailAddr).toBeUndefined();
  });

  test('phone ≤ 30; address fields at their QuickBooks limits', () => {
    const payload = toQboCustomer(
      customerSourceFromOrder(
        {
          customer_id: 0,
          billing_address: billing({
            phone: '+1 (512) 555-0100 extension 12345 ask for Jane',
            street_1: 'S'.repeat(600),
            city: 'C'.repeat(300),
            zip: '1'.repeat(40),
            state: 'Region '.repeat(50),
            country: 'Neverland',
            country_iso2: '',
          }),
        },
        [],
      ),
      USD,
    );
    expect(payload.PrimaryPhone?.FreeFormNumber).toBe('+1 (512) 555-0100 extension 12');
    expect(payload.BillAddr?.Line1).toHaveLength(QBO_CUSTOMER_LIMITS.addressLine);
    expect(payload.BillAddr?.City).toHaveLength(QBO_CUSTOMER_LIMITS.city);
    expect(payload.BillAddr?.PostalCode).toHaveLength(QBO_CUSTOMER_LIMITS.postalCode);
    expect(payload.BillAddr?.CountrySubDivisionCode?.length).toBeLessThanOrEqual(QBO_CUSTOMER_LIMITS.countrySubDivisionCode);
    expect(payload.BillAddr?.Country).toBe('Neverland');
  });

  test('state names become codes for US, Canada and Australia only', () => {
    expect(subdivisionCode('US', 'New York')).toBe('NY');
    expect(subdivisionCode('us', ' texas ')).toBe('TX');
    expect(subdivisionCode('US', 'TX')).toBe('TX');
    expect(subdivisionCode('CA', 'Québec')).toBe('QC');
    expect(subdivisionCode('AU', 'New South Wales')).toBe('NSW');
    expect(subdivisionCode('DE', 'Bayern')).toBe('Bayern');
  });

  test('an empty address is left out', () => {
    const payload = toQboCustomer(
      customerSourceFromOrder({ customer_id: 0, billing_address: billing({ street_1: '', city: '', state: '', zip: '', country: '', country_iso2: '' }) }, []),
      USD,
    );
    expect(payload.BillAddr).toBeUndefined();
  });
});

describe('the single guest customer', () => {
  test('configured name, per currency', () => {
    expect(singleGuestCustomer('Web Sales', USD)).toEqual({ DisplayName: 'Web Sales', Notes: 'bigcommerce_guests=all (BigCommerce guest checkouts)' });
    expect(singleGuestCustomer('Web: Sales', MC_EUR)).toMatchObject({ DisplayName: 'Web - Sales (EUR)', CurrencyRef: { value: 'EUR' } });
  });
});
