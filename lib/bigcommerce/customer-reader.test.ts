/**
 * The customer reader against the BigCommerce sandbox over loopback HTTP: batched id:in reads with
 * addresses, unknown ids left out, 50 ids per request, and the customer group.
 */
import { BigCommerceClient } from '@/lib/bigcommerce/bigcommerce-client';
import { BigCommerceAuthError } from '@/lib/bigcommerce/bigcommerce-errors';
import { startBigCommerceSandbox, type BigCommerceSandbox } from '@/sandboxes/bigcommerce/bigcommerce-sandbox';
import { FULL_SCOPE } from '@/sandboxes/bigcommerce/sandbox-test-kit';
import { CUSTOMER_BATCH_SIZE, customerGroupIdOf, readCustomer, readCustomers } from './customer-reader';

const APP = {
  name: 'Customer reader test',
  clientId: 'customer-reader-client',
  clientSecret: 'customer-reader-secret',
  authCallbackUrl: 'http://127.0.0.1:9/auth',
  loadCallbackUrl: 'http://127.0.0.1:9/load',
  uninstallCallbackUrl: 'http://127.0.0.1:9/uninstall',
  removeUserCallbackUrl: 'http://127.0.0.1:9/remove-user',
};

let sandbox: BigCommerceSandbox;
let hash: string;
let requests: string[];

beforeAll(async () => {
  sandbox = await startBigCommerceSandbox({ app: APP, rateLimit: { quota: 100_000, windowMs: 30_000 } });
  hash = sandbox.storeHash;
});

afterAll(async () => {
  await sandbox?.stop();
});

beforeEach(() => {
  requests = [];
});

function client(scope = FULL_SCOPE): BigCommerceClient {
  return new BigCommerceClient({
    apiUrl: sandbox.apiUrl,
    storeHash: hash,
    accessToken: sandbox.admin.createApiAccount(hash, { scope }).accessToken,
    fetchImpl: (input, init) => {
      const url = new URL(String(input));
      requests.push(decodeURIComponent(url.pathname.replace(`/stores/${hash}`, '') + url.search));
      return fetch(url, init);
    },
  });
}

describe('readCustomers', () => {
  test('one request for several ids, with addresses and customer group; unknown ids, 0 and duplicates are skipped', async () => {
    const store = sandbox.state.stores.get(hash)!;
    store.customers.get(2)!.customerGroupId = 3;
    const customers = await readCustomers(client(), [2, 1, 2, 0, 424242]);

    expect(requests).toEqual([`/v3/customers?id:in=1,2,424242&include=addresses&limit=${CUSTOMER_BATCH_SIZE}`]);
    expect([...customers.keys()].sort()).toEqual([1, 2]);
    const jane = customers.get(2)!;
    const seeded = store.customers.get(2)!;
    expect(jane).toMatchObject({ id: 2, email: seeded.email, first_name: seeded.firstName, last_name: seeded.lastName, customer_group_id: 3 });
    expect(jane.addresses).toHaveLength(seeded.addresses.length);
    expect(jane.addresses?.[0]).toMatchObject({ address1: seeded.addresses[0]!.address1, country_code: seeded.addresses[0]!.countryCode });
    expect(customerGroupIdOf(jane)).toBe(3);
    expect(customerGroupIdOf(undefined)).toBeUndefined();
  });

  test('more than 50 ids: one request per 50', async () => {
    for (let i = 0; i < 60; i += 1) {
      sandbox.admin.createCustomer(hash, { email: `bulk${i}@example.com`, first_name: 'Bulk', last_name: `No${i}` });
    }
    const ids = [...sandbox.state.stores.get(hash)!.customers.keys()];
    expect(ids.length).toBeGreaterThan(CUSTOMER_BATCH_SIZE);
    const customers = await readCustomers(client(), ids);
    expect(customers.size).toBe(ids.length);
    expect(requests).toHaveLength(Math.ceil(ids.length / CUSTOMER_BATCH_SIZE));
  });

  test('no ids: no request; one customer: readCustomer; a deleted one: null', async () => {
    expect((await readCustomers(client(), [])).size).toBe(0);
    expect(requests).toEqual([]);
    expect((await readCustomer(client(), 1))?.id).toBe(1);
    const gone = sandbox.admin.createCustomer(hash, { email: 'gone@example.com', first_name: 'Gone', last_name: 'Soon' });
    sandbox.admin.deleteCustomer(hash, gone.id);
    expect(await readCustomer(client(), gone.id)).toBeNull();
  });

  test('a token without the customers scope fails with a typed auth error', async () => {
    await expect(readCustomers(client('store_v2_orders_read_only'), [1])).rejects.toBeInstanceOf(BigCommerceAuthError);
  });
});
