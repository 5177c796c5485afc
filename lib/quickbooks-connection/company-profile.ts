/**
 * The company profile: what the app needs to know about a connected QuickBooks company before it posts
 * anything (reference §3.1, §3.9, §3.10, traps 17–18, 24, 26). Read once on connect, then refreshed daily or
 * on demand, and cached in Firestore (lib/firestore/company-profile-repository.ts) so the sync never pays a
 * metered read per order:
 *  - facts: country (ISO-2), tax model, currencies and the sales-form / tracking preferences that decide which
 *    fields a transaction may carry;
 *  - lists: compact copies of the Account, TaxCode, TaxRate, PaymentMethod, Class and Department lists,
 *    inactive records included, so settings validation can say "account X is inactive" instead of
 *    "account X does not exist". Classes / departments are read only when the company tracks them.
 *
 * Only plain strings and booleans are kept (no floats): a tax rate is kept as the decimal text QuickBooks
 * sent, never computed with.
 */
import { qboSql, type QuickBooksClient, type QuickBooksQuery } from '@/lib/quickbooks/quickbooks-client';
import type {
  Account,
  Class,
  CompanyInfo,
  Department,
  PaymentMethod,
  Preferences,
  TaxCode,
  TaxRate,
} from '@/lib/quickbooks/quickbooks-types';

// ---------------------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------------------

/**
 * How sales tax reaches QuickBooks (reference §3.10):
 *  - 'us-automated': US with Automated Sales Tax (TaxPrefs.PartnerTaxEnabled): TAX/NON per line, QBO picks
 *    the tax code; match the storefront with a TxnTaxDetail.TotalTax override;
 *  - 'us-manual': US without AST: TAX/NON per line plus one TxnTaxCodeRef for the transaction;
 *  - 'tax-codes': every other country: a real TaxCode Id on every line.
 */
export type TaxModel = 'us-automated' | 'us-manual' | 'tax-codes';

/** AccountingInfoPrefs.ClassTrackingPerTxn → 'per-transaction'; ClassTrackingPerTxnLine → 'per-line'. */
export type ClassTracking = 'off' | 'per-transaction' | 'per-line';

export interface CompanyFacts {
  companyName: string;
  legalName?: string;
  /** ISO 3166-1 alpha-2, upper-case ("US", "CA", "GB", "AU"); an unrecognised value as given; '' if none. */
  country: string;
  /** ISO 4217 code of CurrencyPrefs.HomeCurrency ("USD"); '' if QuickBooks sent none. */
  homeCurrency: string;
  multiCurrency: boolean;
  /** US company with TaxPrefs.PartnerTaxEnabled (Automated Sales Tax). */
  automatedSalesTax: boolean;
  /** TaxPrefs.UsingSalesTax (false with AST on means sales tax is not set up yet). */
  usingSalesTax: boolean;
  taxModel: TaxModel;
  classTracking: ClassTracking;
  departmentTracking: boolean;
  /** What the company calls departments ("Location", "Division", …), when it says. */
  departmentTerminology?: string;
  /** SalesFormsPrefs.AllowShipping: the SHIPPING_ITEM_ID line / shipping field is available. */
  shippingAllowed: boolean;
  /** Account Id of SalesFormsPrefs.DefaultShippingAccount. */
  defaultShippingAccount?: string;
  /** SalesFormsPrefs.AllowDiscount: transaction-level DiscountLineDetail lines are available. */
  discountAllowed: boolean;
  /** Account Id of SalesFormsPrefs.DefaultDiscountAccount. */
  defaultDiscountAccount?: string;
  /** SalesFormsPrefs.CustomTxnNumbers: DocNumbers are ours (duplicates may fail with 6140). */
  customTxnNumbers: boolean;
  /** AccountingInfoPrefs.BookCloseDate (YYYY-MM-DD): writes dated on or before it fail with 6210. */
  bookCloseDate?: string;
}

export interface ProfileAccount {
  id: string;
  name: string;
  fullyQualifiedName: string;
  /** AccountType, e.g. "Bank", "Income", "Other Current Asset" ('' if absent). */
  type: string;
  /** AccountSubType, e.g. "UndepositedFunds", "DiscountsRefundsGiven" ('' if absent). */
  subType: string;
  /** "Asset" | "Equity" | "Expense" | "Liability" | "Revenue" ('' if absent). */
  classification: string;
  active: boolean;
  /** CurrencyRef.value (multicurrency companies). */
  currency?: string;
}

export interface ProfileTaxCode {
  id: string;
  name: string;
  description?: string;
  active: boolean;
  taxable?: boolean;
  taxGroup?: boolean;
  /** TaxRate Ids of SalesTaxRateList, in QuickBooks' order. */
  salesTaxRateIds: string[];
}

export interface ProfileTaxRate {
  id: string;
  name: string;
  active: boolean;
  /** RateValue as the decimal text QuickBooks sent ("6.25" = 6.25 %); absent when it sent none. Never float-computed. */
  ratePercent?: string;
}

export interface ProfilePaymentMethod {
  id: string;
  name: string;
  /** "CREDIT_CARD" | "NON_CREDIT_CARD" as sent. */
  type?: string;
  active: boolean;
}

export interface ProfileListEntry {
  id: string;
  name: string;
  fullyQualifiedName: string;
  active: boolean;
}

export interface CompanyLists {
  accounts: ProfileAccount[];
  taxCodes: ProfileTaxCode[];
  taxRates: ProfileTaxRate[];
  paymentMethods: ProfilePaymentMethod[];
  /** [] when class tracking is off (not read). */
  classes: ProfileListEntry[];
  /** [] when department (location) tracking is off (not read). */
  departments: ProfileListEntry[];
}

export interface CompanyProfile {
  facts: CompanyFacts;
  lists: CompanyLists;
  /** ISO 8601 time the profile was read from QuickBooks. */
  refreshedAt: string;
}

/** Refresh the cached profile after this long (daily). */
export const PROFILE_MAX_AGE_MS = 24 * 60 * 60 * 1000;

// ---------------------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------------------

/*
 * QuickBooks hides inactive list records unless the query filters on Active; `Active IN (true, false)`
 * returns both. ORDERBY Id keeps paging stable (queryAll reads 1000 rows a page).
 */
const QUERIES = {
  accounts: qboSql`SELECT * FROM Account WHERE Active IN (true, false) ORDERBY Id`,
  taxCodes: qboSql`SELECT * FROM TaxCode WHERE Active IN (true, false) ORDERBY Id`,
  taxRates: qboSql`SELECT * FROM TaxRate WHERE Active IN (true, false) ORDERBY Id`,
  paymentMethods: qboSql`SELECT * FROM PaymentMethod WHERE Active IN (true, false) ORDERBY Id`,
  classes: qboSql`SELECT * FROM Class WHERE Active IN (true, false) ORDERBY Id`,
  departments: qboSql`SELECT * FROM Department WHERE Active IN (true, false) ORDERBY Id`,
} satisfies Record<keyof CompanyLists, QuickBooksQuery>;

/**
 * Reads the company's facts and lists. Calls go one after another (at most 8 requests for a small
 * company): a profile refresh must not eat into the realm's concurrency budget (10 in flight) that the sync
 * itself uses. QuickBooks errors propagate as the client's typed errors; nothing is cached on failure.
 */
export async function readCompanyProfile(client: QuickBooksClient, now = new Date()): Promise<CompanyProfile> {
  const info = await client.getCompanyInfo();
  const preferences = await client.getPreferences();
  const facts = companyFactsFrom(info, preferences);

  const accounts = (await client.queryAll<Account>(QUERIES.accounts)).map(toProfileAccount);
  const taxCodes = (await client.queryAll<TaxCode>(QUERIES.taxCodes)).map(toProfileTaxCode);
  const taxRates = (await client.queryAll<TaxRate>(QUERIES.taxRates)).map(toProfileTaxRate);
  const paymentMethods = (await client.queryAll<PaymentMethod>(QUERIES.paymentMethods)).map(toProfilePaymentMethod);
  const classes = facts.classTracking === 'off' ? [] : (await client.queryAll<Class>(QUERIES.classes)).map(toListEntry);
  const departments = facts.departmentTracking
    ? (await client.queryAll<Department>(QUERIES.departments)).map(toListEntry)
    : [];

  return {
    facts,
    lists: { accounts, taxCodes, taxRates, paymentMethods, classes, departments },
    refreshedAt: now.toISOString(),
  };
}

/** Facts from CompanyInfo + Preferences (pure; exported for tests and for callers that already hold both). */
export function companyFactsFrom(info: CompanyInfo, preferences: Preferences): CompanyFacts {
  const country = normaliseCountryCode(
    nonEmpty(info.Country) ?? nonEmpty(info.LegalAddr?.Country) ?? nonEmpty(info.CompanyAddr?.Country) ?? '',
  );
  const tax = preferences.TaxPrefs;
  const accounting = preferences.AccountingInfoPrefs;
  const salesForms = preferences.SalesFormsPrefs;
  const isUs = country === 'US';
  const automatedSalesTax = isUs && tax?.PartnerTaxEnabled === true;

  const legalName = nonEmpty(info.LegalName);
  const departmentTerminology = nonEmpty(accounting?.DepartmentTerminology);
  const defaultShippingAccount = accountId(salesForms?.DefaultShippingAccount);
  const defaultDiscountAccount = accountId(salesForms?.DefaultDiscountAccount);
  const bookCloseDate = nonEmpty(accounting?.BookCloseDate);

  return {
    companyName: nonEmpty(info.CompanyName) ?? legalName ?? '',
    ...(legalName !== undefined ? { legalName } : {}),
    country,
    homeCurrency: (nonEmpty(preferences.CurrencyPrefs?.HomeCurrency?.value) ?? '').toUpperCase(),
    multiCurrency: preferences.CurrencyPrefs?.MultiCurrencyEnabled === true,
    automatedSalesTax,
    usingSalesTax: tax?.UsingSalesTax === true,
    taxModel: isUs ? (automatedSalesTax ? 'us-automated' : 'us-manual') : 'tax-codes',
    classTracking:
      accounting?.ClassTrackingPerTxnLine === true
        ? 'per-line'
        : accounting?.ClassTrackingPerTxn === true
          ? 'per-transaction'
          : 'off',
    departmentTracking: accounting?.TrackDepartments === true,
    ...(departmentTerminology !== undefined ? { departmentTerminology } : {}),
    shippingAllowed: salesForms?.AllowShipping === true,
    ...(defaultShippingAccount !== undefined ? { defaultShippingAccount } : {}),
    discountAllowed: salesForms?.AllowDiscount === true,
    ...(defaultDiscountAccount !== undefined ? { defaultDiscountAccount } : {}),
    customTxnNumbers: salesForms?.CustomTxnNumbers === true,
    ...(bookCloseDate !== undefined ? { bookCloseDate } : {}),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Country codes
// ---------------------------------------------------------------------------------------------------------

/**
 * ISO-3 → ISO-2 for the countries QuickBooks Online sells in and their neighbours. Since Oct 2025 Intuit
 * returns ISO-3 codes ("USA") in company addresses (reference §3.1, trap 26); older data has ISO-2.
 */
const ISO3_TO_ISO2: Readonly<Record<string, string>> = {
  USA: 'US', CAN: 'CA', GBR: 'GB', AUS: 'AU', NZL: 'NZ', IRL: 'IE', IND: 'IN', FRA: 'FR', DEU: 'DE',
  ESP: 'ES', ITA: 'IT', NLD: 'NL', BEL: 'BE', PRT: 'PT', AUT: 'AT', CHE: 'CH', SWE: 'SE', NOR: 'NO',
  DNK: 'DK', FIN: 'FI', POL: 'PL', MEX: 'MX', BRA: 'BR', ARG: 'AR', CHL: 'CL', COL: 'CO', PER: 'PE',
  ZAF: 'ZA', SGP: 'SG', HKG: 'HK', MYS: 'MY', PHL: 'PH', THA: 'TH', IDN: 'ID', VNM: 'VN', JPN: 'JP',
  KOR: 'KR', CHN: 'CN', TWN: 'TW', ARE: 'AE', SAU: 'SA', ISR: 'IL', TUR: 'TR', EGY: 'EG', NGA: 'NG',
  KEN: 'KE', PRI: 'PR', JAM: 'JM', TTO: 'TT', BHS: 'BS',
};

/**
 * "USA"/"usa"/"US"/" us " → "US". Any two letters become upper-case ISO-2; known ISO-3 codes are mapped;
 * anything else (unknown ISO-3, a country name) is returned as given, trimmed.
 */
export function normaliseCountryCode(value: string): string {
  const trimmed = value.trim();
  const upper = trimmed.toUpperCase();
  if (/^[A-Z]{2}$/.test(upper)) return upper;
  if (/^[A-Z]{3}$/.test(upper)) return ISO3_TO_ISO2[upper] ?? trimmed;
  return trimmed;
}

// ---------------------------------------------------------------------------------------------------------
// Staleness
// ---------------------------------------------------------------------------------------------------------

/**
 * True when there is no profile, its time is unreadable, or it is `maxAgeMs` (default 24 h) old or older.
 * A refreshedAt in the future (another instance's clock) counts as fresh unless it is that far ahead too.
 */
export function isProfileStale(
  profile: { refreshedAt: string } | undefined,
  now: number = Date.now(),
  maxAgeMs: number = PROFILE_MAX_AGE_MS,
): boolean {
  if (!profile) return true;
  const refreshedAt = Date.parse(profile.refreshedAt);
  if (Number.isNaN(refreshedAt)) return true;
  return Math.abs(now - refreshedAt) >= maxAgeMs;
}

// ---------------------------------------------------------------------------------------------------------
// Compact list entries (only what the app uses, to keep the Firestore document small)
// ---------------------------------------------------------------------------------------------------------

function toProfileAccount(account: Account): ProfileAccount {
  const currency = nonEmpty(account.CurrencyRef?.value);
  return {
    id: String(account.Id),
    name: account.Name ?? '',
    fullyQualifiedName: nonEmpty(account.FullyQualifiedName) ?? account.Name ?? '',
    type: account.AccountType ?? '',
    subType: account.AccountSubType ?? '',
    classification: account.Classification ?? '',
    active: account.Active !== false,
    ...(currency !== undefined ? { currency } : {}),
  };
}

function toProfileTaxCode(code: TaxCode): ProfileTaxCode {
  const description = nonEmpty(code.Description);
  const rateIds = (code.SalesTaxRateList?.TaxRateDetail ?? [])
    .map((detail) => nonEmpty(detail.TaxRateRef?.value))
    .filter((id): id is string => id !== undefined);
  return {
    id: String(code.Id),
    name: code.Name ?? '',
    ...(description !== undefined ? { description } : {}),
    active: code.Active !== false,
    ...(typeof code.Taxable === 'boolean' ? { taxable: code.Taxable } : {}),
    ...(typeof code.TaxGroup === 'boolean' ? { taxGroup: code.TaxGroup } : {}),
    salesTaxRateIds: rateIds,
  };
}

function toProfileTaxRate(rate: TaxRate): ProfileTaxRate {
  const ratePercent = decimalText(rate.RateValue);
  return {
    id: String(rate.Id),
    name: rate.Name ?? '',
    active: rate.Active !== false,
    ...(ratePercent !== undefined ? { ratePercent } : {}),
  };
}

function toProfilePaymentMethod(method: PaymentMethod): ProfilePaymentMethod {
  const type = nonEmpty(method.Type);
  return {
    id: String(method.Id),
    name: method.Name ?? '',
    ...(type !== undefined ? { type } : {}),
    active: method.Active !== false,
  };
}

function toListEntry(entry: Class | Department): ProfileListEntry {
  return {
    id: String(entry.Id),
    name: entry.Name ?? '',
    fullyQualifiedName: nonEmpty(entry.FullyQualifiedName) ?? entry.Name ?? '',
    active: entry.Active !== false,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * An account reference held in a preference. Finance.xsd types it as a string (the account Id), but Intuit's
 * own sample responses show `"DefaultShippingAccount": false` when none is set: only a real id counts.
 */
function accountId(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return String(value);
  const text = nonEmpty(value);
  return text !== undefined && /^[A-Za-z0-9_-]+$/.test(text) && !/^(true|false|null)$/i.test(text) ? text : undefined;
}

/**
 * RateValue as text. JSON gives a number; String() of a parsed JSON number is the shortest text that parses
 * back to it, i.e. exactly what QuickBooks wrote for any rate with ≤ 15 significant digits ("6.25", "13").
 */
function decimalText(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  const text = nonEmpty(value);
  return text !== undefined && /^-?\d+(\.\d+)?$/.test(text) ? text : undefined;
}
