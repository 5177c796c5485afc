/**
 * The app's only door to the BigCommerce REST API. It handles what every call needs: the X-Auth-Token
 * header, 204 empty bodies, the store's shared rate-limit quota (X-Rate-Limit-* headers: pause before the
 * quota is exhausted, wait out a 429), timeouts, and a typed error for every failure. The token never
 * appears in an error or a log line.
 */
import {
  BigCommerceAuthError,
  BigCommerceError,
  BigCommerceNotFoundError,
  BigCommerceRateLimitedError,
  BigCommerceRequestError,
  BigCommerceUnavailableError,
} from './bigcommerce-errors';

export interface BigCommerceClientOptions {
  apiUrl: string;
  storeHash: string;
  accessToken: string;
  timeoutMs?: number;
  /** How many 429s to wait out before giving up with BigCommerceRateLimitedError. */
  maxRateLimitRetries?: number;
  /** Requests to leave for other apps on the store: pause when Requests-Left falls to this. */
  reserveRequests?: number;
  fetchImpl?: typeof fetch;
}

export type QueryValue = string | number | boolean | Array<string | number> | undefined;

interface RateWindow {
  left: number;
  resetAt: number;
}

// Shared per store across clients in this process: all of them draw on the same quota.
const rateWindows = new Map<string, RateWindow>();
/** Requests on their way per store: the quota the last answers reported doesn't count them yet. */
const inFlight = new Map<string, number>();
/** Reset times of one window seen from two responses differ by their latency difference, not by a window. */
const SAME_WINDOW_SLACK_MS = 1_000;
/** Timers may fire a hair early and clocks differ: wait this much past the announced reset. */
const RESET_MARGIN_MS = 50;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function headerNumber(headers: Headers, name: string): number | undefined {
  const raw = headers.get(name);
  if (raw === null) return undefined;
  const value = Number(raw);
  return Number.isFinite(value) ? value : undefined;
}

export function buildQuery(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    params.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export class BigCommerceClient {
  private readonly timeoutMs: number;
  private readonly maxRateLimitRetries: number;
  private readonly reserveRequests: number;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: BigCommerceClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.maxRateLimitRetries = options.maxRateLimitRetries ?? 3;
    this.reserveRequests = options.reserveRequests ?? 0;
    this.fetchImpl = options.fetchImpl ?? fetch;
  }

  get storeHash(): string {
    return this.options.storeHash;
  }

  /** GET returning parsed JSON, or null for 204 No Content (BigCommerce's "nothing matched"). */
  async get<T>(path: string, query?: Record<string, QueryValue>): Promise<T | null> {
    return this.request<T>('GET', path + buildQuery(query));
  }

  async post<T>(path: string, body: unknown): Promise<T | null> {
    return this.request<T>('POST', path, body);
  }

  async put<T>(path: string, body: unknown): Promise<T | null> {
    return this.request<T>('PUT', path, body);
  }

  async delete<T>(path: string): Promise<T | null> {
    return this.request<T>('DELETE', path);
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T | null> {
    const url = `${this.options.apiUrl}/stores/${this.options.storeHash}${path}`;
    const { storeHash } = this.options;
    for (let attempt = 0; ; attempt += 1) {
      await this.waitForQuota();
      inFlight.set(storeHash, (inFlight.get(storeHash) ?? 0) + 1);
      let response: Response;
      try {
        response = await this.send(method, url, path, body);
        this.recordQuota(response.headers);
      } finally {
        const count = (inFlight.get(storeHash) ?? 1) - 1;
        if (count > 0) inFlight.set(storeHash, count);
        else inFlight.delete(storeHash);
      }
      if (response.status === 429) {
        const waitMs = this.retryDelayMs(response.headers, attempt);
        if (attempt >= this.maxRateLimitRetries) {
          throw new BigCommerceRateLimitedError(`${method} ${path}: rate limited by BigCommerce`, waitMs);
        }
        await sleep(waitMs);
        continue;
      }
      return this.parse<T>(method, path, response);
    }
  }

  private async send(method: string, url: string, path: string, body: unknown): Promise<Response> {
    try {
      return await this.fetchImpl(url, {
        method,
        headers: {
          'X-Auth-Token': this.options.accessToken,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const reason = error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : 'network error';
      throw new BigCommerceUnavailableError(`${method} ${path}: ${reason}`);
    }
  }

  private async parse<T>(method: string, path: string, response: Response): Promise<T | null> {
    const text = await response.text();
    if (response.ok) {
      if (response.status === 204 || text.trim() === '') return null;
      try {
        return JSON.parse(text) as T;
      } catch {
        throw new BigCommerceUnavailableError(`${method} ${path}: response was not JSON`, response.status);
      }
    }
    const detail = `${method} ${path}: HTTP ${response.status} ${summarizeError(text)}`.trim();
    if (response.status === 401 || response.status === 403) throw new BigCommerceAuthError(detail, response.status);
    if (response.status === 404) throw new BigCommerceNotFoundError(detail, response.status);
    if (response.status >= 500) throw new BigCommerceUnavailableError(detail, response.status);
    if (response.status >= 400) throw new BigCommerceRequestError(detail, response.status);
    throw new BigCommerceError(detail, response.status);
  }

  private recordQuota(headers: Headers) {
    const left = headerNumber(headers, 'x-rate-limit-requests-left');
    const resetMs = headerNumber(headers, 'x-rate-limit-time-reset-ms');
    if (left === undefined || resetMs === undefined) return;
    const resetAt = Date.now() + resetMs + RESET_MARGIN_MS;
    const windowMs = headerNumber(headers, 'x-rate-limit-time-window-ms') ?? 30_000;
    const known = rateWindows.get(this.options.storeHash);
    // Concurrent requests answer out of order: within one window the lowest count (incl. our reservations) holds.
    const sameWindow = known !== undefined && Math.abs(known.resetAt - resetAt) < Math.min(SAME_WINDOW_SLACK_MS, windowMs / 2);
    rateWindows.set(this.options.storeHash, { left: sameWindow ? Math.min(known.left, left) : left, resetAt: sameWindow ? known.resetAt : resetAt });
  }

  /**
   * Waits until the store's quota has room for one more request beside those already on their way, so that
   * concurrent requests (several order jobs of one store) don't all spend the last one and collect 429s.
   */
  private async waitForQuota() {
    const { storeHash } = this.options;
    for (;;) {
      const window = rateWindows.get(storeHash);
      if (!window || window.left - (inFlight.get(storeHash) ?? 0) > this.reserveRequests) return;
      const waitMs = window.resetAt - Date.now();
      if (waitMs <= 0) {
        rateWindows.delete(storeHash);
        return;
      }
      await sleep(waitMs);
    }
  }

  private retryDelayMs(headers: Headers, attempt: number): number {
    const resetMs = headerNumber(headers, 'x-rate-limit-time-reset-ms');
    const retryAfterSeconds = headerNumber(headers, 'x-retry-after');
    // A 429 without headers means the platform is under load for this store: back off exponentially.
    const base = resetMs ?? (retryAfterSeconds !== undefined ? retryAfterSeconds * 1000 : 1000 * 2 ** attempt);
    return Math.min(base + Math.floor(Math.random() * 100), 60_000);
  }
}

/** BigCommerce errors come as {title, detail, errors} (v3) or [{status, message}] (v2); keep them short. */
function summarizeError(text: string): string {
  try {
    const parsed: unknown = JSON.parse(text);
    const first = Array.isArray(parsed) ? parsed[0] : parsed;
    if (first && typeof first === 'object') {
      const { title, message, detail } = first as Record<string, unknown>;
      const parts = [title, message, detail].filter((part): part is string => typeof part === 'string');
      if (parts.length > 0) return parts.join(': ').slice(0, 300);
    }
  } catch {
    // not JSON: fall through
  }
  return text.slice(0, 200);
}
