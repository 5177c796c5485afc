/**
 * "Preview an order" over real HTTP: the document a chosen order would become, identical in kind, lines and
 * totals to what posting it then sends, computed with nothing written to QuickBooks or Firestore.
 */
import { getAppDeps } from '@/lib/app-deps';
import type { OrderPreview } from '@/lib/sync/order-preview';
import { listAllDocumentPaths } from '@/test/firestore-test-helpers';
import { startAppHarness, type AppHarness } from '@/test/app-harness';
import { drainQueue } from '@/test/queue-test-helpers';

let harness: AppHarness;
let storeHash: string;
let token: string;
let ownerId: number;

beforeAll(async () => {
  harness = await startAppHarness({ quickbooks: { companies: [{ country: 'US', name: 'Preview Books LLC' }] } });
  const opened = await harness.openNewStore();
  storeHash = opened.store.hash;
  token = opened.token;
  ownerId = opened.store.ownerId;
  expect((await harness.connectQuickBooks(token)).callback.status).toBe(200);
});

afterAll(async () => {
  await harness?.stop();
});

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const qboItem = (id: string) => (harness.qbo.state.entities('Item', harness.qbo.realmId) as Doc[]).find((row) => row.Id === id)!;
const entityCounts = () =>
  Object.fromEntries(['Customer', 'Item', 'SalesReceipt', 'Invoice'].map((type) => [type, harness.qbo.state.entities(type, harness.qbo.realmId).length]));
const preview = async (orderId: number | string) => {
  const response = await harness.api(`/api/app/orders/${orderId}/preview`, token);
  return { status: response.status, body: response.body as OrderPreview };
};

describe('order preview', () => {
  it('shows the exact document, what posting would create first, and writes nothing; posting then sends that document', async () => {
    const order = harness.sandbox.admin.createOrder(storeHash, {
      customer_id: 2,
      lines: [{ product_id: 111, quantity: 2 }],
      shipping: { cost: '7.50' },
      tax: { rate: '8.25' },
      status_id: 11,
    });
    await drainQueue(harness, storeHash); // not live: looked at, nothing posted
    const before = { qbo: entityCounts(), firestore: await listAllDocumentPaths(`stores/${storeHash}`) };

    const { status, body } = await preview(order.id);
    expect(status).toBe(200);
    if (!body.ok) throw new Error(body.reason);
    expect(body.entity).toBe('SalesReceipt');
    const document = body.document as Doc;
    expect(document.DocNumber).toBe(`BC-${order.id}`);
    expect(body.wouldCreate.map((planned) => planned.entity)).toEqual(expect.arrayContaining(['Customer', 'Item']));
    expect(document.CustomerRef.value).toBe(body.wouldCreate.find((planned) => planned.entity === 'Customer')!.id);
    const bcOrder = harness.sandbox.state.stores.get(storeHash)!.orders.get(order.id)!;
    expect(body.expected).toEqual({ totalCents: bcOrder.totalIncTax / 100, taxCents: bcOrder.totalTax / 100, currency: 'USD' });
    expect(body.alreadyPosted).toBeUndefined();

    // Nothing was written anywhere.
    expect(entityCounts()).toEqual(before.qbo);
    expect(await listAllDocumentPaths(`stores/${storeHash}`)).toEqual(before.firestore);

    // Posting sends the same document (real ids in place of the placeholders).
    await getAppDeps().sync.settings.save(storeHash, { live: true }, ownerId);
    await getAppDeps().jobs.replay(storeHash, [`order-${order.id}`]);
    await drainQueue(harness, storeHash);
    const posted = (harness.qbo.state.entities('SalesReceipt', harness.qbo.realmId) as Doc[]).filter((doc) => doc.DocNumber === `BC-${order.id}`);
    expect(posted).toHaveLength(1);
    const linesOf = (lines: Doc[]) =>
      lines.filter((line) => line.DetailType === 'SalesItemLineDetail').map((line) => [line.Description, line.Amount, line.SalesItemLineDetail.Qty ?? null]);
    expect(linesOf(posted[0]!.Line)).toEqual(linesOf(document.Line));
    expect(Math.round(Number(posted[0]!.TotalAmt) * 100)).toBe(body.expected.totalCents);

    const again = await preview(order.id);
    expect(again.body).toMatchObject({ ok: true, alreadyPosted: { entity: 'SalesReceipt', docNumber: `BC-${order.id}`, status: 'posted', qboId: posted[0]!.Id } });
    if (!again.body.ok) throw new Error(again.body.reason);
    expect(again.body.wouldCreate).toEqual([]);
    // Existing records by name, not id: the items and the customer posting created the first time.
    const itemIds = (again.body.document as Doc).Line.filter((line: Doc) => line.DetailType === 'SalesItemLineDetail').map((line: Doc) => line.SalesItemLineDetail.ItemRef.value);
    expect(itemIds.length).toBeGreaterThan(0);
    for (const id of itemIds.filter((id: string) => id !== 'SHIPPING_ITEM_ID')) expect(again.body.itemNames[id]).toBe(qboItem(id).Name);
    const customer = (harness.qbo.state.entities('Customer', harness.qbo.realmId) as Doc[]).find((row) => row.Id === posted[0]!.CustomerRef.value)!;
    expect(again.body.customerName).toBe(customer.DisplayName);
  });

  it('names every existing item, a fallback item no map knows included, with no QuickBooks call per line', async () => {
    const company = harness.qbo.state.company();
    const fallbackId = company.store.nextId('Item');
    company.store.put('Item', {
      Id: fallbackId, SyncToken: '0', domain: 'QBO', sparse: false, Name: 'Catch-all merchandise', FullyQualifiedName: 'Catch-all merchandise', Active: true, Type: 'NonInventory', IncomeAccountRef: { value: company.accounts.sales },
    });
    await getAppDeps().sync.settings.save(storeHash, { live: true, items: { autoCreate: false, fallbackItemId: fallbackId } }, ownerId);
    try {
      const custom = (sku: string) => ({ name: `Hand-made ${sku}`, sku, quantity: 1, price: '10.00' });
      const one = harness.sandbox.admin.createOrder(storeHash, { customer_id: 2, lines: [custom('MISC-ONE')], status_id: 11 });
      const many = harness.sandbox.admin.createOrder(storeHash, {
        customer_id: 2,
        lines: [custom('MISC-A'), custom('MISC-B'), custom('MISC-C'), custom('MISC-D'), { product_id: 111, quantity: 1 }],
        status_id: 11,
      });
      const requests = () => harness.qbo.state.counters.byRealm.get(harness.qbo.realmId)?.requests ?? 0;
      const costOf = async (orderId: number) => {
        const before = requests();
        const answer = await preview(orderId);
        if (!answer.body.ok) throw new Error(answer.body.reason);
        return { body: answer.body, calls: requests() - before };
      };
      const single = await costOf(one.id);
      const multiple = await costOf(many.id);

      expect(single.body.itemNames).toEqual({ [fallbackId]: 'Catch-all merchandise' });
      const lines = (multiple.body.document as Doc).Line.filter((line: Doc) => line.DetailType === 'SalesItemLineDetail') as Doc[];
      expect(lines).toHaveLength(5);
      for (const line of lines) expect(multiple.body.itemNames[line.SalesItemLineDetail.ItemRef.value]).toBe(qboItem(line.SalesItemLineDetail.ItemRef.value).Name);
      expect(Object.values(multiple.body.itemNames)).toContain('Catch-all merchandise');
      expect(multiple.body.wouldCreate).toEqual([]);
      // Five lines cost what one does: names come from the maps, and the rest from one query for all of them.
      expect(multiple.calls).toBe(single.calls);
    } finally {
      await getAppDeps().sync.settings.save(storeHash, { live: true }, ownerId);
    }
  });

  it('explains an order that could not post, and answers bad or unknown order numbers clearly', async () => {
    await getAppDeps().sync.settings.save(storeHash, { live: true, items: { autoCreate: false } }, ownerId);
    try {
      const order = harness.sandbox.admin.createOrder(storeHash, {
        customer_id: 1,
        lines: [{ name: 'Hand-made bowl', sku: 'BOWL-PREVIEW-1', quantity: 1, price: '20.00' }],
        status_id: 11,
      });
      const { body } = await preview(order.id);
      expect(body.ok).toBe(false);
      if (!body.ok) expect(body.reason).toContain('BOWL-PREVIEW-1');
    } finally {
      await getAppDeps().sync.settings.save(storeHash, { live: true }, ownerId);
    }
    expect((await preview(999_999)).body).toMatchObject({ ok: false, reason: expect.stringMatching(/does not exist/) });
    for (const bad of ['abc', '-1', '1.5', '9'.repeat(20)]) expect((await preview(bad)).status).toBe(400);
    expect((await harness.api('/api/app/orders/1/preview', undefined)).status).toBe(401);
  });
});
