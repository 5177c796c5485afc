/**
 * House items end to end: the real QuickBooksClient against the QuickBooks sandbox over loopback HTTP, the
 * records in the Firestore emulator. Assertions look at the items in QuickBooks (name, type, income account),
 * the Firestore document, and the QuickBooks requests each call took (sandbox request counters).
 */
import { randomBytes } from 'node:crypto';
import { HouseItemsRepository, type HouseItemEntry } from '@/lib/firestore/house-items-repository';
import { readCompanyProfile, type CompanyLists } from '@/lib/quickbooks-connection/company-profile';
import { QuickBooksClient, configureQuickBooksEndpoints, type QuickBooksCreateOptions, type QuickBooksCreatableEntity } from '@/lib/quickbooks/quickbooks-client';
import type { Item } from '@/lib/quickbooks/quickbooks-types';
import { NeedsAttentionError } from '@/lib/sync/job-errors';
import { defaultSyncSettings, type SyncSettings } from '@/lib/sync/sync-settings';
import type { CompanyState, Country } from '@/sandboxes/quickbooks/company-seed';
import { startQuickBooksSandbox, type QuickBooksSandbox } from '@/sandboxes/quickbooks/quickbooks-sandbox';
import { connectSandbox } from '@/sandboxes/quickbooks/sandbox-client';
import { getTestDb } from '@/test/firestore-test-helpers';
import { HOUSE_ITEM_NAMES, ensureHouseItems, type HouseItemKind, type HouseItemsDeps } from './house-items';

const qboApp = { clientId: 'house-qbo-client', clientSecret: 'house-qbo-secret-0123456789', redirectUri: 'http://127.0.0.1:3999/api/quickbooks/callback' };

let qbo: QuickBooksSandbox;
const houseItems = new HouseItemsRepository(getTestDb());

beforeAll(async () => {
  qbo = await startQuickBooksSandbox({ ...qboApp, redirectUris: [qboApp.redirectUri] });
  configureQuickBooksEndpoints({ apiBaseUrl: qbo.apiBaseUrl });
});

afterAll(async () => {
  await qbo?.stop();
});

/** A QuickBooksClient whose next Item create is preceded by `before` (another worker winning the race). */
class RacingClient extends QuickBooksClient {
  before: (() => Promise<void>) | undefined;

  override async create<T = Record<string, unknown>>(entity: QuickBooksCreatableEntity, payload: object, options?: QuickBooksCreateOptions): Promise<T> {
    const before = this.before;
    this.before = undefined;
    if (before) await before();
    return super.create<T>(entity, payload, options);
  }
}

interface World {
  deps: HouseItemsDeps & { qbo: RacingClient };
  company: CompanyState;
  lists: CompanyLists;
  storeHash: string;
  /** QuickBooks requests to this company since the last call (sandbox counters). */
  newRequests(): number;
  /** Method and path of the requests since the last call to newPaths / newRequests. */
  newPaths(): string[];
  item(id: string): Item;
  itemsNamed(name: string): Item[];
  /** Adds an account to the company (Account is read-only over the API), returns its id. */
  addAccount(name: string, type: string, subType: string): string;
  /** Re-reads the company lists (as the daily profile refresh would). */
  refreshLists(): Promise<CompanyLists>;
  record(kind: HouseItemKind): Promise<HouseItemEntry | undefined>;
}

async function world(country: Country = 'US', storeHash = `hi${randomBytes(5).toString('hex')}`): Promise<World> {
  const company = qbo.addCompany({ country });
  const tokens = await connectSandbox(qbo, { ...qboApp, realmId: company.realmId });
  const client = new RacingClient({ realmId: company.realmId, tokens: { getAccessToken: async () => tokens.accessToken } });
  const { lists } = await readCompanyProfile(client);
  const counters = () => qbo.state.realmCounters(company.realmId);
  let seenCount = counters().requests;
  let seenLog = qbo.state.requestLog.length;
  const w: World = {
    deps: { qbo: client, houseItems, storeHash },
    company,
    lists,
    storeHash,
    newRequests: () => {
      const count = counters().requests - seenCount;
      seenCount = counters().requests;
      seenLog = qbo.state.requestLog.length;
      return count;
    },
    newPaths: () => {
      const fresh = qbo.state.requestLog.slice(seenLog).filter((entry) => entry.realmId === company.realmId);
      seenLog = qbo.state.requestLog.length;
      seenCount = counters().requests;
      return fresh.map((entry) => `${entry.method} ${entry.path.replace(`/v3/company/${company.realmId}`, '')}`);
    },
    item: (id) => company.store.get('Item', id) as unknown as Item,
    itemsNamed: (name) => (company.store.list('Item') as unknown as Item[]).filter((item) => item.Name === name),
    addAccount: (name, type, subType) => {
      const id = company.store.nextId('Account');
      company.store.put('Account', {
        Id: id, SyncToken: '0', domain: 'QBO', sparse: false, Name: name, FullyQualifiedName: name, SubAccount: false, Active: true,
        Classification: 'Liability', AccountType: type, AccountSubType: subType, CurrentBalance: 0, CurrentBalanceWithSubAccounts: 0,
        CurrencyRef: { value: company.homeCurrency },
      });
      return id;
    },
    refreshLists: async () => {
      const fresh = (await readCompanyProfile(client)).lists;
      w.lists = fresh;
      w.newRequests();
      return fresh;
    },
    record: async (kind) => {
      const snapshot = await getTestDb().doc(`stores/${storeHash}/maps/house-items`).get();
      return (snapshot.data() as Record<string, HouseItemEntry> | undefined)?.[kind];
    },
  };
  return w;
}

function settingsWith(patch: (settings: SyncSettings) => void = () => undefined): SyncSettings {
  const settings = defaultSyncSettings();
  patch(settings);
  return settings;
}

const need = (...kinds: HouseItemKind[]) => new Set<HouseItemKind>(kinds);

describe('ensureHouseItems', () => {
  test('creates the needed items once (one lookup, one batch), then costs zero QuickBooks requests', async () => {
    const w = await world();
    const kinds = need('shipping', 'handling', 'giftWrapping', 'fee', 'discount', 'rounding', 'orderRefund');
    const ids = await ensureHouseItems(w.deps, { lists: w.lists, settings: settingsWith(), need: kinds });
    expect(w.newPaths()).toEqual(['GET /query', 'POST /batch']);
    expect(Object.keys(ids).sort()).toEqual([...kinds].sort());

    const accounts = w.company.accounts;
    const expectedAccount: Partial<Record<HouseItemKind, string>> = {
      shipping: accounts.shippingIncome,
      handling: accounts.shippingIncome,
      giftWrapping: accounts.sales,
      fee: accounts.sales,
      discount: accounts.discounts,
      rounding: accounts.sales,
      orderRefund: w.lists.accounts.find((a) => a.name === 'Refunds to customers')!.id,
    };
    for (const kind of kinds) {
      expect(w.item(ids[kind]!)).toMatchObject({ Name: HOUSE_ITEM_NAMES[kind], Type: 'Service', Active: true, IncomeAccountRef: { value: expectedAccount[kind] } });
      expect(await w.record(kind)).toMatchObject({ realmId: w.company.realmId, qboItemId: ids[kind], name: HOUSE_ITEM_NAMES[kind], incomeAccountId: expectedAccount[kind], source: 'created' });
    }

    // Later orders: the Firestore record answers, QuickBooks is not called.
    expect(await ensureHouseItems(w.deps, { lists: w.lists, settings: settingsWith(), need: kinds })).toEqual(ids);
    expect(await ensureHouseItems(w.deps, { lists: w.lists, settings: settingsWith(), need: need('handling') })).toEqual({ handling: ids.handling });
    expect(w.newRequests()).toBe(0);
  });

  test('only the kinds asked for: an order without handling never creates the handling item', async () => {
    const w = await world();
    const ids = await ensureHouseItems(w.deps, { lists: w.lists, settings: settingsWith(), need: need('shipping') });
    expect(w.newPaths()).toEqual(['GET /query', 'POST /item']);
    expect(Object.keys(ids)).toEqual(['shipping']);
    expect(w.itemsNamed(HOUSE_ITEM_NAMES.handling)).toHaveLength(0);
    expect(await w.record('handling')).toBeUndefined();
    expect(await ensureHouseItems(w.deps, { lists: w.lists, settings: settingsWith(), need: need() })).toEqual({});
    expect(w.newRequests()).toBe(0);
  });

  test('settings overrides win without any QuickBooks call or record (handling falls back to the shipping override)', async () => {
    const w = await world();
    const settings = settingsWith((s) => {
      s.accounts.shippingItemId = '2';
      s.accounts.giftWrappingItemId = '1';
      s.accounts.roundingItemId = '1';
    });
    const ids = await ensureHouseItems(w.deps, { lists: w.lists, settings, need: need('shipping', 'handling', 'giftWrapping', 'rounding') });
    expect(ids).toEqual({ shipping: '2', handling: '2', giftWrapping: '1', rounding: '1' });
    settings.accounts.handlingItemId = '1';
    expect((await ensureHouseItems(w.deps, { lists: w.lists, settings, need: need('handling') })).handling).toBe('1');
    expect(w.newRequests()).toBe(0);
    expect((await getTestDb().doc(`stores/${w.storeHash}/maps/house-items`).get()).exists).toBe(false);
  });

  test('an item of ours already in QuickBooks is adopted (found by name), an inactive one reactivated', async () => {
    const w = await world();
    const shipping = await w.deps.qbo.create<Item>('Item', { Name: 'shipping (bigcommerce)', Type: 'Service', IncomeAccountRef: { value: w.company.accounts.services } });
    const fee = await w.deps.qbo.create<Item>('Item', { Name: HOUSE_ITEM_NAMES.fee, Type: 'Service', IncomeAccountRef: { value: w.company.accounts.sales } });
    await w.deps.qbo.update('Item', { Id: fee.Id, SyncToken: fee.SyncToken, Active: false });
    const before = (w.company.store.list('Item') as unknown[]).length;
    w.newRequests();

    const ids = await ensureHouseItems(w.deps, { lists: w.lists, settings: settingsWith(), need: need('shipping', 'fee') });
    expect(w.newPaths()).toEqual(['GET /query', 'POST /item']); // the lookup, then the reactivation
    expect(ids).toEqual({ shipping: shipping.Id, fee: fee.Id });
    expect((w.company.store.list('Item') as unknown[]).length).toBe(before);
    expect(w.item(fee.Id)).toMatchObject({ Active: true });
    // Adopted as it is: the merchant's income account is kept.
    expect(w.item(shipping.Id).IncomeAccountRef?.value).toBe(w.company.accounts.services);
    expect(await w.record('shipping')).toMatchObject({ qboItemId: shipping.Id, source: 'adopted', incomeAccountId: w.company.accounts.services });
  });

  test('a duplicate name (6240) on create: the item is looked up by name and adopted', async () => {
    const w = await world();
    let competitor: Item | undefined;
    w.deps.qbo.before = async () => {
      // Another worker creates the same item between our lookup and our create.
      competitor = await w.deps.qbo.create<Item>('Item', { Name: HOUSE_ITEM_NAMES.handling, Type: 'Service', IncomeAccountRef: { value: w.company.accounts.shippingIncome } });
    };
    const ids = await ensureHouseItems(w.deps, { lists: w.lists, settings: settingsWith(), need: need('handling') });
    expect(w.newPaths()).toEqual(['GET /query', 'POST /item', 'POST /item', 'GET /query']);
    expect(qbo.state.requestLog.filter((e) => e.realmId === w.company.realmId && e.path.endsWith('/item')).map((e) => e.status)).toEqual([200, 400]);
    expect(ids.handling).toBe(competitor!.Id);
    expect(w.itemsNamed(HOUSE_ITEM_NAMES.handling)).toHaveLength(1);
    expect(await w.record('handling')).toMatchObject({ qboItemId: competitor!.Id, source: 'adopted' });
    expect(await ensureHouseItems(w.deps, { lists: w.lists, settings: settingsWith(), need: need('handling') })).toEqual(ids);
    expect(w.newRequests()).toBe(0);
  });

  test('several kinds in one batch: a 6240 for one of them is adopted, the others created', async () => {
    const w = await world();
    let competitor: Item | undefined;
    const batch = w.deps.qbo.batch.bind(w.deps.qbo);
    w.deps.qbo.batch = async (items, options) => {
      competitor ??= await w.deps.qbo.create<Item>('Item', { Name: HOUSE_ITEM_NAMES.discount, Type: 'Service', IncomeAccountRef: { value: w.company.accounts.discounts } });
      return batch(items, options);
    };
    const ids = await ensureHouseItems(w.deps, { lists: w.lists, settings: settingsWith(), need: need('discount', 'rounding') });
    expect(ids.discount).toBe(competitor!.Id);
    expect(w.item(ids.rounding!)).toMatchObject({ Name: HOUSE_ITEM_NAMES.rounding });
    expect(await w.record('discount')).toMatchObject({ source: 'adopted' });
    expect(await w.record('rounding')).toMatchObject({ source: 'created' });
  });

  test('income accounts: shipping without a shipping income account → the items income account, else the first Income account', async () => {
    const w = await world();
    const noShippingIncome = { accounts: w.lists.accounts.filter((a) => a.name !== 'Shipping Income') };
    const configured = settingsWith((s) => (s.items.incomeAccountId = w.company.accounts.services));
    const ids = await ensureHouseItems(w.deps, { lists: noShippingIncome, settings: configured, need: need('shipping') });
    expect(w.item(ids.shipping!).IncomeAccountRef?.value).toBe(w.company.accounts.services);

    const other = await world('US');
    const handling = await ensureHouseItems(other.deps, { lists: { accounts: other.lists.accounts.filter((a) => a.name !== 'Shipping Income') }, settings: settingsWith(), need: need('handling') });
    expect(other.item(handling.handling!).IncomeAccountRef?.value).toBe(other.company.accounts.sales);
  });

  test('discount and rounding accounts: the configured discount account; an account named "Rounding" when there is one', async () => {
    const w = await world();
    const rounding = w.addAccount('Rounding', 'Expense', 'OtherMiscellaneousServiceCost');
    const lists = await w.refreshLists();
    const settings = settingsWith((s) => (s.accounts.discountAccountId = w.company.accounts.services));
    const ids = await ensureHouseItems(w.deps, { lists, settings, need: need('discount', 'rounding') });
    expect(w.item(ids.discount!).IncomeAccountRef?.value).toBe(w.company.accounts.services);
    expect(w.item(ids.rounding!).IncomeAccountRef?.value).toBe(rounding);
  });

  test('gift certificate without a liability account → needs attention with a plain reason, nothing created', async () => {
    const w = await world();
    const outcome = ensureHouseItems(w.deps, { lists: w.lists, settings: settingsWith(), need: need('shipping', 'giftCertificate') });
    await expect(outcome).rejects.toBeInstanceOf(NeedsAttentionError);
    await expect(outcome).rejects.toMatchObject({
      reason: 'This order used a gift certificate; choose the liability account for gift certificates in Settings › Accounts.',
    });
    expect(w.newPaths()).toEqual(['GET /query']);
    expect(w.itemsNamed(HOUSE_ITEM_NAMES.shipping)).toHaveLength(0);
    expect(w.itemsNamed(HOUSE_ITEM_NAMES.giftCertificate)).toHaveLength(0);

    await expect(ensureHouseItems(w.deps, { lists: w.lists, settings: settingsWith(), need: need('storeCredit') })).rejects.toThrow(
      'This order used store credit; choose the liability account for store credit in Settings › Accounts.',
    );
  });

  test('liability items: a liability account found by name, or the one chosen in settings; a changed setting re-points the item once', async () => {
    const w = await world('GB');
    const giftCards = w.addAccount('Gift card liability', 'Other Current Liability', 'OtherCurrentLiabilities');
    const storeCredit = w.addAccount('Customer store credit', 'Other Current Liability', 'OtherCurrentLiabilities');
    const vouchers = w.addAccount('Vouchers outstanding', 'Other Current Liability', 'OtherCurrentLiabilities');
    const lists = await w.refreshLists();

    const ids = await ensureHouseItems(w.deps, { lists, settings: settingsWith(), need: need('giftCertificate', 'storeCredit') });
    expect(w.item(ids.giftCertificate!).IncomeAccountRef?.value).toBe(giftCards);
    expect(w.item(ids.storeCredit!).IncomeAccountRef?.value).toBe(storeCredit);
    w.newRequests();

    // The merchant chooses another liability for gift certificates: the item follows, once.
    const chosen = settingsWith((s) => (s.accounts.giftCertificateAccountId = vouchers));
    expect(await ensureHouseItems(w.deps, { lists, settings: chosen, need: need('giftCertificate') })).toEqual({ giftCertificate: ids.giftCertificate });
    expect(w.newPaths()).toEqual([`GET /item/${ids.giftCertificate}`, 'POST /item']);
    expect(w.item(ids.giftCertificate!).IncomeAccountRef?.value).toBe(vouchers);
    expect(await w.record('giftCertificate')).toMatchObject({ incomeAccountId: vouchers });
    await ensureHouseItems(w.deps, { lists, settings: chosen, need: need('giftCertificate', 'storeCredit') });
    expect(w.newRequests()).toBe(0);

    // An inactive chosen account is named in the reason.
    const inactive = { accounts: lists.accounts.map((a) => (a.id === vouchers ? { ...a, active: false } : a)) };
    await expect(ensureHouseItems(w.deps, { lists: inactive, settings: chosen, need: need('giftCertificate') })).rejects.toThrow(
      'The gift certificate liability account ("Vouchers outstanding") is inactive in QuickBooks.',
    );
  });

  test('records belong to their QuickBooks company: after connecting another one, its own items are created', async () => {
    const first = await world();
    const ids = await ensureHouseItems(first.deps, { lists: first.lists, settings: settingsWith(), need: need('fee') });
    const second = await world('US', first.storeHash);
    const again = await ensureHouseItems(second.deps, { lists: second.lists, settings: settingsWith(), need: need('fee') });
    expect(second.newPaths()).toEqual(['GET /query', 'POST /item']);
    expect(second.item(again.fee!)).toMatchObject({ Name: HOUSE_ITEM_NAMES.fee });
    expect(await second.record('fee')).toMatchObject({ realmId: second.company.realmId, qboItemId: again.fee });
    expect(first.item(ids.fee!)).toMatchObject({ Name: HOUSE_ITEM_NAMES.fee });
  });
});
