/**
 * BigCommerce customer → QuickBooks Customer payload (pure). Two sources feed it: a registered customer
 * (Customers v3, optionally with the order being posted for its addresses) and a guest, whose only record is
 * the order's billing address. QuickBooks' rules are applied here so the payload is valid as built:
 *  - DisplayName: "First Last", else the company, else the e-mail; unique across Customer/Vendor/Employee, so
 *    a per-currency suffix " (EUR)" (multicurrency: a customer's currency is fixed, so there is one customer
 *    per currency) and, after a 6240 collision, a disambiguation suffix " (BC #12)" / " (a1b2c3d4)" (guests);
 *  - names contain no ':' (sub-customer separator), tabs or newlines; every field is cut to its QuickBooks
 *    limit on a grapheme boundary (never inside a surrogate pair or before a combining mark);
 *  - addresses use PhysicalAddress field names and limits; US/CA/AU state names become their codes.
 * Notes carry `bigcommerce_customer_id=…` so a person (or the resolver) can tell where the record came from.
 */
import { createHash } from 'node:crypto';
import type { BcCustomer, BcCustomerAddress } from '@/lib/bigcommerce/customer-reader';
import type { BcAddress, BcOrder, BcOrderShippingAddress } from '@/lib/bigcommerce/order-types';
import type { EmailAddress, PhoneNumber, PhysicalAddress, Ref } from '@/lib/quickbooks/quickbooks-types';

// ---------------------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------------------

/** QuickBooks field limits (Intuit's Customer / PhysicalAddress reference; Notes: Finance.xsd's 1024). */
export const QBO_CUSTOMER_LIMITS = {
  displayName: 500,
  givenName: 100,
  familyName: 100,
  companyName: 100,
  phone: 30,
  email: 100,
  notes: 1024,
  addressLine: 500,
  city: 255,
  countrySubDivisionCode: 255,
  postalCode: 30,
  country: 255,
} as const;

/** The Customer fields the sync writes (a subset of lib/quickbooks/quickbooks-types Customer, without Id). */
export interface QboCustomerPayload {
  DisplayName: string;
  GivenName?: string;
  FamilyName?: string;
  CompanyName?: string;
  PrimaryEmailAddr?: EmailAddress;
  PrimaryPhone?: PhoneNumber;
  BillAddr?: PhysicalAddress;
  ShipAddr?: PhysicalAddress;
  CurrencyRef?: Ref;
  Notes?: string;
}

/** The contact fields a customer/address change updates (no DisplayName, CurrencyRef or Notes). */
export type QboCustomerContact = Omit<QboCustomerPayload, 'DisplayName' | 'CurrencyRef' | 'Notes'>;

/** An address in neutral form (BigCommerce v2 order addresses and v3 customer addresses both map to it). */
export interface AddressSource {
  street1: string;
  street2: string;
  city: string;
  /** Full name as BigCommerce gives it ("Texas") or a code. */
  state: string;
  zip: string;
  country: string;
  /** ISO 3166-1 alpha-2 when known. */
  countryIso2: string;
}

/** Who the QuickBooks customer stands for. */
export interface CustomerSource {
  kind: 'registered' | 'guest';
  /** BigCommerce customer id (registered only). */
  bcCustomerId?: number;
  email: string;
  firstName: string;
  lastName: string;
  company: string;
  phone: string;
  billing?: AddressSource;
  shipping?: AddressSource;
}

/** Which currency the customer is for, and the company's currency setup. */
export interface CustomerCurrency {
  /** ISO 4217 of the customer (= the transactions it will take). */
  currency: string;
  homeCurrency: string;
  multiCurrency: boolean;
}

export interface CustomerPayloadOptions {
  /** Append the disambiguation suffix (the retry after a 6240 duplicate name). */
  disambiguate?: boolean;
}

// ---------------------------------------------------------------------------------------------------------
// Sources
// ---------------------------------------------------------------------------------------------------------

/** A registered customer on its own (customer and address events): BillAddr and ShipAddr from its first address. */
export function customerSourceFromBcCustomer(customer: BcCustomer): CustomerSource {
  const first = customer.addresses?.[0];
  const address = first ? fromCustomerAddress(first) : undefined;
  return {
    kind: 'registered',
    bcCustomerId: customer.id,
    email: customer.email ?? '',
    firstName: customer.first_name ?? '',
    lastName: customer.last_name ?? '',
    company: customer.company ?? '',
    phone: customer.phone || first?.phone || '',
    ...(address ? { billing: address, shipping: address } : {}),
  };
}

/**
 * The customer of an order: the registered customer's record when there is one (name, e-mail, company, phone,
 * falling back to the billing address), else the guest's billing address. Addresses come from the order:
 * BillAddr = billing address, ShipAddr = first shipping address (billing when nothing ships).
 */
export function customerSourceFromOrder(
  order: Pick<BcOrder, 'customer_id' | 'billing_address'>,
  shippingAddresses: readonly BcOrderShippingAddress[] = [],
  customer?: BcCustomer,
): CustomerSource {
  const billing = order.billing_address;
  const billingAddress = fromOrderAddress(billing);
  const firstShipping = shippingAddresses[0];
  const shipping = firstShipping ? fromOrderAddress(firstShipping) : billingAddress;
  const registered = order.customer_id > 0;
  const pick = (own: string | undefined, fallback: string) => (own && own.trim() ? own : fallback);
  return {
    kind: registered ? 'registered' : 'guest',
    ...(registered ? { bcCustomerId: order.customer_id } : {}),
    email: pick(customer?.email, billing.email ?? ''),
    firstName: pick(customer?.first_name, billing.first_name ?? ''),
    lastName: pick(customer?.last_name, billing.last_name ?? ''),
    company: pick(customer?.company, billing.company ?? ''),
    phone: pick(customer?.phone, billing.phone ?? ''),
    billing: billingAddress,
    shipping,
  };
}

function fromOrderAddress(address: Pick<BcAddress, 'street_1' | 'street_2' | 'city' | 'state' | 'zip' | 'country' | 'country_iso2'>): AddressSource {
  return {
    street1: address.street_1 ?? '',
    street2: address.street_2 ?? '',
    city: address.city ?? '',
    state: address.state ?? '',
    zip: address.zip ?? '',
    country: address.country ?? '',
    countryIso2: address.country_iso2 ?? '',
  };
}

function fromCustomerAddress(address: BcCustomerAddress): AddressSource {
  return {
    street1: address.address1 ?? '',
    street2: address.address2 ?? '',
    city: address.city ?? '',
    state: address.state_or_province ?? '',
    zip: address.postal_code ?? '',
    country: address.country ?? '',
    countryIso2: address.country_code ?? '',
  };
}

// ---------------------------------------------------------------------------------------------------------
// Payloads
// ---------------------------------------------------------------------------------------------------------

/** The full create payload. */
export function toQboCustomer(source: CustomerSource, currency: CustomerCurrency, options: CustomerPayloadOptions = {}): QboCustomerPayload {
  const suffixes = [currencySuffix(currency), options.disambiguate ? disambiguationSuffix(source) : ''].join('');
  const contact = toQboCustomerContact(source);
  return {
    DisplayName: displayName(baseDisplayName(source), suffixes),
    ...contact,
    ...(currency.multiCurrency ? { CurrencyRef: { value: currency.currency } } : {}),
    Notes: qboText(notesFor(source), QBO_CUSTOMER_LIMITS.notes),
  };
}

/** The fields a customer/address change brings to QuickBooks (sparse update: absent = unchanged). */
export function toQboCustomerContact(source: CustomerSource): QboCustomerContact {
  const givenName = qboName(source.firstName, QBO_CUSTOMER_LIMITS.givenName);
  const familyName = qboName(source.lastName, QBO_CUSTOMER_LIMITS.familyName);
  const companyName = qboName(source.company, QBO_CUSTOMER_LIMITS.companyName);
  const email = qboEmail(source.email);
  const phone = qboText(source.phone, QBO_CUSTOMER_LIMITS.phone);
  const billAddr = source.billing ? toPhysicalAddress(source.billing) : undefined;
  const shipAddr = source.shipping ? toPhysicalAddress(source.shipping) : undefined;
  return {
    ...(givenName ? { GivenName: givenName } : {}),
    ...(familyName ? { FamilyName: familyName } : {}),
    ...(companyName ? { CompanyName: companyName } : {}),
    ...(email ? { PrimaryEmailAddr: { Address: email } } : {}),
    ...(phone ? { PrimaryPhone: { FreeFormNumber: phone } } : {}),
    ...(billAddr ? { BillAddr: billAddr } : {}),
    ...(shipAddr ? { ShipAddr: shipAddr } : {}),
  };
}

/**
 * The one customer all guests post to in single_customer mode (settings.guests.customerName), per currency.
 */
export function singleGuestCustomer(name: string, currency: CustomerCurrency): QboCustomerPayload {
  return {
    DisplayName: displayName(qboName(name, QBO_CUSTOMER_LIMITS.displayName) || 'Web Sales', currencySuffix(currency)),
    ...(currency.multiCurrency ? { CurrencyRef: { value: currency.currency } } : {}),
    Notes: 'bigcommerce_guests=all (BigCommerce guest checkouts)',
  };
}

/** " (EUR)" for a customer in a foreign currency of a multicurrency company; '' otherwise. */
export function currencySuffix(currency: CustomerCurrency): string {
  return currency.multiCurrency && currency.currency && currency.currency !== currency.homeCurrency ? ` (${currency.currency})` : '';
}

/** " (BC #12)" for a registered customer, " (a1b2c3d4)" (a hash of the e-mail) for a guest. */
export function disambiguationSuffix(source: CustomerSource): string {
  if (source.kind === 'registered' && source.bcCustomerId !== undefined) return ` (BC #${source.bcCustomerId})`;
  return ` (${shortHash(normaliseEmail(source.email) || `${source.firstName}|${source.lastName}|${source.billing?.zip ?? ''}`)})`;
}

/** What the Notes field says: who the record stands for (the resolver recognises its own records by it). */
export function notesFor(source: CustomerSource): string {
  if (source.kind === 'registered' && source.bcCustomerId !== undefined) return `bigcommerce_customer_id=${source.bcCustomerId}`;
  return 'bigcommerce_guest=true';
}

/** The DisplayName before suffixes: "First Last", else the company, else the e-mail, else a placeholder. */
export function baseDisplayName(source: CustomerSource): string {
  const person = qboName(`${source.firstName} ${source.lastName}`, QBO_CUSTOMER_LIMITS.displayName);
  if (person) return person;
  const company = qboName(source.company, QBO_CUSTOMER_LIMITS.displayName);
  if (company) return company;
  const email = qboName(source.email, QBO_CUSTOMER_LIMITS.displayName);
  if (email) return email;
  return source.kind === 'registered' && source.bcCustomerId !== undefined ? `BigCommerce customer ${source.bcCustomerId}` : 'BigCommerce guest';
}

/** base + suffixes within the DisplayName limit: the base is cut, never the suffixes. */
function displayName(base: string, suffixes: string): string {
  const room = QBO_CUSTOMER_LIMITS.displayName - suffixes.length;
  return `${truncate(base, room).trimEnd()}${suffixes}`;
}

// ---------------------------------------------------------------------------------------------------------
// Addresses
// ---------------------------------------------------------------------------------------------------------

export function toPhysicalAddress(address: AddressSource): PhysicalAddress | undefined {
  const line1 = qboText(address.street1, QBO_CUSTOMER_LIMITS.addressLine);
  const line2 = qboText(address.street2, QBO_CUSTOMER_LIMITS.addressLine);
  const city = qboText(address.city, QBO_CUSTOMER_LIMITS.city);
  const iso2 = address.countryIso2.trim().toUpperCase();
  const subdivision = qboText(subdivisionCode(iso2, address.state), QBO_CUSTOMER_LIMITS.countrySubDivisionCode);
  const postalCode = qboText(address.zip, QBO_CUSTOMER_LIMITS.postalCode);
  const country = qboText(/^[A-Z]{2}$/.test(iso2) ? iso2 : address.country, QBO_CUSTOMER_LIMITS.country);
  const out: PhysicalAddress = {
    ...(line1 ? { Line1: line1 } : {}),
    ...(line2 ? { Line2: line2 } : {}),
    ...(city ? { City: city } : {}),
    ...(subdivision ? { CountrySubDivisionCode: subdivision } : {}),
    ...(postalCode ? { PostalCode: postalCode } : {}),
    ...(country ? { Country: country } : {}),
  };
  return Object.keys(out).length > 0 ? out : undefined;
}

const SUBDIVISIONS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  US: {
    alabama: 'AL', alaska: 'AK', arizona: 'AZ', arkansas: 'AR', california: 'CA', colorado: 'CO', connecticut: 'CT',
    delaware: 'DE', 'district of columbia': 'DC', florida: 'FL', georgia: 'GA', hawaii: 'HI', idaho: 'ID', illinois: 'IL',
    indiana: 'IN', iowa: 'IA', kansas: 'KS', kentucky: 'KY', louisiana: 'LA', maine: 'ME', maryland: 'MD',
    massachusetts: 'MA', michigan: 'MI', minnesota: 'MN', mississippi: 'MS', missouri: 'MO', montana: 'MT',
    nebraska: 'NE', nevada: 'NV', 'new hampshire': 'NH', 'new jersey': 'NJ', 'new mexico': 'NM', 'new york': 'NY',
    'north carolina': 'NC', 'north dakota': 'ND', ohio: 'OH', oklahoma: 'OK', oregon: 'OR', pennsylvania: 'PA',
    'rhode island': 'RI', 'south carolina': 'SC', 'south dakota': 'SD', tennessee: 'TN', texas: 'TX', utah: 'UT',
    vermont: 'VT', virginia: 'VA', washington: 'WA', 'west virginia': 'WV', wisconsin: 'WI', wyoming: 'WY',
    'puerto rico': 'PR', guam: 'GU', 'american samoa': 'AS', 'u.s. virgin islands': 'VI', 'northern mariana islands': 'MP',
    'armed forces americas': 'AA', 'armed forces europe': 'AE', 'armed forces pacific': 'AP',
  },
  CA: {
    alberta: 'AB', 'british columbia': 'BC', manitoba: 'MB', 'new brunswick': 'NB', 'newfoundland and labrador': 'NL',
    'northwest territories': 'NT', 'nova scotia': 'NS', nunavut: 'NU', ontario: 'ON', 'prince edward island': 'PE',
    quebec: 'QC', québec: 'QC', saskatchewan: 'SK', yukon: 'YT',
  },
  AU: {
    'australian capital territory': 'ACT', 'new south wales': 'NSW', 'northern territory': 'NT', queensland: 'QLD',
    'south australia': 'SA', tasmania: 'TAS', victoria: 'VIC', 'western australia': 'WA',
  },
};

/** "Texas" → "TX" for US/CA/AU (what QuickBooks' sales tax expects); anything else as given. */
export function subdivisionCode(countryIso2: string, state: string): string {
  const trimmed = state.trim();
  return SUBDIVISIONS[countryIso2.toUpperCase()]?.[trimmed.toLowerCase()] ?? trimmed;
}

// ---------------------------------------------------------------------------------------------------------
// Text rules
// ---------------------------------------------------------------------------------------------------------

// C0/C1 control characters (tab, newline …) and the Unicode line/paragraph separators.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/** Free text for QuickBooks: NFC, control characters → space, whitespace collapsed, cut to `max`. */
export function qboText(text: string | null | undefined, max: number): string {
  if (!text) return '';
  const clean = text.normalize('NFC').replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
  return truncate(clean, max).trim();
}

/** A QuickBooks name: free text without ':' (the sub-customer separator), cut to `max`. */
export function qboName(text: string | null | undefined, max: number): string {
  if (!text) return '';
  return qboText(text.replace(/:/g, ' - '), max);
}

/** The e-mail if QuickBooks can take it (plausible and ≤ 100 characters), lower-cased; '' otherwise. */
export function qboEmail(email: string | null | undefined): string {
  const normalised = normaliseEmail(email);
  if (!normalised || normalised.length > QBO_CUSTOMER_LIMITS.email) return '';
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(normalised) ? normalised : '';
}

/** Trimmed, lower-cased, NFC: the form e-mails are compared and hashed in. */
export function normaliseEmail(email: string | null | undefined): string {
  return (email ?? '').normalize('NFC').trim().toLowerCase();
}

/** First 8 hex characters of SHA-256: short, stable, not reversible to the e-mail. */
export function shortHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 8);
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * At most `max` UTF-16 code units (how QuickBooks counts), cut between grapheme clusters: never inside a
 * surrogate pair, and never between a letter and its combining marks or inside an emoji sequence.
 */
export function truncate(text: string, max: number): string {
  if (max <= 0) return '';
  if (text.length <= max) return text;
  let out = '';
  for (const { segment } of segmenter.segment(text)) {
    if (out.length + segment.length > max) break;
    out += segment;
  }
  return out;
}
