/**
 * BigCommerce's per-store request quota: fixed windows (default 150 requests per 30 s), shared by every
 * app on the store. A window starts with the first request after the previous one ended.
 */

export interface RateLimitConfig {
  quota: number;
  windowMs: number;
}

export interface RateDecision {
  allowed: boolean;
  /** Headers BigCommerce sends on every REST response (and `X-Retry-After` on 429s). */
  headers: Record<string, string>;
}

interface Window {
  start: number;
  used: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly config: () => RateLimitConfig,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one request for `key` (a store hash) unless the quota is used up. */
  take(key: string): RateDecision {
    return this.decide(key, true);
  }

  /** The current headers for `key` without spending quota (for rejected, unauthenticated requests). */
  peek(key: string): RateDecision {
    return this.decide(key, false);
  }

  private decide(key: string, spend: boolean): RateDecision {
    const { quota, windowMs } = this.config();
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || now >= window.start + windowMs) {
      window = { start: now, used: 0 };
      this.windows.set(key, window);
    }
    const resetMs = Math.max(0, window.start + windowMs - now);
    const allowed = window.used < quota;
    if (allowed && spend) window.used += 1;
    const headers: Record<string, string> = {
      'X-Rate-Limit-Time-Window-Ms': String(windowMs),
      'X-Rate-Limit-Time-Reset-Ms': String(resetMs),
      'X-Rate-Limit-Requests-Quota': String(quota),
      'X-Rate-Limit-Requests-Left': String(Math.max(0, quota - window.used)),
    };
    if (!allowed) headers['X-Retry-After'] = String(Math.max(1, Math.ceil(resetMs / 1000)));
    return { allowed, headers };
  }

  /** Forget all windows (after a config change, so the new quota applies at once). */
  reset(): void {
    this.windows.clear();
  }
}
