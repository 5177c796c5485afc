/**
 * `requestid` idempotency: Intuit answers a repeated requestid (per company) with the original response
 * instead of doing the work again (reference §4.5). The window is undocumented; the sandbox keeps entries
 * for `retentionMs` (default 24 h) and at most `maxEntries` (oldest evicted), keyed by realm + endpoint.
 * The entry is recorded when the write is applied, before any injected drop, so a retry after a dropped
 * response gets the committed result.
 */
import type { Now } from './clock';

export interface ReplayEntry {
  status: number;
  body: string;
  at: number;
}

export class RequestReplay {
  private readonly entries = new Map<string, ReplayEntry>();
  hits = 0;

  constructor(
    private readonly now: Now,
    private readonly retentionMs = 24 * 3_600_000,
    private readonly maxEntries = 50_000,
  ) {}

  static key(realmId: string, endpoint: string, requestId: string): string {
    return `${realmId}\n${endpoint.toLowerCase()}\n${requestId}`;
  }

  get(key: string): ReplayEntry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.at + this.retentionMs <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    this.hits += 1;
    return entry;
  }

  set(key: string, status: number, body: string): void {
    this.entries.delete(key);
    this.entries.set(key, { status, body, at: this.now() });
    // Map iteration order is insertion order: the first entries are the oldest.
    for (const [oldest, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries && entry.at + this.retentionMs > this.now()) break;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
