/**
 * Intuit's per-realm limits (reference §5.1): requests per rolling minute and concurrent requests in flight
 * (batch calls count like any other request; the batch endpoint additionally has its own per-minute cap).
 * Over a limit → 429 / 3001. Rejected requests are not counted in the window.
 */
import type { Now } from './clock';

export interface Limits {
  perMinute: number;
  concurrent: number;
  /** Batch endpoint requests per minute per realm (Intuit: 120 since 2025). */
  batchPerMinute?: number;
}

const WINDOW_MS = 60_000;

/** Timestamps in a rolling window, kept as a queue with a moving head (O(1) amortised). */
class RollingWindow {
  private times: number[] = [];
  private head = 0;

  count(now: number): number {
    while (this.head < this.times.length && (this.times[this.head] ?? 0) <= now - WINDOW_MS) this.head += 1;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
    return this.times.length - this.head;
  }

  add(now: number): void {
    this.times.push(now);
  }
}

export class RealmThrottle {
  private readonly windows = new Map<string, RollingWindow>();
  private readonly batchWindows = new Map<string, RollingWindow>();
  private readonly inFlight = new Map<string, number>();

  constructor(
    private readonly limits: () => Limits,
    private readonly now: Now,
  ) {}

  /** Reserves a slot; returns why not when the realm is over a limit. Call `release` when the response ends. */
  acquire(realmId: string, batch: boolean): 'ok' | 'rate' | 'concurrency' {
    const limits = this.limits();
    const now = this.now();
    const window = this.window(this.windows, realmId);
    if (window.count(now) >= limits.perMinute) return 'rate';
    if (batch && limits.batchPerMinute !== undefined && this.window(this.batchWindows, realmId).count(now) >= limits.batchPerMinute) return 'rate';
    const inFlight = this.inFlight.get(realmId) ?? 0;
    if (inFlight >= limits.concurrent) return 'concurrency';
    this.inFlight.set(realmId, inFlight + 1);
    window.add(now);
    if (batch) this.window(this.batchWindows, realmId).add(now);
    return 'ok';
  }

  release(realmId: string): void {
    const inFlight = (this.inFlight.get(realmId) ?? 1) - 1;
    if (inFlight <= 0) this.inFlight.delete(realmId);
    else this.inFlight.set(realmId, inFlight);
  }

  inFlightCount(realmId: string): number {
    return this.inFlight.get(realmId) ?? 0;
  }

  private window(map: Map<string, RollingWindow>, realmId: string): RollingWindow {
    let window = map.get(realmId);
    if (!window) {
      window = new RollingWindow();
      map.set(realmId, window);
    }
    return window;
  }
}
