/** Unit tests of the settings page's pure parts: select options from the lists, the PUT body, item references. */
import { settingsWith } from '@/lib/sync/mappers/mapper-test-fixtures';
import { ACCOUNTS, companyLists } from './settings-test-fixtures';
import { quickBooksOptions, referencedItemIds, SettingsBodySchema } from './settings-view';

describe('quickBooksOptions', () => {
  it('offers each purpose only the accounts of its types, active first, inactive marked', () => {
    const options = quickBooksOptions(companyLists(), settingsWith());
    expect(options.incomeAccounts.map((o) => o.label)).toEqual(['Discounts given', 'Other Income', 'Sales of Product Income', 'Old Sales (inactive)']);
    expect(options.depositAccounts.map((o) => [o.label, o.active])).toEqual([
      ['Checking', true],
      ['Undeposited Funds', true],
      ['Old Bank (inactive)', false],
    ]);
    expect(options.liabilityAccounts.map((o) => o.value)).toEqual([ACCOUNTS.giftCards]);
    expect(options.discountAccounts.map((o) => o.label)).toContain('Merchant Fees');
    expect(options.depositAccounts[0]!.detail).toBe('Bank · Checking');
    expect(options.paymentMethods.map((o) => o.label)).toEqual(['Cash', 'PayPal', 'Stripe (inactive)']);
    expect(options.taxCodes.find((o) => o.value === '2')?.detail).toBe('20.0% S 20%');
  });

  it('keeps a chosen record that is unusable or gone, so the page can show what to fix', () => {
    const options = quickBooksOptions(
      companyLists(),
      settingsWith((s) => {
        s.items.incomeAccountId = ACCOUNTS.checking;
        s.payments = { stripe: { depositAccountId: '999' } };
        s.classes.defaultId = '555';
      }),
    );
    expect(options.incomeAccounts.at(-1)).toEqual({ value: ACCOUNTS.checking, label: 'Checking (not usable here)', active: false });
    expect(options.depositAccounts.at(-1)).toEqual({ value: '999', label: 'Unknown account 999 (not in QuickBooks)', active: false });
    expect(options.classes.at(-1)).toEqual({ value: '555', label: 'Unknown class 555 (not in QuickBooks)', active: false });
  });
});

describe('SettingsBodySchema', () => {
  it('accepts the whole settings with live and startDate left out', () => {
    const { live: _live, startDate: _startDate, ...rest } = settingsWith();
    const parsed = SettingsBodySchema.parse(rest);
    expect(parsed.live).toBeUndefined();
    expect(parsed.startDate).toBeUndefined();
    expect(SettingsBodySchema.parse({ ...rest, startDate: null }).startDate).toBeNull();
  });

  it('refuses unknown top-level fields and malformed values', () => {
    for (const bad of [{ colour: 'red' }, { docNumberPrefix: 'BC 1' }, { roundingThresholdCents: 500 }, { postingStatusIds: [] }, { payments: { stripe: { depositAccountId: "1' OR" } } }, { startDate: '1 May' }]) {
      expect(SettingsBodySchema.safeParse(bad).success).toBe(false);
    }
  });

  it('refuses a start date that is not a real day (was stored as given)', () => {
    const { live: _live, startDate: _startDate, ...rest } = settingsWith();
    for (const startDate of ['2026-02-30', '2025-02-29', '2026-13-01', '0000-01-01']) {
      expect(SettingsBodySchema.safeParse({ ...rest, startDate }).success).toBe(false);
    }
    expect(SettingsBodySchema.parse({ ...rest, startDate: '2024-02-29' }).startDate).toBe('2024-02-29');
  });
});

it('lists the items the settings name, once each', () => {
  expect(
    referencedItemIds(
      settingsWith((s) => {
        s.accounts.shippingItemId = '40';
        s.accounts.handlingItemId = '40';
        s.items.fallbackItemId = '41';
      }),
    ),
  ).toEqual(['40', '41']);
  expect(referencedItemIds(settingsWith())).toEqual([]);
});
