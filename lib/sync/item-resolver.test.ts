/**
 * Item resolution end to end: order lines read from the BigCommerce sandbox, items matched or created in the
 * QuickBooks sandbox (real QuickBooksClient over loopback HTTP), maps in the Firestore emulator. Assertions look
 * at the items in QuickBooks, the map documents, and the QuickBooks requests it took.
 */
import { createHash, randomBytes } from 'node:crypto';
import { BigCommerceClient } from '@/lib/bigcommerce/bigcommerce-client';
import { readOrderSnapshot } from '@/lib/bigcommerce/order-reader';
import { SyncMapsRepository, itemMapKey, type ItemMapEntry } from '@/lib/firestore/sync-maps-repository';
import { readCompanyProfile, type CompanyLists } from '@/lib/quickbooks-connection/company-profile';
import { QuickBooksClient, configureQuickBooksEndpoints } from '@/lib/quickbooks/quickbooks-client';
import type { Item } from '@/lib/quickbooks/quickbooks-types';
import { NeedsAttentionError } from '@/lib/sync/job-errors';
import { defaultSyncSettings, type SyncSettings } from '@/lib/sync/sync-settings';
import { startBigCommerceSandbox, type BigCommerceSandbox } from '@/sandboxes/bigcommerce/bigcommerce-sandbox';
import { FULL_SCOPE } from '@/sandboxes/bigcommerce/sandbox-test-kit';
import type { CompanyState } from '@/sandboxes/quickbooks/company-seed';
import { startQuickBooksSandbox, type QuickBooksSandbox } from '@/sandboxes/quickbooks/quickbooks-sandbox';
import { connectSandbox } from '@/sandboxes/quickbooks/sandbox-client';
import { getTestDb, listAllDocumentPaths } from '@/test/firestore-test-helpers';
import { itemKeyFor, resolveItems, type ItemLine, type ItemResolverDeps } from './item-resolver';

const qboApp = { clientId: 'items-qbo-client', clientSecret: 'items-qbo-secret-0123456789', redirectUri: 'http://127.0.0.1:3999/api/quickbooks/callback' };
const bcApp = {
  name: 'Item resolver test',
  clientId: 'items-bc-client',
  clientSecret: 'items-bc-secret',
  authCallbackUrl: 'http://127.0.0.1:9/auth',
  loadCallbackUrl: 'http://127.0.0.1:9/load',
  uninstallCallbackUrl: 'http://127.0.0.1:9/uninstall',
  removeUserCallbackUrl: 'http://127.0.0.1:9/remove-user',
};

let qbo: QuickBooksSandbox;
let bc: BigCommerceSandbox;
let bcClient: BigCommerceClient;
const maps = new SyncMapsRepository(getTestDb());

beforeAll(async () => {
  qbo = await startQuickBooksSandbox({ ...qboApp, redirectUris: [qboApp.redirectUri] });
  configureQuickBooksEndpoints({ apiBaseUrl: qbo.apiBaseUrl });
  bc = await startBigCommerceSandbox({ app: bcApp, rateLimit: { quota: 100_000, windowMs: 30_000 } });
  bcClient = new BigCommerceClient({ apiUrl: bc.apiUrl, storeHash: bc.storeHash, accessToken: bc.admin.createApiAccount(bc.storeHash, { scope: FULL_SCOPE }).accessToken });
});

afterAll(async () => {
  await qbo?.stop();
  await bc?.stop();
});

interface World {
  deps: ItemResolverDeps;
  company: CompanyState;
  lists: CompanyLists;
  storeHash: string;
  /** Paths (after /v3/company/{realm}) of the QuickBooks requests made since the last call. */
  newRequests(): string[];
  item(id: string): Item;
  items(): Item[];
  mapDoc(line: Pick<ItemLine, 'sku' | 'name'>): Promise<ItemMapEntry | undefined>;
}

async function world(): Promise<World> {
  const company = qbo.addCompany({ country: 'US' });
  const tokens = await connectSandbox(qbo, { ...qboApp, realmId: company.realmId });
  const client = new QuickBooksClient({ realmId: company.realmId, tokens: { getAccessToken: async () => tokens.accessToken } });
  const { lists } = await readCompanyProfile(client);
  const storeHash = `ir${randomBytes(5).toString('hex')}`;
  let seen = qbo.state.requestLog.length;
  return {
    deps: { qbo: client, maps, storeHash },
    company,
    lists,
    storeHash,
    newRequests: () => {
      const fresh = qbo.state.requestLog.slice(seen).filter((entry) => entry.realmId === company.realmId);
      seen = qbo.state.requestLog.length;
      return fresh.map((entry) => `${entry.method} ${entry.path.replace(`/v3/company/${company.realmId}`, '')}`);
    },
    item: (id) => company.store.get('Item', id) as unknown as Item,
    items: () => company.store.list('Item') as unknown as Item[],
    mapDoc: async (line) => {
      const id = createHash('sha256').update(itemMapKey(line)).digest('hex');
      const snapshot = await getTestDb().doc(`stores/${storeHash}/maps/items/entries/${id}`).get();
      return snapshot.exists ? (snapshot.data() as ItemMapEntry) : undefined;
    },
  };
}

/** The lines of an order placed in the BigCommerce sandbox, as the order sync hands them over. */
async function orderLines(lines: unknown[]): Promise<ItemLine[]> {
  const order = bc.admin.createOrder(bc.storeHash, { customer_id: 1, lines, shipping: { cost: '5.00' }, skip_inventory: true });
  const snapshot = await readOrderSnapshot(bcClient, order.id, { refunds: false, taxes: false, transactions: false });
  return snapshot!.products.map((p) => ({ sku: p.sku, name: p.name, productId: p.product_id, variantId: p.variant_id ?? null, type: p.type }));
}

function withItems(overrides: Partial<SyncSettings['items']>): Pick<SyncSettings, 'items'> {
  return { items: { ...defaultSyncSettings().items, ...overrides } };
}
const AUTO = withItems({ autoCreate: true });

describe('resolveItems', () => {
  test('orders sharing a new SKU resolved at once (concurrent jobs of one company) create it once', async () => {
    const w = await world();
    const sku = `NEW-${randomBytes(3).toString('hex')}`;
    const [a, b] = await Promise.all([
      orderLines([{ name: 'Gift wrap kit', sku, price: '4.00', quantity: 1 }, { product_id: 111, quantity: 1 }]),
      orderLines([{ name: 'Gift wrap kit', sku, price: '4.00', quantity: 2 }]),
    ]);
    const results = await Promise.all([a, b].map((lines) => resolveItems(w.deps, { lines, settings: AUTO, lists: w.lists })));
    expect(results[0]![sku]).toBe(results[1]![sku]);
    expect(w.items().filter((item) => item.Sku === sku || item.Name.startsWith('Gift wrap kit'))).toHaveLength(1);
  });

  test('unknown SKUs: one lookup, one batch of creates (NonInventory / Service, SKU, sales income account); then no QuickBooks calls', async () => {
    const w = await world();
    const lines = await orderLines([
      { product_id: 111, quantity: 1 },
      { product_id: 112, variant_id: 504, quantity: 1 },
      { name: 'Engraving', sku: 'ENGRAVE', price: '7.25', quantity: 1 },
      { product_id: 115, quantity: 1 },
    ]);
    w.newRequests();

    const result = await resolveItems(w.deps, { lines, settings: AUTO, lists: w.lists });
    // One /batch holding both lookups (Sku IN …, Name IN …), then one /batch of four creates.
    expect(w.newRequests()).toEqual(['POST /batch', 'POST /batch']);
    expect(Object.keys(result).sort()).toEqual(lines.map((l) => l.sku).sort());
    for (const line of lines) {
      const item = w.item(result[itemKeyFor(line)]!);
      expect(item).toMatchObject({
        Name: line.name,
        Sku: line.sku,
        Type: line.type === 'digital' ? 'Service' : 'NonInventory',
        IncomeAccountRef: { value: w.company.accounts.sales },
        Active: true,
      });
      expect(await w.mapDoc(line)).toMatchObject({ itemKey: itemMapKey(line), sku: line.sku, productName: line.name, qboItemId: item.Id, name: item.Name, source: 'created' });
    }
    expect(await listAllDocumentPaths(`stores/${w.storeHash}`)).toHaveLength(4);

    const again = await resolveItems(w.deps, { lines: [...lines].reverse(), settings: AUTO, lists: w.lists });
    expect(again).toEqual(result);
    expect(w.newRequests()).toEqual([]);
  });

  test('matching: by Sku, else by Name (only items without another SKU); Sku and Name looked up in ONE request', async () => {
    const w = await world();
    const terrarium = await w.deps.qbo.create<Item>('Item', { Name: 'Terrarium (large)', Sku: 'otl', Type: 'NonInventory', IncomeAccountRef: { value: w.company.accounts.sales } });
    const brewer = await w.deps.qbo.create<Item>('Item', { Name: 'Able Brewing System', Type: 'Inventory', TrackQtyOnHand: true, QtyOnHand: 3, InvStartDate: '2026-01-01', IncomeAccountRef: { value: w.company.accounts.sales }, AssetAccountRef: { value: w.company.accounts.inventoryAsset }, ExpenseAccountRef: { value: w.company.accounts.cogs } });
    await w.deps.qbo.create<Item>('Item', { Name: 'Chemex Coffeemaker 3 Cup', Sku: 'SOMETHING-ELSE', Type: 'NonInventory', IncomeAccountRef: { value: w.company.accounts.sales } });
    const lines = await orderLines([{ product_id: 111, quantity: 1 }, { product_id: 113, quantity: 1 }, { product_id: 114, quantity: 1 }]);
    expect(lines.map((l) => l.sku)).toEqual(['OTL', 'ABS', 'CC3C']);
    w.newRequests();

    const result = await resolveItems(w.deps, { lines, settings: AUTO, lists: w.lists });
    expect(w.newRequests()).toEqual(['POST /batch', 'POST /item']);
    expect(result['OTL']).toBe(terrarium.Id);
    expect(result['ABS']).toBe(brewer.Id);
    const chemex = w.item(result['CC3C']!);
    expect(chemex).toMatchObject({ Name: 'Chemex Coffeemaker 3 Cup (CC3C)', Sku: 'CC3C' });
    expect(await w.mapDoc(lines[0]!)).toMatchObject({ qboItemId: terrarium.Id, name: 'Terrarium (large)', source: 'matched' });
    expect(await w.mapDoc(lines[1]!)).toMatchObject({ qboItemId: brewer.Id, source: 'matched' });
    expect(await w.mapDoc(lines[2]!)).toMatchObject({ qboItemId: chemex.Id, source: 'created' });
  });

  test('lines without a SKU match and are mapped by product name', async () => {
    const w = await world();
    const giftWrap = await w.deps.qbo.create<Item>('Item', { Name: 'Gift Service', Type: 'Service', IncomeAccountRef: { value: w.company.accounts.services } });
    const lines = await orderLines([
      { name: 'Gift Service', sku: '', price: '4.00', quantity: 1 },
      { name: 'Hand lettering', price: '9.00', quantity: 1 },
    ]);
    w.newRequests();
    const result = await resolveItems(w.deps, { lines, settings: AUTO, lists: w.lists });
    // Only names to look up: a plain query, then the create.
    expect(w.newRequests()).toEqual(['GET /query', 'POST /item']);
    expect(result['name:Gift Service']).toBe(giftWrap.Id);
    const lettering = w.item(result['name:Hand lettering']!);
    expect(lettering.Name).toBe('Hand lettering');
    expect(lettering.Sku).toBeUndefined();
    expect(await w.mapDoc({ sku: '', name: 'hand  LETTERING ' })).toMatchObject({ itemKey: 'name:hand lettering', sku: null, source: 'created' });
  });

  test('variants sharing a product name get unique item names; SKU case and spacing do not split a map entry', async () => {
    const w = await world();
    const lines = await orderLines([{ product_id: 112, variant_id: 502, quantity: 1 }, { product_id: 112, variant_id: 504, quantity: 1 }]);
    expect(lines[0]!.name).toBe(lines[1]!.name);
    const result = await resolveItems(w.deps, { lines, settings: AUTO, lists: w.lists });
    const names = lines.map((l) => w.item(result[l.sku]!).Name);
    expect(names).toEqual([lines[0]!.name, `${lines[1]!.name} (${lines[1]!.sku})`]);

    w.newRequests();
    const variant = { ...lines[0]!, sku: ` ${lines[0]!.sku.toLowerCase()} ` };
    const again = await resolveItems(w.deps, { lines: [variant], settings: AUTO, lists: w.lists });
    expect(again[itemKeyFor(variant)]).toBe(result[lines[0]!.sku]);
    expect(w.newRequests()).toEqual([]);
  });

  test('a name held by an inactive item (invisible to the lookup) collides once (6240), then gets the SKU appended', async () => {
    const w = await world();
    const old = await w.deps.qbo.create<Item>('Item', { Name: 'Chemex Coffeemaker 3 Cup', Type: 'NonInventory', IncomeAccountRef: { value: w.company.accounts.sales } });
    await w.deps.qbo.update('Item', { Id: old.Id, SyncToken: old.SyncToken, Active: false });
    const lines = await orderLines([{ product_id: 114, quantity: 1 }]);
    w.newRequests();
    const result = await resolveItems(w.deps, { lines, settings: AUTO, lists: w.lists });
    expect(w.newRequests()).toEqual(['POST /batch', 'POST /item', 'POST /item']);
    expect(w.item(result['CC3C']!)).toMatchObject({ Name: 'Chemex Coffeemaker 3 Cup (CC3C)', Active: true });
  });

  test('names are cleaned and cut for QuickBooks (no colon, ≤ 100 characters)', async () => {
    const w = await world();
    const long = `Mug: ${'Grande '.repeat(30)}`;
    const result = await resolveItems(w.deps, { lines: [{ sku: 'MUG-L', name: long, productId: 7 }], settings: AUTO, lists: w.lists });
    const item = w.item(result['MUG-L']!);
    expect(item.Name.length).toBeLessThanOrEqual(100);
    expect(item.Name.startsWith('Mug - Grande Grande')).toBe(true);
    expect(item.Name).not.toContain(':');
  });

  test('35 new SKUs: creates go in batches of 30', async () => {
    const w = await world();
    const lines = Array.from({ length: 35 }, (_, i) => ({ sku: `BULK-${i}`, name: `Bulk item ${i}`, productId: 1000 + i }));
    w.newRequests();
    const result = await resolveItems(w.deps, { lines, settings: AUTO, lists: w.lists });
    expect(w.newRequests()).toEqual(['POST /batch', 'POST /batch', 'POST /batch']);
    expect(new Set(Object.values(result)).size).toBe(35);
    expect(w.items().filter((item) => item.Sku?.startsWith('BULK-'))).toHaveLength(35);
  });

  test('income account: the configured one; an inactive one needs attention', async () => {
    const w = await world();
    const configured = withItems({ autoCreate: true, incomeAccountId: w.company.accounts.services });
    const result = await resolveItems(w.deps, { lines: [{ sku: 'SVC-1', name: 'Setup', productId: 1 }], settings: configured, lists: w.lists });
    expect(w.item(result['SVC-1']!).IncomeAccountRef?.value).toBe(w.company.accounts.services);

    const inactive = { accounts: w.lists.accounts.map((a) => (a.id === w.company.accounts.services ? { ...a, active: false } : a)) };
    await expect(resolveItems(w.deps, { lines: [{ sku: 'SVC-2', name: 'Setup 2', productId: 2 }], settings: configured, lists: inactive })).rejects.toThrow(
      /income account for new items \("Services"\) is inactive/,
    );
    await expect(resolveItems(w.deps, { lines: [{ sku: 'SVC-3', name: 'Setup 3', productId: 3 }], settings: AUTO, lists: { accounts: [] } })).rejects.toBeInstanceOf(
      NeedsAttentionError,
    );
  });

  test('creation off: the fallback item (not remembered), else needs attention naming the SKUs; matches are still remembered', async () => {
    const w = await world();
    const terrarium = await w.deps.qbo.create<Item>('Item', { Name: 'Terrarium', Sku: 'OTL', Type: 'NonInventory', IncomeAccountRef: { value: w.company.accounts.sales } });
    const lines = await orderLines([{ product_id: 111, quantity: 1 }, { product_id: 113, quantity: 1 }, { product_id: 114, quantity: 1 }]);
    const itemsBefore = w.items().length;

    const fallback = await resolveItems(w.deps, { lines, settings: withItems({ autoCreate: false, fallbackItemId: '1' }), lists: w.lists });
    expect(fallback).toEqual({ OTL: terrarium.Id, ABS: '1', CC3C: '1' });
    expect(w.items()).toHaveLength(itemsBefore);
    expect(await w.mapDoc(lines[1]!)).toBeUndefined();
    expect(await w.mapDoc(lines[0]!)).toMatchObject({ qboItemId: terrarium.Id, source: 'matched' });

    const outcome = resolveItems(w.deps, { lines, settings: withItems({ autoCreate: false }), lists: w.lists });
    await expect(outcome).rejects.toBeInstanceOf(NeedsAttentionError);
    await expect(outcome).rejects.toThrow('SKU ABS, SKU CC3C are not mapped to a QuickBooks item');
    expect(w.items()).toHaveLength(itemsBefore);
  });

  test("the merchant's own mapping wins and costs no QuickBooks call", async () => {
    const w = await world();
    await maps.setItem(w.storeHash, { itemKey: itemMapKey({ sku: 'OTL', name: 'x' }), sku: 'OTL', productName: 'Orbit Terrarium - Large', qboItemId: '1', name: 'Services', source: 'mapped' });
    w.newRequests();
    expect(await resolveItems(w.deps, { lines: [{ sku: 'otl', name: 'Orbit Terrarium - Large', productId: 111 }], settings: AUTO, lists: w.lists })).toEqual({ otl: '1' });
    expect(w.newRequests()).toEqual([]);
  });
});
