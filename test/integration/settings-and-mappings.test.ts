/**
 * Settings and mappings end to end: the app's real settings and items routes over loopback HTTP, the
 * BigCommerce sandbox (catalog, order statuses, orders), the QuickBooks sandbox company (lists, items) and
 * the Firestore emulator. Asserts what ends up in Firestore and in QuickBooks, not just status codes; every
 * count is scoped to this file's own store.
 */
import { getAppDeps } from '@/lib/app-deps';
import { itemDocumentId } from '@/lib/firestore/sync-maps-repository';
import type { QuickBooksOptions } from '@/lib/settings/settings-view';
import { createJobHandler } from '@/lib/sync/job-handler';
import { JobQueue } from '@/lib/sync/job-queue';
import type { CompanyState } from '@/sandboxes/quickbooks/company-seed';
import type { JsonObject } from '@/sandboxes/quickbooks/json';
import { getTestDb } from '@/test/firestore-test-helpers';
import { startAppHarness, type AppHarness, type HttpResult } from '@/test/app-harness';
import { drainQueue } from '@/test/queue-test-helpers';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let harness: AppHarness;
let storeHash: string;
let ownerId: number;
let token: string;
let company: CompanyState;
/** Ids of records added to the QuickBooks company before connecting. */
const added = { oldIncome: '', ableItem: '', retiredItem: '' };

function addEntity(type: string, fields: JsonObject): string {
  const id = company.store.nextId(type);
  company.store.put(type, { ...fields, Id: id, SyncToken: '0', domain: 'QBO', sparse: false });
  return id;
}

beforeAll(async () => {
  harness = await startAppHarness({ quickbooks: { companies: [{ country: 'US', name: 'Settings Test Co' }] } });
  company = harness.qbo.state.company();
  added.oldIncome = addEntity('Account', {
    Name: 'Old Sales', FullyQualifiedName: 'Old Sales', Active: false, Classification: 'Revenue', AccountType: 'Income', AccountSubType: 'SalesOfProductIncome', SubAccount: false,
  });
  added.ableItem = addEntity('Item', {
    Name: 'Able Brewer (QuickBooks)', FullyQualifiedName: 'Able Brewer (QuickBooks)', Sku: 'ABS', Active: true, Type: 'NonInventory', IncomeAccountRef: { value: company.accounts.sales },
  });
  added.retiredItem = addEntity('Item', {
    Name: 'Retired gadget', FullyQualifiedName: 'Retired gadget', Active: false, Type: 'NonInventory', IncomeAccountRef: { value: company.accounts.sales },
  });
  const opened = await harness.openNewStore();
  storeHash = opened.store.hash;
  ownerId = opened.store.ownerId;
  token = opened.token;
  const { callback } = await harness.connectQuickBooks(token);
  expect(callback.status).toBe(200);
});

afterAll(async () => {
  await harness?.stop();
});

const json = (method: string, body: unknown): RequestInit => ({ method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
const api = (path: string, init?: RequestInit) => harness.api(path, token, init);
const settingsDoc = () => getTestDb().doc(`stores/${storeHash}/settings/current`);
const itemMapDoc = (key: string) => getTestDb().doc(`stores/${storeHash}/maps/items/entries/${itemDocumentId(key)}`);
const qboItems = () => harness.qbo.state.entities('Item') as Doc[];
const realmRequests = () => harness.qbo.state.counters.byRealm.get(harness.qbo.realmId)?.requests ?? 0;
const fieldsOf = (result: HttpResult) => (result.body.error?.fields ?? []) as Array<{ path: string; message: string }>;

/** The settings as the page would send them: everything GET returned, minus what onboarding owns. */
async function formSettings(): Promise<Doc> {
  const view = await api('/api/app/settings');
  expect(view.status).toBe(200);
  const { live: _live, startDate: _startDate, ...rest } = view.body.settings as Doc;
  return rest;
}

describe('authentication', () => {
  it('answers 401 without a session on every route and method', async () => {
    for (const [path, init] of [
      ['/api/app/settings', undefined],
      ['/api/app/settings', json('PUT', {})],
      ['/api/app/items', undefined],
      ['/api/app/items', json('POST', { action: 'auto-match' })],
      ['/api/app/quickbooks/items', undefined],
    ] as Array<[string, RequestInit | undefined]>) {
      const result = await harness.api(path, undefined, init);
      expect({ path, status: result.status }).toEqual({ path, status: 401 });
      const forged = await harness.api(path, 'not.a.token', init);
      expect({ path, status: forged.status }).toEqual({ path, status: 401 });
    }
  });
});

describe('GET /api/app/settings', () => {
  it('shows the defaults, the company facts and the QuickBooks and BigCommerce choices', async () => {
    const result = await api('/api/app/settings');
    expect(result.status).toBe(200);
    const view = result.body;
    expect(view.settings).toEqual(view.defaults);
    expect(view.settings).toMatchObject({ live: false, startDate: null, docNumberPrefix: 'BC-', defaultDocument: 'sales_receipt', roundingThresholdCents: 2 });
    expect(view.quickbooks).toMatchObject({ status: 'connected', companyName: 'Settings Test Co', facts: { taxModel: 'us-automated', country: 'US', classTracking: 'per-transaction' } });

    const options = view.quickbooks.options as QuickBooksOptions;
    expect(options.incomeAccounts).toContainEqual(expect.objectContaining({ value: company.accounts.sales, label: 'Sales of Product Income', active: true }));
    // Inactive accounts are listed last and marked, never hidden.
    expect(options.incomeAccounts.at(-1)).toEqual(expect.objectContaining({ value: added.oldIncome, label: 'Old Sales (inactive)', active: false }));
    expect(options.depositAccounts.map((o) => o.value)).toEqual(expect.arrayContaining([company.accounts.undeposited, company.accounts.checking]));
    expect(options.depositAccounts.map((o) => o.value)).not.toContain(company.accounts.sales);
    expect(options.paymentMethods.map((o) => o.label)).toEqual(expect.arrayContaining(['Visa', 'Cash']));
    expect(options.classes.map((o) => o.label)).toEqual(['Online Store', 'Retail', 'Wholesale']);

    const bigcommerce = view.bigcommerce;
    expect(bigcommerce.orderStatuses).toHaveLength(15);
    expect(bigcommerce.orderStatuses).toContainEqual({ value: 11, label: 'Awaiting Fulfillment' });
    expect(bigcommerce.channels).toContainEqual({ value: 1, label: 'Default storefront (channel 1)' });
    expect(bigcommerce.paymentMethods).toContainEqual({ value: 'stripe', label: 'Stripe', kind: 'gateway' });
    expect(view.limits).toMatchObject({ docNumberMax: 21, docNumberPrefixMax: 10 });
  });
});

describe('customer groups and tax rates from BigCommerce', () => {
  const labels = (choices: Array<{ label: string }>) => choices.map((choice) => choice.label);

  it('lists the store’s customer groups by name (a US Automated Sales Tax company maps no tax rates)', async () => {
    const { bigcommerce } = (await api('/api/app/settings')).body;
    expect(bigcommerce.customerGroups).toEqual([
      { value: 1, label: 'Retail' },
      { value: 3, label: 'VIP' },
      { value: 2, label: 'Wholesale' },
    ]);
    expect(bigcommerce.taxRates).toEqual([]);
    expect(bigcommerce.unavailable).toEqual([]);
  });

  it('keeps the fallback, saying why, when BigCommerce does not answer for the groups', async () => {
    // The store's token loses the Customers scope: BigCommerce answers 403 to GET /v2/customer_groups.
    const tokens = harness.accessTokensOf(storeHash).map((value) => harness.sandbox.state.tokens.get(value)!);
    const scopes = tokens.map((record) => record.scope);
    for (const record of tokens) record.scope = record.scope.split(' ').filter((scope) => !scope.startsWith('store_v2_customers')).join(' ');
    try {
      const view = await api('/api/app/settings');
      expect(view.status).toBe(200);
      expect(view.body.bigcommerce.customerGroups).toEqual([]);
      expect(view.body.bigcommerce.unavailable).toEqual([{ source: 'customerGroups', message: 'BigCommerce did not let the app read the store’s customer groups.' }]);
      expect(view.body.bigcommerce.orderStatuses).toHaveLength(15);
    } finally {
      tokens.forEach((record, index) => {
        record.scope = scopes[index]!;
      });
    }
  });

  it('for a tax-code company lists BigCommerce’s tax rates by name, and a save made from them drives the sync', async () => {
    const uk = harness.qbo.addCompany({ country: 'GB', name: 'Settings Test Ltd' });
    const shop = await harness.openNewStore({ currency: 'GBP' });
    expect((await harness.connectQuickBooks(shop.token, { realmId: uk.realmId })).callback.status).toBe(200);
    const view = (await harness.api('/api/app/settings', shop.token)).body;
    expect(view.quickbooks.facts.taxModel).toBe('tax-codes');
    expect(view.bigcommerce.taxRates).toEqual([
      { value: '1', label: 'Tax (0%)', enabled: true },
      { value: '2', label: 'Reduced Rate', enabled: false },
    ]);
    expect(labels(view.bigcommerce.customerGroups)).toEqual(['Retail', 'VIP', 'Wholesale']);
    expect(view.bigcommerce.unavailable).toEqual([]);

    // What the page sends once the merchant picked from those lists: rate "Tax" → 20% VAT, Wholesale → invoices.
    const codeId = (name: string) => (view.quickbooks.options.taxCodes as Array<{ value: string; label: string }>).find((code) => code.label.startsWith(name))!.value;
    const wholesale = view.bigcommerce.customerGroups.find((group: { label: string }) => group.label === 'Wholesale').value;
    const { live: _live, startDate: _startDate, ...form } = view.settings as Doc;
    const body = {
      ...form,
      tax: { ...form.tax, rateToTaxCode: { '1': codeId('20.0% S') }, exemptTaxCodeId: codeId('No VAT') },
      documentRules: [{ document: 'invoice', statusIds: [], customerGroupIds: [wholesale], channelIds: [] }],
      live: true,
      startDate: '2020-01-01',
    };
    const saved = await harness.api('/api/app/settings', shop.token, json('PUT', body));
    expect([saved.status, saved.body.error?.fields]).toEqual([200, undefined]);

    // John Smith is in Wholesale: his order becomes an invoice; Jane (no group) gets a sales receipt.
    const place = (customerId: number) =>
      harness.sandbox.admin.createOrder(shop.store.hash, { customer_id: customerId, lines: [{ product_id: 111, quantity: 1 }], tax: { rate: '20', name: 'VAT' }, status_id: 11 }).id;
    const john = place(2);
    const jane = place(1);
    await drainQueue(harness, shop.store.hash, 8);
    const numbered = (entity: string, docNumber: string) => (harness.qbo.state.entities(entity, uk.realmId) as Doc[]).filter((doc) => doc.DocNumber === docNumber);
    expect(numbered('Invoice', `BC-${john}`)).toHaveLength(1);
    expect(numbered('SalesReceipt', `BC-${john}`)).toHaveLength(0);
    expect(numbered('SalesReceipt', `BC-${jane}`)).toHaveLength(1);
    const taxed = (numbered('Invoice', `BC-${john}`)[0]!.Line as Doc[]).filter((line) => line.SalesItemLineDetail?.TaxCodeRef?.value === codeId('20.0% S'));
    expect(taxed.length).toBeGreaterThan(0);
  });
});

describe('PUT /api/app/settings', () => {
  it('refuses an inactive account with 422 naming the field, and saves nothing', async () => {
    const body = await formSettings();
    body.items.incomeAccountId = added.oldIncome;
    const result = await api('/api/app/settings', json('PUT', body));
    expect(result.status).toBe(422);
    expect(result.body.error.message).toMatch(/needs your attention/);
    expect(fieldsOf(result)).toEqual([
      { path: 'items.incomeAccountId', message: 'The income account for new items (“Old Sales”) is inactive in QuickBooks. Choose an active account.' },
    ]);
    expect((await settingsDoc().get()).exists).toBe(false);
  });

  it('refuses accounts of the wrong type and items that can’t take order lines, all at once', async () => {
    const body = await formSettings();
    body.accounts.defaultDepositAccountId = company.accounts.sales;
    body.accounts.giftCertificateAccountId = company.accounts.checking;
    body.accounts.shippingItemId = added.retiredItem;
    body.guests = { mode: 'single_customer', customerName: 'Web: Sales' };
    const result = await api('/api/app/settings', json('PUT', body));
    expect(result.status).toBe(422);
    expect(fieldsOf(result).map((field) => field.path)).toEqual([
      'guests.customerName',
      'accounts.giftCertificateAccountId',
      'accounts.defaultDepositAccountId',
      'accounts.shippingItemId',
    ]);
    expect(fieldsOf(result).find((field) => field.path === 'accounts.defaultDepositAccountId')?.message).toBe(
      'The default deposit account (“Sales of Product Income”) is an Income account; choose a Bank or Other Current Asset account.',
    );
    expect((await settingsDoc().get()).exists).toBe(false);
  });

  it('checks against the live lists: an account deactivated in QuickBooks since the last read is caught', async () => {
    const deps = getAppDeps();
    const stored = (await deps.quickbooks.profiles.getForRealm(storeHash, harness.qbo.realmId))!;
    // The cached lists are ten minutes old, and the checking account was made inactive in QuickBooks since.
    await deps.quickbooks.profiles.save(storeHash, harness.qbo.realmId, { ...stored.profile, refreshedAt: new Date(Date.now() - 10 * 60_000).toISOString() });
    const checking = company.store.get('Account', company.accounts.checking)!;
    company.store.put('Account', { ...checking, Active: false });
    try {
      const body = await formSettings();
      body.accounts.defaultDepositAccountId = company.accounts.checking;
      const result = await api('/api/app/settings', json('PUT', body));
      expect(result.status).toBe(422);
      expect(fieldsOf(result)).toEqual([{ path: 'accounts.defaultDepositAccountId', message: expect.stringMatching(/“Checking”\) is inactive/) }]);
      const refreshed = (await deps.quickbooks.profiles.getForRealm(storeHash, harness.qbo.realmId))!;
      expect(Date.now() - Date.parse(refreshed.profile.refreshedAt)).toBeLessThan(60_000);
    } finally {
      company.store.put('Account', { ...checking, Active: true });
      await getAppDeps().quickbooks.profiles.save(storeHash, harness.qbo.realmId, { ...stored.profile, refreshedAt: new Date(Date.now() - 10 * 60_000).toISOString() });
    }
    expect((await settingsDoc().get()).exists).toBe(false);
  });

  it('answers 400 with the malformed fields, never 500', async () => {
    const body = await formSettings();
    const cases: Array<[RequestInit, string[]]> = [
      [json('PUT', { ...body, colour: 'blue' }), ['settings']],
      [json('PUT', { ...body, docNumberPrefix: 'BC 1' }), ['docNumberPrefix']],
      [json('PUT', { ...body, roundingThresholdCents: 'two' }), ['roundingThresholdCents']],
      [json('PUT', { ...body, payments: { stripe: { depositAccountId: "4' OR 1=1" } } }), ['payments.stripe.depositAccountId']],
      [json('PUT', { ...body, startDate: 'yesterday' }), ['startDate']],
      [json('PUT', []), ['settings']],
      [{ method: 'PUT', headers: { 'Content-Type': 'text/plain' }, body: 'hello' }, ['settings']],
    ];
    for (const [init, paths] of cases) {
      const result = await api('/api/app/settings', init);
      expect({ sent: init.body, status: result.status }).toEqual({ sent: init.body, status: 400 });
      expect(fieldsOf(result).map((field) => field.path)).toEqual(expect.arrayContaining(paths));
    }
    const broken = await api('/api/app/settings', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: '{"docNumberPrefix":' });
    expect(broken.status).toBe(400);
    const wrongMethod = await api('/api/app/settings', { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
    expect((await settingsDoc().get()).exists).toBe(false);
  });
});

describe('items by SKU', () => {
  it('lists the catalog’s SKUs (products and variants) with the count of unmapped ones, searched and paged', async () => {
    const all = await api('/api/app/items');
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ catalogTotal: 8, unmappedCount: 8, mappedCount: 0, total: 8, page: 1, truncated: false });
    expect((all.body.items as Doc[]).map((row) => row.sku)).toEqual(['OTL', 'FLCT-BEI-S', 'FLCT-BEI-M', 'FLCT-GRE-S', 'FLCT-GRE-M', 'ABS', 'CC3C', 'DBG']);
    expect((all.body.items as Doc[])[1]).toMatchObject({ name: 'Fog Linen Chambray Towel (Beige, S)', productId: 112, type: 'physical' });

    const towels = await api('/api/app/items?search=towel&limit=3&page=2');
    expect(towels.status).toBe(200);
    expect(towels.body).toMatchObject({ total: 4, unmappedCount: 8, page: 2, limit: 3 });
    expect((towels.body.items as Doc[]).map((row) => row.sku)).toEqual(['FLCT-GRE-M']);
  });

  it('answers 400 for bad query parameters', async () => {
    for (const query of ['page=0', 'page=abc', 'limit=1000', 'filter=odd', 'page=1&page=2', 'sort=name', `search=${'x'.repeat(101)}`]) {
      const result = await api(`/api/app/items?${query}`);
      expect({ query, status: result.status }).toEqual({ query, status: 400 });
    }
  });

  it('auto-match maps an existing QuickBooks item by SKU, in one QuickBooks request', async () => {
    const before = realmRequests();
    const result = await api('/api/app/items', json('POST', { action: 'auto-match' }));
    expect(result.status).toBe(200);
    expect(realmRequests() - before).toBe(1);
    expect(result.body.matched).toEqual([expect.objectContaining({ sku: 'ABS', itemId: added.ableItem, itemName: 'Able Brewer (QuickBooks)', reason: 'by SKU' })]);
    expect(result.body.unmatched).toHaveLength(7);
    const entry = (await itemMapDoc('sku:abs').get()).data();
    expect(entry).toMatchObject({ qboItemId: added.ableItem, source: 'matched', sku: 'ABS' });
    const list = await api('/api/app/items?filter=mapped');
    expect(list.body).toMatchObject({ unmappedCount: 7, mappedCount: 1, total: 1 });
    expect((list.body.items as Doc[])[0]!.mapping).toMatchObject({ itemId: added.ableItem, itemName: 'Able Brewer (QuickBooks)', source: 'matched' });
  });

  it('create makes the items in QuickBooks with the chosen income account and maps them', async () => {
    const itemsBefore = qboItems().length;
    const result = await api('/api/app/items', json('POST', { action: 'create', skus: ['OTL', 'DBG', 'ABS'], incomeAccountId: company.accounts.services }));
    expect(result.status).toBe(200);
    expect(result.body.skipped).toEqual([expect.objectContaining({ sku: 'ABS', reason: 'Already mapped.' })]);
    expect((result.body.created as Doc[]).map((c) => c.sku)).toEqual(['OTL', 'DBG']);
    expect(qboItems().length).toBe(itemsBefore + 2);

    const otl = qboItems().find((item) => item.Sku === 'OTL')!;
    expect(otl).toMatchObject({ Name: 'Orbit Terrarium - Large', Type: 'NonInventory', Active: true });
    expect(otl.IncomeAccountRef.value).toBe(company.accounts.services);
    const dbg = qboItems().find((item) => item.Sku === 'DBG')!;
    expect(dbg).toMatchObject({ Type: 'Service' });
    expect(dbg.IncomeAccountRef.value).toBe(company.accounts.services);

    expect((await itemMapDoc('sku:otl').get()).data()).toMatchObject({ qboItemId: otl.Id, source: 'created', name: 'Orbit Terrarium - Large' });
    expect((await api('/api/app/items')).body.unmappedCount).toBe(5);

    // Asked again, nothing more is created.
    const again = await api('/api/app/items', json('POST', { action: 'create', skus: ['OTL'] }));
    expect(again.body.created).toEqual([]);
    expect(qboItems().length).toBe(itemsBefore + 2);
  });

  it('create refuses an inactive income account without creating anything', async () => {
    const itemsBefore = qboItems().length;
    const result = await api('/api/app/items', json('POST', { action: 'create', skus: ['CC3C'], incomeAccountId: added.oldIncome }));
    expect(result.status).toBe(422);
    expect(result.body.error.message).toMatch(/“Old Sales” is inactive/);
    expect(qboItems().length).toBe(itemsBefore);
  });

  it('map picks an item for one SKU (refusing missing and inactive items), and unmap drops it', async () => {
    const services = qboItems().find((item) => item.Name === 'Services')!;
    const mapped = await api('/api/app/items', json('POST', { action: 'map', sku: 'CC3C', name: 'Chemex Coffeemaker 3 Cup', itemId: services.Id }));
    expect(mapped.status).toBe(200);
    expect(mapped.body.mapped).toMatchObject({ sku: 'CC3C', itemId: services.Id, itemName: 'Services' });
    expect((await itemMapDoc('sku:cc3c').get()).data()).toMatchObject({ qboItemId: services.Id, source: 'mapped', productName: 'Chemex Coffeemaker 3 Cup' });

    const missing = await api('/api/app/items', json('POST', { action: 'map', sku: 'CC3C', itemId: '99999' }));
    expect(missing.status).toBe(422);
    const inactive = await api('/api/app/items', json('POST', { action: 'map', sku: 'CC3C', itemId: added.retiredItem }));
    expect(inactive.status).toBe(422);
    expect(inactive.body.error.message).toMatch(/inactive/);
    expect((await itemMapDoc('sku:cc3c').get()).data()?.qboItemId).toBe(services.Id);

    const unmapped = await api('/api/app/items', json('POST', { action: 'unmap', sku: 'CC3C' }));
    expect(unmapped.body).toEqual({ action: 'unmap', unmapped: true });
    expect((await itemMapDoc('sku:cc3c').get()).exists).toBe(false);
    expect((await api('/api/app/items')).body.unmappedCount).toBe(5);
  });

  it('answers 400 for bad action bodies', async () => {
    for (const body of [{}, { action: 'explode' }, { action: 'map', sku: 'CC3C' }, { action: 'create', skus: [] }, { action: 'create', skus: 'OTL' }, { action: 'unmap' }, { action: 'unmap', sku: '' }, 'auto-match']) {
      const result = await api('/api/app/items', json('POST', body));
      expect({ body, status: result.status }).toEqual({ body, status: 400 });
    }
  });

  it('searches QuickBooks items for the pickers', async () => {
    const found = await api('/api/app/quickbooks/items?search=brewer');
    expect(found.status).toBe(200);
    expect(found.body.items).toEqual([expect.objectContaining({ id: added.ableItem, name: 'Able Brewer (QuickBooks)', sku: 'ABS' })]);
    const bySku = await api('/api/app/quickbooks/items?search=OTL');
    expect((bySku.body.items as Doc[]).map((item) => item.name)).toEqual(['Orbit Terrarium - Large']);
    expect((await api('/api/app/quickbooks/items?search=')).body.items.length).toBeGreaterThan(2);
    expect((await api('/api/app/quickbooks/items?colour=red')).status).toBe(400);
  });
});

describe('a valid save', () => {
  /** Webhooks delivered, then worker passes until this store's queue is empty. */
  async function drain(): Promise<void> {
    await harness.sandbox.webhooksIdle();
    const deps = getAppDeps();
    const queue = new JobQueue({ db: getTestDb(), connections: deps.quickbooks.connections, backoff: { baseMs: 20, capMs: 100 } });
    const handler = createJobHandler(deps);
    for (let pass = 0; pass < 8; pass += 1) {
      await queue.runDue({ handler });
      if ((await queue.counts(storeHash)).pending === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 120));
    }
  }

  it('is stored (keeping live and the start date), read back, and used by the sync', async () => {
    // Onboarding went live from a start date; the settings page does not send those.
    await getAppDeps().sync.settings.save(storeHash, { live: true, startDate: '2020-01-01' }, ownerId);
    const visa = (harness.qbo.state.entities('PaymentMethod') as Doc[]).find((method) => method.Name === 'Visa')!;
    const body = await formSettings();
    body.docNumberPrefix = 'WEB-';
    body.items.incomeAccountId = company.accounts.services;
    body.payments = { stripe: { paymentMethodId: visa.Id, depositAccountId: company.accounts.checking } };
    body.guests = { mode: 'single_customer', customerName: 'Web Shoppers' };
    body.roundingThresholdCents = 5;
    body.documentRules = [{ document: 'invoice', statusIds: [7], customerGroupIds: [], channelIds: [] }];

    const saved = await api('/api/app/settings', json('PUT', body));
    expect(saved.status).toBe(200);
    expect(saved.body.settings).toMatchObject({ live: true, startDate: '2020-01-01', docNumberPrefix: 'WEB-', roundingThresholdCents: 5 });
    const stored = (await settingsDoc().get()).data()!;
    expect(stored).toMatchObject({ live: true, startDate: '2020-01-01', docNumberPrefix: 'WEB-', updatedBy: ownerId });
    expect(stored.payments).toEqual({ stripe: { paymentMethodId: visa.Id, depositAccountId: company.accounts.checking } });

    const view = await api('/api/app/settings');
    expect(view.body.settings).toEqual(saved.body.settings);

    // The sync posts with them: DocNumber prefix, the mapped SKU's item, the payment's method and deposit account.
    const order = harness.sandbox.admin.createOrder(storeHash, { customer_id: 1, lines: [{ product_id: 113, quantity: 1 }], status_id: 11, payment: { gateway: 'stripe' } });
    await drain();
    const receipts = (harness.qbo.state.entities('SalesReceipt') as Doc[]).filter((doc) => doc.DocNumber === `WEB-${order.id}`);
    expect(receipts).toHaveLength(1);
    const receipt = receipts[0]!;
    expect(receipt.DepositToAccountRef.value).toBe(company.accounts.checking);
    expect(receipt.PaymentMethodRef.value).toBe(visa.Id);
    const itemLines = (receipt.Line as Doc[]).filter((line) => line.DetailType === 'SalesItemLineDetail');
    expect(itemLines.map((line) => line.SalesItemLineDetail.ItemRef.value)).toContain(added.ableItem);
  });

  it('can set live and the start date when the body says so', async () => {
    const body = await formSettings();
    const result = await api('/api/app/settings', json('PUT', { ...body, live: false, startDate: null }));
    expect(result.status).toBe(200);
    expect((await settingsDoc().get()).data()).toMatchObject({ live: false, startDate: null, docNumberPrefix: 'WEB-' });
  });
});
