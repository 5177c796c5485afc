/**
 * Company profile against the QuickBooks sandbox (the real QuickBooksClient → node-quickbooks → loopback
 * HTTP, seeded US / Canadian / British companies) and the Firestore emulator for the cached document.
 */
import { randomBytes } from 'node:crypto';
import { CompanyProfileRepository } from '@/lib/firestore/company-profile-repository';
import { QuickBooksClient, configureQuickBooksEndpoints, qboSql } from '@/lib/quickbooks/quickbooks-client';
import type { Account, CompanyInfo, Preferences } from '@/lib/quickbooks/quickbooks-types';
import { startQuickBooksSandbox, type QuickBooksSandbox } from '@/sandboxes/quickbooks/quickbooks-sandbox';
import { connectSandbox } from '@/sandboxes/quickbooks/sandbox-client';
import { getTestDb, listAllDocumentPaths } from '@/test/firestore-test-helpers';
import {
  PROFILE_MAX_AGE_MS,
  companyFactsFrom,
  isProfileStale,
  normaliseCountryCode,
  readCompanyProfile,
  type CompanyProfile,
} from './company-profile';

const clientId = 'qbo-profile-client';
const clientSecret = 'qbo-profile-secret-0123456789';
const redirectUri = 'http://127.0.0.1:3999/api/quickbooks/callback';

const REALMS = {
  usAst: '9341000000000101',
  usManual: '9341000000000102',
  ca: '9341000000000103',
  gb: '9341000000000104',
} as const;

let sandbox: QuickBooksSandbox;

beforeAll(async () => {
  sandbox = await startQuickBooksSandbox({
    clientId,
    clientSecret,
    redirectUris: [redirectUri],
    companies: [
      { realmId: REALMS.usAst, name: 'Austin Mugs LLC', country: 'US', automatedSalesTax: true, classTracking: false, departmentTracking: false },
      { realmId: REALMS.usManual, name: 'Manual Tax Inc', country: 'US', automatedSalesTax: false, classTracking: false, departmentTracking: false },
      { realmId: REALMS.ca, name: 'Maple Goods Ltd', country: 'CA', multiCurrency: true, classTracking: true, departmentTracking: false },
      { realmId: REALMS.gb, name: 'Poultry Street Ltd', country: 'GB', classTracking: false, departmentTracking: true, shippingAllowed: false, discountAllowed: false, customTxnNumbers: false, closedThrough: '2025-12-31' },
    ],
  });
  configureQuickBooksEndpoints({ apiBaseUrl: sandbox.apiBaseUrl });
});

afterAll(async () => {
  await sandbox?.stop();
});

/** A client for one seeded company, connected through the sandbox's consent page and code exchange. */
async function clientFor(realmId: string): Promise<QuickBooksClient> {
  const tokens = await connectSandbox(sandbox, { clientId, clientSecret, redirectUri, realmId });
  expect(tokens.realmId).toBe(realmId);
  return new QuickBooksClient({ realmId, tokens: { getAccessToken: async () => tokens.accessToken } });
}

/** Reads the profile and returns it with the number of v3 requests the read made. */
async function readCounting(realmId: string): Promise<{ profile: CompanyProfile; requests: number }> {
  const client = await clientFor(realmId);
  const before = sandbox.state.realmCounters(realmId).requests;
  const profile = await readCompanyProfile(client, new Date('2026-03-02T10:00:00.000Z'));
  return { profile, requests: sandbox.state.realmCounters(realmId).requests - before };
}

describe('readCompanyProfile against the QuickBooks sandbox', () => {
  it('US company with Automated Sales Tax: facts, accounts, TAX/NON codes, AST rates as exact text', async () => {
    const company = sandbox.state.company(REALMS.usAst);
    const { profile, requests } = await readCounting(REALMS.usAst);

    expect(profile.refreshedAt).toBe('2026-03-02T10:00:00.000Z');
    expect(profile.facts).toEqual({
      companyName: 'Austin Mugs LLC',
      legalName: 'Austin Mugs LLC',
      country: 'US',
      homeCurrency: 'USD',
      multiCurrency: false,
      automatedSalesTax: true,
      usingSalesTax: true,
      taxModel: 'us-automated',
      classTracking: 'off',
      departmentTracking: false,
      departmentTerminology: 'Location',
      shippingAllowed: true,
      defaultShippingAccount: company.accounts.shippingIncome,
      discountAllowed: true,
      defaultDiscountAccount: company.accounts.discounts,
      customTxnNumbers: true,
    });

    const { lists } = profile;
    expect(lists.accounts).toHaveLength(16);
    expect(lists.accounts.find((account) => account.id === company.accounts.undeposited)).toEqual({
      id: company.accounts.undeposited,
      name: 'Undeposited Funds',
      fullyQualifiedName: 'Undeposited Funds',
      type: 'Other Current Asset',
      subType: 'UndepositedFunds',
      classification: 'Asset',
      active: true,
      currency: 'USD',
    });
    expect(lists.accounts.find((account) => account.id === company.accounts.discounts)).toMatchObject({
      type: 'Income',
      subType: 'DiscountsRefundsGiven',
      classification: 'Revenue',
    });

    expect(lists.taxRates.map((rate) => [rate.name, rate.ratePercent, rate.active])).toEqual([
      ['Texas State', '6.25', true],
      ['Austin City', '1', true],
      ['Austin MTA', '1', true],
    ]);
    const taxCodes = new Map(lists.taxCodes.map((code) => [code.name, code]));
    expect(taxCodes.get('TAX')).toEqual({ id: 'TAX', name: 'TAX', description: 'TAX', active: true, taxable: true, taxGroup: false, salesTaxRateIds: [] });
    expect(taxCodes.get('NON')).toMatchObject({ id: 'NON', taxable: false });
    const astCode = taxCodes.get('Austin, TX');
    expect(astCode?.id).toBe(company.astTaxCodeId);
    expect(astCode?.taxGroup).toBe(true);
    expect(astCode?.salesTaxRateIds).toEqual(lists.taxRates.map((rate) => rate.id));

    expect(lists.paymentMethods).toHaveLength(7);
    expect(lists.paymentMethods.find((method) => method.name === 'Visa')).toMatchObject({ type: 'CREDIT_CARD', active: true });
    expect(lists.paymentMethods.find((method) => method.name === 'PayPal')).toMatchObject({ type: 'NON_CREDIT_CARD', active: true });

    // Tracking is off: classes and departments are not even asked for.
    expect(lists.classes).toEqual([]);
    expect(lists.departments).toEqual([]);
    expect(requests).toBe(6); // CompanyInfo, Preferences, Account, TaxCode, TaxRate, PaymentMethod
  });

  it('US company without AST is us-manual; inactive records come back flagged inactive', async () => {
    const company = sandbox.state.company(REALMS.usManual);
    const accountId = company.store.nextId('Account');
    company.store.put('Account', {
      Id: accountId, SyncToken: '0', domain: 'QBO', sparse: false,
      Name: 'Old Web Sales', FullyQualifiedName: 'Old Web Sales', SubAccount: false, Active: false,
      AccountType: 'Income', AccountSubType: 'SalesOfProductIncome', Classification: 'Revenue',
      CurrentBalance: 0, CurrencyRef: { value: 'USD', name: 'United States Dollar' },
    });
    const methodId = company.store.nextId('PaymentMethod');
    company.store.put('PaymentMethod', { Id: methodId, SyncToken: '0', domain: 'QBO', sparse: false, Name: 'Diners Club', Active: false, Type: 'CREDIT_CARD' });

    const client = await clientFor(REALMS.usManual);
    // Without the Active filter QuickBooks hides it: the profile's query must include inactive rows.
    expect(await client.query<Account>(qboSql`SELECT * FROM Account WHERE Name = ${'Old Web Sales'}`)).toEqual([]);

    const profile = await readCompanyProfile(client);
    expect(profile.facts).toMatchObject({ country: 'US', automatedSalesTax: false, usingSalesTax: true, taxModel: 'us-manual' });
    expect(profile.lists.accounts).toHaveLength(17);
    expect(profile.lists.accounts.find((account) => account.id === accountId)).toEqual({
      id: accountId,
      name: 'Old Web Sales',
      fullyQualifiedName: 'Old Web Sales',
      type: 'Income',
      subType: 'SalesOfProductIncome',
      classification: 'Revenue',
      active: false,
      currency: 'USD',
    });
    expect(profile.lists.accounts.filter((account) => !account.active).map((account) => account.id)).toEqual([accountId]);
    expect(profile.lists.paymentMethods.find((method) => method.id === methodId)).toEqual({ id: methodId, name: 'Diners Club', type: 'CREDIT_CARD', active: false });
  });

  it('Canadian company with multicurrency and class tracking: tax codes, rate lists, classes', async () => {
    const company = sandbox.state.company(REALMS.ca);
    // Québec QST: a rate with three decimals must come through as the same text.
    const qstId = company.store.nextId('TaxRate');
    company.store.put('TaxRate', {
      Id: qstId, SyncToken: '0', domain: 'QBO', sparse: false, Name: 'QST', Description: 'QST', Active: true,
      RateValue: 9.975, AgencyRef: { value: '2', name: 'Revenu Québec' }, SpecialTaxType: 'NONE', DisplayType: 'ReadOnly',
    });
    const { profile, requests } = await readCounting(REALMS.ca);

    expect(profile.facts).toMatchObject({
      companyName: 'Maple Goods Ltd',
      country: 'CA',
      homeCurrency: 'CAD',
      multiCurrency: true,
      automatedSalesTax: false,
      taxModel: 'tax-codes',
      classTracking: 'per-transaction',
      departmentTracking: false,
    });

    const rates = new Map(profile.lists.taxRates.map((rate) => [rate.name, rate]));
    expect(rates.get('GST')?.ratePercent).toBe('5');
    expect(rates.get('HST ON')?.ratePercent).toBe('13');
    expect(rates.get('PST BC')?.ratePercent).toBe('7');
    expect(rates.get('Zero-rated')?.ratePercent).toBe('0');
    expect(rates.get('QST')).toEqual({ id: qstId, name: 'QST', active: true, ratePercent: '9.975' });

    const codes = new Map(profile.lists.taxCodes.map((code) => [code.name, code]));
    expect(profile.lists.taxCodes).toHaveLength(6);
    expect(codes.get('GST')?.salesTaxRateIds).toEqual([rates.get('GST')?.id]);
    expect(codes.get('GST/PST BC')).toMatchObject({ taxGroup: true, taxable: true, salesTaxRateIds: [rates.get('GST')?.id, rates.get('PST BC')?.id] });
    expect(codes.get('Out of Scope')).toMatchObject({ taxable: false, salesTaxRateIds: [] });

    expect(profile.lists.classes).toEqual([
      { id: '1', name: 'Online Store', fullyQualifiedName: 'Online Store', active: true },
      { id: '2', name: 'Wholesale', fullyQualifiedName: 'Wholesale', active: true },
      { id: '3', name: 'Retail', fullyQualifiedName: 'Retail', active: true },
    ]);
    expect(profile.lists.departments).toEqual([]);
    expect(profile.lists.accounts.every((account) => account.currency === 'CAD')).toBe(true);
    expect(requests).toBe(7); // … plus Class, but no Department query
  });

  it('British company with department tracking; an ISO-3 country code ("GBR") is stored as ISO-2', async () => {
    const company = sandbox.state.company(REALMS.gb);
    // Intuit returns ISO-3 codes in company addresses since Oct 2025: put one on the record.
    const info = company.store.get('CompanyInfo', '1');
    company.store.put('CompanyInfo', { ...info, Country: 'GBR', LegalAddr: { City: 'London', Country: 'GBR' } });
    const { profile, requests } = await readCounting(REALMS.gb);

    expect(profile.facts).toEqual({
      companyName: 'Poultry Street Ltd',
      legalName: 'Poultry Street Ltd',
      country: 'GB',
      homeCurrency: 'GBP',
      multiCurrency: false,
      automatedSalesTax: false,
      usingSalesTax: true,
      taxModel: 'tax-codes',
      classTracking: 'off',
      departmentTracking: true,
      departmentTerminology: 'Location',
      shippingAllowed: false,
      defaultShippingAccount: company.accounts.shippingIncome,
      discountAllowed: false,
      defaultDiscountAccount: company.accounts.discounts,
      customTxnNumbers: false,
      bookCloseDate: '2025-12-31',
    });
    expect(profile.lists.departments).toEqual([
      { id: '1', name: 'Main Warehouse', fullyQualifiedName: 'Main Warehouse', active: true },
      { id: '2', name: 'Web Shop', fullyQualifiedName: 'Web Shop', active: true },
    ]);
    expect(profile.lists.classes).toEqual([]);
    expect(profile.lists.taxRates.find((rate) => rate.name === '20.0% S')?.ratePercent).toBe('20');
    expect(profile.lists.taxCodes.map((code) => code.name)).toEqual(['20.0% S', '5.0% R', '0.0% Z', 'Exempt', 'No VAT']);
    expect(requests).toBe(7); // … plus Department, but no Class query
  });

  it('follows the company when its settings change (daily refresh picks up new preferences)', async () => {
    const client = await clientFor(REALMS.usAst);
    sandbox.updateCompany(REALMS.usAst, { classTracking: true, departmentTracking: true });
    try {
      const profile = await readCompanyProfile(client);
      expect(profile.facts.classTracking).toBe('per-transaction');
      expect(profile.facts.departmentTracking).toBe(true);
      expect(profile.lists.classes.map((entry) => entry.name)).toEqual(['Online Store', 'Wholesale', 'Retail']);
      expect(profile.lists.departments.map((entry) => entry.name)).toEqual(['Main Warehouse', 'Web Shop']);
    } finally {
      sandbox.updateCompany(REALMS.usAst, { classTracking: false, departmentTracking: false });
    }
  });
});

describe('CompanyProfileRepository (Firestore emulator)', () => {
  it('round-trips the profile at stores/{storeHash}/quickbooks/profile, tied to its realm', async () => {
    const db = getTestDb();
    const repository = new CompanyProfileRepository(db);
    const storeHash = `cp${randomBytes(5).toString('hex')}`;
    const { profile } = await readCounting(REALMS.ca);

    expect(await repository.get(storeHash)).toBeUndefined();
    await repository.save(storeHash, REALMS.ca, profile);
    expect(await listAllDocumentPaths(`stores/${storeHash}`)).toEqual([`stores/${storeHash}/quickbooks/profile`]);

    const stored = await repository.get(storeHash);
    expect(stored?.realmId).toBe(REALMS.ca);
    expect(stored?.profile).toEqual(profile);
    expect(stored?.savedAt.toMillis()).toBeGreaterThan(Date.now() - 60_000);
    expect(stored?.profile.lists.taxRates.find((rate) => rate.name === 'QST')?.ratePercent).toBe('9.975');

    // Another company's profile is never handed out for the current one.
    expect((await repository.getForRealm(storeHash, REALMS.ca))?.profile.facts.country).toBe('CA');
    expect(await repository.getForRealm(storeHash, REALMS.gb)).toBeUndefined();

    // Connecting another company replaces the document entirely (no lists carried over).
    const { profile: british } = await readCounting(REALMS.gb);
    await repository.save(storeHash, REALMS.gb, british);
    const replaced = await repository.get(storeHash);
    expect(replaced?.realmId).toBe(REALMS.gb);
    expect(replaced?.profile.facts.country).toBe('GB');
    expect(replaced?.profile.lists.classes).toEqual([]);
    expect(replaced?.profile.lists.departments).toHaveLength(2);

    await repository.delete(storeHash);
    expect(await repository.get(storeHash)).toBeUndefined();
    await expect(repository.delete(storeHash)).resolves.toBeUndefined();
    await expect(repository.save(storeHash, '', profile)).rejects.toThrow(TypeError);
  });
});

describe('facts from CompanyInfo + Preferences', () => {
  const info = (extra: Partial<CompanyInfo> = {}): CompanyInfo => ({ Id: '1', SyncToken: '0', CompanyName: 'Acme', ...extra });

  it('normalises ISO-3 and lower-case country codes, keeps unknown values as given', () => {
    expect(normaliseCountryCode('USA')).toBe('US');
    expect(normaliseCountryCode('CAN')).toBe('CA');
    expect(normaliseCountryCode('GBR')).toBe('GB');
    expect(normaliseCountryCode('AUS')).toBe('AU');
    expect(normaliseCountryCode('usa')).toBe('US');
    expect(normaliseCountryCode(' gb ')).toBe('GB');
    expect(normaliseCountryCode('US')).toBe('US');
    expect(normaliseCountryCode('XYZ')).toBe('XYZ');
    expect(normaliseCountryCode('United Kingdom')).toBe('United Kingdom');
    expect(normaliseCountryCode('')).toBe('');
  });

  it('an ISO-3 "USA" still means the US tax model; the address is the fallback for a missing Country', () => {
    const ast: Preferences = { Id: '1', SyncToken: '0', TaxPrefs: { PartnerTaxEnabled: true, UsingSalesTax: false } };
    expect(companyFactsFrom(info({ Country: 'USA' }), ast)).toMatchObject({ country: 'US', automatedSalesTax: true, usingSalesTax: false, taxModel: 'us-automated' });
    expect(companyFactsFrom(info({ LegalAddr: { Country: 'AUS' } }), ast)).toMatchObject({ country: 'AU', automatedSalesTax: false, taxModel: 'tax-codes' });
    expect(companyFactsFrom(info(), ast)).toMatchObject({ country: '', taxModel: 'tax-codes' });
  });

  it('reads per-line class tracking and ignores non-id default accounts', () => {
    const preferences: Preferences = {
      Id: '1',
      SyncToken: '0',
      AccountingInfoPrefs: { ClassTrackingPerTxn: false, ClassTrackingPerTxnLine: true },
      // Intuit's sample responses carry `"DefaultShippingAccount": false` when none is set.
      SalesFormsPrefs: { AllowShipping: true, DefaultShippingAccount: false as unknown as string, AllowDiscount: true, DefaultDiscountAccount: '' },
      CurrencyPrefs: { HomeCurrency: { value: 'aud' } },
    };
    const facts = companyFactsFrom(info({ Country: 'AU' }), preferences);
    expect(facts.classTracking).toBe('per-line');
    expect(facts.shippingAllowed).toBe(true);
    expect(facts).not.toHaveProperty('defaultShippingAccount');
    expect(facts).not.toHaveProperty('defaultDiscountAccount');
    expect(facts.homeCurrency).toBe('AUD');
    expect(facts.multiCurrency).toBe(false);
    expect(facts.departmentTracking).toBe(false);
  });
});

describe('isProfileStale', () => {
  const now = Date.parse('2026-03-02T10:00:00.000Z');

  it('is stale without a profile, with an unreadable time, and from 24 hours on', () => {
    expect(PROFILE_MAX_AGE_MS).toBe(24 * 60 * 60 * 1000);
    expect(isProfileStale(undefined, now)).toBe(true);
    expect(isProfileStale({ refreshedAt: 'yesterday' }, now)).toBe(true);
    expect(isProfileStale({ refreshedAt: '2026-03-02T10:00:00.000Z' }, now)).toBe(false);
    expect(isProfileStale({ refreshedAt: '2026-03-01T10:00:00.001Z' }, now)).toBe(false);
    expect(isProfileStale({ refreshedAt: '2026-03-01T10:00:00.000Z' }, now)).toBe(true);
    expect(isProfileStale({ refreshedAt: '2026-02-20T10:00:00.000Z' }, now)).toBe(true);
  });

  it('honours a custom max age and tolerates small clock skew but not a far-future time', () => {
    expect(isProfileStale({ refreshedAt: '2026-03-02T09:00:00.000Z' }, now, 30 * 60_000)).toBe(true);
    expect(isProfileStale({ refreshedAt: '2026-03-02T09:45:00.000Z' }, now, 30 * 60_000)).toBe(false);
    expect(isProfileStale({ refreshedAt: '2026-03-02T10:00:05.000Z' }, now)).toBe(false);
    expect(isProfileStale({ refreshedAt: '2026-03-05T10:00:00.000Z' }, now)).toBe(true);
  });
});
