/**
 * The QuickBooks Online (v3, minorversion 75) shapes the app reads: only the fields it uses, all optional
 * where Intuit may omit them (QBO returns only populated fields). Names follow Finance.xsd exactly.
 * Amounts are JSON numbers as QBO sends them; money math happens elsewhere, in integer cents.
 */

export type QuickBooksEntity =
  | 'Customer'
  | 'Item'
  | 'Invoice'
  | 'SalesReceipt'
  | 'Payment'
  | 'CreditMemo'
  | 'RefundReceipt'
  | 'JournalEntry'
  | 'Account'
  | 'TaxCode'
  | 'TaxRate'
  | 'Class'
  | 'Department'
  | 'PaymentMethod'
  | 'CompanyInfo'
  | 'Preferences';

/** TaxCode/TaxRate are read-only in the Accounting API (made through TaxService); CompanyInfo/Preferences exist once. */
export type QuickBooksCreatableEntity = Exclude<QuickBooksEntity, 'TaxCode' | 'TaxRate' | 'CompanyInfo' | 'Preferences'>;
export type QuickBooksUpdatableEntity = Exclude<QuickBooksEntity, 'TaxCode' | 'TaxRate'>;
/**
 * What Intuit can void: Invoice (`?operation=void`), SalesReceipt and Payment (sparse update with
 * `include=void`). CreditMemo and RefundReceipt have no void operation in the API (delete only).
 */
export type QuickBooksVoidableEntity = 'Invoice' | 'SalesReceipt' | 'Payment';

export interface Ref {
  value: string;
  name?: string;
}

export interface MetaData {
  CreateTime?: string;
  LastUpdatedTime?: string;
}

export interface EmailAddress {
  Address?: string;
}

export interface PhoneNumber {
  FreeFormNumber?: string;
}

export interface PhysicalAddress {
  Id?: string;
  Line1?: string;
  Line2?: string;
  Line3?: string;
  Line4?: string;
  Line5?: string;
  City?: string;
  CountrySubDivisionCode?: string;
  PostalCode?: string;
  Country?: string;
}

/** Every persisted entity carries these. SyncToken is a string ("0", "1", …): send it back as is. */
export interface QuickBooksRecord {
  Id: string;
  SyncToken: string;
  MetaData?: MetaData;
  domain?: string;
  sparse?: boolean;
}

export interface NameValue {
  Name?: string;
  Value?: string;
}

export interface CompanyInfo extends QuickBooksRecord {
  CompanyName?: string;
  LegalName?: string;
  /** "US", "CA", "GB", "AU", … decides the tax model. */
  Country?: string;
  CompanyAddr?: PhysicalAddress;
  LegalAddr?: PhysicalAddress;
  Email?: EmailAddress;
  FiscalYearStartMonth?: string;
  SupportedLanguages?: string;
  /** e.g. { Name: "OfferingSku", Value: "QuickBooks Online Plus" }. */
  NameValue?: NameValue[];
}

export interface Preferences extends QuickBooksRecord {
  AccountingInfoPrefs?: {
    TrackDepartments?: boolean;
    DepartmentTerminology?: string;
    ClassTrackingPerTxn?: boolean;
    ClassTrackingPerTxnLine?: boolean;
    BookCloseDate?: string;
    CustomerTerminology?: string;
  };
  ProductAndServicesPrefs?: {
    ForSales?: boolean;
    ForPurchase?: boolean;
    QuantityWithPriceAndRate?: boolean;
    QuantityOnHand?: boolean;
  };
  SalesFormsPrefs?: {
    CustomTxnNumbers?: boolean;
    AllowDeposit?: boolean;
    AllowDiscount?: boolean;
    DefaultDiscountAccount?: string;
    AllowEstimates?: boolean;
    AllowServiceDate?: boolean;
    AllowShipping?: boolean;
    DefaultShippingAccount?: string;
    UsingPriceLevels?: boolean;
  };
  TaxPrefs?: {
    UsingSalesTax?: boolean;
    /** true ⇒ US Automated Sales Tax. */
    PartnerTaxEnabled?: boolean;
    TaxGroupCodeRef?: Ref;
  };
  CurrencyPrefs?: {
    MultiCurrencyEnabled?: boolean;
    HomeCurrency?: Ref;
  };
}

export type AccountClassification = 'Asset' | 'Equity' | 'Expense' | 'Liability' | 'Revenue';

export interface Account extends QuickBooksRecord {
  Name: string;
  FullyQualifiedName?: string;
  Active?: boolean;
  /** e.g. "Bank", "Other Current Asset", "Income", "Cost of Goods Sold", "Other Current Liability". */
  AccountType?: string;
  AccountSubType?: string;
  Classification?: AccountClassification;
  AcctNum?: string;
  SubAccount?: boolean;
  ParentRef?: Ref;
  CurrencyRef?: Ref;
  CurrentBalance?: number;
}

export interface TaxRateDetail {
  TaxRateRef: Ref;
  TaxTypeApplicable?: string;
  TaxOrder?: number;
}

export interface TaxCode extends QuickBooksRecord {
  Name: string;
  Description?: string;
  Active?: boolean;
  Taxable?: boolean;
  TaxGroup?: boolean;
  SalesTaxRateList?: { TaxRateDetail?: TaxRateDetail[] };
  PurchaseTaxRateList?: { TaxRateDetail?: TaxRateDetail[] };
}

export interface TaxRate extends QuickBooksRecord {
  Name: string;
  Description?: string;
  Active?: boolean;
  /** Percent, e.g. 8.25. */
  RateValue?: number;
  AgencyRef?: Ref;
  SpecialTaxType?: string;
  DisplayType?: string;
}

export interface PaymentMethod extends QuickBooksRecord {
  Name: string;
  Active?: boolean;
  Type?: 'CREDIT_CARD' | 'NON_CREDIT_CARD';
}

export interface Class extends QuickBooksRecord {
  Name: string;
  FullyQualifiedName?: string;
  Active?: boolean;
  SubClass?: boolean;
  ParentRef?: Ref;
}

export interface Department extends QuickBooksRecord {
  Name: string;
  FullyQualifiedName?: string;
  Active?: boolean;
  SubDepartment?: boolean;
  ParentRef?: Ref;
}

export interface Customer extends QuickBooksRecord {
  DisplayName: string;
  FullyQualifiedName?: string;
  GivenName?: string;
  FamilyName?: string;
  CompanyName?: string;
  PrimaryEmailAddr?: EmailAddress;
  PrimaryPhone?: PhoneNumber;
  BillAddr?: PhysicalAddress;
  ShipAddr?: PhysicalAddress;
  CurrencyRef?: Ref;
  Active?: boolean;
  Balance?: number;
  Notes?: string;
  Taxable?: boolean;
  DefaultTaxCodeRef?: Ref;
}

export type ItemType = 'Inventory' | 'NonInventory' | 'Service' | 'Group' | 'Category' | 'Discount' | 'Tax' | 'Other Charge';

export interface Item extends QuickBooksRecord {
  Name: string;
  FullyQualifiedName?: string;
  Sku?: string;
  Type?: ItemType;
  Active?: boolean;
  Description?: string;
  UnitPrice?: number;
  Taxable?: boolean;
  SalesTaxCodeRef?: Ref;
  IncomeAccountRef?: Ref;
  ExpenseAccountRef?: Ref;
  AssetAccountRef?: Ref;
  TrackQtyOnHand?: boolean;
  QtyOnHand?: number;
  InvStartDate?: string;
}

export interface LinkedTxn {
  TxnId: string;
  TxnType: string;
  TxnLineId?: string;
}

export interface SalesItemLine {
  Id?: string;
  LineNum?: number;
  DetailType: 'SalesItemLineDetail';
  Amount: number;
  Description?: string;
  SalesItemLineDetail: {
    ItemRef?: Ref;
    Qty?: number;
    UnitPrice?: number;
    TaxCodeRef?: Ref;
    ClassRef?: Ref;
    ServiceDate?: string;
    DiscountAmt?: number;
    DiscountRate?: number;
  };
}

export interface DiscountLine {
  Id?: string;
  LineNum?: number;
  DetailType: 'DiscountLineDetail';
  Amount: number;
  Description?: string;
  DiscountLineDetail: {
    PercentBased?: boolean;
    DiscountPercent?: number;
    DiscountAccountRef?: Ref;
    TaxCodeRef?: Ref;
    ClassRef?: Ref;
  };
}

export interface SubTotalLine {
  Id?: string;
  LineNum?: number;
  DetailType: 'SubTotalLineDetail';
  Amount: number;
  SubTotalLineDetail?: { ItemRef?: Ref };
}

export interface DescriptionOnlyLine {
  Id?: string;
  LineNum?: number;
  DetailType: 'DescriptionOnly';
  Amount?: number;
  Description?: string;
}

export interface GroupLine {
  Id?: string;
  LineNum?: number;
  DetailType: 'GroupLineDetail';
  Amount?: number;
  GroupLineDetail: { GroupItemRef?: Ref; Quantity?: number; Line?: SalesItemLine[] };
}

export type SalesLine = SalesItemLine | DiscountLine | SubTotalLine | DescriptionOnlyLine | GroupLine;

export interface TxnTaxDetail {
  TxnTaxCodeRef?: Ref;
  TotalTax?: number;
  TaxLine?: Array<{
    Amount?: number;
    DetailType?: 'TaxLineDetail';
    TaxLineDetail?: { TaxRateRef?: Ref; PercentBased?: boolean; TaxPercent?: number; NetAmountTaxable?: number };
  }>;
}

export type GlobalTaxCalculation = 'TaxExcluded' | 'TaxInclusive' | 'NotApplicable';

/** Shared by Invoice, SalesReceipt, CreditMemo and RefundReceipt. */
export interface SalesTransaction extends QuickBooksRecord {
  DocNumber?: string;
  TxnDate?: string;
  CustomerRef?: Ref;
  Line: SalesLine[];
  TxnTaxDetail?: TxnTaxDetail;
  TotalAmt?: number;
  HomeTotalAmt?: number;
  Balance?: number;
  CurrencyRef?: Ref;
  ExchangeRate?: number;
  GlobalTaxCalculation?: GlobalTaxCalculation;
  ApplyTaxAfterDiscount?: boolean;
  PrivateNote?: string;
  CustomerMemo?: { value: string };
  BillEmail?: EmailAddress;
  BillAddr?: PhysicalAddress;
  ShipAddr?: PhysicalAddress;
  ClassRef?: Ref;
  DepartmentRef?: Ref;
  LinkedTxn?: LinkedTxn[];
}

export interface Invoice extends SalesTransaction {
  DueDate?: string;
  EmailStatus?: string;
}

export interface SalesReceipt extends SalesTransaction {
  PaymentMethodRef?: Ref;
  PaymentRefNum?: string;
  DepositToAccountRef?: Ref;
}

export interface CreditMemo extends SalesTransaction {
  RemainingCredit?: number;
}

export interface RefundReceipt extends SalesTransaction {
  /** Required by Intuit: the account the refund is paid from. */
  DepositToAccountRef?: Ref;
  PaymentMethodRef?: Ref;
  PaymentRefNum?: string;
}

export interface Payment extends QuickBooksRecord {
  TotalAmt: number;
  CustomerRef: Ref;
  TxnDate?: string;
  PaymentMethodRef?: Ref;
  DepositToAccountRef?: Ref;
  PaymentRefNum?: string;
  UnappliedAmt?: number;
  CurrencyRef?: Ref;
  ExchangeRate?: number;
  PrivateNote?: string;
  Line?: Array<{ Amount: number; LinkedTxn: LinkedTxn[] }>;
}

export interface JournalEntryLine {
  Id?: string;
  DetailType: 'JournalEntryLineDetail';
  Amount: number;
  Description?: string;
  JournalEntryLineDetail: {
    PostingType: 'Debit' | 'Credit';
    AccountRef: Ref;
    Entity?: { Type?: 'Customer' | 'Vendor' | 'Employee'; EntityRef: Ref };
    ClassRef?: Ref;
    DepartmentRef?: Ref;
    TaxCodeRef?: Ref;
    TaxApplicableOn?: 'Sales' | 'Purchase';
    TaxAmount?: number;
  };
}

export interface JournalEntry extends QuickBooksRecord {
  DocNumber?: string;
  TxnDate?: string;
  PrivateNote?: string;
  Adjustment?: boolean;
  TotalAmt?: number;
  CurrencyRef?: Ref;
  ExchangeRate?: number;
  Line: JournalEntryLine[];
  TxnTaxDetail?: TxnTaxDetail;
}

/** Entity name → the shape QBO returns for it, for callers that want `QuickBooksEntityTypes['Invoice']`. */
export interface QuickBooksEntityTypes {
  Customer: Customer;
  Item: Item;
  Invoice: Invoice;
  SalesReceipt: SalesReceipt;
  Payment: Payment;
  CreditMemo: CreditMemo;
  RefundReceipt: RefundReceipt;
  JournalEntry: JournalEntry;
  Account: Account;
  TaxCode: TaxCode;
  TaxRate: TaxRate;
  Class: Class;
  Department: Department;
  PaymentMethod: PaymentMethod;
  CompanyInfo: CompanyInfo;
  Preferences: Preferences;
}
