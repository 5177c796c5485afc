/**
 * The bad-input suite (issue 6, item 3): thousands of generated hostile requests (test/bad-input/request-generators.ts)
 * against the app's real routes over loopback HTTP, then orders with odd-but-valid data through the whole sync.
 *
 *  - Every answer is below 500, the server answers a health request after every batch, and nothing crashes
 *    (no unhandled rejection, no request left without an answer).
 *  - Requests that must be refused get a 4xx and write nothing: every document of this file's Firestore project
 *    (paths, create/update times and a hash of the data) is identical before and after each batch of them. The
 *    refusals that write by design (failed staff sign-ins are counted and audited; a staff lookup is audited before
 *    it is answered) run in their own batch, where only those collections may change.
 *  - Orders with unicode, 500-character names, zero-price lines, many lines and odd guest e-mails either reach
 *    QuickBooks exactly once with BigCommerce's total to the cent, or wait as "needs attention" with a reason.
 *
 * Refusals that might have written but do not (checked in the code, and by the snapshots): a refused webhook is
 * verified before anything is persisted or counted; a QuickBooks callback with an unknown or replayed state only reads
 * the state in its transaction; redeeming an unknown session code only reads. (An expired code is deleted when
 * redeemed, by design; the generators never hold a real one.)
 *
 * Bounded: a fixed number of requests (printed per target with the status histogram), 8 at a time (the client and
 * the app share one process: more lanes only add waiting), loopback only, and an overall time limit.
 * BAD_INPUT_DEBUG=1 prints batch timings and slow requests; BAD_INPUT_CONCURRENCY overrides the lanes.
 */
import http from 'node:http';
import { getAppDeps } from '@/lib/app-deps';
import { WEBHOOK_SECRET_HEADER } from '@/lib/bigcommerce/webhook-registration';
import { resetConfigForTests } from '@/lib/env';
import { hashPassword } from '@/lib/support/password-hash';
import { sessionCookieName } from '@/lib/support/support-session';
import { DocumentReference, Timestamp, type DocumentSnapshot, type Firestore } from 'firebase-admin/firestore';
import { getTestDb } from '@/test/firestore-test-helpers';
import { APP_ROUTES, startAppHarness, type AppHarness } from '@/test/app-harness';
import { drainQueue } from '@/test/queue-test-helpers';
import {
  generateRequests,
  generateValidOddRequests,
  seededRandom,
  sha256,
  type GeneratedRequest,
  type GeneratorContext,
} from './request-generators';

const SEED = 0x0bad_1dea;
const CONCURRENCY = Number(process.env.BAD_INPUT_CONCURRENCY) || 8;
const BATCH_SIZE = 1_000;
const REQUEST_TIMEOUT_MS = 15_000;
/** The whole hostile run (generation, batches, snapshots); CI has two cores. */
const RUN_LIMIT_MS = 90_000;
const MIN_REQUESTS = 5_000;

// This file gets a Firestore project of its own (the emulator keeps projects apart), so "nothing was written"
// can compare the whole database, and no other file's data is walked.
const baseProject = process.env.FIREBASE_PROJECT_ID ?? 'demo-qbo-sync';
process.env.FIREBASE_PROJECT_ID = `${baseProject}-bad-input`;

const FAST_SCRYPT = { N: 1024, r: 8, p: 1 };
const STAFF_PASSWORD = 'bad-input-staff-password-0123';
const DRAIN_SECRET = 'bad-input-drain-secret-0123456789abcdef';

let harness: AppHarness;
let ctx: GeneratorContext;
let storeA: { hash: string; ownerId: number; token: string };

// ---------------------------------------------------------------------------------------------------------
// Sending
// ---------------------------------------------------------------------------------------------------------

interface Outcome {
  request: GeneratedRequest;
  /** HTTP status, or 0 when the connection ended without an answer. */
  status: number;
  /** Why there was no answer (client-side error code). */
  error?: string;
  snippet: string;
  ms: number;
}

function send(base: URL, request: GeneratedRequest): Promise<Outcome> {
  const started = Date.now();
  return new Promise((resolve) => {
    let settled = false;
    const finish = (status: number, snippet: string, error?: string) => {
      if (settled) return;
      settled = true;
      resolve({ request, status, snippet, ms: Date.now() - started, ...(error ? { error } : {}) });
    };
    let req: http.ClientRequest;
    try {
      req = http.request({
        host: base.hostname,
        port: base.port,
        method: request.method,
        path: request.path,
        // A fresh connection per request (Connection: close): an agent with a finite maxSockets hands a socket to
        // the next queued request as soon as a response ends, even when the server answered (413) before the
        // client finished sending a large body, and the next request then waits on a half-used socket.
        agent: false,
        headers: { ...request.headers, ...(request.body ? { 'content-length': String(request.body.length) } : {}) },
      });
    } catch (error) {
      // The generator built something Node refuses to send: a bug in the generator, reported as such.
      finish(-1, '', `client refused to send: ${(error as Error).message}`);
      return;
    }
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error('timeout')));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < 2_048) chunks.push(chunk);
        size += chunk.length;
      });
      res.on('end', () => finish(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8').slice(0, 300)));
      res.on('error', () => finish(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8').slice(0, 300)));
    });
    req.on('error', (error: NodeJS.ErrnoException) => finish(0, '', error.code ?? error.message));
    req.end(request.body);
  });
}

/** Sends with bounded concurrency; past the deadline the rest is not sent (the test then fails on time). */
async function runAll(requests: readonly GeneratedRequest[], deadline: number, concurrency = CONCURRENCY): Promise<Outcome[]> {
  const base = new URL(harness.appUrl);
  const outcomes: Outcome[] = [];
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, requests.length) }, async () => {
    while (next < requests.length && Date.now() <= deadline) {
      const index = next++;
      const outcome = await send(base, requests[index]!);
      if (process.env.BAD_INPUT_DEBUG && outcome.ms > 3000) {
        progress(`SLOW ${describeRequest(outcome).slice(0, 150)}; sent before it: ${requests.slice(Math.max(0, index - 3), index).map((r) => `#${r.id} ${r.method} ${r.target} ${r.flaw.slice(0, 50)}`).join(' | ')}`);
      }
      outcomes.push(outcome);
    }
  });
  await Promise.all(lanes);
  return outcomes;
}

function familyTimes(results: readonly Outcome[], top = 8): string {
  const byFamily = new Map<string, { ms: number; count: number }>();
  for (const outcome of results) {
    const key = `${outcome.request.target.split('/').slice(2, 4).join('/')}:${outcome.request.family}`;
    const row = byFamily.get(key) ?? { ms: 0, count: 0 };
    row.ms += outcome.ms;
    row.count += 1;
    byFamily.set(key, row);
  }
  return [...byFamily.entries()]
    .sort(([, a], [, b]) => b.ms - a.ms)
    .slice(0, top)
    .map(([key, row]) => `${key} ${row.ms}/${row.count}`)
    .join(', ');
}

/** BAD_INPUT_DEBUG=1 prints progress (batch timings) while the suite runs. */
const progress = (message: string) => {
  if (process.env.BAD_INPUT_DEBUG) process.stderr.write(`[bad-input] ${message}\n`);
};

// ---------------------------------------------------------------------------------------------------------
// Firestore snapshots
// ---------------------------------------------------------------------------------------------------------

/** Every document of the project: path → create time, update time and a hash of its data. */
async function snapshotDatabase(db: Firestore = getTestDb()): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const fingerprintOf = (snapshot: DocumentSnapshot) => {
    const data = JSON.stringify(snapshot.data(), function (this: unknown, key: string, value: unknown) {
      const original = (this as Record<string, unknown>)[key];
      if (original instanceof DocumentReference) return `ref:${original.path}`;
      if (original instanceof Timestamp) return `ts:${original.seconds}.${original.nanoseconds}`;
      if (original instanceof Uint8Array) return `bytes:${Buffer.from(original).toString('base64')}`;
      return value;
    });
    return `${snapshot.createTime?.toMillis()}|${snapshot.updateTime?.toMillis()}|${snapshot.updateTime?.nanoseconds}|${sha256(data)}`;
  };
  const walk = async (refs: DocumentReference[]): Promise<void> => {
    if (refs.length === 0) return;
    const snapshots = await db.getAll(...refs);
    for (const snapshot of snapshots) if (snapshot.exists) found.set(snapshot.ref.path, fingerprintOf(snapshot));
    await Promise.all(
      refs.map(async (ref) => {
        const collections = await ref.listCollections();
        await Promise.all(collections.map(async (collection) => walk(await collection.listDocuments())));
      }),
    );
  };
  const roots = await db.listCollections();
  await Promise.all(roots.map(async (collection) => walk(await collection.listDocuments())));
  return found;
}

function changedPaths(before: Map<string, string>, after: Map<string, string>): string[] {
  const paths = new Set([...before.keys(), ...after.keys()]);
  return [...paths].filter((path) => before.get(path) !== after.get(path)).sort();
}

// ---------------------------------------------------------------------------------------------------------
// Setup
// ---------------------------------------------------------------------------------------------------------

async function signInStaff(): Promise<string> {
  const response = await fetch(`${harness.appUrl}/api/support/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: new URL(harness.appUrl).origin, 'X-Forwarded-For': '192.0.2.10' },
    body: JSON.stringify({ username: 'staff', password: STAFF_PASSWORD }),
  });
  if (response.status !== 200) throw new Error(`staff sign-in answered ${response.status}`);
  const cookie = response.headers.get('set-cookie');
  if (!cookie) throw new Error('no support cookie');
  return cookie.split(';')[0]!;
}

async function health(): Promise<number> {
  const answer = await harness.api('/api/app/store', storeA.token);
  if (answer.status === 200 && answer.body.store?.hash !== storeA.hash) return -1;
  return answer.status;
}

const secretOf = (hash: string) => harness.hooksOf(hash)[0]?.headers?.[WEBHOOK_SECRET_HEADER] ?? '';

beforeAll(async () => {
  process.env.SUPPORT_STAFF = `staff:${await hashPassword(STAFF_PASSWORD, FAST_SCRYPT)}`;
  process.env.SYNC_DRAIN_SECRET = DRAIN_SECRET;
  harness = await startAppHarness({ quickbooks: { companies: [{ country: 'US', name: 'Bad Input Supplies LLC' }] } });

  const a = await harness.openNewStore();
  storeA = { hash: a.store.hash, ownerId: a.store.ownerId, token: a.token };
  const b = await harness.openNewStore();
  const connect = await harness.connectQuickBooks(a.token);
  expect(connect.callback.status).toBe(200);
  await getAppDeps().sync.settings.save(storeA.hash, { live: true }, storeA.ownerId);

  // One ordinary order with sync activity, so [orderId] routes have a real value to start from.
  const order = harness.sandbox.admin.createOrder(storeA.hash, { customer_id: 1, lines: [{ product_id: 111, quantity: 1 }], status_id: 11 });
  await drainQueue(harness, storeA.hash);

  const callback = new URL(connect.callbackUrl);
  const supportCookie = await signInStaff();
  ctx = {
    seed: SEED,
    routes: Object.keys(APP_ROUTES),
    appOrigin: new URL(harness.appUrl).origin,
    storeHash: storeA.hash,
    ownerId: storeA.ownerId,
    sessionToken: a.token,
    webhookSecret: secretOf(storeA.hash),
    orderId: order.id,
    otherStoreHash: b.store.hash,
    otherOwnerId: b.store.ownerId,
    otherSessionToken: b.token,
    otherWebhookSecret: secretOf(b.store.hash),
    unknownStoreHash: 'neverinstalled0',
    clientId: process.env.BC_CLIENT_ID!,
    clientSecret: process.env.BC_CLIENT_SECRET!,
    sessionSecret: process.env.APP_SESSION_SECRET!,
    drainSecret: DRAIN_SECRET,
    supportCookie,
    supportCookieName: sessionCookieName(harness.appUrl),
    consumedCallbackPath: `${callback.pathname}${callback.search}`,
    nowSeconds: Math.floor(Date.now() / 1000),
  };
  expect(ctx.webhookSecret).not.toBe('');
  expect(ctx.otherWebhookSecret).not.toBe('');
}, 60_000);

afterAll(async () => {
  await harness?.stop();
  delete process.env.SUPPORT_STAFF;
  delete process.env.SYNC_DRAIN_SECRET;
  process.env.FIREBASE_PROJECT_ID = baseProject;
  resetConfigForTests();
});

// ---------------------------------------------------------------------------------------------------------
// Reporting
// ---------------------------------------------------------------------------------------------------------

const describeRequest = (outcome: Outcome) =>
  `#${outcome.request.id} ${outcome.request.method} ${outcome.request.target} [${outcome.request.family}] ${outcome.request.flaw}` +
  ` → ${outcome.status}${outcome.error ? ` (${outcome.error})` : ''}${outcome.snippet ? `: ${outcome.snippet.slice(0, 160).replace(/\s+/g, ' ')}` : ''}`;

function report(outcomes: readonly Outcome[], elapsedMs: number): string {
  const byTarget = new Map<string, { total: number; statuses: Map<number, number> }>();
  const histogram = new Map<number, number>();
  for (const outcome of outcomes) {
    const row = byTarget.get(outcome.request.target) ?? { total: 0, statuses: new Map<number, number>() };
    row.total += 1;
    row.statuses.set(outcome.status, (row.statuses.get(outcome.status) ?? 0) + 1);
    byTarget.set(outcome.request.target, row);
    histogram.set(outcome.status, (histogram.get(outcome.status) ?? 0) + 1);
  }
  const width = Math.max(...[...byTarget.keys()].map((target) => target.length));
  const lines = [...byTarget.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([target, row]) => {
      const statuses = [...row.statuses.entries()].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`).join(' ');
      return `  ${target.padEnd(width)}  ${String(row.total).padStart(5)}  ${statuses}`;
    });
  const statuses = [...histogram.entries()].sort(([a], [b]) => a - b).map(([status, count]) => `${status}: ${count}`).join(', ');
  return [
    `bad-input: ${outcomes.length} requests to ${byTarget.size} targets in ${(elapsedMs / 1000).toFixed(1)} s (${CONCURRENCY} at a time)`,
    ...lines,
    `  status histogram: ${statuses}`,
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------------------
// The hostile run
// ---------------------------------------------------------------------------------------------------------

describe('generated hostile requests', () => {
  it('never answer 5xx, never crash the server, and refused ones write nothing', async () => {
    const started = Date.now();
    // Looking for the writers after a batch wrote is diagnosis, not load: it extends the limit by what it took.
    let deadline = started + RUN_LIMIT_MS;
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);

    try {
      const hostile = generateRequests(ctx, { minPerTarget: 130, minPerEdgeTarget: 320 });
      // Timestamps in the valid-but-odd requests (a load 9 s past exp) must be fresh when they are sent: built now,
      // checked for count now, rebuilt right before their batch.
      const odd = generateValidOddRequests(ctx, 100);
      progress(`generated ${hostile.length} + ${odd.length} requests in ${Date.now() - started} ms`);
      const all = [...hostile, ...odd];
      // Same seed, same requests: the generator is deterministic (checked on a few routes, to keep the run short).
      const fingerprint = (requests: GeneratedRequest[]) => requests.map((r) => `${r.method} ${r.path} ${r.flaw} ${r.body ? sha256(r.body) : ''}`);
      const sample = { ...ctx, routes: ['/api/webhooks/bigcommerce', '/api/bigcommerce/load', '/api/app/activity'] };
      expect(fingerprint(generateRequests(sample))).toEqual(fingerprint(generateRequests(sample)));
      expect(all.length).toBeGreaterThanOrEqual(MIN_REQUESTS);

      const shuffle = <T>(items: T[]): T[] => {
        const rng = seededRandom(SEED + 1);
        const copy = [...items];
        for (let i = copy.length - 1; i > 0; i -= 1) {
          const j = rng.int(0, i);
          [copy[i], copy[j]] = [copy[j]!, copy[i]!];
        }
        return copy;
      };
      const refused = shuffle(all.filter((request) => request.mustReject && !request.writesByDesign));
      const refusedWriting = all.filter((request) => request.mustReject && request.writesByDesign);

      const outcomes: Outcome[] = [];
      const writesOnRefusal: string[] = [];
      const healthFailures: string[] = [];

      // 1. Refused requests, in batches: the whole database must be identical before and after each batch.
      for (let offset = 0; offset < refused.length; offset += BATCH_SIZE) {
        const batch = refused.slice(offset, offset + BATCH_SIZE);
        const t0 = Date.now();
        const before = await snapshotDatabase();
        const t1 = Date.now();
        const results = await runAll(batch, deadline);
        const t2 = Date.now();
        const after = await snapshotDatabase();
        progress(`refused batch ${offset}: snapshot ${t1 - t0} ms (${before.size} docs), ${batch.length} requests ${t2 - t1} ms, snapshot ${Date.now() - t2} ms`);
        progress(`  by family (total ms / count): ${familyTimes(results)}`);
        progress(`  slowest: ${[...results].sort((a, b) => b.ms - a.ms).slice(0, 6).map((o) => `${o.ms} ms ${describeRequest(o).slice(0, 140)}`).join('\n    ')}`);
        outcomes.push(...results);
        const changed = changedPaths(before, after);
        if (changed.length > 0) {
          progress(`refused batch ${offset} wrote ${changed.length} documents; looking for the writers`);
          writesOnRefusal.push(`batch at ${offset}: ${changed.slice(0, 10).join(', ')}${changed.length > 10 ? ` … (${changed.length})` : ''}`);
          const diagnosisStarted = Date.now();
          progress(`looking for writers…`);
          writesOnRefusal.push(...(await findWriters(batch, diagnosisStarted + 20_000)));
          deadline += Date.now() - diagnosisStarted;
          progress(`diagnosis took ${Date.now() - diagnosisStarted} ms`);
        }
        const status = await health();
        if (status !== 200) healthFailures.push(`after refused batch at ${offset}: health answered ${status}`);
      }

      // 2. Refusals that write by design: only the sign-in throttle and the staff audit may change. One at a time:
      //    parallel attempts for one username all update its throttle document in a transaction, and on the
      //    emulator sixteen of them contending take longer than the request timeout (see the suite's notes).
      {
        const t0 = Date.now();
        const before = await snapshotDatabase();
        outcomes.push(...(await runAll(refusedWriting, deadline, 1)));
        progress(`by-design batch: ${refusedWriting.length} requests, ${Date.now() - t0} ms`);
        const after = await snapshotDatabase();
        const unexpected = changedPaths(before, after).filter((path) => !/^(supportLogins|supportAudit)\//.test(path));
        if (unexpected.length > 0) writesOnRefusal.push(`by-design batch wrote outside supportLogins/supportAudit: ${unexpected.join(', ')}`);
        const status = await health();
        if (status !== 200) healthFailures.push(`after the by-design batch: health answered ${status}`);
      }

      // 3. Authorized but odd: may succeed and write, never 5xx.
      const valid = generateValidOddRequests({ ...ctx, nowSeconds: Math.floor(Date.now() / 1000) }, 100).concat(hostile.filter((request) => !request.mustReject));
      expect(valid.length).toBe(all.filter((request) => !request.mustReject).length);
      for (let offset = 0; offset < valid.length; offset += BATCH_SIZE) {
        const t0 = Date.now();
        const results = await runAll(valid.slice(offset, offset + BATCH_SIZE), deadline);
        outcomes.push(...results);
        progress(`valid batch ${offset}: ${results.length} requests, ${Date.now() - t0} ms; slowest: ${[...results].sort((a, b) => b.ms - a.ms).slice(0, 4).map((o) => `${o.ms} ms ${describeRequest(o).slice(0, 100)}`).join(' | ')}`);
        const status = await health();
        if (status !== 200) healthFailures.push(`after valid batch at ${offset}: health answered ${status}`);
      }

      const elapsed = Date.now() - started;
      progress(`all families (total ms / count): ${familyTimes(outcomes, 25)}`);
      const slowest = [...outcomes].sort((a, b) => b.ms - a.ms).slice(0, 8);
      progress(`slowest: ${slowest.map((o) => `${o.ms} ms ${o.request.method} ${o.request.target} ${o.request.flaw.slice(0, 60)}`).join('\n  ')}`);
      console.log(report(outcomes, elapsed));

      const serverErrors = outcomes.filter((outcome) => outcome.status >= 500);
      const notAnswered = outcomes.filter((outcome) => outcome.status <= 0 && !(outcome.status === 0 && outcome.request.closeOk));
      const notRefused = outcomes.filter((outcome) => outcome.request.mustReject && outcome.status > 0 && (outcome.status < 400 || outcome.status >= 500));

      // One assertion, so a failing run lists every kind of problem at once.
      expect({
        serverErrors: serverErrors.slice(0, 25).map(describeRequest),
        notAnswered: notAnswered.slice(0, 15).map(describeRequest),
        notRefused: notRefused.slice(0, 25).map(describeRequest),
        writesOnRefusal,
        healthFailures,
        unhandled: unhandled.map(String),
      }).toEqual({ serverErrors: [], notAnswered: [], notRefused: [], writesOnRefusal: [], healthFailures: [], unhandled: [] });
      expect(outcomes.length).toBe(all.length); // fewer: the run hit its time limit
      expect(Date.now()).toBeLessThanOrEqual(deadline);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  }, RUN_LIMIT_MS + 45_000);
});

/**
 * After a batch wrote: bisect it (send each half again, snapshot, recurse into the halves that write) and name the
 * writers. Refusals that write do so again when repeated, so this finds them in a few dozen snapshots.
 */
async function findWriters(batch: readonly GeneratedRequest[], until: number): Promise<string[]> {
  const writers: string[] = [];
  const search = async (part: readonly GeneratedRequest[]): Promise<void> => {
    if (part.length === 0 || writers.length >= 10 || Date.now() > until) return;
    const before = await snapshotDatabase();
    const results = await runAll(part, until);
    const changed = changedPaths(before, await snapshotDatabase());
    if (changed.length === 0) return;
    if (part.length === 1) {
      writers.push(`${results[0] ? describeRequest(results[0]) : part[0]!.flaw} wrote ${changed.slice(0, 5).join(', ')}`);
      return;
    }
    const middle = Math.ceil(part.length / 2);
    await search(part.slice(0, middle));
    await search(part.slice(middle));
  };
  await search(batch);
  return writers;
}

// ---------------------------------------------------------------------------------------------------------
// Odd-but-valid orders
// ---------------------------------------------------------------------------------------------------------

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** `length` UTF-16 code units of `seed` repeated, never cutting a surrogate pair. */
function long(seed: string, length = 500): string {
  const out: string[] = [];
  let size = 0;
  for (let i = 0; ; i += 1) {
    const chars = Array.from(seed);
    const ch = chars[i % chars.length]!;
    if (size + ch.length > length) break;
    out.push(ch);
    size += ch.length;
  }
  return out.join('').padEnd(length, 'x');
}

/** A decimal amount ("62.6793", 62.68) as integer cents, rounded half up, without floating-point arithmetic. */
function cents(amount: unknown): number {
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(String(amount));
  if (!match) return Number.NaN;
  const tenThousandths = BigInt(`${match[2]}${(match[3] ?? '').padEnd(4, '0').slice(0, 4)}`);
  const rounded = Number((tenThousandths + 50n) / 100n);
  return match[1] ? -rounded : rounded;
}

interface OddOrder {
  label: string;
  input: Record<string, unknown>;
}

function guest(email: string, overrides: Record<string, unknown> = {}) {
  return {
    billing_address: {
      first_name: 'Guest',
      last_name: 'Buyer',
      street_1: '1 Main St',
      city: 'Austin',
      state: 'Texas',
      zip: '78701',
      country: 'United States',
      country_iso2: 'US',
      email,
      ...overrides,
    },
  };
}

function oddOrders(): OddOrder[] {
  const rng = seededRandom(SEED + 7);
  const manyLines = Array.from({ length: 120 }, (_, i) => ({
    name: `Line ${i + 1} ✓ ${['☕', 'مرحبا', '日本', 'e\u0301', '🎉'][i % 5]}`,
    sku: `MANY-${i + 1}`,
    price: `${1 + (i % 9)}.${String((i * 37) % 100).padStart(2, '0')}`,
    quantity: 1 + (i % 3),
  }));
  return [
    {
      label: 'emoji names, ZWJ sequences and flags',
      input: {
        ...guest('zoe.emoji@example.com', { first_name: 'Zoë 🎉', last_name: 'Ørsted 👩🏽‍💻', street_1: '1 ☕ Lane', city: 'Zürich', country: 'Switzerland', country_iso2: 'CH', zip: '8001', state: '' }),
        lines: [{ name: 'Mug ☕️ for the family 👨‍👩‍👧‍👦 🏳️‍🌈', sku: 'EMOJI-☕-1', price: '12.00', quantity: 2 }],
        shipping: { cost: '5.00' },
      },
    },
    {
      label: 'right-to-left names with direction marks',
      input: {
        ...guest('rtl@example.com', { first_name: 'محمد', last_name: '\u200Fالعلي', company: 'شركة القهوة', street_1: 'شارع الملك فهد ١٢', city: 'الرياض', country: 'Saudi Arabia', country_iso2: 'SA', zip: '12211', state: '' }),
        lines: [
          { name: 'كوب قهوة \u200F(كبير)', sku: 'AR-كوب-1', price: '9.99', quantity: 1 },
          { name: 'ספל תה \u202Bעברי\u202C', sku: 'HE-1', price: '7.50', quantity: 3 },
        ],
      },
    },
    {
      label: 'combining marks and Zalgo text',
      input: {
        ...guest('zalgo@example.com', { first_name: 'Jose\u0301', last_name: 'Z̸̡̢͎a̷̧͙l̶̠͝g̷̣̈́o̵̗͒', city: 'A\u030Angstro\u0308m' }),
        lines: [{ name: 'Cafe\u0301 Z̸̡̢͎a̷̧͙l̶̠͝g̷̣̈́o̵̗͒ e\u0301\u0302\u0303\u0304', sku: 'COMB-e\u0301', price: '3.33', quantity: 3 }],
      },
    },
    {
      label: 'CJK names and address',
      input: {
        ...guest('cjk@example.jp', { first_name: '太郎', last_name: '山田', company: '株式会社テスト', street_1: '千代田区丸の内1-1-1', city: '東京都', country: 'Japan', country_iso2: 'JP', zip: '100-0005', state: '' }),
        lines: [
          { name: '抹茶 湯呑み（大）', sku: 'JP-茶-1', price: '15.00', quantity: 1 },
          { name: '한국어 상품 이름', sku: 'KR-1', price: '4.25', quantity: 2 },
          { name: '漢字𠮷野家', sku: 'CJK-EXT-B', price: '1.10', quantity: 1 },
        ],
      },
    },
    {
      label: '500-character product name, SKU, customer name and address',
      input: {
        ...guest('long@example.com', {
          first_name: long('Bartholomew'),
          last_name: long('Featherstonehaugh-'),
          company: long('Acme Incorporated '),
          street_1: long('1234 Very Long Street Name '),
          street_2: long('Suite '),
          city: long('Llanfairpwllgwyngyll'),
          zip: long('9', 500),
        }),
        lines: [{ name: long('Extraordinarily long product name '), sku: long('SKU-LONG-'), price: '20.00', quantity: 1 }],
      },
    },
    {
      label: '500-character unicode product name and SKU sharing a 100-character prefix with another line',
      input: {
        ...guest('long.unicode@example.com', { first_name: long('😀'), last_name: long('長い名前') }),
        lines: [
          { name: long('☕ 日本語の長い商品名 '), sku: `${long('長', 100)}-A${long('x', 398)}`, price: '2.50', quantity: 2 },
          { name: long('☕ 日本語の長い商品名 '), sku: `${long('長', 100)}-B${long('y', 398)}`, price: '3.50', quantity: 1 },
        ],
      },
    },
    {
      label: 'a zero-price line beside a paid one',
      input: {
        ...guest('zero@example.com'),
        lines: [
          { name: 'Free sample', sku: 'FREE-1', price: '0.00', quantity: 1 },
          { name: 'Paid item', sku: 'PAID-1', price: '10.00', quantity: 1 },
        ],
      },
    },
    {
      label: 'an order of only free items',
      input: { ...guest('allfree@example.com'), lines: [{ name: 'Free gift', sku: 'FREE-2', price: '0', quantity: 3 }] },
    },
    {
      label: '120 lines',
      input: { ...guest('many@example.com'), lines: manyLines, shipping: { cost: '9.95' }, tax: { rate: '8.25' } },
    },
    {
      label: 'guest with a quoted, tagged, mixed-case e-mail',
      input: { ...guest(`"O'Brien+tag"@Sub.EXAMPLE.co.uk`, { first_name: "Seán", last_name: "O'Brien" }), lines: [{ name: 'Widget', sku: 'W-1', price: '5.00', quantity: 1 }] },
    },
    {
      label: 'guest with an internationalised e-mail',
      input: { ...guest('δοκιμή@παράδειγμα.δοκιμή', { first_name: 'Δοκιμή', last_name: 'Χρήστης' }), lines: [{ name: 'Widget', sku: 'W-1', price: '5.00', quantity: 2 }] },
    },
    {
      label: 'guest with an e-mail over 100 characters and no name',
      input: { ...guest(`${'a'.repeat(120)}@example.com`, { first_name: '', last_name: '' }), lines: [{ name: 'Widget', sku: 'W-1', price: '5.00', quantity: 3 }] },
    },
    {
      label: 'guest with an e-mail that is not one, and a blank name',
      input: { ...guest('not-an-email', { first_name: '   ', last_name: '\t' }), lines: [{ name: 'Widget', sku: 'W-1', price: '5.00', quantity: 4 }] },
    },
    {
      label: "names with ':' , tabs, newlines, quotes, backslashes and SQL wildcards",
      input: {
        ...guest(`odd.chars.${rng.string(6)}@example.com`, { first_name: 'Ann:Marie', last_name: 'Tab\tNew\nLine', company: 'Q "Co" \\ 100% _Ltd_' }),
        lines: [
          { name: `Mug 'quoted' "double" back\\slash % _ :colon`, sku: `SKU'\\"%_:1`, price: '6.00', quantity: 1 },
          { name: 'Mug ‘curly’ “quotes” – dash', sku: 'SKU-CURLY', price: '6.00', quantity: 1 },
        ],
      },
    },
    {
      label: 'two lines with the same name and different SKUs',
      input: {
        ...guest('same.name@example.com'),
        lines: [
          { name: 'Same Name Item', sku: 'SAME-A', price: '1.00', quantity: 1 },
          { name: 'Same Name Item', sku: 'SAME-B', price: '2.00', quantity: 1 },
        ],
      },
    },
  ];
}

describe('odd-but-valid orders', () => {
  it('post exactly once with the total to the cent, or need attention with a reason', async () => {
    const orders = oddOrders().map((order) => ({ ...order, order: harness.sandbox.admin.createOrder(storeA.hash, { status_id: 11, ...order.input }) }));
    await drainQueue(harness, storeA.hash, 20);

    // BigCommerce delivered every webhook on its first attempt.
    const refusedDeliveries = harness.sandbox.webhooks.log.filter(
      (delivery) => delivery.storeHash === storeA.hash && delivery.attempts.some((attempt) => attempt.status !== 200),
    );
    expect(refusedDeliveries.map((delivery) => `${delivery.scope}: ${delivery.attempts.map((attempt) => attempt.status).join(',')}`)).toEqual([]);

    const documents = (type: string): Doc[] => harness.qbo.state.entities(type, harness.qbo.realmId) as Doc[];
    const problems: string[] = [];
    const outcomes: string[] = [];
    for (const { label, order } of orders) {
      const job = await getAppDeps().jobs.get(storeA.hash, `order-${order.id}`);
      const posted = [...documents('SalesReceipt'), ...documents('Invoice')].filter((doc) => doc.DocNumber === `BC-${order.id}`);
      const expectedCents = cents((await bigCommerceOrder(order.id)).total_inc_tax);
      if (!job) {
        problems.push(`${label}: no job`);
        continue;
      }
      if (job.status === 'done') {
        if (posted.length !== 1) problems.push(`${label}: done with ${posted.length} documents in QuickBooks`);
        else if (cents(posted[0]!.TotalAmt) !== expectedCents) {
          problems.push(`${label}: QuickBooks total ${posted[0]!.TotalAmt} ≠ BigCommerce ${expectedCents / 100}`);
        }
        outcomes.push(`${label}: posted ${posted[0]?.DocNumber} ${posted[0]?.TotalAmt}`);
      } else if (job.status === 'needs_attention') {
        const reason = job.lastError?.message ?? '';
        if (job.lastError?.class !== 'permanent') problems.push(`${label}: needs attention classified ${job.lastError?.class}`);
        if (reason.trim().length < 10 || /\bundefined\b|\[object Object\]|at .+\(.+:\d+:\d+\)|Error:/.test(reason)) {
          problems.push(`${label}: needs attention without a plain-language reason: ${JSON.stringify(reason)}`);
        }
        if (posted.length > 0) problems.push(`${label}: needs attention, yet ${posted.length} document(s) posted`);
        outcomes.push(`${label}: needs attention: ${reason}`);
      } else {
        problems.push(`${label}: job ${job.status}${job.lastError ? ` (${job.lastError.class}: ${job.lastError.message})` : ''}`);
      }
    }
    console.log(`odd-but-valid orders:\n${outcomes.map((line) => `  ${line}`).join('\n')}`);
    expect(problems).toEqual([]);

    // Nothing was posted twice anywhere in the company.
    for (const type of ['SalesReceipt', 'Invoice']) {
      const numbers = documents(type).map((doc) => String(doc.DocNumber));
      expect(numbers.filter((number, index) => numbers.indexOf(number) !== index)).toEqual([]);
    }
  }, 90_000);
});

/** The order as BigCommerce's v2 API shows it to the app (total_inc_tax is what QuickBooks must match). */
async function bigCommerceOrder(orderId: number): Promise<Doc> {
  const response = await fetch(`${harness.sandbox.apiUrl}/stores/${storeA.hash}/v2/orders/${orderId}`, {
    headers: { 'X-Auth-Token': harness.accessTokensOf(storeA.hash).at(-1)!, Accept: 'application/json' },
  });
  return (await response.json()) as Doc;
}
