/**
 * Orders end to end: an order placed in the BigCommerce sandbox → its webhooks → the app's intake → the
 * queue → the worker's order job → the document in the QuickBooks sandbox company, asserted field by field,
 * with zero duplicates. Real HTTP on loopback, the Firestore emulator, both sandboxes.
 */
import { getAppDeps } from '@/lib/app-deps';
import { resetConfigForTests } from '@/lib/env';
import { getTestDb } from '@/test/firestore-test-helpers';
import { startAppHarness, type AppHarness } from '@/test/app-harness';
import { drainQueue } from '@/test/queue-test-helpers';

let harness: AppHarness;
let storeHash: string;
let sessionToken: string;

beforeAll(async () => {
  harness = await startAppHarness({ quickbooks: { companies: [{ country: 'US', name: 'Craft Supplies LLC' }] } });
  const { store, token } = await harness.openNewStore();
  storeHash = store.hash;
  sessionToken = token;
  const { callback } = await harness.connectQuickBooks(token);
  expect(callback.status).toBe(200);
  await getAppDeps().sync.settings.save(storeHash, { live: true }, store.ownerId);
});

afterAll(async () => {
  await harness?.stop();
});

// Whatever a scenario does, the QuickBooks companies never hold two documents with one DocNumber, and the
// app accepts every webhook BigCommerce delivers on the first attempt.
afterEach(() => {
  const refused = harness.sandbox.webhooks.log.filter((delivery) => delivery.attempts.some((attempt) => attempt.status !== 200));
  expect(refused.map((delivery) => `${delivery.scope}: ${delivery.attempts.map((attempt) => attempt.status).join(',')}`)).toEqual([]);
  for (const company of harness.qbo.state.companies.values()) {
    for (const type of ['SalesReceipt', 'Invoice', 'RefundReceipt', 'CreditMemo']) {
      const numbers = (harness.qbo.state.entities(type, company.realmId) as Doc[]).map((doc) => String(doc.DocNumber));
      expect(numbers.filter((number, index) => numbers.indexOf(number) !== index)).toEqual([]);
    }
  }
});

function drain(passes = 5, clock: () => number = Date.now): Promise<void> {
  return drainQueue(harness, storeHash, passes, clock);
}

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const documents = (type: string): Doc[] => harness.qbo.state.entities(type, harness.qbo.realmId) as Doc[];
const withDocNumber = (type: string, docNumber: string) => documents(type).filter((doc) => doc.DocNumber === docNumber);
const cents = (amount: unknown) => Math.round(Number(amount) * 100);

/** The order as BigCommerce's v2 API shows it to the app (the amounts QuickBooks must match). */
async function bigCommerceOrder(hash: string, orderId: number): Promise<Doc> {
  const response = await fetch(`${harness.sandbox.apiUrl}/stores/${hash}/v2/orders/${orderId}`, {
    headers: { 'X-Auth-Token': harness.accessTokensOf(hash).at(-1)!, Accept: 'application/json' },
  });
  return (await response.json()) as Doc;
}

describe('a paid order in a US company with Automated Sales Tax', () => {
  it('becomes one Sales Receipt with the order’s lines, date, customer and totals, exactly once', async () => {
    harness.sandbox.admin.setWebhookMode({ duplicates: 3 });
    let order;
    try {
      order = harness.sandbox.admin.createOrder(storeHash, {
        customer_id: 1,
        lines: [{ product_id: 111, quantity: 2 }],
        shipping: { cost: '7.50' },
        tax: { rate: '8.25' },
        status_id: 11,
      });
      await drain();
    } finally {
      harness.sandbox.admin.setWebhookMode({ duplicates: 1 });
    }
    const bc = await harness.sandbox.state.stores.get(storeHash)!.orders.get(order.id);
    expect(bc).toBeDefined();

    const receipts = withDocNumber('SalesReceipt', `BC-${order.id}`);
    expect(receipts).toHaveLength(1);
    const receipt = receipts[0]!;
    const job = (await getAppDeps().jobs.get(storeHash, `order-${order.id}`))!;
    expect(job.status).toBe('done');

    const view = await bigCommerceOrder(storeHash, order.id);
    expect(String(receipt.TotalAmt)).toBe(String(Number(view.total_inc_tax)));
    expect(String(receipt.TxnTaxDetail.TotalTax)).toBe(String(Number(view.total_tax)));
    expect(receipt.TxnDate).toBe(new Date(Date.parse(view.date_created)).toISOString().slice(0, 10));
    expect(receipt.CustomerRef.value).toBeTruthy();
    const itemLines = (receipt.Line as Doc[]).filter((line) => line.DetailType === 'SalesItemLineDetail');
    expect(itemLines.some((line) => line.SalesItemLineDetail.Qty === 2)).toBe(true);

    const ledger = (await getAppDeps().sync.ledger.get(storeHash, `order-${order.id}`))!;
    expect(ledger).toMatchObject({ status: 'posted', entity: 'SalesReceipt', qboId: receipt.Id, docNumber: `BC-${order.id}` });
    const connection = (await getAppDeps().quickbooks.connections.get(storeHash))!;
    expect(connection.postedRealmIds).toEqual([harness.qbo.realmId]);

    // Replaying the job changes nothing in QuickBooks.
    await getAppDeps().jobs.replay(storeHash, [`order-${order.id}`]);
    await drain();
    expect(withDocNumber('SalesReceipt', `BC-${order.id}`)).toHaveLength(1);
  });
});

describe('statuses', () => {
  it('costs one BigCommerce call for a new paid order from a registered customer', async () => {
    const order = harness.sandbox.admin.createOrder(storeHash, { customer_id: 2, lines: [{ product_id: 111, quantity: 1 }], shipping: { cost: '5.00' }, status_id: 11 });
    await harness.sandbox.webhooksIdle();
    const before = harness.sandbox.state.stats.byStore[storeHash]?.requests ?? 0;
    await drain();
    expect(withDocNumber('SalesReceipt', `BC-${order.id}`)).toHaveLength(1);
    expect((harness.sandbox.state.stats.byStore[storeHash]?.requests ?? 0) - before).toBe(1);
  });

  it('does not post an order awaiting payment, and posts it once it is paid', async () => {
    const order = harness.sandbox.admin.createOrder(storeHash, { customer_id: 1, lines: [{ product_id: 111, quantity: 1 }], status_id: 7 });
    await drain();
    expect(withDocNumber('SalesReceipt', `BC-${order.id}`)).toHaveLength(0);

    harness.sandbox.admin.payOrder(storeHash, order.id);
    await drain();
    expect(withDocNumber('SalesReceipt', `BC-${order.id}`)).toHaveLength(1);
  });
});

describe('drain endpoint for external schedulers', () => {
  const drainSecret = 'drain-secret-0123456789-0123456789-abcdef';
  const callDrain = (authorization?: string) =>
    harness.get('/api/sync/drain', { method: 'POST', headers: authorization ? { Authorization: authorization } : {} });

  afterEach(() => {
    delete process.env.SYNC_DRAIN_SECRET;
    resetConfigForTests();
  });

  it('is off without a secret, refuses a wrong one, and runs a queue pass with the right one', async () => {
    expect((await callDrain(`Bearer ${drainSecret}`)).status).toBe(404);
    process.env.SYNC_DRAIN_SECRET = drainSecret;
    resetConfigForTests();
    const order = harness.sandbox.admin.createOrder(storeHash, { customer_id: 1, lines: [{ product_id: 111, quantity: 4 }], status_id: 11 });
    await harness.sandbox.webhooksIdle();
    expect((await callDrain('Bearer wrong')).status).toBe(401);
    expect((await callDrain()).status).toBe(401);
    expect(withDocNumber('SalesReceipt', `BC-${order.id}`)).toHaveLength(0);

    const answer = await callDrain(`Bearer ${drainSecret}`);

    expect(answer.status).toBe(200);
    expect(answer.body.done).toBeGreaterThanOrEqual(1);
    expect(withDocNumber('SalesReceipt', `BC-${order.id}`)).toHaveLength(1);
  });
});

describe('after posting', () => {
  it('posts a partial then a full refund as Refund Receipts, each once, adding up to the order', async () => {
    const order = harness.sandbox.admin.createOrder(storeHash, {
      customer_id: 1,
      lines: [{ product_id: 111, quantity: 3 }],
      tax: { rate: '8.25' },
      status_id: 11,
    });
    await drain();
    const receipt = withDocNumber('SalesReceipt', `BC-${order.id}`)[0]!;
    const productLineId = harness.sandbox.state.stores.get(storeHash)!.orders.get(order.id)!.lines[0]!.id;

    harness.sandbox.admin.refundOrder(storeHash, order.id, { items: [{ item_type: 'PRODUCT', item_id: productLineId, quantity: 1 }] });
    await drain();
    expect(documents('RefundReceipt').filter((doc) => String(doc.DocNumber).startsWith(`BC-${order.id}-R`))).toHaveLength(1);

    harness.sandbox.admin.refundOrder(storeHash, order.id, { items: [{ item_type: 'PRODUCT', item_id: productLineId, quantity: 2 }] });
    await drain();
    await drain();
    const refunds = documents('RefundReceipt').filter((doc) => String(doc.DocNumber).startsWith(`BC-${order.id}-R`));
    expect(refunds).toHaveLength(2);
    const refundedCents = refunds.reduce((sum, doc) => sum + Math.round(Number(doc.TotalAmt) * 100), 0);
    expect(refundedCents).toBe(Math.round(Number(receipt.TotalAmt) * 100));
    expect(withDocNumber('SalesReceipt', `BC-${order.id}`)).toHaveLength(1);
  });

  it('updates the document in place when the order is edited after posting, and verifies the new totals', async () => {
    const order = harness.sandbox.admin.createOrder(storeHash, { customer_id: 1, lines: [{ product_id: 111, quantity: 2 }], tax: { rate: '8.25' }, status_id: 11 });
    await drain();
    const before = withDocNumber('SalesReceipt', `BC-${order.id}`)[0]!;
    const lineId = harness.sandbox.state.stores.get(storeHash)!.orders.get(order.id)!.lines[0]!.id;

    harness.sandbox.admin.editOrder(storeHash, order.id, { lines: [{ id: lineId, quantity: 5 }] });
    await drain();

    const after = withDocNumber('SalesReceipt', `BC-${order.id}`);
    expect(after).toHaveLength(1);
    expect(after[0]!.Id).toBe(before.Id);
    expect(Number(after[0]!.SyncToken)).toBeGreaterThan(Number(before.SyncToken));
    const view = await bigCommerceOrder(storeHash, order.id);
    expect(String(after[0]!.TotalAmt)).toBe(String(Number(view.total_inc_tax)));
    expect(Number(after[0]!.TotalAmt)).toBeGreaterThan(Number(before.TotalAmt));

    // A status change alone (shipped) changes nothing in QuickBooks.
    const syncToken = after[0]!.SyncToken;
    harness.sandbox.admin.shipOrder(storeHash, order.id);
    await drain();
    expect(withDocNumber('SalesReceipt', `BC-${order.id}`)[0]!.SyncToken).toBe(syncToken);
  });

  it('voids the document when the order is cancelled after posting', async () => {
    const order = harness.sandbox.admin.createOrder(storeHash, { customer_id: 1, lines: [{ product_id: 111, quantity: 1 }], status_id: 11 });
    await drain();
    expect(withDocNumber('SalesReceipt', `BC-${order.id}`)).toHaveLength(1);

    harness.sandbox.admin.cancelOrder(storeHash, order.id);
    await drain();

    const [receipt] = withDocNumber('SalesReceipt', `BC-${order.id}`);
    expect(Number(receipt!.TotalAmt)).toBe(0);
    expect(String(receipt!.PrivateNote ?? '')).toMatch(/Voided/i);
    expect((await getAppDeps().sync.ledger.get(storeHash, `order-${order.id}`))?.status).toBe('voided');

    // Later events about the cancelled order post nothing new.
    await getAppDeps().jobs.replay(storeHash, [`order-${order.id}`]);
    await drain();
    expect(withDocNumber('SalesReceipt', `BC-${order.id}`)).toHaveLength(1);
  });
});

describe('discounts, charges and redemptions', () => {
  it('coupon + automatic promotion + shipping + handling + gift wrapping: every charge and discount on its line, to the cent', async () => {
    const order = harness.sandbox.admin.createOrder(storeHash, {
      customer_id: 1,
      lines: [
        { product_id: 111, quantity: 2 },
        { product_id: 114, quantity: 1, wrapping: { name: 'Gift Wrap', cost: '5.00' } },
      ],
      coupon: { code: 'SAVE10', name: 'Save 10', type: 'per_total_discount', amount: '10.00' },
      promotion: { name: 'Spring Sale', amount: '3.00' },
      shipping: { cost: '12.00', method: 'Flat Rate' },
      handling: { cost: '3.00' },
      tax: { rate: '8.25' },
      payment: { gateway: 'stripe' },
      status_id: 11,
    });
    await drain();
    const receipts = withDocNumber('SalesReceipt', `BC-${order.id}`);
    expect(receipts).toHaveLength(1);
    const lines = receipts[0]!.Line as Doc[];
    const itemLines = lines.filter((line) => line.DetailType === 'SalesItemLineDetail');
    expect(itemLines.map((line) => [line.Description, line.Amount, line.SalesItemLineDetail.Qty ?? null, line.SalesItemLineDetail.UnitPrice ?? null])).toEqual([
      ['Orbit Terrarium - Large', 218, 2, 109],
      ['Chemex Coffeemaker 3 Cup', 49.5, 1, 49.5],
      ['Shipping: Flat Rate', 12, null, null],
      ['Handling', 3, 1, 3],
      ['Gift wrapping (Gift Wrap): Chemex Coffeemaker 3 Cup', 5, 1, 5],
    ]);
    expect(itemLines[2]!.SalesItemLineDetail.ItemRef.value).toBe('SHIPPING_ITEM_ID'); // the company allows shipping
    expect(itemLines.every((line) => line.SalesItemLineDetail.TaxCodeRef.value === 'TAX')).toBe(true);
    const discounts = lines.filter((line) => line.DetailType === 'DiscountLineDetail');
    expect(discounts).toHaveLength(1);
    expect(discounts[0]!.Amount).toBe(13);
    expect(discounts[0]!.Description).toBe('Coupon SAVE10 (Save 10) 10.00; Spring Sale (automatic) 3.00');

    const view = await bigCommerceOrder(storeHash, order.id);
    expect(view.coupon_discount).toBe('10.0000');
    expect(view.discount_amount).toBe('13.0000');
    expect(cents(receipts[0]!.TotalAmt)).toBe(cents(view.total_inc_tax));
    expect(cents(receipts[0]!.TxnTaxDetail.TotalTax)).toBe(cents(view.total_tax));
    // What QuickBooks adds up: lines − discount + BigCommerce's tax.
    const net = itemLines.reduce((sum, line) => sum + cents(line.Amount), 0) - 1300;
    expect(net + cents(view.total_tax)).toBe(cents(view.total_inc_tax));
  });

  it('gift certificate and store credit: needs attention until their liability accounts are chosen, then negative liability lines', async () => {
    const deps = getAppDeps();
    const owner = harness.sandbox.state.stores.get(storeHash)!.ownerId;
    const order = harness.sandbox.admin.createOrder(storeHash, {
      customer_id: 1,
      lines: [{ product_id: 111, quantity: 1 }],
      shipping: { cost: '10.00' },
      tax: { rate: '8.25' },
      redeemed: { gift_certificate: '25.00', store_credit: '10.00' },
      status_id: 11,
    });
    await drain();
    const job = (await deps.jobs.get(storeHash, `order-${order.id}`))!;
    expect(job.status).toBe('needs_attention');
    expect(job.lastError?.message).toBe('This order used a gift certificate; choose the liability account for gift certificates in Settings › Accounts.');
    expect(withDocNumber('SalesReceipt', `BC-${order.id}`)).toHaveLength(0);

    // The bookkeeper adds the liability accounts in QuickBooks.
    const giftLiability = harness.qbo.state.addLiabilityAccount(harness.qbo.realmId, 'Gift Certificates Outstanding');
    const creditLiability = harness.qbo.state.addLiabilityAccount(harness.qbo.realmId, 'Store Credit Owed');
    await deps.sync.settings.save(storeHash, { live: true, accounts: { giftCertificateAccountId: giftLiability, storeCreditAccountId: creditLiability } }, owner);
    try {
      await deps.jobs.replay(storeHash, [`order-${order.id}`]);
      await drain();
    } finally {
      await deps.sync.settings.save(storeHash, { live: true }, owner);
    }
    const receipts = withDocNumber('SalesReceipt', `BC-${order.id}`);
    expect(receipts).toHaveLength(1);
    const view = await bigCommerceOrder(storeHash, order.id);
    const redemptionLines = (receipts[0]!.Line as Doc[])
      .filter((line) => line.DetailType === 'SalesItemLineDetail' && line.Amount < 0)
      .map((line) => {
        const item = (harness.qbo.state.entities('Item', harness.qbo.realmId) as Doc[]).find((candidate) => candidate.Id === line.SalesItemLineDetail.ItemRef.value)!;
        return [line.Description, line.Amount, item.IncomeAccountRef.value];
      });
    expect(redemptionLines).toEqual([
      ['Gift certificate redeemed', -25, giftLiability],
      ['Store credit redeemed', -10, creditLiability],
    ]);
    // Revenue and tax stay at the full order value; the receipt holds what the card paid.
    expect(cents(receipts[0]!.TxnTaxDetail.TotalTax)).toBe(cents(view.total_tax));
    expect(cents(receipts[0]!.TotalAmt)).toBe(cents(view.total_inc_tax) - 3500);
  });
});

describe('cancelled after posting in a closed period', () => {
  it('reverses the document with a credit memo dated in the open period, once, leaving the closed period untouched', async () => {
    const deps = getAppDeps();
    const order = harness.sandbox.admin.createOrder(storeHash, {
      customer_id: 1,
      lines: [{ product_id: 111, quantity: 2 }],
      shipping: { cost: '7.50' },
      tax: { rate: '8.25' },
      status_id: 11,
      date_created: '2026-09-14T15:00:00Z',
    });
    await drain();
    const receipt = withDocNumber('SalesReceipt', `BC-${order.id}`)[0]!;
    expect(receipt.TxnDate).toBe('2026-09-14');

    // The bookkeeper closes September; the app's copy of the company settings doesn't know yet.
    harness.qbo.state.updateCompany(harness.qbo.realmId, { closedThrough: '2026-09-30' });
    try {
      harness.sandbox.admin.cancelOrder(storeHash, order.id);
      await drain();
      await deps.jobs.replay(storeHash, [`order-${order.id}`]);
      await drain();
    } finally {
      harness.qbo.state.updateCompany(harness.qbo.realmId, { closedThrough: null });
    }

    const untouched = withDocNumber('SalesReceipt', `BC-${order.id}`)[0]!;
    expect([untouched.TotalAmt, untouched.SyncToken]).toEqual([receipt.TotalAmt, receipt.SyncToken]);
    const memos = withDocNumber('CreditMemo', `BC-${order.id}-C`);
    expect(memos).toHaveLength(1);
    const memo = memos[0]!;
    expect(memo.TxnDate >= '2026-10-01').toBe(true);
    expect(memo.CustomerRef.value).toBe(receipt.CustomerRef.value);
    expect(cents(memo.TotalAmt)).toBe(cents(receipt.TotalAmt));
    expect(cents(memo.TxnTaxDetail.TotalTax)).toBe(cents(receipt.TxnTaxDetail.TotalTax));
    const itemLines = (doc: Doc) =>
      (doc.Line as Doc[]).filter((line) => line.DetailType === 'SalesItemLineDetail').map((line) => [line.SalesItemLineDetail.ItemRef.value, line.Amount]);
    expect(itemLines(memo)).toEqual(itemLines(receipt));
    expect(String(memo.PrivateNote)).toContain(`reverses sales receipt BC-${order.id}`);
    expect(await deps.sync.ledger.get(storeHash, `order-${order.id}`)).toMatchObject({ status: 'voided', reversedBy: `BC-${order.id}-C` });
    expect(await deps.sync.ledger.get(storeHash, `cancel-${order.id}`)).toMatchObject({ status: 'posted', entity: 'CreditMemo', qboId: memo.Id });
  });
});

describe('needs attention', () => {
  it('an unmapped SKU with auto-create off says which SKU, posts nothing, and posts after the fix', async () => {
    const deps = getAppDeps();
    const owner = harness.sandbox.state.stores.get(storeHash)!.ownerId;
    await deps.sync.settings.save(storeHash, { live: true, items: { autoCreate: false } }, owner);
    try {
      const order = harness.sandbox.admin.createOrder(storeHash, {
        customer_id: 1,
        lines: [{ name: 'Hand-made mug', sku: 'MUG-UNMAPPED-1', quantity: 1, price: '12.00' }],
        status_id: 11,
      });
      await drain();
      const job = (await deps.jobs.get(storeHash, `order-${order.id}`))!;
      expect(job.status).toBe('needs_attention');
      expect(job.lastError?.message).toContain('MUG-UNMAPPED-1');
      expect(withDocNumber('SalesReceipt', `BC-${order.id}`)).toHaveLength(0);

      await deps.sync.settings.save(storeHash, { live: true }, owner);
      await deps.jobs.replay(storeHash, [`order-${order.id}`]);
      await drain();
      expect(withDocNumber('SalesReceipt', `BC-${order.id}`)).toHaveLength(1);
    } finally {
      await deps.sync.settings.save(storeHash, { live: true }, owner);
    }
  });
});

describe('invoices', () => {
  it('an unpaid order set to post as an invoice gets its Payment once captured', async () => {
    const deps = getAppDeps();
    const owner = harness.sandbox.state.stores.get(storeHash)!.ownerId;
    await deps.sync.settings.save(
      storeHash,
      { live: true, postingStatusIds: [7, 11, 9, 8, 3, 2, 10], documentRules: [{ document: 'invoice', statusIds: [7] }] },
      owner,
    );
    try {
      const order = harness.sandbox.admin.createOrder(storeHash, { customer_id: 1, lines: [{ product_id: 111, quantity: 2 }], status_id: 7 });
      await drain();
      const invoices = withDocNumber('Invoice', `BC-${order.id}`);
      expect(invoices).toHaveLength(1);
      expect(Number(invoices[0]!.Balance)).toBe(Number(invoices[0]!.TotalAmt));

      harness.sandbox.admin.payOrder(storeHash, order.id);
      await drain();

      const payments = documents('Payment').filter((payment) =>
        (payment.Line as Doc[] | undefined)?.some((line) => (line.LinkedTxn as Doc[]).some((link) => link.TxnId === invoices[0]!.Id)),
      );
      expect(payments).toHaveLength(1);
      expect(Number(payments[0]!.TotalAmt)).toBe(Number(invoices[0]!.TotalAmt));
      expect(Number(withDocNumber('Invoice', `BC-${order.id}`)[0]!.Balance)).toBe(0);
      expect(withDocNumber('SalesReceipt', `BC-${order.id}`)).toHaveLength(0);

      // Cancelled once paid: QuickBooks won't void an invoice with a payment applied, so the payment goes first.
      harness.sandbox.admin.cancelOrder(storeHash, order.id);
      await drain();
      expect(Number(documents('Payment').find((payment) => payment.Id === payments[0]!.Id)!.TotalAmt)).toBe(0);
      expect(Number(withDocNumber('Invoice', `BC-${order.id}`)[0]!.TotalAmt)).toBe(0);
      expect((await deps.jobs.get(storeHash, `order-${order.id}`))!.status).toBe('done');
    } finally {
      await deps.sync.settings.save(storeHash, { live: true }, owner);
    }
  });
});

describe('QuickBooks failures', () => {
  it('a timeout after QuickBooks committed the create does not duplicate the document', async () => {
    harness.qbo.faults.inject({ method: 'POST', path: '/salesreceipt', commitThenDrop: 'destroy', times: 1 });
    const order = harness.sandbox.admin.createOrder(storeHash, { customer_id: 1, lines: [{ product_id: 111, quantity: 5 }], status_id: 11 });
    await drain(12);

    expect(withDocNumber('SalesReceipt', `BC-${order.id}`)).toHaveLength(1);
    const job = (await getAppDeps().jobs.get(storeHash, `order-${order.id}`))!;
    expect(job.status).toBe('done');
    const timeline = await getAppDeps().sync.audit.timeline(storeHash, `order-${order.id}`);
    expect(timeline.some((entry) => /already created/.test(entry.summary))).toBe(true);
  });

  it('an order cancelled while its first create was ambiguous: what QuickBooks kept is voided, what it never got is not created', async () => {
    const deps = getAppDeps();
    // Committed, then the answer was lost; the order is cancelled before the retry.
    harness.qbo.faults.inject({ method: 'POST', path: '/salesreceipt', commitThenDrop: 'destroy', times: 1 });
    const kept = harness.sandbox.admin.createOrder(storeHash, { customer_id: 1, lines: [{ product_id: 111, quantity: 1 }], status_id: 11 });
    await drain(1);
    expect(await deps.sync.ledger.get(storeHash, `order-${kept.id}`)).toMatchObject({ status: 'pending' });
    harness.sandbox.admin.cancelOrder(storeHash, kept.id);
    await drain(12);
    const voided = withDocNumber('SalesReceipt', `BC-${kept.id}`);
    expect(voided).toHaveLength(1);
    expect(Number(voided[0]!.TotalAmt)).toBe(0);
    expect((await deps.sync.ledger.get(storeHash, `order-${kept.id}`))?.status).toBe('voided');

    // Refused before commit (503), then cancelled: nothing is ever created.
    harness.qbo.faults.inject({ method: 'POST', path: '/salesreceipt', status: 503, times: 1 });
    const lost = harness.sandbox.admin.createOrder(storeHash, { customer_id: 1, lines: [{ product_id: 111, quantity: 1 }], status_id: 11 });
    await drain(1);
    expect(await deps.sync.ledger.get(storeHash, `order-${lost.id}`)).toMatchObject({ status: 'pending' });
    harness.sandbox.admin.cancelOrder(storeHash, lost.id);
    await drain(12);
    expect(withDocNumber('SalesReceipt', `BC-${lost.id}`)).toHaveLength(0);
    expect((await deps.sync.ledger.get(storeHash, `order-${lost.id}`))?.status).toBe('voided');
    expect((await deps.jobs.get(storeHash, `order-${lost.id}`))!.status).toBe('done');
  });

  it('a 429 storm delays the order, never loses or duplicates it', async () => {
    harness.qbo.faults.inject({ path: '/v3/company/*', status: 429, times: 6 });
    const order = harness.sandbox.admin.createOrder(storeHash, { customer_id: 1, lines: [{ product_id: 111, quantity: 6 }], status_id: 11 });
    // QuickBooks gives no Retry-After: the queue pauses the company for a minute. Let the queue's clock run
    // ahead a minute per round instead of waiting.
    let offset = 0;
    const rounds: number[] = [];
    for (let round = 0; round < 10 && withDocNumber('SalesReceipt', `BC-${order.id}`).length === 0; round += 1) {
      await drain(2, () => Date.now() + offset);
      offset += 61_000;
      rounds.push(round);
    }
    expect(rounds.length).toBeGreaterThan(1);
    harness.qbo.faults.clear();
    expect(withDocNumber('SalesReceipt', `BC-${order.id}`)).toHaveLength(1);
    // The pause was set on the queue's run-ahead clock: lift it for the tests that follow.
    await getTestDb().doc(`realms/${harness.qbo.realmId}`).set({ throttledUntil: null }, { merge: true });
  });
});

describe('one store failing', () => {
  it('does not hold up another store’s orders', async () => {
    const other = await harness.openNewStore();
    const company = harness.qbo.addCompany({ country: 'US', name: 'Broken Books Inc' });
    expect((await harness.connectQuickBooks(other.token, { realmId: company.realmId })).callback.status).toBe(200);
    await getAppDeps().sync.settings.save(other.store.hash, { live: true }, other.store.ownerId);
    harness.qbo.faults.inject({ realmId: company.realmId, status: 503, times: Infinity });
    try {
      const failing = harness.sandbox.admin.createOrder(other.store.hash, { customer_id: 1, lines: [{ product_id: 111, quantity: 1 }], status_id: 11 });
      const healthy = harness.sandbox.admin.createOrder(storeHash, { customer_id: 1, lines: [{ product_id: 111, quantity: 7 }], status_id: 11 });
      await drain(4);

      expect(withDocNumber('SalesReceipt', `BC-${healthy.id}`)).toHaveLength(1);
      const stuck = (await getAppDeps().jobs.get(other.store.hash, `order-${failing.id}`))!;
      expect(['pending', 'dead']).toContain(stuck.status);
      expect(stuck.attempts).toBeGreaterThan(0);
      expect(stuck.lastError?.message).toBeTruthy();
    } finally {
      harness.qbo.faults.clear();
    }
  });
});

describe('losing the QuickBooks grant mid-run', () => {
  it('parks the orders, tells the merchant, and posts them after reconnecting', async () => {
    harness.qbo.oauth.revokeRealm(harness.qbo.realmId);
    const deps = getAppDeps();
    const orders = [1, 2].map((quantity) =>
      harness.sandbox.admin.createOrder(storeHash, { customer_id: 1, lines: [{ product_id: 111, quantity: quantity + 10 }], status_id: 11 }),
    );
    await drain(4);

    for (const order of orders) {
      expect((await deps.jobs.get(storeHash, `order-${order.id}`))?.status).toBe('parked');
      expect(withDocNumber('SalesReceipt', `BC-${order.id}`)).toHaveLength(0);
    }
    const view = await harness.api('/api/app/quickbooks/connection', sessionToken);
    expect(view.body).toMatchObject({ status: 'needs_reconnect', parkedJobs: 2 });

    const reconnect = await harness.connectQuickBooks(sessionToken);
    expect(reconnect.callback.status).toBe(200);
    await drain(4);

    for (const order of orders) {
      expect(withDocNumber('SalesReceipt', `BC-${order.id}`)).toHaveLength(1);
      expect((await deps.jobs.get(storeHash, `order-${order.id}`))?.status).toBe('done');
    }
  });
});

describe('customers', () => {
  it('a guest order posts to a customer keyed by the guest’s e-mail, reused by their next order', async () => {
    const guest = { first_name: 'Gina', last_name: 'Guest', street_1: '1 Main Street', city: 'Austin', state: 'Texas', zip: '78701', country: 'United States', country_iso2: 'US', email: 'gina.guest@example.com' };
    const first = harness.sandbox.admin.createOrder(storeHash, { billing_address: guest, lines: [{ product_id: 111, quantity: 1 }], status_id: 11 });
    const second = harness.sandbox.admin.createOrder(storeHash, { billing_address: guest, lines: [{ product_id: 111, quantity: 2 }], status_id: 11 });
    await drain();

    const [a] = withDocNumber('SalesReceipt', `BC-${first.id}`);
    const [b] = withDocNumber('SalesReceipt', `BC-${second.id}`);
    expect(a!.CustomerRef.value).toBe(b!.CustomerRef.value);
    const customer = (harness.qbo.state.entities('Customer', harness.qbo.realmId) as Doc[]).find((row) => row.Id === a!.CustomerRef.value)!;
    expect(customer.PrimaryEmailAddr.Address).toBe('gina.guest@example.com');
    expect(customer.DisplayName).toContain('Gina Guest');
    const named = (harness.qbo.state.entities('Customer', harness.qbo.realmId) as Doc[]).filter((row) => row.PrimaryEmailAddr?.Address === 'gina.guest@example.com');
    expect(named).toHaveLength(1);
  });

  it('a registered customer’s address change reaches their QuickBooks customer', async () => {
    const order = harness.sandbox.admin.createOrder(storeHash, { customer_id: 2, lines: [{ product_id: 111, quantity: 1 }], status_id: 11 });
    await drain();
    const [receipt] = withDocNumber('SalesReceipt', `BC-${order.id}`);
    const customerId = receipt!.CustomerRef.value as string;
    const john = harness.sandbox.state.stores.get(storeHash)!.customers.get(2)!;

    harness.sandbox.admin.updateCustomerAddress(storeHash, 2, john.addresses[0]!.id, { address1: '500 Harbor Way', city: 'Everett', postal_code: '98201' });
    await drain();

    const customer = (harness.qbo.state.entities('Customer', harness.qbo.realmId) as Doc[]).find((row) => row.Id === customerId)!;
    expect(JSON.stringify(customer.BillAddr ?? {}) + JSON.stringify(customer.ShipAddr ?? {})).toContain('500 Harbor Way');
    expect(Number(customer.SyncToken)).toBeGreaterThan(0);
    expect((await getAppDeps().jobs.get(storeHash, 'customer-2'))?.status).toBe('done');
  });
});

describe('UK VAT with tax-inclusive prices', () => {
  it('posts tax codes mapped from BigCommerce tax rates, tax-inclusive, to the penny', async () => {
    const company = harness.qbo.addCompany({ country: 'GB', name: 'Poultry Street Ltd', shippingAllowed: false });
    const uk = await harness.openNewStore({ currency: 'GBP', is_price_entered_with_tax: true });
    expect((await harness.connectQuickBooks(uk.token, { realmId: company.realmId })).callback.status).toBe(200);
    const profile = (await harness.api('/api/app/quickbooks/profile', uk.token)).body;
    const codeId = (name: string) => (profile.lists.taxCodes as Array<{ id: string; name: string }>).find((code) => code.name === name)!.id;
    await getAppDeps().sync.settings.save(
      uk.store.hash,
      { live: true, tax: { rateToTaxCode: { '1': codeId('20.0% S') }, exemptTaxCodeId: codeId('No VAT') } },
      uk.store.ownerId,
    );
    const order = harness.sandbox.admin.createOrder(uk.store.hash, {
      billing_address: { first_name: 'Ada', last_name: 'Lovelace', street_1: '1 Poultry', city: 'London', zip: 'EC2R 8EJ', country: 'United Kingdom', country_iso2: 'GB', email: 'ada@example.co.uk' },
      lines: [{ product_id: 111, quantity: 3 }],
      shipping: { cost: '4.99' },
      tax: { rate: '20', inclusive: true, name: 'VAT' },
      status_id: 11,
    });
    await drain(6);

    const receipts = (harness.qbo.state.entities('SalesReceipt', company.realmId) as Doc[]).filter((doc) => doc.DocNumber === `BC-${order.id}`);
    expect(receipts).toHaveLength(1);
    const receipt = receipts[0]!;
    const view = await bigCommerceOrder(uk.store.hash, order.id);
    expect(receipt.GlobalTaxCalculation).toBe('TaxInclusive');
    expect(String(receipt.TotalAmt)).toBe(String(Number(view.total_inc_tax)));
    expect(String(receipt.TxnTaxDetail.TotalTax)).toBe(String(Number(view.total_tax)));
    expect(receipt.CurrencyRef?.value ?? 'GBP').toBe('GBP');
    const taxedLines = (receipt.Line as Doc[]).filter((line) => line.SalesItemLineDetail?.TaxCodeRef?.value === codeId('20.0% S'));
    expect(taxedLines.length).toBeGreaterThan(0);
  });
});

describe('multicurrency', () => {
  it('a CAD order in a USD multicurrency company posts in CAD with the exchange rate, to a CAD customer', async () => {
    const company = harness.qbo.addCompany({ country: 'CA', name: 'Maple Goods Ltd', homeCurrency: 'USD', multiCurrency: true });
    const shop = await harness.openNewStore();
    expect((await harness.connectQuickBooks(shop.token, { realmId: company.realmId })).callback.status).toBe(200);
    const profile = (await harness.api('/api/app/quickbooks/profile', shop.token)).body;
    const codeId = (name: string) => (profile.lists.taxCodes as Array<{ id: string; name: string }>).find((code) => code.name === name)!.id;
    await getAppDeps().sync.settings.save(
      shop.store.hash,
      { live: true, tax: { rateToTaxCode: { '1': codeId('HST ON') }, exemptTaxCodeId: codeId('Exempt') } },
      shop.store.ownerId,
    );
    const order = harness.sandbox.admin.createOrder(shop.store.hash, {
      customer_id: 1,
      lines: [{ product_id: 111, quantity: 1 }],
      currency: { code: 'CAD', exchange_rate: '1.35' },
      shipping: { cost: '15.00' },
      tax: { rate: '13', name: 'HST' },
      status_id: 11,
    });
    await drain(6);

    const receipts = (harness.qbo.state.entities('SalesReceipt', company.realmId) as Doc[]).filter((doc) => doc.DocNumber === `BC-${order.id}`);
    expect(receipts).toHaveLength(1);
    const receipt = receipts[0]!;
    expect(receipt.CurrencyRef.value).toBe('CAD');
    expect(receipt.ExchangeRate).toBe(0.7407407407);
    const view = await bigCommerceOrder(shop.store.hash, order.id);
    expect(String(receipt.TotalAmt)).toBe(String(Number(view.total_inc_tax)));
    const customer = (harness.qbo.state.entities('Customer', company.realmId) as Doc[]).find((row) => row.Id === receipt.CustomerRef.value)!;
    expect(customer.CurrencyRef.value).toBe('CAD');
    expect(customer.DisplayName).toMatch(/\(CAD\)/);
  });
});

describe('events out of order', () => {
  it('created, paid and refunded events delivered shuffled end in the right documents, once each', async () => {
    harness.sandbox.admin.setWebhookMode({ shuffleWindowMs: 300, duplicates: 2 });
    let order;
    try {
      order = harness.sandbox.admin.createOrder(storeHash, {
        customer_id: 1,
        lines: [{ product_id: 111, quantity: 2, wrapping: { name: 'Gift box', cost: '3.00' } }],
        coupon: { code: 'SAVE5', type: 'per_total_discount', amount: '5.00' },
        shipping: { cost: '9.95' },
        handling: { cost: '2.00' },
        tax: { rate: '8.25' },
        status_id: 7,
      });
      harness.sandbox.admin.payOrder(storeHash, order.id);
      harness.sandbox.admin.refundOrder(storeHash, order.id, { items: [{ item_type: 'SHIPPING', item_id: harness.sandbox.state.stores.get(storeHash)!.orders.get(order.id)!.shippingAddresses[0]!.id }] });
      harness.sandbox.admin.flushWebhooks();
      await drain(6);
    } finally {
      harness.sandbox.admin.setWebhookMode({ shuffleWindowMs: 0, duplicates: 1 });
    }
    const view = await bigCommerceOrder(storeHash, order.id);
    const receipts = withDocNumber('SalesReceipt', `BC-${order.id}`);
    expect(receipts).toHaveLength(1);
    expect(String(receipts[0]!.TotalAmt)).toBe(String(Number(view.total_inc_tax)));
    expect(String(receipts[0]!.TxnTaxDetail.TotalTax)).toBe(String(Number(view.total_tax)));
    const refunds = documents('RefundReceipt').filter((doc) => String(doc.DocNumber).startsWith(`BC-${order.id}-R`));
    expect(refunds).toHaveLength(1);
  });
});

describe('backfill', () => {
  const json = (method: string, body?: unknown): RequestInit => ({
    method,
    headers: { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

  it('dry run counts and totals without posting; the real run posts once; cancel and resume', async () => {
    const deps = getAppDeps();
    const owner = harness.sandbox.state.stores.get(storeHash)!.ownerId;
    await deps.sync.settings.save(storeHash, { live: true, startDate: '2026-06-01' }, owner);
    try {
      const history = [1, 2, 3, 4].map((day) =>
        harness.sandbox.admin.createOrder(storeHash, {
          customer_id: 1,
          lines: [{ product_id: 111, quantity: day }],
          status_id: 10,
          date_created: `2026-01-0${day}T12:00:00Z`,
        }),
      );
      harness.sandbox.admin.createOrder(storeHash, { customer_id: 1, lines: [{ product_id: 111, quantity: 1 }], status_id: 0, date_created: '2026-01-05T12:00:00Z' });
      await drain();
      // Before the start date: webhooks alone post nothing.
      for (const order of history) expect(withDocNumber('SalesReceipt', `BC-${order.id}`)).toHaveLength(0);

      const dry = await harness.api('/api/app/backfill', sessionToken, json('POST', { from: '2026-01-01', to: '2026-01-31', dryRun: true }));
      expect(dry.status).toBe(202);
      expect(dry.body.backfill).toMatchObject({ status: 'running', expected: 5, dryRun: true });
      await drain();
      const dryResult = (await harness.api('/api/app/backfill', sessionToken)).body.backfill;
      const expectedCents = history.reduce((sum, order) => sum + Math.round(Number(harness.sandbox.state.stores.get(storeHash)!.orders.get(order.id)!.totalIncTax) / 100), 0);
      expect(dryResult).toMatchObject({ status: 'done', percent: 100, processed: 5, posted: 4, skipped: 1, failed: 0 });
      expect(dryResult.totals.USD).toBe(expectedCents);
      for (const order of history) expect(withDocNumber('SalesReceipt', `BC-${order.id}`)).toHaveLength(0);

      expect((await harness.api('/api/app/backfill', sessionToken, json('POST', { from: '2026-01-01', to: '2026-01-31', dryRun: false }))).status).toBe(202);
      expect((await harness.api('/api/app/backfill', sessionToken, json('POST', { from: '2026-01-01', to: '2026-01-31', dryRun: false }))).status).toBe(409);
      expect((await harness.api('/api/app/backfill', sessionToken, json('DELETE'))).body.backfill.status).toBe('cancelled');
      await drain();
      expect(history.every((order) => withDocNumber('SalesReceipt', `BC-${order.id}`).length === 0)).toBe(true);

      expect((await harness.api('/api/app/backfill', sessionToken, json('PUT'))).status).toBe(202);
      await drain();
      const real = (await harness.api('/api/app/backfill', sessionToken)).body.backfill;
      expect(real).toMatchObject({ status: 'done', percent: 100, posted: 4, skipped: 1, failed: 0 });
      for (const order of history) expect(withDocNumber('SalesReceipt', `BC-${order.id}`)).toHaveLength(1);

      // Running it again posts nothing twice.
      await harness.api('/api/app/backfill', sessionToken, json('POST', { from: '2026-01-01', to: '2026-01-31', dryRun: false }));
      await drain();
      for (const order of history) expect(withDocNumber('SalesReceipt', `BC-${order.id}`)).toHaveLength(1);
      expect((await harness.api('/api/app/backfill', sessionToken, json('POST', { from: '2026-02-01', to: '2026-01-01' }))).status).toBe(400);
    } finally {
      await deps.sync.settings.save(storeHash, { live: true }, owner);
    }
  });
});
