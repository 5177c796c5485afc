/**
 * The benchmark's scenarios against one running stack. prepareStores() provisions every store a run needs up
 * front, side by side, and warms them up (every customer and product known to QuickBooks, house items created:
 * "once customers and items are known"); each scenario then gets stores of its own (so its counters start
 * clean) and measures only the orders it places.
 */
import type { ProductionStack, ProvisionedStore } from '../stack/production-stack';
import { OrderTraffic, type OrderPhases, type PlacedOrder } from './order-traffic';

export interface Percentiles {
  count: number;
  p50: number;
  p99: number;
}

export interface ScenarioResult {
  scenario: string;
  orders: number;
  stores: number;
  durationS: number;
  ackMs: Percentiles;
  postedMs: Percentiles;
  bcCallsPerOrder: number;
  qboCallsPerOrder: number;
  ordersPerMinute: number;
  /** Orders per minute the binding limit allows at the measured calls per order, and which side binds. */
  bindingLimitOrdersPerMinute: number;
  bindingSide: 'BigCommerce' | 'QuickBooks';
  bindingPercent: number;
  bc429: number;
  bc429Percent: number;
  qbo429: number;
  duplicates: number;
  missing: number;
  mismatched: number;
  peakRssMb: number;
  /** Scenario (a): where an order's time goes, the median of each phase over its orders (OrderPhases). */
  phasesMs?: OrderPhases;
  /** Scenario (c): the healthy stores' order-to-posted p99 with a failing store beside them, and without. */
  healthyP99Ms?: number;
  controlP99Ms?: number;
  healthyP99Ratio?: number;
}

export interface ScenarioSizes {
  sequential: number;
  burst: number;
  stores: number;
  ordersPerStore: number;
  /** Scenario (c) places its orders evenly over this long. */
  spreadMs: number;
}

/** BigCommerce: 150 requests per 30 s per store; QuickBooks: 500 per minute per company. */
const BC_PER_MINUTE = 300;
const QBO_PER_MINUTE = 500;

export function percentiles(values: readonly number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => (sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!);
  return { count: sorted.length, p50: at(0.5), p99: at(0.99) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Peak resident memory of the app while `work` runs (sampled every 250 ms). */
async function withMemory<T>(stack: ProductionStack, work: () => Promise<T>): Promise<{ result: T; peakRssMb: number }> {
  let peak = stack.app.rssBytes();
  const timer = setInterval(() => {
    peak = Math.max(peak, stack.app.rssBytes());
  }, 250);
  try {
    const result = await work();
    peak = Math.max(peak, stack.app.rssBytes());
    return { result, peakRssMb: Math.round(peak / 1024 / 1024) };
  } finally {
    clearInterval(timer);
  }
}

interface Counters {
  bcRequests: number;
  bc429: number;
  qboRequests: number;
  qbo429: number;
}

function counters(stack: ProductionStack, stores: readonly ProvisionedStore[]): Counters {
  const total: Counters = { bcRequests: 0, bc429: 0, qboRequests: 0, qbo429: 0 };
  for (const store of stores) {
    const bc = stack.bc.state.stats.byStore[store.storeHash];
    total.bcRequests += bc?.requests ?? 0;
    total.bc429 += bc?.rateLimited ?? 0;
    const qbo = stack.qbo.state.realmCounters(store.realmId);
    total.qboRequests += qbo.requests;
    total.qbo429 += qbo.throttled;
  }
  return total;
}

/** Webhook acknowledgement times (the app's answer as the BigCommerce sandbox timed it) of these stores since `since`. */
function ackTimes(stack: ProductionStack, storeHashes: ReadonlySet<string>, since: number): number[] {
  const times: number[] = [];
  for (const delivery of stack.bc.webhooks.log) {
    if (delivery.createdAt < since || !storeHashes.has(delivery.storeHash)) continue;
    for (const attempt of delivery.attempts) if (attempt.status !== null && attempt.status < 300) times.push(attempt.durationMs);
  }
  return times;
}

const PROVISION_AT_ONCE = 16;

/**
 * `count` new stores, live and warmed up. Provisioning runs a few stores at a time (each is a handful of
 * requests to the app and both sandboxes); the warm-up orders of all of them post side by side.
 */
export async function prepareStores(stack: ProductionStack, traffic: OrderTraffic, count: number, log: (line: string) => void): Promise<ProvisionedStore[]> {
  const started = Date.now();
  const stores: ProvisionedStore[] = [];
  for (let i = 0; i < count; i += PROVISION_AT_ONCE) {
    stores.push(...(await Promise.all(Array.from({ length: Math.min(PROVISION_AT_ONCE, count - i) }, () => stack.provisionStore()))));
  }
  const provisionedAt = Date.now();
  const warm = stores.flatMap((store) => traffic.warmUp(store));
  // As long as they keep posting (a full run warms 120-odd stores), at most 10 minutes.
  if (!(await traffic.waitForPosted(warm, 600_000, 60_000))) throw new Error('warm-up orders stopped posting');
  // Let the warm-up's webhooks and follow-ups settle before measuring.
  await stack.bc.webhooksIdle(30_000);
  await sleep(500);
  log(`  ${count} stores provisioned in ${((provisionedAt - started) / 1000).toFixed(1)} s, warmed up in ${((Date.now() - provisionedAt) / 1000).toFixed(1)} s`);
  return stores;
}

interface Measured {
  orders: PlacedOrder[];
  stores: ProvisionedStore[];
  startedAt: number;
  before: Counters;
  waitMs: number;
  /** Give up early when nothing was posted for this long (default waitMs). */
  stallMs?: number;
  scenario: string;
  healthy?: (order: PlacedOrder) => boolean;
}

async function finish(stack: ProductionStack, traffic: OrderTraffic, run: Measured, peakRssMb: number): Promise<ScenarioResult> {
  const healthy = run.healthy ?? (() => true);
  const expected = run.orders.filter(healthy);
  await traffic.waitForPosted(expected, run.waitMs, run.stallMs);
  const endedAt = Math.max(...expected.map((order) => traffic.postedAt(order) ?? Date.now()));
  // A moment for anything that would post twice.
  await sleep(1_000);
  const healthyStores = new Set(expected.map((order) => order.storeHash));
  const healthyOnly = run.stores.filter((store) => healthyStores.has(store.storeHash));
  // run.before counted the same stores (the failing one left out): deltas compare like with like.
  const after = counters(stack, healthyOnly);
  const posted = expected.flatMap((order) => {
    const at = traffic.postedAt(order);
    return at === undefined ? [] : [at - order.placedAt];
  });
  const durationS = (endedAt - run.startedAt) / 1000;
  const bcCalls = (after.bcRequests - run.before.bcRequests) / Math.max(expected.length, 1);
  const qboCalls = (after.qboRequests - run.before.qboRequests) / Math.max(expected.length, 1);
  const ordersPerMinute = (expected.length / Math.max(durationS, 0.001)) * 60 / Math.max(healthyOnly.length, 1);
  const bcLimit = BC_PER_MINUTE / Math.max(bcCalls, 0.001);
  const qboLimit = QBO_PER_MINUTE / Math.max(qboCalls, 0.001);
  const binding = bcLimit <= qboLimit ? ('BigCommerce' as const) : ('QuickBooks' as const);
  const bindingLimit = Math.min(bcLimit, qboLimit);
  const bc429 = after.bc429 - run.before.bc429;
  const bcRequests = after.bcRequests - run.before.bcRequests;
  return {
    scenario: run.scenario,
    orders: expected.length,
    stores: healthyOnly.length,
    durationS: round(durationS, 1),
    ackMs: roundPercentiles(percentiles(ackTimes(stack, new Set(run.stores.map((store) => store.storeHash)), run.startedAt))),
    postedMs: roundPercentiles(percentiles(posted)),
    bcCallsPerOrder: round(bcCalls, 2),
    qboCallsPerOrder: round(qboCalls, 2),
    ordersPerMinute: round(ordersPerMinute, 1),
    bindingLimitOrdersPerMinute: round(bindingLimit, 1),
    bindingSide: binding,
    bindingPercent: round((ordersPerMinute / bindingLimit) * 100, 1),
    bc429,
    bc429Percent: round((bc429 / Math.max(bcRequests, 1)) * 100, 2),
    qbo429: after.qbo429 - run.before.qbo429,
    ...traffic.audit(expected),
    peakRssMb,
  };
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));
const roundPercentiles = (p: Percentiles): Percentiles => ({ count: p.count, p50: Math.round(p.p50), p99: Math.round(p.p99) });

/** (a) One order at a time: each is placed once the previous one is in QuickBooks. */
export async function oneAtATime(stack: ProductionStack, traffic: OrderTraffic, store: ProvisionedStore, count: number): Promise<ScenarioResult> {
  const stores = [store];
  const before = counters(stack, stores);
  const startedAt = Date.now();
  const { result: orders, peakRssMb } = await withMemory(stack, async () => {
    const placed: PlacedOrder[] = [];
    for (let i = 0; i < count; i += 1) {
      const order = traffic.place(store);
      placed.push(order);
      if (!(await traffic.waitForPosted([order], 30_000))) break;
      // Let the order's later webhooks be acknowledged and its job finish before the next one.
      await stack.bc.webhooksIdle(10_000);
      await sleep(100);
    }
    return placed;
  });
  const result = await finish(stack, traffic, { scenario: '(a) one order at a time', orders, stores, startedAt, before, waitMs: 30_000 }, peakRssMb);
  return { ...result, ...medianPhases(orders.flatMap((order) => traffic.phases(order) ?? [])) };
}

function medianPhases(all: readonly OrderPhases[]): { phasesMs?: OrderPhases } {
  if (all.length === 0) return {};
  const median = (key: keyof OrderPhases) => Math.round(percentiles(all.map((phases) => phases[key])).p50);
  return {
    phasesMs: {
      webhookSent: median('webhookSent'),
      ack: median('ack'),
      ackToOrderRead: median('ackToOrderRead'),
      orderRead: median('orderRead'),
      readToCommit: median('readToCommit'),
      commitAnswer: median('commitAnswer'),
    },
  };
}

/** (b) A burst of orders to one store, all placed at once. */
export async function burst(stack: ProductionStack, traffic: OrderTraffic, store: ProvisionedStore, count: number): Promise<ScenarioResult> {
  const stores = [store];
  const before = counters(stack, stores);
  const startedAt = Date.now();
  const { result, peakRssMb } = await withMemory(stack, async () => {
    const orders = Array.from({ length: count }, () => traffic.place(store));
    // As long as orders keep posting (the reference run is several times slower), up to half an hour.
    await traffic.waitForPosted(orders, 30 * 60_000, 60_000);
    return orders;
  });
  return finish(stack, traffic, { scenario: `(b) burst of ${count} orders, one store`, orders: result, stores, startedAt, before, waitMs: 1_000 }, peakRssMb);
}

/**
 * (c) Many stores, orders spread evenly over `spreadMs`, optionally with the first store's QuickBooks company
 * failing every request from now on (its orders are not expected to post and are left out of the figures; the
 * store is not used again, and its jobs keep backing off in the background, as they would in production).
 */
export async function manyStores(
  stack: ProductionStack,
  traffic: OrderTraffic,
  stores: readonly ProvisionedStore[],
  sizes: Pick<ScenarioSizes, 'ordersPerStore' | 'spreadMs'>,
  withFailingStore: boolean,
): Promise<ScenarioResult> {
  const failing = withFailingStore ? stores[0] : undefined;
  if (failing) stack.qbo.faults.inject({ realmId: failing.realmId, status: 500, times: Number.POSITIVE_INFINITY });
  const before = counters(stack, stores.filter((store) => store !== failing));
  const total = stores.length * sizes.ordersPerStore;
  const gapMs = sizes.spreadMs / total;
  const startedAt = Date.now();
  const { result, peakRssMb } = await withMemory(stack, async () => {
    const orders: PlacedOrder[] = [];
    for (let i = 0; i < total; i += 1) {
      orders.push(traffic.place(stores[i % stores.length]!));
      const due = startedAt + (i + 1) * gapMs;
      if (due > Date.now()) await sleep(due - Date.now());
    }
    return orders;
  });
  const name = withFailingStore
    ? `(c) ${stores.length} stores × ${sizes.ordersPerStore} orders, one store's QuickBooks failing`
    : `(c′) the same without the failing store (control)`;
  return finish(
    stack,
    traffic,
    { scenario: name, orders: result, stores: [...stores], startedAt, before, waitMs: 600_000, stallMs: 60_000, healthy: (order) => order.storeHash !== failing?.storeHash },
    peakRssMb,
  );
}
