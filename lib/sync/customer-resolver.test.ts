/**
 * Customer resolution end to end: orders read from the BigCommerce sandbox, customers found or created in the
 * QuickBooks sandbox (real QuickBooksClient → node-quickbooks → loopback HTTP), maps in the Firestore emulator.
 * Assertions look at what ended up in QuickBooks and Firestore, and at how many QuickBooks calls it took.
 */
import { randomBytes } from 'node:crypto';
import { BigCommerceClient } from '@/lib/bigcommerce/bigcommerce-client';
import { readCustomer } from '@/lib/bigcommerce/customer-reader';
import { readOrderSnapshot } from '@/lib/bigcommerce/order-reader';
import type { OrderSnapshot } from '@/lib/bigcommerce/order-types';
import { SyncMapsRepository, guestCustomerKey, type CustomerMapEntry } from '@/lib/firestore/sync-maps-repository';
import { QuickBooksClient, configureQuickBooksEndpoints } from '@/lib/quickbooks/quickbooks-client';
import type { Customer } from '@/lib/quickbooks/quickbooks-types';
import { NeedsAttentionError } from '@/lib/sync/job-errors';
import { defaultSyncSettings } from '@/lib/sync/sync-settings';
import { startBigCommerceSandbox, type BigCommerceSandbox } from '@/sandboxes/bigcommerce/bigcommerce-sandbox';
import { FULL_SCOPE } from '@/sandboxes/bigcommerce/sandbox-test-kit';
import { startQuickBooksSandbox, type QuickBooksSandbox } from '@/sandboxes/quickbooks/quickbooks-sandbox';
import { connectSandbox } from '@/sandboxes/quickbooks/sandbox-client';
import { getTestDb, listAllDocumentPaths } from '@/test/firestore-test-helpers';
import { resolveCustomer, updateCustomer, type CustomerResolverDeps } from './customer-resolver';

const qboApp = { clientId: 'resolver-qbo-client', clientSecret: 'resolver-qbo-secret-0123456789', redirectUri: 'http://127.0.0.1:3999/api/quickbooks/callback' };
const bcApp = {
  name: 'Customer resolver test',
  clientId: 'resolver-bc-client',
  clientSecret: 'resolver-bc-secret',
  authCallbackUrl: 'http://127.0.0.1:9/auth',
  loadCallbackUrl: 'http://127.0.0.1:9/load',
  uninstallCallbackUrl: 'http://127.0.0.1:9/uninstall',
  removeUserCallbackUrl: 'http://127.0.0.1:9/remove-user',
};
const US = { homeCurrency: 'USD', multiCurrency: false };
const US_MULTI = { homeCurrency: 'USD', multiCurrency: true };

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
  deps: CustomerResolverDeps;
  realmId: string;
  storeHash: string;
  /** QuickBooks v3 requests made for this realm so far. */
  qboCalls(): number;
  customer(id: string): Customer;
  customers(): Customer[];
  mapDoc(key: string): Promise<CustomerMapEntry | undefined>;
}

/** A fresh QuickBooks company and a fresh store hash (maps) per test. */
async function world(options: { multiCurrency?: boolean } = {}): Promise<World> {
  const company = qbo.addCompany({ country: 'US', multiCurrency: options.multiCurrency ?? false });
  const tokens = await connectSandbox(qbo, { ...qboApp, realmId: company.realmId });
  const client = new QuickBooksClient({ realmId: company.realmId, tokens: { getAccessToken: async () => tokens.accessToken } });
  const storeHash = `cr${randomBytes(5).toString('hex')}`;
  return {
    deps: { qbo: client, maps, storeHash },
    realmId: company.realmId,
    storeHash,
    qboCalls: () => qbo.state.realmCounters(company.realmId).requests,
    customer: (id) => company.store.get('Customer', id) as unknown as Customer,
    customers: () => company.store.list('Customer') as unknown as Customer[],
    mapDoc: async (key) => {
      const snapshot = await getTestDb().doc(`stores/${storeHash}/maps/customers/entries/${key}`).get();
      return snapshot.exists ? (snapshot.data() as CustomerMapEntry) : undefined;
    },
  };
}

async function snapshotOf(orderInput: Record<string, unknown>): Promise<OrderSnapshot> {
  const order = bc.admin.createOrder(bc.storeHash, { lines: [{ product_id: 113, quantity: 1 }], shipping: { cost: '5.00' }, skip_inventory: true, ...orderInput });
  const snapshot = await readOrderSnapshot(bcClient, order.id, { refunds: false, taxes: false, transactions: false });
  if (!snapshot) throw new Error('order not readable');
  return snapshot;
}

function guestOrder(email: string, first = 'Lena', last = 'Gast', extra: Record<string, unknown> = {}) {
  return snapshotOf({
    billing_address: { first_name: first, last_name: last, email, street_1: 'Hauptstr. 1', city: 'Austin', state: 'Texas', zip: '78701', country: 'United States', country_iso2: 'US', phone: '512-555-0142' },
    ...extra,
  });
}

const settings = defaultSyncSettings();
const singleSettings = { ...settings, guests: { mode: 'single_customer' as const, customerName: 'Web Sales' } };

describe('registered customers', () => {
  test('two orders of the same new customer resolved at once (concurrent jobs of one company) make one customer', async () => {
    const w = await world();
    const email = `twins.${randomBytes(3).toString('hex')}@example.com`;
    // Different billing addresses: different create payloads, so QuickBooks' requestid replay would not save us.
    const [first, second] = await Promise.all([
      guestOrder(email, 'Tara', 'Twin'),
      guestOrder(email, 'Tara', 'Twin', { billing_address: { first_name: 'Tara', last_name: 'Twin', email, street_1: '9 Other Rd', city: 'Dallas', state: 'Texas', zip: '75201', country: 'United States', country_iso2: 'US' } }),
    ]);
    const ids = await Promise.all([first, second].map((snapshot) => resolveCustomer(w.deps, { snapshot, currency: 'USD', settings, company: US })));
    expect(ids[0]).toBe(ids[1]);
    expect(w.customers().filter((c) => c.DisplayName?.startsWith('Tara Twin'))).toHaveLength(1);
  });

  test('first order creates the customer from the BigCommerce record; the next costs no QuickBooks call', async () => {
    const w = await world();
    const snapshot = await snapshotOf({ customer_id: 2 });
    const jane = (await readCustomer(bcClient, 2))!;

    const id = await resolveCustomer(w.deps, { snapshot, customer: jane, currency: 'USD', settings, company: US });
    const created = w.customer(id);
    expect(created).toMatchObject({
      DisplayName: `${jane.first_name} ${jane.last_name}`,
      GivenName: jane.first_name,
      FamilyName: jane.last_name,
      PrimaryEmailAddr: { Address: jane.email },
      Notes: 'bigcommerce_customer_id=2',
      CurrencyRef: { value: 'USD' },
      BillAddr: { Line1: snapshot.order.billing_address.street_1, City: snapshot.order.billing_address.city },
      ShipAddr: { Line1: snapshot.shippingAddresses[0]!.street_1 },
    });
    expect(await w.mapDoc('bc-2-USD')).toMatchObject({ qboId: id, displayName: created.DisplayName, syncToken: '0', kind: 'registered', currency: 'USD', bcCustomerId: 2, source: 'created' });

    const calls = w.qboCalls();
    expect(await resolveCustomer(w.deps, { snapshot, customer: jane, currency: 'USD', settings, company: US })).toBe(id);
    expect(w.qboCalls()).toBe(calls);
    expect(w.customers().filter((c) => c.Notes === 'bigcommerce_customer_id=2')).toHaveLength(1);
  });

  test("the merchant's existing QuickBooks customer with the same e-mail is reused, not duplicated", async () => {
    const w = await world();
    const existing = await w.deps.qbo.create<Customer>('Customer', { DisplayName: 'Doe, Jane (wholesale)', PrimaryEmailAddr: { Address: 'JANE.DOE@example.com' } });
    const before = w.customers().length;
    // Seeded BigCommerce customer 1 is Jane Doe, jane.doe@example.com.
    const id = await resolveCustomer(w.deps, { snapshot: await snapshotOf({ customer_id: 1 }), currency: 'USD', settings, company: US });
    expect(id).toBe(existing.Id);
    expect(w.customers()).toHaveLength(before);
    expect(await w.mapDoc('bc-1-USD')).toMatchObject({ qboId: existing.Id, displayName: 'Doe, Jane (wholesale)', source: 'matched' });
  });

  test('a name taken by an employee (6240) gets " (BC #id)"; a lost map write is healed by the e-mail lookup', async () => {
    const w = await world();
    const emily = bc.admin.createCustomer(bc.storeHash, { email: `emily.${randomBytes(3).toString('hex')}@example.com`, first_name: 'Emily', last_name: 'Platt' });
    const snapshot = await snapshotOf({ customer_id: emily.id });

    const id = await resolveCustomer(w.deps, { snapshot, currency: 'USD', settings, company: US });
    expect(w.customer(id).DisplayName).toBe(`Emily Platt (BC #${emily.id})`);

    await getTestDb().doc(`stores/${w.storeHash}/maps/customers/entries/bc-${emily.id}-USD`).delete();
    const count = w.customers().length;
    expect(await resolveCustomer(w.deps, { snapshot, currency: 'USD', settings, company: US })).toBe(id);
    expect(w.customers()).toHaveLength(count);
    expect(await w.mapDoc(`bc-${emily.id}-USD`)).toMatchObject({ qboId: id, source: 'matched' });
  });

  test('a company that refuses e-mail filters (4001): DisplayName lookup, adopting only our own record after a lost map write', async () => {
    const w = await world();
    const emily = bc.admin.createCustomer(bc.storeHash, { email: `emily.${randomBytes(3).toString('hex')}@example.com`, first_name: 'Emily', last_name: 'Platt' });
    const snapshot = await snapshotOf({ customer_id: emily.id });
    const notQueryable = { code: '4001', message: 'Invalid query', detail: "QueryValidationError: property 'PrimaryEmailAddr' is not queryable" };

    qbo.faults.inject({ realmId: w.realmId, method: 'GET', path: '/query', status: 400, fault: notQueryable, times: 1 });
    const id = await resolveCustomer(w.deps, { snapshot, currency: 'USD', settings, company: US });
    expect(w.customer(id).DisplayName).toBe(`Emily Platt (BC #${emily.id})`);

    // Map write lost, e-mail filter refused again, and the customer changed meanwhile (so the create is a new
    // request, not a requestid replay): "Emily Platt" (employee) and then our own "(BC #id)" collide; the second
    // collision is recognised as ours by its Notes and adopted.
    await getTestDb().doc(`stores/${w.storeHash}/maps/customers/entries/bc-${emily.id}-USD`).delete();
    qbo.faults.inject({ realmId: w.realmId, method: 'GET', path: '/query', status: 400, fault: notQueryable, times: 1 });
    const count = w.customers().length;
    const changed = { ...snapshot, order: { ...snapshot.order, billing_address: { ...snapshot.order.billing_address, phone: '303-555-0111' } } };
    const replayedBefore = qbo.state.realmCounters(w.realmId).replayed;
    expect(await resolveCustomer(w.deps, { snapshot: changed, currency: 'USD', settings, company: US })).toBe(id);
    expect(qbo.state.realmCounters(w.realmId).replayed).toBe(replayedBefore);
    expect(qbo.faults.list()).toEqual([]);
    expect(w.customers()).toHaveLength(count);
    expect(await w.mapDoc(`bc-${emily.id}-USD`)).toMatchObject({ qboId: id, source: 'created' });
  });

  test('a create whose response was lost (commit, then 504) is found on the retry, not made twice', async () => {
    const w = await world();
    const snapshot = await snapshotOf({ customer_id: 2 });
    // QuickBooks commits the create, then the connection drops: the client sees a transient failure.
    qbo.faults.inject({ realmId: w.realmId, method: 'POST', path: '/customer', commitThenDrop: '504', times: 1 });
    await expect(resolveCustomer(w.deps, { snapshot, currency: 'USD', settings, company: US })).rejects.toMatchObject({ kind: 'transient', mayHaveCommitted: true });
    expect(await w.mapDoc('bc-2-USD')).toBeUndefined();
    const count = w.customers().length;
    // The job's retry: the e-mail lookup finds the committed customer before any create is attempted.
    const id = await resolveCustomer(w.deps, { snapshot, currency: 'USD', settings, company: US });
    expect(w.customers()).toHaveLength(count);
    expect(w.customers().filter((c) => c.Notes === 'bigcommerce_customer_id=2')).toEqual([expect.objectContaining({ Id: id })]);
  });

  test('both names taken by someone else: needs attention, nothing created', async () => {
    const w = await world();
    const ana = bc.admin.createCustomer(bc.storeHash, { email: `ana.${randomBytes(3).toString('hex')}@example.com`, first_name: 'Ana', last_name: 'Lima' });
    await w.deps.qbo.create('Customer', { DisplayName: 'Ana Lima' });
    await w.deps.qbo.create('Customer', { DisplayName: `Ana Lima (BC #${ana.id})`, Notes: 'a different Ana' });
    const count = w.customers().length;
    const outcome = resolveCustomer(w.deps, { snapshot: await snapshotOf({ customer_id: ana.id }), currency: 'USD', settings, company: US });
    await expect(outcome).rejects.toBeInstanceOf(NeedsAttentionError);
    await expect(outcome).rejects.toThrow(/already has a customer, vendor or employee named "Ana Lima"/);
    expect(w.customers()).toHaveLength(count);
    expect(await w.mapDoc(`bc-${ana.id}-USD`)).toBeUndefined();
  });

  test('multicurrency: one QuickBooks customer per currency, the foreign one suffixed and in its currency', async () => {
    const w = await world({ multiCurrency: true });
    const usd = await resolveCustomer(w.deps, { snapshot: await snapshotOf({ customer_id: 1 }), currency: 'USD', settings, company: US_MULTI });
    const eur = await resolveCustomer(w.deps, {
      snapshot: await snapshotOf({ customer_id: 1, currency: { code: 'EUR', exchange_rate: '0.9' } }),
      currency: 'EUR',
      settings,
      company: US_MULTI,
    });
    expect(eur).not.toBe(usd);
    expect(w.customer(usd)).toMatchObject({ DisplayName: 'Jane Doe', CurrencyRef: { value: 'USD' } });
    expect(w.customer(eur)).toMatchObject({ DisplayName: 'Jane Doe (EUR)', CurrencyRef: { value: 'EUR' } });
    expect(await w.mapDoc('bc-1-USD')).toMatchObject({ qboId: usd, currency: 'USD' });
    expect(await w.mapDoc('bc-1-EUR')).toMatchObject({ qboId: eur, currency: 'EUR' });
  });

  test('without multicurrency a foreign-currency order posts to the home-currency customer', async () => {
    const w = await world();
    const id = await resolveCustomer(w.deps, {
      snapshot: await snapshotOf({ customer_id: 1, currency: { code: 'EUR', exchange_rate: '0.9' } }),
      currency: 'EUR',
      settings,
      company: US,
    });
    expect(w.customer(id)).toMatchObject({ DisplayName: 'Jane Doe', CurrencyRef: { value: 'USD' } });
    expect(await w.mapDoc('bc-1-USD')).toMatchObject({ qboId: id });
    expect(await w.mapDoc('bc-1-EUR')).toBeUndefined();
  });
});

describe('guests', () => {
  test('per_guest: one customer per e-mail (any case), keyed by its hash; another guest gets another', async () => {
    const w = await world();
    const first = await resolveCustomer(w.deps, { snapshot: await guestOrder('Lena@Example.de'), currency: 'USD', settings, company: US });
    expect(w.customer(first)).toMatchObject({
      DisplayName: 'Lena Gast',
      PrimaryEmailAddr: { Address: 'lena@example.de' },
      PrimaryPhone: { FreeFormNumber: '512-555-0142' },
      BillAddr: { Line1: 'Hauptstr. 1', City: 'Austin', CountrySubDivisionCode: 'TX', PostalCode: '78701', Country: 'US' },
      Notes: 'bigcommerce_guest=true',
    });
    const key = guestCustomerKey('lena@example.de', 'USD');
    expect(key).toMatch(/^guest-[0-9a-f]{64}-USD$/);
    expect(await w.mapDoc(key)).toMatchObject({ qboId: first, kind: 'guest', currency: 'USD', source: 'created' });
    expect(await listAllDocumentPaths(`stores/${w.storeHash}`)).toEqual([`stores/${w.storeHash}/maps/customers/entries/${key}`]);

    const calls = w.qboCalls();
    expect(await resolveCustomer(w.deps, { snapshot: await guestOrder(' LENA@example.DE'), currency: 'USD', settings, company: US })).toBe(first);
    expect(w.qboCalls()).toBe(calls);

    const other = await resolveCustomer(w.deps, { snapshot: await guestOrder('max@example.de', 'Max', 'Muster'), currency: 'USD', settings, company: US });
    expect(other).not.toBe(first);
    expect(w.customer(other).DisplayName).toBe('Max Muster');
  });

  test('per_guest: a guest named like another customer gets a short e-mail hash', async () => {
    const w = await world();
    await resolveCustomer(w.deps, { snapshot: await guestOrder('lena.one@example.de'), currency: 'USD', settings, company: US });
    const second = await resolveCustomer(w.deps, { snapshot: await guestOrder('lena.two@example.de'), currency: 'USD', settings, company: US });
    expect(w.customer(second).DisplayName).toMatch(/^Lena Gast \([0-9a-f]{8}\)$/);
  });

  test('single_customer: all guests post to the configured customer, created once', async () => {
    const w = await world();
    const first = await resolveCustomer(w.deps, { snapshot: await guestOrder('a@example.com'), currency: 'USD', settings: singleSettings, company: US });
    expect(w.customer(first)).toMatchObject({ DisplayName: 'Web Sales' });
    const calls = w.qboCalls();
    expect(await resolveCustomer(w.deps, { snapshot: await guestOrder('b@example.com', 'Bo', 'Other'), currency: 'USD', settings: singleSettings, company: US })).toBe(first);
    expect(w.qboCalls()).toBe(calls);
    expect(w.customers().filter((c) => c.DisplayName === 'Web Sales')).toHaveLength(1);
    // Registered customers still get their own.
    expect(await resolveCustomer(w.deps, { snapshot: await snapshotOf({ customer_id: 1 }), currency: 'USD', settings: singleSettings, company: US })).not.toBe(first);
  });

  test('single_customer: an existing "Web Sales" is reused; a vendor\'s name needs attention', async () => {
    const w = await world();
    const existing = await w.deps.qbo.create<Customer>('Customer', { DisplayName: 'Web Sales' });
    expect(await resolveCustomer(w.deps, { snapshot: await guestOrder('a@example.com'), currency: 'USD', settings: singleSettings, company: US })).toBe(existing.Id);

    const vendorName = { ...settings, guests: { mode: 'single_customer' as const, customerName: 'Books by Bessie' } };
    await expect(resolveCustomer(w.deps, { snapshot: await guestOrder('a@example.com'), currency: 'USD', settings: vendorName, company: US })).rejects.toThrow(
      /Guest orders post to the QuickBooks customer "Books by Bessie", but that name belongs to a vendor/,
    );
  });

  test('per_guest without an e-mail falls back to the single guest customer', async () => {
    const w = await world();
    const snapshot = await guestOrder('placeholder@example.com');
    const noEmail = { ...snapshot, order: { ...snapshot.order, billing_address: { ...snapshot.order.billing_address, email: '' } } };
    const id = await resolveCustomer(w.deps, { snapshot: noEmail, currency: 'USD', settings, company: US });
    expect(w.customer(id).DisplayName).toBe(settings.guests.customerName);
  });
});

describe('updateCustomer', () => {
  test('customer and address changes reach every mapped QuickBooks customer (sparse, SyncToken kept); a stale token is re-read', async () => {
    const w = await world({ multiCurrency: true });
    const nia = bc.admin.createCustomer(bc.storeHash, {
      email: `nia.${randomBytes(3).toString('hex')}@example.com`,
      first_name: 'Nia',
      last_name: 'New',
      addresses: [{ first_name: 'Nia', last_name: 'New', address1: '9 Elm', city: 'Denver', state_or_province: 'Colorado', postal_code: '80202', country_code: 'US' }],
    });
    const usd = await resolveCustomer(w.deps, { snapshot: await snapshotOf({ customer_id: nia.id }), currency: 'USD', settings, company: US_MULTI });
    const eur = await resolveCustomer(w.deps, { snapshot: await snapshotOf({ customer_id: nia.id, currency: { code: 'EUR', exchange_rate: '0.9' } }), currency: 'EUR', settings, company: US_MULTI });

    bc.admin.updateCustomer(bc.storeHash, nia.id, { phone: '303-555-0100', company: 'Nia & Co' });
    bc.admin.updateCustomerAddress(bc.storeHash, nia.id, nia.addresses[0]!.id, { city: 'Boulder' });
    // The merchant edited the EUR customer in QuickBooks meanwhile: our SyncToken for it is stale.
    await w.deps.qbo.update('Customer', { Id: eur, SyncToken: w.customer(eur).SyncToken, PrimaryPhone: { FreeFormNumber: '000' } });

    const result = await updateCustomer(w.deps, (await readCustomer(bcClient, nia.id))!);
    expect(result).toEqual({ status: 'updated', qboIds: [eur, usd] });
    for (const id of [usd, eur]) {
      expect(w.customer(id)).toMatchObject({
        CompanyName: 'Nia & Co',
        PrimaryPhone: { FreeFormNumber: '303-555-0100' },
        BillAddr: { Line1: '9 Elm', City: 'Boulder', CountrySubDivisionCode: 'CO', PostalCode: '80202', Country: 'US' },
        Notes: `bigcommerce_customer_id=${nia.id}`,
      });
    }
    expect(w.customer(usd).DisplayName).toBe('Nia New');
    expect(w.customer(eur).DisplayName).toBe('Nia New (EUR)');
    expect((await w.mapDoc(`bc-${nia.id}-USD`))?.syncToken).toBe(w.customer(usd).SyncToken);
    expect((await w.mapDoc(`bc-${nia.id}-EUR`))?.syncToken).toBe(w.customer(eur).SyncToken);
    expect(w.customer(eur).SyncToken).toBe('2');
  });

  test('a customer no order has brought to QuickBooks yet: not-mapped, no QuickBooks call', async () => {
    const w = await world();
    const calls = w.qboCalls();
    expect(await updateCustomer(w.deps, (await readCustomer(bcClient, 1))!)).toEqual({ status: 'not-mapped' });
    expect(w.qboCalls()).toBe(calls);
  });
});
