/**
 * Unit tests of validateSettings: every rule on a hand-built company, one field at a time, and the defaults
 * passing for every tax model.
 */
import type { CompanyFacts } from '@/lib/quickbooks-connection/company-profile';
import { CA_FACTS, GB_FACTS, US_AST_FACTS, US_MANUAL_FACTS, settingsWith } from '@/lib/sync/mappers/mapper-test-fixtures';
import type { SyncSettings } from '@/lib/sync/sync-settings';
import { ACCOUNTS, companyLists } from './settings-test-fixtures';
import { displayNameProblem, fieldPath, validateSettings, type ReferencedItem, type SettingsValidationContext } from './settings-validation';

const ITEMS: ReferencedItem[] = [
  { id: '40', name: 'Shipping', active: true, type: 'Service' },
  { id: '41', name: 'Old shipping', active: false, type: 'Service' },
  { id: '42', name: 'Apparel', active: true, type: 'Category' },
];

function errorsFor(patch: (settings: SyncSettings) => void, context: Partial<SettingsValidationContext> = {}) {
  return validateSettings(settingsWith(patch), { facts: US_AST_FACTS, lists: companyLists(), items: ITEMS, ...context });
}

function only(patch: (settings: SyncSettings) => void, context: Partial<SettingsValidationContext> = {}) {
  const errors = errorsFor(patch, context);
  expect(errors).toHaveLength(1);
  return errors[0]!;
}

describe('defaults', () => {
  it.each([
    ['US automated', US_AST_FACTS],
    ['US manual', US_MANUAL_FACTS],
    ['GB tax codes', GB_FACTS],
    ['CA multicurrency', CA_FACTS],
  ] as Array<[string, CompanyFacts]>)('pass for a %s company', (_name, facts) => {
    expect(validateSettings(settingsWith(), { facts, lists: companyLists() })).toEqual([]);
  });
});

describe('accounts', () => {
  it('accepts accounts of the right types', () => {
    expect(
      errorsFor((s) => {
        s.items.incomeAccountId = ACCOUNTS.otherIncome;
        s.accounts.discountAccountId = ACCOUNTS.fees;
        s.accounts.giftCertificateAccountId = ACCOUNTS.giftCards;
        s.accounts.storeCreditAccountId = ACCOUNTS.giftCards;
        s.accounts.defaultDepositAccountId = ACCOUNTS.checking;
        s.payments = { stripe: { depositAccountId: ACCOUNTS.undeposited, paymentMethodId: '7' } };
      }),
    ).toEqual([]);
  });

  it('refuses an inactive income account, naming it', () => {
    expect(only((s) => (s.items.incomeAccountId = ACCOUNTS.oldIncome))).toEqual({
      path: 'items.incomeAccountId',
      message: 'The income account for new items (“Old Sales”) is inactive in QuickBooks. Choose an active account.',
    });
  });

  it('refuses an account of the wrong type, saying which types fit', () => {
    expect(only((s) => (s.items.incomeAccountId = ACCOUNTS.checking)).message).toBe(
      'The income account for new items (“Checking”) is a Bank account; choose an Income or Other Income account.',
    );
    expect(only((s) => (s.accounts.defaultDepositAccountId = ACCOUNTS.receivable)).message).toMatch(/choose a Bank or Other Current Asset account/);
    expect(only((s) => (s.accounts.giftCertificateAccountId = ACCOUNTS.sales)).message).toMatch(/an Income account; choose an Other Current Liability account/);
    expect(only((s) => (s.accounts.storeCreditAccountId = ACCOUNTS.payable)).path).toBe('accounts.storeCreditAccountId');
    expect(only((s) => (s.accounts.discountAccountId = ACCOUNTS.undeposited)).message).toMatch(/Income, Other Income, Expense or Other Expense/);
  });

  it('refuses an account QuickBooks no longer has', () => {
    expect(only((s) => (s.accounts.discountAccountId = '999'))).toEqual({
      path: 'accounts.discountAccountId',
      message: 'The discount account no longer exists in QuickBooks. Choose another one.',
    });
  });

  it('checks each payment mapping: method active, deposit account a bank or current asset', () => {
    const errors = errorsFor((s) => {
      s.payments = { stripe: { paymentMethodId: '8', depositAccountId: ACCOUNTS.oldBank }, 'Cash on Delivery': { paymentMethodId: '77' } };
    });
    expect(errors).toEqual([
      { path: 'payments.stripe.paymentMethodId', message: 'The payment method for "stripe" (“Stripe”) is inactive in QuickBooks. Choose an active payment method.' },
      { path: 'payments.stripe.depositAccountId', message: 'The deposit account for "stripe" (“Old Bank”) is inactive in QuickBooks. Choose an active account.' },
      { path: 'payments.Cash on Delivery.paymentMethodId', message: 'The payment method for "Cash on Delivery" no longer exists in QuickBooks. Choose another payment method.' },
    ]);
  });

  it('needs an income account to create items with when creating is on', () => {
    const lists = companyLists();
    lists.accounts = lists.accounts.filter((a) => a.type !== 'Income');
    expect(only(() => undefined, { lists }).path).toBe('items.incomeAccountId');
    expect(errorsFor((s) => (s.items.autoCreate = false), { lists })).toEqual([]);
  });
});

describe('items named by the settings', () => {
  it('must exist, be active and be a product or service', () => {
    expect(errorsFor((s) => (s.accounts.shippingItemId = '40'))).toEqual([]);
    expect(only((s) => (s.accounts.shippingItemId = '41')).message).toBe(
      'The shipping item (“Old shipping”) is inactive in QuickBooks. Choose an active product or service.',
    );
    expect(only((s) => (s.items.fallbackItemId = '42')).message).toMatch(/is a category, which order lines can’t use/);
    expect(only((s) => (s.accounts.roundingItemId = '43'))).toEqual({
      path: 'accounts.roundingItemId',
      message: 'The rounding item no longer exists in QuickBooks. Choose another product or service.',
    });
  });

  it('are not checked when the caller did not look them up', () => {
    expect(errorsFor((s) => (s.accounts.shippingItemId = '43'), { items: undefined })).toEqual([]);
  });
});

describe('tax', () => {
  const mapped = (s: SyncSettings) => {
    s.tax.rateToTaxCode = { '1': '2', '2': '6', '3': '99' };
    s.tax.exemptTaxCodeId = '6';
  };

  it('checks mapped codes and the exempt code for tax-code companies', () => {
    expect(errorsFor(mapped, { facts: GB_FACTS })).toEqual([
      { path: 'tax.rateToTaxCode.2', message: 'The tax code for BigCommerce tax rate 2 (“Retired”) is inactive in QuickBooks. Choose an active tax code.' },
      { path: 'tax.rateToTaxCode.3', message: 'The tax code for BigCommerce tax rate 3 no longer exists in QuickBooks. Choose another tax code.' },
      { path: 'tax.exemptTaxCodeId', message: 'The tax code for untaxed amounts (“Retired”) is inactive in QuickBooks. Choose an active tax code.' },
    ]);
  });

  it('checks mapped codes for US manual sales tax, which posts one of them per transaction', () => {
    expect(errorsFor(mapped, { facts: US_MANUAL_FACTS }).map((e) => e.path)).toEqual(['tax.rateToTaxCode.2', 'tax.rateToTaxCode.3']);
  });

  it('ignores tax codes with Automated Sales Tax (QuickBooks picks them; the posting never reads the map)', () => {
    expect(errorsFor(mapped, { facts: US_AST_FACTS })).toEqual([]);
  });
});

describe('classes and departments', () => {
  const perTxn: CompanyFacts = { ...US_AST_FACTS, classTracking: 'per-transaction', departmentTracking: true, departmentTerminology: 'Location' };

  it('refuses any class or department when the company does not track them', () => {
    const errors = errorsFor((s) => {
      s.classes.defaultId = '100';
      s.departments.byChannel = { '1': '200' };
    });
    expect(errors.map((e) => e.path)).toEqual(['classes.defaultId', 'departments.byChannel.1']);
    expect(errors[0]!.message).toMatch(/^Class tracking is off in QuickBooks/);
    expect(errors[1]!.message).toMatch(/^Location tracking is off in QuickBooks, so locations can’t be used/);
  });

  it('checks them against the lists when tracked', () => {
    expect(
      errorsFor(
        (s) => {
          s.classes = { defaultId: '100', byChannel: { '2': '102' } };
          s.departments = { defaultId: '201', byChannel: { '1': '200' } };
        },
        { facts: perTxn },
      ),
    ).toEqual([
      { path: 'classes.byChannel.2', message: 'The class for channel 2 (“Old”) is inactive in QuickBooks. Choose an active class.' },
      { path: 'departments.defaultId', message: 'The default location (“Closed Shop”) is inactive in QuickBooks. Choose an active location.' },
    ]);
  });
});

describe('documents and statuses', () => {
  it('refuses statuses BigCommerce does not have, and those never posted', () => {
    const errors = errorsFor((s) => (s.postingStatusIds = [11, 0, 5, 6, 42]));
    expect(errors.map((e) => e.message)).toEqual([
      'Incomplete orders never finished checkout, so they are never posted.',
      'Cancelled orders are voided in QuickBooks, not posted.',
      'Declined orders are voided in QuickBooks, not posted.',
      'BigCommerce has no order status 42.',
    ]);
    expect(new Set(errors.map((e) => e.path))).toEqual(new Set(['postingStatusIds']));
  });

  it('checks each rule’s statuses and flags a catch-all rule that hides later rules', () => {
    const errors = errorsFor((s) => {
      s.documentRules = [
        { document: 'invoice', statusIds: [7, 99], customerGroupIds: [], channelIds: [] },
        { document: 'invoice', statusIds: [], customerGroupIds: [], channelIds: [] },
        { document: 'sales_receipt', statusIds: [], customerGroupIds: [2], channelIds: [] },
        { document: 'sales_receipt', statusIds: [], customerGroupIds: [], channelIds: [] },
      ];
    });
    expect(errors).toEqual([
      { path: 'documentRules.0.statusIds', message: 'BigCommerce has no order status 99.' },
      { path: 'documentRules.1', message: expect.stringMatching(/matches every order/) },
    ]);
  });

  it('uses the statuses it is given', () => {
    expect(only((s) => (s.postingStatusIds = [11]), { orderStatusIds: [1, 2] }).message).toBe('BigCommerce has no order status 11.');
  });
});

describe('numbering, guests and rounding', () => {
  it('keeps DocNumber within 21 characters for a 10-digit order number', () => {
    expect(errorsFor((s) => (s.docNumberPrefix = 'ABCDEFGHIJK'))).toEqual([]);
    expect(only((s) => (s.docNumberPrefix = 'ABCDEFGHIJKL')).message).toBe(
      'QuickBooks document numbers hold at most 21 characters; with a 10-digit order number this prefix makes 22. Use at most 11 characters.',
    );
    expect(only((s) => (s.docNumberPrefix = 'BC 1')).message).toMatch(/letters, digits/);
  });

  it('applies the DisplayName rules to the single guest customer', () => {
    expect(only((s) => (s.guests.customerName = 'Web: Sales')).path).toBe('guests.customerName');
    expect(displayNameProblem('Web Sales', false)).toBeUndefined();
    expect(displayNameProblem('   ', false)).toBe('Enter a customer name.');
    expect(displayNameProblem(' Web Sales', false)).toMatch(/spaces at the start or end/);
    expect(displayNameProblem('Web\tSales', false)).toMatch(/tabs or line breaks/);
    expect(displayNameProblem('Web\nSales', false)).toMatch(/tabs or line breaks/);
    expect(displayNameProblem('x'.repeat(100), false)).toBeUndefined();
    expect(displayNameProblem('x'.repeat(101), false)).toMatch(/at most 100/);
    expect(displayNameProblem('x'.repeat(95), true)).toMatch(/Use at most 94 characters/);
  });

  it('keeps the rounding threshold to whole cents from 0 to 100', () => {
    expect(errorsFor((s) => (s.roundingThresholdCents = 0))).toEqual([]);
    expect(only((s) => (s.roundingThresholdCents = 101)).path).toBe('roundingThresholdCents');
    expect(only((s) => (s.roundingThresholdCents = 1.5)).message).toBe('Enter a whole number of cents from 0 to 100.');
  });
});

it('builds dotted field paths', () => {
  expect(fieldPath('payments', 'stripe', 'depositAccountId')).toBe('payments.stripe.depositAccountId');
  expect(fieldPath('documentRules', 2, 'statusIds')).toBe('documentRules.2.statusIds');
});
