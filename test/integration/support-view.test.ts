/**
 * The support view end to end: staff sign-in (hashed credentials from SUPPORT_STAFF, throttle, CSRF), the signed
 * session cookie and its revocation, the all-stores overview and a store's drill-down, over real HTTP against the
 * app's routes, the Firestore emulator and both sandboxes; and the staff audit behind every action.
 * Jest workers share one Firestore project per worker, so assertions look only at this file's stores and users.
 */
import { Timestamp } from 'firebase-admin/firestore';
import { getAppDeps } from '@/lib/app-deps';
import { resetConfigForTests } from '@/lib/env';
import { SupportRepository, throttleDocId, type StaffAuditEntry } from '@/lib/firestore/support-repository';
import { hashPassword } from '@/lib/support/password-hash';
import { newSessionId, signSessionId, supportSessionKey } from '@/lib/support/support-session';
import type { SupportOverview, SupportStoreRow } from '@/lib/support/support-overview';
import { createJobHandler } from '@/lib/sync/job-handler';
import { JobQueue } from '@/lib/sync/job-queue';
import { getTestDb } from '@/test/firestore-test-helpers';
import { startAppHarness, type AppHarness } from '@/test/app-harness';

// Cheap scrypt parameters keep the suite fast; the login path is the same as with the defaults.
const FAST = { N: 1024, r: 8, p: 1 };
const ALICE_PASSWORD = 'alice-correct-horse-battery';
const BOB_PASSWORD = 'bob-staple-battery-horse';

let harness: AppHarness;
let aliceHash: string;
let bobHash: string;
// Store A: QuickBooks connected, orders posted. Store B: never connected, an order parked.
let storeA: { hash: string; ownerId: number };
let storeB: { hash: string };
const postedOrders: number[] = [];
let parkedOrder: number;

/** Each scenario signs in from its own address, so the per-IP throttle of one cannot spill into another. */
let nextIp = 1;
const freshIp = () => `198.51.100.${nextIp++}`;

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function call(path: string, init: RequestInit & { cookie?: string; ip?: string; origin?: string | null } = {}): Promise<Answer> {
  const { cookie, ip, origin, ...rest } = init;
  const method = rest.method ?? 'GET';
  const headers: Record<string, string> = {
    Accept: 'application/json',
    ...(rest.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    ...(cookie ? { Cookie: cookie } : {}),
    ...(ip ? { 'X-Forwarded-For': ip } : {}),
  };
  // Browsers send Origin on every POST; tests pass origin: null to leave it out.
  const originValue = origin === undefined ? (method === 'GET' ? undefined : new URL(harness.appUrl).origin) : origin;
  if (originValue) headers.Origin = originValue;
  const response = await fetch(`${harness.appUrl}${path}`, { ...rest, method, headers, redirect: 'manual' });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Answer['body']) : {} };
}

const login = (username: string, password: string, ip = freshIp(), origin?: string | null) =>
  call('/api/support/login', { method: 'POST', body: JSON.stringify({ username, password }), ip, ...(origin !== undefined ? { origin } : {}) });

/** The `name=value` pair the browser would send back. */
function cookieOf(answer: Answer): string {
  const header = answer.headers.get('set-cookie');
  if (!header) throw new Error(`no Set-Cookie (status ${answer.status})`);
  return header.split(';')[0]!;
}

async function signIn(username = 'alice', password = ALICE_PASSWORD): Promise<string> {
  const answer = await login(username, password);
  expect(answer.status).toBe(200);
  return cookieOf(answer);
}

async function drain(): Promise<void> {
  await harness.sandbox.webhooksIdle();
  const deps = getAppDeps();
  const queue = new JobQueue({ db: getTestDb(), connections: deps.quickbooks.connections, backoff: { baseMs: 20, capMs: 100 } });
  for (let pass = 0; pass < 5; pass += 1) {
    const summary = await queue.runDue({ handler: createJobHandler(deps) });
    if (summary.claimed === 0) return;
  }
}

async function overviewRow(cookie: string, storeHash: string): Promise<SupportStoreRow> {
  let cursor: string | undefined;
  for (let page = 0; page < 50; page += 1) {
    const answer = await call(`/api/support/stores?limit=100${cursor ? `&cursor=${cursor}` : ''}`, { cookie });
    expect(answer.status).toBe(200);
    const overview = answer.body as SupportOverview;
    const row = overview.stores.find((candidate) => candidate.storeHash === storeHash);
    if (row) return row;
    if (!overview.nextCursor) break;
    cursor = overview.nextCursor;
  }
  throw new Error(`store ${storeHash} is not in the overview`);
}

const audit = (username: string) => new SupportRepository(getTestDb()).listAudit({ username, limit: 200 });

beforeAll(async () => {
  aliceHash = await hashPassword(ALICE_PASSWORD, FAST);
  bobHash = await hashPassword(BOB_PASSWORD, FAST);
  process.env.SUPPORT_STAFF = `alice:${aliceHash}, Bob:${bobHash}`;
  harness = await startAppHarness({ quickbooks: { companies: [{ country: 'US', name: 'Craft Supplies LLC' }] } });

  const a = await harness.openNewStore();
  storeA = { hash: a.store.hash, ownerId: a.store.ownerId };
  const { callback } = await harness.connectQuickBooks(a.token);
  expect(callback.status).toBe(200);
  await getAppDeps().sync.settings.save(storeA.hash, { live: true }, storeA.ownerId);

  const b = await harness.openNewStore();
  storeB = { hash: b.store.hash };
});

afterAll(async () => {
  await harness?.stop();
  delete process.env.SUPPORT_STAFF;
  resetConfigForTests();
});

describe('sign-in', () => {
  it('signs staff in with an HttpOnly, SameSite=Strict session cookie and says who is signed in', async () => {
    const answer = await login('Alice', ALICE_PASSWORD);

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ username: 'alice', expiresAt: expect.any(String) });
    expect(Date.parse(answer.body.expiresAt) - Date.now()).toBeGreaterThan(7.9 * 3_600_000);
    const setCookie = answer.headers.get('set-cookie')!;
    // APP_URL is plain http in tests: no Secure flag and no __Host- prefix (both are set over https).
    expect(setCookie).toMatch(/^qbo_support=[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}; Path=\/; Max-Age=28800; HttpOnly; SameSite=Strict$/);
    expect(answer.headers.get('cache-control')).toBe('no-store');

    const session = await call('/api/support/session', { cookie: cookieOf(answer) });
    expect(session.status).toBe(200);
    expect(session.body.username).toBe('alice');
  });

  it('answers an unknown username exactly like a wrong password', async () => {
    const wrong = await login('alice', 'not-the-password');
    const unknown = await login('mallory', ALICE_PASSWORD);

    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.body).toEqual({ error: { code: 'invalid_credentials', message: 'Wrong username or password.' } });
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  it('rejects malformed sign-in requests with 400, not 500', async () => {
    for (const body of ['{}', '{"username":"alice"}', '{"username":"alice","password":42}', `{"username":"${'a'.repeat(300)}","password":"x"}`]) {
      const answer = await call('/api/support/login', { method: 'POST', body, ip: freshIp() });
      expect(answer.status).toBe(400);
    }
    expect((await call('/api/support/login', { ip: freshIp() })).status).toBe(405);
  });

  it('throttles a username after 5 failures (429 with Retry-After), even with the right password, and not other users', async () => {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect((await login('bob', `wrong-${attempt}`)).status).toBe(401);
    }

    const blocked = await login('bob', BOB_PASSWORD);

    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('too_many_attempts');
    const retryAfter = Number(blocked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(800);
    expect(retryAfter).toBeLessThanOrEqual(900);
    expect(blocked.headers.get('set-cookie')).toBeNull();
    expect((await login('alice', ALICE_PASSWORD)).status).toBe(200);

    const entries = await audit('bob');
    expect(entries.filter((entry) => entry.action === 'login_failed')).toHaveLength(5);
    expect(entries.filter((entry) => entry.action === 'login_throttled')).toHaveLength(1);
    expect(entries.some((entry) => entry.action === 'login')).toBe(false);
  });

  it('throttles a client address after 5 failures whatever the usernames', async () => {
    const ip = freshIp();
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect((await login(`guess${attempt}`, 'password', ip)).status).toBe(401);
    }
    expect((await login('alice', ALICE_PASSWORD, ip)).status).toBe(429);
    expect((await login('alice', ALICE_PASSWORD, freshIp())).status).toBe(200);
  });

  it('refuses sign-in and sign-out that do not come from the app origin (CSRF)', async () => {
    expect((await login('alice', ALICE_PASSWORD, freshIp(), null)).status).toBe(403);
    expect((await login('alice', ALICE_PASSWORD, freshIp(), 'https://evil.example')).status).toBe(403);

    const cookie = await signIn();
    const forged = await call('/api/support/logout', { method: 'POST', cookie, origin: 'https://evil.example' });
    expect(forged.status).toBe(403);
    expect((await call('/api/support/session', { cookie })).status).toBe(200);
  });
});

describe('session', () => {
  it('answers 401 to every support API without a session', async () => {
    for (const path of [
      '/api/support/session',
      '/api/support/stores',
      `/api/support/stores/${storeA.hash}/activity`,
      `/api/support/stores/${storeA.hash}/orders/1`,
    ]) {
      const answer = await call(path);
      expect(answer.status).toBe(401);
      expect(answer.body.error.code).toBe('unauthenticated');
    }
    expect((await call('/api/support/logout', { method: 'POST' })).status).toBe(401);
  });

  it('refuses forged and tampered cookies', async () => {
    const cookie = await signIn();
    const value = cookie.slice('qbo_support='.length);
    const [id, mac] = value.split('.') as [string, string];
    const swap = (text: string, index: number) => `${text.slice(0, index)}${text[index] === 'A' ? 'B' : 'A'}${text.slice(index + 1)}`;
    const realKey = supportSessionKey(process.env.APP_SESSION_SECRET!);

    for (const bad of [
      `${swap(id, 5)}.${mac}`,
      `${id}.${swap(mac, 5)}`,
      signSessionId(id, supportSessionKey('some-other-secret-0123456789-0123456789')),
      // Correctly signed, but no such session was ever created.
      signSessionId(newSessionId(), realKey),
      'garbage',
      '',
    ]) {
      const answer = await call('/api/support/stores', { cookie: `qbo_support=${bad}` });
      expect(answer.status).toBe(401);
    }
    expect((await call('/api/support/session', { cookie })).status).toBe(200);
  });

  it('logout revokes the session on the server, so the old cookie is worthless', async () => {
    const cookie = await signIn();
    const sessionsBefore = (await getTestDb().collection('supportSessions').where('username', '==', 'alice').get()).size;

    const out = await call('/api/support/logout', { method: 'POST', cookie });

    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^qbo_support=; Path=\/; Max-Age=0; HttpOnly; SameSite=Strict$/);
    expect((await call('/api/support/session', { cookie })).status).toBe(401);
    expect((await call('/api/support/stores', { cookie })).status).toBe(401);
    const sessionsAfter = (await getTestDb().collection('supportSessions').where('username', '==', 'alice').get()).size;
    expect(sessionsAfter).toBe(sessionsBefore - 1);
  });

  it('ends an expired session', async () => {
    const cookie = await signIn();
    const snapshot = await getTestDb().collection('supportSessions').where('username', '==', 'alice').orderBy('createdAt', 'desc').limit(1).get();
    await snapshot.docs[0]!.ref.update({ expiresAt: Timestamp.fromMillis(Date.now() - 1000) });
    expect((await call('/api/support/session', { cookie })).status).toBe(401);
  });
});

describe('overview and drill-down', () => {
  let cookie: string;

  beforeAll(async () => {
    cookie = await signIn();
    for (const quantity of [1, 2]) {
      const order = harness.sandbox.admin.createOrder(storeA.hash, { customer_id: 1, lines: [{ product_id: 111, quantity }], status_id: 11 });
      postedOrders.push(order.id);
    }
    parkedOrder = harness.sandbox.admin.createOrder(storeB.hash, { customer_id: 1, lines: [{ product_id: 111, quantity: 1 }], status_id: 11 }).id;
    await harness.sandbox.webhooksIdle();
  });

  it('shows queue depth before the worker runs, then the post, connection state and webhook health after', async () => {
    const waiting = await overviewRow(cookie, storeA.hash);
    expect(waiting.queue.pending).toBe(2);
    expect(waiting.lastPostedAt).toBeUndefined();

    await drain();

    const row = await overviewRow(cookie, storeA.hash);
    expect(row).toMatchObject({
      storeHash: storeA.hash,
      installState: 'installed',
      quickbooks: { status: 'connected', companyName: 'Craft Supplies LLC', realmId: harness.qbo.realmId },
      failures24h: 0,
      queue: { pending: 0, running: 0, parked: 0, needs_attention: 0, dead: 0 },
      doneTotal: 2,
      webhooks: { health: 'ok', registered: 11, expected: 11 },
      health: 'ok',
      attention: [],
    });
    expect(row.lastPostedDocument).toMatch(new RegExp(`^SalesReceipt BC-(${postedOrders.join('|')})$`));
    expect(Date.now() - Date.parse(row.lastPostedAt!)).toBeLessThan(60_000);
    expect(Date.now() - Date.parse(row.webhooks.lastReceivedAt!)).toBeLessThan(60_000);
    expect(row.lastSyncedAt).toBeDefined();

    const parked = await overviewRow(cookie, storeB.hash);
    expect(parked).toMatchObject({ quickbooks: { status: 'not_connected' }, queue: { parked: 1, pending: 0 }, health: 'warning' });
    expect(parked.attention).toEqual(['QuickBooks is not connected yet.', '1 job parked until QuickBooks is connected.']);
  });

  it('shows a store that needs reconnecting, with the reason, and counts it in the totals', async () => {
    const connections = getAppDeps().quickbooks.connections;
    const before = (await call('/api/support/stores?limit=1', { cookie })).body as SupportOverview;
    await connections.update(storeA.hash, { status: 'needs_reconnect', statusReason: 'QuickBooks refused the saved sign-in (invalid_grant).', statusChangedAt: Timestamp.now() });
    try {
      const row = await overviewRow(cookie, storeA.hash);
      expect(row.quickbooks).toMatchObject({ status: 'needs_reconnect', reason: 'QuickBooks refused the saved sign-in (invalid_grant).' });
      expect(row.health).toBe('critical');
      expect(row.attention[0]).toBe('QuickBooks needs reconnecting: QuickBooks refused the saved sign-in (invalid_grant).');
      const after = (await call('/api/support/stores?limit=1', { cookie })).body as SupportOverview;
      expect(after.totals.needsReconnect).toBe(before.totals.needsReconnect + 1);
      expect(after.stores).toHaveLength(1);
    } finally {
      await connections.update(storeA.hash, { status: 'connected', statusChangedAt: Timestamp.now() });
    }
  });

  it('rejects a bad overview query with 400', async () => {
    expect((await call('/api/support/stores?limit=0', { cookie })).status).toBe(400);
    expect((await call('/api/support/stores?cursor=../x', { cookie })).status).toBe(400);
  });

  it("lists a store's order activity with its QuickBooks documents, filters and cursor pages", async () => {
    const answer = await call(`/api/support/stores/${storeA.hash}/activity`, { cookie });
    expect(answer.status).toBe(200);
    expect(answer.body.store).toMatchObject({ storeHash: storeA.hash, quickbooks: { status: 'connected' } });
    const items = answer.body.activity.items as Array<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(items.map((item) => item.orderId).sort()).toEqual([...postedOrders].sort());
    for (const item of items) {
      expect(item).toMatchObject({ kind: 'order', status: 'done', attempts: 0 });
      expect(item.document).toMatchObject({ entity: 'SalesReceipt', docNumber: `BC-${item.orderId}`, status: 'posted', currency: 'USD' });
      expect(item.document.totalCents).toBeGreaterThan(0);
    }

    const first = await call(`/api/support/stores/${storeA.hash}/activity?limit=1`, { cookie });
    expect(first.body.activity.items).toHaveLength(1);
    const second = await call(`/api/support/stores/${storeA.hash}/activity?limit=1&cursor=${first.body.activity.nextCursor}`, { cookie });
    expect(second.body.activity.items).toHaveLength(1);
    expect(second.body.activity.items[0].orderId).not.toBe(first.body.activity.items[0].orderId);
    expect(second.body.activity.nextCursor).toBeUndefined();

    const one = await call(`/api/support/stores/${storeA.hash}/activity?order=${postedOrders[0]}`, { cookie });
    expect(one.body.activity.items.map((item: { orderId: number }) => item.orderId)).toEqual([postedOrders[0]]);
    expect((await call(`/api/support/stores/${storeA.hash}/activity?status=dead`, { cookie })).body.activity.items).toEqual([]);
    const today = new Date().toISOString().slice(0, 10);
    expect((await call(`/api/support/stores/${storeA.hash}/activity?status=done&from=${today}&to=${today}`, { cookie })).body.activity.items).toHaveLength(2);
    expect((await call(`/api/support/stores/${storeA.hash}/activity?to=2000-01-01`, { cookie })).body.activity.items).toEqual([]);

    const parked = await call(`/api/support/stores/${storeB.hash}/activity?status=parked`, { cookie });
    expect(parked.body.activity.items).toEqual([
      expect.objectContaining({ orderId: parkedOrder, status: 'parked', parkedReason: expect.stringContaining('Connect QuickBooks') }),
    ]);
  });

  it('answers bad drill-down input with 4xx, never 500', async () => {
    for (const [path, status] of [
      [`/api/support/stores/${storeA.hash}/activity?status=exploded`, 400],
      [`/api/support/stores/${storeA.hash}/activity?from=yesterday`, 400],
      [`/api/support/stores/${storeA.hash}/activity?cursor=abc`, 400],
      [`/api/support/stores/${storeA.hash}/activity?limit=5000`, 400],
      ['/api/support/stores/NOT-A-HASH/activity', 400],
      ['/api/support/stores/zzzznotinstalled/activity', 404],
      [`/api/support/stores/${storeA.hash}/orders/12abc`, 400],
      [`/api/support/stores/${storeA.hash}/orders/987654321`, 404],
      ['/api/support/stores/zzzznotinstalled/orders/1', 404],
    ] as const) {
      const answer = await call(path, { cookie });
      expect({ path, status: answer.status }).toEqual({ path, status });
    }
  });

  it("returns an order's timeline: webhook, fetch, QuickBooks request and response, outcome", async () => {
    const orderId = postedOrders[0]!;
    const answer = await call(`/api/support/stores/${storeA.hash}/orders/${orderId}`, { cookie });

    expect(answer.status).toBe(200);
    expect(answer.body.orderId).toBe(orderId);
    expect(answer.body.job).toMatchObject({ status: 'done', document: { docNumber: `BC-${orderId}` } });
    expect(answer.body.documents).toEqual([expect.objectContaining({ key: `order-${orderId}`, entity: 'SalesReceipt', status: 'posted' })]);
    const types = (answer.body.timeline as Array<{ type: string; at: string }>).map((entry) => entry.type);
    expect(types[0]).toBe('webhook');
    for (const type of ['fetched', 'quickbooks-request', 'quickbooks-response', 'outcome']) expect(types).toContain(type);
    const times = (answer.body.timeline as Array<{ at: string }>).map((entry) => Date.parse(entry.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(JSON.stringify(answer.body)).not.toMatch(/accessToken|refreshToken/);
  });
});

describe('staff audit', () => {
  it('records who did what, where and when, for every action, with no password or hash anywhere', async () => {
    const ip = freshIp();
    const signedIn = await login('alice', ALICE_PASSWORD, ip);
    const cookie = cookieOf(signedIn);
    await call('/api/support/stores?limit=5', { cookie, ip });
    await call(`/api/support/stores/${storeA.hash}/activity?status=done`, { cookie, ip });
    await call(`/api/support/stores/${storeA.hash}/orders/${postedOrders[0]}`, { cookie, ip });
    await call('/api/support/logout', { method: 'POST', cookie, ip });

    const mine = (await audit('alice')).filter((entry) => entry.ip === ip).reverse();
    expect(mine.map((entry) => entry.action)).toEqual(['login', 'view_stores', 'view_store_activity', 'view_order_timeline', 'logout']);
    const byAction = Object.fromEntries(mine.map((entry) => [entry.action, entry])) as Record<string, StaffAuditEntry>;
    expect(byAction.view_store_activity).toMatchObject({ username: 'alice', storeHash: storeA.hash, detail: { status: 'done', page: 'first' } });
    expect(byAction.view_order_timeline).toMatchObject({ storeHash: storeA.hash, detail: { orderId: postedOrders[0] } });
    for (const entry of mine) expect(Date.now() - entry.at.toMillis()).toBeLessThan(60_000);

    const failures = (await audit('mallory')).filter((entry) => entry.action === 'login_failed');
    expect(failures.length).toBeGreaterThan(0);
    expect(failures[0]!.detail).toEqual({ reason: 'unknown_username' });
    const wrong = (await audit('alice')).filter((entry) => entry.action === 'login_failed');
    expect(wrong[0]!.detail).toEqual({ reason: 'wrong_password' });

    const db = getTestDb();
    const stored = JSON.stringify(
      await Promise.all(['supportAudit', 'supportSessions', 'supportLogins'].map(async (name) => (await db.collection(name).get()).docs.map((doc) => doc.data()))),
    );
    for (const secret of [ALICE_PASSWORD, BOB_PASSWORD, aliceHash.split(':')[5]!, bobHash.split(':')[5]!, cookie.split('=')[1]!.split('.')[0]!]) {
      expect(stored).not.toContain(secret);
    }
  });

  it('ends the sessions of someone removed from SUPPORT_STAFF', async () => {
    // bob is still throttled from the sign-in scenario: end his window, as 15 minutes would.
    await getTestDb().collection('supportLogins').doc(throttleDocId('username', 'bob')).delete();
    const cookie = await signIn('bob', BOB_PASSWORD);
    expect((await call('/api/support/session', { cookie })).status).toBe(200);

    process.env.SUPPORT_STAFF = `alice:${aliceHash}`;
    resetConfigForTests();
    try {
      expect((await call('/api/support/session', { cookie })).status).toBe(401);
    } finally {
      process.env.SUPPORT_STAFF = `alice:${aliceHash}, Bob:${bobHash}`;
      resetConfigForTests();
    }
  });
});
