/**
 * Delivers webhook callbacks the way BigCommerce does: a thin JSON payload POSTed to every active hook
 * of the store whose scope matches, with the hook's custom headers; non-2xx or no answer within the
 * timeout → retried on a (scaled-down) schedule, then the hook is deactivated. Test modes reproduce
 * production's unpleasant habits on demand: duplicates, reordering, and holding deliveries back.
 *
 * Outbound HTTP uses our own keep-alive agents (not global fetch) so stop() can close every socket.
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { pushBounded, type Hook, type SandboxState, type WebhookEventData } from './sandbox-state';

export interface WebhookPayload {
  scope: string;
  store_id: string;
  producer: string;
  created_at: number;
  hash: string;
  data: WebhookEventData;
}

export interface WebhookMode {
  /** Deliver each event this many times (≥1). */
  duplicates: number;
  /** When > 0, events are buffered for this long and then delivered in random order. */
  shuffleWindowMs: number;
  /** Hold every delivery until resumed or flushed. */
  paused: boolean;
  /** After the last retry fails, set the hook inactive (production behaviour). */
  deactivateAfterRetries: boolean;
  /** Add Standard Webhooks headers (webhook-id/-timestamp/-signature) signed with the app's client secret. */
  signatures: boolean;
}

export type DeliveryState = 'held' | 'buffered' | 'queued' | 'in_flight' | 'retry_scheduled' | 'delivered' | 'failed' | 'dropped';

export interface DeliveryAttempt {
  at: number;
  status: number | null;
  error?: string;
  durationMs: number;
}

export interface WebhookDelivery {
  id: number;
  hookId: number;
  storeHash: string;
  scope: string;
  destination: string;
  /** 1-based copy number in duplicates mode. */
  copy: number;
  payload: WebhookPayload;
  state: DeliveryState;
  attempts: DeliveryAttempt[];
  createdAt: number;
  /** Shared by all copies and hooks of one event. */
  readonly body: string;
}

export interface WebhookStats {
  events: number;
  deliveries: number;
  attempts: number;
  delivered: number;
  failed: number;
  retries: number;
}

export interface WebhookDispatcherOptions {
  state: SandboxState;
  retryDelaysMs: number[];
  timeoutMs?: number;
  concurrency?: number;
  maxLog?: number;
  mode?: Partial<WebhookMode>;
  /** Secret used for signatures, by client id. */
  clientSecret?: (clientId: string) => string | undefined;
  now?: () => number;
}

export const DEFAULT_WEBHOOK_MODE: WebhookMode = {
  duplicates: 1,
  shuffleWindowMs: 0,
  paused: false,
  deactivateAfterRetries: true,
  signatures: false,
};

/** `store/order/*` matches `store/order/created` and `store/order/refund/created`. */
export function scopeMatches(hookScope: string, eventScope: string): boolean {
  if (hookScope === eventScope) return true;
  return hookScope.endsWith('/*') && eventScope.startsWith(hookScope.slice(0, -1));
}

export class WebhookDispatcher {
  readonly log: WebhookDelivery[] = [];
  readonly stats: WebhookStats = { events: 0, deliveries: 0, attempts: 0, delivered: 0, failed: 0, retries: 0 };
  mode: WebhookMode;
  retryDelaysMs: number[];

  private readonly state: SandboxState;
  private readonly timeoutMs: number;
  private readonly concurrency: number;
  private readonly maxLog: number;
  private readonly clientSecret: (clientId: string) => string | undefined;
  private readonly now: () => number;
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;
  private readonly queue: WebhookDelivery[] = [];
  private queueHead = 0;
  private held: WebhookDelivery[] = [];
  private buffer: WebhookDelivery[] = [];
  private bufferTimer: NodeJS.Timeout | null = null;
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<http.ClientRequest>();
  private idleWaiters: (() => void)[] = [];
  private nextId = 0;
  private stopped = false;

  constructor(options: WebhookDispatcherOptions) {
    this.state = options.state;
    this.retryDelaysMs = options.retryDelaysMs;
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.concurrency = options.concurrency ?? 32;
    this.maxLog = options.maxLog ?? 5000;
    this.mode = { ...DEFAULT_WEBHOOK_MODE, ...options.mode };
    this.clientSecret = options.clientSecret ?? (() => undefined);
    this.now = options.now ?? Date.now;
    this.httpAgent = new http.Agent({ keepAlive: true, maxSockets: this.concurrency });
    this.httpsAgent = new https.Agent({ keepAlive: true, maxSockets: this.concurrency });
  }

  /** Fires an event for a store: one delivery per matching active hook (times the duplicates mode). */
  dispatch(storeHash: string, scope: string, data: WebhookEventData): WebhookDelivery[] {
    const store = this.state.stores.get(storeHash);
    if (!store || this.stopped) return [];
    this.stats.events += 1;
    const hooks = [...store.hooks.values()].filter((h) => h.isActive && scopeMatches(h.scope, scope));
    if (hooks.length === 0) return [];
    const json = JSON.stringify(data);
    const payload: WebhookPayload = {
      scope,
      store_id: String(store.storeId),
      producer: `stores/${store.hash}`,
      created_at: Math.floor(this.now() / 1000),
      // Documented as the SHA-1 of the JSON-encoded data: identical for duplicates of one event.
      hash: createHash('sha1').update(json).digest('hex'),
      data,
    };
    const body = JSON.stringify(payload);
    const created: WebhookDelivery[] = [];
    for (const hook of hooks) {
      for (let copy = 1; copy <= Math.max(1, this.mode.duplicates); copy += 1) {
        const delivery: WebhookDelivery = {
          id: ++this.nextId,
          hookId: hook.id,
          storeHash,
          scope,
          destination: hook.destination,
          copy,
          payload,
          state: 'queued',
          attempts: [],
          createdAt: this.now(),
          body,
        };
        this.stats.deliveries += 1;
        pushBounded(this.log, delivery, this.maxLog);
        created.push(delivery);
        this.admit(delivery);
      }
    }
    this.pump();
    return created;
  }

  setMode(patch: Partial<WebhookMode>): WebhookMode {
    const wasPaused = this.mode.paused;
    this.mode = { ...this.mode, ...patch };
    if (wasPaused && !this.mode.paused) this.flush();
    return this.mode;
  }

  /** Releases held (paused) and buffered (shuffle) deliveries now. Returns how many were released. */
  flush(): number {
    const released = [...this.held, ...this.buffer];
    this.held = [];
    this.buffer = [];
    if (this.bufferTimer) {
      clearTimeout(this.bufferTimer);
      this.bufferTimer = null;
    }
    if (this.mode.shuffleWindowMs > 0) shuffle(released);
    for (const d of released) this.enqueue(d);
    this.pump();
    return released.length;
  }

  /** Number of deliveries that will still be attempted without further action (held ones excluded). */
  pendingCount(): number {
    return this.queue.length - this.queueHead + this.inFlight.size + this.buffer.length + this.retryTimers.size;
  }

  heldCount(): number {
    return this.held.length;
  }

  /**
   * Resolves once nothing is queued, in flight, buffered or waiting for a retry. Held (paused)
   * deliveries do not count: they wait for flush().
   */
  idle(timeoutMs = 15_000): Promise<void> {
    if (this.pendingCount() === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.idleWaiters = this.idleWaiters.filter((w) => w !== done);
        reject(new Error(`webhooks not idle after ${timeoutMs} ms (${this.pendingCount()} pending)`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.idleWaiters.push(done);
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
    if (this.bufferTimer) clearTimeout(this.bufferTimer);
    this.bufferTimer = null;
    for (const req of this.inFlight) req.destroy(new Error('sandbox stopped'));
    this.inFlight.clear();
    this.queue.length = 0;
    this.queueHead = 0;
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
    this.notifyIdle(true);
  }

  private admit(delivery: WebhookDelivery): void {
    if (this.mode.paused) {
      delivery.state = 'held';
      this.held.push(delivery);
    } else if (this.mode.shuffleWindowMs > 0) {
      delivery.state = 'buffered';
      this.buffer.push(delivery);
      if (!this.bufferTimer) {
        this.bufferTimer = setTimeout(() => {
          this.bufferTimer = null;
          const batch = this.buffer;
          this.buffer = [];
          shuffle(batch);
          for (const d of batch) this.enqueue(d);
          this.pump();
        }, this.mode.shuffleWindowMs);
        this.bufferTimer.unref();
      }
    } else {
      this.enqueue(delivery);
    }
  }

  private enqueue(delivery: WebhookDelivery): void {
    delivery.state = 'queued';
    this.queue.push(delivery);
  }

  private pump(): void {
    while (!this.stopped && this.inFlight.size < this.concurrency && this.queueHead < this.queue.length) {
      const delivery = this.queue[this.queueHead]!;
      this.queueHead += 1;
      this.send(delivery);
    }
    // Compact the array queue occasionally instead of shift()ing (O(1) dequeue for large bursts).
    if (this.queueHead > 1024 && this.queueHead * 2 > this.queue.length) {
      this.queue.splice(0, this.queueHead);
      this.queueHead = 0;
    }
    this.notifyIdle(false);
  }

  private hookFor(delivery: WebhookDelivery): Hook | undefined {
    return this.state.stores.get(delivery.storeHash)?.hooks.get(delivery.hookId);
  }

  private send(delivery: WebhookDelivery): void {
    const hook = this.hookFor(delivery);
    if (!hook || !hook.isActive) {
      // Deleted or deactivated hooks stop receiving, retries included.
      delivery.state = 'dropped';
      return;
    }
    let url: URL;
    try {
      url = new URL(hook.destination);
    } catch {
      this.finishAttempt(delivery, hook, this.now(), null, 'invalid destination URL');
      return;
    }
    delivery.state = 'in_flight';
    const started = this.now();
    const headers: Record<string, string> = {
      ...(hook.headers ?? {}),
      'Content-Type': 'application/json',
      'Content-Length': String(Buffer.byteLength(delivery.body)),
      'User-Agent': 'BigCommerce-Sandbox-Webhooks/1.0',
    };
    if (this.mode.signatures) Object.assign(headers, this.signatureHeaders(hook, delivery.body));
    const isHttps = url.protocol === 'https:';
    const request = (isHttps ? https : http).request(url, {
      method: 'POST',
      headers,
      agent: isHttps ? this.httpsAgent : this.httpAgent,
    });
    this.inFlight.add(request);
    let settled = false;
    const timer = setTimeout(() => request.destroy(new Error(`timeout after ${this.timeoutMs} ms`)), this.timeoutMs);
    const settle = (status: number | null, error?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      this.inFlight.delete(request);
      if (!this.stopped) this.finishAttempt(delivery, hook, started, status, error);
      this.pump();
    };
    request.on('response', (response) => {
      response.resume();
      response.on('end', () => settle(response.statusCode ?? null));
      response.on('error', (error) => settle(response.statusCode ?? null, error.message));
    });
    request.on('error', (error) => settle(null, error.message));
    request.end(delivery.body);
  }

  private finishAttempt(delivery: WebhookDelivery, hook: Hook, started: number, status: number | null, error?: string): void {
    this.stats.attempts += 1;
    delivery.attempts.push({ at: started, status, ...(error ? { error } : {}), durationMs: this.now() - started });
    if (status !== null && status >= 200 && status < 300) {
      delivery.state = 'delivered';
      this.stats.delivered += 1;
      return;
    }
    const delay = this.retryDelaysMs[delivery.attempts.length - 1];
    if (delay === undefined) {
      delivery.state = 'failed';
      this.stats.failed += 1;
      if (this.mode.deactivateAfterRetries) hook.isActive = false;
      return;
    }
    delivery.state = 'retry_scheduled';
    this.stats.retries += 1;
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      this.enqueue(delivery);
      this.pump();
    }, delay);
    timer.unref();
    this.retryTimers.add(timer);
  }

  private signatureHeaders(hook: Hook, body: string): Record<string, string> {
    const secret = this.clientSecret(hook.clientId);
    if (!secret) return {};
    const id = `msg_${randomUUID()}`;
    const timestamp = String(Math.floor(this.now() / 1000));
    // Standard Webhooks: HMAC-SHA256 over "id.timestamp.body"; BigCommerce's sample keys it with the client secret.
    const signature = createHmac('sha256', secret).update(`${id}.${timestamp}.${body}`).digest('base64');
    return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` };
  }

  private notifyIdle(force: boolean): void {
    if (!force && this.pendingCount() > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}

function shuffle<T>(items: T[]): void {
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    const a = items[i]!;
    items[i] = items[j]!;
    items[j] = a;
  }
}
