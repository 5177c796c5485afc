/**
 * Keeps this process within QuickBooks Online's per-company limits (reference §5.1): at most 10 requests in
 * flight and 500 per minute per realm, beyond which Intuit answers 429 / 3001. The job queue lets only one
 * process hold a realm's lease at a time, so bounding calls in-process bounds them across all instances.
 *
 * `run(realmId, fn)` waits for a free concurrency slot and for room in a sliding window of request start
 * times, then runs fn and releases the slot however fn ends. Per realm, waiters are served strictly in
 * arrival order; a waiter held back by the window sleeps until the oldest start leaves it (one timer per
 * realm, no polling). Realms never wait on each other. Memory stays bounded: start times older than the
 * window are pruned, and realms with nothing in flight, nobody waiting and no start in the window are dropped.
 */

export interface RealmRateLimiterOptions {
  /** Requests in flight per realm. Default 10 (Intuit's limit). */
  maxConcurrent?: number;
  /** Request starts per window per realm. Default 480: headroom under Intuit's 500/min. */
  maxPerMinute?: number;
  /** Length of the sliding window. Default 60 000 ms. */
  windowMs?: number;
  /** Milliseconds since the epoch; injectable for tests. Default Date.now. */
  clock?: () => number;
  /** Resolves after ms; injectable for tests. Default setTimeout. */
  sleep?: (ms: number) => Promise<void>;
}

/** One realm's load right now (for dashboards and benchmarks). */
export interface RealmRateStats {
  realmId: string;
  /** Requests running (slot held). */
  inFlight: number;
  /** Requests started within the current sliding window (including those still running). */
  startedInWindow: number;
  /** Callers queued for a slot or for room in the window. */
  waiting: number;
}

export const DEFAULT_MAX_CONCURRENT = 10;
export const DEFAULT_MAX_PER_MINUTE = 480;
export const DEFAULT_WINDOW_MS = 60_000;

interface RealmState {
  inFlight: number;
  /** Start times still inside the window, oldest first (at most maxPerMinute of them). */
  starts: number[];
  /** Callers waiting for their turn, in arrival order; each is resolved once its slot is granted. */
  waiters: Array<() => void>;
  /** A wake-up for the window is pending (at most one per realm). */
  wakeScheduled: boolean;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class RealmRateLimiter {
  readonly maxConcurrent: number;
  readonly maxPerMinute: number;
  readonly windowMs: number;
  private readonly clock: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly realms = new Map<string, RealmState>();
  private lastSweepAt = Number.NEGATIVE_INFINITY;

  constructor(options: RealmRateLimiterOptions = {}) {
    this.maxConcurrent = positiveInteger(options.maxConcurrent ?? DEFAULT_MAX_CONCURRENT, 'maxConcurrent');
    this.maxPerMinute = positiveInteger(options.maxPerMinute ?? DEFAULT_MAX_PER_MINUTE, 'maxPerMinute');
    this.windowMs = positiveInteger(options.windowMs ?? DEFAULT_WINDOW_MS, 'windowMs');
    this.clock = options.clock ?? Date.now;
    this.sleep = options.sleep ?? defaultSleep;
  }

  /** Runs fn once the realm has a free slot and room in the window; the slot is released however fn ends. */
  async run<T>(realmId: string, fn: () => Promise<T>): Promise<T> {
    await this.acquire(realmId);
    try {
      return await fn();
    } finally {
      this.release(realmId);
    }
  }

  /** The realm's current load; zeros for a realm with no recent activity. */
  stats(realmId: string): RealmRateStats {
    const state = this.realms.get(realmId);
    if (!state) return { realmId, inFlight: 0, startedInWindow: 0, waiting: 0 };
    this.prune(state, this.clock());
    return { realmId, inFlight: state.inFlight, startedInWindow: state.starts.length, waiting: state.waiters.length };
  }

  /** Every realm with recent activity (idle realms are dropped first). */
  allStats(): RealmRateStats[] {
    this.sweepIdleRealms(this.clock(), true);
    return [...this.realms.keys()].map((realmId) => this.stats(realmId));
  }

  /** How many realms have state in memory right now (read as is: no sweep). */
  get trackedRealms(): number {
    return this.realms.size;
  }

  // -------------------------------------------------------------------------------------------------------

  private acquire(realmId: string): Promise<void> {
    const now = this.clock();
    this.sweepIdleRealms(now, false);
    const state = this.stateFor(realmId);
    this.prune(state, now);
    // Nobody may overtake a queued caller, even when a slot happens to be free right now.
    if (state.waiters.length === 0 && this.hasSlot(state) && this.hasRoomInWindow(state)) {
      this.grant(state, now);
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      state.waiters.push(resolve);
      this.serveWaiters(realmId, state);
    });
  }

  private release(realmId: string): void {
    const state = this.realms.get(realmId);
    if (!state) return;
    state.inFlight -= 1;
    this.serveWaiters(realmId, state);
    this.dropIfIdle(realmId, state, this.clock());
  }

  /** Grants slots to waiters in order while limits allow; when only the window blocks, sleeps until it moves. */
  private serveWaiters(realmId: string, state: RealmState): void {
    const now = this.clock();
    this.prune(state, now);
    while (state.waiters.length > 0 && this.hasSlot(state)) {
      if (!this.hasRoomInWindow(state)) {
        this.scheduleWake(realmId, state, now);
        return;
      }
      const next = state.waiters.shift();
      this.grant(state, now);
      next?.();
    }
    // A full concurrency slot set needs no timer: the next release serves the queue.
  }

  private scheduleWake(realmId: string, state: RealmState, now: number): void {
    if (state.wakeScheduled) return;
    state.wakeScheduled = true;
    const oldest = state.starts[0] ?? now;
    // At least 1 ms: a timer may fire a little before the clock says the oldest start has left the window.
    const delay = Math.max(1, oldest + this.windowMs - now);
    const wake = () => {
      state.wakeScheduled = false;
      // The state is never dropped while a wake-up is pending (it has waiters), so it is still current.
      this.serveWaiters(realmId, state);
    };
    // A failing injected sleep must not strand the queue: wake up either way.
    this.sleep(delay).then(wake, wake);
  }

  private grant(state: RealmState, now: number): void {
    state.inFlight += 1;
    state.starts.push(now);
  }

  private hasSlot(state: RealmState): boolean {
    return state.inFlight < this.maxConcurrent;
  }

  private hasRoomInWindow(state: RealmState): boolean {
    return state.starts.length < this.maxPerMinute;
  }

  /** Forgets start times that left the window: a start at t counts while now < t + windowMs. */
  private prune(state: RealmState, now: number): void {
    const cutoff = now - this.windowMs;
    let expired = 0;
    while (expired < state.starts.length && (state.starts[expired] ?? cutoff) <= cutoff) expired += 1;
    if (expired > 0) state.starts.splice(0, expired);
  }

  private stateFor(realmId: string): RealmState {
    let state = this.realms.get(realmId);
    if (!state) {
      state = { inFlight: 0, starts: [], waiters: [], wakeScheduled: false };
      this.realms.set(realmId, state);
    }
    return state;
  }

  private dropIfIdle(realmId: string, state: RealmState, now: number): void {
    this.prune(state, now);
    const idle = state.inFlight === 0 && state.waiters.length === 0 && state.starts.length === 0 && !state.wakeScheduled;
    if (idle && this.realms.get(realmId) === state) this.realms.delete(realmId);
  }

  /** Drops realms that went quiet; at most once per window unless forced, so a call costs O(1) amortised. */
  private sweepIdleRealms(now: number, force: boolean): void {
    if (!force && now - this.lastSweepAt < this.windowMs) return;
    this.lastSweepAt = now;
    for (const [realmId, state] of this.realms) this.dropIfIdle(realmId, state, now);
  }
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value <= 0) throw new RangeError(`${name} must be a positive integer`);
  return value;
}

// Kept on globalThis so a hot-reloaded copy of this module (next dev) shares the budget instead of doubling it.
const SHARED_KEY = Symbol.for('qbo-sync.realm-rate-limiter.shared');

/** The process-wide limiter every QuickBooksClient uses by default: all clients must share one budget. */
export function sharedRealmRateLimiter(): RealmRateLimiter {
  const holder = globalThis as Record<symbol, RealmRateLimiter | undefined>;
  return (holder[SHARED_KEY] ??= new RealmRateLimiter());
}
