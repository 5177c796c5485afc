/**
 * The merchant's sync activity API over real HTTP (the routes behind the activity pages and, through them, the
 * retry buttons): orders placed in the BigCommerce sandbox, posted to the QuickBooks sandbox by the queue, then
 * listed with their DocNumbers, filtered, paged, opened as timelines, and replayed after a fix — asserting what
 * ended up in QuickBooks and Firestore, the store scoping, and the 400/401 answers. Orders a backfill brings over
 * appear there too (and on the dashboard and in the support drill-down), and replaying one posts it despite the
 * start date. The rest of the backfill API behind the backfill page is covered in order-sync.test.ts.
 */
import { getAppDeps } from '@/lib/app-deps';
import type { ActivityItem, ActivityPage, OrderTimeline } from '@/lib/activity/sync-activity';
import type { StoreDashboard } from '@/lib/dashboard/store-dashboard';
import { resetConfigForTests } from '@/lib/env';
import { hashPassword } from '@/lib/support/password-hash';
import { startAppHarness, type AppHarness } from '@/test/app-harness';
import { drainQueue } from '@/test/queue-test-helpers';

let harness: AppHarness;
let storeHash: string;
let ownerId: number;
let token: string;

/** A staff account for the support drill-down (cheap scrypt parameters; the login path is the same). */
const STAFF = { username: 'carol', password: 'carol-activity-backfill-pass' };

beforeAll(async () => {
  process.env.SUPPORT_STAFF = `${STAFF.username}:${await hashPassword(STAFF.password, { N: 1024, r: 8, p: 1 })}`;
  harness = await startAppHarness({ quickbooks: { companies: [{ country: 'US', name: 'Activity Books LLC' }] } });
  const opened = await harness.openNewStore();
  storeHash = opened.store.hash;
  ownerId = opened.store.ownerId;
  token = opened.token;
  expect((await harness.connectQuickBooks(token)).callback.status).toBe(200);
  await getAppDeps().sync.settings.save(storeHash, { live: true }, ownerId);
});

afterAll(async () => {
  await harness?.stop();
  delete process.env.SUPPORT_STAFF;
  resetConfigForTests();
});

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const receiptsNumbered = (docNumber: string) =>
  (harness.qbo.state.entities('SalesReceipt', harness.qbo.realmId) as Doc[]).filter((doc) => doc.DocNumber === docNumber);

const json = (method: string, body?: unknown): RequestInit => ({
  method,
  headers: { 'Content-Type': 'application/json' },
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
});

async function list(query = '', bearer = token): Promise<ActivityPage> {
  const answer = await harness.api(`/api/app/activity${query}`, bearer);
  expect(answer.status).toBe(200);
  return answer.body as ActivityPage;
}

async function timeline(orderId: number, bearer = token): Promise<OrderTimeline> {
  const answer = await harness.api(`/api/app/activity/${orderId}`, bearer);
  expect(answer.status).toBe(200);
  return answer.body as OrderTimeline;
}

const placePaidOrder = (quantity: number, hash = storeHash) =>
  harness.sandbox.admin.createOrder(hash, { customer_id: 1, lines: [{ product_id: 111, quantity }], status_id: 11 });

const dayOf = (iso: string, shiftDays = 0) => new Date(Date.parse(iso.slice(0, 10)) + shiftDays * 86_400_000).toISOString().slice(0, 10);

describe('the activity list', () => {
  let posted: number[];

  beforeAll(async () => {
    posted = [1, 2, 3, 4, 5].map((quantity) => placePaidOrder(quantity).id);
    await drainQueue(harness, storeHash, 8);
  });

  it('shows each posted order with its status, QuickBooks document and exact total', async () => {
    const { items } = await list('?limit=100');
    for (const orderId of posted) {
      const item = items.find((candidate) => candidate.orderId === orderId);
      expect(item).toMatchObject({ jobId: `order-${orderId}`, status: 'done', kind: 'order' });
      const receipt = receiptsNumbered(`BC-${orderId}`);
      expect(receipt).toHaveLength(1);
      expect(item!.document).toMatchObject({ entity: 'SalesReceipt', docNumber: `BC-${orderId}`, status: 'posted', qboId: receipt[0]!.Id, currency: 'USD' });
      expect(item!.document!.totalCents).toBe(Math.round(Number(receipt[0]!.TotalAmt) * 100));
      expect(item!.document!.reversedBy).toBeUndefined();
    }
  });

  it('filters by status, by one order number and by the day of the last change', async () => {
    expect((await list('?status=done&limit=100')).items.every((item) => item.status === 'done')).toBe(true);
    expect((await list('?status=done&limit=100')).items.map((item) => item.orderId)).toEqual(expect.arrayContaining(posted));
    const attention = await list('?status=needs_attention&limit=100');
    expect(attention.items.filter((item) => posted.includes(item.orderId!))).toEqual([]);

    const one = await list(`?order=${posted[2]}`);
    expect(one.items.map((item) => item.orderId)).toEqual([posted[2]]);
    expect(one.nextCursor).toBeUndefined();
    expect((await list(`?order=${posted[2]}&status=needs_attention`)).items).toEqual([]);
    expect((await list('?order=987654321')).items).toEqual([]);

    const updated = one.items[0]!.updatedAt;
    const sameDay = await list(`?from=${dayOf(updated)}&to=${dayOf(updated)}&limit=100`);
    expect(sameDay.items.map((item) => item.orderId)).toContain(posted[2]);
    expect((await list(`?from=${dayOf(updated, 1)}&limit=100`)).items.map((item) => item.orderId)).not.toContain(posted[2]);
    expect((await list(`?to=${dayOf(updated, -1)}&limit=100`)).items.map((item) => item.orderId)).not.toContain(posted[2]);
  });

  it('pages through every order exactly once, newest change first', async () => {
    const everything = (await list('?limit=100')).items;
    expect(everything.length).toBeGreaterThanOrEqual(posted.length);
    const seen: ActivityItem[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await list(`?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 50);
    expect(pages).toBe(Math.ceil(everything.length / 2));
    expect(seen.map((item) => item.jobId)).toEqual(everything.map((item) => item.jobId));
    expect(new Set(seen.map((item) => item.jobId)).size).toBe(seen.length);
    const times = seen.map((item) => Date.parse(item.updatedAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('opens a posted order’s timeline: webhook, fetched, QuickBooks request and response, outcome, in that order', async () => {
    const orderId = posted[0]!;
    const view = await timeline(orderId);
    expect(view.orderId).toBe(orderId);
    expect(view.job).toMatchObject({ status: 'done', attempts: 0 });
    const receipt = receiptsNumbered(`BC-${orderId}`)[0]!;
    expect(view.documents).toEqual([expect.objectContaining({ key: `order-${orderId}`, entity: 'SalesReceipt', docNumber: `BC-${orderId}`, qboId: receipt.Id })]);

    const types = view.timeline.map((entry) => entry.type);
    const first = (type: string) => types.indexOf(type as (typeof types)[number]);
    for (const type of ['webhook', 'fetched', 'quickbooks-request', 'quickbooks-response', 'outcome']) expect(first(type)).toBeGreaterThanOrEqual(0);
    expect(first('webhook')).toBeLessThan(first('fetched'));
    expect(first('fetched')).toBeLessThan(first('quickbooks-request'));
    expect(first('quickbooks-request')).toBeLessThan(first('quickbooks-response'));
    expect(first('quickbooks-response')).toBeLessThan(types.lastIndexOf('outcome'));
    const times = view.timeline.map((entry) => Date.parse(entry.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);

    const request = view.timeline.find((entry) => entry.type === 'quickbooks-request')!;
    expect(JSON.parse(request.detail!)).toMatchObject({ DocNumber: `BC-${orderId}` });
    const response = view.timeline.find((entry) => entry.type === 'quickbooks-response')!;
    expect(response.summary).toContain(receipt.Id);
    expect(JSON.stringify(view)).not.toMatch(/access_?token|refresh_?token/i);
  });
});

describe('an order that needs attention, fixed and replayed', () => {
  it('shows the plain-language reason, then posts exactly once after the fix and says who replayed it', async () => {
    const deps = getAppDeps();
    const owner = (await deps.stores.getStoreAndUser(storeHash, ownerId)).user!;
    await deps.sync.settings.save(storeHash, { live: true, items: { autoCreate: false } }, ownerId);
    const orderId = harness.sandbox.admin.createOrder(storeHash, {
      customer_id: 1,
      lines: [{ name: 'Hand-thrown bowl', sku: 'BOWL-UNMAPPED-7', quantity: 1, price: '24.00' }],
      status_id: 11,
    }).id;
    try {
      await drainQueue(harness, storeHash);

      const attention = await list('?status=needs_attention&limit=100');
      const row = attention.items.find((item) => item.orderId === orderId);
      expect(row).toMatchObject({ status: 'needs_attention' });
      expect(row!.lastError!.message).toContain('BOWL-UNMAPPED-7');
      expect(row!.document).toBeUndefined();
      const before = await timeline(orderId);
      expect(before.job!.lastError!.message).toContain('BOWL-UNMAPPED-7');
      expect(before.documents).toEqual([]);
      expect(receiptsNumbered(`BC-${orderId}`)).toHaveLength(0);
    } finally {
      await deps.sync.settings.save(storeHash, { live: true }, ownerId);
    }

    const answer = await harness.api('/api/app/activity/replay', token, json('POST', { orderIds: [orderId, 987654321] }));
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ queued: 1, orderIds: [orderId], unknown: [987654321] });
    expect((await deps.jobs.get(storeHash, `order-${orderId}`))!.status).toBe('pending');
    await drainQueue(harness, storeHash);

    expect(receiptsNumbered(`BC-${orderId}`)).toHaveLength(1);
    const after = await timeline(orderId);
    expect(after.job).toMatchObject({ status: 'done', attempts: 0 });
    expect(after.job!.lastError).toBeUndefined();
    expect(after.job!.document).toMatchObject({ docNumber: `BC-${orderId}`, status: 'posted' });
    const replayed = after.timeline.findIndex((entry) => entry.type === 'decided' && entry.summary.startsWith(`Replayed by ${owner.email}`));
    expect(replayed).toBeGreaterThanOrEqual(0);
    const postedAt = after.timeline.findIndex((entry) => entry.type === 'quickbooks-response');
    expect(postedAt).toBeGreaterThan(replayed);

    // Replaying a posted order runs it again without a second document.
    expect((await harness.api('/api/app/activity/replay', token, json('POST', { orderIds: [orderId] }))).body).toMatchObject({ queued: 1 });
    await drainQueue(harness, storeHash);
    expect(receiptsNumbered(`BC-${orderId}`)).toHaveLength(1);
    expect((await list(`?order=${orderId}`)).items[0]).toMatchObject({ status: 'done', document: { docNumber: `BC-${orderId}` } });
  });
});

describe('voided and reversed documents', () => {
  it('marks a cancelled order’s document voided, and one in a closed period reversed by its credit memo', async () => {
    const voided = placePaidOrder(3).id;
    await drainQueue(harness, storeHash);
    harness.sandbox.admin.cancelOrder(storeHash, voided);
    await drainQueue(harness, storeHash);
    const voidedRow = (await list(`?order=${voided}`)).items[0]!;
    expect(voidedRow.document).toMatchObject({ docNumber: `BC-${voided}`, status: 'voided' });
    expect(voidedRow.document!.reversedBy).toBeUndefined();

    const reversed = harness.sandbox.admin.createOrder(storeHash, {
      customer_id: 1,
      lines: [{ product_id: 111, quantity: 2 }],
      status_id: 11,
      date_created: '2026-09-14T15:00:00Z',
    }).id;
    await drainQueue(harness, storeHash);
    // The bookkeeper closes September; the cancellation then needs a credit memo in the open period.
    harness.qbo.state.updateCompany(harness.qbo.realmId, { closedThrough: '2026-09-30' });
    try {
      harness.sandbox.admin.cancelOrder(storeHash, reversed);
      await drainQueue(harness, storeHash);
      expect((await harness.api('/api/app/activity/replay', token, json('POST', { orderIds: [reversed] }))).body).toMatchObject({ queued: 1 });
      await drainQueue(harness, storeHash);
    } finally {
      harness.qbo.state.updateCompany(harness.qbo.realmId, { closedThrough: null });
    }
    const reversedRow = (await list(`?order=${reversed}`)).items[0]!;
    expect(reversedRow.document).toMatchObject({ docNumber: `BC-${reversed}`, status: 'voided', reversedBy: `BC-${reversed}-C` });
    const view = await timeline(reversed);
    expect(view.job!.document).toMatchObject({ reversedBy: `BC-${reversed}-C` });
    expect(view.documents.map((document) => [document.key, document.entity, document.status, document.reversedBy])).toEqual([
      [`order-${reversed}`, 'SalesReceipt', 'voided', `BC-${reversed}-C`],
      [`cancel-${reversed}`, 'CreditMemo', 'posted', undefined],
    ]);
  });
});

describe('orders a backfill brought over', () => {
  /** Signs the staff account in (from the app's own origin, as the support page does); the session cookie. */
  async function staffCookie(): Promise<string> {
    const answer = await fetch(`${harness.appUrl}/api/support/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: new URL(harness.appUrl).origin, 'X-Forwarded-For': '203.0.113.77' },
      body: JSON.stringify(STAFF),
    });
    expect(answer.status).toBe(200);
    return answer.headers.get('set-cookie')!.split(';')[0]!;
  }
  const support = async (path: string, cookie: string) => {
    const answer = await fetch(`${harness.appUrl}${path}`, { headers: { Cookie: cookie, Accept: 'application/json' } });
    expect(answer.status).toBe(200);
    return (await answer.json()) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  };

  it('lists each with its outcome in the activity, the dashboard and the support drill-down; a replay posts it despite the start date, once', async () => {
    const deps = getAppDeps();
    // autoCreate off: the lamp below has no QuickBooks item, so the backfill cannot post it.
    await deps.sync.settings.save(storeHash, { live: true, startDate: '2026-06-01', items: { autoCreate: false } }, ownerId);
    const old = (day: string, fields: Record<string, unknown>) =>
      harness.sandbox.admin.createOrder(storeHash, { customer_id: 1, status_id: 11, date_created: `2026-02-${day}T15:00:00Z`, ...fields }).id;
    try {
      const posted = [old('03', { lines: [{ product_id: 111, quantity: 1 }] }), old('04', { lines: [{ product_id: 111, quantity: 2 }] })];
      const unmapped = old('05', { lines: [{ name: 'Brass desk lamp', sku: 'LAMP-BACKFILL-9', quantity: 1, price: '64.00' }] });
      const incomplete = old('06', { lines: [{ product_id: 111, quantity: 1 }], status_id: 0 });
      await drainQueue(harness, storeHash);
      // Before the start date, webhooks alone post nothing: the jobs say done, with no document.
      for (const orderId of [...posted, unmapped]) {
        expect((await list(`?order=${orderId}`)).items[0]).toMatchObject({ status: 'done' });
        expect(receiptsNumbered(`BC-${orderId}`)).toHaveLength(0);
      }
      // An order whose webhooks have not arrived yet has no job until the backfill runs it.
      harness.sandbox.admin.setWebhookMode({ paused: true });
      const unannounced = old('07', { lines: [{ product_id: 111, quantity: 3 }] });
      expect(await deps.jobs.get(storeHash, `order-${unannounced}`)).toBeUndefined();
      posted.push(unannounced);

      const started = await harness.api('/api/app/backfill', token, json('POST', { from: '2026-02-01', to: '2026-02-28', dryRun: false }));
      expect(started.status).toBe(202);
      await drainQueue(harness, storeHash);
      const backfill = (await harness.api('/api/app/backfill', token)).body.backfill;
      expect(backfill).toMatchObject({ status: 'done', processed: 5, posted: 3, skipped: 1, failed: 1 });

      // The merchant's activity: posted ones with their DocNumber, the failure with its reason, the skipped one done.
      const items = new Map((await list('?limit=100')).items.map((item) => [item.orderId, item]));
      for (const orderId of posted) {
        expect(receiptsNumbered(`BC-${orderId}`)).toHaveLength(1);
        expect(items.get(orderId)).toMatchObject({ jobId: `order-${orderId}`, status: 'done', attempts: 0, document: { docNumber: `BC-${orderId}`, status: 'posted' } });
        expect((await deps.jobs.get(storeHash, `order-${orderId}`))!.ignoreStartDate).toBe(true);
      }
      expect(items.get(unmapped)).toMatchObject({ status: 'needs_attention', lastError: { class: 'permanent' } });
      expect(items.get(unmapped)!.lastError!.message).toContain('LAMP-BACKFILL-9');
      expect(items.get(unmapped)!.document).toBeUndefined();
      expect(items.get(incomplete)).toMatchObject({ status: 'done' });
      expect(items.get(incomplete)!.document).toBeUndefined();
      expect((await list('?status=needs_attention&limit=100')).items.map((item) => item.orderId)).toContain(unmapped);
      const story = await timeline(posted[0]!);
      expect(story.timeline.some((entry) => entry.type === 'decided' && entry.summary.startsWith('Included in the backfill of orders placed 2026-02-01 to 2026-02-28'))).toBe(true);
      expect(story.job!.document).toMatchObject({ docNumber: `BC-${posted[0]}` });

      // The dashboard's recent activity: the five most recently changed jobs are these.
      const dashboard = (await harness.api('/api/app/dashboard', token)).body as StoreDashboard;
      const recent = new Map(dashboard.recent.map((item) => [item.orderId, item]));
      for (const orderId of posted) expect(recent.get(orderId)).toMatchObject({ status: 'done', document: { docNumber: `BC-${orderId}` } });
      expect(recent.get(unmapped)).toMatchObject({ status: 'needs_attention' });
      expect(dashboard.queue.needs_attention).toBeGreaterThanOrEqual(1);

      // The support drill-down sees the same.
      const cookie = await staffCookie();
      const drill = await support(`/api/support/stores/${storeHash}/activity?limit=100`, cookie);
      const rows = new Map((drill.activity.items as ActivityItem[]).map((item) => [item.orderId, item]));
      for (const orderId of posted) expect(rows.get(orderId)).toMatchObject({ status: 'done', document: { docNumber: `BC-${orderId}` } });
      expect(rows.get(unmapped)!.lastError!.message).toContain('LAMP-BACKFILL-9');
      const failed = (await support(`/api/support/stores/${storeHash}/orders/${unmapped}`, cookie)) as OrderTimeline;
      expect(failed.job).toMatchObject({ status: 'needs_attention' });
      expect(failed.documents).toEqual([]);

      // The merchant fixes it and retries: posted, though placed before the start date, because the backfill asked.
      await deps.sync.settings.save(storeHash, { live: true, startDate: '2026-06-01' }, ownerId);
      const replay = await harness.api('/api/app/activity/replay', token, json('POST', { orderIds: [unmapped, posted[0]] }));
      expect(replay.body).toEqual({ queued: 2, orderIds: [unmapped, posted[0]], unknown: [] });
      await drainQueue(harness, storeHash);
      expect(receiptsNumbered(`BC-${unmapped}`)).toHaveLength(1);
      expect((await list(`?order=${unmapped}`)).items[0]).toMatchObject({ status: 'done', document: { docNumber: `BC-${unmapped}`, status: 'posted' } });
      expect((await list(`?order=${unmapped}`)).items[0]!.lastError).toBeUndefined();

      // Replays and late webhooks post nothing twice.
      harness.sandbox.admin.setWebhookMode({ paused: false });
      await drainQueue(harness, storeHash);
      for (const orderId of [...posted, unmapped]) expect(receiptsNumbered(`BC-${orderId}`)).toHaveLength(1);
      expect(receiptsNumbered(`BC-${incomplete}`)).toHaveLength(0);
      expect((await list(`?order=${unannounced}`)).items[0]).toMatchObject({ status: 'done', document: { docNumber: `BC-${unannounced}` } });
    } finally {
      harness.sandbox.admin.setWebhookMode({ paused: false });
      await deps.sync.settings.save(storeHash, { live: true }, ownerId);
    }
  });
});

describe('store scoping', () => {
  it('a replay touches only the session’s store, and another store’s orders are not visible', async () => {
    const other = await harness.openNewStore();
    // The other store has no QuickBooks connection: its order's job parks and stays parked.
    const theirs = placePaidOrder(2, other.store.hash).id;
    await drainQueue(harness, other.store.hash);
    const deps = getAppDeps();
    const parked = (await deps.jobs.get(other.store.hash, `order-${theirs}`))!;
    expect(parked.status).toBe('parked');
    const theirLog = (await deps.sync.audit.timeline(other.store.hash, `order-${theirs}`)).length;

    // Order numbers are per store: the same number in this store is this store's own order (or unknown here).
    const mine = await deps.jobs.get(storeHash, `order-${theirs}`);
    const answer = await harness.api('/api/app/activity/replay', token, json('POST', { orderIds: [theirs] }));
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual(mine ? { queued: 1, orderIds: [theirs], unknown: [] } : { queued: 0, orderIds: [], unknown: [theirs] });

    const untouched = (await deps.jobs.get(other.store.hash, `order-${theirs}`))!;
    expect(untouched.status).toBe('parked');
    expect(untouched.updatedAt.toMillis()).toBe(parked.updatedAt.toMillis());
    expect(await deps.sync.audit.timeline(other.store.hash, `order-${theirs}`)).toHaveLength(theirLog);

    // Each store sees its own activity only.
    const theirList = await list('?limit=100', other.token);
    expect(theirList.items.map((item) => item.jobId)).toEqual([`order-${theirs}`]);
    expect(theirList.items[0]).toMatchObject({ status: 'parked' });
    expect(theirList.items[0]!.parkedReason).toMatch(/QuickBooks is not connected/);
    if (!mine) expect((await harness.api(`/api/app/activity/${theirs}`, token)).status).toBe(404);
    await drainQueue(harness, storeHash);
  });
});

describe('bad requests', () => {
  it('answers 400 for malformed filters, order ids and replay bodies, 404 for an order without activity', async () => {
    for (const query of ['?status=bogus', '?from=2026-02-30', '?to=yesterday', '?from=2026-03-02&to=2026-03-01', '?limit=0', '?limit=101', '?limit=x', '?cursor=not-a-cursor', '?order=12a', '?kind=invoice', '?status=done&status=dead']) {
      const answer = await harness.api(`/api/app/activity${query}`, token);
      expect([query, answer.status, answer.body.error?.code]).toEqual([query, 400, 'invalid_request']);
    }
    for (const id of ['abc', '12.5', '-3', '1e3']) expect((await harness.api(`/api/app/activity/${id}`, token)).status).toBe(400);
    const missing = await harness.api('/api/app/activity/987654321', token);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');

    const tooMany = Array.from({ length: 101 }, (_, index) => index + 1);
    for (const body of [{}, { orderIds: [] }, { orderIds: [5, 5] }, { orderIds: ['5'] }, { orderIds: [0] }, { orderIds: [-2] }, { orderIds: [1.5] }, { orderIds: tooMany }, { orderIds: [5], all: true }, [5]]) {
      const answer = await harness.api('/api/app/activity/replay', token, json('POST', body));
      expect([JSON.stringify(body).slice(0, 40), answer.status]).toEqual([JSON.stringify(body).slice(0, 40), 400]);
    }
    expect((await harness.api('/api/app/activity/replay', token, { method: 'POST', body: 'orderIds=5' })).status).toBe(400);
    expect((await harness.api('/api/app/activity/replay', token)).status).toBe(405);
    expect((await harness.api('/api/app/activity', token, json('POST', { orderIds: [1] }))).status).toBe(405);
  });

  it('answers 401 without a valid session and changes nothing', async () => {
    const orderId = placePaidOrder(9).id;
    await drainQueue(harness, storeHash);
    const job = (await getAppDeps().jobs.get(storeHash, `order-${orderId}`))!;
    for (const bearer of [undefined, 'forged.token.value']) {
      expect((await harness.api('/api/app/activity', bearer)).status).toBe(401);
      expect((await harness.api(`/api/app/activity/${orderId}`, bearer)).status).toBe(401);
      expect((await harness.api('/api/app/activity/replay', bearer, json('POST', { orderIds: [orderId] }))).status).toBe(401);
    }
    expect((await getAppDeps().jobs.get(storeHash, `order-${orderId}`))!.updatedAt.toMillis()).toBe(job.updatedAt.toMillis());
  });
});
