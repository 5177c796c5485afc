/**
 * `npm run test:faults`: a 1,000-order burst through the production build (`next start`) while everything
 * around it misbehaves, then an audit of QuickBooks' final state: every order posted exactly once, to the cent,
 * with no twin customers or items, and the refresh token rotated during the burst.
 *
 * The burst goes to two stores (500 orders each, placed at once, alternating), each with its own QuickBooks
 * company. One store cannot finish in time on a 2-core CI machine: everything is CPU-bound there (app and
 * Firestore emulator), and the two longest disruptions stop a company's work outright and one after the other —
 * the app pauses a company for 60 s after a QuickBooks 429 without Retry-After, and after the SIGKILL the dead
 * instance's realm lease holds the company for up to 60 s more. With two companies the storm pauses one while
 * the other keeps posting. Measured side by side on a busy 2-core machine: one store 268 s to post the burst
 * (and its faults had to be cleared at 66 % to make the deadline), two stores 234 s with faults throughout; on
 * a quiet one two stores take ~205 s, the whole run ~5 minutes with a fresh `next build` (~90 s).
 *
 * Injected for the whole burst (test/faults/fault-plan.ts): 10 % of QuickBooks creates answer 5xx, 5 % commit
 * and then lose their answer, a storm of consecutive QuickBooks 429s at ~25 % posted, BigCommerce 5xx and 429s
 * spread over the run, access tokens expired every 20 s on top of a short token lifetime (refresh tokens rotate
 * on every refresh); every webhook is delivered three times and out of order. At ~30 % posted the app is
 * SIGKILLed and started again; at ~60 % the Firestore emulator is restarted (the app paused meanwhile).
 *
 * Prints one line per phase, a summary of what was injected and what fired, then
 * `lost N, duplicate N, mismatched N`; exits 0 only when all three are 0 and the other checks hold.
 * The app's log goes to test-results/faults/app.log. Every wait is bounded, and a watchdog ends the run
 * (failed) 7.5 minutes after the build whatever happens; times printed after the build count from its end.
 *
 * Environment (for working on the suite; CI sets none): FAULT_ORDERS (default 1000), FAULT_STORES (default 2),
 * FAULT_TRACE=1 (progress every 5 s with the sandboxes' counters),
 * FAULT_BASELINE=1 (the same burst without faults or disruptions, for timings; its checks fail).
 */
import path from 'node:path';
import { OrderTraffic, type PlacedOrder } from '../../scripts/bench/order-traffic';
import { ensureProductionBuild, startProductionStack, type ProductionStack, type ProvisionedStore } from '../../scripts/stack/production-stack';
import { catalogReport, catalogSnapshot, tokenRotation, type CatalogSnapshot } from './company-checks';
import { FaultPlan } from './fault-plan';

const ROOT = path.resolve(__dirname, '../..');
const LOG_FILE = path.join(ROOT, 'test-results', 'faults', 'app.log');

function envInt(name: string, fallback: number): number {
  const value = Number(process.env[name] || fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number`);
  return value;
}
const ORDERS = envInt('FAULT_ORDERS', 1000);
const STORES = envInt('FAULT_STORES', 2);
const TRACE = process.env.FAULT_TRACE === '1';
const BASELINE = process.env.FAULT_BASELINE === '1';

/** Hard stop for the whole run: the run fails (the stack's exit hooks end the app and the emulator). */
const WATCHDOG_MS = 7 * 60_000 + 30_000;
/** Posting must finish by this long after the burst starts, and by this long after the run started. */
const POSTING_TIMEOUT_MS = 300_000;
const POSTING_RUN_DEADLINE_MS = 6 * 60_000 + 30_000;
const FAULT_FREE_TAIL_MS = 60_000;
/** Orders shipped while the app is down, and just before Firestore restarts (their webhooks must be retried). */
const SHIPPED_PER_DISRUPTION = 10;
/** QuickBooks access-token lifetime: the app refreshes with 5 minutes left, so every ~30 s at this one. */
const ACCESS_TOKEN_TTL_S = 330;
const KILL_AT = 0.3;
const FIRESTORE_RESTART_AT = 0.6;
/** After the last order posted: webhooks idle (bounded), then this long for anything that would post twice. */
const WEBHOOKS_IDLE_MS = 20_000;
/** Then until the app's queues hold no pending or running job (bounded), then QUIET_MS for anything late. */
const QUEUE_DRAIN_MS = 60_000;
const SETTLE_RUN_DEADLINE_MS = 7 * 60_000;
const QUIET_MS = 3_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Set again once the build is done: the time limits are the suite's own, not the build's (2–3 min on CI). */
let runStarted = Date.now();
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const log = (line: string) => console.log(`[${seconds(Date.now() - runStarted).padStart(7)}] ${line}`);

function trace(stack: ProductionStack): string {
  const w = stack.bc.webhooks.stats;
  return `[bc ${stack.bc.state.stats.requests} req, webhooks ${w.delivered}/${w.deliveries} delivered, ${w.retries} retries; qbo ${stack.qbo.state.counters.requests} req; app ${Math.round(stack.app.rssBytes() / 1048576)} MB]`;
}

interface Disruption {
  what: string;
  atPosted: number;
  atMs: number;
  tookMs: number;
}

/**
 * Ships `count` orders of the burst, half already posted and half not yet (status Shipped, a posting status:
 * an order job runs again for each, and must neither post an order twice nor skip one). Returns how many.
 */
function shipSome(stack: ProductionStack, traffic: OrderTraffic, orders: readonly PlacedOrder[], count: number): number {
  const posted = orders.filter((order) => traffic.postedAt(order) !== undefined);
  const waiting = orders.filter((order) => traffic.postedAt(order) === undefined);
  const pick = (from: readonly PlacedOrder[], n: number) => Array.from({ length: Math.min(n, from.length) }, (_, i) => from[Math.floor(((i + 0.5) * from.length) / n)]!);
  let shipped = 0;
  for (const order of [...pick(posted, Math.ceil(count / 2)), ...pick(waiting, Math.floor(count / 2))]) {
    if (shippedOrders.has(`${order.storeHash}/${order.orderId}`)) continue;
    try {
      stack.bc.admin.shipOrder(order.storeHash, order.orderId);
      shippedOrders.add(`${order.storeHash}/${order.orderId}`);
      shipped += 1;
    } catch {
      // Already shipped or nothing to ship: not this one.
    }
  }
  return shipped;
}
const shippedOrders = new Set<string>();

/** Places the burst, round robin over the stores, yielding now and then so the sandboxes keep answering. */
async function placeBurst(traffic: OrderTraffic, stores: readonly ProvisionedStore[], count: number): Promise<PlacedOrder[]> {
  const orders: PlacedOrder[] = [];
  for (let i = 0; i < count; i += 1) {
    orders.push(traffic.place(stores[i % stores.length]!));
    if (i % 50 === 49) await new Promise((resolve) => setImmediate(resolve));
  }
  return orders;
}

/**
 * Waits until every order is posted or the deadline passes; meanwhile feeds the fault plan with progress, kills
 * the app at KILL_AT and restarts Firestore at FIRESTORE_RESTART_AT (each once, in that order). The faults stay
 * on until every order is posted, or until FAULT_FREE_TAIL_MS before the deadline: then they are cleared so that
 * what is left can finish (a slow machine must not turn into lost orders).
 */
async function driveBurst(stack: ProductionStack, traffic: OrderTraffic, plan: FaultPlan, orders: readonly PlacedOrder[], deadline: number, burstStarted: number) {
  const disruptions: Disruption[] = [];
  const postedCount = () => orders.reduce((n, order) => n + (traffic.postedAt(order) !== undefined ? 1 : 0), 0);
  let killed = false;
  let restarted = false;
  let faultsClearedAt: number | undefined;
  let lastReport = Date.now();
  for (;;) {
    const posted = postedCount();
    const share = posted / orders.length;
    if (!BASELINE) plan.onProgress(share);
    if (posted === orders.length || Date.now() > deadline) return { posted, disruptions, faultsClearedAt };
    if (faultsClearedAt === undefined && Date.now() > deadline - FAULT_FREE_TAIL_MS) {
      plan.clear();
      faultsClearedAt = posted;
      log(`  faults cleared early at ${posted} posted (+${seconds(Date.now() - burstStarted)}): ${seconds(FAULT_FREE_TAIL_MS)} left before the deadline`);
    }
    if (!BASELINE && !killed && share >= KILL_AT) {
      killed = true;
      await plan.outsideTokenRefresh();
      const started = Date.now();
      await stack.app.kill('SIGKILL');
      // Webhooks that find the app down: retried by BigCommerce until it is back.
      const shipped = shipSome(stack, traffic, orders, SHIPPED_PER_DISRUPTION);
      await stack.app.start();
      disruptions.push({ what: 'app SIGKILLed and started again', atPosted: posted, atMs: started - burstStarted, tookMs: Date.now() - started });
      log(`  app SIGKILLed at ${posted} posted (+${seconds(started - burstStarted)}), answering again ${seconds(Date.now() - started)} later; ${shipped} orders shipped meanwhile`);
    } else if (!BASELINE && killed && !restarted && share >= FIRESTORE_RESTART_AT) {
      restarted = true;
      await plan.outsideTokenRefresh();
      const started = Date.now();
      // Their webhooks leave the shuffle window while the app is paused for the restart.
      const shipped = shipSome(stack, traffic, orders, SHIPPED_PER_DISRUPTION);
      const { downMs } = await stack.restartFirestore();
      disruptions.push({ what: 'Firestore emulator restarted', atPosted: posted, atMs: started - burstStarted, tookMs: downMs });
      log(`  Firestore restarted at ${posted} posted (+${seconds(started - burstStarted)}), down ${seconds(downMs)} (app paused meanwhile); ${shipped} orders shipped just before`);
    }
    if (Date.now() - lastReport >= (TRACE ? 5_000 : 30_000)) {
      lastReport = Date.now();
      log(`  … ${posted}/${orders.length} posted (+${seconds(Date.now() - burstStarted)})${TRACE ? ` ${trace(stack)}` : ''}`);
    }
    await sleep(100);
  }
}

async function main(): Promise<number> {
  let phaseStarted = Date.now();
  const phase = (line: string) => {
    log(`${line} (${seconds(Date.now() - phaseStarted)})`);
    phaseStarted = Date.now();
  };

  const build = ensureProductionBuild(log);
  phase(build.built ? 'build: next build done' : 'build: using the current production build (.next)');
  runStarted = Date.now();
  armWatchdog();

  const stack = await startProductionStack({
    bigcommerce: {
      latencyMs: 0,
      // 60 requests a second, in 5-second windows: an injected 429 makes the app wait out the rest of the
      // window (X-Rate-Limit-Time-Reset-Ms), which a 30-second window would make the longest part of the run.
      rateLimit: { quota: 300, windowMs: 5_000 },
      webhookMode: { duplicates: 3, shuffleWindowMs: 1_500 },
      // While the app is killed or paused, deliveries are retried for ~60 s before the hook is deactivated
      // (the sandbox's default schedule gives up after 9 s).
      webhookRetryDelaysMs: [1_000, 2_000, 4_000, 8_000, 15_000, 30_000],
    },
    // The app refreshes with 5 minutes left, so at this lifetime every ~30 s: refresh tokens rotate mid-run.
    quickbooks: { latencyMs: 0, accessTokenTtlSeconds: ACCESS_TOKEN_TTL_S },
    logFile: LOG_FILE,
  });
  let plan: FaultPlan | undefined;
  let traffic: OrderTraffic | undefined;
  try {
    phase(`stack: Firestore emulator, sandboxes and next start up; app log ${path.relative(ROOT, LOG_FILE)}`);

    const stores: ProvisionedStore[] = [];
    for (let i = 0; i < STORES; i += 1) stores.push(await stack.provisionStore());
    traffic = new OrderTraffic(stack);
    const warm = stores.flatMap((store) => traffic!.warmUp(store));
    if (!(await traffic.waitForPosted(warm, 60_000))) throw new Error('the warm-up orders were not posted within 60 s');
    await stack.bc.webhooksIdle(20_000);
    const catalogBefore = new Map<string, CatalogSnapshot>(stores.map((store) => [store.realmId, catalogSnapshot(stack.qbo, store.realmId)]));
    const refreshesBefore = stores.reduce((sum, store) => sum + tokenRotation(stack.qbo, store.realmId).refreshes, 0);
    phase(`provision: ${STORES === 1 ? 'one store' : `${STORES} stores`} (${stores.map((s) => `${s.storeHash} → realm ${s.realmId}`).join(', ')}) live, ${warm.length} warm-up orders posted`);

    plan = new FaultPlan(stack, stores);
    if (!BASELINE) {
      plan.arm();
      plan.onProgress(0);
    }
    phase(BASELINE ? 'faults: none (FAULT_BASELINE=1)' : 'faults: armed (QuickBooks 5xx and commit-then-drop on creates, token expiry every 20 s; 429 storm and BigCommerce 5xx/429 by progress)');

    const burstStarted = Date.now();
    const orders = await placeBurst(traffic, stores, ORDERS);
    phase(`burst: ${orders.length} orders placed`);

    const deadline = Math.min(burstStarted + POSTING_TIMEOUT_MS, runStarted + POSTING_RUN_DEADLINE_MS);
    const { posted, disruptions, faultsClearedAt } = await driveBurst(stack, traffic, plan, orders, deadline, burstStarted);
    const lastPostedAt = Math.max(...orders.map((order) => traffic!.postedAt(order) ?? 0));
    phase(
      posted === orders.length
        ? `posting: all ${orders.length} posted, the last ${seconds(lastPostedAt - burstStarted)} after the burst began`
        : `posting: deadline passed with ${posted}/${orders.length} posted`,
    );

    plan.clear();
    if (faultsClearedAt === undefined) log('  faults cleared: every order posted');
    const idle = await stack.bc.webhooksIdle(WEBHOOKS_IDLE_MS).then(
      () => 'webhooks idle',
      (error: Error) => `webhooks not idle (${error.message})`,
    );
    // A job whose create was committed but answered with an error runs again after its backoff and must adopt
    // that document, not post a second: wait for the queues to empty (bounded), then a little longer.
    const queues = await queuesDrained(stack, stores, Math.min(Date.now() + QUEUE_DRAIN_MS, runStarted + SETTLE_RUN_DEADLINE_MS));
    await sleep(QUIET_MS);
    phase(`settle: faults cleared, ${idle}, ${queues}, then ${seconds(QUIET_MS)} more`);

    const audit = traffic.audit(orders);
    const catalogs = stores.map((store) => catalogReport(stack.qbo, store.realmId, catalogBefore.get(store.realmId)!));
    const customersCreated = catalogs.reduce((sum, c) => sum + c.customersCreated, 0);
    const itemsCreated = catalogs.reduce((sum, c) => sum + c.itemsCreated, 0);
    const twins = catalogs.flatMap((c) => c.twins);
    const rotations = stores.map((store) => tokenRotation(stack.qbo, store.realmId));
    const refreshesDuring = rotations.reduce((sum, r) => sum + r.refreshes, 0) - refreshesBefore;
    const hooks = stores.flatMap((store) => [...(stack.bc.state.stores.get(store.storeHash)?.hooks.values() ?? [])]);
    const inactiveHooks = hooks.filter((hook) => !hook.isActive).length;
    const webhooks = stack.bc.webhooks.stats;
    const { qbo, bc, tokens } = plan.summary();

    log('summary (injected → fired):');
    const o = plan.options;
    const pct = (share: number) => `${Math.round(share * 100)} %`;
    log(`  QuickBooks creates: ${qbo.writes} sent; ${pct(o.qbo5xxProbability)} 5xx → ${qbo.injected5xx}; ${pct(o.qboDropProbability)} commit-then-drop → ${qbo.droppedDestroy} socket destroyed + ${qbo.dropped504} × 504`);
    log(`  QuickBooks 429 storm at ${pct(o.qbo429StormAt)} posted: up to ${o.qbo429Storm} in ${seconds(o.qbo429StormMs)} → ${qbo.injected429} (the app then pauses the company for 60 s); real 429s ${qbo.throttled429}; requestid replays ${qbo.replayed}`);
    log(`  QuickBooks tokens: lifetime ${ACCESS_TOKEN_TTL_S} s, all expired every ${seconds(o.tokenExpiryEveryMs)} → ${tokens.expiries} times (${tokens.tokensExpired} live tokens), ${qbo.unauthorized401} × 401; ${refreshesDuring} refreshes during the burst, each rotating the refresh token`);
    log(`  BigCommerce: 5xx ${bc.injected5xx} → ${bc.fired5xx}; 429 ${bc.injected429} → ${bc.fired429}; quota 429s ${bc.rateLimited}`);
    log(`  webhooks: ${webhooks.events} events ×3, shuffled → ${webhooks.deliveries} deliveries, ${webhooks.retries} retried, ${webhooks.failed} given up; ${inactiveHooks}/${hooks.length} hooks inactive`);
    log(`  disruptions: ${disruptions.map((d) => `${d.what} at ${d.atPosted} posted (+${seconds(d.atMs)}, ${seconds(d.tookMs)})`).join('; ') || 'none'}`);
    log(`  catalog: ${customersCreated} customers and ${itemsCreated} items created during the burst; twins: ${twins.length ? twins.join('; ') : 'none'}`);

    const problems: string[] = [];
    if (twins.length > 0) problems.push(`${twins.length} twin customers/items`);
    if (customersCreated > 0) problems.push(`${customersCreated} customers created during the burst (all were known after warm-up)`);
    if (refreshesDuring <= 0) problems.push('no token refresh (refresh-token rotation) during the burst');
    if (queues !== 'queues empty') problems.push(`${queues} after the burst: the final state is not final`);
    if (inactiveHooks > 0) problems.push(`${inactiveHooks} webhook(s) deactivated by the sandbox (retries exhausted)`);
    if (!disruptions.some((d) => d.what.startsWith('app'))) problems.push('the app was never killed');
    if (!disruptions.some((d) => d.what.startsWith('Firestore'))) problems.push('Firestore was never restarted');
    if (qbo.injected5xx === 0 || qbo.droppedDestroy === 0 || qbo.dropped504 === 0 || qbo.injected429 === 0 || qbo.unauthorized401 === 0) {
      problems.push('some QuickBooks faults never fired');
    }
    if (bc.fired5xx === 0 || bc.fired429 === 0) problems.push('some BigCommerce faults never fired');
    const failed = audit.missing > 0 || audit.duplicates > 0 || audit.mismatched > 0;
    if (failed) for (const store of stores) await printQueueState(stack, store);
    for (const problem of problems) log(`  FAILED: ${problem}`);

    console.log(`lost ${audit.missing}, duplicate ${audit.duplicates}, mismatched ${audit.mismatched}`);
    return !failed && problems.length === 0 ? 0 : 1;
  } finally {
    plan?.dispose();
    traffic?.stop();
    const stopping = Date.now();
    await Promise.race([stack.stop(), sleep(30_000)]);
    log(`stop: stack stopped (${seconds(Date.now() - stopping)}); total ${seconds(Date.now() - runStarted)}`);
  }
}

/** Waits until no store's queue holds a pending or running job, or until `deadline`; says how it ended. */
async function queuesDrained(stack: ProductionStack, stores: readonly ProvisionedStore[], deadline: number): Promise<string> {
  let open = -1;
  for (;;) {
    try {
      const counts = await Promise.all(
        stores.map(async (store) => {
          const { body } = await stack.api('/api/app/dashboard', store.token, { signal: AbortSignal.timeout(5_000) });
          const queue = (body.queue ?? {}) as Record<string, number>;
          return (queue.pending ?? 1) + (queue.running ?? 0);
        }),
      );
      open = counts.reduce((sum, n) => sum + n, 0);
      if (open === 0) return 'queues empty';
    } catch {
      // The app is busy or restarting: ask again.
    }
    if (Date.now() > deadline) return `queues not empty (${open < 0 ? 'unknown' : `${open} jobs pending or running`})`;
    await sleep(1_000);
  }
}

/** For a failed audit: the store's queue and its unfinished jobs' last errors, as the app reports them. */
async function printQueueState(stack: ProductionStack, store: ProvisionedStore): Promise<void> {
  try {
    const dashboard = await stack.api('/api/app/dashboard', store.token, { signal: AbortSignal.timeout(5_000) });
    log(`  ${store.storeHash} queue: ${JSON.stringify(dashboard.body.queue ?? dashboard.body).slice(0, 300)}`);
    for (const status of ['pending', 'running', 'parked', 'needs_attention', 'dead']) {
      const page = await stack.api(`/api/app/activity?status=${status}&limit=100`, store.token, { signal: AbortSignal.timeout(5_000) });
      const items = (page.body.items ?? []) as Array<{ orderId?: number; lastError?: { class: string; message: string }; parkedReason?: string }>;
      if (items.length === 0) continue;
      const reasons = new Map<string, number>();
      for (const item of items) {
        const reason = item.parkedReason ?? (item.lastError ? `${item.lastError.class}: ${item.lastError.message}` : 'no error');
        reasons.set(reason.slice(0, 160), (reasons.get(reason.slice(0, 160)) ?? 0) + 1);
      }
      log(`  ${status} (first ${items.length}, e.g. orders ${items.slice(0, 5).map((i) => i.orderId).join(', ')}):`);
      for (const [reason, count] of [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 4)) log(`    ${count} × ${reason}`);
    }
  } catch (error) {
    log(`  ${store.storeHash} queue: unavailable (${(error as Error).message})`);
  }
}

let watchdog: NodeJS.Timeout | undefined;
function armWatchdog(): void {
  watchdog = setTimeout(() => {
    console.error(`fault suite: still running ${seconds(WATCHDOG_MS)} after the build; giving up`);
    console.log('lost ?, duplicate ?, mismatched ? (run aborted)');
    process.exit(1);
  }, WATCHDOG_MS);
  watchdog.unref();
}

main().then(
  (code) => {
    clearTimeout(watchdog);
    process.exit(code);
  },
  (error: unknown) => {
    clearTimeout(watchdog);
    console.error('fault suite failed:', error instanceof Error ? (error.stack ?? error.message) : error);
    console.log('lost ?, duplicate ?, mismatched ? (run failed)');
    process.exit(1);
  },
);
