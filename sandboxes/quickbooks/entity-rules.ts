/**
 * The business rules a real QBO company enforces on writes, and what it computes: references must exist and
 * be active (2500 / 610), required fields (2020), lengths (6000), unique DisplayName across
 * Customer/Vendor/Employee and unique Item names (6240), unique DocNumber per type (6140), Amount = Qty ×
 * UnitPrice (6070), closed books (6210), stale SyncToken (5010); totals and tax via sales-totals, invoice
 * balances via payments, customer balances via invoices/credit memos/payments.
 *
 * Schema conformance (unknown fields) is checked before these rules by schema-validator.
 */
import { addDays, formatDate, formatDateTime, isIsoDate } from './clock';
import { currencyName, type CompanyState } from './company-seed';
import { DOC_NUMBER_ENTITIES } from './entity-store';
import { faults } from './intuit-faults';
import { asArray, asBoolean, asObject, asString, clone, isObject, refValue, type Json, type JsonObject } from './json';
import { centsOf, centsToAmount, decimalToNumber, multiplyToCents, parseDecimal, toCents, type Cents } from './money';
import { computeTotals, type GlobalTaxCalculation, type RateInfo, type TotalsLine } from './sales-totals';

export const WRITABLE_ENTITIES = ['Customer', 'Item', 'Invoice', 'SalesReceipt', 'Payment', 'CreditMemo', 'RefundReceipt', 'JournalEntry'] as const;
export type WritableEntity = (typeof WRITABLE_ENTITIES)[number];
export const READ_ONLY_ENTITIES = ['Account', 'TaxCode', 'TaxRate', 'Class', 'Department', 'PaymentMethod', 'CompanyInfo', 'Preferences', 'Vendor', 'Employee'] as const;
export const QUERYABLE_ENTITIES: readonly string[] = [...WRITABLE_ENTITIES, ...READ_ONLY_ENTITIES];

const SALES_FORMS = new Set(['Invoice', 'SalesReceipt', 'CreditMemo', 'RefundReceipt']);
/** Intuit supports operation=void for these (Payment also via update&include=void). */
export const VOIDABLE = new Set(['Invoice', 'SalesReceipt', 'Payment', 'RefundReceipt']);
export const DELETABLE = new Set(['Invoice', 'SalesReceipt', 'Payment', 'CreditMemo', 'RefundReceipt', 'JournalEntry']);
/** Intuit's pseudo item for the sales form's shipping field (needs SalesFormsPrefs.AllowShipping). */
export const SHIPPING_ITEM_ID = 'SHIPPING_ITEM_ID';

const COMPUTED_FIELDS = ['Id', 'SyncToken', 'MetaData', 'domain', 'sparse', 'status', 'Balance', 'HomeBalance', 'HomeTotalAmt', 'RemainingCredit', 'FullyQualifiedName', 'Level', 'BalanceWithJobs'];

export type WriteOperation = 'create' | 'update' | 'delete' | 'void';

export interface RuleContext {
  company: CompanyState;
  now: number;
  /** `include=allowduplicatedocnum` was sent. */
  allowDuplicateDocNum: boolean;
}

export function isWritable(entity: string): entity is WritableEntity {
  return (WRITABLE_ENTITIES as readonly string[]).includes(entity);
}

/** Applies one write and returns the entity as QBO answers it (for delete: `{Id, status:'Deleted'}`). */
export function writeEntity(ctx: RuleContext, type: WritableEntity, operation: WriteOperation, payload: JsonObject): JsonObject {
  const id = asString(payload.Id);
  if (operation === 'create' && id) return updateEntity(ctx, type, payload);
  if (operation === 'create') return commit(ctx, type, undefined, build(ctx, type, stripComputed(payload, type), undefined));
  if (operation === 'update') return updateEntity(ctx, type, payload);
  const existing = current(ctx, type, payload);
  if (operation === 'void') {
    if (!VOIDABLE.has(type)) throw faults.unsupportedOperation(`Operation void is not supported for ${type}`);
    return voidEntity(ctx, type, existing);
  }
  if (!DELETABLE.has(type)) throw faults.unsupportedOperation(`Operation delete is not supported for ${type}; make it inactive (Active=false) instead`);
  checkClosed(ctx, asString(existing.TxnDate));
  if (type === 'Invoice' && (ctx.company.store.internal(type, asString(existing.Id) ?? '').applied?.length ?? 0) > 0) {
    throw faults.businessValidation('This invoice has payments applied. Delete or void the payments first.');
  }
  if (type === 'Payment') revertApplications(ctx, existing);
  commit(ctx, type, existing, undefined);
  return { Id: asString(existing.Id) ?? '', status: 'Deleted', domain: 'QBO' };
}

/** Update (full or sparse) or, with `void`, the Payment/SalesReceipt `include=void` form. */
export function updateEntity(ctx: RuleContext, type: WritableEntity, payload: JsonObject, asVoid = false): JsonObject {
  const existing = current(ctx, type, payload);
  if (asVoid) {
    if (!VOIDABLE.has(type)) throw faults.unsupportedOperation(`Operation void is not supported for ${type}`);
    return voidEntity(ctx, type, existing);
  }
  const sparse = asBoolean(payload.sparse) === true;
  const input = sparse ? { ...stripComputed(existing, type, ctx), ...stripComputed(payload, type) } : stripComputed(payload, type, ctx, existing);
  return commit(ctx, type, existing, build(ctx, type, input, existing));
}

/** The stored entity named by payload Id, with the SyncToken check every modification does. */
function current(ctx: RuleContext, type: string, payload: JsonObject): JsonObject {
  const id = asString(payload.Id);
  if (!id) throw faults.requiredMissing('Id');
  const existing = ctx.company.store.get(type, id);
  if (!existing) throw faults.objectNotFound(`Object Not Found : Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees. (${type} Id=${id})`, 'Id');
  const syncToken = asString(payload.SyncToken);
  if (syncToken === undefined || syncToken === '') throw faults.requiredMissing('SyncToken');
  if (syncToken !== asString(existing.SyncToken)) throw faults.staleObject();
  return existing;
}

function stripComputed(source: JsonObject, type: string, ctx?: RuleContext, existing?: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(source)) {
    if (COMPUTED_FIELDS.includes(key)) continue;
    if (key === 'TotalAmt' && type !== 'Payment') continue;
    if (key === 'UnappliedAmt') continue;
    out[key] = value;
  }
  if (SALES_FORMS.has(type) && Array.isArray(out.Line)) {
    out.Line = out.Line.filter((line) => !(isObject(line) && line.DetailType === 'SubTotalLineDetail'));
  }
  // A TxnTaxDetail echoed back from a read is not an override unless the stored document had one.
  const tax = asObject(out.TxnTaxDetail);
  if (ctx && tax && SALES_FORMS.has(type)) {
    const stored = existing ?? source;
    const internal = ctx.company.store.internal(type, asString(stored.Id) ?? '');
    const storedTax = centsOf(asObject(stored.TxnTaxDetail)?.TotalTax);
    const sentTax = centsOf(tax.TotalTax);
    const echoed = existing ? sentTax !== null && sentTax === storedTax : true;
    if (internal.taxOverrideCents === undefined && echoed) {
      const { TotalTax: _dropped, TaxLine: _lines, ...rest } = tax;
      out.TxnTaxDetail = rest;
    } else if (internal.taxOverrideCents !== undefined && !existing) {
      out.TxnTaxDetail = { ...tax, TotalTax: centsToAmount(internal.taxOverrideCents) };
    }
  }
  return out;
}

function build(ctx: RuleContext, type: WritableEntity, input: JsonObject, existing: JsonObject | undefined): Built {
  switch (type) {
    case 'Customer': return { entity: buildCustomer(ctx, input, existing) };
    case 'Item': return { entity: buildItem(ctx, input, existing) };
    case 'Payment': return buildPayment(ctx, input, existing);
    case 'JournalEntry': return { entity: buildJournalEntry(ctx, input, existing) };
    default: return buildSalesForm(ctx, type, input, existing);
  }
}

interface Built {
  entity: JsonObject;
  taxOverrideCents?: number | undefined;
  /** Runs after the entity got its Id (payment applications need it). */
  after?: (id: string) => void;
}

/** Stores the new version (or removes), stamps Id/SyncToken/MetaData, keeps customer balances in step. */
function commit(ctx: RuleContext, type: string, existing: JsonObject | undefined, built: Built | undefined): JsonObject {
  const { store } = ctx.company;
  if (!built) {
    const id = asString(existing?.Id) ?? '';
    adjustCustomer(ctx, type, existing, -1);
    store.remove(type, id);
    return existing ?? {};
  }
  const entity = built.entity;
  const id = existing ? asString(existing.Id) ?? '' : store.nextId(type);
  const stamped: JsonObject = {
    ...entity,
    Id: id,
    SyncToken: existing ? String(Number(asString(existing.SyncToken) ?? '0') + 1) : '0',
    domain: 'QBO',
    sparse: false,
    MetaData: {
      CreateTime: asObject(existing?.MetaData)?.CreateTime ?? formatDateTime(ctx.now),
      LastUpdatedTime: formatDateTime(ctx.now),
    },
  };
  if (existing) adjustCustomer(ctx, type, existing, -1);
  store.put(type, stamped);
  if (SALES_FORMS.has(type) && 'taxOverrideCents' in built) {
    const internal = store.internal(type, id);
    if (built.taxOverrideCents === undefined) delete internal.taxOverrideCents;
    else internal.taxOverrideCents = built.taxOverrideCents;
  }
  built.after?.(id);
  const final = store.get(type, id) ?? stamped;
  adjustCustomer(ctx, type, final, 1);
  return final;
}

/** What a document adds to its customer's open balance (A/R): invoices +, credits and unapplied payments −. */
function balanceContribution(type: string, entity: JsonObject | undefined): Cents {
  if (!entity) return 0;
  if (type === 'Invoice') return centsOf(entity.Balance) ?? 0;
  if (type === 'CreditMemo') return -(centsOf(entity.RemainingCredit) ?? 0);
  if (type === 'Payment') return -(centsOf(entity.UnappliedAmt) ?? 0);
  return 0;
}

function adjustCustomer(ctx: RuleContext, type: string, entity: JsonObject | undefined, sign: 1 | -1): void {
  const cents = balanceContribution(type, entity);
  const customerId = refValue(entity?.CustomerRef);
  if (!customerId || cents === 0) return;
  const customer = ctx.company.store.get('Customer', customerId);
  if (!customer) return;
  const balance = (centsOf(customer.Balance) ?? 0) + sign * cents;
  customer.Balance = centsToAmount(balance);
  customer.BalanceWithJobs = centsToAmount(balance);
}

// ---------------------------------------------------------------------------------------------------------
// Shared checks

interface RefOptions {
  /** Accept these literal ids without a lookup (TAX/NON, SHIPPING_ITEM_ID). */
  pseudo?: string[];
  nameField?: string;
}

/** Looks up a reference: unknown → 2500, inactive → 610; returns the entity and stamps `name` like QBO. */
function reference(ctx: RuleContext, holder: JsonObject, field: string, type: string, element: string, options: RefOptions = {}): JsonObject | undefined {
  const raw = holder[field];
  if (raw === undefined || raw === null) return undefined;
  const id = refValue(raw);
  if (!id) throw faults.requiredMissing(`${element}.value`);
  if (options.pseudo?.includes(id)) return undefined;
  if (type !== 'TaxCode' && !/^\d+$/.test(id)) throw faults.invalidId(element, id);
  const target = ctx.company.store.get(type, id);
  if (!target) throw faults.invalidReference(type, id, element);
  if (target.Active === false) {
    throw faults.objectNotFound(`Object Not Found : Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees. (${type} Id=${id})`, element);
  }
  const name = asString(target[options.nameField ?? (type === 'Customer' || type === 'Vendor' || type === 'Employee' ? 'DisplayName' : 'Name')]);
  holder[field] = { ...(asObject(raw) ?? {}), value: id, ...(name ? { name } : {}) };
  return target;
}

function maxLength(value: Json | undefined, max: number, element: string): void {
  const text = asString(value);
  if (text !== undefined && text.length > max) throw faults.stringLength(element, max, text.length);
}

function checkClosed(ctx: RuleContext, date: string | undefined): void {
  const closed = ctx.company.closedThrough;
  if (closed && date && date <= closed) throw faults.periodClosed(closed);
}

function txnDate(ctx: RuleContext, input: JsonObject, existing: JsonObject | undefined): string {
  const given = asString(input.TxnDate);
  if (given !== undefined && given !== '' && !isIsoDate(given)) throw faults.invalidPropertyValue('TxnDate', 'a date (YYYY-MM-DD)');
  const date = given || formatDate(ctx.now);
  checkClosed(ctx, date);
  checkClosed(ctx, asString(existing?.TxnDate));
  return date;
}

function docNumber(ctx: RuleContext, type: string, input: JsonObject, existing: JsonObject | undefined): string | undefined {
  const { company } = ctx;
  let doc = asString(input.DocNumber);
  const autoNumbered = SALES_FORMS.has(type) && type !== 'RefundReceipt';
  if (doc === 'AUTO_GENERATE' || ((doc === undefined || doc === '') && !company.customTxnNumbers && autoNumbered && !existing)) {
    doc = company.store.nextDocNumber();
  }
  if (doc === undefined || doc === '') return undefined;
  maxLength(doc, 21, 'DocNumber');
  if (DOC_NUMBER_ENTITIES.has(type) && company.customTxnNumbers && !ctx.allowDuplicateDocNum) {
    const holder = company.store.findDocNumber(type, doc);
    if (holder && holder !== asString(existing?.Id)) throw faults.duplicateDocNumber(doc, type, holder);
  }
  return doc;
}

/** Resolves CurrencyRef against the company's currency settings and the customer's currency. */
function currency(ctx: RuleContext, input: JsonObject, customer: JsonObject | undefined): string {
  const { company } = ctx;
  const sent = refValue(input.CurrencyRef);
  const customerCurrency = refValue(customer?.CurrencyRef) ?? company.homeCurrency;
  if (!company.multiCurrency) {
    if (sent && sent !== company.homeCurrency) throw faults.invalidReference('Currency', sent, 'CurrencyRef');
    return company.homeCurrency;
  }
  const value = sent ?? customerCurrency;
  if (!/^[A-Z]{3}$/.test(value)) throw faults.invalidReference('Currency', value, 'CurrencyRef');
  if (customer && value !== customerCurrency) {
    throw faults.businessValidation(`The currency of the transaction (${value}) must match the customer's currency (${customerCurrency}).`, 'CurrencyRef');
  }
  return value;
}

function setCurrency(entity: JsonObject, code: string): void {
  entity.CurrencyRef = { value: code, name: currencyName(code) };
}

function amountOf(value: Json | undefined, element: string): Cents {
  const cents = centsOf(value);
  if (cents === null) throw faults.invalidPropertyValue(element, 'a number');
  return cents;
}

// ---------------------------------------------------------------------------------------------------------
// Customer and Item

function buildCustomer(ctx: RuleContext, input: JsonObject, existing: JsonObject | undefined): JsonObject {
  const { company } = ctx;
  const out = clone(input);
  for (const [field, max] of [['Title', 16], ['GivenName', 100], ['MiddleName', 100], ['FamilyName', 100], ['Suffix', 16], ['CompanyName', 100], ['DisplayName', 500], ['PrintOnCheckName', 110], ['Notes', 2000], ['AcctNum', 100]] as const) {
    maxLength(out[field], max, field);
  }
  for (const phone of ['PrimaryPhone', 'AlternatePhone', 'Mobile', 'Fax']) maxLength(asObject(out[phone])?.FreeFormNumber, 30, `${phone}.FreeFormNumber`);
  maxLength(asObject(out.PrimaryEmailAddr)?.Address, 100, 'PrimaryEmailAddr.Address');
  let displayName = asString(out.DisplayName)?.trim();
  if (!displayName) {
    displayName = ['Title', 'GivenName', 'MiddleName', 'FamilyName', 'Suffix'].map((f) => asString(out[f])?.trim()).filter(Boolean).join(' ') || asString(out.CompanyName)?.trim();
  }
  if (!displayName) throw faults.requiredMissing('DisplayName');
  if (displayName.includes(':')) throw faults.businessValidation('Invalid character: a name cannot contain a colon (:).', 'DisplayName');
  const holder = company.store.findDisplayName(displayName);
  if (holder && !(holder.type === 'Customer' && holder.id === asString(existing?.Id))) {
    throw faults.duplicateName(`The name supplied already exists. : Another customer, vendor or employee is already using this name. Please use a different name. (${holder.type} Id=${holder.id})`);
  }
  reference(ctx, out, 'PaymentMethodRef', 'PaymentMethod', 'PaymentMethodRef');
  reference(ctx, out, 'ParentRef', 'Customer', 'ParentRef');
  reference(ctx, out, 'DefaultTaxCodeRef', 'TaxCode', 'DefaultTaxCodeRef');
  reference(ctx, out, 'SalesTermRef', 'Term', 'SalesTermRef');
  const code = refValue(out.CurrencyRef) ?? refValue(existing?.CurrencyRef) ?? company.homeCurrency;
  if (!company.multiCurrency && code !== company.homeCurrency) throw faults.invalidReference('Currency', code, 'CurrencyRef');
  if (!/^[A-Z]{3}$/.test(code)) throw faults.invalidReference('Currency', code, 'CurrencyRef');
  const previousCurrency = refValue(existing?.CurrencyRef);
  if (previousCurrency && previousCurrency !== code) throw faults.businessValidation('You can\'t change the currency of a customer that already has a currency.', 'CurrencyRef');
  setCurrency(out, code);
  out.DisplayName = displayName;
  out.FullyQualifiedName = displayName;
  out.PrintOnCheckName = asString(out.PrintOnCheckName) ?? displayName;
  out.Active = asBoolean(out.Active) ?? true;
  out.Taxable = asBoolean(out.Taxable) ?? company.country === 'US';
  out.Job = asBoolean(out.Job) ?? false;
  out.BillWithParent = asBoolean(out.BillWithParent) ?? false;
  out.IsProject = false;
  out.PreferredDeliveryMethod = asString(out.PreferredDeliveryMethod) ?? 'Print';
  out.Balance = existing?.Balance ?? 0;
  out.BalanceWithJobs = existing?.BalanceWithJobs ?? 0;
  return out;
}

const ITEM_TYPES = new Set(['Inventory', 'NonInventory', 'Service']);

function buildItem(ctx: RuleContext, input: JsonObject, existing: JsonObject | undefined): JsonObject {
  const { store } = ctx.company;
  const out = clone(input);
  const name = asString(out.Name)?.trim();
  if (!name) throw faults.requiredMissing('Name');
  maxLength(name, 100, 'Name');
  maxLength(out.Sku, 100, 'Sku');
  maxLength(out.Description, 4000, 'Description');
  if (name.includes(':')) throw faults.businessValidation('Invalid character: a name cannot contain a colon (:).', 'Name');
  const holder = store.findItemName(name);
  if (holder && holder !== asString(existing?.Id)) {
    throw faults.duplicateName(`The name supplied already exists. : Another product or service is already using this name. Please use a different name. (Item Id=${holder})`);
  }
  const type = asString(out.Type) ?? asString(existing?.Type) ?? 'Service';
  if (!ITEM_TYPES.has(type)) throw faults.businessValidation(`Item Type ${type} is not supported by the sandbox (Inventory, NonInventory, Service).`, 'Type');
  if (existing && asString(existing.Type) === 'Inventory' && type !== 'Inventory') throw faults.businessValidation('You can\'t change the type of an inventory item.', 'Type');
  if (!out.IncomeAccountRef) throw faults.requiredMissing('IncomeAccountRef');
  reference(ctx, out, 'IncomeAccountRef', 'Account', 'IncomeAccountRef');
  reference(ctx, out, 'ExpenseAccountRef', 'Account', 'ExpenseAccountRef');
  reference(ctx, out, 'AssetAccountRef', 'Account', 'AssetAccountRef');
  reference(ctx, out, 'SalesTaxCodeRef', 'TaxCode', 'SalesTaxCodeRef');
  reference(ctx, out, 'PurchaseTaxCodeRef', 'TaxCode', 'PurchaseTaxCodeRef');
  reference(ctx, out, 'ClassRef', 'Class', 'ClassRef');
  if (type === 'Inventory') {
    for (const field of ['AssetAccountRef', 'ExpenseAccountRef', 'InvStartDate', 'QtyOnHand']) if (out[field] === undefined || out[field] === null) throw faults.requiredMissing(field);
    if (asBoolean(out.TrackQtyOnHand) !== true) throw faults.businessValidation('Inventory items must have TrackQtyOnHand set to true.', 'TrackQtyOnHand');
  }
  out.Name = name;
  out.Type = type;
  out.FullyQualifiedName = name;
  out.Active = asBoolean(out.Active) ?? true;
  out.Taxable = asBoolean(out.Taxable) ?? false;
  out.UnitPrice = out.UnitPrice ?? 0;
  out.PurchaseCost = out.PurchaseCost ?? 0;
  out.TrackQtyOnHand = type === 'Inventory';
  out.SubItem = asBoolean(out.SubItem) ?? false;
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Sales forms: Invoice, SalesReceipt, CreditMemo, RefundReceipt

function taxRates(ctx: RuleContext, code: JsonObject | undefined): RateInfo[] {
  const details = asArray(asObject(code?.SalesTaxRateList)?.TaxRateDetail);
  const rates: RateInfo[] = [];
  for (const detail of details) {
    const rateId = refValue(asObject(detail)?.TaxRateRef);
    const rate = rateId ? ctx.company.store.get('TaxRate', rateId) : undefined;
    const percent = parseDecimal(rate?.RateValue);
    if (rateId && rate && percent) rates.push({ id: rateId, name: asString(rate.Name) ?? rateId, percent });
  }
  return rates;
}

function buildSalesForm(ctx: RuleContext, type: WritableEntity, input: JsonObject, existing: JsonObject | undefined): Built {
  const { company } = ctx;
  const us = company.country === 'US';
  const out = clone(input);
  const lines = out.Line;
  if (!Array.isArray(lines) || lines.length === 0) throw faults.requiredMissing('Line');
  if ((type === 'Invoice' || type === 'CreditMemo') && !out.CustomerRef) throw faults.requiredMissing('CustomerRef');
  if (type === 'RefundReceipt' && !out.DepositToAccountRef) throw faults.requiredMissing('DepositToAccountRef');
  const customer = reference(ctx, out, 'CustomerRef', 'Customer', 'CustomerRef');
  out.TxnDate = txnDate(ctx, out, existing);
  const doc = docNumber(ctx, type, out, existing);
  if (doc === undefined) delete out.DocNumber;
  else out.DocNumber = doc;
  maxLength(out.PrivateNote, 4000, 'PrivateNote');
  maxLength(asObject(out.CustomerMemo)?.value, 1000, 'CustomerMemo');
  maxLength(out.PaymentRefNum, 21, 'PaymentRefNum');
  const code = currency(ctx, out, customer);
  setCurrency(out, code);
  const foreign = code !== company.homeCurrency;
  const exchangeRate = parseDecimal(out.ExchangeRate ?? 1) ?? parseDecimal(1);
  if (foreign) out.ExchangeRate = out.ExchangeRate ?? 1;
  // Class/Department only count when the company tracks them; QBO ignores them otherwise.
  if (company.classTracking) reference(ctx, out, 'ClassRef', 'Class', 'ClassRef');
  else delete out.ClassRef;
  if (company.departmentTracking) reference(ctx, out, 'DepartmentRef', 'Department', 'DepartmentRef');
  else delete out.DepartmentRef;
  reference(ctx, out, 'PaymentMethodRef', 'PaymentMethod', 'PaymentMethodRef');
  reference(ctx, out, 'ARAccountRef', 'Account', 'ARAccountRef');
  if (type === 'SalesReceipt' && !out.DepositToAccountRef) out.DepositToAccountRef = { value: company.accounts.undeposited };
  reference(ctx, out, 'DepositToAccountRef', 'Account', 'DepositToAccountRef');

  const calculation: GlobalTaxCalculation = us ? 'TaxExcluded' : ((asString(out.GlobalTaxCalculation) as GlobalTaxCalculation | undefined) ?? 'TaxExcluded');
  const taxRequired = !us && calculation !== 'NotApplicable';
  const totalsLines: TotalsLine[] = [];
  const kept: { line: JsonObject; totals?: TotalsLine }[] = [];
  lines.forEach((raw, index) => {
    const line = asObject(raw);
    const at = `Line[${index}]`;
    if (!line) throw faults.invalidPropertyValue(at, 'an object');
    const detailType = asString(line.DetailType);
    if (!detailType) throw faults.requiredMissing('Line.DetailType');
    if (detailType === 'SubTotalLineDetail') return;
    if (detailType === 'DescriptionOnly') {
      kept.push({ line });
      return;
    }
    if (detailType === 'SalesItemLineDetail') {
      const detail = asObject(line.SalesItemLineDetail);
      if (!detail) throw faults.requiredMissing('Line.SalesItemLineDetail');
      if (line.Amount === undefined || line.Amount === null) throw faults.requiredMissing('Line.Amount');
      const amount = amountOf(line.Amount, `${at}.Amount`);
      const itemId = refValue(detail.ItemRef) ?? '1';
      const shipping = itemId === SHIPPING_ITEM_ID;
      if (shipping && !company.shippingAllowed) throw faults.invalidReference('Item', SHIPPING_ITEM_ID, 'Line.SalesItemLineDetail.ItemRef');
      if (!detail.ItemRef) detail.ItemRef = { value: itemId };
      const item = shipping ? undefined : reference(ctx, detail, 'ItemRef', 'Item', 'Line.SalesItemLineDetail.ItemRef');
      if (detail.Qty !== undefined && detail.Qty !== null && detail.UnitPrice !== undefined && detail.UnitPrice !== null) {
        const qty = parseDecimal(detail.Qty);
        const price = parseDecimal(detail.UnitPrice);
        if (!qty) throw faults.invalidPropertyValue(`${at}.SalesItemLineDetail.Qty`, 'a number');
        if (!price) throw faults.invalidPropertyValue(`${at}.SalesItemLineDetail.UnitPrice`, 'a number');
        const expected = multiplyToCents(qty, price);
        if (expected !== amount) throw faults.amountCalculation(index + 1, `${centsToAmount(amount).toFixed(2)} expected ${centsToAmount(expected).toFixed(2)}`);
      }
      if (company.classTracking) reference(ctx, detail, 'ClassRef', 'Class', 'Line.SalesItemLineDetail.ClassRef');
      else delete detail.ClassRef;
      const totalsLine: TotalsLine = { kind: shipping ? 'shipping' : 'item', amount };
      if (us) {
        if (!detail.TaxCodeRef) detail.TaxCodeRef = { value: item?.Taxable === true ? 'TAX' : 'NON' };
        const taxCode = reference(ctx, detail, 'TaxCodeRef', 'TaxCode', 'Line.SalesItemLineDetail.TaxCodeRef');
        totalsLine.taxable = taxCode?.Taxable === true;
      } else {
        if (!detail.TaxCodeRef && item?.SalesTaxCodeRef) detail.TaxCodeRef = { value: refValue(item.SalesTaxCodeRef) ?? '' };
        if (!detail.TaxCodeRef && taxRequired) {
          throw faults.businessValidation(`Make sure all your transactions have a ${company.country === 'GB' ? 'VAT' : 'GST/HST'} rate before you save.`, 'Line.SalesItemLineDetail.TaxCodeRef');
        }
        const taxCode = reference(ctx, detail, 'TaxCodeRef', 'TaxCode', 'Line.SalesItemLineDetail.TaxCodeRef');
        if (taxCode) {
          totalsLine.taxCodeId = asString(taxCode.Id) ?? '';
          totalsLine.rates = taxRates(ctx, taxCode);
        }
      }
      totalsLines.push(totalsLine);
      kept.push({ line, totals: totalsLine });
      return;
    }
    if (detailType === 'DiscountLineDetail') {
      if (!company.discountAllowed) throw faults.businessValidation('Discounts are turned off for this company (SalesFormsPrefs.AllowDiscount).', 'Line.DiscountLineDetail');
      const detail = asObject(line.DiscountLineDetail) ?? {};
      line.DiscountLineDetail = detail;
      const percentBased = asBoolean(detail.PercentBased) === true;
      const totalsLine: TotalsLine = { kind: 'discount', amount: 0 };
      if (percentBased) {
        const percent = parseDecimal(detail.DiscountPercent);
        if (!percent) throw faults.requiredMissing('Line.DiscountLineDetail.DiscountPercent');
        totalsLine.discountPercent = percent;
      } else {
        if (line.Amount === undefined || line.Amount === null) throw faults.requiredMissing('Line.Amount');
        totalsLine.amount = amountOf(line.Amount, `${at}.Amount`);
      }
      if (!detail.DiscountAccountRef) detail.DiscountAccountRef = { value: company.accounts.discounts };
      reference(ctx, detail, 'DiscountAccountRef', 'Account', 'Line.DiscountLineDetail.DiscountAccountRef');
      totalsLines.push(totalsLine);
      kept.push({ line, totals: totalsLine });
      return;
    }
    throw faults.businessValidation(`Line DetailType ${detailType} is not supported on ${type}.`, 'Line.DetailType');
  });

  // Tax inputs.
  const taxDetail = asObject(out.TxnTaxDetail) ?? {};
  const override = taxDetail.TotalTax === undefined || taxDetail.TotalTax === null ? null : amountOf(taxDetail.TotalTax, 'TxnTaxDetail.TotalTax');
  let usRates: RateInfo[] = [];
  let txnTaxCodeId: string | undefined;
  if (us) {
    if (company.automatedSalesTax) {
      // AST assigns its own code from the ship-to address; a code sent by the app is ignored (reference §3.10).
      txnTaxCodeId = company.astTaxCodeId;
    } else if (taxDetail.TxnTaxCodeRef) {
      reference(ctx, taxDetail, 'TxnTaxCodeRef', 'TaxCode', 'TxnTaxDetail.TxnTaxCodeRef');
      txnTaxCodeId = refValue(taxDetail.TxnTaxCodeRef);
    }
    usRates = txnTaxCodeId ? taxRates(ctx, company.store.get('TaxCode', txnTaxCodeId)) : [];
  }
  const applyTaxAfterDiscount = asBoolean(out.ApplyTaxAfterDiscount) ?? !us;
  const totals = computeTotals({
    mode: us ? 'us' : 'per-line',
    calculation,
    lines: totalsLines,
    usRates,
    applyTaxAfterDiscount,
    taxOverride: override,
    shippingTaxIncludedInTotalTax: asBoolean(out.ShippingTaxIncludedInTotalTax) === true,
  });

  // Output lines: as sent (Id/LineNum assigned), QBO's SubTotalLine after the item lines, discounts last.
  const outLines: Json[] = [];
  let discountIndex = 0;
  const discounts: JsonObject[] = [];
  let lineNumber = 0;
  for (const { line, totals: t } of kept) {
    lineNumber += 1;
    const numbered: JsonObject = { ...line, Id: String(lineNumber), LineNum: lineNumber };
    if (t?.kind === 'discount') {
      numbered.Amount = centsToAmount(totals.discountAmounts[discountIndex] ?? 0);
      discountIndex += 1;
      discounts.push(numbered);
      continue;
    }
    if (t) numbered.Amount = centsToAmount(t.amount);
    outLines.push(numbered);
  }
  outLines.push({ Amount: centsToAmount(totals.itemsSubtotal), DetailType: 'SubTotalLineDetail', SubTotalLineDetail: {} });
  outLines.push(...discounts);
  out.Line = outLines;

  const taxLines: Json[] = totals.taxLines.map((l) => ({
    Amount: centsToAmount(l.tax),
    DetailType: 'TaxLineDetail',
    TaxLineDetail: { TaxRateRef: { value: l.rate.id }, PercentBased: true, TaxPercent: decimalToNumber(l.rate.percent), NetAmountTaxable: centsToAmount(l.net) },
  }));
  out.TxnTaxDetail = {
    ...(txnTaxCodeId ? { TxnTaxCodeRef: { value: txnTaxCodeId } } : {}),
    TotalTax: centsToAmount(totals.tax),
    ...(taxLines.length ? { TaxLine: taxLines } : {}),
  };
  if (!us) out.GlobalTaxCalculation = calculation;
  out.ApplyTaxAfterDiscount = applyTaxAfterDiscount;
  out.TotalAmt = centsToAmount(totals.total);
  const toHome = (cents: Cents) => centsToAmount(exchangeRate ? toCents({ digits: BigInt(cents) * exchangeRate.digits, scale: 2 + exchangeRate.scale }) : cents);
  if (foreign) out.HomeTotalAmt = toHome(totals.total);
  out.PrintStatus = asString(out.PrintStatus) ?? 'NotSet';
  out.EmailStatus = asString(out.EmailStatus) ?? 'NotSet';

  if (type === 'Invoice') {
    const paid = sumApplied(ctx, 'Invoice', asString(existing?.Id));
    if (paid > totals.total) throw faults.businessValidation('The invoice total can\'t be less than the payments already applied to it.', 'Line');
    out.Balance = centsToAmount(totals.total - paid);
    out.DueDate = asString(out.DueDate) ?? addDays(asString(out.TxnDate) ?? formatDate(ctx.now), 0);
    if (foreign) out.HomeBalance = toHome(totals.total - paid);
  } else if (type === 'CreditMemo') {
    const used = sumApplied(ctx, 'CreditMemo', asString(existing?.Id));
    out.RemainingCredit = centsToAmount(totals.total - used);
    out.Balance = out.RemainingCredit;
  } else {
    out.Balance = 0;
  }
  return { entity: out, taxOverrideCents: override ?? undefined };
}

/** Cents of payments applied to an invoice/credit memo (from the payments' bookkeeping). */
function sumApplied(ctx: RuleContext, type: 'Invoice' | 'CreditMemo', id: string | undefined): Cents {
  if (!id) return 0;
  return (ctx.company.store.internal(type, id).applied ?? []).reduce((total, a) => total + a.cents, 0);
}

function voidEntity(ctx: RuleContext, type: WritableEntity, existing: JsonObject): JsonObject {
  checkClosed(ctx, asString(existing.TxnDate));
  if (type === 'Invoice' && sumApplied(ctx, 'Invoice', asString(existing.Id)) > 0) {
    throw faults.businessValidation('This invoice has payments applied. Void or delete the payments first.');
  }
  if (type === 'Payment') revertApplications(ctx, existing);
  const voided = clone(existing);
  voided.Line = asArray(voided.Line).map((raw) => {
    const line = asObject(raw);
    if (!line) return raw;
    const zeroed: JsonObject = { ...line, Amount: 0 };
    const detail = asObject(line.SalesItemLineDetail);
    if (detail) zeroed.SalesItemLineDetail = { ...detail, Qty: 0, UnitPrice: 0 };
    return zeroed;
  });
  voided.TotalAmt = 0;
  voided.Balance = 0;
  if ('UnappliedAmt' in voided) voided.UnappliedAmt = 0;
  if ('RemainingCredit' in voided) voided.RemainingCredit = 0;
  if (isObject(voided.TxnTaxDetail)) voided.TxnTaxDetail = { ...voided.TxnTaxDetail, TotalTax: 0, TaxLine: [] };
  const note = asString(existing.PrivateNote);
  voided.PrivateNote = note && note.startsWith('Voided') ? note : `Voided${note ? ` - ${note}` : ''}`;
  ctx.company.store.internal(type, asString(existing.Id) ?? '').voided = true;
  const { Id: _id, SyncToken: _token, MetaData: _meta, ...rest } = voided;
  return commit(ctx, type, existing, { entity: rest });
}

// ---------------------------------------------------------------------------------------------------------
// Payment

function revertApplications(ctx: RuleContext, payment: JsonObject): void {
  const id = asString(payment.Id) ?? '';
  const internal = ctx.company.store.internal('Payment', id);
  for (const application of internal.applied ?? []) changeApplied(ctx, application.type, application.id, id, -application.cents);
  internal.applied = [];
}

/** Moves `cents` of a payment onto (or off) an invoice or credit memo, updating its balance like QBO. */
function changeApplied(ctx: RuleContext, type: 'Invoice' | 'CreditMemo', docId: string, paymentId: string, cents: Cents): void {
  const { store } = ctx.company;
  const doc = store.get(type, docId);
  if (!doc) return;
  const internal = store.internal(type, docId);
  const applied = internal.applied ?? [];
  const entry = applied.find((a) => a.id === paymentId);
  if (entry) entry.cents += cents;
  else applied.push({ type, id: paymentId, cents });
  internal.applied = applied.filter((a) => a.cents !== 0);
  const paid = internal.applied.reduce((t, a) => t + a.cents, 0);
  const total = centsOf(doc.TotalAmt) ?? 0;
  const updated: JsonObject = { ...doc, Balance: centsToAmount(total - paid) };
  if (type === 'CreditMemo') updated.RemainingCredit = centsToAmount(total - paid);
  const links = asArray(doc.LinkedTxn).filter((l) => !(isObject(l) && l.TxnId === paymentId));
  if (internal.applied.some((a) => a.id === paymentId)) links.push({ TxnId: paymentId, TxnType: 'Payment' });
  if (links.length) updated.LinkedTxn = links;
  else delete updated.LinkedTxn;
  // Applying a payment is a modification of the invoice: new SyncToken and LastUpdatedTime.
  updated.SyncToken = String(Number(asString(doc.SyncToken) ?? '0') + 1);
  updated.MetaData = { ...(asObject(doc.MetaData) ?? {}), LastUpdatedTime: formatDateTime(ctx.now) };
  adjustCustomer(ctx, type, doc, -1);
  store.put(type, updated);
  adjustCustomer(ctx, type, updated, 1);
}

function buildPayment(ctx: RuleContext, input: JsonObject, existing: JsonObject | undefined): Built {
  const { company } = ctx;
  const out = clone(input);
  if (!out.CustomerRef) throw faults.requiredMissing('CustomerRef');
  if (out.TotalAmt === undefined || out.TotalAmt === null) throw faults.requiredMissing('TotalAmt');
  const customer = reference(ctx, out, 'CustomerRef', 'Customer', 'CustomerRef');
  const customerId = refValue(out.CustomerRef) ?? '';
  const total = amountOf(out.TotalAmt, 'TotalAmt');
  out.TxnDate = txnDate(ctx, out, existing);
  maxLength(out.PaymentRefNum, 21, 'PaymentRefNum');
  maxLength(out.PrivateNote, 4000, 'PrivateNote');
  setCurrency(out, currency(ctx, out, customer));
  reference(ctx, out, 'PaymentMethodRef', 'PaymentMethod', 'PaymentMethodRef');
  if (!out.DepositToAccountRef) out.DepositToAccountRef = { value: company.accounts.undeposited };
  reference(ctx, out, 'DepositToAccountRef', 'Account', 'DepositToAccountRef');
  reference(ctx, out, 'ARAccountRef', 'Account', 'ARAccountRef');
  if (company.departmentTracking) reference(ctx, out, 'DepartmentRef', 'Department', 'DepartmentRef');
  else delete out.DepartmentRef;

  // Plan applications against current balances (this payment's own earlier applications count as open).
  const ownId = asString(existing?.Id);
  const previous = ownId ? company.store.internal('Payment', ownId).applied ?? [] : [];
  const plan: { type: 'Invoice' | 'CreditMemo'; id: string; cents: Cents }[] = [];
  let appliedNet = 0;
  const lines = asArray(out.Line).map((raw, index) => {
    const line = asObject(raw);
    if (!line) throw faults.invalidPropertyValue(`Line[${index}]`, 'an object');
    if (line.Amount === undefined || line.Amount === null) throw faults.requiredMissing('Line.Amount');
    const cents = amountOf(line.Amount, `Line[${index}].Amount`);
    const linked = asArray(line.LinkedTxn).map(asObject).filter((l): l is JsonObject => Boolean(l));
    if (!linked.length) throw faults.requiredMissing('Line.LinkedTxn');
    for (const link of linked) {
      const txnType = asString(link.TxnType);
      const txnId = asString(link.TxnId);
      if (!txnId) throw faults.requiredMissing('Line.LinkedTxn.TxnId');
      if (txnType !== 'Invoice' && txnType !== 'CreditMemo') throw faults.businessValidation(`A payment can be linked to an Invoice or CreditMemo, not ${txnType ?? 'nothing'}.`, 'Line.LinkedTxn.TxnType');
      const doc = company.store.get(txnType, txnId);
      if (!doc) throw faults.invalidReference(txnType, txnId, 'Line.LinkedTxn.TxnId');
      if (refValue(doc.CustomerRef) !== customerId) throw faults.businessValidation(`${txnType} ${txnId} belongs to another customer.`, 'Line.LinkedTxn');
      const mine = previous.find((p) => p.id === txnId && p.type === txnType)?.cents ?? 0;
      const open = (centsOf(doc.Balance) ?? 0) + mine;
      if (cents > open) throw faults.businessValidation(`The amount applied (${centsToAmount(cents).toFixed(2)}) is more than the open balance of ${txnType} ${txnId} (${centsToAmount(open).toFixed(2)}).`, 'Line.Amount');
      plan.push({ type: txnType, id: txnId, cents });
      appliedNet += txnType === 'Invoice' ? cents : -cents;
    }
    return { ...line, Amount: centsToAmount(cents) } as Json;
  });
  if (appliedNet > total) throw faults.businessValidation('The payment amount must be greater than or equal to the amount applied to transactions.', 'TotalAmt');
  out.Line = lines;
  out.TotalAmt = centsToAmount(total);
  out.UnappliedAmt = centsToAmount(total - appliedNet);
  out.ProcessPayment = false;
  return {
    entity: out,
    after: (id) => {
      const internal = company.store.internal('Payment', id);
      for (const application of internal.applied ?? []) changeApplied(ctx, application.type, application.id, id, -application.cents);
      for (const application of plan) changeApplied(ctx, application.type, application.id, id, application.cents);
      internal.applied = plan;
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// JournalEntry

function buildJournalEntry(ctx: RuleContext, input: JsonObject, existing: JsonObject | undefined): JsonObject {
  const { company } = ctx;
  const out = clone(input);
  const lines = out.Line;
  if (!Array.isArray(lines) || lines.length === 0) throw faults.requiredMissing('Line');
  out.TxnDate = txnDate(ctx, out, existing);
  const doc = docNumber(ctx, 'JournalEntry', out, existing);
  if (doc === undefined) delete out.DocNumber;
  else out.DocNumber = doc;
  maxLength(out.PrivateNote, 4000, 'PrivateNote');
  setCurrency(out, currency(ctx, out, undefined));
  let debits = 0;
  let credits = 0;
  out.Line = lines.map((raw, index) => {
    const line = asObject(raw);
    if (!line) throw faults.invalidPropertyValue(`Line[${index}]`, 'an object');
    const detailType = asString(line.DetailType);
    if (!detailType) throw faults.requiredMissing('Line.DetailType');
    if (detailType === 'DescriptionOnly') return { ...line, Id: String(index), LineNum: index + 1 };
    if (detailType !== 'JournalEntryLineDetail') throw faults.businessValidation(`Line DetailType ${detailType} is not supported on JournalEntry.`, 'Line.DetailType');
    const detail = asObject(line.JournalEntryLineDetail);
    if (!detail) throw faults.requiredMissing('Line.JournalEntryLineDetail');
    const posting = asString(detail.PostingType);
    if (!posting) throw faults.requiredMissing('Line.JournalEntryLineDetail.PostingType');
    if (!detail.AccountRef) throw faults.requiredMissing('Line.JournalEntryLineDetail.AccountRef');
    if (line.Amount === undefined || line.Amount === null) throw faults.requiredMissing('Line.Amount');
    const cents = amountOf(line.Amount, `Line[${index}].Amount`);
    const account = reference(ctx, detail, 'AccountRef', 'Account', 'Line.JournalEntryLineDetail.AccountRef');
    if (company.classTracking) reference(ctx, detail, 'ClassRef', 'Class', 'Line.JournalEntryLineDetail.ClassRef');
    else delete detail.ClassRef;
    if (company.departmentTracking) reference(ctx, detail, 'DepartmentRef', 'Department', 'Line.JournalEntryLineDetail.DepartmentRef');
    else delete detail.DepartmentRef;
    reference(ctx, detail, 'TaxCodeRef', 'TaxCode', 'Line.JournalEntryLineDetail.TaxCodeRef');
    const entity = asObject(detail.Entity);
    let entityType: string | undefined;
    if (entity) {
      entityType = asString(entity.Type) ?? 'Customer';
      if (!['Customer', 'Vendor', 'Employee'].includes(entityType)) throw faults.businessValidation(`Entity type ${entityType} is not supported.`, 'Line.JournalEntryLineDetail.Entity');
      reference(ctx, entity, 'EntityRef', entityType, 'Line.JournalEntryLineDetail.Entity.EntityRef');
    }
    const accountType = asString(account?.AccountType);
    if (accountType === 'Accounts Receivable' && entityType !== 'Customer') {
      throw faults.businessValidation('When you use Accounts Receivable, you must choose a customer in the Name field.', 'Line.JournalEntryLineDetail.Entity');
    }
    if (accountType === 'Accounts Payable' && entityType !== 'Vendor') {
      throw faults.businessValidation('When you use Accounts Payable, you must choose a vendor in the Name field.', 'Line.JournalEntryLineDetail.Entity');
    }
    if (posting === 'Debit') debits += cents;
    else credits += cents;
    return { ...line, Id: String(index), LineNum: index + 1, Amount: centsToAmount(cents) };
  });
  if (debits !== credits) {
    throw faults.businessValidation(`You must balance your journal entry: debits (${centsToAmount(debits).toFixed(2)}) must equal credits (${centsToAmount(credits).toFixed(2)}).`, 'Line');
  }
  out.TotalAmt = centsToAmount(debits);
  out.Adjustment = asBoolean(out.Adjustment) ?? false;
  return out;
}
