/** The closed set of failures the BigCommerce adapters report; callers branch on the class, never on text. */
export class BigCommerceError extends Error {
  constructor(
    message: string,
    public readonly status?: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** 401/403: the store's token was revoked (uninstalled, scopes changed) or lacks a scope. */
export class BigCommerceAuthError extends BigCommerceError {}

/** 429 that outlasted our retries. */
export class BigCommerceRateLimitedError extends BigCommerceError {
  constructor(
    message: string,
    public readonly retryAfterMs: number,
  ) {
    super(message, 429);
  }
}

/** 5xx, timeouts and network failures: worth retrying later. */
export class BigCommerceUnavailableError extends BigCommerceError {}

/** 4xx other than auth and rate limits: the request itself was wrong (e.g. a bad install code). */
export class BigCommerceRequestError extends BigCommerceError {}

/** 404 */
export class BigCommerceNotFoundError extends BigCommerceError {}
