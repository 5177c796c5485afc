/**
 * Webhook intake over loopback HTTP: the BigCommerce sandbox's dispatcher delivers real webhooks (custom
 * secret header, optional Standard Webhooks signatures, duplicates) to the app's route; forged and
 * malformed requests are refused with nothing written.
 */
import { createHmac } from 'node:crypto';
import { WEBHOOK_SECRET_HEADER } from '@/lib/bigcommerce/webhook-registration';
import { documentsFingerprint, getTestDb, sharedCollectionIds } from '@/test/firestore-test-helpers';
import { startAppHarness, type AppHarness } from '@/test/app-harness';

let harness: AppHarness;
let storeHash: string;
let secret: string;

beforeAll(async () => {
  harness = await startAppHarness();
  const { store } = await harness.openNewStore();
  storeHash = store.hash;
  secret = harness.hooksOf(storeHash)[0]!.headers![WEBHOOK_SECRET_HEADER]!;
});

afterAll(async () => {
  await harness?.stop();
});

const db = () => getTestDb();
const WEBHOOK_PATH = '/api/webhooks/bigcommerce';

async function jobsOf(hash: string) {
  const snapshot = await db().collection(`stores/${hash}/jobs`).get();
  return Object.fromEntries(snapshot.docs.map((doc) => [doc.id, doc.data()]));
}

async function eventsOf(hash: string): Promise<Array<Record<string, any>>> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const snapshot = await db().collection(`stores/${hash}/events`).get();
  return snapshot.docs.map((doc) => ({ id: doc.id, ...doc.data() }));
}

/** Everything intake could write for these requests: the store's subtree, the unknown store's, and every shared top-level collection. */
async function everything(): Promise<string> {
  return documentsFingerprint([`stores/${storeHash}`, 'stores/zzzz9999', ...(await sharedCollectionIds())]);
}

function envelope(overrides: Record<string, unknown> = {}) {
  const data = { type: 'order', id: 987 };
  return {
    scope: 'store/order/updated',
    store_id: '1001',
    producer: `stores/${storeHash}`,
    created_at: Math.floor(Date.now() / 1000),
    hash: createHmac('sha1', 'x').update(JSON.stringify(data) + Math.random()).digest('hex'),
    data,
    ...overrides,
  };
}

function post(body: string | Buffer, headers: Record<string, string> = {}) {
  return harness.get(WEBHOOK_PATH, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', [WEBHOOK_SECRET_HEADER]: secret, ...headers },
    body,
  } as RequestInit);
}

describe('deliveries from BigCommerce', () => {
  it('persists the event and upserts one job per order before answering 200', async () => {
    const order = harness.sandbox.admin.createOrder(storeHash, { customer_id: 1, lines: [{ product_id: 111, quantity: 1 }], status_id: 11 });
    await harness.sandbox.webhooksIdle();

    const delivered = harness.sandbox.webhooks.log.filter((delivery) => delivery.storeHash === storeHash && delivery.scope === 'store/order/created');
    expect(delivered.length).toBeGreaterThan(0);
    expect(delivered.every((delivery) => delivery.attempts.at(-1)?.status === 200)).toBe(true);
    const jobs = await jobsOf(storeHash);
    expect(jobs[`order-${order.id}`]).toMatchObject({ status: 'pending', kind: 'order', subjectId: String(order.id) });
    const events = (await eventsOf(storeHash)).filter((event) => (event as { subject?: string }).subject === `order-${order.id}`);
    expect(events.length).toBeGreaterThanOrEqual(1);
    // Marked enqueued right after the 200 (bookkeeping for redeliveries; the job was durable before it).
    for (let tries = 0; tries < 40; tries += 1) {
      const marked = (await eventsOf(storeHash)).filter((event) => (event as { subject?: string }).subject === `order-${order.id}`);
      if (marked.every((event) => (event as { enqueued?: boolean }).enqueued)) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const marked = (await eventsOf(storeHash)).filter((event) => (event as { subject?: string }).subject === `order-${order.id}`);
    expect(marked.every((event) => (event as { enqueued?: boolean }).enqueued)).toBe(true);
  });

  it('recognises redeliveries by hash: one event, one job, no re-enqueue', async () => {
    harness.sandbox.admin.setWebhookMode({ duplicates: 3 });
    try {
      const order = harness.sandbox.admin.createOrder(storeHash, { customer_id: 1, lines: [{ product_id: 111, quantity: 2 }], status_id: 11 });
      await harness.sandbox.webhooksIdle();
      const events = (await eventsOf(storeHash)).filter(
        (event) => (event as { subject?: string; scope?: string }).subject === `order-${order.id}`,
      ) as Array<{ scope: string; redeliveries?: number }>;
      const created = events.filter((event) => event.scope === 'store/order/created');
      expect(created).toHaveLength(1);
      expect(created[0]!.redeliveries).toBe(2);
      const job = (await jobsOf(storeHash))[`order-${order.id}`];
      expect(job).toMatchObject({ status: 'pending' });
    } finally {
      harness.sandbox.admin.setWebhookMode({ duplicates: 1 });
    }
  });

  it('maps customer address events to the customer’s job', async () => {
    const customer = harness.sandbox.admin.createCustomer(storeHash, { email: `ada${Date.now()}@example.com`, first_name: 'Ada', last_name: 'Byron' });
    harness.sandbox.admin.addCustomerAddress(storeHash, customer.id, {
      first_name: 'Ada', last_name: 'Byron', address1: '1 Main St', city: 'Austin', state_or_province: 'Texas', postal_code: '78701', country_code: 'US',
    });
    await harness.sandbox.webhooksIdle();
    expect((await jobsOf(storeHash))[`customer-${customer.id}`]).toMatchObject({ kind: 'customer' });
  });

  it('accepts Standard Webhooks signatures and refuses a tampered one', async () => {
    harness.sandbox.admin.setWebhookMode({ signatures: true });
    try {
      const order = harness.sandbox.admin.createOrder(storeHash, { customer_id: 1, lines: [{ product_id: 111, quantity: 3 }], status_id: 11 });
      await harness.sandbox.webhooksIdle();
      expect((await jobsOf(storeHash))[`order-${order.id}`]).toBeDefined();
    } finally {
      harness.sandbox.admin.setWebhookMode({ signatures: false });
    }
    const body = JSON.stringify(envelope());
    const timestamp = String(Math.floor(Date.now() / 1000));
    const good = createHmac('sha256', process.env.BC_CLIENT_SECRET!).update(`msg_1.${timestamp}.${body}`).digest('base64');
    expect((await post(body, { 'webhook-id': 'msg_1', 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${good}` })).status).toBe(200);
    const before = await everything();
    const tampered = await post(body.replace('987', '988'), { 'webhook-id': 'msg_1', 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${good}` });
    expect(tampered.status).toBe(401);
    const stale = String(Math.floor(Date.now() / 1000) - 3600);
    const old = createHmac('sha256', process.env.BC_CLIENT_SECRET!).update(`msg_2.${stale}.${body}`).digest('base64');
    expect((await post(body, { 'webhook-id': 'msg_2', 'webhook-timestamp': stale, 'webhook-signature': `v1,${old}` })).status).toBe(401);
    expect(await everything()).toBe(before);
  });
});

describe('refused requests write nothing', () => {
  const cases: Array<[string, () => Promise<{ status: number }>, number]> = [
    ['wrong secret', () => post(JSON.stringify(envelope()), { [WEBHOOK_SECRET_HEADER]: 'not-the-secret' }), 403],
    ['missing secret', () => harness.get(WEBHOOK_PATH, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(envelope()) }), 401],
    ['unknown store', () => post(JSON.stringify(envelope({ producer: 'stores/zzzz9999' }))), 401],
    ['malformed JSON', () => post('{"scope":'), 400],
    ['not a webhook', () => post(JSON.stringify({ hello: 'world' })), 400],
    ['bad data for the scope', () => post(JSON.stringify(envelope({ data: { id: 'abc' } }))), 400],
    ['wrong content type', () => post(JSON.stringify(envelope()), { 'Content-Type': 'text/plain' }), 415],
    ['oversized body', () => post(JSON.stringify(envelope({ data: { id: 1, pad: 'x'.repeat(70_000) } }))), 413],
    ['GET', () => harness.get(WEBHOOK_PATH), 405],
  ];

  it.each(cases)('%s', async (_label, send, status) => {
    const before = await everything();
    const answer = await send();
    expect(answer.status).toBe(status);
    expect(await everything()).toBe(before);
  });
});
