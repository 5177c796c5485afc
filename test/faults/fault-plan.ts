/**
 * The faults the suite injects into both sandboxes while a burst posts, and what each actually fired:
 *
 *  - QuickBooks creates (POST to an entity or /batch): 10 % answer 5xx, 5 % commit and then drop the answer
 *    (half the drops destroy the socket, half answer 504), for the whole burst;
 *  - a QuickBooks 429 storm once the burst is ~25 % posted: up to 40 consecutive 429s on any call of the first
 *    store's company, for at most `qbo429StormMs` from the first one. (The app pauses a company for 60 s after a
 *    429 without Retry-After, as QuickBooks limits per minute, and then tries a few jobs at once: 40 429s in a
 *    row would take ten such pauses, longer than the whole suite may run. The summary says how many fired.)
 *  - BigCommerce 5xx and 429s (the latter without going over the real quota), a few at every 5 % of progress;
 *  - every company access token expired at an interval, on top of the short token lifetime.
 *
 * Fired counts come from the sandboxes themselves: the QuickBooks request log (observed through a wrapper on
 * its log method, so the bounded log's trimming does not matter) and the BigCommerce fault records' remaining
 * counts.
 */
import type { ProductionStack, ProvisionedStore } from '../../scripts/stack/production-stack';
import type { FaultInjection } from '../../sandboxes/bigcommerce/sandbox-state';
import type { FaultRule } from '../../sandboxes/quickbooks/fault-injection';
import type { RequestLogEntry } from '../../sandboxes/quickbooks/sandbox-state';

export interface FaultPlanOptions {
  /** Share of QuickBooks creates answered 5xx. */
  qbo5xxProbability: number;
  /** Share of QuickBooks creates committed, then dropped (socket destroyed or 504). */
  qboDropProbability: number;
  /** Consecutive QuickBooks 429s, once `qbo429StormAt` of the burst is posted, for at most qbo429StormMs. */
  qbo429Storm: number;
  qbo429StormAt: number;
  qbo429StormMs: number;
  /** BigCommerce faults per progress step (every `bcStep` of the burst posted, up to `bcUntil`). */
  bc5xxPerStep: number;
  bc429PerStep: number;
  bcStep: number;
  bcUntil: number;
  /** Every this many ms, all of the company's access tokens expire. */
  tokenExpiryEveryMs: number;
}

export const DEFAULT_FAULT_PLAN: FaultPlanOptions = {
  qbo5xxProbability: 0.1,
  qboDropProbability: 0.05,
  qbo429Storm: 40,
  qbo429StormAt: 0.25,
  qbo429StormMs: 10_000,
  bc5xxPerStep: 2,
  bc429PerStep: 2,
  bcStep: 0.05,
  bcUntil: 0.9,
  tokenExpiryEveryMs: 20_000,
};

/** POST to an entity endpoint (create, update, void…) or /batch; not /query. */
const QBO_WRITE_PATH = /^\/v3\/company\/[^/]+\/(?!query$)[a-z]+$/i;

const BC_5XX = [500, 502, 503];
const TOKEN_PATH = '/oauth2/v1/tokens/bearer';
/** How long after Intuit answered a token refresh the app may still be persisting the rotated refresh token. */
const REFRESH_PERSIST_MS = 1_500;

export interface FaultCounts {
  qbo: {
    writes: number;
    injected5xx: number;
    droppedDestroy: number;
    dropped504: number;
    injected429: number;
    throttled429: number;
    unauthorized401: number;
    replayed: number;
  };
  bc: { injected5xx: number; fired5xx: number; injected429: number; fired429: number; rateLimited: number };
  tokens: { expiries: number; tokensExpired: number };
}

export class FaultPlan {
  readonly options: FaultPlanOptions;
  private readonly realms: Set<string>;
  private readonly bcFaults: Array<{ fault: FaultInjection; injected: number }> = [];
  private readonly counts: FaultCounts['qbo'] = {
    writes: 0,
    injected5xx: 0,
    droppedDestroy: 0,
    dropped504: 0,
    injected429: 0,
    throttled429: 0,
    unauthorized401: 0,
    replayed: 0,
  };
  private readonly tokens = { expiries: 0, tokensExpired: 0 };
  private readonly restoreLog: () => void;
  /** The rules that last the whole burst (re-injected when the storm is cut short). */
  private standing: FaultRule[] = [];
  private expiryTimer: NodeJS.Timeout | undefined;
  private stormTimer: NodeJS.Timeout | undefined;
  private storm: 'waiting' | 'injected' | 'raging' | 'over' = 'waiting';
  private bcSteps = 0;
  private cleared = false;
  private lastTokenAnswerAt = 0;

  constructor(
    private readonly stack: ProductionStack,
    private readonly stores: readonly ProvisionedStore[],
    options: Partial<FaultPlanOptions> = {},
  ) {
    this.options = { ...DEFAULT_FAULT_PLAN, ...options };
    this.realms = new Set(stores.map((store) => store.realmId));
    const state = stack.qbo.state;
    const original = state.log.bind(state);
    state.log = (entry: RequestLogEntry) => {
      if (entry.realmId !== undefined && this.realms.has(entry.realmId)) this.observe(entry);
      if (entry.path === TOKEN_PATH) this.lastTokenAnswerAt = Date.now();
      original(entry);
    };
    this.restoreLog = () => {
      state.log = original;
    };
  }

  private observe(entry: RequestLogEntry): void {
    const c = this.counts;
    if (entry.method === 'POST' && QBO_WRITE_PATH.test(entry.path)) c.writes += 1;
    if (entry.outcome === 'injected' && entry.status === 429) {
      c.injected429 += 1;
      if (this.storm === 'injected') this.stormRaging();
    } else if (entry.outcome === 'injected' && entry.status >= 500) c.injected5xx += 1;
    else if (entry.outcome === 'dropped' && entry.status === 0) c.droppedDestroy += 1;
    else if (entry.outcome === 'dropped') c.dropped504 += 1;
    else if (entry.outcome === 'throttled') c.throttled429 += 1;
    else if (entry.outcome === 'replayed') c.replayed += 1;
    else if (entry.status === 401) c.unauthorized401 += 1;
  }

  /** The faults that last the whole burst: QuickBooks 5xx and drops on creates, token expiry at intervals. */
  arm(): void {
    const { qbo5xxProbability: p5xx, qboDropProbability: pDrop } = this.options;
    // Rules are tried in order, each with its own chance: scale the later ones so the shares of all
    // matching requests come out as asked (10 % 5xx, 2.5 % destroyed, 2.5 % 504).
    const pDestroy = pDrop / 2 / (1 - p5xx);
    const p504 = pDrop / 2 / ((1 - p5xx) * (1 - pDestroy));
    const base = { method: 'POST', path: QBO_WRITE_PATH, times: Infinity };
    this.standing = [
      { ...base, probability: p5xx, status: 503 },
      { ...base, probability: pDestroy, commitThenDrop: 'destroy' },
      { ...base, probability: p504, commitThenDrop: '504' },
    ];
    for (const rule of this.standing) this.stack.qbo.faults.inject(rule);
    this.expiryTimer = setInterval(() => {
      this.tokens.expiries += 1;
      for (const realmId of this.realms) this.tokens.tokensExpired += this.stack.qbo.oauth.expireAccessTokens(realmId);
    }, this.options.tokenExpiryEveryMs);
    this.expiryTimer.unref();
  }

  /** Faults tied to the burst's progress (share of orders posted, 0…1): the 429 storm and BigCommerce's. */
  onProgress(posted: number): void {
    if (this.cleared) return;
    const o = this.options;
    if (this.storm === 'waiting' && posted >= o.qbo429StormAt) {
      this.storm = 'injected';
      // Before the standing rules, so that every request is answered 429 while it lasts.
      this.stack.qbo.faults.clear();
      this.stack.qbo.faults.inject({ realmId: this.stores[0]!.realmId, status: 429, times: o.qbo429Storm });
      for (const rule of this.standing) this.stack.qbo.faults.inject(rule);
    }
    // Step 0 fires as the burst starts; then one step per `bcStep` of progress.
    while (this.bcSteps * o.bcStep <= Math.min(posted, o.bcUntil) + 1e-9) {
      const status = BC_5XX[this.bcSteps % BC_5XX.length]!;
      this.pushBc({ status, remaining: o.bc5xxPerStep });
      this.pushBc({ status: 429, remaining: o.bc429PerStep });
      this.bcSteps += 1;
    }
  }

  /** The storm's first 429: it ends qbo429StormMs later, whatever is left of it. */
  private stormRaging(): void {
    this.storm = 'raging';
    this.stormTimer = setTimeout(() => {
      this.storm = 'over';
      if (this.cleared) return;
      this.stack.qbo.faults.clear();
      for (const rule of this.standing) this.stack.qbo.faults.inject(rule);
    }, this.options.qbo429StormMs);
    this.stormTimer.unref();
  }

  private pushBc(fault: FaultInjection): void {
    this.bcFaults.push({ fault, injected: fault.remaining });
    // Directly into the sandbox's fault list (admin.configure validates 5xx only): the same objects are
    // decremented as they fire, so what fired is injected − remaining.
    this.stack.bc.state.config.faults.push(fault);
  }

  /**
   * Resolves once no token refresh has been answered for REFRESH_PERSIST_MS (at most maxWaitMs): the moment to
   * crash or pause the app. The sandbox rotates the refresh token on every refresh and rejects the previous one
   * at once, so an app that dies between Intuit's answer and storing the new refresh token has lost the grant
   * for good (only the merchant reconnecting helps) — true of any client, not a fault of this app, and not what
   * the crash is meant to test. Returns how long it waited.
   */
  async outsideTokenRefresh(maxWaitMs = 5_000): Promise<number> {
    const started = Date.now();
    while (Date.now() - this.lastTokenAnswerAt < REFRESH_PERSIST_MS && Date.now() - started < maxWaitMs) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return Date.now() - started;
  }

  /** Removes every fault that has not fired yet and stops the token expiry. */
  clear(): void {
    this.cleared = true;
    if (this.expiryTimer) clearInterval(this.expiryTimer);
    if (this.stormTimer) clearTimeout(this.stormTimer);
    this.expiryTimer = undefined;
    this.stack.qbo.faults.clear();
    this.stack.bc.state.config.faults = [];
  }

  summary(): FaultCounts {
    const byStore = this.stack.bc.state.stats.byStore;
    const rateLimited = this.stores.reduce((sum, store) => sum + (byStore[store.storeHash]?.rateLimited ?? 0), 0);
    const bc = { injected5xx: 0, fired5xx: 0, injected429: 0, fired429: 0, rateLimited };
    for (const { fault, injected } of this.bcFaults) {
      const fired = injected - Math.max(fault.remaining, 0);
      if (fault.status === 429) {
        bc.injected429 += injected;
        bc.fired429 += fired;
      } else {
        bc.injected5xx += injected;
        bc.fired5xx += fired;
      }
    }
    return { qbo: { ...this.counts }, bc, tokens: { ...this.tokens } };
  }

  dispose(): void {
    this.clear();
    this.restoreLog();
  }
}
