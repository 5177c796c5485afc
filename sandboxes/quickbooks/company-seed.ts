/**
 * A new company as QBO would hand it to an app: chart of accounts, payment methods, classes, departments,
 * per-country tax codes and rates, the default items, a few vendors/employees (they share the DisplayName
 * namespace with customers), CompanyInfo and Preferences built from the company's feature flags.
 */
import crypto from 'node:crypto';
import { EntityStore } from './entity-store';
import type { JsonObject } from './json';
import { formatDateTime } from './clock';

export type Country = 'US' | 'CA' | 'GB';

export interface CompanyOptions {
  realmId?: string;
  name?: string;
  country: Country;
  homeCurrency?: string;
  multiCurrency?: boolean;
  /** US only: Automated Sales Tax (Preferences.TaxPrefs.PartnerTaxEnabled). Default true for US. */
  automatedSalesTax?: boolean;
  classTracking?: boolean;
  departmentTracking?: boolean;
  shippingAllowed?: boolean;
  discountAllowed?: boolean;
  /** SalesFormsPrefs.CustomTxnNumbers (default true): DocNumbers are the app's, duplicates → 6140. */
  customTxnNumbers?: boolean;
  /** Books closed through this date (YYYY-MM-DD): writes dated on/before it → 6210. */
  closedThrough?: string;
  /** false = subscription ended: every v3 call → 403 / 6190. Default true. */
  subscriptionActive?: boolean;
}

export interface CompanyState {
  realmId: string;
  name: string;
  country: Country;
  homeCurrency: string;
  multiCurrency: boolean;
  automatedSalesTax: boolean;
  classTracking: boolean;
  departmentTracking: boolean;
  shippingAllowed: boolean;
  discountAllowed: boolean;
  customTxnNumbers: boolean;
  closedThrough: string | undefined;
  subscriptionActive: boolean;
  /** Tax code AST assigns to US transactions (its rates add up to the company's combined rate). */
  astTaxCodeId: string | undefined;
  /** Well-known account ids, for rules and tests. */
  accounts: Record<'sales' | 'services' | 'shippingIncome' | 'discounts' | 'undeposited' | 'checking' | 'inventoryAsset' | 'cogs' | 'receivable' | 'taxPayable', string>;
  store: EntityStore;
}

const CURRENCY: Record<Country, string> = { US: 'USD', CA: 'CAD', GB: 'GBP' };
const CURRENCY_NAMES: Record<string, string> = {
  USD: 'United States Dollar', CAD: 'Canadian Dollar', GBP: 'British Pound Sterling', EUR: 'Euro', AUD: 'Australian Dollar',
};

export function currencyName(code: string): string {
  return CURRENCY_NAMES[code] ?? code;
}

/** 19-digit realm id like Intuit's (e.g. 9341452384563723). */
export function newRealmId(): string {
  return `9341${crypto.randomInt(100_000_000, 999_999_999)}${crypto.randomInt(100_000, 999_999)}`;
}

const ADDRESSES: Record<Country, JsonObject> = {
  US: { Id: '1', Line1: '500 W 2nd St', City: 'Austin', CountrySubDivisionCode: 'TX', PostalCode: '78701', Country: 'US' },
  CA: { Id: '1', Line1: '100 King St W', City: 'Toronto', CountrySubDivisionCode: 'ON', PostalCode: 'M5X 1A9', Country: 'CA' },
  GB: { Id: '1', Line1: '1 Poultry', City: 'London', PostalCode: 'EC2R 8EJ', Country: 'GB' },
};

interface RateSeed { name: string; percent: string; agency: string; special?: string }
interface CodeSeed { id?: string; name: string; rates: string[]; taxable?: boolean; group?: boolean; description?: string }

const TAX_SEEDS: Record<Country, { rates: RateSeed[]; codes: CodeSeed[]; liability: string }> = {
  US: {
    liability: 'Texas Comptroller Payable',
    rates: [
      { name: 'Texas State', percent: '6.25', agency: 'Texas Comptroller of Public Accounts' },
      { name: 'Austin City', percent: '1', agency: 'Texas Comptroller of Public Accounts' },
      { name: 'Austin MTA', percent: '1', agency: 'Texas Comptroller of Public Accounts' },
    ],
    codes: [
      { id: 'TAX', name: 'TAX', rates: [], taxable: true, description: 'TAX' },
      { id: 'NON', name: 'NON', rates: [], taxable: false, description: 'NON' },
      { name: 'Austin, TX', rates: ['Texas State', 'Austin City', 'Austin MTA'], group: true, description: 'Austin, TX (AST)' },
    ],
  },
  CA: {
    liability: 'GST/HST Payable',
    rates: [
      { name: 'GST', percent: '5', agency: 'Canada Revenue Agency' },
      { name: 'HST ON', percent: '13', agency: 'Canada Revenue Agency' },
      { name: 'PST BC', percent: '7', agency: 'Ministry of Finance (BC)' },
      { name: 'Exempt', percent: '0', agency: 'Canada Revenue Agency' },
      { name: 'Zero-rated', percent: '0', agency: 'Canada Revenue Agency', special: 'ZERO_RATE' },
    ],
    codes: [
      { name: 'GST', rates: ['GST'] },
      { name: 'HST ON', rates: ['HST ON'] },
      { name: 'GST/PST BC', rates: ['GST', 'PST BC'], group: true },
      { name: 'Exempt', rates: ['Exempt'] },
      { name: 'Zero-rated', rates: ['Zero-rated'] },
      { name: 'Out of Scope', rates: [], taxable: false },
    ],
  },
  GB: {
    liability: 'VAT Control',
    rates: [
      { name: '20.0% S', percent: '20', agency: 'HM Revenue & Customs' },
      { name: '5.0% R', percent: '5', agency: 'HM Revenue & Customs' },
      { name: '0.0% Z', percent: '0', agency: 'HM Revenue & Customs', special: 'ZERO_RATE' },
      { name: 'Exempt', percent: '0', agency: 'HM Revenue & Customs' },
    ],
    codes: [
      { name: '20.0% S', rates: ['20.0% S'], description: 'Standard rated sales' },
      { name: '5.0% R', rates: ['5.0% R'], description: 'Reduced rated sales' },
      { name: '0.0% Z', rates: ['0.0% Z'], description: 'Zero rated sales' },
      { name: 'Exempt', rates: ['Exempt'], description: 'Exempt sales' },
      { name: 'No VAT', rates: [], taxable: false, description: 'No VAT' },
    ],
  },
};

export function seedCompany(options: CompanyOptions, now: number): CompanyState {
  const country = options.country;
  const homeCurrency = options.homeCurrency ?? CURRENCY[country];
  const store = new EntityStore();
  const meta = { CreateTime: formatDateTime(now), LastUpdatedTime: formatDateTime(now) };
  const base = () => ({ domain: 'QBO', sparse: false, SyncToken: '0', MetaData: { ...meta } });
  const add = (type: string, fields: JsonObject, id?: string): string => {
    const entityId = id ?? store.nextId(type);
    store.put(type, { ...fields, Id: entityId, ...base() });
    return entityId;
  };
  const currencyRef = { value: homeCurrency, name: currencyName(homeCurrency) };
  const account = (Name: string, AccountType: string, AccountSubType: string, Classification: string) =>
    add('Account', { Name, SubAccount: false, FullyQualifiedName: Name, Active: true, Classification, AccountType, AccountSubType, CurrentBalance: 0, CurrentBalanceWithSubAccounts: 0, CurrencyRef: currencyRef });

  const taxSeed = TAX_SEEDS[country];
  const accounts: CompanyState['accounts'] = {
    sales: account('Sales of Product Income', 'Income', 'SalesOfProductIncome', 'Revenue'),
    services: account('Services', 'Income', 'ServiceFeeIncome', 'Revenue'),
    shippingIncome: account('Shipping Income', 'Income', 'OtherPrimaryIncome', 'Revenue'),
    discounts: account('Discounts given', 'Income', 'DiscountsRefundsGiven', 'Revenue'),
    undeposited: account('Undeposited Funds', 'Other Current Asset', 'UndepositedFunds', 'Asset'),
    checking: account('Checking', 'Bank', 'Checking', 'Asset'),
    inventoryAsset: account('Inventory Asset', 'Other Current Asset', 'Inventory', 'Asset'),
    cogs: account('Cost of Goods Sold', 'Cost of Goods Sold', 'SuppliesMaterialsCogs', 'Expense'),
    receivable: account('Accounts Receivable (A/R)', 'Accounts Receivable', 'AccountsReceivable', 'Asset'),
    taxPayable: account(taxSeed.liability, 'Other Current Liability', country === 'US' ? 'SalesTaxPayable' : 'GlobalTaxPayable', 'Liability'),
  };
  account('Accounts Payable (A/P)', 'Accounts Payable', 'AccountsPayable', 'Liability');
  account('PayPal Bank', 'Bank', 'Checking', 'Asset');
  account('Merchant Fees', 'Expense', 'BankCharges', 'Expense');
  account('Shipping', 'Expense', 'ShippingFreightDelivery', 'Expense');
  account('Opening Balance Equity', 'Equity', 'OpeningBalanceEquity', 'Equity');
  account('Refunds to customers', 'Income', 'DiscountsRefundsGiven', 'Revenue');

  for (const [Name, Type] of [['Cash', 'NON_CREDIT_CARD'], ['Check', 'NON_CREDIT_CARD'], ['Visa', 'CREDIT_CARD'], ['MasterCard', 'CREDIT_CARD'], ['American Express', 'CREDIT_CARD'], ['Discover', 'CREDIT_CARD'], ['PayPal', 'NON_CREDIT_CARD']] as const) {
    add('PaymentMethod', { Name, Active: true, Type });
  }
  for (const Name of ['Online Store', 'Wholesale', 'Retail']) add('Class', { Name, SubClass: false, FullyQualifiedName: Name, Active: true });
  for (const Name of ['Main Warehouse', 'Web Shop']) add('Department', { Name, SubDepartment: false, FullyQualifiedName: Name, Active: true });

  add('Item', { Name: 'Services', FullyQualifiedName: 'Services', Active: true, Type: 'Service', Taxable: false, UnitPrice: 0, IncomeAccountRef: { value: accounts.services, name: 'Services' }, TrackQtyOnHand: false, SubItem: false });
  add('Item', { Name: 'Shipping', FullyQualifiedName: 'Shipping', Active: true, Type: 'Service', Taxable: false, UnitPrice: 0, IncomeAccountRef: { value: accounts.shippingIncome, name: 'Shipping Income' }, TrackQtyOnHand: false, SubItem: false });

  for (const DisplayName of ['Books by Bessie', 'Norton Lumber and Building Materials', 'Tania\'s Nursery']) {
    add('Vendor', { DisplayName, CompanyName: DisplayName, PrintOnCheckName: DisplayName, Active: true, Balance: 0, CurrencyRef: currencyRef });
  }
  for (const [GivenName, FamilyName] of [['Emily', 'Platt'], ['John', 'Johnson']] as const) {
    const DisplayName = `${GivenName} ${FamilyName}`;
    add('Employee', { GivenName, FamilyName, DisplayName, PrintOnCheckName: DisplayName, Active: true });
  }

  const rateIds = new Map<string, string>();
  for (const rate of taxSeed.rates) {
    const id = add('TaxRate', {
      Name: rate.name, Description: rate.name, Active: true, RateValue: Number(rate.percent), AgencyRef: { value: '1', name: rate.agency },
      SpecialTaxType: rate.special ?? 'NONE', DisplayType: 'ReadOnly',
    });
    rateIds.set(rate.name, id);
  }
  store.reserveIds('TaxCode', 1);
  let astTaxCodeId: string | undefined;
  for (const code of taxSeed.codes) {
    const detail = code.rates.map((name, i) => ({ TaxRateRef: { value: rateIds.get(name) ?? '', name }, TaxTypeApplicable: 'TaxOnAmount', TaxOrder: i }));
    const id = add('TaxCode', {
      Name: code.name, Description: code.description ?? code.name, Active: true, Hidden: false,
      Taxable: code.taxable ?? true, TaxGroup: code.group ?? false,
      SalesTaxRateList: { TaxRateDetail: detail }, PurchaseTaxRateList: { TaxRateDetail: [] },
    }, code.id);
    if (country === 'US' && code.group) astTaxCodeId = id;
  }

  const company: CompanyState = {
    realmId: options.realmId ?? newRealmId(),
    name: options.name ?? `Sandbox Company_${country}_1`,
    country,
    homeCurrency,
    multiCurrency: options.multiCurrency ?? false,
    automatedSalesTax: country === 'US' ? options.automatedSalesTax ?? true : false,
    classTracking: options.classTracking ?? true,
    departmentTracking: options.departmentTracking ?? true,
    shippingAllowed: options.shippingAllowed ?? true,
    discountAllowed: options.discountAllowed ?? true,
    customTxnNumbers: options.customTxnNumbers ?? true,
    closedThrough: options.closedThrough,
    subscriptionActive: options.subscriptionActive ?? true,
    astTaxCodeId,
    accounts,
    store,
  };
  store.put('CompanyInfo', companyInfo(company, now));
  store.put('Preferences', preferences(company, now));
  return company;
}

export function companyInfo(company: CompanyState, now: number): JsonObject {
  const address = ADDRESSES[company.country];
  return {
    Id: '1', SyncToken: '0', domain: 'QBO', sparse: false,
    CompanyName: company.name, LegalName: company.name,
    CompanyAddr: address, CustomerCommunicationAddr: address, LegalAddr: address,
    CompanyEmailAddr: { Address: 'owner@sandbox.example' }, PrimaryPhone: {},
    CompanyStartDate: formatDateTime(now).slice(0, 10), FiscalYearStartMonth: 'January', Country: company.country,
    Email: { Address: 'owner@sandbox.example' }, WebAddr: {}, SupportedLanguages: 'en', DefaultTimeZone: 'UTC',
    NameValue: [
      { Name: 'NeoEnabled', Value: 'true' },
      { Name: 'IsQbdtMigrated', Value: 'false' },
      { Name: 'SubscriptionStatus', Value: company.subscriptionActive ? 'SUBSCRIBED' : 'CANCELLED' },
      { Name: 'OfferingSku', Value: 'QuickBooks Online Plus' },
      { Name: 'PayrollFeature', Value: 'false' },
      { Name: 'AccountantFeature', Value: 'false' },
    ],
    MetaData: { CreateTime: formatDateTime(now), LastUpdatedTime: formatDateTime(now) },
  };
}

/** Preferences mirror the company's flags; regenerated whenever a flag changes. */
export function preferences(company: CompanyState, now: number): JsonObject {
  const previous = company.store.get('Preferences', '1');
  const syncToken = previous ? String(Number(previous.SyncToken ?? 0) + 1) : '0';
  const createTime = (previous?.MetaData as JsonObject | undefined)?.CreateTime ?? formatDateTime(now);
  return {
    Id: '1', SyncToken: syncToken, domain: 'QBO', sparse: false,
    AccountingInfoPrefs: {
      TrackDepartments: company.departmentTracking, DepartmentTerminology: 'Location',
      ClassTrackingPerTxn: company.classTracking, ClassTrackingPerTxnLine: false,
      CustomerTerminology: 'Customers', FirstMonthOfFiscalYear: 'January', TaxYearMonth: 'January',
      ...(company.closedThrough ? { BookCloseDate: company.closedThrough } : {}),
    },
    ProductAndServicesPrefs: { ForSales: true, ForPurchase: true, QuantityWithPriceAndRate: true, QuantityOnHand: true },
    SalesFormsPrefs: {
      CustomTxnNumbers: company.customTxnNumbers, AllowDeposit: true, AllowDiscount: company.discountAllowed,
      DefaultDiscountAccount: company.accounts.discounts, AllowEstimates: true, AllowServiceDate: false,
      AllowShipping: company.shippingAllowed, DefaultShippingAccount: company.accounts.shippingIncome,
      ETransactionEnabledStatus: 'NotApplicable', AutoApplyCredit: true, AutoApplyPayments: true,
    },
    VendorAndPurchasesPrefs: { TrackingByCustomer: true, BillableExpenseTracking: true },
    TaxPrefs: company.country === 'US'
      ? { UsingSalesTax: true, PartnerTaxEnabled: company.automatedSalesTax, ...(company.astTaxCodeId ? { TaxGroupCodeRef: { value: company.astTaxCodeId } } : {}) }
      : { UsingSalesTax: true, PartnerTaxEnabled: false },
    CurrencyPrefs: { MultiCurrencyEnabled: company.multiCurrency, HomeCurrency: { value: company.homeCurrency } },
    OtherPrefs: { NameValue: [{ Name: 'SalesFormsPrefs.DefaultCustomerMessage', Value: 'Thank you for your business.' }] },
    MetaData: { CreateTime: createTime, LastUpdatedTime: formatDateTime(now) },
  };
}
